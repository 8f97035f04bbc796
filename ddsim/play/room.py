"""One game on the classroom server and what its players share: the
:class:`~ddsim.play.game.Game`, a join code per team, the turn's deadline,
the teams' unsent drafts, the game's folder and, at the end, the debrief.

Every change goes through a method of :class:`Room` (each takes the room's
lock), raises :attr:`Room.version`, which the pages watch to redraw, and is
written to the game's folder at once (:mod:`ddsim.play.folder`), so a server
that stops loses nothing and can resume the game from its log.

No Solara here: a room can be played and tested without a browser.
"""

from __future__ import annotations

import io
import secrets
import threading
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ddsim.play.debrief import Debrief, make_debrief
from ddsim.play.errors import PlayError
from ddsim.play.figures import debrief_figures
from ddsim.play.folder import GameFolder
from ddsim.play.game import Game
from ddsim.play.report import write_game_folder

#: What happens to a team's unsent draft when the deadline plays the turn.
DRAFTS = {
    "keep": "kept: the team finds it in next turn's form",
    "submit": "submitted for the team, if the rules allow it",
}
#: Seconds before the deadline when the teams' pages warn them.
WARN_BEFORE = 60
#: Seconds the debrief waits once the game has ended before it starts: every
#: page shows the end first (31 pages redraw in about half a second; the
#: debrief's runs would take the interpreter from them for several seconds).
DEBRIEF_WAIT = 1.5


def normal_code(text: str) -> str:
    """A code as typed (any case, spaces or dashes) in the form it was issued."""
    return "".join(c for c in text.upper() if c.isalnum())


