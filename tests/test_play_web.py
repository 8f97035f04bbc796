"""Playing in class, in the browser: the server's registry of games
(:mod:`ddsim.play.classroom`), its pages (:mod:`ddsim.play.web`) rendered in
two Solara sessions at once, ``ddsim play --teams`` refusing bad input, and,
end to end in headless Chromium, an instructor and two teams playing three
turns up to the debrief (helpers in tests/browser.py).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from browser import CHROMIUM_FLAGS, choose, chromium, ddsim_server, free_port, missing_assets
from patience import patience
from sessions import NO_LOOP, Session

from ddsim.cli import main
from ddsim.play.classroom import ALPHABET, Classroom, parse_teams
from ddsim.play.errors import PlayError
from ddsim.scenarios import load_scenario

RIVALS = "scenarios/rivals.yaml"


@pytest.fixture
def registry(tmp_path) -> Classroom:
    return Classroom(
        load_scenario(RIVALS), "ALD,BOR", code="TEACH-123", turns=4, replications=2, out=tmp_path
    )


# --------------------------------------------------------------------------
# the registry, without a browser
# --------------------------------------------------------------------------
def test_teams_are_read_from_the_option_and_bad_ones_refused():
    sc = load_scenario(RIVALS)
    assert parse_teams("ALD, BOR=Blue team", sc) == {"ALD": "Aldoria", "BOR": "Blue team"}
    for bad, says in [("XYZ", "unknown state 'XYZ'"), ("ALD,ALD", "twice"), (" , ", "at least")]:
        with pytest.raises(PlayError, match=says):
            parse_teams(bad, sc)


def test_each_game_gets_its_own_id_and_join_codes(registry):
    one, two = registry.create(), registry.create("CET=Cetians", turns=2)
    assert one.id != two.id and set(registry.rooms) == {one.id, two.id}
    codes = [*one.codes.values(), *two.codes.values()]
    assert len(set(codes)) == 3 and all(set(c) <= set(ALPHABET) for c in codes)
    assert one.game.teams == {"ALD": "Aldoria", "BOR": "Borea"} and one.game.turns == 4
    assert two.game.teams == {"CET": "Cetians"} and two.game.turns == 2
    # a code joins its own game and team, however it is typed
    code = one.codes["Borea"]
    assert registry.join(f" {code[:3].lower()}-{code[3:]} ") == (one, "Borea")
    assert registry.join(two.codes["Cetians"]) == (two, "Cetians")
    with pytest.raises(PlayError, match="no team has the join code"):
        registry.join("NOPE00")
    with pytest.raises(PlayError, match="no game"):
        registry.room("ZZZZZZZZ")


def test_a_game_may_play_another_offered_scenario(registry):
    registry.files = ["scenarios/dyad.yaml"]
    assert registry.offered() == [RIVALS, "scenarios/dyad.yaml"]
    assert registry.defaults() == ("ALD,BOR", registry.scenario.seed)
    dyad = load_scenario("scenarios/dyad.yaml")
    assert registry.defaults("scenarios/dyad.yaml") == ("EST,WES", dyad.seed)
    room = registry.create(file="scenarios/dyad.yaml")
    assert room.game.teams == {"EST": "Estria", "WES": "Westmark"}
    assert room.game.scenario.digest == dyad.digest
    with pytest.raises(PlayError, match="not offered"):
        registry.create(file="scenarios/world.yaml")


def test_the_instructor_code_is_checked(registry):
    assert registry.is_instructor("teach123") and registry.is_instructor("TEACH-123")
    assert not registry.is_instructor("") and not registry.is_instructor("TEACH124")


def test_two_games_on_one_server_share_nothing(registry):
    one, two = registry.create(), registry.create()
    one.submit("Aldoria", [("staff_talks", "BOR")], "talk first", turn=1)
    one.advance()
    assert one.game.turn == 2 and two.game.turn == 1
    assert two.game.status()["submitted"] == [] and two.game.view("Aldoria").last_turn == []
    assert one.game.view("Aldoria").last_turn == [{"kind": "staff_talks", "partner": "BOR"}]
    one.pause()
    assert one.game.paused and not two.game.paused
    two.submit("Borea", [], "", turn=1)  # the other game goes on
    assert one.game.status()["submitted"] == []


def test_a_refused_submission_says_why_and_changes_nothing(registry):
    room = registry.create()
    before = room.version
    too_much = [("joint_exercise", "ALD"), ("joint_exercise", "CET")]
    with pytest.raises(PlayError, match="over budget"):
        room.check("Borea", too_much)
    with pytest.raises(PlayError, match="over budget"):
        room.submit("Borea", too_much, "", turn=1)
    with pytest.raises(PlayError, match="turn 2"):
        room.submit("Borea", [], "", turn=2)
    assert room.version == before and room.game.status()["submitted"] == []


def test_the_deadline_closes_the_turn_and_plays_it(registry):
    room = registry.create()
    room.set_deadline(10, every_turn=True)
    assert 590 < room.seconds_left() <= 600 and room.closes() is not None
    room.submit("Aldoria", [("staff_talks", "BOR")], "", turn=1)
    room.deadline = time.time() - 1  # as if ten minutes had passed
    with pytest.raises(PlayError, match="closed at"):
        room.submit("Borea", [], "", turn=1)
    room._time_up(1)  # what the timer does when the deadline passes
    assert room.game.turn == 2
    assert room.game.log[-1]["applied"]["ALD"] == [{"kind": "staff_talks", "partner": "BOR"}]
    assert room.game.log[-1]["missing"] == ["Borea"]
    # every turn gets its own deadline; a late timer of a closed turn does nothing
    assert room.seconds_left() > 590
    room._time_up(1)
    assert room.game.turn == 2
    # pausing stops the clock, resuming restarts it where it stopped
    room.pause()
    left = room.seconds_left()
    assert left == room.seconds_left()
    room.resume()
    assert room.seconds_left() <= left
    room.set_deadline(0)
    assert room.deadline is None and room.turn_minutes is None
    with pytest.raises(PlayError, match="0 or more"):
        room.set_deadline(-1)


def test_an_incident_and_the_end_lead_to_the_debrief_and_the_folder(registry, tmp_path):
    room = registry.create()
    room.inject("ALD", "CET", 2)
    assert "incident between ALD and CET" in " ".join(room.game.view("Aldoria").news)
    room.advance()
    room.end()
    assert room.game.over
    for _ in range(600):  # the debrief runs in a thread of its own
        if not room.debrief_running:
            break
        time.sleep(0.1)
    assert room.debrief_error is None and room.debrief is not None
    assert all(name.endswith(".png") for name, _, _ in room.figures)
    assert all(png.startswith(b"\x89PNG") for _, png, _ in room.figures)
    assert room.folder == tmp_path / room.id
    assert {"log.jsonl", "debrief.html"} <= {p.name for p in room.folder.iterdir()}
    with pytest.raises(PlayError, match="over"):
        room.advance()


def test_the_settings_reach_the_server_through_the_environment(registry, monkeypatch):
    monkeypatch.delenv("DDSIM_PLAY_CONFIG", raising=False)
    with pytest.raises(PlayError, match="ddsim play"):
        Classroom.from_environment()
    registry.address = "http://10.0.0.5:8765/"
    registry.files = ["scenarios/dyad.yaml"]
    registry.to_environment()
    again = Classroom.from_environment()
    assert (again.teams, again.code, again.turns, again.out, again.address, again.files) == (
        "ALD,BOR",
        "TEACH-123",
        4,
        registry.out,
        "http://10.0.0.5:8765/",
        ["scenarios/dyad.yaml"],
    )
    assert again.scenario.digest == registry.scenario.digest and again.rooms == {}


# --------------------------------------------------------------------------
# the pages in two Solara sessions (no browser)
# --------------------------------------------------------------------------
@pytest.fixture
def sessions(registry):
    """Two browser sessions on one server serving ``registry``."""
    pytest.importorskip("solara")
    from ddsim.play import web

    web.use_classroom(registry)
    made = [Session("first"), Session("second")]
    yield made
    for session in made:
        session.close()
    web.use_classroom(None)


@NO_LOOP
def test_two_sessions_see_only_their_own_game_and_team(registry, sessions):
    from ddsim.play import web

    a, b = sessions
    one, two = registry.create(), registry.create("CET")
    a.render(web.TeamPage())
    b.render(web.TeamPage())
    a.type("join code", one.codes["Aldoria"])
    a.click("Join")
    assert "you play Aldoria (ALD)" in a.text()
    assert "join code" in b.text()  # the other session has joined nothing
    b.type("join code", two.codes["Cetia"])
    b.click("Join")
    assert "you play Cetia (CET)" in b.text() and "you play Aldoria" not in b.text()
    # an engagement chosen in one session is that session's alone
    a.click("Add engagement")
    assert "Chosen: 1 of" in a.text() and "Chosen: 0 of" in b.text()
    a.click("Submit turn 1")
    assert "Submitted for turn 1" in a.text() and "Submitted" not in b.text()
    assert one.game.status()["submitted"] == ["Aldoria"]
    assert two.game.status()["submitted"] == []


@NO_LOOP
def test_the_instructor_page_opens_for_one_session_only(registry, sessions):
    from ddsim.play import web

    a, b = sessions
    a.render(web.InstructorPage())
    b.render(web.InstructorPage())
    a.type("instructor code", "wrong")
    a.click("Enter")
    assert "wrong instructor code" in a.text() and "Create game" not in a.text()
    a.type("instructor code", "TEACH-123")
    a.click("Enter")
    assert "Create game" in a.text()
    assert "Create game" not in b.text() and "instructor code" in b.text()
    a.click("Create game")
    (room,) = registry.rooms.values()
    assert room.codes["Aldoria"] in a.text() and room.codes["Aldoria"] not in b.text()


# --------------------------------------------------------------------------
# the command
# --------------------------------------------------------------------------
def test_bad_teams_are_refused_before_the_server_starts(capsys):
    assert main(["play", RIVALS, "--teams", "ALD,XYZ", "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert "unknown state 'XYZ'" in err and "Traceback" not in err
    assert main(["play", RIVALS, "--teams", "ALD", "--code", " ", "--port", "1"]) == 2


# --------------------------------------------------------------------------
# end to end, in headless Chromium
# --------------------------------------------------------------------------
def add(page, action: str, partner: str) -> None:
    choose(page, "action", action)
    choose(page, "partner", partner)
    page.get_by_role("button", name="Add engagement").click()


@pytest.mark.slow
def test_a_class_plays_three_turns_in_the_browser_and_sees_the_debrief(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    browser_path = chromium()
    log = tmp_path / "server.log"
    args = ["play", RIVALS, "--teams", "ALD,BOR", "--host", "127.0.0.1", "--code", "TEACH123"]
    args += ["--replications", "5", "--out", str(tmp_path / "games")]
    with ddsim_server(args, log) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, args=CHROMIUM_FLAGS)
        teacher, teams = None, {}
        try:
            # three people, three browser contexts (no shared cookies or sessions)
            teacher = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            teacher.goto(url + "instructor")
            try:
                teacher.get_by_label("instructor code").fill("TEACH123", timeout=patience(60_000))
            except Exception:
                teacher.screenshot(path=tmp_path / "failed.png")
                pytest.fail(f"no instructor page; {missing_assets(log)}", pytrace=False)
            teacher.get_by_role("button", name="Enter").click()
            teacher.get_by_label("turns").fill("3")
            teacher.get_by_role("button", name="Create game").click()
            codes_table = teacher.locator("table.codes")
            codes_table.wait_for(timeout=patience(30_000))
            codes = dict(re.findall(r"\n(\w+)\t.*?\t([A-Z0-9]{6})\t", codes_table.inner_text()))
            assert set(codes) == {"Aldoria", "Borea"}

            for team, code in codes.items():
                page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
                page.goto(url)
                page.get_by_label("join code").fill(code.lower())
                page.get_by_role("button", name="Join").click()
                page.locator("table.relations").wait_for(timeout=patience(30_000))
                teams[team] = page
            ald, bor = teams["Aldoria"], teams["Borea"]
            # a student on a phone (390 px wide): the page stacks, nothing runs off the side
            phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            phone.goto(url)
            phone.get_by_label("join code").fill(codes["Aldoria"].lower())
            phone.get_by_role("button", name="Join").click()
            phone.locator("table.relations").wait_for(timeout=patience(30_000))
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390
            phone.context.close()
            # each sees its own state's view: its trust in the others, not theirs in it
            expect(ald.locator("h2")).to_contain_text("you play Aldoria (ALD)")
            expect(bor.locator("h2")).to_contain_text("you play Borea (BOR)")
            assert "Aldoria (ALD)" not in ald.locator("table.relations").inner_text()
            assert "Borea (BOR)" in ald.locator("table.relations").inner_text()

            # a deadline of five minutes a turn: the teams see the clock
            teacher.get_by_role("button", name="Set deadline").click()
            ald.get_by_text("left in this turn").wait_for(timeout=patience(30_000))
            expect(bor.locator("h3")).to_contain_text("closes at", timeout=patience(30_000))

            for turn in (1, 2, 3):
                if turn == 2:  # the instructor pauses, resumes and injects an incident
                    teacher.get_by_role("button", name="Pause").click()
                    bor.get_by_text("paused by the instructor").wait_for(timeout=patience(30_000))
                    expect(bor.get_by_role("button", name="Submit turn 2")).to_be_disabled()
                    teacher.get_by_role("button", name="Resume").click()
                    expect(bor.get_by_role("button", name="Submit turn 2")).to_be_enabled(
                        timeout=patience(30_000)
                    )
                    teacher.get_by_role("button", name="Inject incident").click()
                    ald.get_by_text("incident between ALD and BOR this turn").wait_for(
                        timeout=patience(30_000)
                    )
                ald.get_by_text(f"Your orders for turn {turn}").wait_for(timeout=patience(30_000))
                add(ald, "staff_talks", "Borea")
                ald.get_by_text("Chosen: 1 of").wait_for(timeout=patience(10_000))
                ald.get_by_label("Memo").fill(f"Turn {turn}: we talk to Borea first.")
                ald.get_by_role("button", name=f"Submit turn {turn}").click()
                ald.get_by_text("Submitted for turn").wait_for(timeout=patience(30_000))

                bor.get_by_text(f"Your orders for turn {turn}").wait_for(timeout=patience(30_000))
                if turn == 1:  # over budget: refused with the game's message
                    add(bor, "joint_exercise", "Aldoria")
                    add(bor, "joint_exercise", "Cetia")
                    expect(bor.locator(".v-alert").filter(has_text="over budget")).to_be_visible()
                    bor.get_by_text("Chosen: 1 of").wait_for()
                bor.get_by_role("button", name=f"Submit turn {turn}").click()
                bor.get_by_text("Submitted for turn").wait_for(timeout=patience(30_000))

                # the instructor sees both submissions arrive, then plays the turn
                expect(codes_table).not_to_contain_text("waiting", timeout=patience(10_000))
                teacher.get_by_role("button", name=f"Play turn {turn}").click()
                expect(teacher.locator("table.turns tr")).to_have_count(
                    turn + 1, timeout=patience(30_000)
                )

            teacher.get_by_text("The game is over after 3 turns").wait_for(timeout=patience(30_000))
            memos = teacher.locator("table.memos")
            # a re-render can briefly leave the previous turn's table in the page
            expect(memos).to_have_count(1, timeout=patience(30_000))
            expect(memos).to_contain_text("Turn 3: we talk to Borea first.")
            expect(memos).to_contain_text("staff_talks with BOR")
            ald.get_by_text("Your instructor will show the debrief").wait_for(
                timeout=patience(30_000)
            )
            link = teacher.locator("a", has_text="Open the debrief page").get_attribute("href")
            projector = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            projector.goto(url + link.lstrip("/"))
            projector.locator("table.debrief").wait_for(timeout=patience(120_000))
            expect(projector.locator("table.debrief")).to_contain_text("coercive")
            projector.get_by_text("played 3 turns").wait_for(timeout=patience(10_000))
            expect(projector.locator("img")).to_have_count(5, timeout=patience(10_000))
            projector.screenshot(path=tmp_path / "debrief.png", full_page=True)
        except Exception:
            for name, page in [("teacher", teacher), *teams.items()]:
                page.screenshot(path=tmp_path / f"failed-{name}.png", full_page=True)
            raise
        finally:
            browser.close()
    folder = next((tmp_path / "games").iterdir())
    memos = (folder / "memos" / "Aldoria.md").read_text()
    assert "Turn 3: we talk to Borea first." in memos
    assert "Traceback" not in log.read_text()
    # the address was said once the server answered, after 'starting'
    said = log.read_text()
    assert said.index("starting the server") < said.index("ready at http://127.0.0.1:")


def test_the_scenario_picker_is_offered_however_the_server_was_started():
    from ddsim.cli.serve import offered_files
    from ddsim.dashboard import scenario_files

    for started in ("rivals", RIVALS):  # a packaged name, or a path
        first = load_scenario(started).file
        files = offered_files(first, scenario_files)
        resolved = [Path(f).resolve() for f in files]
        assert len(files) >= 3 and len(set(resolved)) == len(resolved)
        assert Path(first).resolve() not in resolved
        assert any(Path(f).name == "dyad.yaml" for f in files)
