"""``ddsim calibrate``: fit declared parameters to the Correlates of War record."""

from __future__ import annotations

import argparse
from pathlib import Path

from ddsim.cli.common import (
    EXIT_OK,
    add_executor_options,
    add_out_options,
    add_output_options,
    check_output_folder,
    finished,
    interrupted,
    positive_int,
    run_options,
    say,
    seed_number,
)
from ddsim.defaults import CALIBRATION_PERIODS


def cmd_calibrate(args: argparse.Namespace) -> int:
    from ddsim.calibration.fit import calibrate, fit_parameters
    from ddsim.scenarios import load_scenario

    sc = load_scenario(args.scenario)  # refuse a bad scenario and bad --param before running
    chosen = dict(_split(p) for p in args.param)
    fit_parameters(chosen)
    out = check_output_folder(Path(args.out or Path("results") / f"{sc.name}_calibration"), args)
    try:
        cal = calibrate(
            sc,
            chosen,
            period=args.period,
            targets=args.targets,
            variant=args.variant,
            trials=args.trials,
            batch=args.batch,
            replications=args.replications,
            steps=args.steps,
            seed=args.seed,
            hold_out=args.hold_out or (),
            **run_options(args, out),
        )
    except KeyboardInterrupt:
        return interrupted(out)
    cal.write(out, command=["ddsim", *args.argv])
    finished(out)
    say(args, f"wrote {out}/ (report.html, fit.csv, trials.csv, parameters.yaml, figures)")
    if not args.quiet:
        print(cal.headline())
    if not cal.meets_record:
        say(
            args,
            f"the best is not within the acceptable distance: {len(cal.trials)} trials are a "
            "look at the search, not a fit (the fit in docs/calibration.md took 200 trials "
            "of 10-year runs, 2 runs each: about 13 minutes on 2 workers)",
        )
    return EXIT_OK


def _split(text: str) -> tuple[str, str | None]:
    name, _, spec = text.partition("=")
    return name.strip(), spec.strip() or None


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    """Add ``ddsim calibrate``."""
    p = sub.add_parser(
        "calibrate",
        help="fit model parameters to the Correlates of War record",
        description="Fit declared parameters to the calibration targets (dispute onset rates, "
        "highest levels, durations) by simulation: Optuna's seeded TPE sampler in fixed "
        "batches, a distance weighted by each target's interval. Writes trials.csv, fit.csv, "
        "ranges.csv, parameters.yaml, figures and report.html. Needs "
        "pip install 'ddsim[calibration]'.",
    )
    p.add_argument("scenario", help="scenario file or packaged name (e.g. world_2014)")
    p.add_argument(
        "--param",
        "-p",
        action="append",
        required=True,
        metavar="NAME[=LOW:HIGH]",
        help="a declared parameter to fit, over its declared range or LOW:HIGH (repeat)",
    )
    p.add_argument(
        "--period", choices=list(CALIBRATION_PERIODS), default="1946-2014", help="which record"
    )
    p.add_argument("--targets", help="a targets file (default: the packaged targets.json)")
    p.add_argument("--variant", help="fit this variant of the scenario")
    p.add_argument("--trials", type=positive_int, default=200, help="parameter sets to try")
    p.add_argument("--batch", type=positive_int, default=8, help="sets run at once (default 8)")
    p.add_argument(
        "--replications", "-n", type=positive_int, default=2, help="runs per set (default 2)"
    )
    p.add_argument("--steps", type=positive_int, help="horizon of each run (default: scenario's)")
    p.add_argument("--seed", type=seed_number, default=0, help="seeds search and runs (default 0)")
    p.add_argument(
        "--hold-out",
        action="append",
        metavar="TARGET",
        help="leave a target out of the fit, to check it out of the sample (repeat)",
    )
    p.add_argument(
        "--workers", "-j", type=positive_int, default=1, help="local processes (default 1)"
    )
    add_out_options(p, "folder (default: results/<scenario>_calibration)")
    add_executor_options(p)
    add_output_options(p)
    p.set_defaults(func=cmd_calibrate)
