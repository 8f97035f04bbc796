"""``ddsim run``, ``ddsim validate`` and ``ddsim list``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from ddsim.cli.common import (
    EXIT_BAD_INPUT,
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


# --------------------------------------------------------------------------
# subcommands
# --------------------------------------------------------------------------
def cmd_run(args: argparse.Namespace) -> int:
    from ddsim.experiments.run import run
    from ddsim.outputs.folders import write_results
    from ddsim.scenarios import load_scenario

    sc = load_scenario(args.scenario)
    # not results/<name>: that is compare's, and one must not replace the other's
    out = check_output_folder(Path(args.out or Path("results") / f"{sc.name}_run"), args)
    variants = [args.variant] if args.variant else None
    if args.seed is not None:
        sc = sc.replace(seed=args.seed)
    try:
        results = run(
            sc,
            replications=args.replications,
            variants=variants,
            steps=args.steps,
            **run_options(args, out),
        )
    except KeyboardInterrupt:
        return interrupted(out)
    write_results(results, out, command=["ddsim", *args.argv])
    finished(out)
    say(args, f"wrote {out}/ (manifest.json, timeseries.csv, summary.csv, figures)")
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


def cmd_validate(args: argparse.Namespace) -> int:
    from ddsim.scenarios import ScenarioError, load_scenario

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
            print(f"ddsim: {exc}", file=sys.stderr)
            failed += 1
    return EXIT_BAD_INPUT if failed else EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    listers: dict[str, Callable[[argparse.Namespace], None]] = {
        "strategies": _list_strategies,
        "actions": _list_actions,
        "parameters": _list_parameters,
        "outcomes": _list_outcomes,
        "scenarios": _list_scenarios,
    }
    listers[args.what](args)
    return EXIT_OK


def _list_strategies(args: argparse.Namespace) -> None:
    from ddsim.core.strategies import STRATEGIES

    for name, cls in sorted(STRATEGIES.items()):
        tags = [k for k in ("coercive", "reciprocal", "stochastic") if cls.classifier.get(k)]
        memory = cls.classifier.get("memory")
        tags.append("memory: all" if memory == -1 else f"memory: {memory}")
        params = ", ".join(f"{p}={v.default:g}" for p, v in cls.parameters.items())
        print(f"{name:<20} [{'; '.join(tags)}]{'  parameters: ' + params if params else ''}")
        doc = " ".join((cls.__doc__ or "").split())
        print(f"    {doc}\n")


#: ``ddsim list actions``: each numeric column's header, and what it means.
ACTION_COLUMNS = {
    "cost": "budget units one engagement uses",
    "credibility": "how costly a signal: 0 anyone would send it, 1 only a benign state would",
    "visibility": "share of the act that other states see (0 to 1)",
    "ties": "change in military ties per engagement, a share of the gap to 1 (< 0: strains)",
    "channel": "crisis-channel capacity it adds (hotlines, observers), a share of the gap to 1",
}


def _list_actions(args: argparse.Namespace) -> None:
    from ddsim.core.actions import DEFAULT_ACTIONS

    numbers = "".join(f"{name:>12}" for name in ACTION_COLUMNS)
    print(f"{'action':<25}{'mode':<13}{'kind':<12}{numbers}  dimension of trust")
    for a in DEFAULT_ACTIONS.values():
        kind = "cooperative" if a.cooperative else "coercive"
        values = "".join(f"{getattr(a, name):>12.2f}" for name in ACTION_COLUMNS)
        print(f"{a.kind:<25}{a.mode:<13}{kind:<12}{values}  {a.dimension}")
    print("\nThe columns (rounded to 2 decimals; docs/model.md has the sources):")
    for name, meaning in ACTION_COLUMNS.items():
        print(f"  {name:<12}{meaning}")
    print(f"  {'dimension':<12}which side of trust it speaks to: ability, benevolence, integrity")


def _list_parameters(args: argparse.Namespace) -> None:
    from ddsim.core.parameters import PARAMETERS

    for p in PARAMETERS.values():
        print(f"{p.name} = {p.default:g}   [{p.low:g}, {p.high:g}] {p.unit}   ({p.group})")
        print(f"    {p.meaning}\n    source: {p.source}\n")


def _list_outcomes(args: argparse.Namespace) -> None:
    from ddsim.analysis.outcomes import KINDS, OUTCOMES

    for o in OUTCOMES.values():
        print(f"{o.name}: {o.label}   [{o.kind}; {o.unit}; {o.better} is better]")
        print(f"    {o.meaning}\n    over replications: {KINDS[o.kind]}\n")


def _list_scenarios(args: argparse.Namespace) -> None:
    """The packaged scenarios by name, or the scenario files in ``--dir``."""
    from ddsim.scenarios import ScenarioError, load_scenario, packaged_scenarios

    if args.dir is None:
        found = dict(packaged_scenarios())
        width = max(map(len, found))
    else:
        folder = Path(args.dir)
        files = sorted(folder.rglob("*.yaml")) + sorted(folder.rglob("*.yml"))
        if not files:
            raise InputError(f"{folder}: no scenario files (*.yaml) here")
        found = {str(path): path for path in files}
        width = 40
    for label, source in found.items():
        try:
            sc = load_scenario(source)
            print(f"{label:<{width}} {len(sc.states):>4} states  {sc.title or sc.name}")
        except ScenarioError as exc:
            print(f"{label:<{width}} INVALID: {exc.message}")


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    """Add ``ddsim run``, ``ddsim validate`` and ``ddsim list``."""
    p = sub.add_parser(
        "run",
        help="run a scenario (all its variants, or one)",
        description="Run replications of a scenario and write a results folder: "
        "manifest.json, timeseries.csv, summary.csv and PNG figures.",
    )
    p.add_argument("scenario", help=SCENARIO_HELP)
    p.add_argument("--variant", help="run only this variant")
    add_run_options(p, out="results/<scenario name>_run")
    add_executor_options(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("validate", help="check scenario files without running them")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help=SCENARIO_HELP)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("list", help="list strategies, actions, parameters, outcomes or scenarios")
    p.add_argument("what", choices=["strategies", "actions", "parameters", "outcomes", "scenarios"])
    p.add_argument(
        "--dir",
        metavar="FOLDER",
        help="list the scenario files in this folder (default: the scenarios that ship with ddsim)",
    )
    p.set_defaults(func=cmd_list)
