"""Scenario discovery: under which conditions does one variant beat the other?

``ddsim.discover(sc, ["onset_rate", "states.BOR.capability=0.4:1.2"])`` draws
``cases`` cases of the factors with a Latin hypercube
(:mod:`ddsim.experiments.discovery_factors`), runs two variants of the
scenario in each case over the same ``replications`` seeds (common random
numbers: in every case and variant replication k has the same seed, as in
``ddsim compare``), and takes in each case the paired difference of one
outcome, **first variant minus second**, with its Student t 95% interval. A
case is *of interest* when the first variant gives less of the outcome than
the second (the difference is below zero; with ``significant``, its whole
interval is). PRIM (:mod:`ddsim.experiments.discovery_boxes`, from the EMA
Workbench) then finds the boxes of conditions where those cases gather
(Bryant & Lempert 2010; Kwakkel 2017).

The replications go through :func:`ddsim.experiments.store.replicate`, as
compare's and sweep's do, so ``workers``, Dask, ``batch``, ``resume`` and
progress work the same, and the tables are the same bytes however they ran.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ddsim.analysis.intervals import t_half_width
from ddsim.analysis.outcomes import OUTCOMES
from ddsim.errors import did_you_mean
from ddsim.experiments import discovery_defaults as defaults
from ddsim.experiments.discovery_boxes import find_boxes
from ddsim.experiments.discovery_factors import (
    DiscoveryError,
    ScenarioFactor,
    check_variants,
    read_factors,
    sample_cases,
    set_factor,
)
from ddsim.experiments.jobs import Executor, Job, plan_jobs
from ddsim.experiments.store import ReplicationStore, job_key, replicate
from ddsim.scenarios import Scenario, ScenarioError, load_scenario

log = logging.getLogger("ddsim")


@dataclasses.dataclass
class Discovery:
    """A scenario discovery's cases and boxes.

    Attributes:
        scenario: The scenario (variants not applied; ``steps`` and seed as run).
        variants: (first, second): a case is of interest when the first gives
            less of ``outcome`` than the second.
        outcome: The declared outcome compared (``ddsim list outcomes``).
        factors: What varies from case to case.
        runs: One row per case, variant and replication: its seed and every
            declared outcome (``runs.csv``).
        cases: One row per case: the factors' values, each variant's mean
            outcome, the ``difference`` (first minus second) with its 95%
            interval, and ``interest`` (``cases.csv``).
        boxes: PRIM's boxes, one row per box and factor (``boxes.csv``; see
            :data:`ddsim.experiments.discovery_boxes.BOX_COLUMNS`).
        trajectory: Their peeling trajectories (``trajectory.csv``).
        replications: Per case and variant.
        seed: Root seed of the replications and of the design.
        settings: How the boxes were found (threshold, boxes, significant, ...).
    """

    scenario: Scenario
    variants: tuple[str, str]
    outcome: str
    factors: list[ScenarioFactor]
    runs: pd.DataFrame
    cases: pd.DataFrame
    boxes: pd.DataFrame
    trajectory: pd.DataFrame
    replications: int
    seed: int
    settings: dict[str, Any]

    def __repr__(self) -> str:
        first, second = self.variants
        found = self.boxes["box"].nunique() if len(self.boxes) else 0
        return (
            f"<Discovery {self.scenario.name!r}: {first} against {second} on {self.outcome}, "
            f"{len(self.cases)} cases x {self.replications} replications, {found} boxes>"
        )

    @property
    def question(self) -> str:
        """What a case of interest is, in words."""
        from ddsim.outputs.discovery import interest

        return interest(self.variants, self.outcome, self.scenario.step_unit, self.settings)

    def box_table(self) -> pd.DataFrame:
        """One row per box: its statistics and its restrictions in words."""
        from ddsim.outputs.discovery import box_summary

        return box_summary(self.boxes, self.cases)

    def rebox(self, **changes: Any) -> Discovery:
        """The same cases with other settings: ``outcome``, ``threshold``,
        ``boxes``, ``significant``, ``peel_alpha``, ``mass_min`` (nothing is run again)."""
        settings = {"outcome": self.outcome, **self.settings, **changes}
        unknown = set(settings) - {"outcome", *self.settings}
        if unknown:
            raise DiscoveryError(f"rebox: unknown setting {sorted(unknown)[0]!r}")
        outcome = _outcome(settings.pop("outcome"))
        design = self.cases[[f.name for f in self.factors]]
        cases = tabulate_cases(design, self.runs, self.variants, outcome, settings["significant"])
        boxes, trajectory = _boxes(cases, design, settings)
        return dataclasses.replace(
            self,
            outcome=outcome,
            cases=cases,
            boxes=boxes,
            trajectory=trajectory,
            settings=settings,
        )

    def write(self, out: str | Path, command: Sequence[str] | None = None) -> Path:
        """Write the folder (atomically): cases.csv, boxes.csv, trajectory.csv,
        runs.csv, figures, manifest.json and report.html."""
        from ddsim.outputs.discovery import write_discovery

        return write_discovery(
            out,
            tables={
                "cases": self.cases,
                "boxes": self.boxes,
                "trajectory": self.trajectory,
                "runs": self.runs,
            },
            factors=[f.name for f in self.factors],
            info=self.manifest(command),
        )

    def manifest(self, command: Sequence[str] | None = None) -> dict[str, Any]:
        """What the folder records about how it was made."""
        from ddsim.outputs.folders import provenance

        sc, (first, second) = self.scenario, self.variants
        descriptions = {v: (sc.spec.variants[v].description or "") for v in self.variants}
        seeds = self.runs.drop_duplicates("replication")
        return provenance(
            sc,
            dict(zip(seeds["replication"], seeds["seed"], strict=True)),
            command,
            kind="discover",
            description=sc.description,
            variants=[first, second],
            variant_descriptions=descriptions,
            outcome=self.outcome,
            outcome_label=OUTCOMES[self.outcome].label,
            difference=f"{first} minus {second}",
            interest=self.question,
            factors={f.name: f.describe() for f in self.factors},
            cases=len(self.cases),
            replications=self.replications,
            steps=sc.steps,
            step_unit=sc.step_unit,
            root_seed=self.seed,
            prim={**self.settings, "library": _library()},
        )


# --------------------------------------------------------------------------
# the discovery
# --------------------------------------------------------------------------
def discover(
    scenario: Scenario | str | Path,
    factors: Mapping[str, Any] | Sequence[str] | None = None,
    *,
    fitted: bool = False,
    variants: Sequence[str] | None = None,
    outcome: str = defaults.DISCOVERY_OUTCOME,
    cases: int = defaults.DISCOVERY_CASES,
    replications: int = defaults.DISCOVERY_REPLICATIONS,
    seed: int | None = None,
    steps: int | None = None,
    threshold: float = defaults.DISCOVERY_THRESHOLD,
    boxes: int = defaults.DISCOVERY_BOXES,
    significant: bool = False,
    peel_alpha: float = defaults.PEEL_ALPHA,
    mass_min: float = defaults.MASS_MIN,
    workers: int = 1,
    scheduler: str | None = None,
    executor: Executor | None = None,
    store: str | Path | ReplicationStore | None = None,
    resume: bool = False,
    progress: bool | None = None,
    batch: int | None = None,
) -> Discovery:
    """Find the conditions under which one variant of a scenario beats another.

    Args:
        scenario: A scenario, a path, or the name of a packaged one.
        factors: What varies (see :func:`~ddsim.experiments.discovery_factors.read_factors`):
            ``["onset_rate=0.005:0.02", "states.BOR.disposition"]`` or a mapping.
        fitted: Vary every parameter of the accepted set over its accepted range.
        variants: The two variants, first and second (default: the scenario's
            second against its first, so the difference has compare's sign).
        outcome: A declared outcome (``ddsim list outcomes``) other than a time to event.
        cases: Cases of the Latin hypercube (at least 2).
        replications: Per case and variant, the same seeds in each.
        seed: Root seed of the replications and of the design (default: the scenario's).
        steps: Horizon (default: the scenario's).
        threshold: The density a box must reach (0 to 1).
        boxes: At most this many boxes.
        significant: A case is of interest only when its whole interval is below zero.
        peel_alpha, mass_min: PRIM's peeling step and smallest box (shares of the cases).
        workers, scheduler, executor, store, resume, progress, batch: As for
            :func:`ddsim.compare`.

    Returns:
        A :class:`Discovery`: ``.cases``, ``.boxes``, ``.write(folder)``.

    Raises:
        DiscoveryError: Bad factors, ranges, variants, outcome or sizes (one line).
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if steps is not None:
        sc = sc.replace(steps=steps)
    if seed is not None:
        sc = sc.replace(seed=seed)
    pair = _variants(sc, variants)
    outcome = _outcome(outcome)
    settings = _settings(cases, replications, threshold, boxes, significant, peel_alpha, mass_min)
    chosen = read_factors(factors, sc, fitted)
    check_variants(chosen, sc, pair)
    design = sample_cases(chosen, cases, sc.seed)
    jobs, where = plan(sc, pair, chosen, design, replications)
    outcomes = replicate(
        jobs,
        workers=workers,
        scheduler=scheduler,
        executor=executor,
        store=store,
        resume=resume,
        progress=progress,
        batch=batch,
        kind="discover",
    )
    runs = tabulate_runs(outcomes, where, pair)
    table = tabulate_cases(design, runs, pair, outcome, significant)
    found, trajectory = _boxes(table, design, settings)
    return Discovery(
        sc, pair, outcome, chosen, runs, table, found, trajectory, replications, sc.seed, settings
    )


def _variants(sc: Scenario, variants: Sequence[str] | None) -> tuple[str, str]:
    names = list(sc.spec.variants)
    if len(names) < 2:
        raise DiscoveryError(
            f"{sc.name} has {len(names) or 'no'} variant{'s' if len(names) != 1 else ''}; "
            "discover compares two (add variants: to the scenario)"
        )
    chosen = list(variants) if variants else [names[1], names[0]]
    for name in chosen:
        if name not in names:
            raise DiscoveryError(
                f"--variants: no variant {name!r} in {sc.name}; "
                f"{did_you_mean(name, names)}variants: {', '.join(names)}"
            )
    if len(chosen) != 2 or chosen[0] == chosen[1]:
        raise DiscoveryError(f"--variants takes two different variants, got {' '.join(chosen)}")
    return chosen[0], chosen[1]


def _outcome(outcome: str) -> str:
    usable = [n for n, o in OUTCOMES.items() if o.kind != "time_to_event"]
    if outcome not in usable:
        raise DiscoveryError(
            f"--outcome {outcome!r} cannot be compared case by case; "
            f"{did_you_mean(outcome, usable)}choose one of: {', '.join(usable)}"
        )
    return outcome


def _settings(
    cases: int,
    replications: int,
    threshold: float,
    boxes: int,
    significant: bool,
    peel_alpha: float,
    mass_min: float,
) -> dict[str, Any]:
    checks = [
        (cases >= 2, f"--cases must be at least 2, got {cases}"),
        (replications >= 1, f"--replications must be at least 1, got {replications}"),
        (0 < threshold <= 1, f"--threshold is a share between 0 and 1, got {threshold}"),
        (boxes >= 1, f"--boxes must be at least 1, got {boxes}"),
        (0 < peel_alpha < 0.5, f"peel_alpha is a share between 0 and 0.5, got {peel_alpha}"),
        (0 < mass_min < 1, f"mass_min is a share between 0 and 1, got {mass_min}"),
        (
            replications >= 2 or not significant,
            "--significant needs at least 2 replications per case (an interval)",
        ),
    ]
    for ok, message in checks:
        if not ok:
            raise DiscoveryError(message)
    return {
        "threshold": float(threshold),
        "boxes": int(boxes),
        "significant": bool(significant),
        "peel_alpha": float(peel_alpha),
        "mass_min": float(mass_min),
    }


# --------------------------------------------------------------------------
# the jobs, and the tables of what they gave
# --------------------------------------------------------------------------
def plan(
    sc: Scenario,
    variants: Sequence[str],
    factors: Sequence[ScenarioFactor],
    design: pd.DataFrame,
    replications: int,
) -> tuple[list[Job], dict[str, list[tuple[int, str, int]]]]:
    """Every job (once each), and where each one's outcome goes: key ->
    [(case, variant, replication)]. A case's variant is its scenario with the
    variant applied, then the case's scenario fields set; its parameters go
    with the job. The jobs keep no time series (summaries only)."""
    fields = [f for f in factors if f.kind != "parameter"]
    parameters = [f for f in factors if f.kind == "parameter"]
    resolved: dict[tuple, Scenario] = {}
    jobs: dict[str, Job] = {}
    where: dict[str, list[tuple[int, str, int]]] = {}
    for case, row in enumerate(design.to_dict("records")):
        values = {f.name: float(row[f.name]) for f in parameters}
        for variant in variants:
            case_sc = _case_scenario(sc, variant, fields, row, resolved, case)
            for job in plan_jobs(case_sc, ["baseline"], replications, sc.seed):
                job = dataclasses.replace(
                    job, parameters=values, timeseries=False, keep_graph=False
                )
                key = job_key(job)
                jobs.setdefault(key, job)
                where.setdefault(key, []).append((case, variant, job.replication))
    return list(jobs.values()), where


def _case_scenario(
    sc: Scenario,
    variant: str,
    fields: Sequence[ScenarioFactor],
    row: Mapping[str, Any],
    resolved: dict[tuple, Scenario],
    case: int,
) -> Scenario:
    """``sc`` with ``variant`` applied and the case's scenario fields set
    (made once per distinct combination)."""
    key = (variant, *(row[f.name] for f in fields))
    if key not in resolved:
        start = resolved.get((variant,)) or sc.variant(variant)
        resolved[(variant,)] = start
        if fields:
            data = copy.deepcopy(start.raw)
            for factor in fields:
                set_factor(data, factor, row[factor.name])
            try:
                start = Scenario.from_dict(data, file=sc.file)
            except ScenarioError as exc:
                raise DiscoveryError(f"case {case} ({variant}): {exc}") from None
            start.variant_name = variant
        resolved[key] = start
    return resolved[key]


def tabulate_runs(
    outcomes: Sequence[Any],
    where: Mapping[str, list[tuple[int, str, int]]],
    variants: Sequence[str],
) -> pd.DataFrame:
    """``runs``: one row per case, variant and replication, in that order."""
    order = {v: n for n, v in enumerate(variants)}
    rows = []
    for outcome in outcomes:
        summary = {k: v for k, v in outcome.summary.items() if k != "variant"}
        for case, variant, replication in where[job_key(outcome.job)]:
            rows.append({"case": case, "variant": variant, **summary, "replication": replication})
    rows.sort(key=lambda r: (r["case"], order[r["variant"]], r["replication"]))
    runs = pd.DataFrame(rows)
    first = ["case", "variant", "replication"]
    runs = runs[[*first, *[c for c in runs.columns if c not in first]]]
    runs["first_war_step"] = runs["first_war_step"].astype("Int64")
    return runs


def tabulate_cases(
    design: pd.DataFrame,
    runs: pd.DataFrame,
    variants: Sequence[str],
    outcome: str,
    significant: bool,
) -> pd.DataFrame:
    """``cases``: per case the factors, each variant's mean ``outcome``, the
    paired difference (first minus second) with its Student t 95% interval,
    and whether the case is of interest."""
    first, second = variants
    values = runs.assign(_v=runs[outcome].astype(float))
    wide = {
        v: values[values["variant"] == v].pivot(index="case", columns="replication", values="_v")
        for v in variants
    }
    diff = wide[first] - wide[second]
    n = diff.notna().sum(axis=1).to_numpy()
    mean = diff.mean(axis=1).to_numpy()
    half = t_half_width(diff.std(axis=1, ddof=1).to_numpy(), n)
    table = design.reset_index(drop=True).copy()
    table.insert(0, "case", np.arange(len(table)))
    for v in variants:
        table[f"{outcome}_{v}"] = wide[v].mean(axis=1).to_numpy()
    table["difference"] = mean
    table["difference_low"] = mean - half
    table["difference_high"] = mean + half
    table["interest"] = (table["difference_high"] if significant else table["difference"]) < 0
    return table


def _library() -> str:
    from importlib import metadata

    return f"ema_workbench {metadata.version('ema_workbench')}"


def _boxes(
    cases: pd.DataFrame, design: pd.DataFrame, settings: Mapping[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    return find_boxes(
        design.reset_index(drop=True),
        cases["interest"].to_numpy(),
        threshold=settings["threshold"],
        boxes=settings["boxes"],
        peel_alpha=settings["peel_alpha"],
        mass_min=settings["mass_min"],
    )


__all__ = ["Discovery", "DiscoveryError", "discover"]
