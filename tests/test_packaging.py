"""A package that works when installed: the scenario files ship inside it and
are found by name, from anywhere.

The slow test builds the wheel, installs it into a fresh virtual environment
outside the repository and runs the ``ddsim`` command there, from a folder
that holds no scenarios.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from ddsim.cli import main
from ddsim.scenarios import ScenarioError, find_scenario, load_scenario, packaged_scenarios

ROOT = Path(__file__).resolve().parent.parent
MAIN_SCENARIOS = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml"))


# --------------------------------------------------------------------------
# packaged scenarios, by name
# --------------------------------------------------------------------------
def test_the_packaged_scenarios_are_the_repository_scenarios():
    assert list(packaged_scenarios()) == MAIN_SCENARIOS
    validation = packaged_scenarios("validation")
    assert list(validation) == sorted(p.stem for p in (ROOT / "scenarios/validation").glob("*"))
    for name, file in packaged_scenarios().items():
        assert file.read_bytes() == (ROOT / "scenarios" / f"{name}.yaml").read_bytes()


@pytest.mark.parametrize("name", ["rivals", "rivals.yaml"])
def test_a_bare_name_finds_a_packaged_scenario_from_anywhere(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sc = load_scenario(name)
    assert sc.name == "rivals"
    assert Path(sc.file) == packaged_scenarios()["rivals"]


def test_a_file_that_exists_wins_over_a_packaged_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (ROOT / "scenarios" / "dyad.yaml").read_text()
    Path("rivals.yaml").write_text(text)
    assert load_scenario("rivals.yaml").name == "dyad"
    assert load_scenario("rivals").name == "rivals"  # no file called "rivals": the packaged one


def test_an_unknown_name_lists_the_packaged_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScenarioError) as error:
        load_scenario("rivlas")
    message = str(error.value)
    assert message.startswith("rivlas: no such file, and no packaged scenario of that name")
    assert ", ".join(MAIN_SCENARIOS) in message


def test_a_missing_path_says_how_to_name_a_packaged_scenario(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScenarioError) as error:
        load_scenario("scenarios/rivals.yaml")  # as the README says, but outside the repository
    assert "no such file" in str(error.value) and "rivals" in str(error.value).split("(")[1]
    assert find_scenario("scenarios/rivals.yaml") == Path("scenarios/rivals.yaml")
    (tmp_path / "rivals").mkdir()  # a folder is not a scenario file: the packaged one
    assert load_scenario("rivals").name == "rivals"


def test_ddsim_run_refuses_an_unknown_name_with_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["run", "nothing-of-that-name", "-n", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "packaged scenarios: blocs" in err
    assert not (tmp_path / "results").exists()


def test_the_defaults_are_packaged_scenarios():
    from ddsim.dashboard import DEFAULT_SCENARIO as dashboard_default
    from ddsim.experiments import tournament, validation

    assert load_scenario(tournament.DEFAULT_SCENARIO).name == "dyad"
    assert load_scenario(dashboard_default).name == "rivals"
    assert validation.scenario("spiral").name == "spiral"


# --------------------------------------------------------------------------
# the wheel, installed elsewhere
# --------------------------------------------------------------------------
def build_wheel(into: Path) -> Path:
    """Build ddsim's wheel from a clean copy of the sources (no stale build/)."""
    source = into / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "ddsim", source / "ddsim", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(into), "."],
        cwd=source,
        check=True,
    )
    (wheel,) = into.glob("ddsim-*.whl")
    return wheel


def fresh_venv(where: Path) -> Path:
    """A new virtual environment whose only ddsim is the one installed into it.

    Its dependencies (Mesa, pandas, ...) come from the test's environment, so
    nothing is downloaded: a ``.pth`` file puts that environment's
    site-packages after the new one's. Lines of a ``.pth`` file only add
    folders to ``sys.path``; the ``.pth`` files inside those folders (among
    them the editable install of this checkout) are not run, so the
    repository's ddsim cannot leak in.
    """
    venv.create(where, with_pip=False)
    python = where / "bin" / "python"
    own = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(own, "test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    return python


@pytest.mark.slow
def test_the_installed_wheel_runs_from_anywhere(tmp_path):
    wheel = build_wheel(tmp_path)
    python = fresh_venv(tmp_path / "venv")
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    # --ignore-installed: the test environment's own ddsim (seen through the .pth) is not
    # the new environment's, and must neither stop this install nor be removed by it.
    install = [*pip, "install", "--no-deps", "--ignore-installed", "--quiet", str(wheel)]
    subprocess.run(install, check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    ddsim = str(tmp_path / "venv" / "bin" / "ddsim")

    def run(*argv: str) -> str:
        done = subprocess.run(argv, cwd=elsewhere, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{' '.join(argv)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    where = run(str(python), "-c", "import ddsim; print(ddsim.__file__)")
    assert Path(where.strip()).is_relative_to(tmp_path / "venv")

    listing = run(ddsim, "list", "scenarios")
    assert [line.split()[0] for line in listing.splitlines()] == MAIN_SCENARIOS

    run(ddsim, "run", "rivals", "-n", "2")
    assert (elsewhere / "results" / "rivals_run" / "summary.csv").is_file()

    ranking = run(ddsim, "tournament", "-n", "2", "--only", "noncoercive,coercive")
    assert "noncoercive" in ranking and (elsewhere / "results/tournament/ranking.csv").is_file()

    assert "(default: rivals)" in " ".join(run(ddsim, "dashboard", "--help").split())
    # the validation experiments' scenarios are packaged too
    code = "from ddsim.experiments.validation import scenario; print(scenario('grit').name)"
    assert run(str(python), "-c", code).strip() == "grit"


def test_every_file_the_package_names_is_in_the_repository():
    """Docstrings and messages point only to files that exist (as the old
    ``scenarios/tools/make_world.py`` did not)."""
    named = re.compile(
        r"(?<![\w./-])((?:\.ci|benchmarks|ddsim|docs|notebooks|scenarios|tests)/[\w./-]*\w)"
    )
    control = "Run from the root: ``python scenarios/tools/make_world.py``."
    assert named.findall(control) == ["scenarios/tools/make_world.py"]
    missing = []
    for module in sorted((ROOT / "ddsim").rglob("*.py")):
        for number, line in enumerate(module.read_text().splitlines(), 1):
            if line.lstrip().startswith(("import ", "from ")):
                continue
            for path in named.findall(line):
                # a path from the repository's root, or from ddsim/ (make_world's generators)
                if not (ROOT / path).exists() and not (ROOT / "ddsim" / path).exists():
                    missing.append(f"{module.relative_to(ROOT)}:{number}: {path}")
    assert missing == []
