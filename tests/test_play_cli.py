"""``ddsim play SCENARIO --as STATE``: the terminal game, end to end."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ddsim.cli import main
from ddsim.cli.play import parse_choices
from ddsim.play import Game, PlayError, replay
from ddsim.scenarios import PACKAGED

RIVALS = PACKAGED / "rivals.yaml"


def play(args: list[str], keys: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run ``ddsim play`` in a subprocess with ``keys`` as its keyboard."""
    return subprocess.run(
        [sys.executable, "-m", "ddsim", "play", str(RIVALS), "--as", "ALD", *args],
        input=keys,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )


def test_a_terminal_game_end_to_end(tmp_path):
    keys = "\n".join(
        [
            "2 BOR, csbm bor",  # turn 1: by number and by name, any case
            "we talk first",
            "10 BOR, 10 CET",  # turn 2: over budget -> refused, asked again
            "6 CET",
            "a ship to our ally",
            "",  # turn 3: nothing
            "",
        ]
    )
    done = play(["--turns", "3", "--seed", "4", "-n", "3", "--out", "out"], keys + "\n", tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Turn 1 of 3: ALD Aldoria" in out and "Turn 3 of 3" in out
    assert "refused: over budget: these engagements cost 8, ALD has 6 this turn" in out
    assert "You played 3 turns" in out
    (folder,) = (tmp_path / "out").iterdir()  # the game's own folder
    assert (folder / "debrief.html").exists() and (folder / "debrief_war.png").exists()
    memos = (folder / "memos" / "you.md").read_text()
    assert "we talk first" in memos and "a ship to our ally" in memos
    game = replay(folder / "log.jsonl")
    applied = [e["applied"]["ALD"] for e in game.log if e["event"] == "advance"]
    assert applied == [
        [{"kind": "staff_talks", "partner": "BOR"}, {"kind": "csbm", "partner": "BOR"}],
        [{"kind": "ship_visit", "partner": "CET"}],
        [],
    ]
    assert game.seed == 4 and game.over


def test_quitting_early_still_debriefs(tmp_path):
    done = play(["--turns", "5", "-n", "2", "--out", "out"], "1 BOR\n\nq\n", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "You played 1 turn of" in done.stdout
    (folder,) = (tmp_path / "out").iterdir()
    log = [json.loads(x) for x in (folder / "log.jsonl").read_text().splitlines()]
    assert log[-1]["event"] == "end" and log[-1]["reason"] == "the player ended the game"


def test_end_of_input_ends_the_game(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    answers = iter(["1 ALD", "memo"])

    def read(prompt: str) -> str:
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("builtins.input", read)
    code = main(["play", str(RIVALS), "--as", "BOR", "-n", "2", "-q"])
    assert code == 0
    assert "You played 1 turn of" in capsys.readouterr().out
    assert len(list((tmp_path / "results" / "play-rivals").glob("*/debrief.html"))) == 1


def test_nothing_played_nothing_written(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("builtins.input", lambda prompt: "q")
    assert main(["play", str(RIVALS), "--as", "ALD"]) == 0
    assert "nothing to debrief" in capsys.readouterr().out
    assert list((tmp_path / "results" / "play-rivals").iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--as", "XYZ"], "--as XYZ: no such state in rivals; states: ALD, BOR, CET"),
        ([], "say which state you play: --as STATE"),
        (["--as", "ALD", "--variant", "nope"], "no variant 'nope'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(argv, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["play", str(RIVALS), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_the_terminal_says_costs_and_counts_in_plain_words():
    from ddsim.cli.play import format_options, play_in_terminal

    game = Game(RIVALS, {"ALD": "a"}, rng=1, turns=1)
    listed = format_options(game.options("a"))
    costs = re.findall(r"cost (\S+)\s+(\S)", listed)
    assert costs and all(re.fullmatch(r"\d+(\.\d+)?", c) for c, _ in costs)  # never "0.5A"
    said: list[str] = []
    keys = iter(["10 BOR, 10 CET", "", ""])  # over budget: the game refuses it
    play_in_terminal(game, "a", read=lambda prompt: next(keys), write=said.append)
    text = "\n".join(said)
    assert "for 1 turn (" in text and "1 turns" not in text
    assert "refused: over budget" in text and "refused: a:" not in text


def test_parse_choices():
    game = Game(RIVALS, {"ALD": "a"}, rng=1)
    options = game.options("a")
    first = options.actions[0].kind
    assert parse_choices("1 bor; csbm CET,", options) == [(first, "BOR"), ("csbm", "CET")]
    assert parse_choices("", options) == []
    assert len(options.actions) == 11  # every bilateral action; forum meetings are not chosen
    with pytest.raises(PlayError, match="action numbers go from 1 to 11"):
        parse_choices("12 BOR", options)
    with pytest.raises(PlayError, match="an action"):
        parse_choices("csbm", options)


def test_the_play_parser_imports_nothing_heavy():
    """``ddsim play --help`` stays light: the game is imported when it runs."""
    code = (
        "import argparse, sys; from ddsim.cli import play; "
        "play.add_subcommands(argparse.ArgumentParser().add_subparsers()); "
        "print(sorted(m for m in ('pandas', 'scipy', 'matplotlib', 'mesa', 'jinja2', "
        "'ddsim.play') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
