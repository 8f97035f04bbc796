"""Reciprocal strategies: each partner gets back what it gave (Axelrod 1984,
*The Evolution of Cooperation*)."""

from __future__ import annotations

import numpy as np

from ..parameters import Parameter
from .base import Engagement, Strategy, View, register_strategy
from .engagement import deter, engage


@register_strategy
class Reciprocal(Strategy):
    """Tit for tat, partner by partner: opens with cooperation, then answers a
    show of force with a show of force and cooperation with cooperation; a
    partner that did nothing gets the same move as last time. It answers what
    it *perceived*, so a misread friendly act is answered with force (Axelrod
    1984, *The Evolution of Cooperation*)."""

    name = "reciprocal"
    classifier = {"coercive": True, "reciprocal": True, "stochastic": False, "memory": 1}

    def __init__(self, **values: float) -> None:
        super().__init__(**values)
        self.hostile_to: np.ndarray | None = None  # last move per partner: True = force

    def forgive(self, view: View, coerced: np.ndarray) -> np.ndarray:
        """Which of the partners that coerced us to forgive (plain TFT: none)."""
        return np.zeros_like(coerced)

    def decide(self, view: View) -> list[Engagement]:
        if self.hostile_to is None:
            self.hostile_to = np.zeros(len(view.ids), dtype=bool)
        coerced = view.received < 0
        coerced &= ~self.forgive(view, coerced)
        self.hostile_to = np.where(view.received != 0, coerced, self.hostile_to)
        order = view.most_pressing(view.partners)
        hostile = self.hostile_to[order]
        answer_force = order[hostile][: view.capacity]
        cooperate = order[~hostile][: view.capacity]
        return deter(view, answer_force) + engage(view, cooperate)


@register_strategy
class GenerousReciprocal(Reciprocal):
    """Generous tit for tat: like ``reciprocal`` but forgives a show of force
    with probability ``generosity``, which stops a misread act from locking two
    states into an echo of retaliation (Nowak & Sigmund 1992, *Tit for tat in
    heterogeneous populations*, Nature 355; Wu & Axelrod 1995, *How to cope
    with noise in the iterated prisoner's dilemma*)."""

    name = "generous_reciprocal"
    classifier = {"coercive": True, "reciprocal": True, "stochastic": True, "memory": 1}
    parameters = {
        "generosity": Parameter(
            "generosity",
            1 / 3,
            0.0,
            1.0,
            "probability",
            "Chance of answering a show of force with cooperation.",
            "Nowak & Sigmund (1992): about 1/3 for the standard prisoner's dilemma payoffs.",
            "strategy",
        ),
    }

    def forgive(self, view: View, coerced: np.ndarray) -> np.ndarray:
        return coerced & (view.rng.random(len(coerced)) < self.generosity)
