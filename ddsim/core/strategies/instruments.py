"""Strategies that are instruments of the validation experiments, not policies.

They stay out of the registry (so out of tournaments and ``ddsim list
strategies``) until a scenario names one: then it is registered
(``base.ON_DEMAND``). ``docs/validation.md`` says what each one measures.
"""

from __future__ import annotations

import numpy as np

from ..parameters import Parameter
from .base import ON_DEMAND, Engagement, Strategy, View


# ----------------------------------------------------------------------
# strategies used only here
# ----------------------------------------------------------------------
class TalkOnly(Strategy):
    """Sends each partner one ``staff_talks`` every step and nothing else.

    For the costly-signals experiment: a scenario's ``actions:`` override sets
    how credible (costly) that one signal is, so two variants differ in the
    cost of the signal only (Kydd 2005, *Trust and Mistrust in International
    Relations*, ch. 7)."""

    name = "talk_only"
    classifier = {"coercive": False, "reciprocal": False, "stochastic": False, "memory": 0}

    def decide(self, view: View) -> list[Engagement]:
        return [Engagement("staff_talks", int(j)) for j in np.flatnonzero(view.partners)]


def _declare(name: str, default: float, high: float, meaning: str) -> Parameter:
    return Parameter(name, default, 0.0, high, "per step", meaning, "Richardson (1960)", "strategy")


class RichardsonReactor(Strategy):
    """Shows force at each partner with probability ``grievance + reaction x F``
    (at most 1), where ``F`` is its memory of the shows of force received from
    that partner: ``F <- (1 - restraint) F + c`` for each one received, ``c``
    the credibility of a show of force. With ``restraint`` equal to the model's
    ``force_memory``, ``F`` is exactly the model's ``force`` memory.

    Richardson (1960), *Arms and Insecurity*: ``dx/dt = k y - a x + g``. Does
    nothing else (no engagement)."""

    name = "richardson"
    classifier = {"coercive": True, "reciprocal": True, "stochastic": True, "memory": -1}
    parameters = {
        "reaction": _declare("reaction", 0.1, 5.0, "Richardson's k: shows per unit of force felt."),
        "grievance": _declare("grievance", 0.05, 1.0, "Richardson's g: shows sent regardless."),
        "restraint": _declare("restraint", 0.1, 1.0, "Memory fading; set it to force_memory."),
    }

    def __init__(self, **values: float) -> None:
        super().__init__(**values)
        self.felt: np.ndarray | None = None  # F per partner

    def intensity(self) -> np.ndarray:
        """Chance of a show of force to each partner this step."""
        return np.minimum(1.0, self.grievance + self.reaction * self.felt)

    def decide(self, view: View) -> list[Engagement]:
        if self.felt is None:
            self.felt = np.zeros(len(view.ids))
        credibility = view.catalogue["show_of_force"].credibility
        self.felt = (1.0 - self.restraint) * self.felt + credibility * (view.received < 0)
        send = view.partners & (view.rng.random(len(view.ids)) < self.intensity())
        return [Engagement("show_of_force", int(j)) for j in np.flatnonzero(send)]


#: The instruments, by name.
INSTRUMENTS: tuple[type[Strategy], ...] = (TalkOnly, RichardsonReactor)
ON_DEMAND.update({cls.name: cls for cls in INSTRUMENTS})
