"""Nothing is lost: a game's folder is written after every move, a game
killed at any point (SIGKILL, no chance to clean up) resumes from its log to
the byte, in the terminal and on the classroom server, and each game has a
folder of its own."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ddsim.cli import main
from ddsim.play import replay
from ddsim.play.classroom import Classroom
from ddsim.play.folder import GameFolder, new_game_folder, unfinished_games
from ddsim.play.log import read_log
from ddsim.scenarios import PACKAGED, load_scenario

RIVALS = PACKAGED / "rivals.yaml"


def advances(folder: Path) -> int:
    log = folder / "log.jsonl"
    if not log.exists():
        return 0
    return sum(e["event"] == "advance" for e in read_log(log))


def wait_for(predicate, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            pytest.fail("timed out")
        time.sleep(0.1)


# --------------------------------------------------------------------------
# the terminal game
# --------------------------------------------------------------------------
def test_a_killed_terminal_game_keeps_every_turn_and_resumes(tmp_path):
    """Two turns played, the process killed while it waits for the third
    turn's orders; --resume goes on from turn 3 and the log begins with
    the very bytes the killed game wrote."""
    args = [sys.executable, "-m", "ddsim", "play", str(RIVALS), "--as", "ALD"]
    args += ["--turns", "4", "--seed", "4", "-n", "2", "--out", "out", "-q"]
    proc = subprocess.Popen(
        args, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, cwd=tmp_path, text=True
    )
    try:
        proc.stdin.write("2 BOR\nfirst\n1 CET\nsecond\n")
        proc.stdin.flush()
        out = tmp_path / "out"
        wait_for(lambda: out.is_dir() and any(advances(f) == 2 for f in out.iterdir()))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    (folder,) = out.iterdir()
    before = (folder / "log.jsonl").read_bytes()
    assert "first" in (folder / "memos" / "you.md").read_text()
    assert not (folder / "debrief.html").exists()
    assert [f.path for f in unfinished_games(out)] == [folder]

    done = subprocess.run(
        [*args, "--resume"],
        input="3 BOR\nthird\n\n\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "Resuming" in done.stdout and "Turn 3 of 4" in done.stdout
    assert "Turn 1 of 4" not in done.stdout
    assert list(out.iterdir()) == [folder]  # the same folder, finished
    after = (folder / "log.jsonl").read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    game = replay(folder / "log.jsonl")
    assert game.over and game.played_turns == 4
    memos = [e["memo"] for e in game.log if e["event"] == "submit"]
    assert memos == ["first", "second", "third", ""]
    assert (folder / "debrief.html").exists() and unfinished_games(out) == []


def test_a_second_terminal_game_gets_its_own_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        keys = iter(["1 BOR", "memo"])
        monkeypatch.setattr("builtins.input", lambda prompt, keys=keys: next(keys, "q"))
        assert main(["play", str(RIVALS), "--as", "ALD", "-n", "2", "-q"]) == 0
    folders = sorted((tmp_path / "results" / "play-rivals").iterdir())
    assert len(folders) == 2 and all((f / "debrief.html").exists() for f in folders)


def test_resume_with_nothing_to_resume_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["play", str(RIVALS), "--as", "ALD", "--resume"]) == 2
    err = capsys.readouterr().err
    assert "--resume: no unfinished game of ALD" in err and err.count("\n") == 1


def test_turns_beyond_the_scenario_are_refused_with_the_range(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    steps = load_scenario(RIVALS).steps
    assert main(["play", str(RIVALS), "--as", "ALD", "--turns", str(steps + 1)]) == 2
    assert f"has turns 1 to {steps}" in capsys.readouterr().err
    assert not (tmp_path / "results").exists()


def test_new_game_folders_never_collide(tmp_path):
    first, second = new_game_folder(tmp_path, "x"), new_game_folder(tmp_path, "x")
    assert (first.name, second.name) == ("x", "x-2")


# --------------------------------------------------------------------------
# the classroom server
# --------------------------------------------------------------------------
SERVER = """
import sys, time
from pathlib import Path
from ddsim.play.classroom import Classroom
from ddsim.scenarios import load_scenario
sc, out = load_scenario(sys.argv[1]), Path(sys.argv[2])
registry = Classroom(sc, "ALD,BOR", code="T", turns=4, out=out)
room = registry.create(drafts="submit")
room.set_deadline(5, every_turn=True)
room.submit("Aldoria", [("staff_talks", "BOR")], "talk", turn=1)
room.inject("ALD", "BOR", 2)
room.advance()
room.submit("Borea", [("show_of_force", "ALD")], "we show force", turn=2)
room.save_draft("Aldoria", [("csbm", "BOR")], "a draft")
print(room.id, room.codes["Aldoria"], flush=True)
time.sleep(600)
"""


def test_a_killed_server_offers_to_resume_its_games_to_the_byte(tmp_path):
    out = tmp_path / "games"
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(RIVALS), str(out)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        game_id, code = proc.stdout.readline().split()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    folder = out / game_id
    before = (folder / "log.jsonl").read_bytes()
    seen = json.loads((folder / "seen" / "Borea" / "turn-02.json").read_text())
    assert seen["turn"] == 2 and seen["team"] == "Borea"
    turns = json.loads((folder / "turns.json").read_text())
    assert turns[0]["incidents"] == ["ALD-BOR +2"] and turns[0]["missing"] == ["Borea"]
    assert "ALD-BOR +2" in (folder / "memos" / "Borea.md").read_text()

    again = Classroom(load_scenario(RIVALS), "ALD,BOR", code="T", turns=4, out=out)
    (about,) = again.resumable()
    assert (about["id"], about["played"], about["over"]) == (game_id, 1, False)
    room = again.resume(game_id)
    assert again.resumable() == []
    assert room.codes["Aldoria"] == code and again.join(code) == (room, "Aldoria")
    assert (room.drafts, room.turn_minutes) == ("submit", 5)
    assert room.seconds_left() > 290  # the turn's clock starts again
    assert room.draft_of("Aldoria") == ([("csbm", "BOR")], "a draft")
    assert room.game.status()["submitted"] == ["Borea"]
    assert (folder / "log.jsonl").read_bytes() == before  # resumed to the byte
    assert room.game.state_digest() == replay(folder / "log.jsonl").state_digest()
    # the deadline passes: Aldoria's draft is submitted for it, the turn is played
    room._time_up(2)
    last = [e for e in room.game.log if e["event"] == "advance"][-1]
    assert last["missing"] == [] and last["applied"]["ALD"] == [{"kind": "csbm", "partner": "BOR"}]
    assert (folder / "log.jsonl").read_bytes().startswith(before)


def test_a_finished_game_is_not_offered_again(tmp_path):
    registry = Classroom(load_scenario(RIVALS), "ALD,BOR", turns=1, replications=2, out=tmp_path)
    room = registry.create()
    room.advance()
    wait_for(lambda: not room.debrief_running)
    assert room.debrief_error is None and (tmp_path / room.id / "debrief.html").exists()
    assert unfinished_games(tmp_path) == []
    assert GameFolder(tmp_path / room.id).describe()["over"] is True


# --------------------------------------------------------------------------
# the real server, in headless Chromium
# --------------------------------------------------------------------------
def serve(out: Path, log: Path, port: int) -> subprocess.Popen:
    from browser import ROOT

    args = [sys.executable, "-m", "ddsim", "play", str(RIVALS), "--teams", "ALD,BOR"]
    args += ["--host", "127.0.0.1", "--port", str(port), "--code", "TEACH123"]
    args += ["--turns", "3", "--replications", "2", "--out", str(out)]
    return subprocess.Popen(
        args, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )


def instructor(browser, url: str):
    """The instructor's page, the code typed."""
    page = browser.new_page()
    page.goto(url + "instructor")
    page.get_by_label("instructor code").fill("TEACH123", timeout=60_000)
    page.get_by_role("button", name="Enter").click()
    return page


