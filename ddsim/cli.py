"""The ``ddsim`` command.

Exit codes: 0 success, 2 bad input (a message naming the file, the field and
what is allowed; never a traceback), 1 a failure of ours.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .scenario import ScenarioError

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """A user's mistake on the command line (exit 2)."""


# --------------------------------------------------------------------------
# subcommands
# --------------------------------------------------------------------------
def cmd_run(args: argparse.Namespace) -> int:
    from .experiment import run
    from .results import write_results
    from .scenario import load_scenario

    sc = load_scenario(args.scenario)
    out = check_output_folder(Path(args.out or Path("results") / sc.name))
    variants = [args.variant] if args.variant else None
    if args.seed is not None:
        sc = sc.replace(seed=args.seed)
    results = run(
        sc,
        replications=args.replications,
        variants=variants,
        steps=args.steps,
        workers=args.workers,
        progress=_progress(args),
    )
    write_results(results, out, command=["ddsim", *args.argv])
    _say(args, f"wrote {out}/ (manifest.json, timeseries.csv, summary.csv, figures)")
    if not args.quiet:
        print(_headline(results))
    return EXIT_OK


def _headline(results) -> str:
    table = results.summary.groupby("variant", sort=False).agg(
        replications=("replication", "size"),
        war_by_horizon=("war_by_horizon", "mean"),
        mean_hostility=("mean_hostility", "mean"),
        final_mean_trust=("final_mean_trust", "mean"),
    )
    return table.round(3).to_string()


def check_output_folder(out: Path) -> Path:
    """Refuse, before anything runs, an output path that is an existing file
    (a results folder replaces what is there, and a file is not ours to replace).

    Raises:
        UsageError: ``out`` exists and is not a folder, or cannot be made where it is.
    """
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: is a file; give a folder for the results")
    parent = out.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise UsageError(f"--out {out}: {parent} is a file, so no folder can be made there")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"--out {out}: no permission to write in {parent}")
    return out


def cmd_validate(args: argparse.Namespace) -> int:
    from .scenario import load_scenario

    failed = 0
    for path in args.scenarios:
        try:
            sc = load_scenario(path)
            for name in sc.variant_names:
                sc.variant(name)
            print(
                f"{path}: ok ({len(sc.states)} states, {sc.steps} steps, "
                f"variants: {', '.join(sc.variant_names)})"
            )
        except ScenarioError as exc:
            print(exc, file=sys.stderr)
            failed += 1
    return EXIT_BAD_INPUT if failed else EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    listers: dict[str, Callable[[argparse.Namespace], None]] = {
        "strategies": _list_strategies,
        "actions": _list_actions,
        "parameters": _list_parameters,
        "scenarios": _list_scenarios,
    }
    listers[args.what](args)
    return EXIT_OK


def _list_strategies(args: argparse.Namespace) -> None:
    from .strategies import STRATEGIES

    for name, cls in sorted(STRATEGIES.items()):
        tags = [k for k in ("coercive", "reciprocal", "stochastic") if cls.classifier.get(k)]
        memory = cls.classifier.get("memory")
        tags.append("memory: all" if memory == -1 else f"memory: {memory}")
        params = ", ".join(f"{p}={v.default:g}" for p, v in cls.parameters.items())
        print(f"{name:<20} [{'; '.join(tags)}]{'  parameters: ' + params if params else ''}")
        doc = " ".join((cls.__doc__ or "").split())
        print(f"    {doc}\n")


def _list_actions(args: argparse.Namespace) -> None:
    from .actions import DEFAULT_ACTIONS

    print(
        f"{'action':<25}{'cost':>5} {'mode':<13}{'valence':<12}{'cred':>5}{'vis':>5}"
        f"{'ties':>6}{'chan':>5}  dimension"
    )
    for a in DEFAULT_ACTIONS.values():
        valence = "cooperative" if a.cooperative else "coercive"
        print(
            f"{a.kind:<25}{a.cost:>5g} {a.mode:<13}{valence:<12}{a.credibility:>5g}"
            f"{a.visibility:>5g}{a.ties:>6g}{a.channel:>5g}  {a.dimension}"
        )