@dataclass
class Room:
    """One game on the server and what its players share.

    Attributes:
        id: The game id (in the debrief page's address, and its folder's name).
        game: The game.
        codes: Each team's join code.
        replications, workers: The debrief's runs per group and processes.
        home: The game's folder, written after every change (None: not written).
        deadline: When the open turn closes (seconds since the epoch), or None.
        turn_minutes: If set, every new turn gets a deadline this many minutes away.
        auto_advance: The turn is played when its deadline passes.
        drafts: What happens to unsent drafts at the deadline (a key of :data:`DRAFTS`).
    """

    id: str
    game: Game
    codes: dict[str, str]
    replications: int = 50
    workers: int = 1
    home: GameFolder | None = None
    deadline: float | None = None
    turn_minutes: float | None = None
    auto_advance: bool = True
    drafts: str = "keep"
    version: int = 0  # raised by every change (the instructor's page watches it)
    public: int = 0  # raised by the changes every team sees
    debrief: Debrief | None = None
    debrief_running: bool = False
    debrief_error: str | None = None
    figures: list[tuple[str, bytes, str]] = field(default_factory=list)
    folder: Any = None  # the folder once the debrief is written in it
    created: float = field(default_factory=time.time)
    _draft: dict[str, tuple[list[tuple[str, str]], str]] = field(default_factory=dict)
    _marks: dict[str, int] = field(default_factory=dict)  # changes for one team's pages
    _left: float | None = None  # seconds left when paused
    _timer: threading.Timer | None = None
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _news: threading.Condition = field(default_factory=threading.Condition)  # wakes the pages

    def __post_init__(self) -> None:
        if self.drafts not in DRAFTS:
            raise PlayError(f"drafts: {self.drafts!r}; choose {' or '.join(DRAFTS)}")

    # --- what the pages read ------------------------------------------------
    @property
    def title(self) -> str:
        sc = self.game.scenario
        return sc.title or sc.name

    def team_of(self, code: str) -> str | None:
        """The team whose join code is ``code`` (None if none)."""
        code = normal_code(code)
        return next((t for t, c in self.codes.items() if secrets.compare_digest(c, code)), None)

    def state_of(self, team: str) -> str:
        return next(s for s, t in self.game.teams.items() if t == team)

    def closes(self) -> str | None:
        """When the open turn closes, as the server's clock reads (``10:42:00``)."""
        if self.deadline is None:
            return None
        return datetime.fromtimestamp(self.deadline).strftime("%H:%M:%S")

    def seconds_left(self) -> float | None:
        """Seconds until the open turn closes (None without a deadline)."""
        if self._left is not None:
            return self._left
        return None if self.deadline is None else max(0.0, self.deadline - time.time())

    def draft_of(self, team: str) -> tuple[list[tuple[str, str]], str]:
        """``team``'s draft (engagements, memo) as its pages last left it:
        every tab of the team starts from it. Without the room's lock: a
        draft is replaced whole, never changed in place, and pages redrawing
        after a turn must not wait for the game's folder being written."""
        return self._draft.get(team, ([], ""))

    def settings(self) -> dict[str, Any]:
        """What the folder keeps beside the log so that the game can be resumed."""
        return {
            "id": self.id,
            "codes": dict(self.codes),
            "turn_minutes": self.turn_minutes,
            "auto_advance": self.auto_advance,
            "drafts": self.drafts,
            "replications": self.replications,
            "draft": {t: [list(map(list, d[0])), d[1]] for t, d in self._draft.items()},
        }

    # --- the teams' moves -----------------------------------------------------
    def check(self, team: str, engagements: Iterable[Any]) -> list[dict[str, str]]:
        """What :meth:`submit` would say, without submitting (see ``Game.check``)."""
        with self._lock:
            self._check_deadline(team)
            return self.game.check(team, engagements)

    def save_draft(self, team: str, engagements: Iterable[Any], memo: str) -> None:
        """Keep what ``team`` is choosing, not yet submitted (not in the log:
        only a submission counts)."""
        with self._lock:
            if team not in self.codes:
                raise PlayError(f"unknown team {team!r}; teams: {', '.join(self.codes)}")
            plan = [(str(k), str(p)) for k, p in engagements]
            before = self._draft.get(team, ([], ""))[0]
            self._draft[team] = (plan, str(memo))
            if plan != before:  # the team's other tabs redraw; a memo being typed does not
                self._raise(team)
            if self.home is not None:
                self.home.save_settings(self.settings())

    def submit(
        self, team: str, engagements: Iterable[Any], memo: str, turn: int
    ) -> list[dict[str, str]]:
        """Submit ``team``'s engagements and memo for ``turn`` (the turn its page
        showed); a later submission in the same turn replaces it.

        Raises:
            PlayError: The game refuses it, or the turn's deadline has passed.
        """
        with self._lock:
            self._check_deadline(team)
            accepted = self.game.submit(team, engagements, memo=memo, turn=turn)
            self._draft[team] = ([(e["kind"], e["partner"]) for e in accepted], memo)
            if self.home is not None:
                self.home.save_seen(self.game, team)
            self._changed(team=team)
            return accepted

    # --- the instructor's moves ------------------------------------------------
    def advance(self) -> dict[str, Any]:
        """Play the open turn (see ``Game.advance``); the next turn gets its
        deadline, and after the last turn the debrief starts."""
        with self._lock:
            result = self.game.advance()
            self._after_turn(result["missing"])
            self._set_deadline(self.turn_minutes)
            self._after_move()
            return result

    def pause(self) -> None:
        """Pause the game; the turn's clock stops too."""
        with self._lock:
            self.game.pause()
            if self.deadline is not None:
                self._left = max(0.0, self.deadline - time.time())
                self._cancel_timer()
            self._changed()

    def resume(self) -> None:
        """Resume the game; the turn's clock goes on from where it stopped."""
        with self._lock:
            self.game.resume()
            if self._left is not None:
                self._arm(time.time() + self._left)
                self._left = None
            self._changed()

    def set_deadline(self, minutes: float | None, every_turn: bool = False) -> None:
        """Close the open turn ``minutes`` from now (None or 0: no deadline);
        with ``every_turn``, each later turn gets as long.

        Raises:
            PlayError: The game is over, or minutes is negative.
        """
        if minutes is not None and (minutes != minutes or minutes < 0):
            raise PlayError(f"the deadline must be 0 or more minutes, got {minutes}")
        with self._lock:
            if self.game.over:
                raise PlayError("the game is over")
            self.turn_minutes = minutes if every_turn and minutes else None
            self._set_deadline(minutes or None)
            self._changed()

    def inject(self, a: str, b: str, severity: int) -> None:
        """An incident between states ``a`` and ``b`` this turn (``Game.inject_incident``)."""
        with self._lock:
            self.game.inject_incident(a, b, severity=severity)
            self._changed()

    def undo_incident(self) -> list[str]:
        """Take back the last incident of the open turn (``Game.undo_incident``)."""
        with self._lock:
            between = self.game.undo_incident()
            self._changed()
            return between

    def end(self) -> None:
        """End the game now; the debrief starts."""
        with self._lock:
            self.game.end()
            self._after_move()

    # --- inside --------------------------------------------------------------------
    def _changed(self, save: bool = True, team: str | None = None) -> None:
        """Something changed: for every page (``team`` None) or for one
        team's pages only (and the instructor's); ``save`` writes the folder."""
        self._raise(team)
        if not save or self.home is None:
            return
        if team is None:
            self.home.save(self.game, self.settings())
        else:  # a team's move changes the log and the drafts, not the memos of played turns
            self.home.save_log(self.game)
            self.home.save_settings(self.settings())

    def _raise(self, team: str | None) -> None:
        """Raise the version (and the public or the team's mark), then wake
        every page waiting in :meth:`wait_for_change`."""
        self.version += 1
        if team is None:
            self.public += 1
        else:
            self._marks[team] = self._marks.get(team, 0) + 1
        with self._news:
            self._news.notify_all()

    def wait_for_change(self, version: int, timeout: float) -> int:
        """Wait until the room's version is no longer ``version``, or ``timeout``
        seconds; returns the version then. Pages wait here instead of polling,
        so a change reaches them at once and an idle page costs nothing."""
        with self._news:
            self._news.wait_for(lambda: self.version != version, timeout)
        return self.version

    def seen_by(self, team: str) -> tuple[int, int]:
        """What ``team``'s pages must redraw for: changes for everyone, and its own."""
        return self.public, self._marks.get(team, 0)

    def _after_turn(self, missing: list[str]) -> None:
        """A turn was played: the drafts of the teams that submitted are done
        with; the others' are kept for the next turn's form."""
        self._draft = {t: d for t, d in self._draft.items() if t in missing}

    def _check_deadline(self, team: str) -> None:
        if self.deadline is not None and self._left is None and time.time() >= self.deadline:
            raise PlayError(
                f"{team}: turn {self.game.turn} closed at {self.closes()}; wait for the next turn"
            )

    def _set_deadline(self, minutes: float | None) -> None:
        self._cancel_timer()
        self.deadline = self._left = None
        if minutes and not self.game.over:
            self._arm(time.time() + 60 * minutes)
            if self.game.paused:
                self._left = 60 * minutes
                self._cancel_timer()

    def _arm(self, when: float) -> None:
        self._cancel_timer()
        self.deadline = when
        turn = self.game.turn
        self._timer = threading.Timer(max(0.0, when - time.time()), self._time_up, (turn,))
        self._timer.daemon = True
        self._timer.start()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _time_up(self, turn: int) -> None:
        """The deadline of ``turn`` passed: submit the drafts if the
        instructor chose so, then play the turn (if it is still open)."""
        with self._lock:
            g = self.game
            if g.turn != turn or g.over or g.paused:
                return
            if self.drafts == "submit":
                self._submit_drafts()
            if self.auto_advance:
                self.advance()
            else:
                self._changed()

    def _submit_drafts(self) -> None:
        waiting = self.game.status()["waiting"]
        for team, (plan, memo) in list(self._draft.items()):
            if team in waiting and (plan or memo):
                try:
                    self.game.submit(team, plan, memo=memo, turn=self.game.turn)
                except PlayError:  # the draft broke a rule (an incident came since)
                    continue

    def _after_move(self) -> None:
        if self.game.over:
            self._cancel_timer()
            self.deadline = self._left = None
            self.start_debrief()
        self._changed()

    def start_debrief(self) -> None:
        """Run the debrief in a thread of its own (the pages stay responsive),
        :data:`DEBRIEF_WAIT` seconds from now; when it is done, draw its
        figures and add it to the game's folder."""
        with self._lock:
            if self.debrief_running or self.debrief is not None:
                return
            if self.game.played_turns == 0:
                self.debrief_error = "no turn was played: there is nothing to debrief"
                return
            self.debrief_running, self.debrief_error = True, None
        threading.Thread(target=self._debrief, name=f"debrief-{self.id}", daemon=True).start()

    def _debrief(self) -> None:
        time.sleep(DEBRIEF_WAIT)
        try:
            debrief = make_debrief(self.game, self.replications, workers=self.workers)
            figures = []
            for name, fig in debrief_figures(debrief).items():
                figures.append((name, _png(fig), getattr(fig, "caption", "")))
            folder = None
            if self.home is not None:
                folder = write_game_folder(self.game, debrief, self.home.path)
            with self._lock:
                self.debrief, self.figures, self.folder = debrief, figures, folder
        except Exception as exc:  # shown on the pages; the server goes on
            traceback.print_exc()
            with self._lock:
                self.debrief_error = f"the debrief failed: {type(exc).__name__}: {exc}"
        finally:
            with self._lock:
                self.debrief_running = False
                self._changed(save=False)


def _png(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


__all__ = ["DEBRIEF_WAIT", "DRAFTS", "WARN_BEFORE", "Room", "normal_code"]
