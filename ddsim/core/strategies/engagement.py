"""Unconditional strategies: they do not answer what partners did."""

from __future__ import annotations

from ..parameters import Parameter
from .base import Engagement, Strategy, View, cycle, register_strategy

#: Cooperative engagements for a rival: costly, reassuring signals first.
REASSURE = ("csbm", "high_level_visit", "arms_control_talks", "personnel_exchange")
#: Cooperative engagements that keep an ordinary relationship going.
MAINTAIN = ("staff_talks", "personnel_exchange", "ship_visit", "humanitarian_assistance")
#: What allies do together.
ALLIED = ("joint_exercise", "staff_talks", "personnel_exchange")


def engage(view: View, targets) -> list[Engagement]:
    """A cooperative engagement towards each target, chosen for the relationship."""
    rivals = view.rivals()
    plan = []
    for j in targets:
        kinds = ALLIED if view.allies[j] else REASSURE if rivals[j] else MAINTAIN
        plan.append(Engagement(cycle(kinds, view, j), int(j)))
    return plan


def deter(view: View, targets) -> list[Engagement]:
    """A show of force towards each target; a deployment where hostility is high."""
    return [
        Engagement("coercive_deployment" if view.hostility[j] >= 3 else "show_of_force", int(j))
        for j in targets
    ]


@register_strategy
class Passive(Strategy):
    """Does nothing: no engagement, no coercion. The baseline against which
    every other strategy is measured (a null strategy, as Axelrod's tournaments
    keep a random or defecting entrant for reference)."""

    name = "passive"
    classifier = {"coercive": False, "reciprocal": False, "stochastic": False, "memory": 0}

    def decide(self, view: View) -> list[Engagement]:
        return []


@register_strategy
class NonCoercive(Strategy):
    """Engagement first, never coercion: the most pressing relationships
    (most hostile, least trusted) get costly reassurance, the rest ordinary
    contact. Defence diplomacy as conflict prevention (Cottey & Forster 2004,
    *Reshaping Defence Diplomacy*, Adelphi Paper 365)."""

    name = "noncoercive"
    classifier = {"coercive": False, "reciprocal": False, "stochastic": False, "memory": 0}

    def decide(self, view: View) -> list[Engagement]:
        return engage(view, view.most_pressing(view.partners, view.capacity))


@register_strategy
class Coercive(Strategy):
    """Deters rivals with shows of force and engages only allies: the
    deterrence posture (Schelling 1966, *Arms and Influence*; Jervis 1976,
    *Perception and Misperception*, ch. 3, the deterrence model)."""

    name = "coercive"
    classifier = {"coercive": True, "reciprocal": False, "stochastic": False, "memory": 0}

    def decide(self, view: View) -> list[Engagement]:
        rivals = view.most_pressing(view.rivals(), view.capacity)
        allies = view.most_pressing(view.partners & view.allies, view.capacity)
        return deter(view, rivals) + engage(view, allies)


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

    def decide(self, view: View) -> list[Engagement]:
        rivals = view.rivals()
        order = view.most_pressing(view.partners, view.capacity)
        plan = engage(view, order)
        if view.step % int(self.deter_every) == 0:
            plan = deter(view, [j for j in order if rivals[j]]) + plan
        return plan
