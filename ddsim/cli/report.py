"""``ddsim report``: rebuild report.html from a results folder alone."""

from __future__ import annotations

import argparse
from pathlib import Path

from ddsim.cli.common import (
    EXIT_OK,
    add_output_options,
    say,
)
from ddsim.errors import InputError


def cmd_report(args: argparse.Namespace) -> int:
    from ddsim.outputs.report import ReportError, report_kind, write_report

    try:
        render = None
        if Path(args.folder).is_dir() and report_kind(args.folder) == "discover":
            from ddsim.outputs.discovery import render_discovery as render
        path = write_report(args.folder, render)
    except ReportError as exc:
        raise InputError(str(exc)) from None
    say(args, f"wrote {path}")
    return EXIT_OK


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``ddsim report``."""

    p = subparsers.add_parser(
        "report",
        help="(re)build report.html from a results folder",
        description="Rebuild report.html in a results folder (from 'ddsim compare', 'discover' or "
        "'ddsim run') from its manifest, CSVs and figures alone: one self-contained page, "
        "figures embedded, to project or to send by mail.",
    )
    p.add_argument("folder", metavar="DIR", help="a results folder")
    add_output_options(p)
    p.set_defaults(func=cmd_report)
