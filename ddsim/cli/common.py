"""What the subcommands share: exit codes, option sets, argument types, and
the check of an output folder."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

from ddsim.errors import InputError

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
#: What a SCENARIO argument may be (see ddsim.scenarios.find_scenario).
SCENARIO_HELP = (
    "scenario file (YAML), or the name of one that ships with ddsim (`ddsim list scenarios`)"
)


def check_output_folder(out: Path, args: argparse.Namespace | None = None) -> Path:
    """Refuse, before anything runs, an output path that is an existing file,
    or a folder that this command did not write and ``--force`` was not given
    (a results folder replaces what is there: see
    :func:`ddsim.outputs.folders.may_replace`). With ``--force``, say what goes.
    ``args`` are the command's (``command``, ``force``, ``quiet``); None for a
    folder the command only writes into (a class's games, one folder each).

    Raises:
        InputError: ``out`` exists and is not a folder, cannot be made where it
            is, or holds what another command (or a person) put there.
    """
    from ddsim.outputs.folders import may_replace

    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: is a file; give a folder for the results")
    parent = out.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise InputError(f"--out {out}: {parent} is a file, so no folder can be made there")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"--out {out}: no permission to write in {parent}")
    if args is not None:
        note = may_replace(out, f"ddsim {args.command}", force=args.force)
        if note:
            say(args, note)
    return out


# --------------------------------------------------------------------------
# the parser
# --------------------------------------------------------------------------
def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def seed_number(text: str) -> int:
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


def add_run_options(
    p: argparse.ArgumentParser,
    replications: str = "per variant (default: the scenario's)",
    out: str = "results/<scenario name>",
) -> None:
    """Options shared by subcommands that run replications; ``replications``
    and ``out`` say what those two mean for this subcommand."""
    p.add_argument("--replications", "-n", type=positive_int, help=replications)
    p.add_argument("--seed", type=seed_number, help="root seed (default: the scenario's)")
    p.add_argument("--steps", type=positive_int, help="horizon in steps (default: the scenario's)")
    p.add_argument(
        "--workers", "-j", type=positive_int, default=1, help="local processes (default 1)"
    )
    p.add_argument(
        "--batch",
        type=positive_int,
        metavar="N",
        dest="engine_batch",
        help="replications the engine steps at once (default: as many as 256 MiB and the "
        "workers' shares allow; results do not depend on it)",
    )
    add_out_options(p, f"results folder (default: {out})")
    add_output_options(p)


def add_out_options(p: argparse.ArgumentParser, help: str) -> None:
    """``--out`` and ``--force``, for every subcommand that writes a folder
    (checked with :func:`check_output_folder`)."""
    p.add_argument("--out", "-o", help=help)
    p.add_argument(
        "--force",
        action="store_true",
        help="replace --out even if another command, or a person, put files there",
    )


def progress_flag(args: argparse.Namespace) -> bool | None:
    return False if getattr(args, "quiet", False) else None


def say(args: argparse.Namespace, text: str) -> None:
    """Tell the user ``text`` on stderr, after the one ``ddsim:`` prefix of
    every message (unless ``--quiet``)."""
    if not getattr(args, "quiet", False):
        print(f"ddsim: {text}", file=sys.stderr)


def add_executor_options(p: argparse.ArgumentParser) -> None:
    """``--scheduler`` and ``--resume``, for subcommands that run replications
    (use with :func:`add_run_options`, which gives ``--workers``; pass what
    they ask for on with :func:`run_options`)."""
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on Dask distributed: a scheduler address (tcp://host:8786), or 'local' to "
        "start a local cluster of --workers processes (needs: pip install 'ddsim[dask]')",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted run of the same command (same scenario, seeds, size)",
    )


# --------------------------------------------------------------------------
# running replications: one way for run, compare, sweep and tournament
# --------------------------------------------------------------------------
def run_options(args: argparse.Namespace, out: Path) -> dict[str, Any]:
    """The keyword arguments ``--workers``, ``--scheduler``, ``--resume``,
    ``--batch`` and ``--quiet`` ask of ``ddsim.run``, ``compare``, ``sweep`` and
    ``tournament`` (``calibrate``'s own ``--batch`` counts parameter sets):
    finished replications are kept in a hidden folder beside the results
    folder ``out`` (``results/.rivals.replications``), so an interrupted run
    continues with ``--resume``. Call :func:`finished` once ``out`` is
    written, and :func:`interrupted` on Ctrl-C."""
    from ddsim.experiments.store import store_folder

    configure_logging(args)
    return {
        "workers": args.workers,
        "scheduler": args.scheduler,
        "store": store_folder(out),
        "resume": args.resume,
        "progress": progress_flag(args),
    } | ({"batch": args.engine_batch} if hasattr(args, "engine_batch") else {})


def interrupted(out: Path) -> int:
    """Tell the user what an interrupted run kept and how to go on; exit code 130."""
    from ddsim.experiments.store import interrupted_note, remove_temporaries, store_folder

    # Ctrl-C may land inside a write, after its temporary file was made.
    remove_temporaries(store_folder(out))
    print(f"ddsim: {interrupted_note(store_folder(out))}", file=sys.stderr)
    return 130


def finished(out: Path) -> None:
    """Delete the kept replications once the results folder ``out`` is written."""
    from ddsim.experiments.store import remove_store, store_folder

    remove_store(store_folder(out))


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (tests swap it)."""

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure_logging(args: argparse.Namespace) -> None:
    """ddsim's own messages on stderr: notes with --verbose, else only warnings."""
    log = logging.getLogger("ddsim")
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("ddsim: %(message)s"))
        log.addHandler(handler)
        log.propagate = False
    log.setLevel(logging.INFO if getattr(args, "verbose", False) else logging.WARNING)
