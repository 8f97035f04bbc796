"""``ddsim.run``: replications of a scenario, for each of its variants.

Every command that runs replications (run, compare, sweep, tournament,
validation) goes the same way: jobs (:mod:`ddsim.experiments.jobs`) ->
an executor (local processes or Dask, :mod:`ddsim.experiments.executors`) ->
the replication store (resume, progress: :func:`ddsim.experiments.store.run_jobs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ddsim.experiments.jobs import Executor, Results, collect, plan_jobs
from ddsim.experiments.store import ReplicationStore, replicate
from ddsim.scenarios import Scenario, load_scenario


def run(
    scenario: Scenario | str,
    *,
    replications: int | None = None,
    variants: Sequence[str] | None = None,
    seed: int | None = None,
    steps: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    executor: Executor | None = None,
    store: str | Path | ReplicationStore | None = None,
    resume: bool = False,
    progress: bool | None = None,
    batch: int | None = None,
) -> Results:
    """Run replications of a scenario, for each of its variants.

    Args:
        scenario: A scenario or the path of a scenario file.
        replications: How many per variant (default: the scenario's).
        variants: Which variants (default: all; ``["baseline"]`` if it has none).
        seed: Root seed (default: the scenario's).
        steps: Horizon (default: the scenario's).
        workers: Local processes (or local Dask workers with ``scheduler="local"``).
        scheduler: Run on Dask: a scheduler address, or ``"local"``.
        executor: Runs the jobs (overrides ``workers`` and ``scheduler``).
        store: Keep each finished replication in this folder, so an
            interrupted run can resume (see :mod:`ddsim.experiments.store`);
            it is left in place (delete it once the results are written).
        resume: Continue from what ``store`` holds.
        progress: False for silence; default a progress bar on a terminal,
            a line about every tenth of the work elsewhere.
        batch: Replications per batch of the engine (default: as many as memory
            and the workers' shares allow); the results do not depend on it.

    Returns:
        Results with ``timeseries`` and ``summary`` DataFrames.

    Example:
        >>> res = run("scenarios/rivals.yaml", replications=5)  # doctest: +SKIP
        >>> res.summary.groupby("variant").war_by_horizon.mean()  # doctest: +SKIP
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    if steps is not None:
        scenario = scenario.replace(steps=steps)
    if seed is not None:  # so Results.scenario (and a manifest) holds the seed used
        scenario = scenario.replace(seed=seed)
    names = list(variants or scenario.variant_names)
    for name in names:
        scenario.variant(name)  # refuse an unknown variant before anything runs
    jobs = plan_jobs(scenario, names, replications or scenario.replications, scenario.seed)
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
    return collect(scenario, outcomes, names)


__all__ = ["run"]
