"""Fast start: ``ddsim --help`` and ``ddsim --version`` import none of the heavy
libraries (each subcommand imports what it needs when it runs).

Each check runs a fresh interpreter, since this one has imported them all.
How long the start takes is measured by ``benchmarks/startup.py``, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("pandas", "scipy", "matplotlib", "mesa")
#: Prints, as JSON, which heavy modules are loaded after running ``code``.
PROBE = (
    "import json, sys\n"
    "{code}\n"
    f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
)


def heavy_modules_after(code: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(code=code)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


def test_building_the_parser_imports_no_heavy_library():
    assert heavy_modules_after("import ddsim.cli; ddsim.cli.build_parser()") == []


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_version_and_help_import_no_heavy_library(argv):
    code = f"from ddsim.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass"
    assert heavy_modules_after(code) == []


def test_the_probe_sees_a_heavy_import():
    """Control: the check above does find a heavy library where there is one."""
    assert "mesa" in heavy_modules_after("import ddsim.core.model")


def test_python_m_ddsim_version_imports_no_heavy_library():
    """The same, seen by ``python -X importtime`` of the real command."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ddsim", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("ddsim ")
    imported = {line.split("|")[-1].strip() for line in out.stderr.splitlines() if "|" in line}
    assert "ddsim.cli" in imported
    assert not imported & set(HEAVY)
