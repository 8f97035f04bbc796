"""``ddsim compare``: variants side by side, with intervals, figures and a report."""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ddsim.cli.common import (
    EXIT_OK,
    SCENARIO_HELP,
    add_executor_options,
    add_run_options,
    check_output_folder,
    finished,
    interrupted,
    positive_int,
    run_options,
    say,
)
from ddsim.defaults import BOOTSTRAP_DRAWS, BOOTSTRAP_SEED

if TYPE_CHECKING:
    from ddsim.scenarios import Scenario

log = logging.getLogger("ddsim")


# --------------------------------------------------------------------------
# the command
# --------------------------------------------------------------------------
def record_of(scenarios: list[Scenario]) -> dict[str, Any] | None:
    """The record's war rate for the kind of pair the scenarios name
    (``record:``), when they name one and the same."""
    kinds = {sc.record for sc in scenarios}
    if len(kinds) != 1 or None in kinds:
        return None
    from ddsim.calibration.targets import war_benchmark

    return war_benchmark(kinds.pop())


def cmd_compare(args: argparse.Namespace) -> int:
    from ddsim.experiments.compare import compare
    from ddsim.scenarios import load_scenario

    scenarios = [load_scenario(path) for path in args.scenarios]  # refuse bad files first
    if args.out:
        out = Path(args.out)
    elif len(scenarios) == 1:
        out = Path("results") / scenarios[0].name
    else:
        out = Path("results") / ("compare-" + "-".join(sc.name for sc in scenarios))
    check_output_folder(out, args)
    started = time.perf_counter()
    try:
        cmp = compare(
            *scenarios,
            replications=args.replications,
            variants=args.variants,
            reference=args.reference,
            seed=args.seed,
            steps=args.steps,
            bootstrap_draws=args.bootstrap,
            across_fit=args.across_fit,
            **run_options(args, out),
        )
    except KeyboardInterrupt:
        return interrupted(out)
    cmp.write(out, command=["ddsim", *args.argv], record=record_of(scenarios))
    finished(out)
    log.info("done in %.1f s", time.perf_counter() - started)
    say(args, f"wrote {out}/ (report.html, comparison.csv, figures, timeseries, summary)")
    if not args.quiet:
        print(cmp.headline().T.rename_axis(None, axis=1).to_string())
        if cmp.across_fit is not None:
            from ddsim.analysis.across_fit import sentence

            print("\nAcross the fit (intervals over seeds and parameter sets):")
            for _, row in cmp.across_fit.iterrows():
                print("  " + sentence(row))
    return EXIT_OK


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``ddsim compare``."""

    p = subparsers.add_parser(
        "compare",
        help="compare variants (of one scenario or several) with confidence intervals",
        description="Run every variant over the same replication seeds and compare them: "
        "war probability by the horizon (Wilson 95% CI), time to first war (Kaplan-Meier), "
        "final trust, and differences from the reference with paired bootstrap 95% CIs. "
        "Writes comparison.csv, figures and a self-contained report.html. Each finished "
        "replication is kept in a hidden folder beside the results, so an interrupted run "
        "continues with --resume.",
    )
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help=SCENARIO_HELP + "; one or more")
    p.add_argument(
        "--variant",
        action="append",
        dest="variants",
        metavar="LABEL",
        help="compare only this variant (repeat for more; several files: name:variant)",
    )
    p.add_argument("--reference", metavar="LABEL", help="compare against this (default: first)")
    add_run_options(
        p, out="results/<scenario name>, or results/compare-<name>-<name>... for several"
    )
    add_executor_options(p)
    p.add_argument(
        "--bootstrap",
        type=positive_int,
        default=BOOTSTRAP_DRAWS,
        metavar="N",
        help=f"bootstrap resamples for the differences (default {BOOTSTRAP_DRAWS}; "
        f"seed {BOOTSTRAP_SEED})",
    )
    p.add_argument(
        "--across-fit",
        type=positive_int,
        metavar="K",
        help="run the comparison on K accepted parameter sets (the "
        "defaults and K-1 others from the calibration), the same seeds in each, and give "
        "each difference over seeds and sets, with the number of sets its sign holds in",
    )
    p.set_defaults(func=cmd_compare)
