"""Benchmark (a): one replication at 10, 50, 193 and 400 states, 240 steps.

Measures wall time and peak memory of one replication (``experiment.run_replication``,
variant ``mixed``) of worlds built by ``ddsim/scenarios/make_world.py`` (193 states is
``scenarios/world.yaml`` itself), each size in a fresh process, and fits how the cost
grows with the number of states n (the slope of log time against log n).

Run from the repository root::

    PYTHONPATH=$PWD python benchmarks/scaling.py            # all sizes
    PYTHONPATH=$PWD python benchmarks/scaling.py --sizes 10 50 --steps 60
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc

import numpy as np
from _common import ROOT, machine, write

SIZES = (10, 50, 193, 400)
SEED = 2026


def world(n: int):
    """The n-state world scenario (193: the committed scenarios/world.yaml)."""
    import ddsim

    if n == 193:
        return ddsim.load_scenario(ROOT / "scenarios" / "world.yaml")
    from ddsim.scenarios.make_world import make_world

    return ddsim.load_scenario(make_world(n))


def measure_one(n: int, steps: int, repeats: int) -> dict:
    """Time and memory of one replication at n states (run in its own process)."""
    from ddsim.experiments.jobs import Job, run_replication

    sc = world(n).replace(steps=steps)
    job = Job(sc, "mixed", 0, SEED)
    times, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        run_replication(job)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    tracemalloc.start()
    run_replication(job)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "states": n,
        "pairs": n * (n - 1),
        "steps": steps,
        "seconds": min(times),
        "all_seconds": times,
        "cpu_seconds": min(cpu),
        "ms_per_step": 1000 * min(times) / steps,
        "peak_traced_mib": peak / 2**20,
        "max_rss_mib": max_rss,
        "load_average": os.getloadavg()[0],
    }


def slope(xs, ys) -> float:
    """Least-squares slope of log y against log x: cost grows like n ** slope."""
    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--steps", type=int, default=240)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: one size
    parser.add_argument("--repeats", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one, args.steps, args.repeats)))
        return

    rows = []
    for n in args.sizes:
        repeats = 3 if n <= 50 else 1
        cmd = [sys.executable, __file__, "--one", str(n), "--steps", str(args.steps)]
        out = subprocess.run(
            [*cmd, "--repeats", str(repeats)], capture_output=True, text=True, check=True
        )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{n:>4} states: {row['seconds']:7.2f} s (CPU {row['cpu_seconds']:.2f} s), "
            f"{row['ms_per_step']:7.1f} ms/step, "
            f"peak traced {row['peak_traced_mib']:7.1f} MiB, max RSS {row['max_rss_mib']:6.0f} MiB",
            flush=True,
        )
        rows.append(row)

    ns = [r["states"] for r in rows]
    fits = {}
    if len(rows) >= 2:
        fits["time_all"] = slope(ns, [r["seconds"] for r in rows])
        fits["cpu_time_all"] = slope(ns, [r["cpu_seconds"] for r in rows])
        fits["memory_all"] = slope(ns, [r["peak_traced_mib"] for r in rows])
        big = [r for r in rows if r["states"] >= 50]
        if len(big) >= 2:
            big_ns = [r["states"] for r in big]
            fits["time_50_up"] = slope(big_ns, [r["seconds"] for r in big])
            fits["cpu_time_50_up"] = slope(big_ns, [r["cpu_seconds"] for r in big])
    lines = [
        f"One replication, {args.steps} steps, variant `mixed` (seed {SEED}); "
        "best of 3 runs for n <= 50, one run above. Load average: other work on the "
        f"machine ({os.cpu_count()} cores) when the size finished.",
        "",
        "| states | directed pairs | time (s) | CPU time (s) | ms per step "
        "| peak traced memory (MiB) | max RSS (MiB) | load average |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['states']} | {r['pairs']:,} | {r['seconds']:.2f} | {r['cpu_seconds']:.2f} "
        f"| {r['ms_per_step']:.1f} "
        f"| {r['peak_traced_mib']:.1f} | {r['max_rss_mib']:.0f} | {r['load_average']:.1f} |"
        for r in rows
    ]
    if fits:
        lines += ["", "Fitted growth (time ~ n^slope, log-log least squares):"]
        lines += [f"- {k}: slope {v:.2f}" for k, v in fits.items()]
    write("scaling", {"machine": machine(), "runs": rows, "slopes": fits}, "\n".join(lines))


if __name__ == "__main__":
    main()
