"""Unconditional strategies: they do not answer what partners did."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..parameters import Parameter
from .base import KIND_CODE, Plan, Strategy, Views, cycle, pick, register_strategy

#: Cooperative engagements for a rival: costly, reassuring signals first.
REASSURE = ("csbm", "high_level_visit", "arms_control_talks", "personnel_exchange")
#: Cooperative engagements that keep an ordinary relationship going.
MAINTAIN = ("staff_talks", "personnel_exchange", "ship_visit", "humanitarian_assistance")
#: What allies do together.
ALLIED = ("joint_exercise", "staff_talks", "personnel_exchange")


def engage(views: Views, targets: np.ndarray) -> Plan:
    """A cooperative engagement towards each target (rows of state indices,
    -1 for none), chosen for the relationship: allied, rival or ordinary."""
    at = np.maximum(targets, 0)
    allied = pick(views.allies, at)
    rival = pick(views.rivals(), at)
    kinds = np.where(
        allied,
        cycle(ALLIED, views, at),
        np.where(rival, cycle(REASSURE, views, at), cycle(MAINTAIN, views, at)),
    )
    return Plan.of(kinds, targets)


def deter(views: Views, targets: np.ndarray) -> Plan:
    """A show of force towards each target; a deployment where hostility is high."""
    high = pick(views.hostility, np.maximum(targets, 0)) >= 3
    kinds = np.where(high, KIND_CODE["coercive_deployment"], KIND_CODE["show_of_force"])
    return Plan.of(kinds, targets)


@register_strategy
class Passive(Strategy):
    """Does nothing: no engagement, no coercion. The baseline against which
    every other strategy is measured (a null strategy, as Axelrod's tournaments
    keep a random or defecting entrant for reference)."""

    name = "passive"
    classifier = {"coercive": False, "reciprocal": False, "stochastic": False, "memory": 0}

    @classmethod
    def decide_all(cls, players: Sequence[Strategy], views: Views) -> Plan:
        empty = np.full((len(views), 0), -1)
        return Plan(empty, empty)


@register_strategy
class NonCoercive(Strategy):
    """Engagement first, never coercion: the most pressing relationships
    (most hostile, least trusted) get costly reassurance, the rest ordinary
    contact. Defence diplomacy as conflict prevention (Cottey & Forster 2004,
    *Reshaping Defence Diplomacy*, Adelphi Paper 365)."""

    name = "noncoercive"
    classifier = {"coercive": False, "reciprocal": False, "stochastic": False, "memory": 0}

    @classmethod
    def decide_all(cls, players: Sequence[Strategy], views: Views) -> Plan:
        return engage(views, views.most_pressing(views.partners, views.capacity))


@register_strategy
class Coercive(Strategy):
    """Deters rivals with shows of force and engages only allies: the
    deterrence posture (Schelling 1966, *Arms and Influence*; Jervis 1976,
    *Perception and Misperception*, ch. 3, the deterrence model)."""

    name = "coercive"
    classifier = {"coercive": True, "reciprocal": False, "stochastic": False, "memory": 0}

    @classmethod
    def decide_all(cls, players: Sequence[Strategy], views: Views) -> Plan:
        rivals = views.most_pressing(views.rivals(), views.capacity)
        allies = views.most_pressing(views.partners & views.allies, views.capacity)
        return Plan.concat(deter(views, rivals), engage(views, allies))


@register_strategy
class Hedging(Strategy):
    """Engages everyone but keeps deterring rivals: every ``deter_every``
    steps a rival gets a show of force beside the reassurance. Hedging as in
    Kuik (2008), *The essence of hedging*, Contemporary Southeast Asia 30(2)."""

    name = "hedging"
    classifier = {"coercive": True, "reciprocal": False, "stochastic": False, "memory": 0}
    parameters = {
        "deter_every": Parameter(
            "deter_every",
            3,
            1,
            24,
            "steps",
            "How often a rival gets a show of force.",
            "Kuik (2008): hedging mixes return-maximising and risk-contingency options.",
            "strategy",
        ),
    }

    @classmethod
    def decide_all(cls, players: Sequence[Strategy], views: Views) -> Plan:
        order = views.most_pressing(views.partners, views.capacity)
        rival = pick(views.rivals(), np.maximum(order, 0))
        every = np.array([int(p.deter_every) for p in players])
        due = (views.step % every == 0)[:, None]
        return Plan.concat(deter(views, np.where(rival & due, order, -1)), engage(views, order))
