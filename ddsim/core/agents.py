"""The two kinds of agent: a State decides, its DefenceEstablishment acts.

Both read the world from the model's arrays (one row each), so what an agent
"knows" is always consistent with the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from ddsim.core.strategies import Engagement, Strategy, View, make_strategy

if TYPE_CHECKING:
    from ddsim.core.model import DiplomacyModel


class State(mesa.Agent):
    """A state: decides each step, from the world as it was at the start of
    the step, which engagements it wants (its strategy's job).

    Attributes:
        index: Position in the model's arrays.
        sid: Short id from the scenario (``ALD``).
        name: Full name.
        strategy: Its strategy object (which may keep memory of partners).
        disposition: ``security_seeker`` or ``revisionist`` (Jervis 1976, ch. 3).
        region: Its region; neighbours in a region are relevant to each other.
        decision_rng: Its own random generator, a child of the model's: a stochastic
            strategy draws from it, so results do not depend on activation order.
        plan: The engagements it wants this step, most wanted first.
    """

    def __init__(
        self, model: DiplomacyModel, spec: Any, index: int, rng: np.random.Generator
    ) -> None:
        super().__init__(model)
        self.index, self.sid = index, spec.id
        self.name = spec.name or spec.id
        self.budget, self.capacity = spec.budget, spec.capacity
        self.disposition, self.region = spec.disposition, spec.region
        self.strategy: Strategy = make_strategy(spec.strategy)
        self.decision_rng = rng
        self.dues = 0.0  # forum dues owed this step
        self.plan: list[Engagement] = []

    @property
    def capability(self) -> float:
        """Current relative military capability (wars wear it down)."""
        return float(self.model.capability[self.index])

    @property
    def memory(self) -> dict[str, int]:
        """What each other state did to it last step, as it perceived it
        (+1 cooperative, -1 coercive); states that did nothing are left out."""
        row = self.model.received[self.index]
        return {self.model.ids[j]: int(row[j]) for j in np.flatnonzero(row)}

    def view(self) -> View:
        """Its view of the world at the start of this step."""
        m, i = self.model, self.index
        return View(
            me=i,
            step=m.steps,
            ids=m.ids,
            budget=self.budget - self.dues,
            capacity=self.capacity,
            disposition=self.disposition,
            capability=m.capability,
            trust=m.trust[i],
            hostility=m.hostility[i],
            ties=m.ties[i],
            allies=m.allies[i],
            partners=m.partners_of(i),
            received=m.received[i],
            coerced=m.coerced[i],
            catalogue=m.catalogue,
            rng=self.decision_rng,
        )

    def decide(self) -> None:
        """Choose this step's engagements."""
        self.plan = list(self.strategy.decide(self.view()))


class DefenceEstablishment(mesa.Agent):
    """A state's defence establishment: carries out the engagements its state
    chose, in order of priority, within its capacity (engagements per step) and
    the budget left after forum dues; at most one of each kind per partner and
    step. It holds the mil-to-mil ties (relationship capital) with the other
    establishments (Cottey & Forster 2004; Atkinson 2014, *Military Soft Power*).

    Attributes:
        state: The state it serves.
        done: ``(kind, target)`` pairs carried out this step.
        spent: Budget spent this step, forum dues included.
    """

    def __init__(self, model: DiplomacyModel, state: State) -> None:
        super().__init__(model)
        self.state = state
        self.done: list[tuple[str, int]] = []
        self.spent = 0.0

    @property
    def ties(self) -> dict[str, float]:
        """Ties with every other establishment, by state id."""
        row, i = self.model.ties[self.state.index], self.state.index
        return {sid: float(row[j]) for j, sid in enumerate(self.model.ids) if j != i}

    def carry_out(self) -> None:
        """Carry out the state's plan within capacity and budget."""
        state, catalogue = self.state, self.model.catalogue
        left = state.budget - state.dues
        self.done, self.spent = [], state.dues
        for kind, target in state.plan:
            if len(self.done) >= state.capacity:
                break
            self.model.check_engagement(state, kind, target)
            cost = catalogue[kind].cost
            if cost > left or (kind, target) in self.done:
                continue
            left -= cost
            self.spent += cost
            self.done.append((kind, int(target)))
