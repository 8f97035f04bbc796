"""The ddsim command: list, validate, --help, and what run writes."""

from __future__ import annotations

import argparse
import json
import os
import stat
from pathlib import Path

import pandas as pd
import pytest

import ddsim
from ddsim import cli
from ddsim.cli import main
from ddsim.core.actions import ACTION_KINDS
from ddsim.core.parameters import PARAMETERS
from ddsim.core.strategies import STRATEGIES
from ddsim.experiments.jobs import replication_seed
from ddsim.experiments.validation import validation_strategies

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_FILES = sorted((ROOT / "scenarios").glob("*.yaml"))
RIVALS = ROOT / "scenarios" / "rivals.yaml"


def subcommands() -> list[str]:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(action.choices)


# --------------------------------------------------------------------------
# list
# --------------------------------------------------------------------------
def test_list_strategies(capsys):
    assert main(["list", "strategies"]) == 0
    out = capsys.readouterr().out
    starts = {line.split()[0] for line in out.splitlines() if line and not line[0].isspace()}
    assert starts == set(STRATEGIES)
    assert "[coercive; reciprocal; memory: all]  parameters: step=0.1" in out  # grit
    assert "Osgood" in out  # docstrings, with their sources


def test_list_actions(capsys):
    from ddsim.cli.basic import ACTION_COLUMNS

    assert main(["list", "actions"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header, rows = lines[0], lines[1 : 1 + len(ACTION_KINDS)]
    assert header.split()[:3] == ["action", "mode", "kind"]
    assert [line.split()[0] for line in rows] == list(ACTION_KINDS)
    assert any(line.split()[0] == "show_of_force" and "coercive" in line for line in rows)
    # rounded numbers, so the columns line up under their headers
    assert {len(line.rsplit(None, 1)[0]) for line in rows} == {header.index("dimension") - 2}
    for line in rows:
        numbers = line.split()[3:-1]
        assert len(numbers) == len(ACTION_COLUMNS)
        assert all(len(n.split(".")[1]) == 2 for n in numbers), line
    # every header is explained below the table
    legend = lines[1 + len(ACTION_KINDS) :]
    for name in [*ACTION_COLUMNS, "dimension"]:
        assert any(line.split()[:1] == [name] for line in legend), name


def test_list_parameters(capsys):
    assert main(["list", "parameters"]) == 0
    out = capsys.readouterr().out
    for p in PARAMETERS.values():
        assert f"{p.name} = {p.default:g}   [{p.low:g}, {p.high:g}] {p.unit}" in out
        assert p.source in out


def test_list_scenarios_lists_the_packaged_ones_by_name(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # wherever one is
    assert main(["list", "scenarios"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [path.stem for path in SCENARIO_FILES]
    rivals = next(line for line in lines if line.startswith("rivals "))
    assert rivals.split()[1:3] == ["3", "states"] and "Two rivals" in rivals


def test_list_scenarios_in_a_folder(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    # Two files of scenarios/validation/ name strategies that exist only inside
    # the validation experiments (docs/validation.md); outside this block the
    # listing marks them INVALID, as it does in a plain `ddsim list scenarios --dir`.
    with validation_strategies():
        assert main(["list", "scenarios", "--dir", "scenarios"]) == 0
    out = capsys.readouterr().out
    assert "INVALID" not in out
    for path in SCENARIO_FILES:
        assert f"scenarios/{path.name}" in out
    assert "scenarios/validation/spiral.yaml" in out


def test_list_scenarios_marks_a_broken_file(tmp_path, capsys):
    (tmp_path / "good.yaml").write_text(RIVALS.read_text())
    (tmp_path / "bad.yaml").write_text("name: bad\nstates: []\n")
    assert main(["list", "scenarios", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "bad.yaml" in out and "INVALID" in out and "Two rivals" in out


def test_list_scenarios_in_an_empty_folder_is_bad_input(tmp_path, capsys):
    assert main(["list", "scenarios", "--dir", str(tmp_path)]) == 2
    assert "no scenario files" in capsys.readouterr().err


# --------------------------------------------------------------------------
# validate, help
# --------------------------------------------------------------------------
@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.name)
def test_every_shipped_scenario_validates(path, capsys):
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.startswith(f"{path}: ok")


@pytest.mark.parametrize("command", subcommands())
def test_help_of_every_subcommand(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert f"usage: ddsim {command}" in capsys.readouterr().out


def test_top_level_help_and_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in ("run", "validate", "list"):
        assert command in out
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"ddsim {ddsim.__version__}"


@pytest.mark.parametrize(
    "argv",
    [
        ["run"],
        ["run", str(RIVALS), "-n", "0"],
        ["run", str(RIVALS), "--seed", "-3"],
        ["frobnicate"],
    ],
    ids=["missing-scenario", "zero-replications", "negative-seed", "unknown-command"],
)
def test_bad_arguments_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


# --------------------------------------------------------------------------
# run
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def run_folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "rivals"
    argv = ["run", str(RIVALS), "-n", "3", "--steps", "24", "--seed", "5", "-o", str(out), "-q"]
    assert main(argv) == 0
    return out, argv


def test_run_writes_the_folder(run_folder):
    out, _ = run_folder
    names = {p.name for p in out.iterdir()}
    assert {"manifest.json", "timeseries.csv", "summary.csv"} <= names
    assert any(name.endswith(".png") for name in names)
    ts = pd.read_csv(out / "timeseries.csv")
    summary = pd.read_csv(out / "summary.csv")
    assert set(ts["variant"]) == {"engagement", "deterrence"}
    assert len(ts) == 2 * 3 * 25 and len(summary) == 2 * 3
    required = ["variant", "replication", "step", "mean_trust", "mean_hostility", "wars"]
    required += [f"share_mid_{k}" for k in range(6)] + ["new_disputes", "security_community_size"]
    required += [f"actions_{kind}" for kind in ACTION_KINDS]
    assert set(required) <= set(ts.columns)
    assert {
        "seed",
        "first_war_step",
        "war_by_horizon",
        "peak_hostility",
        "final_mean_trust",
    } <= set(summary.columns)


def test_manifest(run_folder):
    out, argv = run_folder
    info = json.loads((out / "manifest.json").read_text())
    sc = ddsim.load_scenario(RIVALS).replace(steps=24, seed=5)
    assert info["scenario"] == "rivals"
    assert info["scenario_sha256"] == sc.digest and len(info["scenario_sha256"]) == 64
    assert info["root_seed"] == 5
    assert info["seeds"] == {str(k): replication_seed(5, k) for k in range(3)}
    assert info["replications"] == 3 and info["steps"] == 24
    assert info["variants"] == ["engagement", "deterrence"]
    assert {"ddsim", "python", "mesa", "numpy", "networkx", "pandas"} <= set(info["versions"])
    assert info["versions"]["mesa"].startswith("3.5")
    assert info["command"] == ["ddsim", *argv]
    for name in info["figures"]:
        assert (out / name).is_file()


def test_manifest_seeds_match_the_summary(run_folder):
    out, _ = run_folder
    info = json.loads((out / "manifest.json").read_text())
    summary = pd.read_csv(out / "summary.csv")
    for _, row in summary.iterrows():
        assert info["seeds"][str(row["replication"])] == row["seed"]


def test_no_partial_folder_is_left(run_folder):
    out, _ = run_folder
    assert [p.name for p in out.parent.iterdir()] == ["rivals"]


def test_a_new_run_replaces_its_own_folder_whole(tmp_path):
    out = tmp_path / "res"
    argv = ["run", str(RIVALS), "-n", "1", "--steps", "3", "-o", str(out), "-q"]
    assert main(argv) == 0
    (out / "summary.csv").write_text("old\n")
    (out / "stale.png").write_text("")
    assert main([*argv, "--seed", "4"]) == 0  # the same command: no --force needed
    assert not (out / "stale.png").exists() and (out / "summary.csv").read_text() != "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["res"]


def test_force_replaces_a_folder_made_by_hand_and_says_so(tmp_path, capsys):
    out = tmp_path / "res"
    out.mkdir()
    (out / "stale.csv").write_text("old\n")
    argv = ["run", str(RIVALS), "-n", "1", "--steps", "3", "-o", str(out), "--force"]
    assert main(argv) == 0
    assert f"ddsim: replacing {out}/, which held files that ddsim did not write (stale.csv)" in (
        capsys.readouterr().err
    )
    assert not (out / "stale.csv").exists() and (out / "manifest.json").is_file()


def test_a_failed_run_leaves_nothing_half_written(tmp_path, monkeypatch, capsys):
    out = tmp_path / "res"
    out.mkdir()
    (out / "previous.csv").write_text("kept\n")

    def broken_figures(results, folder):
        (folder / "half.png").write_text("")
        raise RuntimeError("the plotting broke")

    monkeypatch.setattr("ddsim.outputs.figures.standard_figures", broken_figures)
    code = main(["run", str(RIVALS), "-n", "1", "--steps", "3", "-o", str(out), "-q", "--force"])
    assert code == 1
    err = capsys.readouterr().err
    assert "internal error" in err and "the plotting broke" in err and "Traceback" not in err
    assert [p.name for p in out.iterdir()] == ["previous.csv"]  # the old folder as it was
    # No .partial left; only the finished replications are kept, hidden, so
    # the same command with --resume need not run them again.
    assert sorted(p.name for p in tmp_path.iterdir()) == [".res.replications", "res"]
    assert len(list((tmp_path / ".res.replications").glob("*.pkl"))) == 2


def test_run_prints_a_headline(tmp_path, capsys):
    assert main(["run", str(RIVALS), "-n", "2", "--steps", "6", "-o", str(tmp_path / "r")]) == 0
    out = capsys.readouterr().out
    assert "war_by_horizon" in out and "engagement" in out and "deterrence" in out


def test_run_one_variant(tmp_path):
    out = tmp_path / "r"
    argv = ["run", str(RIVALS), "--variant", "deterrence", "-n", "1", "--steps", "3"]
    assert main([*argv, "-o", str(out), "-q"]) == 0
    assert set(pd.read_csv(out / "summary.csv")["variant"]) == {"deterrence"}


def test_out_naming_a_file_is_refused_before_running(tmp_path, capsys):
    target = tmp_path / "res"
    target.write_text("mine\n")
    assert main(["run", str(RIVALS), "-n", "1", "--steps", "3", "-o", str(target), "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"ddsim: --out {target}: is a file; give a folder for the results"
    assert target.read_text() == "mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["res"]


def test_results_folder_follows_the_umask(run_folder):
    out, _ = run_folder
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o777 & ~mask


def test_out_under_a_file_is_refused_before_running(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    out = blocker / "deeper" / "res"
    assert main(["run", str(RIVALS), "-n", "1", "--steps", "3", "-o", str(out), "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"ddsim: --out {out}: {blocker} is a file, so no folder can be made there"
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_out_folders_are_made_as_needed(tmp_path):
    out = tmp_path / "a" / "b" / "res"
    assert main(["run", str(RIVALS), "-n", "1", "--steps", "3", "-o", str(out), "-q"]) == 0
    assert (out / "manifest.json").is_file()
