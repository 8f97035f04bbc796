"""A class playing in the browser: the server's games, join codes and deadlines.

``ddsim play SCENARIO --teams ALD,BOR`` serves the pages of
:mod:`ddsim.play.web`; they keep nothing of a game themselves. Everything a
game's players share lives here, on the server, in one :class:`Classroom`
(the server's registry): a :class:`Room` per game, found by its game id,
holding the :class:`~ddsim.play.game.Game`, a join code per team, the turn's
deadline and, at the end, the debrief. Two games on one server share nothing
but the registry; what a single browser tab shows (which game it joined, the
engagements being chosen) stays in that tab's own Solara state.

Codes are drawn with :mod:`secrets` (they guard access, they are not part of
the model's randomness): the instructor's code, printed in the terminal when
the server starts, opens the instructor page; a team's join code opens that
team's page and nothing else.

No Solara here: a room can be played and tested without a browser.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ddsim.play.errors import PlayError
from ddsim.play.game import Game
from ddsim.scenarios import Scenario, load_scenario

if TYPE_CHECKING:
    from ddsim.play.debrief import Debrief

#: Letters and digits of codes: none that read alike (0/O, 1/I/L).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#: The environment variable through which ``ddsim play`` configures the server.
CONFIG_ENV = "DDSIM_PLAY_CONFIG"


def new_code(length: int = 6) -> str:
    """A random code of ``length`` characters from :data:`ALPHABET`."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normal_code(text: str) -> str:
    """A code as typed (any case, spaces or dashes) in the form it was issued."""
    return "".join(c for c in text.upper() if c.isalnum())


def parse_teams(text: str | Iterable[str], scenario: Scenario) -> dict[str, str]:
    """``"ALD,BOR"`` or ``"ALD=Blue team, BOR"`` as ``{state: team name}``; a
    team without a name is called by its state's name.

    Raises:
        PlayError: No team, or a state the scenario does not have (the Game
            checks the names).
    """
    parts = text.split(",") if isinstance(text, str) else list(text)
    names = {s.id: s.name or s.id for s in scenario.states}
    teams: dict[str, str] = {}
    for part in (p.strip() for p in parts):
        if not part:
            continue
        sid, _, name = (x.strip() for x in part.partition("="))
        if sid not in names:
            raise PlayError(
                f"teams: unknown state {sid!r}; states of {scenario.name}: {', '.join(names)}"
            )
        if sid in teams:
            raise PlayError(f"teams: {sid} is listed twice")
        teams[sid] = name or names[sid]
    if not teams:
        raise PlayError("teams: name at least one state to play, e.g. ALD,BOR")
    return teams


