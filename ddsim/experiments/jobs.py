"""Experiments: replications of a scenario and its variants.

The experiment is kept apart from the simulation (as in the EMA Workbench):
:func:`run_replication` is a pure function of (scenario, variant, seed) that
returns plain tables, so any executor (a loop, local processes, a cluster) can
run it and the results are the same, to the byte.

Seeds: replication k of a scenario with root seed S runs with the integer seed
``replication_seed(S, k)``, drawn from ``numpy.random.SeedSequence(S).spawn``.
Every variant uses the same seeds (common random numbers), so variants are
compared on the same luck. ``DiplomacyModel(sc, rng=summary.seed[k])``
replays replication k.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ddsim.analysis.outcomes import outcomes_of
from ddsim.core.model import DiplomacyModel
from ddsim.scenarios import Scenario

ID_COLUMNS = ["variant", "replication", "step"]


def replication_seed(root: int, replication: int) -> int:
    """The integer seed of replication ``replication`` under root seed ``root``.

    It does not depend on how many replications are run, so adding
    replications keeps the earlier ones as they were.
    """
    child = np.random.SeedSequence(root, spawn_key=(replication,))
    return int(child.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


#: Reads what an experiment wants off a model, once before the first step and
#: after every step (e.g. :func:`ddsim.experiments.validation.dyad`).
Measure = Callable[[DiplomacyModel], dict[str, Any]]


@dataclass(frozen=True)
class Job:
    """One replication to run: picklable, so it can go to another process.

    Every command (run, compare, sweep, tournament, validation) describes its
    replications as jobs, and :func:`run_replication` runs any of them; what a
    command needs beyond a plain run is said here, not in a loop of its own.

    Attributes:
        scenario: The scenario (variants not applied).
        variant: Which variant to run (None: the scenario as it is).
        replication: Its number; ``seed`` is ``replication_seed(root, replication)``.
        seed: The model's seed.
        keep_graph: Return the final trust network too.
        parameters: Values of declared model parameters for this run, over the
            scenario's (a sweep's design point); empty for a plain run.
        timeseries: Return the time series (a sweep keeps only the summary, so
            thousands of runs stay small).
        measure: If given, the time series holds what it reads off the model
            at every step (step 0 too) instead of the model's own reporters;
            the summary is the usual one. It must be picklable (a module-level
            function, or a :func:`functools.partial` of one) to reach other
            processes.
    """

    scenario: Scenario
    variant: str | None
    replication: int
    seed: int
    keep_graph: bool = False
    parameters: dict[str, float] = field(default_factory=dict)
    timeseries: bool = True
    measure: Measure | None = None


@dataclass
class Outcome:
    """What one replication returns."""

    job: Job
    timeseries: pd.DataFrame
    summary: dict[str, Any]
    graph: nx.DiGraph | None = None


def model_of(job: Job) -> DiplomacyModel:
    """The model a job runs: its scenario and variant, seed and parameter values."""
    return DiplomacyModel(job.scenario, rng=job.seed, variant=job.variant, **job.parameters)


def run_replication(job: Job) -> Outcome:
    """Run one replication to the scenario's horizon and tabulate it."""
    model = model_of(job)
    if job.measure is None:
        model.run_for(model.spec.steps)
    else:
        measured = [job.measure(model)]
        for _ in range(model.spec.steps):
            model.step()
            measured.append(job.measure(model))
    variant = job.variant or "baseline"
    ts = tabulate(model, variant, job.replication)
    summary = summarise(ts, variant, job.replication, job.seed)
    if job.measure is not None:
        ts = with_ids(pd.DataFrame(measured), variant, job.replication)
    return Outcome(
        job,
        ts if job.timeseries else ts.iloc[0:0],
        summary,
        model.trust_graph if job.keep_graph else None,
    )


def tabulate(model: DiplomacyModel, variant: str, replication: int) -> pd.DataFrame:
    """A model's time series so far, one row per step (step 0 = the start),
    with the ``variant``, ``replication`` and ``step`` columns in front."""
    ts = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    return with_ids(ts, variant, replication)


def with_ids(ts: pd.DataFrame, variant: str, replication: int) -> pd.DataFrame:
    """``ts`` (one row per step from step 0) with the :data:`ID_COLUMNS` in front."""
    ts.insert(0, "step", np.arange(len(ts)))
    ts.insert(0, "replication", replication)
    ts.insert(0, "variant", variant)
    return ts


def summarise(ts: pd.DataFrame, variant: str, replication: int, seed: int) -> dict[str, Any]:
    """One row of ``summary`` from one replication's time series: who it is,
    then every declared outcome (:data:`ddsim.analysis.outcomes.OUTCOMES`)."""
    return {"variant": variant, "replication": replication, "seed": seed, **outcomes_of(ts)}


@dataclass
class Results:
    """Everything an experiment produced.

    Attributes:
        timeseries: One row per variant, replication and step (DESIGN.md columns).
        summary: One row per variant and replication.
        scenario: The scenario that was run (base, variants not applied).
        graphs: The final trust network of replication 0, per variant.
    """

    timeseries: pd.DataFrame
    summary: pd.DataFrame
    scenario: Scenario
    graphs: dict[str, nx.DiGraph] = field(default_factory=dict)

    @property
    def variants(self) -> list[str]:
        return list(dict.fromkeys(self.summary["variant"]))

    def __repr__(self) -> str:
        reps = self.summary.groupby("variant", sort=False).size().to_dict()
        return f"<Results {self.scenario.name!r}: replications per variant {reps}>"


def plan_jobs(
    scenario: Scenario, variants: Sequence[str], replications: int, seed: int
) -> list[Job]:
    """Every (variant, replication) job, in the order results are reported."""
    return [
        Job(
            scenario,
            None if v == "baseline" and not scenario.variants else v,
            k,
            replication_seed(seed, k),
            keep_graph=k == 0,
        )
        for v in variants
        for k in range(replications)
    ]


#: Runs one job (``run_replication``, or a calibration's ``run_disputes``).
Task = Callable[[Job], Outcome]
#: Runs a task over jobs somewhere (see :mod:`ddsim.experiments.executors`).
Executor = Callable[[Task, list[Job]], Iterable[Outcome]]


def collect(scenario: Scenario, outcomes: Iterable[Outcome], variants: Sequence[str]) -> Results:
    """Assemble outcomes (in any order) into Results, sorted by ``variants``
    and replication so the tables do not depend on how they were run."""
    done = list(outcomes)
    order = {v: n for n, v in enumerate(variants)}
    done.sort(key=lambda o: (order[o.summary["variant"]], o.job.replication))
    ts = pd.concat([o.timeseries for o in done], ignore_index=True)
    summary = pd.DataFrame([o.summary for o in done])
    summary["first_war_step"] = summary["first_war_step"].astype("Int64")
    graphs = {o.summary["variant"]: o.graph for o in done if o.graph is not None}
    return Results(ts, summary, scenario, graphs)
