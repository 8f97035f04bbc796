"""Graduated reciprocation in tension reduction."""

from __future__ import annotations

import numpy as np

from ..parameters import Parameter
from .base import Engagement, Strategy, View, cycle, register_strategy
from .engagement import MAINTAIN, deter

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
    kept up whether or not they are returned; each time a rival reciprocates the
    next initiative is one ``step`` larger; a real show of force (not a
    friendly act misread as one) is answered in kind, while the initiatives go
    on (Osgood 1962, *An Alternative
    to War or Surrender*; Lindskold 1978, *Trust development, the GRIT
    proposal, and the effects of conciliatory acts on conflict and
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

    def decide(self, view: View) -> list[Engagement]:
        if self.level is None:
            self.level = np.zeros(len(view.ids))
        self.level = np.minimum(1.0, self.level + self.step * (view.received > 0))
        rivals = view.most_pressing(view.rivals())
        answer = [j for j in rivals if view.coerced[j]]
        top = len(LADDER) - 1
        initiatives = [Engagement(LADDER[int(self.level[j] * top)], int(j)) for j in rivals]
        others = view.most_pressing(view.partners & ~view.rivals(), view.capacity)
        upkeep = [Engagement(cycle(MAINTAIN, view, j), int(j)) for j in others]
        return deter(view, answer) + initiatives + upkeep