@dataclass
class Room:
    """One game on the server and what its players share.

    Every change goes through a method here (each takes the room's lock) and
    raises :attr:`version`, which the pages watch to redraw.

    Attributes:
        id: The game id (in the debrief page's address).
        game: The game.
        codes: Each team's join code.
        replications, workers: The debrief's runs per group and processes.
        out: Where the instructor's folder is written at the end (None: not written).
        deadline: When the open turn closes (seconds since the epoch), or None.
        turn_minutes: If set, every new turn gets a deadline this many minutes away.
        auto_advance: The turn is played when its deadline passes.
    """

    id: str
    game: Game
    codes: dict[str, str]
    replications: int = 50
    workers: int = 1
    out: Path | None = None
    deadline: float | None = None
    turn_minutes: float | None = None
    auto_advance: bool = True
    version: int = 0
    debrief: Debrief | None = None
    debrief_running: bool = False
    debrief_error: str | None = None
    figures: list[tuple[str, bytes, str]] = field(default_factory=list)
    folder: Path | None = None
    created: float = field(default_factory=time.time)
    _left: float | None = None  # seconds left when paused
    _timer: threading.Timer | None = None
    _lock: threading.RLock = field(default_factory=threading.RLock)

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

    # --- the teams' moves -----------------------------------------------------
    def check(self, team: str, engagements: Iterable[Any]) -> list[dict[str, str]]:
        """What :meth:`submit` would say, without submitting (see ``Game.check``)."""
        with self._lock:
            self._check_deadline(team)
            return self.game.check(team, engagements)

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
            self._changed()
            return accepted

    # --- the instructor's moves ------------------------------------------------
    def advance(self) -> dict[str, Any]:
        """Play the open turn (see ``Game.advance``); the next turn gets its
        deadline, and after the last turn the debrief starts."""
        with self._lock:
            result = self.game.advance()
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

    def end(self) -> None:
        """End the game now; the debrief starts."""
        with self._lock:
            self.game.end()
            self._after_move()

    # --- inside --------------------------------------------------------------------
    def _changed(self) -> None:
        self.version += 1

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
        """The deadline of ``turn`` passed: play it (if it is still open)."""
        with self._lock:
            g = self.game
            if g.turn != turn or g.over or g.paused:
                return
            if self.auto_advance:
                self.advance()
            else:
                self._changed()

    def _after_move(self) -> None:
        if self.game.over:
            self._cancel_timer()
            self.deadline = self._left = None
            self.start_debrief()
        self._changed()

    def start_debrief(self) -> None:
        """Run the debrief in a thread of its own (the pages stay responsive);
        when it is done, draw its figures and write the instructor's folder."""
        with self._lock:
            if self.debrief_running or self.debrief is not None:
                return
            if self.game.played_turns == 0:
                self.debrief_error = "no turn was played: there is nothing to debrief"
                return
            self.debrief_running, self.debrief_error = True, None
        threading.Thread(target=self._debrief, name=f"debrief-{self.id}", daemon=True).start()

    def _debrief(self) -> None:
        try:
            debrief = self.game.debrief(self.replications, workers=self.workers)
            figures = []
            for name, fig in debrief.figures().items():
                figures.append((name, _png(fig), getattr(fig, "caption", "")))
            folder = None
            if self.out is not None:
                folder = self.game.write(self.out / self.id, debrief)
            with self._lock:
                self.debrief, self.figures, self.folder = debrief, figures, folder
        except Exception as exc:  # shown on the pages; the server goes on
            traceback.print_exc()
            with self._lock:
                self.debrief_error = f"the debrief failed: {type(exc).__name__}: {exc}"
        finally:
            with self._lock:
                self.debrief_running = False
                self._changed()


def _png(fig: Any) -> bytes:
    import io

    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


