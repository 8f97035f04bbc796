"""``ddsim sweep``: parameter sweeps and sensitivity analysis."""

from __future__ import annotations

import argparse
from pathlib import Path

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
from ddsim.defaults import DEFAULT_SAMPLES, SWEEP_METHODS
from ddsim.errors import InputError


# --------------------------------------------------------------------------
# the command
# --------------------------------------------------------------------------
def cmd_sweep(args: argparse.Namespace) -> int:
    from ddsim.experiments.designs import SweepError
    from ddsim.experiments.sweep import sweep, write_sweep
    from ddsim.scenarios import load_scenario

    sc = load_scenario(args.scenario)
    out = check_output_folder(Path(args.out or Path("results") / f"{sc.name}_{args.method}"), args)
    try:
        results = sweep(
            sc,
            args.param,
            method=args.method,
            samples=args.samples,
            replications=args.replications,
            variant=args.variant,
            **({"outcome": args.outcome} if args.outcome else {}),
            seed=args.seed,
            steps=args.steps,
            across_fit=args.across_fit,
            **run_options(args, out),
        )
    except (SweepError, ImportError) as exc:
        raise InputError(str(exc)) from None
    except KeyboardInterrupt:
        return interrupted(out)
    write_sweep(results, out, command=["ddsim", *args.argv])
    finished(out)
    files = "sweep.csv, points.csv"
    if results.sensitivity is not None:
        files += ", sensitivity.csv"
    say(args, f"wrote {out}/ (manifest.json, {files}, figures)")
    if not args.quiet:
        print(headline(results))
    return EXIT_OK


def headline(results) -> str:
    """A short table for the terminal: what was swept (scenario, variant,
    design), then per point every outcome with its 95% interval."""
    from ddsim.analysis.intervals import format_interval
    from ddsim.experiments.sweep import OUTCOMES

    what = (
        f"{results.scenario.name}, variant {results.variant}: {results.method} over "
        f"{', '.join(results.parameters)}, {results.replications} replications per point"
    )
    if results.sensitivity is not None:
        table = results.sensitivity[results.sensitivity["outcome"] == results.outcome]
        key = "mu_star" if results.method == "morris" else "ST"
        table = table.sort_values(key, ascending=False).drop(columns="outcome")
        text = table.round(3).to_string(index=False)
        return f"{what}\n{results.method} indices for {results.outcome}:\n{text}\n" + _zeros(
            table, key, results.outcome
        )
    points = results.points
    table = points[["point", *results.parameters]].round(3)
    for column in OUTCOMES:
        table[column] = [
            format_interval(mean, low, high)
            for mean, low, high in zip(
                points[column], points[f"{column}_low"], points[f"{column}_high"], strict=True
            )
        ]
    return (
        f"{what}\n{table.to_string(index=False)}\n"
        "(mean [95% interval] per point: Wilson for war_probability, Student t for the others)"
    )


def _zeros(table, key: str, outcome: str) -> str:
    """Which parameters' index (``mu_star`` or ``ST``) cannot be told from zero:
    its 95% interval (index +- ``<key>_conf``) reaches 0. Those did not move
    ``outcome`` in this many runs; when most are, the outcome hardly varies."""
    zero = table[table[key] - table[f"{key}_conf"] <= 0]["parameter"].tolist()
    if not zero:
        return f"every parameter's {key} is above its 95% interval's half-width"
    text = (
        f"{len(zero)} of {len(table)} indistinguishable from zero ({key} within its 95% "
        f"interval of 0): {', '.join(zero)}"
    )
    if len(zero) > len(table) / 2:
        other = "" if outcome == "mean_hostility" else "--outcome mean_hostility, or "
        text += (
            f"\n(most are: {outcome} hardly varies in these runs; {other}more --samples "
            "and --replications would tell them apart)"
        )
    return text


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``ddsim sweep``."""
    p = subparsers.add_parser(
        "sweep",
        help="sweep declared parameters (grid, Latin hypercube) or rank them (morris, sobol)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Run one variant of a scenario at many values of declared model parameters\n"
            "(`ddsim list parameters`), with replications at each point. Writes sweep.csv\n"
            "(one row per point and replication), points.csv (per point, with 95% intervals),\n"
            "figures, and for morris/sobol sensitivity.csv. Guide: docs/sweeps.md."
        ),
        epilog=(
            "examples:\n"
            "  ddsim sweep scenarios/rivals.yaml -p forgetting=0.01:0.1:5 "
            "-p perception_noise=0.2,0.5,0.8 -n 20\n"
            "  ddsim sweep scenarios/rivals.yaml -m lhs --samples 20 -p forgetting "
            "-p onset_rate=0.005:0.05\n"
            "  ddsim sweep scenarios/rivals.yaml -m morris --samples 10 --outcome mean_hostility"
        ),
    )
    p.add_argument("scenario", help=SCENARIO_HELP)
    p.add_argument(
        "--param",
        "-p",
        action="append",
        metavar="NAME[=VALUES]",
        help="a parameter to sweep; repeat for more. grid: NAME=LOW:HIGH:COUNT or NAME=V1,V2,...; "
        "lhs/morris/sobol: NAME (its declared range) or NAME=LOW:HIGH. morris/sobol without "
        "--param: every declared parameter",
    )
    p.add_argument(
        "--method", "-m", choices=SWEEP_METHODS, default="grid", help="design (default grid)"
    )
    p.add_argument(
        "--samples",
        type=positive_int,
        help="lhs: points; morris: trajectories; sobol: base samples, a power of 2 "
        f"(defaults {', '.join(f'{k} {v}' for k, v in DEFAULT_SAMPLES.items())})",
    )
    p.add_argument(
        "--outcome",
        help="outcome for the sensitivity figure (default: the probability of war; "
        "sensitivity.csv has them all)",
    )
    p.add_argument("--variant", help="which variant to run (default: the scenario's first)")
    add_run_options(
        p,
        replications="per design point (default: the scenario's)",
        out="results/<scenario name>_<method>",
    )
    add_executor_options(p)
    p.add_argument(
        "--across-fit",
        type=positive_int,
        metavar="K",
        help="run every point on K accepted parameter sets (the defaults "
        "and K-1 others from the calibration), the same seeds in each; swept parameters keep "
        "their design values",
    )
    p.set_defaults(func=cmd_sweep)
