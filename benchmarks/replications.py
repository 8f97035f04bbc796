"""Benchmarks (b) and (c): 1,000 replications of the two-rivals scenario.

(b) ``ddsim.run`` (one variant, ``engagement``, 240 steps) with 1 and 2 local
worker processes, in batches as every command runs them: wall time and
speed-up. Targets: at most 10 s with 2 workers (issue 17; issue 3 asked for
60 s), speed-up of at least 1.7x. The two runs must give identical tables.

(c) The same workload through Mesa's own ``mesa.batch_run`` with 2 processes
(and, with ``--batch-run-one``, 1 process), side by side. ``batch_run`` forces
the ``spawn`` start method for the whole program, so it runs last.

Run from the repository root::

    PYTHONPATH=$PWD python benchmarks/replications.py
    PYTHONPATH=$PWD python benchmarks/replications.py --replications 200   # quicker
"""

from __future__ import annotations

import argparse
import os
import resource
import time

from _common import ROOT, machine, write

SCENARIO = ROOT / "scenarios" / "rivals.yaml"
VARIANT = "engagement"
CPU: dict[str, float] = {}
#: 1,000 replications with two workers, in batches (issue 17, item 5).
TARGET_SECONDS = 10.0


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def ddsim_run(sc, replications: int, workers: int, record: bool = True):
    import ddsim

    start, cpu = time.perf_counter(), cpu_seconds()
    res = ddsim.run(
        sc, replications=replications, variants=[VARIANT], workers=workers, progress=False
    )
    if record:
        CPU[f"ddsim.run, {workers} worker{'s' * (workers > 1)}"] = cpu_seconds() - cpu
    return time.perf_counter() - start, res


def mesa_batch_run(sc, replications: int, processes: int):
    import mesa

    from ddsim import DiplomacyModel
    from ddsim.experiments.jobs import replication_seed

    seeds = [replication_seed(sc.seed, k) for k in range(replications)]
    start, cpu = time.perf_counter(), cpu_seconds()
    rows = mesa.batch_run(
        DiplomacyModel,
        parameters={"scenario": [sc], "variant": [VARIANT]},
        rng=seeds,
        max_steps=sc.steps,
        number_processes=processes,
        data_collection_period=-1,
        display_progress=False,
    )
    CPU[f"mesa.batch_run, {processes} process{'es' * (processes > 1)}"] = cpu_seconds() - cpu
    return time.perf_counter() - start, rows


def interleaved(sc, count: int, size: int = 200) -> list[tuple[float, float]]:
    """Wall times of ``count`` blocks of ``size`` runs, 1 worker then 2 workers
    back to back, so both see about the same load from other programs."""
    out = []
    for _ in range(count):
        one, _ = ddsim_run(sc, size, 1, record=False)
        two, _ = ddsim_run(sc, size, 2, record=False)
        out.append((round(one, 2), round(two, 2)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replications", type=int, default=1000)
    parser.add_argument(
        "--blocks",
        type=int,
        default=5,
        help="interleaved blocks of 200 runs, 1 then 2 workers, for a fairer speed-up "
        "on a shared machine (0: none)",
    )
    parser.add_argument(
        "--batch-run-one", action="store_true", help="also time mesa.batch_run with 1 process"
    )
    args = parser.parse_args()

    import ddsim

    sc = ddsim.load_scenario(SCENARIO)
    n = args.replications
    load_before = os.getloadavg()
    timings: dict[str, float] = {}
    timings["ddsim.run, 1 worker"], one = ddsim_run(sc, n, 1)
    print(f"ddsim.run 1 worker:  {timings['ddsim.run, 1 worker']:.1f} s", flush=True)
    timings["ddsim.run, 2 workers"], two = ddsim_run(sc, n, 2)
    print(f"ddsim.run 2 workers: {timings['ddsim.run, 2 workers']:.1f} s", flush=True)
    identical = one.summary.equals(two.summary) and one.timeseries.equals(two.timeseries)

    timings["mesa.batch_run, 2 processes"], rows = mesa_batch_run(sc, n, 2)
    print(f"mesa.batch_run 2:    {timings['mesa.batch_run, 2 processes']:.1f} s", flush=True)
    if args.batch_run_one:
        timings["mesa.batch_run, 1 process"], _ = mesa_batch_run(sc, n, 1)
        print(f"mesa.batch_run 1:    {timings['mesa.batch_run, 1 process']:.1f} s", flush=True)

    blocks = interleaved(sc, args.blocks)
    if blocks:
        print(f"interleaved blocks (s, 1 vs 2 workers): {blocks}", flush=True)

    # Same seeds, same model: batch_run's final mean trust must match ddsim's.
    batch_trust = sorted(round(r["mean_trust"], 12) for r in rows)
    ddsim_trust = sorted(round(t, 12) for t in one.summary["final_mean_trust"])
    same_results = batch_trust == ddsim_trust

    speedup = timings["ddsim.run, 1 worker"] / timings["ddsim.run, 2 workers"]
    ratios = sorted(one / two for one, two in blocks)
    block_speedup = ratios[len(ratios) // 2] if ratios else float("nan")
    within = timings["ddsim.run, 2 workers"] <= TARGET_SECONDS
    lines = [
        f"{n:,} replications of `scenarios/rivals.yaml`, variant `{VARIANT}`, "
        f"{sc.steps} steps each.",
        "",
        "| how | wall time (s) | replications per second | CPU time (s) |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {k} | {v:.1f} | {n / v:.0f} | {CPU[k]:.1f} |" for k, v in timings.items()]
    lines += [
        "",
        f"- speed-up of ddsim.run from 1 to 2 workers: {speedup:.2f}x "
        f"(target >= 1.7x: {'met' if speedup >= 1.7 else 'MISSED'})",
        f"- speed-up in {len(blocks)} interleaved blocks of 200 runs (median of the "
        f"ratios): {block_speedup:.2f}x; blocks (1 worker, 2 workers) in s: {blocks}",
        f"- ddsim.run with 2 workers within {TARGET_SECONDS:.0f} s (issue 17; issue 3 asked "
        f"for 60 s): {'met' if within else 'MISSED'}",
        f"- 1 and 2 workers give identical tables: {identical}",
        f"- mesa.batch_run gives the same final trust as ddsim.run (same seeds): {same_results}",
        f"- load average (1 min) before / after: {load_before[0]:.2f} / {os.getloadavg()[0]:.2f} "
        f"on {os.cpu_count()} cores (other work on the machine slows the wall times)",
        "- ddsim.run also returns every replication's full time series (241 rows each); "
        "batch_run with data_collection_period=-1 returns only the last step.",
    ]
    data = {
        "machine": machine(),
        "replications": n,
        "steps": sc.steps,
        "variant": VARIANT,
        "seconds": timings,
        "cpu_seconds": CPU,
        "load_average_before_after": [load_before[0], os.getloadavg()[0]],
        "speedup_1_to_2_workers": speedup,
        "interleaved_blocks_200": blocks,
        "interleaved_speedup_median": block_speedup,
        "identical_1_vs_2_workers": identical,
        "batch_run_matches_ddsim": same_results,
    }
    write("replications", data, "\n".join(lines))


if __name__ == "__main__":
    main()
