"""What the debrief is about: the relations the class played.

Mean hostility over every pair of a scenario mixes the class's own
relations with those of states no one played (Cetia's, say), and with six
teams it averages away what each team did. So the debrief measures, turn by
turn in the class's game and in every run of the model:

- ``pair_hostility`` and ``pair_trust``: between the played states (the
  played pair), or between the one played state and every other;
- ``hostility_<STATE>``: each played state's mean hostility with all the
  others, so that each team's state is placed on its own.

The measures read the model's public arrays; nothing in the model changes.
"""

from __future__ import annotations

from functools import partial
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

from ddsim.core.replica import Replication
from ddsim.experiments.jobs import Job, with_ids
from ddsim.play.game import CLASS_LABEL, Game
from ddsim.play.log import replay

#: The class's own relations, placed first in the debrief.
FOCUS = ("pair_hostility", "final_pair_trust")


def focus_pairs(ids: list[str], played: list[str]) -> list[tuple[int, int]]:
    """The pairs (by index) the debrief is about: among the played states,
    or the one played state with each other."""
    index = {s: k for k, s in enumerate(ids)}
    mine = sorted(index[s] for s in played)
    if len(mine) >= 2:
        return list(combinations(mine, 2))
    return [(mine[0], j) for j in range(len(ids)) if j != mine[0]]


def focus_label(played: list[str]) -> str:
    """The focus in words: ``ALD-BOR``, ``ALD and the others``, or
    ``ALD, BOR, CET among themselves``."""
    if len(played) == 1:
        return f"{played[0]} and the others"
    if len(played) == 2:
        return "-".join(played)
    return f"{', '.join(played)} among themselves"


def measure(model: Replication, pairs: list[tuple[int, int]], played: list[str]) -> dict:
    """One row of a run's time series: the model's own columns, then the focus
    (``model``: the game's model, or a replication of the debrief's batches)."""
    row: dict[str, Any] = dict(model.latest)
    i, j = (np.array(side) for side in zip(*pairs, strict=True))
    row["pair_hostility"] = float(model.hostility[i, j].mean())
    row["pair_trust"] = float((model.trust[i, j].sum() + model.trust[j, i].sum()) / (2 * len(i)))
    for sid in played:
        k = model.ids.index(sid)
        others = np.array([x for x in range(len(model.ids)) if x != k])
        row[f"hostility_{sid}"] = float(model.hostility[k, others].mean())
    return row


def measured(job: Job, game: Game) -> Job:
    """``job`` reporting :func:`measure` for ``game``'s focus at every step."""
    from dataclasses import replace

    played = list(game.teams)
    pairs = focus_pairs(game.model.ids, played)
    return replace(job, measure=partial(measure, pairs=pairs, played=played))


def summarise_focus(ts: pd.DataFrame, played: list[str]) -> dict[str, float]:
    """A run's focus outcomes: the mean over the turns played (not the
    start) of the hostilities, the trust after the last turn."""
    turns = ts[ts["step"] > 0]
    out = {
        "pair_hostility": float(turns["pair_hostility"].mean()),
        "final_pair_trust": float(ts["pair_trust"].iloc[-1]),
    }
    out |= {f"hostility_{s}": float(turns[f"hostility_{s}"].mean()) for s in played}
    return out


def class_path(log: list[dict[str, Any]]) -> pd.DataFrame:
    """The class's game measured like the runs, turn by turn (replayed from its log)."""
    rows: list[dict] = []

    def turn(game: Game) -> None:
        played = list(game.teams)
        rows.append(measure(game.model, focus_pairs(game.model.ids, played), played))

    replay(log, on_turn=turn)
    return with_ids(pd.DataFrame(rows), CLASS_LABEL, 0)


def placement(values: Any, x: float) -> dict[str, float]:
    """Where ``x`` falls among ``values``, honestly about ties: the percent
    of values below it, equal to it and above it (they add up to 100)."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if not len(v) or np.isnan(x):
        return {"below": float("nan"), "equal": float("nan"), "above": float("nan")}
    n = len(v)
    return {
        "below": 100.0 * np.sum(v < x) / n,
        "equal": 100.0 * np.sum(v == x) / n,
        "above": 100.0 * np.sum(v > x) / n,
    }


def placed(what: str, mine: float, where: dict[str, float], runs: int) -> str:
    """``"Hostility ALD-BOR, yours 0.40: higher than in 45% of the 400 runs,
    equal in 20%, lower than in 35%."``"""
    parts = [f"higher than in {where['below']:.0f}% of the {runs} runs"]
    if where["equal"]:
        parts.append(f"the same as in {where['equal']:.0f}%")
    parts.append(f"lower than in {where['above']:.0f}%")
    return f"{what}, yours {mine:.2f}: " + ", ".join(parts) + "."


__all__ = [
    "FOCUS",
    "class_path",
    "focus_label",
    "focus_pairs",
    "measure",
    "measured",
    "placed",
    "placement",
    "summarise_focus",
]
