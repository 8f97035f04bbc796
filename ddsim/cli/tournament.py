"""``ddsim tournament``: every strategy meets every other in a dyad."""

from __future__ import annotations

import argparse
from pathlib import Path

from ddsim.cli.common import (
    EXIT_OK,
    add_executor_options,
    add_run_options,
    check_output_folder,
    finished,
    interrupted,
    run_options,
    say,
)
from ddsim.defaults import TOURNAMENT_SCENARIO
from ddsim.errors import InputError


def format_ranking(ranking) -> str:
    """The ranking as a plain-text table with confidence intervals."""
    from ddsim.analysis.intervals import format_interval
    from ddsim.experiments.tournament import SCORES

    lines = [f"{'rank':>4}  {'strategy':<22}{'hostility':>18}{'war rate':>18}{'trust':>18}"]
    for _, r in ranking.iterrows():
        cells = [format_interval(r[s], r[f"{s}_low"], r[f"{s}_high"]) for s in SCORES]
        name = r["strategy"] + (" *" if r["from_file"] else "")
        lines.append(f"{r['rank']:>4}  {name:<22}" + "".join(f"{c:>18}" for c in cells))
    from_file = "; * = entry from a file" if ranking["from_file"].any() else ""
    lines.append(f"(mean [95% CI] over seeds{from_file})")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# the command
# --------------------------------------------------------------------------
def cmd_tournament(args: argparse.Namespace) -> int:
    from ddsim.experiments.tournament import load_strategies, tournament, write_tournament

    out = check_output_folder(Path(args.out or "results/tournament"), args)
    entries = [name for path in args.strategies for name in load_strategies(path)]
    chosen = [s.strip() for s in args.only.split(",") if s.strip()] if args.only else None
    if chosen is not None and not chosen:
        raise InputError("--only needs strategy names separated by commas")
    try:
        res = tournament(
            chosen,
            args.scenario,
            args.replications,
            args.seed,
            args.steps,
            **run_options(args, out),
        )
    except KeyboardInterrupt:
        return interrupted(out)
    write_tournament(res, out, ["ddsim", *args.argv])
    finished(out)
    say(args, f"wrote {out}/ (ranking.csv, matches.csv, plays.csv, ranking.png)")
    if entries:
        say(args, f"entries from files: {', '.join(entries)}")
    if not args.quiet:
        print(format_ranking(res.ranking))
    return EXIT_OK


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    """Add ``ddsim tournament``."""

    p = sub.add_parser(
        "tournament",
        help="play strategies against each other in a dyad and rank them",
        description="Play every registered strategy (or those named with --only) against every "
        "other and itself in a two-state scenario, over many seeds, and rank them by mean "
        "hostility, war rate and final trust. Enter your own strategies with --strategies "
        "FILE.py: the file is run and registers them with @ddsim.register_strategy.",
    )
    p.add_argument(
        "--strategies",
        nargs="+",
        default=[],
        metavar="FILE.py",
        help="Python files that register strategies to enter",
    )
    p.add_argument("--only", metavar="A,B,C", help="play only these strategies")
    p.add_argument(
        "--scenario",
        default=TOURNAMENT_SCENARIO,
        help="a two-state scenario: a file, or the name of one that ships with ddsim "
        f"(default: {TOURNAMENT_SCENARIO})",
    )
    add_run_options(
        p,
        replications="games per match (default: the scenario's)",
        out="results/tournament",
    )
    add_executor_options(p)
    p.set_defaults(func=cmd_tournament)
