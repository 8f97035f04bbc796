"""Reciprocal strategies: each partner gets back what it gave (Axelrod 1984,
*The Evolution of Cooperation*)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..parameters import Parameter
from .base import Plan, Strategy, Views, register_strategy
from .engagement import deter, engage


def remembered(
    players: Sequence[Strategy], attribute: str, views: Views, fill: float
) -> np.ndarray:
    """The per-partner memory each player keeps in ``attribute``, stacked into
    one row per deciding state (a player that has not decided yet starts at
    ``fill``)."""
    n = len(views.ids)
    return np.array(
        [
            np.full(n, fill) if getattr(p, attribute) is None else getattr(p, attribute)
            for p in players
        ]
    ).reshape(len(players), n)


def keep(players: Sequence[Strategy], attribute: str, rows: np.ndarray) -> None:
    """Give each player its row of the updated memory back."""
    for player, row in zip(players, rows, strict=True):
        setattr(player, attribute, row)


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

    @classmethod
    def forgive(cls, players: Sequence[Strategy], views: Views, coerced: np.ndarray) -> np.ndarray:
        """Which of the partners that coerced us to forgive (plain TFT: none)."""
        return np.zeros_like(coerced)

    @classmethod
    def decide_all(cls, players: Sequence[Strategy], views: Views) -> Plan:
        coerced = views.received < 0
        coerced &= ~cls.forgive(players, views, coerced)
        before = remembered(players, "hostile_to", views, False).astype(bool)
        hostile = np.where(views.received != 0, coerced, before)
        keep(players, "hostile_to", hostile)
        answer = views.most_pressing(views.partners & hostile, views.capacity)
        cooperate = views.most_pressing(views.partners & ~hostile, views.capacity)
        return Plan.concat(deter(views, answer), engage(views, cooperate))


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

    @classmethod
    def forgive(cls, players: Sequence[Strategy], views: Views, coerced: np.ndarray) -> np.ndarray:
        generosity = np.array([p.generosity for p in players])[:, None]
        return coerced & (views.uniform() < generosity)
