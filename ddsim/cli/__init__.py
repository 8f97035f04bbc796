"""The ``ddsim`` command: a thin layer over the Python API.

Exit codes: 0 success, 2 bad input (a message naming the file, the field and
what is allowed; never a traceback), 1 a failure of ours. Only here does an
:class:`~ddsim.errors.InputError` become a one-line message and exit code 2.

Start-up is kept light: each subcommand's module imports the heavy libraries
(pandas, Mesa, matplotlib, scipy) inside the function that runs it, so
``ddsim --help`` and ``ddsim --version`` import none of them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ddsim._version import __version__
from ddsim.cli import (
    basic,
    calibrate,
    compare,
    dashboard,
    discover,
    play,
    report,
    sweep,
    tournament,
)
from ddsim.cli.common import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK
from ddsim.errors import InputError, caused_by_interrupt

#: Modules that add subcommands, in the order ``--help`` lists them: each has
#: ``add_subcommands(subparsers)``.
SUBCOMMANDS = (basic, compare, report, sweep, discover, tournament, calibrate, play, dashboard)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ddsim",
        description="Simulate trust building through defence diplomacy. "
        "Exit codes: 0 ok, 2 bad input, 1 internal failure.",
    )
    parser.add_argument("--version", action="version", version=f"ddsim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    for module in SUBCOMMANDS:
        module.add_subcommands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``ddsim`` command; returns the exit code."""
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    args.argv = argv  # the command as given, for manifests
    try:
        return args.func(args)
    except InputError as exc:
        print(f"ddsim: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return _interrupted()
    except Exception as exc:  # a failure of ours: say so plainly
        if caused_by_interrupt(exc):
            return _interrupted()
        if getattr(args, "verbose", False) or os.environ.get("DDSIM_DEBUG"):
            raise
        print(
            f"ddsim: internal error: {type(exc).__name__}: {exc} "
            "(run with --verbose for the traceback, and please report it)",
            file=sys.stderr,
        )
        return EXIT_FAILURE


def _interrupted() -> int:
    print("ddsim: interrupted; nothing half-written was left behind", file=sys.stderr)
    return 130


if __name__ == "__main__":
    sys.exit(main())
