"""Nothing a user made is lost: a command replaces only a folder it wrote.

Every command that writes a results folder checks it before anything runs
(ddsim.outputs.folders.may_replace): a folder another command wrote, or one
with files put there by hand, is replaced only with --force, which says what
it replaces.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ddsim.cli import main
from ddsim.errors import InputError
from ddsim.outputs.folders import may_replace, written_by

ROOT = Path(__file__).resolve().parent.parent
RIVALS = str(ROOT / "scenarios" / "rivals.yaml")
SMALL = ["-n", "1", "--steps", "3", "-q"]

#: Every command that writes a folder, as a user would type it (without --out).
WRITERS = {
    "run": ["run", RIVALS, *SMALL],
    "compare": ["compare", RIVALS, *SMALL],
    "sweep": ["sweep", RIVALS, "-p", "forgetting=0.01,0.1", *SMALL],
    "tournament": ["tournament", "--only", "grit,coercive", *SMALL],
    "calibrate": ["calibrate", "rivals", "-p", "onset_rate", "--trials", "2", "--batch", "2"],
}


def made_by_hand(folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True)
    files = {"notes.txt": "my notes\n", "data.csv": "a,b\n1,2\n"}
    for name, text in files.items():
        (folder / name).write_text(text)
    return files


def written_by_command(folder: Path, command: str) -> None:
    folder.mkdir(parents=True)
    manifest = {"scenario": "rivals", "command": ["ddsim", command, "rivals"]}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / "report.html").write_text("<p>the first command's report</p>")


@pytest.mark.parametrize("command", list(WRITERS))
def test_no_command_replaces_a_folder_made_by_hand(command, tmp_path, capsys):
    out = tmp_path / "mine"
    files = made_by_hand(out)
    assert main([*WRITERS[command], "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"ddsim: {out}: holds files that ddsim did not write")
    assert "data.csv, notes.txt" in err and "--force" in err and len(err.splitlines()) == 1
    assert {p.name: p.read_text() for p in out.iterdir()} == files  # untouched
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]  # nothing else made


def test_play_adds_its_game_beside_what_a_folder_holds(tmp_path, monkeypatch):
    """``ddsim play``'s --out is a folder of games, one folder each (written
    after every turn): a game goes in beside what is there and replaces nothing."""
    out = tmp_path / "mine"
    files = made_by_hand(out)
    keys = iter(["1 BOR", "memo"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(keys, "q"))
    assert (
        main(["play", RIVALS, "--as", "ALD", "--turns", "1", "-n", "2", "-q", "-o", str(out)]) == 0
    )
    games = [p for p in out.iterdir() if p.is_dir()]
    assert len(games) == 1 and (games[0] / "log.jsonl").is_file()
    assert {p.name: p.read_text() for p in out.iterdir() if p.is_file()} == files


@pytest.mark.parametrize("command", ["run", "sweep", "tournament"])
def test_no_command_replaces_another_commands_folder(command, tmp_path, capsys):
    out = tmp_path / "rivals"
    written_by_command(out, "compare")
    assert main([*WRITERS[command], "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "holds the results of 'ddsim compare' (manifest.json, report.html)" in err
    assert f"which ddsim {command} would replace" in err
    assert (out / "report.html").is_file()


def test_run_and_compare_write_different_folders_by_default(tmp_path, monkeypatch):
    """The README's order: compare (open report.html first), then run."""
    monkeypatch.chdir(tmp_path)
    assert main(WRITERS["compare"]) == 0
    assert main(WRITERS["run"]) == 0
    assert main(WRITERS["run"]) == 0  # again: its own folder, replaced
    assert (tmp_path / "results/rivals/report.html").is_file()
    assert (tmp_path / "results/rivals/comparison.csv").is_file()
    assert written_by(tmp_path / "results/rivals") == "ddsim compare"
    assert written_by(tmp_path / "results/rivals_run") == "ddsim run"


def test_force_replaces_another_commands_folder_and_says_what(tmp_path, capsys):
    out = tmp_path / "rivals"
    written_by_command(out, "compare")
    argv = [*WRITERS["run"], "-o", str(out), "--force"]
    argv.remove("-q")
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert f"ddsim: replacing {out}/, which held the results of 'ddsim compare'" in err
    assert not (out / "report.html").exists() and written_by(out) == "ddsim run"


def test_may_replace_a_missing_or_empty_folder(tmp_path):
    assert may_replace(tmp_path / "new", "ddsim run") is None
    (tmp_path / "empty").mkdir()
    assert may_replace(tmp_path / "empty", "ddsim run") is None


def test_a_manifest_not_from_the_command_line_counts_as_by_hand(tmp_path):
    """ddsim.run(...).write from Python records the Python command: not 'ddsim run'."""
    out = tmp_path / "py"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"command": ["python", "mine.py"]}))
    assert written_by(out) is None
    with pytest.raises(InputError, match="files that ddsim did not write"):
        may_replace(out, "ddsim run")
    (out / "manifest.json").write_text("{not json")
    assert written_by(out) is None


def test_resume_with_nothing_to_resume_says_so(tmp_path, capsys):
    out = tmp_path / "r"
    assert main(["run", RIVALS, "-n", "1", "--steps", "3", "-o", str(out), "--resume"]) == 0
    err = capsys.readouterr().err
    assert "ddsim: --resume: nothing to resume" in err and "starting from the beginning" in err


def test_an_interrupted_run_leaves_no_half_written_file(tmp_path, capsys):
    """Ctrl-C can land inside a write, after its temporary file was made and
    before it was renamed: the interrupted run removes such leftovers and
    keeps every finished replication."""
    from ddsim.cli.common import interrupted
    from ddsim.experiments.store import store_folder

    out = tmp_path / "results"
    store = store_folder(out)
    store.mkdir(parents=True)
    (store / "kept-000001.pkl").write_bytes(b"finished")
    (store / ".kept-000002.pkl.3f98sn81.tmp").write_bytes(b"half")
    assert interrupted(out) == 130
    assert [p.name for p in store.iterdir()] == ["kept-000001.pkl"]
    assert "--resume" in capsys.readouterr().err
