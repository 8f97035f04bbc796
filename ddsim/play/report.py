"""After the game: the debrief added to the game's folder.

The folder already holds what :mod:`ddsim.play.folder` wrote turn by turn
(``log.jsonl``, ``memos/``, ``seen/``, ``turns.json``); this adds
``debrief.html`` (one self-contained page: figures embedded as base64 PNG,
style inline, so it can be projected or sent by mail), the debrief's figures
as PNG, ``timeseries.csv`` (the class's path), ``debrief.csv`` (one row per
group of runs) and ``manifest.json``. Each file is made in a temporary folder
inside and renamed into place, so none is ever half-written.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ddsim.outputs.figures import save_figures
from ddsim.outputs.folders import provenance
from ddsim.outputs.report import environment, figure_caption
from ddsim.play import history
from ddsim.play.debrief import Debrief
from ddsim.play.figures import debrief_figures
from ddsim.play.folder import GameFolder
from ddsim.play.game import Game


def render_debrief(game: Game, debrief: Debrief, figures: Sequence[Path]) -> str:
    """The HTML of ``debrief.html`` (Jinja2, autoescaped)."""
    env = environment("ddsim.play")
    memos = history.memos(game)
    turns = [
        {
            **row,
            "teams": [{"team": t, "state": s, **memos[t][k]} for s, t in game.teams.items()],
        }
        for k, row in enumerate(history.turns(game))
    ]
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
    """Bring the game's folder ``out`` up to date and add the debrief (see
    the module's docstring); return it."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    GameFolder(out).save(game)
    tmp = Path(tempfile.mkdtemp(prefix=".debrief-", dir=out))
    try:
        figures = save_figures(debrief_figures(debrief), tmp)
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
        for path in sorted(tmp.iterdir(), key=lambda p: p.name == "debrief.html"):
            os.replace(path, out / path.name)  # debrief.html last: it marks the game done
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


__all__ = ["render_debrief", "write_game_folder"]