@dataclass
class Classroom:
    """The server's registry of games (:class:`Room` by game id, join codes).

    Args:
        scenario: The scenario the games play.
        teams: The teams a new game gets unless the instructor types others
            (``"ALD,BOR"`` or ``"ALD=Blue team,BOR"``).
        code: The instructor's code (a new one if not given).
        turns, seed, variant: Defaults of a new game (see :class:`Game`).
        replications, workers: The debrief's runs per group and processes.
        out: Each game's folder is written to ``out/<game id>`` at the end.
        address: The server's address as students type it (``http://10.0.0.5:8765/``).
        files: Other scenario files the instructor may choose for a new game.
    """

    scenario: Scenario
    teams: str
    code: str = field(default_factory=lambda: new_code(8))
    turns: int = 12
    seed: int | None = None
    variant: str | None = None
    replications: int = 50
    workers: int = 1
    out: Path | None = None
    address: str = ""
    files: list[str] = field(default_factory=list)
    rooms: dict[str, Room] = field(default_factory=dict)
    _loaded: dict[str, Scenario] = field(default_factory=dict)
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def is_instructor(self, code: str) -> bool:
        """True if ``code`` is the instructor's code (compared in constant time)."""
        return secrets.compare_digest(normal_code(code), normal_code(self.code))

    def offered(self) -> list[str]:
        """The scenario files a new game may play: the server's first, then the others."""
        first = str(self.scenario.file)
        return [first, *(f for f in self.files if f != first)]

    def scenario_of(self, file: str | None = None) -> Scenario:
        """The scenario of ``file`` (None: the server's first), loaded once.

        Raises:
            PlayError: A file the server does not offer.
        """
        if file is None or file == str(self.scenario.file):
            return self.scenario
        if file not in self.offered():
            offered = ", ".join(self.offered())
            raise PlayError(f"scenario {file!r} is not offered; offered: {offered}")
        with self._lock:
            if file not in self._loaded:
                self._loaded[file] = load_scenario(file)
            return self._loaded[file]

    def defaults(self, file: str | None = None) -> tuple[str, int]:
        """The teams (as text) and the seed a new game of ``file`` starts from:
        the server's teams where the scenario has their states (else its first
        two states), and the server's seed or the scenario's own."""
        sc = self.scenario_of(file)
        if sc is self.scenario:
            return self.teams, sc.seed if self.seed is None else self.seed
        kept = [t.strip() for t in self.teams.split(",") if t.split("=")[0].strip() in sc.state_ids]
        return ",".join(kept or sc.state_ids[:2]), sc.seed

    def create(
        self,
        teams: str | None = None,
        turns: int | None = None,
        seed: int | None = None,
        file: str | None = None,
    ) -> Room:
        """A new game of ``file`` (default the server's first scenario) with a
        new game id and a join code per team.

        Raises:
            PlayError: Bad teams, turns, seed or scenario (nothing is created).
        """
        sc = self.scenario_of(file)
        variant = self.variant if sc is self.scenario else None
        played = sc.variant(variant)
        chosen = parse_teams(self.defaults(file)[0] if teams is None else teams, played)
        turns = min(self.turns if turns is None else turns, played.steps)
        game = Game(
            sc,
            chosen,
            rng=self.defaults(file)[1] if seed is None else seed,
            variant=variant,
            turns=turns,
        )
        with self._lock:
            taken = {c for r in self.rooms.values() for c in r.codes.values()} | set(self.rooms)
            game_id = _fresh(taken, 8)
            codes = {}
            for team in chosen.values():
                codes[team] = _fresh(taken, 6)
                taken.add(codes[team])
            room = Room(game_id, game, codes, self.replications, self.workers, self.out)
            self.rooms[game_id] = room
            return room

    def room(self, game_id: str) -> Room:
        """The game ``game_id``.

        Raises:
            PlayError: No such game on this server.
        """
        room = self.rooms.get(normal_code(game_id))
        if room is None:
            raise PlayError(f"no game {game_id!r} on this server")
        return room

    def join(self, code: str) -> tuple[Room, str]:
        """The game and the team whose join code is ``code``.

        Raises:
            PlayError: No team has this code.
        """
        for room in list(self.rooms.values()):
            team = room.team_of(code)
            if team is not None:
                return room, team
        raise PlayError(f"no team has the join code {code.strip()!r}; ask your instructor")

    # --- how ``ddsim play`` hands its options to the server -------------------
    def to_environment(self) -> None:
        """Put this classroom's settings where :meth:`from_environment` finds them."""
        os.environ[CONFIG_ENV] = json.dumps(
            {
                "scenario": str(self.scenario.file),
                "teams": self.teams,
                "code": self.code,
                "turns": self.turns,
                "seed": self.seed,
                "variant": self.variant,
                "replications": self.replications,
                "workers": self.workers,
                "out": None if self.out is None else str(self.out),
                "address": self.address,
                "files": list(self.files),
            }
        )

    @classmethod
    def from_environment(cls) -> Classroom:
        """The classroom ``ddsim play --teams`` configured (see :meth:`to_environment`).

        Raises:
            PlayError: The server was not started by ``ddsim play``.
        """
        text = os.environ.get(CONFIG_ENV)
        if not text:
            raise PlayError(
                f"start the game server with ddsim play SCENARIO --teams ... "
                f"({CONFIG_ENV} is not set)"
            )
        cfg = json.loads(text)
        out = cfg.pop("out")
        scenario = load_scenario(cfg.pop("scenario"))
        return cls(scenario, out=None if out is None else Path(out), **cfg)


def _fresh(taken: set[str], length: int) -> str:
    while True:
        code = new_code(length)
        if code not in taken:
            return code


__all__ = ["ALPHABET", "CONFIG_ENV", "Classroom", "Room", "new_code", "parse_teams"]
