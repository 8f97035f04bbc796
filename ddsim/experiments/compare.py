"""Compare variants side by side, with confidence intervals.

``ddsim.compare(sc)`` runs every variant of a scenario over the same
replication seeds (common random numbers: each variant meets the same luck)
and returns a :class:`Comparison`: the time series and summaries of every
replication, and the tables of :mod:`ddsim.analysis.statistics` computed from
them (war probability by horizon, time to first war, mean outcomes, paired
differences from the reference, each with its 95% interval; that module says
how each is computed and from which source). ``Comparison.write`` writes the
folder: CSVs, figures and a one-page report.

``ddsim.compare(sc_a, sc_b)`` compares several scenario files: each file's
variants are labelled ``name:variant`` (or just the scenario's name if it has
no variants).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ddsim.analysis.across_fit import SET_COLUMN, across_fit
from ddsim.analysis.statistics import (
    BOOTSTRAP_DRAWS,
    BOOTSTRAP_SEED,
    default_horizons,
    differences,
    headline,
    outcome_means,
    tidy_table,
    time_to_first_war,
    timeseries_stats,
    war_probability,
)
from ddsim.experiments.jobs import (
    Executor,
    Job,
    Outcome,
    Results,
    collect,
    fit_sets,
    on_sets,
    plan_jobs,
)
from ddsim.scenarios import Scenario, load_scenario

log = logging.getLogger("ddsim")


# --------------------------------------------------------------------------
# the comparison
# --------------------------------------------------------------------------
@dataclass
class Arm:
    """One thing compared: a scenario's variant, under a label."""

    label: str
    scenario: Scenario
    variant: str
    description: str = ""


@dataclass
class Comparison:
    """Variants side by side (see the module docstring for every table).

    Attributes:
        results: The replications (``timeseries``, ``summary``), variants labelled.
        reference: The label the others are compared against.
        arms: What each label is (scenario, variant, description).
        timeseries_stats, war_probability, time_to_first_war, outcomes,
        differences: DataFrames; ``table`` holds them all, long (``comparison.csv``).
        across_fit: Run on several accepted parameter sets: each difference over
            seeds and sets (:func:`ddsim.analysis.across_fit.across_fit`), else None.
        parameter_sets: The accepted sets run, in the order of ``parameter_set``.
    """

    results: Results
    reference: str
    arms: list[Arm]
    timeseries_stats: pd.DataFrame
    war_probability: pd.DataFrame
    time_to_first_war: pd.DataFrame
    outcomes: pd.DataFrame
    differences: pd.DataFrame
    table: pd.DataFrame
    bootstrap: dict[str, int] = field(default_factory=dict)
    across_fit: pd.DataFrame | None = None
    parameter_sets: list[dict[str, float]] = field(default_factory=list)

    @classmethod
    def from_results(
        cls,
        results: Results,
        arms: Sequence[Arm],
        reference: str | None = None,
        draws: int = BOOTSTRAP_DRAWS,
        seed: int = BOOTSTRAP_SEED,
        parameter_sets: Sequence[dict[str, float]] = (),
    ) -> Comparison:
        """Compute every table from the replications (across the fit too,
        when the summary says which ``parameter_set`` each ran)."""
        labels = [a.label for a in arms]
        reference = reference or labels[0]
        steps = {a.label: a.scenario.steps for a in arms}
        horizons = {a.label: default_horizons(a.scenario.steps, a.scenario.step_unit) for a in arms}
        summary = results.summary
        war = war_probability(summary, horizons)
        ttw = time_to_first_war(summary, steps)
        means = outcome_means(summary)
        diffs = differences(summary, reference, draws=draws, seed=seed)
        spread = (
            across_fit(summary, reference, draws=draws, seed=seed)
            if SET_COLUMN in summary
            else None
        )
        return cls(
            results,
            reference,
            list(arms),
            timeseries_stats(results.timeseries),
            war,
            ttw,
            means,
            diffs,
            tidy_table(war, ttw, means, diffs),
            {"draws": draws, "seed": seed},
            spread,
            list(parameter_sets),
        )

    @property
    def labels(self) -> list[str]:
        return [a.label for a in self.arms]

    def headline(self) -> pd.DataFrame:
        """The key numbers per variant, as text with 95% intervals."""
        return headline(self.table, self.results.scenario.step_unit)

    def __repr__(self) -> str:
        reps = self.results.summary.groupby("variant", sort=False).size().to_dict()
        return f"<Comparison of {reps} (replications), reference {self.reference!r}>"

    def _repr_html_(self) -> str:
        return self.headline().to_html()

    def write(
        self,
        out: str | Path,
        command: Sequence[str] | None = None,
        record: dict[str, Any] | None = None,
    ) -> Path:
        """Write the results folder (atomically): CSVs, figures, manifest, report.html.

        Args:
            out: The folder.
            command: The command line to record in the manifest.
            record: The war rate of the kind of pair in the record that the
                report holds the results against
                (``ddsim.calibration.targets.war_benchmark``, which ``ddsim
                compare`` passes for a scenario with ``record:``).
        """
        import json

        from ddsim.outputs import figures
        from ddsim.outputs.folders import atomic_folder, manifest
        from ddsim.outputs.report import render_report

        out = Path(out)
        with atomic_folder(out) as tmp:
            self.results.timeseries.to_csv(tmp / "timeseries.csv", index=False)
            self.results.summary.to_csv(tmp / "summary.csv", index=False)
            self.table.to_csv(tmp / "comparison.csv", index=False)
            self.timeseries_stats.to_csv(tmp / "timeseries_stats.csv", index=False)
            if self.across_fit is not None:
                self.across_fit.to_csv(tmp / "across_fit.csv", index=False)
            drawn = figures.comparison_figures(self, tmp)
            info = manifest(
                self.results,
                command,
                figures=[p.name for p in drawn],
                kind="compare",
                description=self.results.scenario.description,
                step_unit=self.results.scenario.step_unit,
                reference=self.reference,
                variant_descriptions={a.label: a.description for a in self.arms},
                scenarios=_scenario_records(self.arms),
                bootstrap=self.bootstrap,
                record=record,
                across_fit=_across_fit_record(self.parameter_sets),
            )
            (tmp / "manifest.json").write_text(json.dumps(info, indent=2) + "\n")
            (tmp / "report.html").write_text(render_report(tmp), encoding="utf-8")
        return out


