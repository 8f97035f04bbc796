"""Replications as arrays: one engine that steps a batch of runs at once.

A :class:`Batch` holds R replications of one scenario under one set of
parameters. The world they share (states, relevance, alliances, forums,
catalogue: :class:`ddsim.core.world.World`) is kept once; everything that
moves has a leading replication axis: ``trust[r, i, j]``, ``hostility[r, i, j]``,
``capability[r, i]``, ``pair_hostility[r, p]``. Every mechanism is written once
for that shape, and :class:`ddsim.core.model.DiplomacyModel` is a batch of one.

One step reads like this::

    fire scheduled events -> forums meet -> every state decides (simultaneously,
    in bulk) -> one allocator spends every budget -> engagements update trust,
    ties, memory -> disputes start, reach their level, end -> data is collected

Each replication keeps its own random streams, made from its seed as Mesa
makes a model's (``numpy.random.default_rng(seed)``, then one child per state
for its decisions), and draws from them exactly what it would draw alone; no
sum mixes replications and none is a BLAS product. So replication r of any
batch is, to the bit, its seed run alone, whatever the batch size
((``tests/test_batch.py``)).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ddsim.core import conflict, deciding, engagements, escalation, trust
from ddsim.core.actions import ACTION_KINDS
from ddsim.core.disputes import DisputeLog
from ddsim.core.metrics import BatchSeries
from ddsim.core.parameters import Params
from ddsim.core.strategies import Plan, Strategy, make_strategy
from ddsim.core.world import World

if TYPE_CHECKING:  # for the annotations only: the core imports nothing above it
    from ddsim.scenarios import Scenario


def replication_rng(seed: Any) -> np.random.Generator:
    """A replication's random generator from its seed, as ``mesa.Model(rng=seed)``
    makes it for an integer seed (a generator is used as it is)."""
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


class Batch:
    """R replications of a scenario (variant applied) stepped together.

    Args:
        spec: The scenario to run, variant applied (``scenario.variant(name)``).
        params: Parameter values in force (shared by the batch).
        rngs: One seed or generator per replication.

    Attributes:
        world: What the replications share.
        reps: How many replications (R).
        steps: Steps taken.
        trust: ``trust[r, i, j]``, how far i trusts j in replication r.
        hostility: ``hostility[r, i, j]``, MID level 0-5 (symmetric).
        pair_hostility: The MID level of every unordered pair (``world.pairs`` order).
        evidence_pos, evidence_neg: Positive and negative evidence (trust.py).
        ties: Mil-to-mil ties in [0, 1] (symmetric).
        channels: Crisis channels from CSBMs in [0, 1] (symmetric).
        force: ``force[r, i, j]``, memory of shows of force i received from j.
        courted: ``courted[r, i, j]``, memory of the friendly acts i received
            from j (what a revisionist reads as weakness where j shows no resolve).
        received: What j did to i last step, as i perceived it (+1, -1, 0).
        coerced: True where j showed force to i last step.
        announced: Steps still to go of the initiative i announced to j.
        capability: Current capability per state.
        dispute_memory: Memory of past disputes, per pair.
        contention: What each pair disputes, in [0, 1] (territory, position).
        months_at_war: Months each pair has been at war.
        players: ``players[r][k]``, the strategy object of state k in replication r.
        rng: The replications' own generators (escalation, misreading).
        decision_rngs: ``decision_rngs[r][k]``, state k's generator for its decisions.
        dispute_log: Every dispute as the MID data would record it.
        series: The time series, one row per step and replication.
    """

    def __init__(self, spec: Scenario, params: Params, rngs: Sequence[Any]) -> None:
        self.spec, self.params = spec, params
        self.world = world = World(spec, params)
        self.reps, n = len(rngs), world.n
        self.rng = [replication_rng(seed) for seed in rngs]
        self.decision_rngs = [list(g.spawn(n)) for g in self.rng]
        #: The same generators by deciding row ``r * n + k`` (an object array,
        #: so a group of rows picks its generators in one call).
        self.row_rngs = np.empty(self.reps * n, dtype=object)
        self.row_rngs[:] = [g for row in self.decision_rngs for g in row]
        #: Each deciding row's allies (alliances never change: made once, read-only).
        self.row_allies = np.tile(world.allies, (self.reps, 1))
        self.row_allies.flags.writeable = False
        self.players: list[list[Strategy]] = [
            [make_strategy(s.strategy) for s in spec.states] for _ in range(self.reps)
        ]
        self.steps = 0
        self._events: dict[int, list[Any]] = defaultdict(list)
        for event in spec.events:
            self._events[event.step].append(event)
        self._start_state()
        self.reset_step_counts()
        self.series = BatchSeries()
        self.series.collect(self)

    def _start_state(self) -> None:
        w, R, n = self.world, self.reps, self.world.n
        P = len(w.pairs[0])
        #: ``pair_cells[r, p]``: the flat index of pair p's cell ``[r, i, j]``
        #: (``mirror_cells``: of ``[r, j, i]``).
        reps, (i, j) = np.arange(R)[:, None], w.pairs
        self.pair_cells, self.mirror_cells = self.cell(reps, i, j), self.cell(reps, j, i)
        self.capability = np.tile(w.base_capability, (R, 1))
        self.hostility = np.tile(w.initial_hostility, (R, 1, 1))
        #: MID level of every unordered pair, in ``pairs`` order (kept with ``hostility``).
        self.pair_hostility = self.hostility.take(self.pair_cells)
        #: Every dispute as the MID data would record it (an instrument; see disputes.py).
        self.dispute_log = DisputeLog(self.pair_hostility)
        for name in ("evidence_pos", "evidence_neg", "ties", "channels", "force", "courted"):
            setattr(self, name, np.zeros((R, n, n)))
        self.received = np.zeros((R, n, n), dtype=np.int8)
        self.coerced = np.zeros((R, n, n), dtype=bool)
        self.announced = np.zeros((R, n, n), dtype=np.int16)
        self.months_at_war = np.zeros((R, P), dtype=np.int32)
        self.months_at_war[self.pair_hostility == escalation.WAR] = 1
        self.dispute_memory = (self.pair_hostility > 0).astype(float)
        self.contention = np.tile(w.pair_contention, (R, 1))
        #: Per pair: whether the dispute that started this step was answered.
        self.reciprocated = np.zeros((R, P), dtype=bool)
        self.misread = np.zeros(R, dtype=int)  # friendly acts misread as hostile this step
        self.allocated = Plan(np.zeros((R, n, 0), dtype=int), np.zeros((R, n, 0), dtype=int))
        self.spent = np.zeros((R, n))
        self.dues = np.zeros(n)  # forum dues owed this step (the same in every replication)
        self.attending: list[tuple[Any, np.ndarray]] = []  # forums meeting this step
        #: Per forum meeting this step: its members, and ``met[r, i, j]`` (members
        #: i and j met in replication r: those fighting each other do not).
        self.meetings: list[tuple[np.ndarray, np.ndarray]] = []
        self.update_trust()

    # ------------------------------------------------------------------
    # the step
    # ------------------------------------------------------------------
    def step(self) -> None:
        """Advance every replication one step (a month by default)."""
        self.steps += 1
        self.reset_step_counts()
        self.fire_events()
        self.charge_forum_dues()
        self.carry_out(self.decide_all())
        self.apply_engagements(*self.ledger())
        conflict.escalate(self)
        self.dispute_log.update(self.pair_hostility, self.reciprocated)
        self.series.collect(self)

    def run_for(self, steps: int) -> None:
        """Advance ``steps`` steps."""
        for _ in range(steps):
            self.step()

    def fire_events(self) -> None:
        """Scheduled incidents push a pair up; strategy events switch a strategy."""
        for event in self._events.get(self.steps, []):
            if event.kind == "incident":
                i, j = (self.world.index[s] for s in event.between)
                conflict.raise_hostility(self, np.array([i]), np.array([j]), event.severity)
                self.step_incidents += 1
            else:
                k = self.world.index[event.state]
                for players in self.players:
                    players[k] = make_strategy(event.strategy)

    def charge_forum_dues(self) -> None:
        """Members of a forum that meets this step pay its cost out of their
        budget; a member whose budget cannot cover it stays away this time."""
        dues, self.attending = self.world.forum_attendance(self.steps)
        self.dues = np.array(dues)
        forum = ACTION_KINDS.index("regional_forum")
        for _, present in self.attending:
            self.step_actions[:, forum] += len(present)

    def add_event(self, event: Any) -> None:
        """Schedule one more event (an ``EventSpec``: an incident or a strategy
        switch) for step ``event.step``, after the scenario's own events of that
        step. ``ddsim.play`` uses it for incidents an instructor injects."""
        if event.step <= self.steps:
            raise ValueError(f"step {event.step} has already been played")
        self._events[event.step].append(event)

    def decide_all(self) -> Plan:
        """Every state's plan for this step (``kinds[r, k, :]``: state k in
        replication r): see :mod:`ddsim.core.deciding`."""
        return deciding.decide_all(self)

    def carry_out(self, plan: Plan) -> None:
        """Spend every state's budget on its plan: the one allocator
        (:func:`ddsim.core.deciding.carry_out`)."""
        deciding.carry_out(self, plan)

    def ledger(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Every engagement of the step: (replication, actor, target, kind)."""
        return deciding.ledger(self)

    def apply_engagements(
        self, rep: np.ndarray, actor: np.ndarray, target: np.ndarray, kind: np.ndarray
    ) -> None:
        """Update evidence, memory, ties, channels and force from the step's
        engagements (:mod:`ddsim.core.engagements`)."""
        engagements.apply(self, rep, actor, target, kind)

    def update_trust(self) -> None:
        """Trust from the evidence (the Beta reputation system, trust.py)."""
        self.trust = trust.trust_of_batch(
            self.evidence_pos, self.evidence_neg, self.world.base_rate, self.params.prior_weight
        )

    def uniform(self, rep: np.ndarray, rows: int | None = None) -> np.ndarray:
        """Uniform draws for items of the replications ``rep`` (sorted): each
        replication draws ``rows`` rows (or one value) per item of its own from
        its own stream, exactly what it would draw alone, and none when it has
        no item; the items side by side, in order (the last axis)."""
        counts = np.bincount(rep, minlength=self.reps).tolist()
        parts = [
            g.random(c if rows is None else (rows, c))
            for g, c in zip(self.rng, counts, strict=True)
            if c
        ]
        return np.concatenate(parts, axis=-1)

    def cell(self, rep: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The flat index of ``[rep, i, j]`` in an (R, n, n) array (``take`` and
        ``np.add.at`` with one index array are far cheaper than with three)."""
        n = self.world.n
        return (rep * n + i) * n + j

    def set_pair_hostility(self, levels: np.ndarray, changed: np.ndarray | None = None) -> None:
        """Set the MID level of every pair (``pair_hostility``) and the matrix
        with it. ``changed``: the only places (flat, in (replication, pair)
        order) whose level may differ from the matrix's, when the caller knows."""
        self.pair_hostility = levels
        flat = self.hostility.reshape(-1)  # a view: raises rather than copy
        cells, mirrors, values = self.pair_cells, self.mirror_cells, levels
        if changed is not None:  # a few pairs: not a million writes
            cells, mirrors = cells.reshape(-1)[changed], mirrors.reshape(-1)[changed]
            values = levels.reshape(-1)[changed]
        flat[cells] = values
        flat[mirrors] = values

    def reset_step_counts(self) -> None:
        """The counts the time series reads, back to 0 for a new step."""
        self.step_actions = np.zeros((self.reps, len(ACTION_KINDS)), dtype=np.int64)
        self.step_spent = np.zeros(self.reps)
        self.step_new_disputes = np.zeros(self.reps, dtype=np.int64)
        self.step_incidents = np.zeros(self.reps, dtype=np.int64)
        self.start_hostility = self.pair_hostility
