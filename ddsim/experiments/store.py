"""A store of finished replications, so an interrupted experiment can resume.

Every replication's outcome is saved to its own small file the moment it
arrives (pickle, written to a temporary name, flushed to disk and renamed), so
a file in the store is always whole. ``plan.json`` records what the experiment
is (scenario hashes, seeds, jobs); resuming with a different plan is refused.
Once the final results folder is written the store is deleted.

Layout (beside the results folder ``results/rivals``)::

    results/.rivals.replications/
        plan.json
        3f2a...-engagement-000000.pkl     # one per finished (scenario, variant, replication)

Typical use (any experiment that runs :class:`~ddsim.experiments.jobs.Job` s;
:func:`replicate` is what every command calls)::

    outcomes = replicate(jobs, workers=2, store=store_folder(out), resume=True)
    ...                                   # write the results folder
    remove_store(store_folder(out))

The files are pickles: only load a store you made yourself.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import shutil
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ddsim.errors import InputError, caused_by_interrupt
from ddsim.experiments.executors import make_executor, progress
from ddsim.experiments.jobs import (
    Executor,
    Job,
    Outcome,
    Task,
    batch_size,
    batches,
    run_replications,
)
from ddsim.outputs.folders import write_atomic

log = logging.getLogger("ddsim")

STORE_FORMAT = 1


class StoreMismatch(InputError):
    """The store holds another experiment than the one asked for (exit 2)."""


def store_folder(out: str | Path) -> Path:
    """Where the store of the results folder ``out`` lives: a hidden sibling."""
    out = Path(out)
    return out.parent / f".{out.name}.replications"


def job_key(job: Job) -> str:
    """A file-name-safe key naming a job: scenario hash, variant, parameter
    overrides (if any) and replication."""
    key = f"{job.scenario.digest[:16]}-{job.variant or 'baseline'}"
    if job.parameters:
        text = json.dumps(job.parameters, sort_keys=True)
        key += "-" + hashlib.sha256(text.encode()).hexdigest()[:12]
    return f"{key}-{job.replication:06d}"


def plan_of(jobs: Sequence[Job], **describe: Any) -> dict[str, Any]:
    """What identifies an experiment: its scenarios (by hash), jobs and seeds."""
    scenarios = {j.scenario.digest: j.scenario.name for j in jobs}
    listing = "\n".join(f"{job_key(j)} {j.seed}" for j in jobs)
    plan = {
        "format": STORE_FORMAT,
        "scenarios": scenarios,
        "jobs": len(jobs),
        "seeds": sorted({j.seed for j in jobs}),
        "jobs_sha256": hashlib.sha256(listing.encode()).hexdigest(),
    }
    measures = sorted({_name(j.measure) for j in jobs if j.measure is not None})
    if measures:  # what the time series hold
        plan["measures"] = measures
    return plan | describe


def _name(measure: Any) -> str:
    fn = getattr(measure, "func", measure)  # a functools.partial names its function
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"


def _differences(stored: dict[str, Any], wanted: dict[str, Any]) -> str:
    if stored.get("format") != wanted["format"]:
        return f"it was written by another version of ddsim (format {stored.get('format')})"
    if stored.get("scenarios") != wanted["scenarios"]:
        then = ", ".join(f"{n} {h[:12]}" for h, n in stored.get("scenarios", {}).items())
        now = ", ".join(f"{n} {h[:12]}" for h, n in wanted["scenarios"].items())
        return (
            f"the scenario differs (sha256 then: {then}; now: {now}): was a file, --steps "
            "or --seed changed?"
        )
    if stored.get("jobs") != wanted["jobs"]:
        return (
            f"it planned {stored.get('jobs')} replications in all, this run plans "
            f"{wanted['jobs']} (were --replications or the variants changed?)"
        )
    if stored.get("seeds") != wanted["seeds"]:
        return "the replication seeds differ (was --seed changed?)"
    for key in sorted(set(stored) | set(wanted)):
        if stored.get(key) != wanted.get(key):
            return f"its {key} differs ({stored.get(key)!r} then, {wanted.get(key)!r} now)"
    return ""


class ReplicationStore:
    """Finished replications of one experiment, one file each.

    Create it with :meth:`open`. ``save`` is atomic (temp file, fsync, rename),
    so a file that exists is whole; temporary leftovers of a killed process are
    ignored and cleaned up.

    Attributes:
        folder: Where the files are.
        plan: What experiment they belong to (see :func:`plan_of`).
    """

    def __init__(self, folder: Path, plan: dict[str, Any]) -> None:
        self.folder, self.plan = Path(folder), plan

    @classmethod
    def open(
        cls, folder: str | Path, jobs: Sequence[Job], *, resume: bool, **describe: Any
    ) -> ReplicationStore:
        """Open the store of an experiment, new or to resume.

        Args:
            folder: The store's folder (see :func:`store_folder`).
            jobs: Every job of the experiment.
            resume: Continue what the folder holds. Without it, a folder that
                already holds replications is refused (it would be lost).
            **describe: More that must match on resume (e.g. labels, steps).

        Raises:
            StoreMismatch: The folder holds replications and ``resume`` is off,
                or it holds another experiment (other scenario, seeds or jobs).
        """
        folder = Path(folder)
        plan = plan_of(jobs, **describe)
        plan_file = folder / "plan.json"
        if plan_file.exists() and any(folder.glob("*.pkl")):  # an empty one: nothing to lose
            store = cls(folder, json.loads(plan_file.read_text()))
            if not resume:
                raise StoreMismatch(
                    f"{folder} holds {store.count()} replications of an interrupted run: "
                    "add --resume to continue it, or delete that folder to start over"
                )
            why = _differences(store.plan, plan)
            if why:
                raise StoreMismatch(f"cannot resume from {folder}: {why}")
            remove_temporaries(folder)
            log.info("resuming: %d replications found in %s", store.count(), folder)
            return store
        if resume:
            log.warning(  # the user expected to go on: say it starts from the beginning
                "--resume: nothing to resume (no finished replications in %s/); "
                "starting from the beginning",
                folder,
            )
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(plan_file, (json.dumps(plan, indent=2) + "\n").encode())
        return cls(folder, plan)

    def path(self, job: Job) -> Path:
        return self.folder / f"{job_key(job)}.pkl"

    def count(self) -> int:
        """How many replications are stored."""
        return sum(1 for _ in self.folder.glob("*.pkl"))

    def load(self, job: Job) -> Outcome | None:
        """The stored outcome of ``job``, or None if it has not been run."""
        path = self.path(job)
        try:
            with path.open("rb") as f:
                outcome = pickle.load(f)
        except FileNotFoundError:
            return None
        if outcome.job.seed != job.seed or outcome.job.scenario.digest != job.scenario.digest:
            raise StoreMismatch(f"{path} belongs to another experiment (seed or scenario differ)")
        return outcome

    def save(self, outcome: Outcome) -> None:
        """Store one outcome (atomically)."""
        write_atomic(
            self.path(outcome.job), pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        )

    def saving(self, outcomes: Iterable[list[Outcome]]) -> Iterator[list[Outcome]]:
        """Yield batches of ``outcomes``, saving each batch before passing it on."""
        for batch in outcomes:
            for outcome in batch:
                self.save(outcome)
            yield batch

    def wrap(self, executor: Executor) -> Executor:
        """An executor that yields stored outcomes and runs (and stores) the rest.

        ``ddsim.run(sc, executor=store.wrap(local_processes(2)))`` makes
        any ``run`` resumable.
        """

        def execute(fn: Task, units: list[list[Job]]) -> Iterator[list[Outcome]]:
            todo = []
            for unit in units:
                stored = [self.load(job) for job in unit]
                if any(outcome is not None for outcome in stored):
                    yield [outcome for outcome in stored if outcome is not None]
                missing = [job for job, kept in zip(unit, stored, strict=True) if kept is None]
                if missing:
                    todo.append(missing)
            yield from self.saving(executor(fn, todo))

        return execute

    def remove(self) -> None:
        """Delete the store (once the results are safely written)."""
        remove_store(self.folder)


def remove_temporaries(folder: str | Path) -> None:
    """Delete the temporary files of writes that never finished (a write cut
    short by Ctrl-C between creating its temporary file and renaming it)."""
    for tmp in Path(folder).glob(".*.tmp"):
        tmp.unlink(missing_ok=True)


def remove_store(folder: str | Path) -> None:
    """Delete a store folder (call it once the results folder is written)."""
    shutil.rmtree(folder, ignore_errors=True)


def interrupted_note(folder: str | Path) -> str:
    """What to tell a user whose run was interrupted: what is kept, how to go on."""
    folder = Path(folder)
    kept = sum(1 for _ in folder.glob("*.pkl")) if folder.exists() else 0
    return (
        f"interrupted; {kept} finished replications are kept in {folder}/: run the same "
        "command with --resume to continue"
    )


def run_jobs(
    jobs: Sequence[Job],
    executor: Executor,
    *,
    store: ReplicationStore | None = None,
    show_progress: bool | None = None,
    task: Task | None = None,
    batch: int | None = None,
    workers: int = 1,
) -> list[Outcome]:
    """Run ``jobs`` (those not already in ``store``) and return every outcome.

    The jobs to run are cut into batches (:func:`ddsim.experiments.jobs.batches`),
    each run by the engine at once; each new outcome is stored as soon as its
    batch arrives; the progress display
    (:func:`~ddsim.experiments.executors.progress`) counts replications, stored
    and new, against the total. Outcomes come back in any order (sort them,
    e.g. with :func:`ddsim.experiments.jobs.collect`).

    Args:
        jobs: What to run.
        executor: Where to run it (see :mod:`ddsim.experiments.executors`).
        store: Where finished replications are kept (None: nowhere).
        show_progress: False for silence; default a bar on a terminal, lines elsewhere.
        task: What runs a batch of jobs (default
            :func:`~ddsim.experiments.jobs.run_replications`; a calibration keeps
            a run's disputes instead); module level, to be picklable.
        batch: Replications per batch (default: :func:`~ddsim.experiments.jobs.batch_size`).
        workers: How many workers share the batches (sets the default size).
    """
    stored: list[Outcome] = []
    todo: list[Job] = []
    for job in jobs:
        outcome = store.load(job) if store else None
        if outcome is None:
            todo.append(job)
        else:
            stored.append(outcome)
    size = batch or (batch_size(todo[0].scenario, len(todo), workers) if todo else 1)
    fresh = executor(task or run_replications, batches(todo, size))
    if store is not None:
        fresh = store.saving(fresh)
    outcomes = (outcome for done in fresh for outcome in done)
    try:
        return stored + list(progress(outcomes, len(jobs), len(stored), show_progress))
    except Exception as exc:
        if caused_by_interrupt(exc):  # every command's Ctrl-C handling then applies
            raise KeyboardInterrupt from exc
        raise


def replicate(
    jobs: Sequence[Job],
    *,
    workers: int = 1,
    scheduler: str | None = None,
    executor: Executor | None = None,
    store: str | Path | ReplicationStore | None = None,
    resume: bool = False,
    progress: bool | None = None,
    task: Task | None = None,
    batch: int | None = None,
    **describe: Any,
) -> list[Outcome]:
    """The one way every command runs replications: jobs -> batches -> executor -> store.

    ``ddsim.run``, ``compare``, ``sweep``, ``tournament`` and the validation
    experiments all call it, so local processes, Dask, resuming and progress
    work the same in each.

    Args:
        jobs: What to run (see :func:`ddsim.experiments.jobs.plan_jobs`).
        workers: Local processes (or local Dask workers with ``scheduler="local"``).
        scheduler: Run on Dask: a scheduler address, or ``"local"``.
        executor: Runs the jobs (overrides ``workers`` and ``scheduler``).
        store: Keep each finished replication in this folder (see
            :func:`store_folder`), or an open :class:`ReplicationStore`. It is
            left in place: delete it (:func:`remove_store`) once the results
            are written.
        resume: Continue from what ``store`` holds.
        progress: False for silence; default a bar on a terminal, lines elsewhere.
        task: What runs a batch of jobs (see :func:`run_jobs`).
        batch: Replications per batch (default: as many as memory and the
            workers' shares allow; the results do not depend on it).
        **describe: More that must match on resume (see :meth:`ReplicationStore.open`).

    Returns:
        Every job's outcome, in any order.

    Raises:
        StoreMismatch: ``store`` holds replications and ``resume`` is off, or
            it holds another experiment.
        ExecutorError: The Dask scheduler cannot be used.
    """
    if resume and store is None:
        raise InputError("resume needs a store: the folder where the replications were kept")
    if store is not None and not isinstance(store, ReplicationStore):
        store = ReplicationStore.open(store, jobs, resume=resume, **describe)
    run = executor or make_executor(workers, scheduler)
    return run_jobs(
        jobs, run, store=store, show_progress=progress, task=task, batch=batch, workers=workers
    )


__all__ = [
    "ReplicationStore",
    "StoreMismatch",
    "interrupted_note",
    "job_key",
    "plan_of",
    "remove_store",
    "remove_temporaries",
    "replicate",
    "run_jobs",
    "store_folder",
]
