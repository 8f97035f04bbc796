"""A game's folder, kept up to date while the game is played, so that
nothing is lost if the server or the terminal stops (Ctrl-C, a crash, a kill).

After every move (a submission, a turn, an incident ...) the folder holds:

- ``log.jsonl``: every event, one a line; the game replays (and resumes) from it;
- ``memos/<team>.md``: each team's memos, turn by turn, with what its state
  did, the turn's incidents and the turns whose orders were missing;
- ``seen/<team>/turn-NN.json``: what the team saw when it submitted (its
  state's view of the world, as its page showed it);
- ``turns.json``: each played turn's outcome, incidents and missing orders;
- ``room.json`` (browser games): the join codes and the turn's settings.

Each file is written whole or not at all (:func:`ddsim.outputs.folders.write_atomic`).
When the game ends, :mod:`ddsim.play.report` adds the debrief to the same folder.
Every game gets a folder of its own (:func:`new_game_folder`): a second game
never overwrites the first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ddsim.outputs.folders import write_atomic
from ddsim.play import history
from ddsim.play.errors import PlayError
from ddsim.play.game import Game
from ddsim.play.log import log_text, read_log

#: The browser game's settings beside its log (join codes, deadlines).
SETTINGS = "room.json"


def new_game_folder(out: Path, name: str) -> Path:
    """Make ``out/name`` (``name-2``, ``name-3`` ... if taken) and return it;
    never an existing folder."""
    out.mkdir(parents=True, exist_ok=True)
    for n in range(1, 10_000):
        path = out / (name if n == 1 else f"{name}-{n}")
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path
    raise PlayError(f"{out}: too many games named {name}")


def memo_file_names(teams: Iterable[str]) -> dict[str, str]:
    """A file name stem for each team (``Blue_team``, made safe and unique)."""
    out: dict[str, str] = {}
    for team in teams:
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", team).strip("._") or "team"
        name, n = stem, 1
        while name in out.values():
            n += 1
            name = f"{stem}-{n}"
        out[team] = name
    return out


def memos_markdown(game: Game, team: str) -> str:
    """One team's memos as Markdown, turn by turn, with what it carried out
    and the incidents of the turn."""
    sid = next(s for s, t in game.teams.items() if t == team)
    name = game.model.states_by_index[game.model.ids.index(sid)].name
    lines = [f"# Memos of {team} ({name}, {sid})", ""]
    for turn in history.memos(game)[team]:
        did = ", ".join(f"{e['kind']} with {e['partner']}" for e in turn["engagements"])
        if not turn["submitted"]:
            did = "no orders arrived in time: the state did nothing this turn"
        lines += [f"## Turn {turn['turn']}", "", f"*Engagements:* {did or 'none'}", ""]
        if turn["incidents"]:
            struck = ", ".join(turn["incidents"])
            lines += [f"*Incident this turn (no one's decision):* {struck}", ""]
        lines += [turn["memo"].strip() or "*(no memo)*", ""]
    return "\n".join(lines)


@dataclass
class GameFolder:
    """The folder of one game (see the module's docstring)."""

    path: Path

    @property
    def id(self) -> str:
        return self.path.name

    def save(self, game: Game, settings: dict[str, Any] | None = None) -> None:
        """Write the log, the memos, the turns and (if given) the settings."""
        with game._lock:  # one consistent moment of the game
            log = log_text(game.log)
            memos = {t: memos_markdown(game, t) for t in game.teams.values()}
            turns = history.turns(game)
        write_atomic(self.path / "log.jsonl", log)
        (self.path / "memos").mkdir(exist_ok=True)
        for team, stem in memo_file_names(game.teams.values()).items():
            write_atomic(self.path / "memos" / f"{stem}.md", memos[team])
        write_atomic(self.path / "turns.json", json.dumps(turns, indent=1) + "\n")
        if settings is not None:
            self.save_settings(settings)

    def save_settings(self, settings: dict[str, Any]) -> None:
        """Write the browser game's settings (join codes, deadline, drafts)."""
        write_atomic(self.path / SETTINGS, json.dumps(settings, indent=1) + "\n")

    def save_log(self, game: Game) -> None:
        """Write the log alone (a submission changes nothing else)."""
        with game._lock:
            log = log_text(game.log)
        write_atomic(self.path / "log.jsonl", log)

    def save_seen(self, game: Game, team: str) -> None:
        """Keep what ``team`` sees now (it has just submitted) as ``seen/<team>/turn-NN.json``."""
        view = game.view(team).to_dict()
        folder = self.path / "seen" / memo_file_names(game.teams.values())[team]
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / f"turn-{view['turn']:02d}.json", json.dumps(view, indent=1) + "\n")

    def settings(self) -> dict[str, Any]:
        """The settings saved beside the log ({} if none)."""
        try:
            return json.loads((self.path / SETTINGS).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise PlayError(f"{self.path / SETTINGS}: cannot read it ({exc})") from None

    def describe(self) -> dict[str, Any] | None:
        """What this folder's game is, read from its log without replaying it:
        ``{"id", "scenario", "teams", "played", "turns", "over"}``; None if it
        holds no game log."""
        try:
            events = read_log(self.path / "log.jsonl")
        except PlayError:
            return None
        if not events or events[0].get("event") != "start":
            return None
        start = events[0]
        return {
            "id": self.id,
            "scenario": (start.get("scenario") or {}).get("name", "?"),
            "scenario_sha256": start.get("scenario_sha256"),
            "teams": dict(start.get("teams") or {}),
            "played": sum(e.get("event") == "advance" for e in events),
            "turns": start.get("turns"),
            "over": any(e.get("event") == "end" for e in events),
        }

    def unfinished(self) -> bool:
        """True for a game to resume: not over, or over without its debrief
        (the server stopped while it was being made)."""
        about = self.describe()
        if about is None:
            return False
        if not about["over"]:
            return True
        return about["played"] > 0 and not (self.path / "debrief.html").exists()


def unfinished_games(out: Path) -> list[GameFolder]:
    """The games in ``out`` (one folder each) that can be resumed, oldest first."""
    if not out.is_dir():
        return []
    folders = [GameFolder(p) for p in out.iterdir() if (p / "log.jsonl").is_file()]
    folders = [f for f in folders if f.unfinished()]
    return sorted(folders, key=lambda f: (f.path.stat().st_mtime, f.id))


__all__ = [
    "SETTINGS",
    "GameFolder",
    "memo_file_names",
    "memos_markdown",
    "new_game_folder",
    "unfinished_games",
]
