"""What every page of the classroom uses: the server's registry of games,
a room's changes, plain text and tables, the answer to a click, the turn's
line and its countdown."""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import solara

from ddsim.play.classroom import Classroom
from ddsim.play.errors import PlayError
from ddsim.play.room import DRAFTS, WARN_BEFORE, Room

#: How long a page's watcher waits for a change before it looks whether its
#: page was closed (seconds); a change wakes it at once (Room.wait_for_change).
POLL = 0.4

_classroom: Classroom | None = None
_classroom_lock = threading.Lock()


def classroom() -> Classroom:
    """The server's registry of games (made from ``ddsim play``'s settings on first use)."""
    global _classroom
    with _classroom_lock:
        if _classroom is None:
            _classroom = Classroom.from_environment()
        return _classroom


def use_classroom(registry: Classroom | None) -> None:
    """Serve ``registry`` (tests and embedding; None: from the settings again)."""
    global _classroom
    with _classroom_lock:
        _classroom = registry


def use_room(room: Room, team: str | None = None) -> Any:
    """Redraw the calling component when ``room`` changes (another player's
    move, a deadline passing): any change for the instructor, and for a
    ``team``'s page only what the team sees (not another team's submission,
    so 30 pages do not redraw 30 times a turn). Returns what it watches."""

    def now() -> Any:
        return room.version if team is None else room.seen_by(team)

    seen_now, set_seen = solara.use_state(now())

    def watch(cancel: threading.Event) -> None:
        version, seen = room.version, now()
        set_seen(seen)
        while not cancel.is_set():
            version = room.wait_for_change(version, POLL)
            if now() != seen:
                seen = now()
                set_seen(seen)

    solara.use_thread(watch, dependencies=[room.id, team], intrusive_cancel=False)
    return seen_now


def Text(text: str, tag: str = "p", style: str = ""):
    """Plain text in an HTML element (Markdown would fetch scripts from a CDN)."""
    return solara.HTML(tag=tag, unsafe_innerHTML=html.escape(text), style=style)


def Table(head: list[str], rows: list[list[Any]], classes: str = "", style: str = ""):
    """An HTML table of text (escaped)."""
    th = "".join(
        f"<th style='text-align:left; padding-right:1.2em'>{html.escape(h)}</th>" for h in head
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td style='padding-right:1.2em'>{html.escape(str(c))}</td>" for c in row)
        + "</tr>"
        for row in rows
    )
    cls = f" class='{html.escape(classes)}'" if classes else ""
    # a box that scrolls sideways: on a phone the table scrolls, the page does not
    return solara.HTML(
        tag="div",
        unsafe_innerHTML=f"<table{cls}><tr>{th}</tr>{body}</table>",
        style=f"overflow-x: auto; max-width: 100%; {style}",
    )


def Message(message: tuple[str, str] | None):
    """The answer to the last click: ``("error", text)`` or ``("success", text)``."""
    if message is None:
        return
    kind, text = message
    (solara.Error if kind == "error" else solara.Success)(text)


def attempt(action: Callable[[], Any], done: str, say: Callable) -> bool:
    """Run a player's move; say what happened (the game's own message if it refused)."""
    try:
        action()
    except PlayError as exc:
        say(("error", str(exc)))
        return False
    say(("success", done) if done else None)
    return True


def query(router: Any) -> dict[str, str]:
    """The page address's query (``?code=...&game=...``) as a plain dict."""
    return {k: v[0] for k, v in parse_qs(router.search or "").items()}


def did(engagements: list[dict[str, str]]) -> str:
    """Engagements in words: ``staff_talks with BOR, csbm with CET``."""
    return ", ".join(f"{e['kind']} with {e['partner']}" for e in engagements) or "nothing"


def turn_line(room: Room) -> str:
    g = room.game
    if g.over:
        return f"The game is over after {g.played_turns} turn{'s' if g.played_turns != 1 else ''}."
    line = f"Turn {g.turn} of {g.turns}"
    if g.paused:
        line += " - paused by the instructor"
    elif room.closes():
        line += f" - closes at {room.closes()} (server time)"
    return line


@solara.component
def Countdown(room: Room, team: str | None = None, seen: Any = None):
    """The time left in the open turn, ticking each second (nothing without a
    deadline); on ``team``'s page, a warning shortly before the deadline if
    it has not submitted (``seen``: what the page watches, so that the
    countdown redraws when the deadline, the pause or the team's orders change)."""
    _, set_now = solara.use_state(0.0)
    # no clock, no ticks: 30 pages redrawing every second for nothing compete
    # with the redraw of a turn played
    ticking = room.deadline is not None and not room.game.paused and not room.game.over

    def tick(cancel: threading.Event) -> None:
        while ticking and not cancel.wait(1.0):
            set_now(time.time())

    solara.use_thread(tick, dependencies=[room.id, room.deadline, ticking], intrusive_cancel=False)
    left = room.seconds_left()
    if left is None or room.game.over:
        return
    minutes, seconds = divmod(int(left), 60)
    stopped = " (the clock is stopped)" if room.game.paused else ""
    Text(f"{minutes}:{seconds:02d} left in this turn{stopped}", tag="b", style="font-size: 130%")
    if team is not None and left <= WARN_BEFORE and team in room.game.status()["waiting"]:
        solara.Warning(
            f"Less than a minute left and your orders are not submitted: submit them now. "
            f"At the deadline your draft is {DRAFTS[room.drafts]}."
        )


__all__ = [
    "Countdown",
    "Message",
    "Table",
    "Text",
    "attempt",
    "classroom",
    "did",
    "query",
    "turn_line",
    "use_classroom",
    "use_room",
]
