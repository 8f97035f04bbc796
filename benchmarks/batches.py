"""Benchmark (f): replications as arrays, what a batch buys (issue 17, item 5).

Four measurements, in this process, one after the other:

1. **The rivals in a batch.** ``scenarios/rivals.yaml`` (3 states, 240 steps),
   both variants: milliseconds a replication when 256 run as one batch on one
   worker, against one replication alone (a batch of one), and against one
   replication of the shared bench's reference kernel for 193 states
   (``run_kernel(193, 240)``). Targets: at most 10 ms a replication, at most
   0.06 times the kernel.
2. **Regional and blocs.** A replication alone against one in a batch of 64:
   the speed-up. Target: at least 5 times.
3. **The play debrief.** 50 runs x 8 groups on the rivals after a six-turn
   game, as ``ddsim play``'s debrief makes them (``make_debrief``: the runs,
   the class's focus measured in each, the table). Target: at most 1 s.
4. Every batched replication is checked against the same seed alone (its
   time series, to the bit) before it is timed.

Run from the repository root::

    PYTHONPATH=$PWD python benchmarks/batches.py
    PYTHONPATH=$PWD python benchmarks/batches.py --rivals 64 --rounds 1   # quicker

Timing (1,000 replications on two workers) is ``benchmarks/replications.py``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from _common import ROOT, machine, write
from scaling import find_kernel, load_kernel, timed


def batch_run(name: str, variant: str | None, seeds: list[int]) -> float:
    """Seconds to run ``seeds`` of a scenario as one batch (time series included)."""
    import ddsim
    from ddsim.experiments.jobs import Job, run_replications

    sc = ddsim.load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    jobs = [Job(sc, variant, k, seed) for k, seed in enumerate(seeds)]
    wall, _ = timed(lambda: run_replications(jobs))
    return wall


def check_exact(name: str, variant: str | None, seeds: list[int]) -> None:
    """A batch's replications are their seeds alone, to the bit (or this stops)."""
    import ddsim
    from ddsim.experiments.jobs import Job, run_replication, run_replications

    sc = ddsim.load_scenario(ROOT / "scenarios" / f"{name}.yaml").replace(steps=60)
    jobs = [Job(sc, variant, k, seed) for k, seed in enumerate(seeds)]
    for job, outcome in zip(jobs, run_replications(jobs), strict=True):
        alone = run_replication(job).timeseries
        if not alone.equals(outcome.timeseries):
            raise SystemExit(f"{name}/{variant} seed {job.seed}: a batch changed the run")


def per_replication(name: str, variant: str | None, size: int, rounds: int) -> dict:
    """Milliseconds a replication, alone and in a batch of ``size``."""
    seeds = list(range(size))
    alone = [batch_run(name, variant, [seed]) for seed in seeds[: max(3, rounds * 3)]]
    together = [batch_run(name, variant, seeds) / size for _ in range(rounds)]
    ms_alone, ms_batch = 1000 * statistics.median(alone), 1000 * statistics.median(together)
    return {
        "scenario": name,
        "variant": variant,
        "batch": size,
        "ms_alone": ms_alone,
        "ms_in_batch": ms_batch,
        "speedup": ms_alone / ms_batch,
        "load_average": os.getloadavg()[0],
    }


def debrief_time(replications: int) -> dict:
    """Seconds of the rivals' debrief (``make_debrief``, as ``ddsim play``
    makes it): ``replications`` runs of each group, after a six-turn game."""
    import ddsim
    from ddsim.play import Game
    from ddsim.play.debrief import make_debrief

    sc = ddsim.load_scenario(ROOT / "scenarios" / "rivals.yaml")
    game = Game(sc, teams={"ALD": "Aldoria's team", "BOR": "Borea's team"})
    for _ in range(6):  # the six turns of lesson 4's game
        game.advance()
    start = time.perf_counter()
    debrief = make_debrief(game, replications)
    return {
        "groups": len(debrief.results.variants),
        "runs_per_group": replications,
        "steps": game.played_turns,
        "seconds": time.perf_counter() - start,
        "load_average": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rivals", type=int, default=256, help="rivals batch size")
    parser.add_argument("--others", type=int, default=64, help="regional and blocs batch size")
    parser.add_argument("--rounds", type=int, default=3, help="batches timed per scenario")
    parser.add_argument("--kernel", help="path of reference_kernels.py")
    args = parser.parse_args()

    for name, variant in (("rivals", "deterrence"), ("regional", "baseline"), ("blocs", "hedging")):
        check_exact(name, variant, [0, 1, 2, 3, 4])
    batch_run("rivals", "engagement", [0, 1])  # warm up imports and caches

    rivals = [
        per_replication("rivals", v, args.rivals, args.rounds) for v in ("engagement", "deterrence")
    ]
    others = [
        per_replication("regional", "baseline", args.others, args.rounds),
        per_replication("blocs", "hedging", args.others, args.rounds),
    ]
    found = {"machine": machine(), "rivals": rivals, "others": others}
    kernel = find_kernel(args.kernel)
    if kernel is not None:
        reference = load_kernel(kernel)
        reference.run_kernel(193, 5)
        seconds = statistics.median(
            timed(lambda: reference.run_kernel(193, 240))[0] for _ in range(3)
        )
        found["kernel_193_seconds"] = seconds
        for row in rivals:
            row["of_kernel"] = row["ms_in_batch"] / 1000 / seconds
    found["debrief"] = debrief_time(50)

    lines = [
        "# Replications as arrays (benchmarks/batches.py)",
        "",
        "| scenario | variant | batch | ms alone | ms a replication in the batch "
        "| speed-up | of one kernel run (193 states) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in rivals + others:
        share = f"{row['of_kernel']:.3f}" if "of_kernel" in row else ""
        lines.append(
            f"| {row['scenario']} | {row['variant']} | {row['batch']} | {row['ms_alone']:.1f} "
            f"| {row['ms_in_batch']:.2f} | {row['speedup']:.1f}x | {share} |"
        )
    d = found["debrief"]
    lines += [
        "",
        f"Debrief of the rivals: {d['groups']} groups x {d['runs_per_group']} runs "
        f"({d['steps']} steps) in **{d['seconds']:.2f} s**; load average {d['load_average']:.1f}.",
    ]
    if "kernel_193_seconds" in found:
        lines.append(
            f"Reference kernel, 193 states, 240 steps: {found['kernel_193_seconds']:.3f} s."
        )
    print("\n".join(lines))
    write("batches", found, "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
