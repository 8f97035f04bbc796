"""Benchmark (d): how long the ``ddsim`` command takes to start.

``ddsim --help`` and ``ddsim --version`` should answer at once (target: under
0.5 s). Two measurements, each over several fresh processes (median):

* the wall time of ``ddsim --help``, ``ddsim --version`` and, for scale, of a
  bare ``python -c pass`` (the interpreter's own start);
* ``python -X importtime -m ddsim --version``: the time spent importing, and
  the modules that take most of it. None of pandas, scipy, matplotlib and Mesa
  may be among them (``tests/test_startup.py`` checks that part).

Run from the repository root, with ddsim installed in the Python that runs it::

    .venv/bin/python benchmarks/startup.py
    .venv/bin/python benchmarks/startup.py --runs 5    # quicker
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import machine, write

HEAVY = ("pandas", "scipy", "matplotlib", "mesa")
TARGET = 0.5  # seconds


def ddsim_command() -> list[str]:
    """The installed ``ddsim`` script beside this Python, else ``python -m ddsim``."""
    script = Path(sys.executable).parent / "ddsim"
    found = script if script.exists() else shutil.which("ddsim")
    return [str(found)] if found else [sys.executable, "-m", "ddsim"]


def wall_times(argv: list[str], runs: int) -> list[float]:
    """Seconds from start to exit of ``argv``, once per run (output discarded)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return times


def import_times() -> tuple[float, dict[str, float]]:
    """``-X importtime`` of ``python -m ddsim --version``: the total import time
    (seconds) and each module's cumulative time, biggest first."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ddsim", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    total, modules = 0, {}
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        modules[name.strip()] = int(cumulative) / 1e6
        if name.startswith(" ") and not name.startswith("  "):  # a top-level import
            total += int(cumulative)
    return total / 1e6, dict(sorted(modules.items(), key=lambda kv: -kv[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="processes per measurement")
    args = parser.parse_args()

    ddsim = ddsim_command()
    load_before = os.getloadavg()
    walls = {
        "python -c pass": wall_times([sys.executable, "-c", "pass"], args.runs),
        "ddsim --version": wall_times([*ddsim, "--version"], args.runs),
        "ddsim --help": wall_times([*ddsim, "--help"], args.runs),
    }
    imports = [import_times() for _ in range(args.runs)]
    load_after = os.getloadavg()

    totals = [total for total, _ in imports]
    median_run = imports[totals.index(statistics.median_low(totals))][1]
    heavy = sorted(m for m in HEAVY if m in median_run)
    top = dict(list((k, v) for k, v in median_run.items() if not k.startswith("encodings"))[:8])
    data = {
        "machine": machine(),
        "command": ddsim,
        "runs": args.runs,
        "load_average": {"before": load_before, "after": load_after},
        "wall_seconds": {k: {"median": statistics.median(v), "all": v} for k, v in walls.items()},
        "import_seconds": {"median": statistics.median(totals), "all": totals},
        "slowest_imports": top,
        "heavy_modules_imported": heavy,
    }

    rows = "\n".join(
        f"| `{k}` | {statistics.median(v):.3f} | {min(v):.3f} | {max(v):.3f} |"
        for k, v in walls.items()
    )
    slowest = "\n".join(f"| `{k}` | {v * 1000:.0f} |" for k, v in top.items())
    help_median = statistics.median(walls["ddsim --help"])
    markdown = f"""### Start-up ({args.runs} runs each, {data["machine"]["when"]})

Load average {load_before[0]:.1f} before, {load_after[0]:.1f} after; `{" ".join(ddsim)}`.

| command | median s | fastest s | slowest s |
|---|---:|---:|---:|
{rows}

`python -X importtime -m ddsim --version`: {statistics.median(totals):.3f} s importing
(median). Heavy libraries imported: {", ".join(heavy) or "none"}.
`ddsim --help` {"meets" if help_median < TARGET else "misses"} the {TARGET} s target.

| module (cumulative, median run) | ms |
|---|---:|
{slowest}"""
    write("startup", data, markdown)


if __name__ == "__main__":
    main()
