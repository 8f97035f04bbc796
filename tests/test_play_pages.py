"""The classroom's pages in Solara sessions (no browser): what a teacher
and the teams meet besides playing a turn (tests/test_play_web.py plays
them): a reload that keeps the instructor's session, a confirmation before
the end, the undo of an incident, the deadline in force, the handout of join
codes, the warning before the deadline, one draft for every tab of a team,
a team page after the end, and an open page that follows the room: a
deadline set later, a new form each turn; and the engine warmed before a
class plays its first turn (issue 19, item 5)."""

from __future__ import annotations

import threading
import time

import pytest
from patience import patience
from sessions import NO_LOOP, Session

from ddsim.play.classroom import Classroom
from ddsim.scenarios import load_scenario

pytestmark = NO_LOOP


@pytest.fixture
def registry(tmp_path) -> Classroom:
    return Classroom(
        load_scenario("scenarios/rivals.yaml"),
        "ALD,BOR",
        code="TEACH-123",
        turns=4,
        replications=2,
        out=tmp_path,
    )


@pytest.fixture
def web(registry):
    pytest.importorskip("solara")
    from ddsim.play import web

    web.use_classroom(registry)
    opened: list[Session] = []

    def session() -> Session:
        opened.append(Session(f"s{len(opened)}"))
        return opened[-1]

    yield web, session
    for s in opened:
        s.close()
    web.use_classroom(None)


def test_a_reload_with_the_session_returns_to_the_running_game(registry, web):
    pages, session = web
    room = registry.create()
    page = session().render(pages.InstructorPage(session=registry.session_token(), game=room.id))
    assert f"Game {room.id}" in page.text() and "instructor code" not in page.text()
    other = session().render(pages.InstructorPage(session="forged", game=room.id))
    assert "instructor code" in other.text() and room.id not in other.text()


def test_ending_asks_first_and_an_incident_can_be_undone(registry, web):
    pages, session = web
    room = registry.create()
    page = session().render(pages.InstructorPage(session=registry.session_token(), game=room.id))
    page.click("End the game and debrief")
    assert not room.game.over and "End the game now, after 0 of 4 turns?" in page.text()
    page.click("No, go on playing")
    assert "End the game now" not in page.text()
    page.click("Inject incident")
    assert [e.between for e in room.game.incidents] == [["ALD", "BOR"]]
    page.click("Undo the incident ALD-BOR")
    assert room.game.incidents == [] and room.game.log[-1]["event"] == "undo_incident"
    page.click("End the game and debrief")
    page.click("Yes, end the game")
    assert room.game.over


def test_the_deadline_field_shows_the_deadline_in_force(registry, web):
    pages, session = web
    room = registry.create()
    room.set_deadline(7, every_turn=True)
    page = session().render(pages.InstructorPage(session=registry.session_token(), game=room.id))
    assert "every turn gets 7 minutes" in page.text()
    import ipyvuetify as v

    field = page.find(v.TextField, label="deadline (minutes from now, 0 for none)")
    assert float(field.v_model) == 7.0


def test_the_handout_prints_each_teams_code(registry, web):
    pages, session = web
    room = registry.create()
    page = session().render(pages.Handout(session=registry.session_token(), game=room.id))
    for team, code in room.codes.items():
        assert team in page.text() and code in page.text()
    refused = session().render(pages.Handout(session="", game=room.id))
    assert room.codes["Aldoria"] not in refused.text()


def test_every_tab_of_a_team_shows_the_same_draft(registry, web):
    pages, session = web
    room = registry.create()
    first = session().render(pages.TeamPage(code=room.codes["Aldoria"]))
    first.click("Add engagement")
    assert "Chosen: 1 of" in first.text()
    second = session().render(pages.TeamPage(code=room.codes["Aldoria"]))
    assert "Chosen: 1 of" in second.text()
    borea = session().render(pages.TeamPage(code=room.codes["Borea"]))
    assert "Chosen: 0 of" in borea.text()


def test_a_team_is_warned_before_the_deadline_and_told_of_missing_orders(registry, web):
    pages, session = web
    room = registry.create()
    room.set_deadline(0.5)
    page = session().render(pages.TeamPage(code=room.codes["Borea"]))
    assert "Less than a minute left" in page.text() and "kept" in page.text()
    room.submit("Borea", [], "", turn=1)
    calm = session().render(pages.TeamPage(code=room.codes["Borea"]))
    assert "Less than a minute left" not in calm.text()
    room.deadline = time.time() - 1
    room._time_up(1)  # the deadline passes: Aldoria had sent nothing
    late = session().render(pages.TeamPage(code=room.codes["Aldoria"]))
    assert "no orders from you arrived for turn 1" in late.text()
    history = session().render(pages.InstructorPage(session=registry.session_token(), game=room.id))
    assert "Aldoria" in history.text().split("no orders from")[1]


