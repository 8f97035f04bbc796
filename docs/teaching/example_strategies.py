"""Two example strategies written the way a student would, for a class tournament.

Copy this file, change the strategies (or add your own) and enter them::

    ddsim tournament --strategies example_strategies.py

or use them in a notebook or a scenario after ``exec``-ing or importing the file::

    import runpy
    runpy.run_path("docs/teaching/example_strategies.py")
    # now "confidence_builder" and "patient_reciprocator" are known strategy names

The rules of a strategy (see ``ddsim/core/strategies/base.py``):

- subclass ``ddsim.Strategy`` and decorate the class with ``@ddsim.register_strategy``;
- ``name``: one word, the name scenario files and the tournament use (it must not
  clash with a built-in: ``ddsim list strategies`` shows those);
- ``classifier``: ``coercive`` (does it ever use force?), ``reciprocal`` (does it
  answer what others did?), ``stochastic`` (does it use randomness?), ``memory``
  (how many past steps it remembers; -1 for all);
- a docstring saying what it does and where the idea comes from;
- ``decide(view)`` returns a list of ``ddsim.Engagement(kind, target)``, most
  wanted first; the state's defence establishment carries them out in that order
  until its budget or capacity runs out. ``target`` is a state's index
  (``view.ids[target]`` is its id).

Randomness must come from ``view.rng`` (the state's own generator), never from
Python's ``random`` or ``numpy.random`` directly, so every run can be replayed.
"""

from __future__ import annotations

import numpy as np

import ddsim
from ddsim import Engagement, View

#: Costly cooperative acts that fit a modest budget, taken in turn (ddsim/core/actions.py).
COSTLY_REASSURANCE = ("csbm", "high_level_visit", "arms_control_talks")


@ddsim.register_strategy
class ConfidenceBuilder(ddsim.Strategy):
    """Costly signals only: every rival gets a confidence- and security-building
    measure, a high-level visit or arms-control talks, in turn, every month;
    allies get joint exercises; everyone else staff talks. Never uses force.

    The idea: reassurance persuades only if it would be too costly for a state
    with hostile intentions to send (Kydd 2005, *Trust and Mistrust in
    International Relations*, ch. 7); CSBMs as in the Helsinki Final Act (1975)
    and the Stockholm Document (1986).
    """

    name = "confidence_builder"
    classifier = {"coercive": False, "reciprocal": False, "stochastic": False, "memory": 0}

    def decide(self, view: View) -> list[Engagement]:
        rivals = view.rivals()
        plan = [
            Engagement(COSTLY_REASSURANCE[(view.step + j) % len(COSTLY_REASSURANCE)], int(j))
            for j in view.most_pressing(rivals)
        ]
        plan += [Engagement("joint_exercise", int(j)) for j in view.most_pressing(view.allies)]
        others = view.partners & ~rivals & ~view.allies
        plan += [Engagement("staff_talks", int(j)) for j in view.most_pressing(others)]
        return plan


@ddsim.register_strategy
class PatientReciprocator(ddsim.Strategy):
    """Tit for two tats: cooperates with every partner, and answers with a show
    of force only after a partner has shown force two months running. One
    show of force is forgiven. (A friendly act misread as hostile costs trust
    but is not force: ``view.received`` is 0 for it, so it is never answered.)

    Axelrod (1984), *The Evolution of Cooperation*, ch. 2: tit for two tats would
    have won his first tournament; it is robust to noise, but can be exploited
    by a partner that alternates.
    """

    name = "patient_reciprocator"
    classifier = {"coercive": True, "reciprocal": True, "stochastic": False, "memory": 2}

    def __init__(self, **values: float) -> None:
        super().__init__(**values)
        self.coerced_in_a_row: np.ndarray | None = None  # per partner

    def decide(self, view: View) -> list[Engagement]:
        if self.coerced_in_a_row is None:
            self.coerced_in_a_row = np.zeros(len(view.ids), dtype=int)
        coerced = view.received < 0
        self.coerced_in_a_row = np.where(coerced, self.coerced_in_a_row + 1, 0)
        retaliate = view.partners & (self.coerced_in_a_row >= 2)
        plan = [Engagement("show_of_force", int(j)) for j in view.most_pressing(retaliate)]
        for j in view.most_pressing(view.partners & ~retaliate):
            kind = "csbm" if view.hostility[j] > 0 else "personnel_exchange"
            plan.append(Engagement(kind, int(j)))
        return plan
