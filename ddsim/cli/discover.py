"""``ddsim discover``: under which conditions does one variant beat the other?"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

from ddsim.cli.common import (
    EXIT_OK,
    SCENARIO_HELP,
    add_executor_options,
    add_run_options,
    check_output_folder,
    finished,
    interrupted,
    run_options,
    say,
)
from ddsim.errors import InputError
from ddsim.experiments import discovery_defaults as defaults

log = logging.getLogger("ddsim")


def _number(args: argparse.Namespace, name: str, kind: type, default: float) -> float:
    """``--NAME`` as a number, or one line saying what it must be (exit 2)."""
    text = getattr(args, name)
    if text is None:
        return default
    try:
        return kind(text)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise InputError(f"--{name} must be {what}, got {text!r}") from None


def cmd_discover(args: argparse.Namespace) -> int:
    from ddsim.experiments.discovery import discover
    from ddsim.scenarios import load_scenario

    sc = load_scenario(args.scenario)  # refuse a bad file first
    out = check_output_folder(Path(args.out or Path("results") / f"{sc.name}_discovery"), args)
    started = time.perf_counter()
    try:
        found = discover(
            sc,
            args.factor,
            fitted=args.fitted,
            variants=args.variants,
            outcome=args.outcome,
            cases=int(_number(args, "cases", int, defaults.DISCOVERY_CASES)),
            replications=args.replications or defaults.DISCOVERY_REPLICATIONS,
            seed=args.seed,
            steps=args.steps,
            threshold=_number(args, "threshold", float, defaults.DISCOVERY_THRESHOLD),
            boxes=int(_number(args, "boxes", int, defaults.DISCOVERY_BOXES)),
            significant=args.significant,
            **run_options(args, out),
        )
    except KeyboardInterrupt:
        return interrupted(out)
    found.write(out, command=["ddsim", *args.argv])
    finished(out)
    log.info("done in %.1f s", time.perf_counter() - started)
    say(
        args, f"wrote {out}/ (report.html, cases.csv, boxes.csv, trajectory.csv, runs.csv, figures)"
    )
    if not args.quiet:
        print(headline(found))
    return EXIT_OK


def headline(found) -> str:
    """What the discovery found, in the report's words, for the terminal."""
    from ddsim.outputs.discovery import sentences

    words = sentences(found.boxes, found.cases, found.manifest())
    return "\n".join([words["overall"], *words["boxes"]])


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``ddsim discover``."""
    p = subparsers.add_parser(
        "discover",
        help="scenario discovery: find (PRIM) the conditions under which one variant beats another",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Draw cases of the factors with a Latin hypercube, run two variants in each case\n"
            "over the same seeds, and take each case's paired difference of an outcome (first\n"
            "variant minus second). A case counts when the first variant gives less of the\n"
            "outcome than the second; PRIM (the EMA Workbench's) finds the boxes of conditions\n"
            "where such cases gather, with their coverage and density. Writes cases.csv,\n"
            "boxes.csv, trajectory.csv, runs.csv, figures and report.html.\n"
            "Guide: docs/discovery.md. Needs: pip install 'ddsim[discovery]'."
        ),
        epilog=(
            "factors (repeat --factor):\n"
            "  onset_rate=0.005:0.02            a parameter over a range (or A,B,C: a list)\n"
            "  onset_rate                       its range in the parameter sets the fit accepted\n"
            "  states.BOR.capability=0.4:1.2    a state's capability, budget or capacity\n"
            "  states.BOR.disposition           revisionist or security_seeker (or =one,other)\n"
            "  states.CET.major                 a major power or not (yes,no)\n"
            "  relations.ALD-BOR.trust=0.1:0.5  a pair's trust (both ways), contention, hostility\n"
            "  'alliance.Northern Pact'         an alliance on or off (or alliance.ALD-CET)\n"
            "  alliance.BOR-CET                 two states not allied: on makes them allies\n"
            "states by id or name; pairs as A-B.\n\n"
            "example:\n"
            "  ddsim discover deterrence --variants deterrence engagement -j 2 \\\n"
            "      -f onset_rate -f states.BOR.disposition -f states.BOR.capability=0.3:1.5"
        ),
    )
    p.add_argument("scenario", help=SCENARIO_HELP)
    p.add_argument(
        "--factor", "-f", action="append", metavar="NAME[=RANGE]", help="what varies; repeat"
    )
    p.add_argument(
        "--fitted",
        action="store_true",
        help="vary every fitted parameter over its range in the accepted parameter sets",
    )
    p.add_argument(
        "--variants",
        nargs=2,
        metavar=("FIRST", "SECOND"),
        help="the two variants; a case counts when FIRST gives less of the outcome than SECOND "
        "(default: the scenario's second variant, then its first, as compare's differences)",
    )
    p.add_argument(
        "--outcome",
        default=defaults.DISCOVERY_OUTCOME,
        help=f"the outcome compared (`ddsim list outcomes`; default {defaults.DISCOVERY_OUTCOME})",
    )
    p.add_argument(
        "--cases",
        metavar="N",
        help=f"cases of the Latin hypercube (default {defaults.DISCOVERY_CASES})",
    )
    p.add_argument(
        "--threshold",
        metavar="SHARE",
        help=f"the density a box must reach, 0 to 1 (default {defaults.DISCOVERY_THRESHOLD})",
    )
    p.add_argument(
        "--boxes", metavar="N", help=f"at most this many boxes (default {defaults.DISCOVERY_BOXES})"
    )
    p.add_argument(
        "--significant",
        action="store_true",
        help="count a case only when its whole 95%% interval is below zero",
    )
    add_run_options(
        p,
        replications=f"per case and variant (default {defaults.DISCOVERY_REPLICATIONS})",
        out="results/<scenario name>_discovery",
    )
    add_executor_options(p)
    p.set_defaults(func=cmd_discover)