def test_a_finished_games_team_page_says_so_and_links_the_debrief(registry, web):
    pages, session = web
    room = registry.create()
    room.advance()
    room.end()
    page = session().render(pages.TeamPage(code=room.codes["Aldoria"]))
    assert "The game is over" in page.text() and "See the debrief" in page.text()
    assert "Budget this turn" not in page.text() and "announced" not in page.text()


def shows(page: Session, text: str, present: bool = True) -> bool:
    """Whether ``page`` comes to show ``text`` (or, not ``present``, to no
    longer show it): its watcher redraws it in a thread of its own when the
    room changes."""
    end = time.monotonic() + patience(10)
    while (text in page.text()) != present:
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


def test_an_open_page_follows_the_deadline(registry, web):
    pages, session = web
    room = registry.create()
    page = session().render(pages.TeamPage(code=room.codes["Aldoria"]))
    assert "left in this turn" not in page.text()
    room.set_deadline(5)  # the page is open: its clock starts
    assert shows(page, "left in this turn")
    room.set_deadline(0)  # no deadline any more: the clock goes
    assert shows(page, "left in this turn", present=False)


def test_an_open_page_gets_a_new_form_each_turn(registry, web):
    pages, session = web
    room = registry.create()
    page = session().render(pages.TeamPage(code=room.codes["Aldoria"]))
    page.type("Memo: what you do and why (kept for the debrief)", "We talk first.", area=True)
    page.click("Submit turn 1")
    assert "Submitted for turn 1." in page.text() and "We talk first." in page.text()
    room.advance()
    assert shows(page, "Your orders for turn 2")
    # the same widgets, a new form: last turn's memo and answer are gone
    assert "We talk first." not in page.text() and "Submitted for turn 1." not in page.text()


def test_the_first_game_warms_the_engine_and_leaves_the_game_alone(tmp_path):
    """Creating the first game steps a scratch model of its scenario in the
    background (the engine's compiled loops load before the first turn is
    played); the game itself is untouched: its first turn is the one a game
    without the warm-up plays."""
    from ddsim.play import classroom
    from ddsim.play.game import Game

    classroom._warm.clear()
    registry = Classroom(
        load_scenario("scenarios/rivals.yaml"), "ALD,BOR", turns=2, seed=7, out=tmp_path
    )
    room = registry.create()
    assert classroom._warm.is_set()
    warmer = next((t for t in threading.enumerate() if t.name == "ddsim-warm-up"), None)
    if warmer is not None:
        warmer.join(timeout=patience(60))
    assert room.game.turn == 1 and room.game.played_turns == 0
    alone = Game(load_scenario("scenarios/rivals.yaml"), dict(room.game.teams), rng=7, turns=2)
    assert room.game.state_digest() == alone.state_digest()
    room.advance()
    alone.advance()
    assert room.game.state_digest() == alone.state_digest()


def widget_ids(page: Session) -> set[str]:
    """The ids of every widget the page shows now."""
    page.settle()
    ids, stack = set(), [page.box]
    while stack:
        w = stack.pop()
        ids.add(w.model_id)
        stack += [c for c in getattr(w, "children", None) or [] if not isinstance(c, str)]
    return ids


def test_a_turn_played_makes_no_new_widget_on_a_team_page(registry, web):
    """A team page follows a turn by changing the widgets it has (a line that
    appeared, the last turn's or the submission's, used to move every widget
    below it: each redrawn and one made anew, on each of a class's 30 pages)."""
    pages, session = web
    room = registry.create()
    page = session().render(pages.TeamPage(code=room.codes["Aldoria"]))
    page.click("Add engagement")
    page.click("Submit turn 1")
    # the line comes from the room, which the page's watcher redraws in its own
    # thread: the click's render may be done before that redraw has begun
    assert shows(page, "Submitted for this turn")
    before = widget_ids(page)
    room.advance()
    assert shows(page, "Your orders for turn 2")
    assert "Last turn you carried out" in page.text()
    assert "Submitted for this turn" not in page.text()
    assert widget_ids(page) <= before
