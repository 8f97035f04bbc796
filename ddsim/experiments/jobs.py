"""Experiments: replications of a scenario and its variants.

The experiment is kept apart from the simulation (as in the EMA Workbench):
a replication is a pure function of (scenario, variant, parameters, seed) that
returns plain tables, so any executor (a loop, local processes, a cluster) can
run it and the results are the same, to the byte. Replications that share a
scenario, variant and parameters run together as one batch of the engine
(:func:`run_replications`, :class:`ddsim.core.batch.Batch`): replication k of
a batch is, to the bit, replication k run alone, so how jobs are cut into
batches changes the speed, never the results.

Seeds: replication k of a scenario with root seed S runs with the integer seed
``replication_seed(S, k)``, drawn from ``numpy.random.SeedSequence(S).spawn``.
Every variant uses the same seeds (common random numbers), so variants are
compared on the same luck. ``DiplomacyModel(sc, rng=summary.seed[k])``
replays replication k.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ddsim.analysis.outcomes import outcomes_of
from ddsim.analysis.results import Results
from ddsim.core.batch import Batch
from ddsim.core.model import DiplomacyModel
from ddsim.core.parameters import Params
from ddsim.core.replica import Replica, Replication
from ddsim.scenarios import Scenario

ID_COLUMNS = ["variant", "replication", "step"]


def replication_seed(root: int, replication: int) -> int:
    """The integer seed of replication ``replication`` under root seed ``root``.

    It does not depend on how many replications are run, so adding
    replications keeps the earlier ones as they were.
    """
    child = np.random.SeedSequence(root, spawn_key=(replication,))
    return int(child.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))


#: Reads what an experiment wants off a run (a model, or a replication of a
#: batch), once before the first step and after every step (e.g.
#: :func:`ddsim.experiments.validation.dyad`).
Measure = Callable[[Replication], dict[str, Any]]


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


def batch_of(jobs: Sequence[Job]) -> Batch:
    """The batch that runs ``jobs`` together (they share scenario, variant and
    parameters: :func:`batches` cuts them so), one replication per job."""
    first = jobs[0]
    spec = first.scenario.variant(first.variant)
    params = Params({**spec.parameters, **first.parameters})
    return Batch(spec, params, [job.seed for job in jobs])


def run_replications(jobs: Sequence[Job]) -> list[Outcome]:
    """Run a batch of jobs to the scenario's horizon and tabulate each."""
    batch = batch_of(jobs)
    measure, steps = jobs[0].measure, batch.spec.steps
    measured: list[list[dict[str, Any]]] = []
    if measure is None:
        batch.run_for(steps)
    else:
        runs = [Replica(batch, r) for r in range(len(jobs))]
        measured = [[measure(run)] for run in runs]
        for _ in range(steps):
            batch.step()
            for run, rows in zip(runs, measured, strict=True):
                rows.append(measure(run))
    variant = jobs[0].variant or "baseline"
    columns = batch.series.columns()  # name -> [step, replication]
    outcomes = []
    for r, job in enumerate(jobs):
        mine = {name: values[:, r] for name, values in columns.items()}
        summary = summarise(mine, variant, job.replication, job.seed)
        table = pd.DataFrame(measured[r]) if measured else pd.DataFrame(mine)
        # an empty copy, not a slice: a slice would keep the whole batch's table alive
        kept = table if job.timeseries else table.iloc[0:0].copy()
        ts = with_ids(kept, variant, job.replication)
        graph = Replica(batch, r).trust_graph if job.keep_graph else None
        outcomes.append(Outcome(job, ts, summary, graph))
    return outcomes


def run_replication(job: Job) -> Outcome:
    """Run one replication (a batch of one) to the scenario's horizon and tabulate it."""
    return run_replications([job])[0]


def batches(jobs: Sequence[Job], size: int) -> list[list[Job]]:
    """``jobs`` cut into batches of at most ``size``, each of jobs that can run
    together (same scenario, variant, parameters and outputs), in order."""
    out: list[list[Job]] = []
    for job in jobs:
        last = out[-1] if out else None
        if last and len(last) < size and _together(last[0], job):
            last.append(job)
        else:
            out.append([job])
    return out


def _together(a: Job, b: Job) -> bool:
    return (
        (a.scenario is b.scenario or a.scenario.digest == b.scenario.digest)
        and (a.variant, a.parameters, a.timeseries) == (b.variant, b.parameters, b.timeseries)
        and _same_measure(a.measure, b.measure)
    )


def _same_measure(a: Measure | None, b: Measure | None) -> bool:
    """The same measure, also when each job holds its own ``functools.partial``
    of one function with the same arguments (partials compare by identity)."""
    if a is b:
        return True
    if isinstance(a, partial) and isinstance(b, partial):
        return (a.func, a.args, a.keywords) == (b.func, b.args, b.keywords)
    return False


