"""How the validation experiments run and are measured.

The experiments of ``docs/validation.md`` (:mod:`ddsim.experiments.validation`)
share this: registering their two instrument strategies only while they run
(:func:`validation_strategies`), running a scenario's variants on ddsim's
usual seeds while a measure reads every step (:func:`track`, in batches like
every command), the measure of a two-state run (:func:`dyad`), and the
intervals they report (:func:`mean_ci`, :func:`welch_diff`,
:func:`outcome_intervals`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

import numpy as np
import pandas as pd

from ddsim.analysis.intervals import (
    LEVEL,
    difference_interval,
    interval,
    mean_interval,
)
from ddsim.analysis.outcomes import OUTCOMES, OutcomeSpec
from ddsim.core.replica import Replication
from ddsim.core.strategies import STRATEGIES, register_strategy
from ddsim.core.strategies.instruments import INSTRUMENTS
from ddsim.experiments.jobs import Measure, plan_jobs
from ddsim.experiments.store import replicate
from ddsim.scenarios import PACKAGED, Scenario, load_scenario

SCENARIOS = PACKAGED / "validation"


@contextmanager
def validation_strategies() -> Iterator[None]:
    """Register ``talk_only`` and ``richardson`` inside a ``with`` block (or a
    decorated function) and take them out of ``ddsim.STRATEGIES`` afterwards,
    restoring whatever was there before. Worker processes forked inside the
    block inherit them."""
    saved = {cls.name: STRATEGIES.get(cls.name) for cls in INSTRUMENTS}
    try:
        for cls in INSTRUMENTS:
            register_strategy(cls)
        yield
    finally:
        for name, before in saved.items():
            if before is None:
                STRATEGIES.pop(name, None)
            else:
                STRATEGIES[name] = before


# ----------------------------------------------------------------------
# statistics
# ----------------------------------------------------------------------
def mean_ci(values: Sequence[float], level: float = LEVEL) -> tuple[float, float, float]:
    """Mean and its Student t confidence interval: ``(mean, low, high)``
    (:func:`ddsim.analysis.intervals.mean_interval`, as every command uses)."""
    ci = mean_interval(values, level)
    return ci.estimate, ci.low, ci.high


def column(per_rep: pd.DataFrame, variant: str, name: str) -> np.ndarray:
    """The values of ``name`` in the replications of ``variant`` (a table with
    one row per variant and replication, as the experiments here return)."""
    return per_rep.loc[per_rep["variant"] == variant, name].to_numpy(dtype=float)


def paired_diff(
    a: Sequence[float], b: Sequence[float], level: float = LEVEL
) -> tuple[float, float, float]:
    """Mean of the differences ``a[r] - b[r]`` of runs that share a seed
    (common random numbers) with its Student t interval: ``(difference, low,
    high)``. Narrower than :func:`welch_diff` when the two runs of a seed move
    together, as they do until the variants first act differently."""
    return mean_ci(np.asarray(a, dtype=float) - np.asarray(b, dtype=float), level)


def welch_diff(
    a: Sequence[float], b: Sequence[float], level: float = LEVEL
) -> tuple[float, float, float]:
    """Difference of means ``mean(a) - mean(b)`` with its Welch confidence
    interval: ``(difference, low, high)``. Works for 0/1 outcomes too (a
    normal approximation, fine at 100 replications unless a share is 0 or 1);
    :func:`ddsim.analysis.intervals.difference_interval`."""
    ci = difference_interval(a, b, level)
    return ci.estimate, ci.low, ci.high


# ----------------------------------------------------------------------
# running: every replication reports what ``measure`` reads off the model
# ----------------------------------------------------------------------
def track(
    scenario: Scenario,
    measure: Measure,
    *,
    variants: Sequence[str] | None = None,
    replications: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Run replications of every variant and return ``measure`` at every step.

    Seeds are ddsim's usual ones (``ddsim.experiments.jobs.replication_seed``), shared by the
    variants (common random numbers). The replications run the way every
    command's do (:func:`ddsim.experiments.store.replicate`), each job carrying
    ``measure``.

    Args:
        scenario: What to run.
        measure: What to read off the model, before the first step and after
            every step (e.g. :func:`dyad`); a module-level function.
        variants: Which variants (default: all).
        replications: Per variant (default: the scenario's).
        workers: Local processes.
        scheduler: Run on Dask (the workers must import ``talk_only`` and
            ``richardson`` themselves if a scenario names them).
        progress: False for silence; default a bar on a terminal, lines elsewhere.

    Returns:
        One row per variant, replication and step: ``variant``,
        ``replication``, ``step`` and what ``measure`` returns.
    """
    return track_all(
        [scenario],
        measure,
        variants=variants,
        replications=replications,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )[0]