def _scenario_records(arms: Sequence[Arm]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for a in arms:
        sc = a.scenario
        rec = seen.setdefault(
            sc.digest,
            {
                "name": sc.name,
                "title": sc.title,
                "file": sc.file,
                "sha256": sc.digest,
                "root_seed": sc.seed,
                "steps": sc.steps,
                "labels": [],
            },
        )
        rec["labels"].append(a.label)
    return list(seen.values())


def arms_of(scenarios: Sequence[Scenario], only: Sequence[str] | None = None) -> list[Arm]:
    """The labelled variants to compare (``name:variant`` when several files)."""
    from ddsim.errors import InputError, did_you_mean

    names = [sc.name for sc in scenarios]
    if len(set(names)) < len(names):  # two files with the same scenario name
        names = [Path(sc.file).stem if sc.file else sc.name for sc in scenarios]
    seen: dict[str, int] = {}
    for k, name in enumerate(names):  # still the same: number the repeats
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            names[k] = f"{name}-{seen[name]}"
    arms = []
    for name, sc in zip(names, scenarios, strict=True):
        for variant in sc.variant_names:
            if len(scenarios) == 1:
                label = variant
            else:
                label = f"{name}:{variant}" if sc.spec.variants else name
            spec = sc.spec.variants.get(variant)
            description = (spec.description if spec else None) or ""
            arms.append(Arm(label, sc, variant, description))
    if only:
        known = {a.label: a for a in arms}
        unknown = [v for v in only if v not in known]
        if unknown:
            raise InputError(
                f"no variant {unknown[0]!r} to compare; {did_you_mean(unknown[0], known)}"
                f"known: {', '.join(known)}"
            )
        arms = [known[v] for v in dict.fromkeys(only)]
    return arms


def compare(
    *scenarios: Scenario | str | Path,
    replications: int | None = None,
    variants: Sequence[str] | None = None,
    reference: str | None = None,
    seed: int | None = None,
    steps: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    executor: Executor | None = None,
    store: str | Path | None = None,
    resume: bool = False,
    progress: bool | None = None,
    batch: int | None = None,
    bootstrap_draws: int = BOOTSTRAP_DRAWS,
    bootstrap_seed: int = BOOTSTRAP_SEED,
    across_fit: int | None = None,
) -> Comparison:
    """Compare the variants of one scenario, or of several, over replications.

    Args:
        *scenarios: Scenarios or paths of scenario files.
        replications: Per variant (default: each scenario's own).
        variants: Labels to compare, in order (default: all).
        reference: The label the others are compared against (default: the first).
        seed: Root seed for every scenario (default: each scenario's own).
        steps: Horizon (default: each scenario's own).
        workers: Local processes (or local Dask workers with ``scheduler="local"``).
        scheduler: Run on Dask: a scheduler address, or ``"local"``.
        executor: Runs the jobs (overrides ``workers`` and ``scheduler``).
        store: Keep each finished replication in this folder (see :mod:`ddsim.experiments.store`);
            it is left in place (delete it once the results are written).
        resume: Continue from what ``store`` holds.
        progress: False for silence; default a bar on a terminal, lines elsewhere.
        batch: Replications per batch of the engine (default: as many as memory
            and the workers' shares allow); the results do not depend on it.
        bootstrap_draws, bootstrap_seed: The bootstrap of the differences.
        across_fit: Run the comparison on this many parameter sets consistent
            with the record (:func:`ddsim.core.parameters.accepted.accepted_sets`:
            the defaults and ``across_fit - 1`` others), each with the same
            seeds; ``Comparison.across_fit`` then gives each difference over
            seeds and sets. A parameter the scenario sets itself keeps its value.

    Returns:
        A :class:`Comparison`; ``.write(folder)`` writes CSVs, figures and report.html.

    Example:
        >>> cmp = compare("scenarios/rivals.yaml", replications=20)  # doctest: +SKIP
        >>> cmp.headline()  # doctest: +SKIP
    """
    from ddsim.errors import InputError
    from ddsim.experiments.store import job_key, replicate

    if not scenarios:
        raise InputError("compare needs at least one scenario")
    loaded = [s if isinstance(s, Scenario) else load_scenario(s) for s in scenarios]
    if seed is not None:
        loaded = [sc.replace(seed=seed) for sc in loaded]
    if steps is not None:
        loaded = [sc.replace(steps=steps) for sc in loaded]
    arms = arms_of(loaded, variants)
    if reference is not None and reference not in [a.label for a in arms]:
        raise InputError(
            f"--reference {reference!r} is not compared; choose one of: "
            + ", ".join(a.label for a in arms)
        )
    sets = fit_sets(across_fit)
    planned = {a.label: _arm_jobs(a, replications, sets) for a in arms}
    jobs = list({job_key(j): j for js in planned.values() for j in js}.values())
    started = time.perf_counter()
    outcomes = replicate(
        jobs,
        workers=workers,
        scheduler=scheduler,
        executor=executor,
        store=store,
        resume=resume,
        batch=batch,
        progress=progress,
    )
    log.info("%d replications in %.1f s", len(jobs), time.perf_counter() - started)
    by_key = {job_key(o.job): o for o in outcomes}
    labelled = [
        _relabel(by_key[job_key(j)], label, set_of, len(js) // len(sets))
        for label, js in planned.items()
        for j, set_of in zip(js, _set_numbers(len(js), len(sets)), strict=True)
    ]
    results = collect(loaded[0], labelled, list(planned))
    return Comparison.from_results(
        results,
        arms,
        reference,
        draws=bootstrap_draws,
        seed=bootstrap_seed,
        parameter_sets=sets if across_fit else (),
    )


def _arm_jobs(arm: Arm, replications: int | None, sets: list[dict[str, float]]) -> list[Job]:
    """An arm's jobs: every replication on every parameter set, set after set
    (the same seeds in each). The values a scenario or variant sets itself win."""
    plain = plan_jobs(
        arm.scenario, [arm.variant], replications or arm.scenario.replications, arm.scenario.seed
    )
    return on_sets(plain, sets, held=arm.scenario.variant(plain[0].variant).parameters)


def _set_numbers(jobs: int, sets: int) -> list[int | None]:
    """Which parameter set each of an arm's jobs runs (None: not across the fit)."""
    if sets == 1:
        return [None] * jobs
    return [k // (jobs // sets) for k in range(jobs)]


def _relabel(outcome: Outcome, label: str, parameter_set: int | None, per_set: int) -> Outcome:
    """The outcome under its label; across the fit, numbered through the sets
    (replication ``k`` of set ``s`` is ``s * per_set + k``) with its set."""
    if outcome.summary["variant"] == label and parameter_set is None:
        return outcome
    ids = {"variant": label}
    if parameter_set is not None:
        ids["replication"] = parameter_set * per_set + outcome.job.replication
    ts = outcome.timeseries.assign(**ids)
    summary = {**outcome.summary, **ids}
    if parameter_set is not None:
        ts[SET_COLUMN] = parameter_set
        summary[SET_COLUMN] = parameter_set
    return Outcome(outcome.job, ts, summary, outcome.graph)


def _across_fit_record(sets: Sequence[dict[str, float]]) -> dict[str, Any] | None:
    """What the manifest says of the parameter sets a comparison ran on."""
    if not sets:
        return None
    from ddsim.core.parameters.accepted import accepted_count, accepted_manifest

    return {
        "sets": len(sets),
        "of": accepted_count(),
        "chosen": "set 0 (the defaults) and the others drawn at random (fixed seed)",
        "values": list(sets),
        "calibration": accepted_manifest().get("calibration"),
    }


__all__ = [
    "Arm",
    "Comparison",
    "compare",
]
