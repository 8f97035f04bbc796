"""Benchmark (a): how fast one replication runs, against a reference, and how it grows.

Four measurements, each in a fresh process:

1. **World against the reference kernel.** One replication of
   ``scenarios/world.yaml`` (193 states, 240 steps, variant ``mixed``, with
   ``run_replication``) and the reference kernel of the shared bench
   (``run_kernel(193, 240)``: the same kind of trust-and-escalation update on
   numpy arrays, close to the limit for this work in Python), timed one after
   the other in the same process, several times; the ratio of the medians is
   the figure (both meet the same load). Targets: at most 3x, 2x hoped for.
2. **The two rivals.** One replication of ``scenarios/rivals.yaml`` (3 states,
   240 steps), median of many, both variants. Target: under 40 ms.
3. **Scaling.** One replication of worlds of 10, 50, 193 and 400 states built
   by ``ddsim/scenarios/make_world.py`` (193 is ``scenarios/world.yaml``),
   and the slope of log time against log n.
4. **Memory of a 1,000-state world.** Peak resident memory (max RSS) of a
   fresh process that runs one replication of ``make_world(1000)``. Target:
   under 1 GiB.

Run from the repository root::

    PYTHONPATH=$PWD python benchmarks/scaling.py              # everything, ~5 minutes
    PYTHONPATH=$PWD python benchmarks/scaling.py --sizes 10 50 --steps 60 --big 0

The reference kernel is ``shared/bench/reference_kernels.py`` beside the
repository (``--kernel`` to give another path); without it the ratio is left out.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
from _common import ROOT, machine, write

SIZES = (10, 50, 193, 400)
SEED = 2026
KERNEL_PLACES = (
    ROOT.parent / "shared" / "bench" / "reference_kernels.py",
    ROOT.parent.parent / "shared" / "bench" / "reference_kernels.py",
)


def world(n: int, steps: int):
    """The n-state world scenario (193: the committed scenarios/world.yaml)."""
    import ddsim

    if n == 193:
        sc = ddsim.load_scenario(ROOT / "scenarios" / "world.yaml")
    else:
        from ddsim.scenarios.make_world import make_world

        sc = ddsim.load_scenario(make_world(n))
    return sc.replace(steps=steps)


def timed(run) -> tuple[float, float]:
    """Wall and CPU seconds of ``run()``."""
    start, start_cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - start, time.process_time() - start_cpu


def measure_size(n: int, steps: int, repeats: int) -> dict:
    """Time and memory of one replication at n states (run in its own process)."""
    from ddsim.experiments.jobs import Job, run_replication

    job = Job(world(n, steps), "mixed", 0, SEED)
    times = [timed(lambda: run_replication(job)) for _ in range(repeats)]
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    tracemalloc.start()
    run_replication(job)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    wall = statistics.median(t for t, _ in times)
    return {
        "states": n,
        "pairs": n * (n - 1),
        "steps": steps,
        "seconds": wall,
        "all_seconds": [t for t, _ in times],
        "cpu_seconds": statistics.median(c for _, c in times),
        "ms_per_step": 1000 * wall / steps,
        "peak_traced_mib": peak / 2**20,
        "max_rss_mib": max_rss,
        "load_average": os.getloadavg()[0],
    }


def measure_against_kernel(kernel: Path, rounds: int) -> dict:
    """World (193 states, 240 steps) and the reference kernel, one after the
    other in this process, ``rounds`` times."""
    from ddsim.experiments.jobs import Job, run_replication

    reference = load_kernel(kernel)
    job = Job(world(193, 240), "mixed", 0, SEED)
    run_replication(Job(world(193, 5), "mixed", 0, SEED))  # warm up imports and caches
    reference.run_kernel(193, 5)
    ours, theirs = [], []
    for _ in range(rounds):
        theirs.append(timed(lambda: reference.run_kernel(193, 240)))
        ours.append(timed(lambda: run_replication(job)))
    wall = [w / k for (w, _), (k, _) in zip(ours, theirs, strict=True)]
    return {
        "rounds": rounds,
        "world_seconds": statistics.median(w for w, _ in ours),
        "world_cpu_seconds": statistics.median(c for _, c in ours),
        "kernel_seconds": statistics.median(w for w, _ in theirs),
        "kernel_cpu_seconds": statistics.median(c for _, c in theirs),
        "ratio": statistics.median(w for w, _ in ours) / statistics.median(w for w, _ in theirs),
        "ratio_cpu": statistics.median(c for _, c in ours)
        / statistics.median(c for _, c in theirs),
        "ratios_each_round": wall,
        "load_average": os.getloadavg()[0],
    }


def measure_rivals(runs: int) -> dict:
    """One replication of the two rivals, ``runs`` times per variant."""
    import ddsim
    from ddsim.experiments.jobs import Job, run_replication

    sc = ddsim.load_scenario(ROOT / "scenarios" / "rivals.yaml")
    run_replication(Job(sc.replace(steps=5), "engagement", 0, 1))  # warm up
    times = [
        timed(lambda v=v, k=k: run_replication(Job(sc, v, k, k)))
        for k in range(runs)
        for v in ("engagement", "deterrence")
    ]
    wall = sorted(t for t, _ in times)
    return {
        "runs": len(times),
        "median_ms": 1000 * statistics.median(wall),
        "cpu_median_ms": 1000 * statistics.median(c for _, c in times),
        "fastest_ms": 1000 * wall[0],
        "load_average": os.getloadavg()[0],
    }


def in_fresh_process(*args: str) -> dict:
    """Run this script with ``args`` in a new interpreter; its last line is JSON."""
    out = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def slope(xs, ys) -> float:
    """Least-squares slope of log y against log x: cost grows like n ** slope."""
    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])


def load_kernel(path: Path):
    """The shared bench's ``reference_kernels`` module, from its file."""
    spec = importlib.util.spec_from_file_location("reference_kernels", path)
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    return reference


