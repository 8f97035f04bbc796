"""A class playing in the browser: the server's games, join codes and deadlines.

``ddsim play SCENARIO --teams ALD,BOR`` serves the pages of
:mod:`ddsim.play.web`; they keep nothing of a game themselves. Everything a
game's players share lives here, on the server, in one :class:`Classroom`
(the server's registry): a :class:`Room` per game, found by its game id,
holding the :class:`~ddsim.play.game.Game`, a join code per team, the turn's
deadline and, at the end, the debrief (see :mod:`ddsim.play.room`). Each
game has its folder, ``out/<game id>``, written after every move; a server
started again with the same ``out`` offers to resume every unfinished game
(:meth:`Classroom.resumable`, :meth:`Classroom.resume`). Two games on one server share nothing
but the registry; what a single browser tab shows (which game it joined, the
engagements being chosen) stays in that tab's own Solara state.

Codes are drawn with :mod:`secrets` (they guard access, they are not part of
the model's randomness): the instructor's code, printed in the terminal when
the server starts, opens the instructor page; a team's join code opens that
team's page and nothing else.

No Solara here: a classroom can be played and tested without a browser.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ddsim.core.model import DiplomacyModel
from ddsim.play.errors import PlayError
from ddsim.play.folder import GameFolder, unfinished_games
from ddsim.play.game import Game
from ddsim.play.log import replay
from ddsim.play.room import DRAFTS, Room, normal_code
from ddsim.scenarios import Scenario, load_scenario

#: Letters and digits of codes: none that read alike (0/O, 1/I/L).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#: The environment variable through which ``ddsim play`` configures the server.
CONFIG_ENV = "DDSIM_PLAY_CONFIG"


def new_code(length: int = 6) -> str:
    """A random code of ``length`` characters from :data:`ALPHABET`."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


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
class Classroom:
    """The server's registry of games (:class:`Room` by game id, join codes).

    Args:
        scenario: The scenario the games play.
        teams: The teams a new game gets unless the instructor types others
            (``"ALD,BOR"`` or ``"ALD=Blue team,BOR"``).
        code: The instructor's code (a new one if not given).
        turns, seed, variant: Defaults of a new game (see :class:`Game`).
        replications, workers: The debrief's runs per group and processes.
        out: Each game's folder, ``out/<game id>``, written after every move.
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

    def session_token(self) -> str:
        """What the instructor page's address carries once the code was typed,
        so that a reload keeps the session (derived from the code: a token
        of another server or an old code does not open it)."""
        digest = hashlib.sha256(f"ddsim-instructor:{normal_code(self.code)}".encode())
        return digest.hexdigest()[:32]

    def is_session(self, token: str) -> bool:
        """True if ``token`` is this server's instructor session token."""
        return bool(token) and secrets.compare_digest(token, self.session_token())

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
        drafts: str = "keep",
    ) -> Room:
        """A new game of ``file`` (default the server's first scenario) with a
        new game id, a join code per team and a folder of its own.

        Args:
            drafts: What the deadline does with a team's unsent draft
                (``keep`` or ``submit``, see :data:`ddsim.play.room.DRAFTS`).

        Raises:
            PlayError: Bad teams, turns (the range is said), seed, scenario or
                drafts (nothing is created).
        """
        sc = self.scenario_of(file)
        variant = self.variant if sc is self.scenario else None
        played = sc.variant(variant)
        chosen = parse_teams(self.defaults(file)[0] if teams is None else teams, played)
        if drafts not in DRAFTS:
            raise PlayError(f"drafts: {drafts!r}; choose {' or '.join(DRAFTS)}")
        game = Game(
            sc,
            chosen,
            rng=self.defaults(file)[1] if seed is None else seed,
            variant=variant,
            turns=min(self.turns, played.steps) if turns is None else turns,
        )
        with self._lock:
            taken = self._taken()
            game_id = _fresh(taken, 8)
            codes = {}
            for team in chosen.values():
                codes[team] = _fresh(taken, 6)
                taken.add(codes[team])
            room = self._open(game_id, game, codes, {"drafts": drafts})
        warm_up(game)
        return room

    def resumable(self) -> list[dict[str, Any]]:
        """The unfinished games in ``out`` that are not on the server yet, as
        :meth:`GameFolder.describe <ddsim.play.folder.GameFolder.describe>` says."""
        if self.out is None:
            return []
        return [
            about
            for f in unfinished_games(self.out)
            if f.id not in self.rooms and (about := f.describe()) is not None
        ]

    def resume(self, game_id: str) -> Room:
        """Bring back the game ``game_id`` from its folder: replayed from its
        log to the byte, with its join codes, deadline setting and the teams'
        drafts; a game that had ended gets its debrief.

        Raises:
            PlayError: No such folder, or its log does not replay.
        """
        with self._lock:
            if game_id in self.rooms:
                return self.rooms[game_id]
            if self.out is None or not (self.out / game_id / "log.jsonl").is_file():
                raise PlayError(f"no unfinished game {game_id!r} in {self.out}")
            home = GameFolder(self.out / game_id)
            game = replay(home.path / "log.jsonl")
            settings = home.settings()
            codes = settings.get("codes") or {}
            if set(codes) != set(game.teams.values()):  # no settings: new codes
                taken = self._taken()
                codes = {t: _fresh(taken, 6) for t in game.teams.values()}
            room = self._open(game_id, game, codes, settings)
            if game.over:
                room.start_debrief()
            elif room.turn_minutes:
                room.set_deadline(room.turn_minutes, every_turn=True)
            return room

    def _open(
        self, game_id: str, game: Game, codes: dict[str, str], settings: dict[str, Any]
    ) -> Room:
        """Put a game on the server, its folder written at once."""
        home = None
        if self.out is not None:
            home = GameFolder(self.out / game_id)
            home.path.mkdir(parents=True, exist_ok=True)
        room = Room(
            game_id,
            game,
            codes,
            settings.get("replications", self.replications),
            self.workers,
            home,
            turn_minutes=settings.get("turn_minutes"),
            auto_advance=settings.get("auto_advance", True),
            drafts=settings.get("drafts", "keep"),
        )
        for team, (plan, memo) in (settings.get("draft") or {}).items():
            room.save_draft(team, plan, memo)
        self.rooms[game_id] = room
        room._changed()
        return room

    def _taken(self) -> set[str]:
        """Codes and game ids in use (on the server or in ``out``)."""
        taken = {c for r in self.rooms.values() for c in r.codes.values()} | set(self.rooms)
        if self.out is not None and self.out.is_dir():
            taken |= {p.name for p in self.out.iterdir()}
        return taken

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


#: Whether this process has stepped a model yet (see :func:`warm_up`).
_warm = threading.Event()


def warm_up(game: Game) -> None:
    """Step a scratch model of ``game``'s scenario once, in a thread of its
    own, the first time this process creates a game: the engine's compiled
    loops (numba) are loaded on their first call, about 0.2-0.3 s of the
    first turn's advance that 31 pages would otherwise wait for. The game
    itself is not touched (the scratch model has its own random draws)."""
    if _warm.is_set():
        return
    _warm.set()

    def step() -> None:
        try:
            DiplomacyModel(game.played_scenario, rng=game.seed).step()
        except Exception:  # only a warm-up: the game's own first step will say what is wrong
            _warm.clear()

    threading.Thread(target=step, name="ddsim-warm-up", daemon=True).start()


def _fresh(taken: set[str], length: int) -> str:
    while True:
        code = new_code(length)
        if code not in taken:
            return code


__all__ = ["ALPHABET", "CONFIG_ENV", "Classroom", "Room", "new_code", "normal_code", "parse_teams"]