@pytest.mark.slow
def test_the_server_killed_mid_game_resumes_from_the_instructor_page(tmp_path):
    """A turn played and a submission made in Chromium; the server is
    killed (SIGKILL); started again with the same --out, its instructor
    page offers the game, which comes back with its join codes, its turn and
    the team's submission."""
    from browser import CHROMIUM_FLAGS, chromium, free_port, wait_until_serving
    from playwright.sync_api import expect, sync_playwright

    browser_path, out, port = chromium(), tmp_path / "games", free_port()
    url = f"http://127.0.0.1:{port}/"
    server = serve(out, tmp_path / "first.log", port)
    try:
        wait_until_serving(server, url, tmp_path / "first.log")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=browser_path, args=CHROMIUM_FLAGS)
            teacher = instructor(browser, url)
            teacher.get_by_role("button", name="Create game").click()
            codes = teacher.locator("table.codes")
            codes.wait_for(timeout=30_000)
            code = re.search(r"Aldoria\t.*?\t([A-Z0-9]{6})\t", codes.inner_text()).group(1)
            teacher.get_by_role("button", name="Play turn 1").click()
            team = browser.new_page()
            team.goto(url + f"team?code={code}")
            team.get_by_text("Your orders for turn 2").wait_for(timeout=30_000)
            team.get_by_label("Memo").fill("before the crash")
            team.get_by_role("button", name="Submit turn 2").click()
            team.get_by_text("Submitted for this turn").wait_for(timeout=30_000)
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGKILL)  # no chance to save anything now
        server.wait(timeout=30)
    (folder,) = out.iterdir()
    before = (folder / "log.jsonl").read_bytes()
    assert b"before the crash" in before

    server = serve(out, tmp_path / "second.log", port)
    try:
        wait_until_serving(server, url, tmp_path / "second.log")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=browser_path, args=CHROMIUM_FLAGS)
            teacher = instructor(browser, url)
            teacher.get_by_role("button", name=f"Resume {folder.name}").click()
            expect(teacher.locator("h3").first).to_contain_text("Turn 2 of 3", timeout=30_000)
            team = browser.new_page()
            team.goto(url + f"team?code={code}")  # the same join code
            team.get_by_text("Submitted for this turn").wait_for(timeout=30_000)
            expect(team.locator("textarea")).to_have_value("before the crash")
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert (folder / "log.jsonl").read_bytes().startswith(before)
    assert "Traceback" not in (tmp_path / "second.log").read_text()
