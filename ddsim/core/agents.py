"""The two kinds of agent: a State decides, its DefenceEstablishment acts.

Both read the world from the model's arrays (one row each), so what an agent
"knows" is always consistent with the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from ddsim.core.strategies import Engagement, Strategy, View, Views

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
    """

    def __init__(self, model: DiplomacyModel, spec: Any, index: int) -> None:
        super().__init__(model)
        self.index, self.sid = index, spec.id
        self.name = spec.name or spec.id
        self.disposition, self.region = spec.disposition, spec.region

    @property
    def strategy(self) -> Strategy:
        """Its strategy object (the model's batch keeps it)."""
        return self.model.batch.players[0][self.index]

    @strategy.setter
    def strategy(self, strategy: Strategy) -> None:
        self.model.batch.players[0][self.index] = strategy

    @property
    def decision_rng(self) -> np.random.Generator:
        """Its own random generator (the model's batch keeps it)."""
        return self.model.batch.decision_rngs[0][self.index]

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

    @property
    def budget(self) -> float:
        """Budget units per step (the scenario's; ``ddsim.play`` may change it)."""
        return float(self.model.budgets[self.index])

    @property
    def capacity(self) -> int:
        """Most engagements its defence establishment can carry out in a step."""
        return int(self.model.capacities[self.index])

    @property
    def dues(self) -> float:
        """Forum dues owed this step."""
        return float(self.model.dues[self.index])

    def view(self) -> View:
        """Its view of the world at the start of this step."""
        return self.model.views(np.array([self.index])).row(0)

    def decide(self) -> list[Engagement]:
        """The engagements it would choose now, most wanted first (the model
        asks all the states of a strategy together; this asks one)."""
        return type(self.strategy).decide_all([self.strategy], Views.of(self.view())).engagements(0)


class DefenceEstablishment(mesa.Agent):
    """A state's defence establishment: carries out the engagements its state
    chose, in order of priority, within its capacity (engagements per step) and
    the budget left after forum dues (the model's one allocator,
    :meth:`DiplomacyModel.carry_out`, does it for every establishment at
    once). It holds the mil-to-mil ties (relationship capital) with the other
    establishments (Cottey & Forster 2004; Atkinson 2014, *Military Soft Power*).

    Attributes:
        state: The state it serves.
    """

    def __init__(self, model: DiplomacyModel, state: State) -> None:
        super().__init__(model)
        self.state = state

    @property
    def done(self) -> list[tuple[str, int]]:
        """``(kind, target)`` pairs carried out this step, in the plan's order."""
        return [tuple(e) for e in self.model._allocated.engagements(self.state.index)]

    @property
    def spent(self) -> float:
        """Budget spent this step, forum dues included."""
        return float(self.model.spent[self.state.index])

    @property
    def ties(self) -> dict[str, float]:
        """Ties with every other establishment, by state id."""
        row, i = self.model.ties[self.state.index], self.state.index
        return {sid: float(row[j]) for j, sid in enumerate(self.model.ids) if j != i}