def _list_parameters(args: argparse.Namespace) -> None:
    from .parameters import PARAMETERS

    for p in PARAMETERS.values():
        print(f"{p.name} = {p.default:g}   [{p.low:g}, {p.high:g}] {p.unit}   ({p.group})")
        print(f"    {p.meaning}\n    source: {p.source}\n")


def _list_scenarios(args: argparse.Namespace) -> None:
    from .scenario import load_scenario

    folder = Path(args.dir)
    files = sorted(folder.rglob("*.yaml")) + sorted(folder.rglob("*.yml"))
    if not files:
        raise UsageError(f"{folder}: no scenario files (*.yaml) here; use --dir")
    for path in files:
        try:
            sc = load_scenario(path)
            print(f"{path!s:<40} {len(sc.states):>4} states  {sc.title or sc.name}")
        except ScenarioError as exc:
            print(f"{path!s:<40} INVALID: {exc.message}")


# --------------------------------------------------------------------------
# the parser
# --------------------------------------------------------------------------
def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"a seed is 0 or more, got {value}")
    return value


def add_output_options(p: argparse.ArgumentParser) -> None:
    """``--quiet`` and ``--verbose``, shared by every subcommand that runs."""
    group = p.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    group.add_argument(
        "-v", "--verbose", action="store_true", help="say more; tracebacks on failure"
    )


def add_run_options(p: argparse.ArgumentParser) -> None:
    """Options shared by subcommands that run replications."""
    p.add_argument(
        "--replications", "-n", type=_positive_int, help="per variant (default: the scenario's)"
    )
    p.add_argument("--seed", type=_seed, help="root seed (default: the scenario's)")
    p.add_argument("--steps", type=_positive_int, help="horizon in steps (default: the scenario's)")
    p.add_argument(
        "--workers", "-j", type=_positive_int, default=1, help="local processes (default 1)"
    )
    p.add_argument("--out", "-o", help="results folder (default: results/<scenario name>)")
    add_output_options(p)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ddsim",
        description="Simulate trust building through defence diplomacy. "
        "Exit codes: 0 ok, 2 bad input, 1 internal failure.",
    )
    parser.add_argument("--version", action="version", version=f"ddsim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "run",
        help="run a scenario (all its variants, or one)",
        description="Run replications of a scenario and write a results folder: "
        "manifest.json, timeseries.csv, summary.csv and PNG figures.",
    )
    p.add_argument("scenario", help="scenario file (YAML)")
    p.add_argument("--variant", help="run only this variant")
    add_run_options(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("validate", help="check scenario files without running them")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", help="list strategies, actions, parameters or scenarios")
    p.add_argument("what", choices=["strategies", "actions", "parameters", "scenarios"])
    p.add_argument(
        "--dir", default="scenarios", help="where to look for scenarios (default: scenarios)"
    )
    p.set_defaults(func=cmd_list)

    for module in SUBCOMMAND_MODULES:
        importlib.import_module(module).add_subcommands(sub)
    return parser


#: Modules that add subcommands: each has ``add_subcommands(subparsers)`` and
#: keeps its command next to the code it runs.
SUBCOMMAND_MODULES: list[str] = [
    "ddsim.compare",
    "ddsim.report",
    "ddsim.sweep",
    "ddsim.tournament",
    "ddsim.dashboard",
]


def _progress(args: argparse.Namespace) -> bool | None:
    return False if getattr(args, "quiet", False) else None


def _say(args: argparse.Namespace, text: str) -> None:
    if not getattr(args, "quiet", False):
        print(text, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ddsim`` command; returns the exit code."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    args.argv = argv  # the command as given, for manifests
    try:
        return args.func(args)
    except (ScenarioError, UsageError) as exc:
        print(f"ddsim: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("ddsim: interrupted; nothing half-written was left behind", file=sys.stderr)
        return 130
    except Exception as exc:  # a failure of ours: say so plainly
        if getattr(args, "verbose", False) or os.environ.get("DDSIM_DEBUG"):
            raise
        print(
            f"ddsim: internal error: {type(exc).__name__}: {exc} "
            "(run with --verbose for the traceback, and please report it)",
            file=sys.stderr,
        )
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