@validation_strategies()
def track_all(
    scenarios: Sequence[Scenario],
    measure: Measure,
    *,
    variants: Sequence[str] | None = None,
    replications: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
) -> list[pd.DataFrame]:
    """:func:`track` for several scenarios at once, in one pool (one call of the
    executor for all their replications); one table per scenario, in order.
    The scenarios must differ (each is told apart by its hash)."""
    planned = [
        [
            replace(job, keep_graph=False, measure=measure)
            for job in plan_jobs(
                sc,
                list(variants or sc.variant_names),
                replications or sc.replications,
                sc.seed,
            )
        ]
        for sc in scenarios
    ]
    outcomes = {
        (o.job.scenario.digest, o.job.variant, o.job.replication): o.timeseries
        for o in replicate(
            [job for jobs in planned for job in jobs],
            workers=workers,
            scheduler=scheduler,
            progress=progress,
        )
    }
    return [
        pd.concat(
            [outcomes[j.scenario.digest, j.variant, j.replication] for j in jobs],
            ignore_index=True,
        )
        for jobs in planned
    ]


def dyad(model: Replication) -> dict[str, float]:
    """What matters in a two-state scenario (or the first two states of a
    larger one): the MID level, trust both ways, force memory both ways and
    the shows of force made this step."""
    return {
        "hostility": int(model.hostility[0, 1]),
        "trust_01": float(model.trust[0, 1]),
        "trust_10": float(model.trust[1, 0]),
        "force_01": float(model.force[0, 1]),
        "force_10": float(model.force[1, 0]),
        "shows_of_force": model.step_actions["show_of_force"]
        + model.step_actions["coercive_deployment"],
        "wars": int(model.hostility[0, 1] == 5),
    }


#: The columns of :func:`per_replication` that are declared outcomes
#: (``ddsim list outcomes``): read off a :func:`dyad` run as ``ddsim run`` reads them.
DECLARED: dict[str, OutcomeSpec] = {
    "mean_hostility": OUTCOMES["mean_hostility"],
    "war": OUTCOMES["war_by_horizon"],
    "final_trust": OUTCOMES["final_mean_trust"],
}


#: Months at a use of force or war, read as ``ddsim run`` reads ``force_steps``
#: (the tracked pair's level stands for the highest level).
FORCE_MONTHS = OUTCOMES["force_steps"]


def per_replication(ts: pd.DataFrame) -> pd.DataFrame:
    """Per replication of a :func:`dyad` run: the :data:`DECLARED` outcomes
    (mean hostility over steps 1 to the horizon, war by the horizon, final
    trust both ways), computed by their declarations, the mean number of
    shows of force per step, and ``force_months``: the months at use of force
    or war (MID 4 or 5), what deterrence is meant to prevent."""
    # the dyad's columns under the model's reporter names, so the declarations read them
    as_run = pd.DataFrame(
        {
            "variant": ts["variant"],
            "replication": ts["replication"],
            "step": ts["step"],
            "mean_hostility": ts["hostility"],
            "max_hostility": ts["hostility"],
            "wars": ts["wars"],
            "mean_trust": (ts["trust_01"] + ts["trust_10"]) / 2,
        }
    )
    rows = [
        {
            "variant": variant,
            "replication": replication,
            **{column: o.compute(run) for column, o in DECLARED.items()},
            "force_months": FORCE_MONTHS.compute(run),
        }
        for (variant, replication), run in as_run.groupby(["variant", "replication"], sort=False)
    ]
    out = pd.DataFrame(rows, columns=["variant", "replication", *DECLARED, "force_months"])
    shows = ts[ts["step"] >= 1].groupby(["variant", "replication"], sort=False)["shows_of_force"]
    out["shows_of_force"] = shows.mean().to_numpy()
    return out


def outcome_intervals(per_rep: pd.DataFrame) -> pd.DataFrame:
    """Per variant and :data:`DECLARED` outcome of :func:`per_replication`: the
    estimate and the 95% interval of its kind (Wilson for war, Student t for
    the means), as ``ddsim compare`` computes them."""
    rows = []
    for variant, runs in per_rep.groupby("variant", sort=False):
        for column, outcome in DECLARED.items():
            ci = interval(outcome, runs[column].to_numpy(dtype=float))
            rows.append(
                {
                    "variant": variant,
                    "outcome": column,
                    "n": ci.n,
                    "estimate": ci.estimate,
                    "low": ci.low,
                    "high": ci.high,
                    "method": ci.method,
                }
            )
    return pd.DataFrame(rows)


@validation_strategies()
def scenario(name: str) -> Scenario:
    """A scenario of ``scenarios/validation/`` by file stem."""
    return load_scenario(SCENARIOS / f"{name}.yaml")
