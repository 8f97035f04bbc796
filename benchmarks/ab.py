"""Two checkouts of ddsim side by side: CPU time of one replication, alternately.

On a shared machine the load moves every time by up to two times (CPU time
too: two busy cores share their caches), so a before/after claim is only
fair when both run in the same minutes. This script runs one replication
(``run_replication``) of a scenario in a fresh process of each checkout in
turn, ``rounds`` times, and prints the medians.

Run from the repository root, with a second checkout (say a git worktree of
the commit before a change) in OTHER::

    git worktree add /tmp/before <commit>
    .venv/bin/python benchmarks/ab.py /tmp/before . rivals engagement
    .venv/bin/python benchmarks/ab.py /tmp/before . world mixed --reps 1 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

#: Runs in each checkout: prints the CPU seconds of each replication as JSON.
ONE = r"""
import json, sys, time
import ddsim
from ddsim.experiments.jobs import Job, run_replication
root, name, variant, reps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
sc = ddsim.load_scenario(f"{root}/scenarios/{name}.yaml")
run_replication(Job(sc.replace(steps=3), variant, 0, 1))  # imports and caches
times = []
for k in range(reps):
    start = time.process_time()
    run_replication(Job(sc, variant, k, k))
    times.append(time.process_time() - start)
print(json.dumps(times))
"""


def cpu_times(root: Path, name: str, variant: str, reps: int) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    args = [sys.executable, "-c", ONE, str(root), name, variant, str(reps)]
    out = subprocess.run(args, capture_output=True, text=True, check=True, env=env, cwd=root)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path, help="the other checkout")
    parser.add_argument("after", type=Path, help="this checkout (usually .)")
    parser.add_argument("scenario", help="a name in scenarios/ (rivals, world, ...)")
    parser.add_argument("variant")
    parser.add_argument("--reps", type=int, default=8, help="replications per process")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    found: dict[str, list[float]] = {"before": [], "after": []}
    for _ in range(args.rounds):
        for which in found:
            root = getattr(args, which).resolve()
            found[which] += cpu_times(root, args.scenario, args.variant, args.reps)
    before, after = (statistics.median(found[w]) for w in ("before", "after"))
    print(
        f"{args.scenario}/{args.variant}: before {1000 * before:.1f} ms, after "
        f"{1000 * after:.1f} ms of CPU (medians of {len(found['after'])} runs each): "
        f"{before / after:.2f} times as fast; load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
