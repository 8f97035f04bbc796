"""DiplomacyModel: states, their defence establishments and the trust network.

A model is a batch of one (:class:`ddsim.core.batch.Batch`): the engine that
steps many replications at once steps this one too, so there is one engine
and no second path to keep in step with it. The model is what Mesa and its
tools see: an ordinary ``mesa.Model`` with State and DefenceEstablishment
agents, a DataCollector, ``run_for`` and a networkx ``trust_graph``. Its
arrays (``trust``, ``hostility``, ...) are the batch's replication 0, as
views: changing them in place changes the run.

One step reads like this::

    fire scheduled events -> forums meet -> every state decides (simultaneously,
    in bulk) -> one allocator spends every budget -> engagements update trust,
    ties, memory -> disputes start, reach their level, end -> data is collected
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from ddsim.core import conflict, deciding
from ddsim.core.agents import DefenceEstablishment, State
from ddsim.core.batch import Batch
from ddsim.core.metrics import Timeseries
from ddsim.core.parameters import Params
from ddsim.core.replica import Replication
from ddsim.core.strategies import Plan, Views
from ddsim.errors import InputError

if TYPE_CHECKING:  # for the annotations only: the core imports nothing above it
    from ddsim.scenarios import Scenario


class DiplomacyModel(mesa.Model, Replication):
    """The ddsim model: an ordinary Mesa model, and a batch of one.

    Args:
        scenario: A loaded scenario (:func:`ddsim.load_scenario`; the model core does
            not read files, so that it depends on nothing above it).
        rng: Seed or generator (Mesa's ``rng=``); None draws fresh entropy.
        variant: Which of the scenario's variants to run (None: the base scenario).
        **parameters: Values for declared model parameters, overriding the
            scenario's (so ``mesa.batch_run`` and SolaraViz can vary them).

    Attributes:
        spec: The scenario being run (variant applied).
        params: Parameter values in force.
        batch: The engine, a batch of this one replication.
        ids: State ids, in array order.
        trust: ``trust[i, j]``, how far i trusts j (numpy array, updated each step).
        hostility: ``hostility[i, j]``, MID level 0-5 (symmetric).
        audience: ``audience[c, i]``, how much onlooker c watches what i does:
            1 for a relevant state, an ally or a forum partner, else
            ``distant_relevance``.
        announced: ``announced[i, j]``, steps still to go of the initiative i
            announced to j.
        dispute_memory: Memory of past disputes, per pair (in ``pairs`` order).
        ties: Mil-to-mil ties in [0, 1] (symmetric).
        channels: Crisis channels from CSBMs in [0, 1] (symmetric).
        force: ``force[i, j]``, memory of shows of force i received from j.
        received: What j did to i last step, as i perceived it (+1, -1, 0).
        capability: Current capability per state.
    """

    def __init__(
        self,
        scenario: Scenario,
        rng: Any = None,
        variant: str | None = None,
        **parameters: float,
    ) -> None:
        super().__init__(rng=rng)
        if not hasattr(scenario, "variant"):
            raise InputError(
                f"DiplomacyModel takes a loaded scenario, not {type(scenario).__name__}: "
                "use ddsim.load_scenario(...) first"
            )
        spec = scenario.variant(variant)
        self.batch, self.rep = Batch(spec, Params({**spec.parameters, **parameters}), [self.rng]), 0
        for k, state_spec in enumerate(self.spec.states):
            DefenceEstablishment(self, State(self, state_spec, k))
        #: States in array order (``states_by_index[k].index == k``).
        self.states_by_index: list[State] = self.agents_by_type[State].to_list()
        self.establishments_by_index = self.agents_by_type[DefenceEstablishment].to_list()
        self.states = self.agents_by_type[State]
        self.establishments = self.agents_by_type[DefenceEstablishment]
        self.datacollector = Timeseries()
        self.datacollector.collect(self)

    # ------------------------------------------------------------------
    # the step: the batch's
    # ------------------------------------------------------------------
    def step(self) -> None:
        """Advance one step (a month by default)."""
        self.batch.step()
        self.datacollector.collect(self)
        if self.steps >= self.spec.steps:
            self.running = False

    def fire_events(self) -> None:
        """Scheduled incidents push a pair up; strategy events switch a strategy."""
        self.batch.fire_events()

    def charge_forum_dues(self) -> None:
        """Members of a forum that meets this step pay its cost out of their budget."""
        self.batch.charge_forum_dues()

    def forum_attendance(self, step: int) -> tuple[list[float], list[tuple[Any, np.ndarray]]]:
        """The forums that meet at ``step``: the dues each state pays and who
        attends (:meth:`ddsim.core.world.World.forum_attendance`)."""
        return self.batch.world.forum_attendance(step)

    def budget_left(self, step: int, dues: Any = None, attending: Any = None) -> np.ndarray:
        """What each state may spend on engagements at ``step``, after forum
        dues (:meth:`ddsim.core.world.World.budget_left`)."""
        return self.batch.world.budget_left(step, dues, attending)

    def add_event(self, event: Any) -> None:
        """Schedule one more event (an ``EventSpec``) for step ``event.step``."""
        self.batch.add_event(event)

    def views(self, rows: np.ndarray, arrays: dict[str, np.ndarray] | None = None) -> Views:
        """The views of the states at ``rows`` at the start of this step
        (:func:`ddsim.core.deciding.views`)."""
        return deciding.views(self.batch, rows, arrays)

    def decide_all(self) -> Plan:
        """Every state's plan for this step, one row per state."""
        kinds, targets = self.batch.decide_all()
        return Plan(kinds[0], targets[0])

    def carry_out(self, plan: Plan) -> None:
        """Spend every state's budget on its plan (one row per state): the one
        allocator (:func:`ddsim.core.deciding.carry_out`)."""
        self.batch.carry_out(Plan(plan.kinds[None], plan.targets[None]))

    def apply_engagements(self, actor: np.ndarray, target: np.ndarray, kind: np.ndarray) -> None:
        """Update evidence, memory, ties, channels and force from engagements
        (:func:`ddsim.core.engagements.apply`)."""
        self.batch.apply_engagements(np.zeros(len(actor), dtype=int), actor, target, kind)

    def escalate(self) -> None:
        """Disputes end, new ones start and reach their highest level, wars go
        on (:func:`ddsim.core.conflict.escalate`)."""
        conflict.escalate(self.batch)

    # ------------------------------------------------------------------
    # reading the world
    # ------------------------------------------------------------------
    @property
    def dues(self) -> np.ndarray:
        """Forum dues owed this step."""
        return self.batch.dues

    @property
    def _allocated(self) -> Plan:
        kinds, targets = self.batch.allocated
        return Plan(kinds[0], targets[0])

    @_allocated.setter
    def _allocated(self, plan: Plan) -> None:
        self.batch.allocated = Plan(plan.kinds[None], plan.targets[None])