def find_kernel(given: str | None) -> Path | None:
    places = [Path(given)] if given else KERNEL_PLACES
    return next((p for p in places if p.is_file()), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--steps", type=int, default=240)
    parser.add_argument("--rounds", type=int, default=5, help="world/kernel pairs")
    parser.add_argument("--rivals-runs", type=int, default=15, help="per variant")
    parser.add_argument("--big", type=int, default=1000, help="states of the memory run (0: none)")
    parser.add_argument("--kernel", help="path of reference_kernels.py")
    # internal: one measurement in this process
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--against", help=argparse.SUPPRESS)
    parser.add_argument("--rivals", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_size(args.one, args.steps, args.repeats)))
        return
    if args.against:
        print(json.dumps(measure_against_kernel(Path(args.against), args.rounds)))
        return
    if args.rivals:
        print(json.dumps(measure_rivals(args.rivals_runs)))
        return

    lines = []
    record: dict = {"machine": machine()}
    kernel = find_kernel(args.kernel)
    if kernel is None:
        print("reference kernel not found: no ratio (give --kernel)", flush=True)
    else:
        k = in_fresh_process("--against", str(kernel), "--rounds", str(args.rounds))
        record["against_kernel"] = k
        print(f"world vs kernel: ratio {k['ratio']:.2f} (CPU {k['ratio_cpu']:.2f})", flush=True)
        lines += [
            f"World (193 states, 240 steps, `mixed`) against the reference kernel "
            f"`run_kernel(193, 240)`, one after the other in one process, {k['rounds']} "
            "rounds, medians:",
            "",
            "| | wall (s) | CPU (s) |",
            "|---|---:|---:|",
            f"| ddsim, one replication | {k['world_seconds']:.3f} | {k['world_cpu_seconds']:.3f} |",
            f"| reference kernel | {k['kernel_seconds']:.3f} | {k['kernel_cpu_seconds']:.3f} |",
            f"| **ratio** | **{k['ratio']:.2f}** | {k['ratio_cpu']:.2f} |",
            "",
            f"Ratio in each round: {', '.join(f'{r:.2f}' for r in k['ratios_each_round'])}; "
            f"load average {k['load_average']:.1f}.",
            "",
        ]
    r = in_fresh_process("--rivals", "--rivals-runs", str(args.rivals_runs))
    record["rivals"] = r
    print(f"rivals: median {r['median_ms']:.1f} ms", flush=True)
    lines += [
        f"The two rivals (3 states, 240 steps), one replication, {r['runs']} runs (both "
        f"variants): median **{r['median_ms']:.1f} ms** (CPU {r['cpu_median_ms']:.1f} ms, "
        f"fastest {r['fastest_ms']:.1f} ms); load average {r['load_average']:.1f}.",
        "",
    ]

    rows = []
    for n in args.sizes:
        repeats = 3 if n <= 50 else 1
        one = ("--one", str(n), "--steps", str(args.steps), "--repeats", str(repeats))
        row = in_fresh_process(*one)
        print(
            f"{n:>4} states: {row['seconds']:7.2f} s (CPU {row['cpu_seconds']:.2f} s), "
            f"{row['ms_per_step']:7.1f} ms/step, "
            f"peak traced {row['peak_traced_mib']:7.1f} MiB, max RSS {row['max_rss_mib']:6.0f} MiB",
            flush=True,
        )
        rows.append(row)
    record["runs"] = rows
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
    record["slopes"] = fits
    lines += [
        f"One replication, {args.steps} steps, variant `mixed` (seed {SEED}), each size in a "
        "fresh process; median of 3 runs for n <= 50, one run above. Load average: other "
        f"work on the machine ({os.cpu_count()} cores) when the size finished.",
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

    if args.big:
        big = in_fresh_process("--one", str(args.big), "--steps", str(args.steps))
        record["big"] = big
        print(f"{args.big} states: max RSS {big['max_rss_mib']:.0f} MiB", flush=True)
        lines += [
            "",
            f"{args.big:,} states, one replication of {args.steps} steps in a fresh process: "
            f"**max RSS {big['max_rss_mib']:.0f} MiB** (peak traced {big['peak_traced_mib']:.0f} "
            f"MiB), {big['seconds']:.1f} s (CPU {big['cpu_seconds']:.1f} s); load average "
            f"{big['load_average']:.1f}.",
        ]
    write("scaling", record, "\n".join(lines))


if __name__ == "__main__":
    main()
