"""Parameter sweeps and sensitivity analyses over declared parameters.

A sweep runs one scenario (one variant) at many *design points*: each point
sets some declared parameters (:data:`ddsim.core.parameters.PARAMETERS`, whose names
and ranges are the only ones allowed) and runs ``replications`` replications.

Designs (``grid``, ``lhs``, ``morris``, ``sobol``) are read and drawn in
:mod:`ddsim.experiments.designs`.

Seeds are common random numbers: replication k runs with
``replication_seed(seed, k)`` at every point, so points differ by their
parameters and not by their luck. Identical runs (a point that a Morris design
visits twice) are run once.

Outputs (:class:`SweepResults`, and :func:`write_sweep` as a folder):
``runs`` (``sweep.csv``, one row per point and replication), ``points``
(``points.csv``, per point: war probability, mean hostility and final trust,
with the 95% interval of each outcome's kind: Wilson for the probability,
Student t for the means, :func:`ddsim.analysis.intervals.interval`),
``sensitivity`` (``sensitivity.csv``, morris and sobol), and figures.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ddsim.analysis.intervals import interval
from ddsim.analysis.outcomes import OUTCOMES as DECLARED
from ddsim.analysis.outcomes import OutcomeSpec
from ddsim.core.parameters import PARAMETERS
from ddsim.defaults import DEFAULT_SAMPLES
from ddsim.errors import did_you_mean
from ddsim.experiments import sensitivity
from ddsim.experiments.designs import Factor, SweepError, design, factors
from ddsim.experiments.jobs import Executor, Job, fit_sets, on_sets, replication_seed
from ddsim.experiments.store import ReplicationStore, replicate
from ddsim.scenarios import Scenario, load_scenario

#: Outcomes per design point (over its replications) that sensitivity can analyse:
#: the column of ``points.csv`` -> the declared outcome (``ddsim list outcomes``).
OUTCOMES: dict[str, OutcomeSpec] = {
    "war_probability": DECLARED["war_by_horizon"],
    "mean_hostility": DECLARED["mean_hostility"],
    "final_mean_trust": DECLARED["final_mean_trust"],
}


# --------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------
@dataclass
class SweepResults:
    """Everything a sweep produced.

    Attributes:
        runs: One row per design point and replication: ``point``, each swept
            parameter, ``replication``, ``seed`` and the summary outcomes
            (``war_by_horizon``, ``first_war_step``, ``mean_hostility``,
            ``final_mean_trust`` ...). Written as ``sweep.csv``.
        points: One row per design point: its parameters, ``replications``,
            ``war_probability``, ``mean_hostility``, ``final_mean_trust``, each
            with ``_low`` and ``_high`` 95% bounds. Written as ``points.csv``.
        sensitivity: Morris or Sobol indices per outcome and parameter (None for
            grid and lhs). Written as ``sensitivity.csv``.
        scenario: The scenario swept (variant not applied).
        variant: The variant that was run.
        method: ``grid``, ``lhs``, ``morris`` or ``sobol``.
        factors: What was swept, and over which values or ranges.
        replications: Per design point.
        seed: Root seed (replication k uses ``replication_seed(seed, k)``).
        outcome: The outcome the sensitivity figure shows.
        samples: The ``samples`` asked of the design (None for grid).
        parameter_sets: Across the fit, the accepted sets every point ran on
            (``runs.parameter_set`` numbers them); empty otherwise.
    """

    runs: pd.DataFrame
    points: pd.DataFrame
    sensitivity: pd.DataFrame | None
    scenario: Scenario
    variant: str
    method: str
    factors: list[Factor]
    replications: int
    seed: int
    outcome: str
    samples: int | None = None
    parameter_sets: list[dict[str, float]] = field(default_factory=list)

    @property
    def parameters(self) -> list[str]:
        """Names of the swept parameters."""
        return [f.name for f in self.factors]

    @property
    def design(self) -> pd.DataFrame:
        """The design points (one row per point)."""
        return self.points[["point", *self.parameters]]

    def __repr__(self) -> str:
        return (
            f"<SweepResults {self.scenario.name!r} ({self.variant}): {self.method} over "
            f"{', '.join(self.parameters)}; {len(self.points)} points x "
            f"{self.replications} replications>"
        )


def sweep(
    scenario: Scenario | str,
    parameters: Mapping[str, Any] | Sequence[str] | None = None,
    *,
    method: str = "grid",
    samples: int | None = None,
    replications: int | None = None,
    variant: str | None = None,
    outcome: str = "war_probability",
    seed: int | None = None,
    steps: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    executor: Executor | None = None,
    store: str | Path | ReplicationStore | None = None,
    resume: bool = False,
    progress: bool | None = None,
    batch: int | None = None,
    across_fit: int | None = None,
) -> SweepResults:
    """Run a scenario at every point of a design over declared parameters.

    Args:
        scenario: A scenario or the path of a scenario file.
        parameters: What to sweep (see :func:`factors`): e.g.
            ``{"forgetting": [0.01, 0.05, 0.1]}`` or ``["forgetting=0.01:0.1:5"]``.
        method: ``grid``, ``lhs``, ``morris`` or ``sobol``.
        samples: LHS points, Morris trajectories or Sobol base samples
            (defaults: :data:`DEFAULT_SAMPLES`); not for grid.
        replications: Per design point (default: the scenario's).
        variant: Which variant to run (default: the scenario's first).
        outcome: For the sensitivity figure: one of :data:`OUTCOMES`.
        seed: Root seed of the replications and of the design (default: the scenario's).
        steps: Horizon (default: the scenario's).
        workers: Local processes (or local Dask workers with ``scheduler="local"``).
        scheduler: Run on Dask: a scheduler address, or ``"local"``.
        executor: Runs the jobs (``(fn, jobs) -> outcomes``; overrides
            ``workers`` and ``scheduler``).
        store: Keep each finished replication in this folder, so an
            interrupted sweep can resume (see :mod:`ddsim.experiments.store`);
            it is left in place (delete it once the results are written).
        resume: Continue from what ``store`` holds.
        progress: False for silence; default a progress bar on a terminal,
            a line about every tenth of the work elsewhere.
        batch: Replications per batch of the engine (default: as many as memory
            and the workers' shares allow); the results do not depend on it.
        across_fit: Run every point on this many parameter sets consistent with
            the record (the defaults and others, see
            :func:`ddsim.core.parameters.accepted.accepted_sets`), the same seeds
            in each; the swept parameters and those the scenario sets keep their
            values. ``runs`` then says which ``parameter_set`` each row ran, and
            each point's intervals span seeds and sets.

    Returns:
        :class:`SweepResults` with ``runs``, ``points`` and ``sensitivity`` DataFrames.

    Raises:
        SweepError: Bad parameters, ranges, syntax, method, outcome or samples.
        ScenarioError: Bad scenario or unknown variant.

    Example:
        >>> res = sweep("scenarios/rivals.yaml", {"perception_noise": [0.2, 0.5, 0.8]},
        ...             replications=10)  # doctest: +SKIP
        >>> res.points[["perception_noise", "war_probability"]]  # doctest: +SKIP
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    if steps is not None:
        scenario = scenario.replace(steps=steps)
    if outcome not in OUTCOMES:
        hint = did_you_mean(outcome, OUTCOMES)
        raise SweepError(f"unknown outcome {outcome!r}; {hint}known: {', '.join(OUTCOMES)}")
    variant = variant or scenario.variant_names[0]
    scenario.variant(variant)  # refuse an unknown variant before anything runs
    seed = scenario.seed if seed is None else seed
    replications = replications or scenario.replications
    swept = factors(parameters, method)
    points = design(swept, method, samples, seed)
    sets = fit_sets(across_fit)
    every = runs_of(scenario, variant, points, replications, seed, sets)
    jobs = distinct(every)
    outcomes = replicate(
        list(jobs.values()),
        workers=workers,
        scheduler=scheduler,
        executor=executor,
        store=store,
        resume=resume,
        batch=batch,
        progress=progress,
    )
    done = {_key(o.job.parameters, o.job.replication): o.summary for o in outcomes}
    runs = tabulate(every, done)
    table = aggregate(runs, list(points.columns))
    indices = None
    if method in sensitivity.METHODS:
        indices = analyse(method, swept, points, table, seed)
    return SweepResults(
        runs,
        table,
        indices,
        scenario,
        variant,
        method,
        swept,
        replications,
        seed,
        outcome,
        None if method == "grid" else samples or DEFAULT_SAMPLES[method],
        sets if across_fit else [],
    )


def _key(parameters: Mapping[str, float], replication: int) -> tuple:
    return (tuple(sorted(parameters.items())), replication)


#: One run of a sweep: its point, its parameter set, the point's values, its job.
Run = tuple[int, int, dict[str, float], Job]


def runs_of(
    scenario: Scenario,
    variant: str,
    points: pd.DataFrame,
    replications: int,
    seed: int,
    sets: Sequence[dict[str, float]] = ({},),
) -> list[Run]:
    """Every run, point by point and (across the fit) set by set; the jobs
    return no time series (a sweep keeps only summaries, so thousands of runs
    stay small)."""
    run_variant = None if variant == "baseline" and not scenario.variants else variant
    held = scenario.variant(run_variant).parameters
    out: list[Run] = []
    for point, values in enumerate(points.to_dict("records")):
        values = {k: float(v) for k, v in values.items()}
        plain = [
            Job(scenario, run_variant, k, replication_seed(seed, k), parameters=values,
                timeseries=False)
            for k in range(replications)
        ]  # fmt: skip
        for n, job in enumerate(on_sets(plain, sets, held)):
            out.append((point, n // replications, values, job))
    return out


def plan(
    scenario: Scenario,
    variant: str,
    points: pd.DataFrame,
    replications: int,
    seed: int,
    sets: Sequence[dict[str, float]] = ({},),
) -> dict[tuple, Job]:
    """The distinct jobs of :func:`runs_of` (see :func:`distinct`)."""
    return distinct(runs_of(scenario, variant, points, replications, seed, sets))


def distinct(runs: Sequence[Run]) -> dict[tuple, Job]:
    """One job per distinct (parameter values, replication): a run that a
    design visits twice (Morris) runs once."""
    jobs: dict[tuple, Job] = {}
    for *_, job in runs:
        jobs.setdefault(_key(job.parameters, job.replication), job)
    return jobs


def tabulate(runs: Sequence[Run], done: Mapping[tuple, dict[str, Any]]) -> pd.DataFrame:
    """``runs``: one row per point and replication (and parameter set, across
    the fit, in a ``parameter_set`` column), in design order."""
    across = len({s for _, s, _, _ in runs}) > 1
    rows = []
    for point, s, values, job in runs:
        summary = dict(done[_key(job.parameters, job.replication)])
        summary.pop("variant")
        extra = {"parameter_set": s} if across else {}
        rows.append({"point": point, **values, **extra, **summary})
    table = pd.DataFrame(rows)
    table["first_war_step"] = table["first_war_step"].astype("Int64")
    return table


def aggregate(runs: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """``points``: per design point, the three :data:`OUTCOMES` with the 95%
    interval of their kind (Wilson for the probability, Student t for the
    means), and the mean peak hostility."""
    return _grouped(runs, ["point", *names]).reset_index()


def _grouped(runs: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    groups = runs.groupby(list(by), sort=False)
    out = pd.DataFrame({"replications": groups.size()})
    for column, outcome in OUTCOMES.items():
        # groups come in the same order as out's rows (both sort=False)
        cis = [
            interval(outcome, values.to_numpy(dtype=float)) for _, values in groups[outcome.name]
        ]
        for suffix, part in (("", "estimate"), ("_low", "low"), ("_high", "high")):
            out[column + suffix] = [getattr(ci, part) for ci in cis]
    out["peak_hostility"] = groups["peak_hostility"].mean()
    return out


def analyse(
    method: str, swept: Sequence[Factor], points: pd.DataFrame, table: pd.DataFrame, seed: int
) -> pd.DataFrame:
    """Sensitivity indices of every outcome (tidy: one row per outcome and parameter)."""
    problem = sensitivity.problem({f.name: (f.low, f.high) for f in swept})
    x = points[problem["names"]].to_numpy()
    tables = []
    for outcome in OUTCOMES:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an outcome that never varies
            indices = sensitivity.analyse(method, problem, x, table[outcome].to_numpy(), seed)
        indices.insert(0, "outcome", outcome)
        tables.append(indices)
    return pd.concat(tables, ignore_index=True)


# --------------------------------------------------------------------------
# figures and the results folder
# --------------------------------------------------------------------------
def marginal(results: SweepResults, name: str, bins: int = 10) -> pd.DataFrame:
    """Outcomes against one parameter, pooled over the others: per grid value,
    or per equal-width bin of the range for sampled designs."""
    runs = results.runs
    factor = next(f for f in results.factors if f.name == name)
    if factor.values is not None:
        x = runs[name]
    else:
        edges = np.linspace(factor.low, factor.high, min(bins, len(results.points)) + 1)
        which = np.clip(np.searchsorted(edges, runs[name], side="right") - 1, 0, len(edges) - 2)
        x = pd.Series((edges[which] + edges[which + 1]) / 2, index=runs.index)
    return _grouped(runs.assign(_x=x), ["_x"]).sort_index()


def parameter_figure(results: SweepResults, name: str):
    """War probability, mean hostility and final trust against one parameter, with 95% bands."""
    import matplotlib.pyplot as plt

    from ddsim.outputs.figures import add_caption

    stats = marginal(results, name)
    fig, axes = plt.subplots(1, 3, figsize=(12, 4))
    for ax, outcome in zip(axes, OUTCOMES, strict=True):
        ax.plot(stats.index, stats[outcome], marker="o", lw=2)
        ax.fill_between(
            stats.index, stats[f"{outcome}_low"], stats[f"{outcome}_high"], alpha=0.25, lw=0
        )
        ax.set(xlabel=name.replace("_", " "), title=OUTCOMES[outcome].label)
        ax.grid(alpha=0.3)
    axes[0].set_ylim(-0.02, 1.02)
    others = [f.name for f in results.factors if f.name != name]
    pooled = f" pooled over {', '.join(others)}" if others else ""
    where = "each grid value" if results.method == "grid" else "bins of the sampled range"
    fig.suptitle(f"{results.scenario.name} ({results.variant}): sweep of {name}")
    fig.subplots_adjust(top=0.84, wspace=0.3)
    unit = PARAMETERS[name].unit
    return add_caption(
        fig,
        f"Outcomes against {name} ({unit}), at {where}{pooled}; line = mean, band = 95% "
        f"interval over every run there ({results.replications} replications per point; Wilson "
        "for the war probability, Student t for the others). Look at the slope: a flat line "
        "means this parameter barely matters here.",
    )


def figures(results: SweepResults, folder: Path) -> list[Path]:
    """Draw the sweep's figures into ``folder``; return their paths."""
    from ddsim.outputs.figures import save_figures

    if results.sensitivity is not None:
        table = results.sensitivity[results.sensitivity["outcome"] == results.outcome]
        drawn = {
            f"sensitivity_{results.outcome}.png": sensitivity.figure(
                table, results.outcome, results.method
            )
        }
    else:
        drawn = {f"sweep_{n}.png": parameter_figure(results, n) for n in results.parameters}
    return save_figures(drawn, folder)


def write_sweep(
    results: SweepResults, out: str | Path, command: Sequence[str] | None = None
) -> Path:
    """Write a sweep's folder atomically: ``sweep.csv``, ``points.csv``,
    ``sensitivity.csv`` (morris, sobol), figures and ``manifest.json``."""
    from ddsim.outputs.folders import atomic_folder

    out = Path(out)
    with atomic_folder(out) as tmp:
        results.runs.to_csv(tmp / "sweep.csv", index=False)
        results.points.to_csv(tmp / "points.csv", index=False)
        if results.sensitivity is not None:
            results.sensitivity.to_csv(tmp / "sensitivity.csv", index=False)
        drawn = figures(results, tmp)
        info = manifest(results, command, [p.name for p in drawn])
        (tmp / "manifest.json").write_text(json.dumps(info, indent=2) + "\n")
    return out


def manifest(results: SweepResults, command: Sequence[str] | None, drawn: list[str]) -> dict:
    """What a sweep folder records about how it was made."""
    from ddsim.outputs.folders import provenance

    runs = results.runs.drop_duplicates("replication")
    return provenance(
        results.scenario,
        dict(zip(runs["replication"], runs["seed"], strict=True)),
        command,
        kind="sweep",
        variant=results.variant,
        method=results.method,
        parameters={f.name: f.describe() for f in results.factors},
        samples=results.samples,
        outcome=results.outcome,
        points=len(results.points),
        replications=results.replications,
        steps=results.scenario.steps,
        root_seed=results.seed,
        figures=drawn,
        across_fit={"sets": len(results.parameter_sets), "values": results.parameter_sets}
        if results.parameter_sets
        else None,
    )


__all__ = ["OUTCOMES", "SweepResults", "sweep", "write_sweep"]
