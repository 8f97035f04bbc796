"""Fit declared parameters to the record by simulation (simulated method of moments).

``ddsim.calibration.calibrate(sc, ["onset_rate", "dispute_end"])``
searches the declared ranges of the chosen parameters for the values whose
simulated disputes look most like the Correlates of War record
(:mod:`ddsim.calibration.targets`). The method:

* **Distance** (simulated method of moments; McFadden 1989, Gouriéroux &
  Monfort 1996): the sum over targets of ``((simulated - observed) / s)^2``,
  where ``s^2`` adds the squared standard errors of the two sides, each read
  off its 95% interval (half-width / 1.96). A target measured precisely
  weighs more; a noisy simulation weighs less, so a lucky draw is not
  rewarded.
* **Search**: Optuna's tree-structured Parzen estimator (Bergstra et al.
  2011; Akiba et al. 2019) through its ask-and-tell interface, seeded, in
  fixed batches: a batch of parameter sets is asked for, all its replications
  run at once (local processes or Dask), and the distances are told back in
  trial order. The sampler sees the same history whatever ran the batch, so
  the same seed gives the same fit to the byte with 1 or N workers or on Dask.
  Every trial uses the same replication seeds (common random numbers), so
  trials differ by their parameters, not by their luck.
* **Resume**: each finished replication is kept in the store (as ``ddsim
  compare`` keeps them); running the same calibration again replays the
  search, taking finished replications from the store, and goes on where it
  stopped.
* **How sure**: the five best trials are run again on fresh seeds and the
  one closest to the record there is the fit (the fit table reads those runs,
  not the lucky ones that won the search), and the fit's
  uncertainty is the set of trials it accepts (:attr:`Calibration.bound`):
  those whose distance is within the 95% quantile of a chi-square with as
  many degrees of freedom as targets (the record cannot tell them from the
  best), or, when no set comes that close, those within the 95% quantile of
  a chi-square with as many degrees of freedom as parameters *above the
  best* (Avni 1976; Press et al. 2007, 15.6): the region the record cannot
  tell from the best, around a best that misses it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ddsim.calibration.distance import (
    CalibrationError,
    acceptance,
    distance,
    fit_table,
    targets_for,
)
from ddsim.calibration.moments import MEASURES, Moment, run_disputes, simulated
from ddsim.calibration.targets import Target
from ddsim.core.parameters import PARAMETERS
from ddsim.errors import did_you_mean
from ddsim.experiments.executors import make_executor
from ddsim.experiments.executors import progress as count
from ddsim.experiments.jobs import Executor, Job, Outcome, replication_seed
from ddsim.experiments.store import ReplicationStore, job_key, replicate
from ddsim.scenarios import Scenario, load_scenario


@dataclass(frozen=True)
class FitParameter:
    """A declared parameter to fit, and the range searched."""

    name: str
    low: float
    high: float


def fit_parameters(chosen: Mapping[str, Any] | Sequence[str]) -> list[FitParameter]:
    """The parameters to fit, checked against their declarations.

    Args:
        chosen: Names (searched over their whole declared range), or a mapping
            of name to ``(low, high)``, ``"low:high"`` or None (declared range).

    Raises:
        CalibrationError: An unknown name, a parameter given twice, a range that
            is not two numbers from low to high, or one outside the declared range.
    """
    items = chosen.items() if isinstance(chosen, Mapping) else ((n, None) for n in chosen)
    out: list[FitParameter] = []
    for name, spec in items:
        if name not in PARAMETERS:
            known = ", ".join(sorted(PARAMETERS))
            raise CalibrationError(
                f"--param {name}: not a declared parameter; {did_you_mean(name, PARAMETERS)}"
                f"known: {known}"
            )
        declared = PARAMETERS[name]
        if any(p.name == name for p in out):
            raise CalibrationError(f"--param {name}: given twice; give it once")
        low, high = _range(name, spec, declared.low, declared.high)
        if low < declared.low or high > declared.high:
            raise CalibrationError(
                f"--param {name}={low:g}:{high:g}: outside the declared range "
                f"[{declared.low:g}, {declared.high:g}] {declared.unit}"
            )
        out.append(FitParameter(name, low, high))
    if not out:
        raise CalibrationError("calibrate needs at least one --param to fit")
    return out


def _range(name: str, spec: Any, low: float, high: float) -> tuple[float, float]:
    if spec is None:
        return low, high
    parts = spec.split(":") if isinstance(spec, str) else list(spec)
    try:
        a, b = (float(x) for x in parts)
    except (TypeError, ValueError):
        raise CalibrationError(
            f"--param {name}={spec}: give the range as LOW:HIGH, two numbers"
        ) from None
    if not a < b:
        raise CalibrationError(f"--param {name}={spec}: the range must go from low to high")
    return a, b


@dataclass
class Calibration:
    """What a calibration found.

    Attributes:
        scenario: The scenario fitted (variant applied).
        parameters: What was fitted, over which ranges.
        targets: The targets aimed at (one period).
        trials: One row per trial: its number, the parameter values, the
            distance and every simulated moment.
        best: The best trial's parameter values.
        fit: The fit table: per target, observed and simulated (on fresh
            seeds) with 95% intervals, and their ratio.
        settings: Seed, batch, replications, trials, period, variant.
        best_distance: The best's distance on the fresh seeds of the fit table.
    """

    scenario: Scenario
    parameters: list[FitParameter]
    targets: list[Target]
    trials: pd.DataFrame
    best: dict[str, float]
    fit: pd.DataFrame
    settings: dict[str, Any] = field(default_factory=dict)
    best_distance: float = float("nan")

    @property
    def fitted_targets(self) -> list[Target]:
        """The targets the distance was taken over (all but those held out)."""
        held = set(self.settings.get("hold_out", ()))
        return [t for t in self.targets if t.name not in held]

    @property
    def threshold(self) -> float:
        return acceptance(self.fitted_targets)

    @property
    def meets_record(self) -> bool:
        """Whether the best, on fresh seeds, is within the acceptance distance."""
        return self.best_distance <= self.threshold

    @property
    def bound(self) -> float:
        """The distance within which a trial is accepted: the acceptance
        distance when the best meets the record; otherwise the best trial's
        distance plus the 95% quantile of a chi-square with a degree of
        freedom a fitted parameter (the sets the record cannot tell from the
        best, when the model cannot reach the record)."""
        if self.meets_record:
            return self.threshold
        return float(self.trials["distance"].min() + stats.chi2.ppf(0.95, len(self.parameters)))

    @property
    def accepted_rule(self) -> str:
        """How :attr:`bound` was chosen, in words (for manifests and reports)."""
        if self.meets_record:
            return f"within the acceptance distance {self.threshold:.3g}"
        return (
            f"within {self.bound:.3g}: the best trial's distance plus the 95% quantile of a "
            f"chi-square with {len(self.parameters)} degrees of freedom (no set met the "
            f"acceptance distance {self.threshold:.3g})"
        )

    def ranges(self) -> pd.DataFrame:
        """Per parameter: the best value and the range over the accepted
        trials (distance within :attr:`bound`)."""
        ok = self.trials[self.trials["distance"] <= self.bound]
        rows = []
        for p in self.parameters:
            values = ok[p.name]
            rows.append(
                {
                    "parameter": p.name,
                    "best": self.best[p.name],
                    "accepted_low": values.min() if len(values) else np.nan,
                    "accepted_high": values.max() if len(values) else np.nan,
                    "searched_low": p.low,
                    "searched_high": p.high,
                    "accepted_trials": len(values),
                }
            )
        return pd.DataFrame(rows)

    def accepted(self) -> pd.DataFrame:
        """The accepted parameter sets, best first: the best (the one chosen
        on fresh seeds) then every other trial within :attr:`bound`, by
        distance; values to
        :data:`DIGITS` significant digits, as defaults are declared, so the
        best member can be the defaults exactly (``ddsim.core.parameters.accepted``)."""
        names = [p.name for p in self.parameters]
        ok = self.trials[self.trials["distance"] <= self.bound].sort_values(
            ["distance", "trial"], kind="stable"
        )
        rounded = ok[names].map(_digits)
        best = {name: _digits(v) for name, v in self.best.items()}
        others = rounded[~(rounded == pd.Series(best)).all(axis=1)].drop_duplicates()
        table = pd.concat([pd.DataFrame([best]), others], ignore_index=True)
        distances = [self.best_distance, *ok.loc[others.index, "distance"]]
        table.insert(0, "distance", distances)
        table.insert(0, "set", range(len(table)))
        return table

    def parameters_block(self) -> str:
        """The best values as a ``parameters:`` block a scenario can use."""
        lines = ["parameters:"]
        lines += [f"  {name}: {_digits(value):g}" for name, value in self.best.items()]
        return "\n".join(lines) + "\n"

    def headline(self) -> str:
        """A few lines for the terminal."""
        ok = int((self.trials["distance"] <= self.bound).sum())
        met = "meets" if self.meets_record else "does not meet"
        lines = [
            f"best distance {self.best_distance:.3g} on fresh seeds: {met} the record "
            f"(acceptable: <= {self.threshold:.3g})",
            f"accepted: {ok} of {len(self.trials)} trials, {self.accepted_rule}",
            *(f"  {name} = {value:.6g}" for name, value in self.best.items()),
        ]
        return "\n".join(lines)

    def write(self, out: str | Path, command: Sequence[str] | None = None) -> Path:
        """Write the calibration's folder (atomically): ``trials.csv``,
        ``fit.csv``, ``ranges.csv``, ``parameters.yaml``, figures,
        ``report.html`` and ``manifest.json``."""
        from ddsim.outputs.calibration import write_calibration

        return write_calibration(self, Path(out), command)


def calibrate(
    scenario: Scenario | str,
    parameters: Mapping[str, Any] | Sequence[str],
    *,
    period: str = "1946-2014",
    targets: str | Path | None = None,
    variant: str | None = None,
    trials: int = 200,
    batch: int = 8,
    replications: int = 2,
    steps: int | None = None,
    seed: int = 0,
    hold_out: Sequence[str] = (),
    workers: int = 1,
    scheduler: str | None = None,
    store: str | Path | None = None,
    resume: bool = False,
    progress: bool | None = None,
    executor: Executor | None = None,
) -> Calibration:
    """Fit ``parameters`` of ``scenario`` to the record of ``period``.

    Args:
        scenario: A scenario, a packaged scenario's name or a file.
        parameters: What to fit (see :func:`fit_parameters`).
        period: Which targets: ``1946-2014`` or ``1990-2014``.
        targets: A targets file (default: the packaged ``targets.json``).
        variant: Which of the scenario's variants to fit.
        trials: Parameter sets to try.
        batch: Parameter sets asked for, and run, at once.
        replications: Runs per parameter set.
        steps: Horizon of each run (default: the scenario's).
        seed: Seeds both the search and the runs.
        hold_out: Targets left out of the distance, to check the fit out of
            the sample (the fit table still shows them, marked).
        workers: Local processes (or Dask workers with ``scheduler``).
        scheduler: Dask: ``"local"`` or a scheduler's address.
        store: Keep finished replications here (to resume after an interruption).
        resume: Continue the calibration the store holds.
        progress: False for silence; default a bar on a terminal, lines elsewhere.
        executor: Runs the replications (default from ``workers``/``scheduler``).

    Raises:
        CalibrationError: Bad parameters, ranges, period, or settings.
        TargetsFileError: The targets file is missing or malformed.
    """
    optuna = _optuna()
    fitted = fit_parameters(parameters)
    goal = targets_for(period, targets)
    unknown = sorted(set(hold_out) - {t.name for t in goal})
    if unknown:
        known = ", ".join(t.name for t in goal)
        raise CalibrationError(f"--hold-out {unknown[0]!r} is not a target; targets: {known}")
    fitted_goal = [t for t in goal if t.name not in set(hold_out)]
    for name, value in (("trials", trials), ("batch", batch), ("replications", replications)):
        if int(value) < 1:
            raise CalibrationError(f"--{name} must be at least 1, got {value}")
    sc = load_scenario(scenario) if not isinstance(scenario, Scenario) else scenario
    if steps is not None:
        sc = sc.replace(steps=steps)
    sc = sc.replace(seed=seed)
    sc.variant(variant)  # refuse an unknown variant before anything runs
    settings = {
        "period": period,
        "variant": variant,
        "trials": trials,
        "batch": batch,
        "replications": replications,
        "seed": seed,
        "steps": sc.steps,
        "targets": str(targets or "packaged targets.json"),
        "parameters": {p.name: [p.low, p.high] for p in fitted},
        "hold_out": sorted(hold_out),
    }
    runs = Runner(
        executor or make_executor(workers, scheduler),
        ReplicationStore.open(store, [], resume=resume, calibration=settings) if store else None,
    )
    study = optuna.create_study(
        direction="minimize",
        sampler=optuna.samplers.TPESampler(seed=seed, n_startup_trials=min(trials, 2 * batch)),
    )
    space = {p.name: optuna.distributions.FloatDistribution(p.low, p.high) for p in fitted}
    search = _search(
        study, space, sc, variant, fitted_goal, trials, batch, replications, seed, runs
    )
    rows = list(count(search, trials, show=progress, what="trials"))
    table = pd.DataFrame(rows)
    best, confirm = _confirm(table, fitted, fitted_goal, sc, variant, replications, seed, runs)
    fit = fit_table(goal, confirm, held_out=hold_out)
    confirmed = distance(confirm, fitted_goal)
    return Calibration(sc, fitted, goal, table, best, fit, settings, confirmed)


#: How many of the best trials are run again on fresh seeds to choose the best.
CONFIRM = 5
#: Significant digits of the accepted sets and of the defaults taken from them.
DIGITS = 3


def _digits(value: float) -> float:
    return float(f"{value:.{DIGITS}g}")


def _confirm(table, fitted, goal, sc, variant, replications, seed, runs):
    """Run the :data:`CONFIRM` best trials again on fresh seeds and keep the
    one closest to the record there: the single best of many noisy trials is
    often one that was lucky (the winner's curse), and fresh seeds show it."""
    top = table.nsmallest(CONFIRM, "distance", keep="first")
    candidates = [{p.name: float(row[p.name]) for p in fitted} for _, row in top.iterrows()]
    fresh = _evaluate(candidates, sc, variant, replications, seed, runs, first=replications)
    k = int(np.argmin([distance(m, goal) for m in fresh]))
    return candidates[k], fresh[k]


@dataclass(frozen=True)
class Runner:
    """Where a calibration's replications run, and where they are kept."""

    executor: Executor
    store: ReplicationStore | None


def _search(study, space, sc, variant, goal, trials, batch, replications, seed, runs) -> Iterator:
    """Ask, run and tell in batches; yield one row per finished trial (with
    every simulated moment, the held-out ones too)."""
    names = list(MEASURES)
    done = 0
    while done < trials:
        asked = [study.ask(space) for _ in range(min(batch, trials - done))]
        values = [dict(t.params) for t in asked]
        measured = _evaluate(values, sc, variant, replications, seed, runs)
        for trial, params, moments in zip(asked, values, measured, strict=True):
            d = distance(moments, goal)
            study.tell(trial, d)
            row = {"trial": trial.number, **params, "distance": d}
            row.update({n: moments[n].value for n in names if n in moments})
            yield row
        done += len(asked)


def _evaluate(
    values: Sequence[dict[str, float]],
    sc: Scenario,
    variant: str | None,
    replications: int,
    seed: int,
    runs: Runner,
    first: int = 0,
) -> list[dict[str, Moment]]:
    """Simulated moments of each parameter set, from ``replications`` runs
    with seeds ``first``, ``first + 1``, ... (the same for every set)."""
    jobs = [
        Job(sc, variant, k, replication_seed(seed, k), parameters=dict(v))
        for v in values
        for k in range(first, first + replications)
    ]
    # outcomes come back in any order, as copies from other processes: match them by key
    outcomes = replicate(
        jobs, executor=runs.executor, store=runs.store, progress=False, task=run_disputes
    )
    done: dict[str, Outcome] = {job_key(o.job): o for o in outcomes}
    runs = [done[job_key(job)] for job in jobs]
    return [
        simulated(runs[n * replications : (n + 1) * replications], list(MEASURES))
        for n in range(len(values))
    ]


def _optuna():
    try:
        import optuna
    except ImportError:
        raise CalibrationError("calibrate needs Optuna: pip install 'ddsim[calibration]'") from None
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    return optuna


__all__ = [
    "Calibration",
    "CalibrationError",
    "FitParameter",
    "acceptance",
    "calibrate",
    "distance",
    "fit_parameters",
    "fit_table",
    "targets_for",
]
