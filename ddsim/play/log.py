"""A game's log: written as JSON lines (one event a line), read back, and
replayed into the game it records, checked turn by turn to the byte.

Replaying is also how a game is resumed: a server or a terminal game that
was stopped (Ctrl-C, a crash, a power cut) rebuilds each unfinished game from
the ``log.jsonl`` in its folder and goes on from the open turn, the teams'
submissions to it included.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ddsim.play.errors import PlayError
from ddsim.play.game import LOG_FORMAT, Game
from ddsim.scenarios import Scenario, ScenarioError


def log_text(events: Iterable[Mapping[str, Any]]) -> str:
    """The events as JSON lines (the bytes of ``log.jsonl``)."""
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events)


def read_log(path: Path) -> list[dict[str, Any]]:
    """The events of a ``log.jsonl`` file.

    Raises:
        PlayError: No such file, or a line that is not a JSON object.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise PlayError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlayError(f"{path}: cannot read it ({exc})") from None
    events = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PlayError(f"{path}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(event, dict):
            raise PlayError(f"{path}:{n}: an event must be a JSON object")
        events.append(event)
    return events


def replay(
    log: Iterable[Mapping[str, Any]] | str | Path,
    on_turn: Callable[[Game], None] | None = None,
) -> Game:
    """Rebuild a game from its log (the events, or a ``log.jsonl`` file),
    checking after every turn that the world is the same to the byte. The
    game keeps the log as it was (times included), so a resumed game's log
    begins with the very bytes of the one it resumed. ``on_turn`` is called
    with the game at the start and after every turn (the debrief measures
    the class's path with it).

    Raises:
        PlayError: The log is not a game log, or does not replay (it was
            edited, or made by a ddsim whose model differs).
    """
    where = "the log"
    if isinstance(log, str | Path):
        where = str(log)
        events = read_log(Path(log))
    else:
        events = [dict(e) for e in log]
    game = _start(events, where)
    if on_turn is not None:
        on_turn(game)
    for n, event in enumerate(events[1:], start=2):
        kind = event.get("event")
        try:
            _apply(game, event)
            if on_turn is not None and kind == "advance":
                on_turn(game)
        except PlayError as exc:
            raise PlayError(f"{where}, event {n}: {exc}") from None
        except (KeyError, TypeError, ValueError) as exc:
            raise PlayError(f"{where}, event {n}: broken {kind!r} event ({exc})") from None
    game.log = events
    return game


def _start(events: list[dict[str, Any]], where: str) -> Game:
    """The game as its ``start`` event made it."""
    if not events or events[0].get("event") != "start":
        raise PlayError(f"{where}: not a game log (it must begin with a 'start' event)")
    start = events[0]
    if start.get("format") != LOG_FORMAT:
        raise PlayError(
            f"{where}: log format {start.get('format')!r}; this ddsim reads format {LOG_FORMAT}"
        )
    try:
        scenario = Scenario.from_dict(start["scenario"], file=start.get("file"))
        game = Game(
            scenario,
            start["teams"],
            rng=start["seed"],
            variant=start.get("variant"),
            turns=start["turns"],
        )
    except (KeyError, TypeError, ScenarioError) as exc:
        raise PlayError(f"{where}: the start event is broken ({exc})") from None
    if scenario.digest != start.get("scenario_sha256"):
        raise PlayError(f"{where}: the scenario does not match its recorded sha256")
    return game


def _apply(game: Game, event: Mapping[str, Any]) -> None:
    """Do again what ``event`` records."""
    kind = event.get("event")
    if kind == "submit":
        pairs = [(e["kind"], e["partner"]) for e in event["engagements"]]
        game.submit(event["team"], pairs, event.get("memo", ""), turn=event["turn"])
    elif kind == "incident":
        game.inject_incident(*event["between"], severity=event["severity"])
    elif kind == "undo_incident":
        game.undo_incident()
    elif kind == "pause":
        game.pause()
    elif kind == "resume":
        game.resume()
    elif kind == "advance":
        result = game.advance()
        if result["state_sha256"] != event.get("state_sha256"):
            raise PlayError(
                f"turn {event.get('turn')} ends in another state than the log recorded "
                "(was the log edited, or is this another version of ddsim?)"
            )
    elif kind == "end":
        if not game.over:
            game.end(event.get("reason", ""))
    else:
        raise PlayError(f"unknown event {kind!r}")


__all__ = ["log_text", "read_log", "replay"]
