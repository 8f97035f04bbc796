"""After the game: the instructor's folder.

``log.jsonl`` (every event, one a line: the game replays from it),
``memos/<team>.md`` (each team's memos, turn by turn, with what it did),
``debrief.html`` (one self-contained page: figures embedded as base64 PNG,
style inline, so it can be projected or sent by mail), the debrief's figures
as PNG, ``timeseries.csv`` (the class's path), ``debrief.csv`` (one row per
group of runs) and ``manifest.json``. The folder is written whole or not at
all (:func:`ddsim.outputs.folders.atomic_folder`).
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ddsim.outputs.folders import atomic_folder, provenance
from ddsim.outputs.report import environment, figure_caption

if TYPE_CHECKING:
    from ddsim.play.debrief import Debrief
    from ddsim.play.game import Game


def memo_file_names(teams: Iterable[str]) -> dict[str, str]:
    """A file name for each team's memos (``<team>.md``, made safe and unique)."""
    out: dict[str, str] = {}
    for team in teams:
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", team).strip("._") or "team"
        name, n = f"{stem}.md", 1
        while name in out.values():
            n += 1
            name = f"{stem}-{n}.md"
        out[team] = name
    return out


def memos_markdown(game: Game, team: str) -> str:
    """One team's memos as Markdown, turn by turn, with what it carried out."""
    sid = next(s for s, t in game.teams.items() if t == team)
    name = game.model.states_by_index[game.model.ids.index(sid)].name
    lines = [f"# Memos of {team} ({name}, {sid})", ""]
    for turn in game.memos()[team]:
        did = ", ".join(f"{e['kind']} with {e['partner']}" for e in turn["engagements"])
        if not turn["submitted"]:
            did = "nothing submitted: the state did nothing this turn"
        lines += [f"## Turn {turn['turn']}", "", f"*Engagements:* {did or 'none'}", ""]
        lines += [turn["memo"].strip() or "*(no memo)*", ""]
    return "\n".join(lines)


def render_debrief(game: Game, debrief: Debrief, figures: Sequence[Path]) -> str:
    """The HTML of ``debrief.html`` (Jinja2, autoescaped)."""
    env = environment("ddsim.play")
    turns = []
    memos = game.memos()
    outcomes = {e["turn"]: e["outcome"] for e in game.log if e["event"] == "advance"}
    for k, outcome in outcomes.items():
        rows = []
        for sid, team in game.teams.items():
            turn = memos[team][k - 1]
            rows.append({"team": team, "state": sid, **turn})
        turns.append({"turn": k, "outcome": outcome, "teams": rows})
    return env.get_template("debrief.html").render(
        title=debrief.title,
        description=game.scenario.description or "",
        teams=[
            {
                "team": t,
                "state": s,
                "name": game.model.states_by_index[game.model.ids.index(s)].name,
            }
            for s, t in game.teams.items()
        ],
        headline=debrief.headline(),
        table=debrief.table.to_dict("records"),
        figures=[
            {
                "name": p.name,
                "caption": figure_caption(p),
                "data": base64.b64encode(p.read_bytes()).decode("ascii"),
            }
            for p in figures
        ],
        turns=turns,
        debrief=debrief,
        game=game,
    )


def write_game_folder(
    game: Game, debrief: Debrief, out: Path, command: Sequence[str] | None = None
) -> Path:
    """Write the instructor's folder (see the module's docstring); return it."""
    with atomic_folder(out) as tmp:
        game.write_log(tmp / "log.jsonl")
        (tmp / "memos").mkdir()
        for team, name in memo_file_names(game.teams.values()).items():
            (tmp / "memos" / name).write_text(memos_markdown(game, team), encoding="utf-8")
        figures = debrief.save_figures(tmp)
        (tmp / "debrief.html").write_text(render_debrief(game, debrief, figures), encoding="utf-8")
        game.timeseries.to_csv(tmp / "timeseries.csv", index=False)
        debrief.table.to_csv(tmp / "debrief.csv", index=False)
        info: dict[str, Any] = provenance(
            game.scenario,
            None,
            command,
            kind="game",
            variant=game.variant,
            seed=game.seed,
            teams=game.teams,
            turns=game.played_turns,
            debrief=debrief.to_dict(),
        )
        (tmp / "manifest.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return out


__all__ = ["memo_file_names", "memos_markdown", "render_debrief", "write_game_folder"]
