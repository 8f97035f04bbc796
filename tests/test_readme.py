"""Every ``ddsim`` command line in the README runs when pasted.

The lines are taken from the README's ``bash`` blocks. The fast test checks
that each one parses; the slow one runs them all, in order, in an empty folder
where ``scenarios/`` and ``docs/`` are reachable (as in a clone), with small
sizes so it takes a minute rather than an hour: ``-n 2`` replications,
``--steps 24``, ``--samples 2`` and at most 2 worker processes. Lines that
start a server or wait for a player at the keyboard (``ddsim dashboard``,
``ddsim play``) are replaced by that command's ``--help`` (serving and playing
are tests/test_dashboard.py's and tests/test_play*.py's part); lines that need
a Dask cluster of one's own (``tcp://``) are skipped.
"""

from __future__ import annotations

import glob
import io
import re
import shlex
import subprocess
import sys
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from ddsim.cli import main

ROOT = Path(__file__).resolve().parent.parent
#: Subcommands that run replications (they take -n and --steps).
RUNS = {"run", "compare", "sweep", "tournament"}
#: Subcommands that serve a page or wait for a player: only their --help runs.
INTERACTIVE = {"dashboard", "play"}
SMALL = {"-n": "2", "--replications": "2", "--steps": "24", "--samples": "2"}


def readme_commands() -> list[str]:
    """The lines starting with ``ddsim `` in the README's bash blocks, comments
    removed (a line ending in a backslash goes on with the next)."""
    text = (ROOT / "README.md").read_text()
    lines: list[str] = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith("ddsim "):
                lines.append(shlex.join(shlex.split(line, comments=True)))
    return lines


COMMANDS = readme_commands()


def small(argv: list[str]) -> list[str]:
    """``argv`` (without ``ddsim``) with the sizes made small, and a glob expanded."""
    out: list[str] = []
    for arg in argv:
        if out and out[-1] in SMALL:
            arg = SMALL[out[-1]]
        elif out and out[-1] in {"-j", "--workers"}:
            arg = str(min(int(arg), 2))
        out += sorted(glob.glob(arg)) if "*" in arg else [arg]
    if argv[0] in RUNS:
        for option in ("-n", "--steps"):
            if option not in out and not (option == "-n" and "--replications" in out):
                out += [option, SMALL[option]]
    return out


def test_the_readme_has_commands_of_every_kind():
    """Control: the extraction finds the README's commands."""
    kinds = {shlex.split(line)[1] for line in COMMANDS}
    assert {"run", "validate", "list", "compare", "sweep", "report", "tournament"} <= kinds
    assert "dashboard" in kinds and len(COMMANDS) > 15


def test_every_readme_command_parses(monkeypatch):
    """No line fails to parse (as ``ddsim list strategies | actions`` did)."""
    from ddsim.cli import build_parser

    parser = build_parser()
    monkeypatch.setattr(sys, "stderr", sys.stdout)  # argparse's message in the report
    for line in COMMANDS:
        try:
            parser.parse_args(shlex.split(line)[1:])
        except SystemExit as exc:
            pytest.fail(f"README: {line!r} does not parse (exit {exc.code})")


def test_small_keeps_the_command_and_shrinks_its_size():
    argv = ["compare", "rivals", "-n", "100", "-j", "4"]
    assert small(argv) == ["compare", "rivals", "-n", "2", "-j", "2", "--steps", "24"]
    assert small(["list", "actions"]) == ["list", "actions"]


def pasted(argv: list[str]) -> tuple[int, str]:
    """Run ``ddsim argv``: its exit code and what it wrote to stderr. In this
    process (the imports are paid once), but for a line that loads a
    strategies file: its strategies join the process's registry, so a second
    such line would find them registered already, as a shell never does."""
    if "--strategies" in argv:
        done = subprocess.run(
            [sys.executable, "-m", "ddsim", *argv], capture_output=True, text=True
        )
        return done.returncode, done.stderr.strip()
    err = io.StringIO()
    with redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # --help
            code = exc.code
    return code, err.getvalue().strip()


@pytest.mark.slow
def test_every_readme_command_runs(tmp_path, monkeypatch):
    for name in ("scenarios", "docs"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    failed, helped = [], set()
    for line in COMMANDS:
        argv = shlex.split(line)[1:]
        if "tcp://" in line:
            continue  # needs a Dask cluster of one's own at that address
        if argv[0] in INTERACTIVE:
            if argv[0] in helped:
                continue
            helped.add(argv[0])
            argv = [argv[0], "--help"]
        argv = small(argv)
        if argv[0] not in {"list", "validate", "report"} and argv[-1] != "--help":
            argv.append("-q")  # what runs replications: its progress is not the test's
        code, err = pasted(argv)
        if code != 0:
            failed.append(f"{line} -> exit {code}: {err}")
    assert not failed, "README lines that fail when pasted:\n" + "\n".join(failed)
