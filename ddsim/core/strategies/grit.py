"""Graduated reciprocation in tension reduction."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..parameters import Parameter
from .base import KIND_CODE, Plan, Strategy, Views, codes, cycle, pick, register_strategy
from .engagement import MAINTAIN, deter
from .reciprocal import keep, remembered

#: Initiatives from small to large: GRIT climbs this ladder as partners reciprocate.
LADDER = (
    "staff_talks",
    "personnel_exchange",
    "csbm",
    "arms_control_talks",
    "high_level_visit",
    "joint_exercise",
)


@register_strategy
class Grit(Strategy):
    """GRIT: announced unilateral conciliatory initiatives towards each rival,
    kept up whether or not they are returned. A rival with no initiative under
    way first gets an ``announcement`` (a series of steps, made public in
    advance); each time it reciprocates, the next initiative is one ``step``
    larger; a real show of force (not a friendly act misread as one) is
    answered in kind, while the initiatives go on (Osgood 1962, *An
    Alternative to War or Surrender*; Lindskold 1978, *Trust development, the
    GRIT proposal, and the effects of conciliatory acts on conflict and
    cooperation*, Psychological Bulletin 85)."""

    name = "grit"
    classifier = {"coercive": True, "reciprocal": True, "stochastic": False, "memory": -1}
    parameters = {
        "step": Parameter(
            "step",
            0.1,
            0.01,
            1.0,
            "share of the ladder",
            "How much larger the next initiative is after a rival reciprocates.",
            "Osgood (1962): graduated, small steps at first.",
            "strategy",
        ),
    }

    def __init__(self, **values: float) -> None:
        super().__init__(**values)
        self.level: np.ndarray | None = None  # size of the next initiative, per partner

    @classmethod
    def decide_all(cls, players: Sequence[Strategy], views: Views) -> Plan:
        step = np.array([p.step for p in players])[:, None]
        level = remembered(players, "level", views, 0.0)
        level = np.minimum(1.0, level + step * (views.received > 0))
        keep(players, "level", level)
        rival = views.rivals()
        rivals = views.most_pressing(rival, views.capacity)
        at = np.maximum(rivals, 0)
        rung = (pick(level, at) * (len(LADDER) - 1)).astype(int)
        unannounced = pick(views.announced, at) == 0
        # Each rival: the announcement (when none is under way), then the initiative.
        kinds = np.empty((len(views), 2 * rivals.shape[1]), dtype=int)
        kinds[:, 0::2], kinds[:, 1::2] = KIND_CODE["announcement"], codes(LADDER)[rung]
        targets = np.empty_like(kinds)
        targets[:, 0::2], targets[:, 1::2] = np.where(unannounced, rivals, -1), rivals
        initiatives = Plan.of(kinds, targets)
        answer = np.where(pick(views.coerced, at), rivals, -1)
        others = views.most_pressing(views.partners & ~rival, views.capacity)
        upkeep = Plan.of(cycle(MAINTAIN, views, np.maximum(others, 0)), others)
        return Plan.concat(deter(views, answer), initiatives, upkeep)