#: Memory a batch may take (its arrays and time series), which sets its size.
BATCH_MEMORY = 256 * 2**20
#: The largest batch: beyond it a replication of a small world costs no less.
MAX_BATCH = 256
#: Pairs of states in a batch, over its replications, beyond which a batch
#: gains nothing (a step's work is then arithmetic, not calls: at 193 states a
#: batch runs no faster a replication than one alone) and only makes the
#: progress line wait longer.
BATCH_CELLS = 2**18


def batch_size(scenario: Scenario, jobs: int, workers: int = 1, memory: int = BATCH_MEMORY) -> int:
    """How many replications of ``scenario`` to run in one batch: as many as
    ``memory`` holds (about 20 n x n arrays and the time series each), no more
    than :data:`MAX_BATCH` or :data:`BATCH_CELLS` allow, and few enough that
    every worker gets a share of ``jobs``."""
    n = len(scenario.states)
    per_replication = 20 * 8 * n * n + 400 * (scenario.steps + 1)
    fits = max(1, memory // per_replication)
    useful = max(1, BATCH_CELLS // (n * n))
    share = max(1, -(-jobs // max(1, workers)))  # ceil(jobs / workers)
    return int(min(MAX_BATCH, fits, useful, share))


def tabulate(model: DiplomacyModel, variant: str, replication: int) -> pd.DataFrame:
    """A model's time series so far, one row per step (step 0 = the start),
    with the ``variant``, ``replication`` and ``step`` columns in front."""
    ts = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    return with_ids(ts, variant, replication)


def with_ids(ts: pd.DataFrame, variant: str, replication: int) -> pd.DataFrame:
    """``ts`` (one row per step from step 0) with the :data:`ID_COLUMNS` in
    front (inserted into it: cheaper than a new frame)."""
    ts.insert(0, "step", np.arange(len(ts)))
    ts.insert(0, "replication", replication)
    ts.insert(0, "variant", variant)
    return ts


def summarise(
    ts: pd.DataFrame | Mapping[str, np.ndarray], variant: str, replication: int, seed: int
) -> dict[str, Any]:
    """One row of ``summary`` from one replication's time series (a frame,
    or its columns as arrays): who it is, then every declared outcome
    (:data:`ddsim.analysis.outcomes.OUTCOMES`)."""
    if not isinstance(ts, pd.DataFrame):
        ts = {"step": np.arange(len(next(iter(ts.values())))), **ts}
    return {"variant": variant, "replication": replication, "seed": seed, **outcomes_of(ts)}


def fit_sets(across_fit: int | None) -> list[dict[str, float]]:
    """The parameter sets to run: ``across_fit`` of those consistent with the
    record (:func:`ddsim.core.parameters.accepted.accepted_sets`), or just the
    scenario's own (one empty set)."""
    if across_fit is None:
        return [{}]
    from ddsim.core.parameters.accepted import AcceptedSetsError, accepted_sets
    from ddsim.errors import InputError

    try:
        return accepted_sets(across_fit)
    except AcceptedSetsError as exc:
        raise InputError(str(exc)) from None


def on_sets(
    jobs: Sequence[Job], sets: Sequence[dict[str, float]], held: Iterable[str]
) -> list[Job]:
    """Every job on every parameter set, set after set (the same seeds in each):
    a set's values go under the job's own (a sweep's design point wins), and
    the parameters ``held`` (a scenario sets them itself) keep their values."""
    if list(sets) == [{}]:
        return list(jobs)
    held = set(held)
    return [
        replace(
            job,
            parameters={**{k: v for k, v in values.items() if k not in held}, **job.parameters},
            keep_graph=job.keep_graph and s == 0,
        )
        for s, values in enumerate(sets)
        for job in jobs
    ]


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


#: Runs a batch of jobs (``run_replications``, or a calibration's ``run_disputes``).
Task = Callable[[list[Job]], list[Outcome]]
#: Runs a task over batches of jobs somewhere and yields each batch's outcomes
#: as it finishes (see :mod:`ddsim.experiments.executors`).
Executor = Callable[[Task, list[list[Job]]], Iterable[list[Outcome]]]


def collect(scenario: Scenario, outcomes: Iterable[Outcome], variants: Sequence[str]) -> Results:
    """Assemble outcomes (in any order) into Results, sorted by ``variants``
    and replication so the tables do not depend on how they were run."""
    done = list(outcomes)
    order = {v: n for n, v in enumerate(variants)}
    done.sort(key=lambda o: (order[o.summary["variant"]], o.summary["replication"]))
    ts = pd.concat([o.timeseries for o in done], ignore_index=True)
    summary = pd.DataFrame([o.summary for o in done])
    summary["first_war_step"] = summary["first_war_step"].astype("Int64")
    graphs = {o.summary["variant"]: o.graph for o in done if o.graph is not None}
    return Results(ts, summary, scenario, graphs)
