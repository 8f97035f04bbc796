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

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

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
)
from ddsim.experiments.discovery_runs import plan, run_summaries, tabulate_cases, tabulate_runs
from ddsim.experiments.jobs import Executor
from ddsim.experiments.store import ReplicationStore, replicate
from ddsim.scenarios import Scenario, load_scenario

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
        """The same runs read again with other settings (nothing is run again):
        ``outcome``, ``variants`` (the same two, in either order: swapped, a
        case counts when the other one gives less), ``threshold``, ``boxes``,
        ``significant``, ``peel_alpha``, ``mass_min``."""
        settings = {"outcome": self.outcome, "variants": self.variants, **self.settings, **changes}
        unknown = set(settings) - {"outcome", "variants", *self.settings}
        if unknown:
            raise DiscoveryError(f"rebox: unknown setting {sorted(unknown)[0]!r}")
        variants = tuple(settings.pop("variants"))
        if sorted(variants) != sorted(self.variants):
            raise DiscoveryError(
                f"rebox: the variants run were {' and '.join(self.variants)}; give those two"
            )
        outcome = _outcome(settings.pop("outcome"))
        design = self.cases[[f.name for f in self.factors]]
        cases = tabulate_cases(design, self.runs, variants, outcome, settings["significant"])
        boxes, trajectory = _boxes(cases, design, settings)
        return dataclasses.replace(
            self,
            variants=(variants[0], variants[1]),
            outcome=outcome,
            cases=cases,
            boxes=boxes,
            trajectory=trajectory,
            settings=settings,
        )

    def figures(self) -> dict[str, Any]:
        """The figures the folder holds, by file name (matplotlib Figures):
        each box's peeling trajectory, limits and cases."""
        from ddsim.outputs.discovery import figures_of

        return figures_of(self._tables(), [f.name for f in self.factors], self.manifest())

    def _tables(self) -> dict[str, pd.DataFrame]:
        return {
            "cases": self.cases,
            "boxes": self.boxes,
            "trajectory": self.trajectory,
            "runs": self.runs,
        }

    def write(self, out: str | Path, command: Sequence[str] | None = None) -> Path:
        """Write the folder (atomically): cases.csv, boxes.csv, trajectory.csv,
        runs.csv, figures, manifest.json and report.html."""
        from ddsim.outputs.discovery import write_discovery

        return write_discovery(
            out,
            tables=self._tables(),
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
        task=run_summaries,
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
