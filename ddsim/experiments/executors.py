"""Executors: where replications run (one process, local processes, Dask).

An executor is a function ``execute(fn, batches) -> Iterable[list[Outcome]]``
(the :data:`ddsim.experiments.jobs.Executor` type): it calls ``fn(batch)`` for
every batch of jobs and yields each batch's outcomes **as it finishes**, in any
order. Callers sort them (:func:`ddsim.experiments.jobs.collect` does), so the
tables do not depend on the executor: one process, two processes or a Dask
cluster give the same bytes, because every replication is a pure function of
its job (scenario, variant, parameters, seed), whatever batch it runs in.

- :func:`serial`: in this process, one after the other.
- :func:`local_processes`: a pool of local processes (``--workers N``).
- :func:`dask_executor`: a Dask distributed cluster (``--scheduler ADDRESS``,
  or ``--scheduler local`` for a :class:`distributed.LocalCluster` on this
  machine). Optional: ``pip install "ddsim[dask]"``.
- :func:`make_executor`: picks one from command-line style options.

Workers in a local pool ignore Ctrl-C: the main process receives it, cancels
what has not started, waits for the few replications under way and stops, so
an interrupted run ends cleanly (and a store keeps what was finished).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from functools import partial
from typing import TextIO

from ddsim.errors import InputError
from ddsim.experiments.jobs import Executor, Job, Outcome, Task

log = logging.getLogger("ddsim")


class ExecutorError(InputError):
    """An executor cannot be set up as asked (a user's mistake: exit 2)."""


def serial() -> Executor:
    """Run batches of jobs one after the other in this process."""

    def execute(fn: Task, batches: list[list[Job]]) -> Iterator[list[Outcome]]:
        for batch in batches:
            yield fn(batch)

    return execute


def _worker_init(parent: int) -> None:  # pragma: no cover - runs in the worker processes
    """Leave Ctrl-C to the main process, and exit if it dies (e.g. is killed):
    forked workers would otherwise wait forever on a queue nobody closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="ddsim-orphan-watch").start()


def _detached(fn: Task, batch: list[Job]) -> list[Outcome]:  # pragma: no cover - in workers
    """``fn(batch)`` without the jobs: the caller has them, and a job's scenario
    is large to send back (thousands of copies of it would fill the memory)."""
    outcomes = fn(batch)
    for outcome in outcomes:
        outcome.job = None  # type: ignore[assignment]
    return outcomes


def _attached(outcomes: list[Outcome], batch: list[Job]) -> list[Outcome]:
    """The outcomes of ``batch`` as they arrive from a worker, their jobs put back."""
    for outcome, job in zip(outcomes, batch, strict=True):
        outcome.job = job
    return outcomes


def local_processes(workers: int) -> Executor:
    """Run batches of jobs in a pool of ``workers`` local processes; yield
    their outcomes as each batch finishes.

    It forks where the platform can (so strategies registered in a notebook are
    known to the workers) and spawns elsewhere. At most ``2 * workers`` batches
    are queued at a time, so an interruption loses little work and memory stays flat.
    With ``workers <= 1`` it runs in this process (:func:`serial`).
    """
    if workers <= 1:
        return serial()

    def execute(fn: Task, jobs: list[list[Job]]) -> Iterator[list[Outcome]]:
        if len(jobs) <= 1:
            yield from map(fn, jobs)
            return
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context(method),
            initializer=_worker_init,
            initargs=(os.getpid(),),
        )
        pending: dict[Future, list[Job]] = {}
        queue = iter(jobs)
        try:
            for job in queue:
                pending[pool.submit(_detached, fn, job)] = job
                if len(pending) >= 2 * workers:
                    break
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    job = pending.pop(future)
                    nxt = next(queue, None)
                    if nxt is not None:
                        pending[pool.submit(_detached, fn, nxt)] = nxt
                    yield _attached(future.result(), job)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    return execute


def dask_executor(scheduler: str, workers: int = 2) -> Executor:
    """Run batches of jobs on a Dask distributed cluster; yield their outcomes
    as each batch finishes.

    Args:
        scheduler: The scheduler's address (``tcp://host:8786``), or ``"local"``
            to start a :class:`distributed.LocalCluster` of ``workers`` processes
            (one thread each) on this machine for the duration of the run.
        workers: Worker processes of the local cluster (ignored for an address).

    ddsim must be importable on the workers (same version), and custom
    strategies registered in a notebook are not known there: register them in
    a module the workers import.

    Raises:
        ExecutorError: Dask is not installed, or the scheduler cannot be reached.
    """

    def execute(fn: Task, jobs: list[list[Job]]) -> Iterator[list[Outcome]]:
        if not jobs:
            return
        try:
            from distributed import Client, LocalCluster, as_completed
        except ImportError:
            raise ExecutorError(
                "--scheduler needs Dask distributed: pip install 'ddsim[dask]'"
            ) from None
        cluster = None
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: None still asks for 8787 first
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
        else:
            try:
                client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError, ValueError) as exc:
                raise ExecutorError(
                    f"cannot reach the Dask scheduler at {scheduler!r}: {exc}"
                ) from None
        log.info("dask: %s", client)
        futures = client.map(partial(_detached, fn), jobs, pure=False)
        job_of = {future.key: job for future, job in zip(futures, jobs, strict=True)}
        try:
            for future in as_completed(futures):
                outcome = _attached(future.result(), job_of[future.key])
                future.release()
                yield outcome
        finally:
            client.cancel(futures)
            client.close()
            if cluster is not None:
                cluster.close()

    return execute


def make_executor(workers: int = 1, scheduler: str | None = None) -> Executor:
    """The executor that ``--workers`` and ``--scheduler`` ask for.

    Args:
        workers: Local processes (or local Dask workers with ``scheduler="local"``).
        scheduler: None for local processes; ``"local"`` or an address for Dask.
    """
    if scheduler:
        return dask_executor(scheduler, workers=max(workers, 1))
    return local_processes(workers)


def progress(
    outcomes: Iterable[Outcome],
    total: int,
    done: int = 0,
    show: bool | None = None,
    *,
    stream: TextIO | None = None,
    what: str = "replications",
) -> Iterator[Outcome]:
    """Yield ``outcomes`` while counting them for the user, on stderr.

    On a terminal a progress bar (tqdm: completed/total, time left); anywhere
    else (a log file, CI, a notebook) first how much there is to do, ``ddsim:
    100 replications to run``, then a line about every tenth of the work with
    the time left at that pace, ``ddsim: 30/100 replications (30%), 12 s,
    about 28 s left``, and one more once the first ``EARLY_ESTIMATE`` seconds
    are up, so a long run says early what it will cost. Every command that
    runs replications counts them here.

    Args:
        outcomes: What to count.
        total: How many there are in all, including ``done``.
        done: How many were finished before (a resumed run starts there).
        show: False: say nothing (``--quiet``). None or True: a bar or lines,
            as suits the stream.
        stream: Where to write (default: ``sys.stderr`` at the time).
        what: What is counted, in the plural (a calibration counts ``trials``).
    """
    if show is False:
        yield from outcomes
        return
    stream = sys.stderr if stream is None else stream
    if _is_terminal(stream):
        from tqdm.auto import tqdm

        with tqdm(
            total=total,
            initial=done,
            unit="run",
            desc=what,
            smoothing=0.1,
            file=stream,
        ) as bar:
            for outcome in outcomes:
                bar.update(1)
                yield outcome
        return
    if total > done:
        kept = f" ({done} kept from before)" if done else ""
        print(f"ddsim: {total - done:,} {what} to run{kept}", file=stream, flush=True)
    started = time.monotonic()
    count, said, estimated = done, _tenths(done, total), False
    for outcome in outcomes:
        count += 1
        elapsed = time.monotonic() - started
        early = not estimated and elapsed >= EARLY_ESTIMATE
        if _tenths(count, total) > said or early:
            said, estimated = _tenths(count, total), True
            left = elapsed / (count - done) * (total - count)
            print(
                f"ddsim: {count}/{total} {what} ({100 * count // total}%), {elapsed:.0f} s"
                + (f", about {duration(left)} left" if count < total else ""),
                file=stream,
                flush=True,
            )
        yield outcome


#: Seconds after which a run off a terminal says how long the rest will take.
EARLY_ESTIMATE = 10.0


def duration(seconds: float) -> str:
    """A time span for people: ``40 s``, ``3 min``, ``1.5 h``."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _tenths(count: int, total: int) -> int:
    """How many whole tenths of ``total`` ``count`` has reached."""
    return 10 * count // total if total else 10


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


__all__ = [
    "ExecutorError",
    "dask_executor",
    "local_processes",
    "make_executor",
    "progress",
    "serial",
]
