"""DiplomacyModel: states, their defence establishments and the trust network.

One step (a month by default) reads like this::

    fire scheduled events -> forums meet -> every state decides (simultaneously)
    -> establishments carry out -> engagements update trust, ties, memory
    -> pairs move on the MID ladder -> data is collected

Decisions are simultaneous: every state decides from the world as it was at
the start of the step, engagements are gathered in a fixed order and applied
together, and each state draws from its own random stream. The result does not
depend on the order in which Mesa activates the agents (a test checks it).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import mesa
import networkx as nx
import numpy as np

from ddsim.core import escalation, trust
from ddsim.core.actions import ACTION_KINDS, build_catalogue
from ddsim.core.agents import DefenceEstablishment, State
from ddsim.core.disputes import DisputeLog
from ddsim.core.metrics import reporters
from ddsim.core.parameters import Params
from ddsim.core.strategies import make_strategy
from ddsim.errors import InputError

if TYPE_CHECKING:  # for the annotations only: the core imports nothing above it
    from ddsim.scenarios import Scenario


class DiplomacyModel(mesa.Model):
    """The ddsim model: an ordinary Mesa model.

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
        ids: State ids, in array order.
        trust: ``trust[i, j]``, how far i trusts j (numpy array, updated each step).
        hostility: ``hostility[i, j]``, MID level 0-5 (symmetric).
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
        self.spec = scenario.variant(variant)
        self.params = Params({**self.spec.parameters, **parameters})
        self.catalogue = build_catalogue(self.spec.actions)
        self._kinds = _catalogue_arrays(self.catalogue)
        self._setup_world()
        streams = self.rng.spawn(self.n)
        for k, state_spec in enumerate(self.spec.states):
            DefenceEstablishment(self, State(self, state_spec, k, streams[k]))
        #: States in array order (``states_by_index[k].index == k``).
        self.states_by_index: list[State] = self.agents_by_type[State].to_list()
        self.establishments_by_index = self.agents_by_type[DefenceEstablishment].to_list()
        self.states = self.agents_by_type[State]
        self.establishments = self.agents_by_type[DefenceEstablishment]
        self._by_id = {s.sid: s for s in self.states}
        self._events = defaultdict(list)
        for event in self.spec.events:
            self._events[event.step].append(event)
        self._reset_step_counts()
        self.datacollector = mesa.DataCollector(model_reporters=reporters())
        self.datacollector.collect(self)

    # ------------------------------------------------------------------
    # set-up
    # ------------------------------------------------------------------
    def _setup_world(self) -> None:
        sc, p = self.spec, self.params
        self.ids = [s.id for s in sc.states]
        n = self.n = len(self.ids)
        index = {sid: k for k, sid in enumerate(self.ids)}
        self.base_capability = np.array([s.capability for s in sc.states], dtype=float)
        self.capability = self.base_capability.copy()
        self.revisionist = np.array([s.disposition == "revisionist" for s in sc.states])
        relevant = _relevant_pairs(sc, index)
        self.relevance = np.where(relevant, 1.0, p.distant_relevance)
        self.off_diagonal = ~np.eye(n, dtype=bool)
        self.pairs = np.triu_indices(n, k=1)

        defaults = sc.relations.defaults
        self.base_rate = np.full((n, n), defaults.trust)
        self.hostility = np.full((n, n), defaults.hostility, dtype=np.int8)
        for pair in sc.relations.pairs:
            i, j = index[pair.between[0]], index[pair.between[1]]
            if pair.trust is not None:
                self.base_rate[i, j] = pair.trust
                if pair.symmetric:
                    self.base_rate[j, i] = pair.trust
            if pair.hostility is not None:
                self.hostility[i, j] = self.hostility[j, i] = pair.hostility
        np.fill_diagonal(self.hostility, 0)
        #: MID level of every unordered pair, in ``pairs`` order (kept with ``hostility``).
        self.pair_hostility = self.hostility[self.pairs]
        self.rival_pairs = self.pair_hostility > 0
        #: Every dispute as the MID data would record it (an instrument; see disputes.py).
        self.dispute_log = DisputeLog(self.pair_hostility)

        self.allies = np.zeros((n, n), dtype=bool)
        self._static_partners = relevant.copy()  # whom a state engages: relevant pairs, allies
        for group in sc.alliances:
            members = [index[m] for m in group.members]
            self.allies[np.ix_(members, members)] = True
        self._forums = []
        for forum in sc.forums:
            members = np.array([index[m] for m in forum.members])
            self._forums.append((forum, members))
            self._static_partners[np.ix_(members, members)] = True
        self._static_partners |= self.allies
        np.fill_diagonal(self.allies, False)
        np.fill_diagonal(self._static_partners, False)

        self.evidence_pos = np.zeros((n, n))
        self.evidence_neg = np.zeros((n, n))
        self.ties = np.zeros((n, n))
        self.channels = np.zeros((n, n))
        self.force = np.zeros((n, n))
        self.received = np.zeros((n, n), dtype=np.int8)
        self.coerced = np.zeros((n, n), dtype=bool)
        self.months_at_war = np.zeros(len(self.pairs[0]), dtype=np.int32)
        self._update_trust()

    # ------------------------------------------------------------------
    # the step
    # ------------------------------------------------------------------
    def step(self) -> None:
        """Advance one step (a month by default)."""
        self._reset_step_counts()
        self.fire_events()
        self.charge_forum_dues()
        self.states.shuffle_do("decide")
        self.establishments.shuffle_do("carry_out")
        self.apply_engagements(*self._ledger())
        self.escalate()
        self.dispute_log.update(self.pair_hostility)
        self.datacollector.collect(self)
        if self.steps >= self.spec.steps:
            self.running = False

    def fire_events(self) -> None:
        """Scheduled incidents push a pair up; strategy events switch a strategy."""
        for event in self._events.get(self.steps, []):
            if event.kind == "incident":
                i, j = (self._by_id[s].index for s in event.between)
                self._raise_hostility(np.array([i]), np.array([j]), event.severity)
                self.step_incidents += 1
            else:
                self._by_id[event.state].strategy = make_strategy(event.strategy)

    def charge_forum_dues(self) -> None:
        """Members of a forum that meets this step pay its cost out of their
        budget; a member whose budget cannot cover it stays away this time."""
        dues, self._attending = self.forum_attendance(self.steps)
        for state, owed in zip(self.states_by_index, dues, strict=True):
            state.dues = owed
        for _, present in self._attending:
            self.step_actions["regional_forum"] += len(present)

    def forum_attendance(self, step: int) -> tuple[list[float], list[tuple[Any, np.ndarray]]]:
        """The forums that meet at ``step``: the dues each state pays (in
        state order) and who attends each forum. It changes nothing, so the
        budget a state will have at a coming step can be known in advance
        (``ddsim.play`` shows it to the teams)."""
        dues = [0.0] * self.n
        cost = self.catalogue["regional_forum"].cost
        attending = []
        for forum, members in self._forums:
            if step < forum.start or (step - forum.start) % forum.every:
                continue
            present = []
            for k in members:
                if dues[k] + cost <= self.states_by_index[k].budget:
                    dues[k] += cost
                    present.append(k)
            attending.append((forum, np.array(present, dtype=int)))
        return dues, attending

    def add_event(self, event: Any) -> None:
        """Schedule one more event (an ``EventSpec``: an incident or a strategy
        switch) for step ``event.step``, after the scenario's own events of that
        step. ``ddsim.play`` uses it for incidents an instructor injects."""
        if event.step <= self.steps:
            raise ValueError(f"step {event.step} has already been played")
        self._events[event.step].append(event)

    def _ledger(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every engagement of the step as arrays (actor, target, kind index),
        in a fixed order: states by index, each in its plan's order, then forums."""
        actor, target, kind = [], [], []
        kind_index = self._kinds["index"]
        for est in self.establishments_by_index:
            self.step_spent += est.spent
            for k, j in est.done:
                actor.append(est.state.index)
                target.append(j)
                kind.append(kind_index[k])
                self.step_actions[k] += 1
        forum_kind = kind_index["regional_forum"]
        for _, members in self._attending:
            a, b = np.meshgrid(members, members, indexing="ij")
            keep = a != b
            actor += a[keep].tolist()
            target += b[keep].tolist()
            kind += [forum_kind] * int(keep.sum())
        return np.array(actor, dtype=int), np.array(target, dtype=int), np.array(kind, dtype=int)

    def apply_engagements(self, actor: np.ndarray, target: np.ndarray, kind: np.ndarray) -> None:
        """Update evidence, memory, ties, channels and force from the step's engagements.

        The target perceives each act with noise (a friendly act may be misread
        as hostile); third parties see it in proportion to its visibility and
        update their trust in the actor (reputation). All vectorised.
        """
        p, k = self.params, self._kinds
        clarity = p.tie_clarity * trust.combine(self.ties, self.channels)
        self._decay()
        self.received = np.zeros((self.n, self.n), dtype=np.int8)
        self.coerced = np.zeros((self.n, self.n), dtype=bool)
        if len(actor):
            cred, coop = k["credibility"][kind], k["valence"][kind] > 0
            prior = self.trust[target, actor]
            misread = self.rng.random(len(actor)) < coop * trust.misreading_probability(
                p.perception_noise, cred, prior, clarity[actor, target]
            )
            friendly = coop & ~misread
            weight = p.evidence_per_action * cred
            np.add.at(self.evidence_pos, (target, actor), weight * friendly)
            np.add.at(self.evidence_neg, (target, actor), p.negativity_weight * weight * ~friendly)
            self._remember(actor, target, friendly)
            self._spread_reputation(actor, target, weight * k["visibility"][kind], coop)
            self.ties = trust.grow(self.ties, self._symmetric_sum(actor, target, k["ties"][kind]))
            self.channels = trust.grow(
                self.channels, self._symmetric_sum(actor, target, k["channel"][kind])
            )
            np.add.at(self.force, (target, actor), cred * ~coop)
            self.coerced[target[~coop], actor[~coop]] = True
        self._update_trust()

    def _decay(self) -> None:
        p = self.params
        trust.forget(self.evidence_pos, p.forgetting)
        trust.forget(self.evidence_neg, p.forgetting)
        # Open disputes breed distrust every step they last (Diehl & Goertz 2000).
        self.evidence_neg += p.hostility_distrust * self.hostility
        self.ties *= 1.0 - p.tie_decay
        self.channels *= 1.0 - p.csbm_decay
        self.force *= 1.0 - p.force_memory

    def _remember(self, actor: np.ndarray, target: np.ndarray, friendly: np.ndarray) -> None:
        """``received[target, actor]``: -1 if any act was perceived as hostile, else +1."""
        hostile = np.zeros((self.n, self.n), dtype=bool)
        hostile[target[~friendly], actor[~friendly]] = True
        self.received[target, actor] = 1
        self.received[hostile] = -1

    def _spread_reputation(
        self, actor: np.ndarray, target: np.ndarray, seen: np.ndarray, coop: np.ndarray
    ) -> None:
        """Every state other than actor and target updates its trust in the
        actor by what it saw (Josang, Ismail & Boyd 2007, reputation systems).

        A friendly act counts the same for every onlooker. A coercive act is
        judged by the onlooker's view of the victim: coercing a state it trusts
        is aggression against a friend, coercing one it distrusts costs the
        actor little (Heider 1946, balance theory: the enemy of my friend).
        """
        p = self.params
        good = p.reputation_weight * seen * coop
        bad = p.reputation_weight * p.negativity_weight * seen * ~coop
        self.evidence_pos += np.bincount(actor, good, minlength=self.n)[None, :]
        np.add.at(self.evidence_pos, (target, actor), -good)  # the target saw it first-hand
        hits = np.flatnonzero(bad)
        if hits.size:  # onlooker c's evidence about actor a grows by trust[c, b] x bad
            seen_by = self.trust[:, target[hits]] * bad[hits]
            np.add.at(self.evidence_neg.T, actor[hits], seen_by.T)
            np.add.at(self.evidence_neg, (target, actor), -bad)  # trust[b, b] = 1
        np.fill_diagonal(self.evidence_pos, 0.0)
        np.fill_diagonal(self.evidence_neg, 0.0)

    def _symmetric_sum(
        self, actor: np.ndarray, target: np.ndarray, values: np.ndarray
    ) -> np.ndarray:
        out = np.zeros((self.n, self.n))
        np.add.at(out, (actor, target), values)
        return out + out.T

    def _update_trust(self) -> None:
        expected = trust.expected_trust(
            self.evidence_pos, self.evidence_neg, self.base_rate, self.params.prior_weight
        )
        # Onlookers' evidence is added and taken back in floating point, so it can end
        # a rounding error (1e-19) below zero: keep trust a probability.
        self.trust = np.clip(expected, 0.0, 1.0)
        np.fill_diagonal(self.trust, 1.0)

    def escalate(self) -> None:
        """Move every pair on the MID ladder; random incidents; wars go on or end."""
        p, (i, j) = self.params, self.pairs
        pushes = escalation.push(
            self.trust, self.capability, self.force, self.revisionist, self.allies, p
        )
        clarity = trust.combine(self.ties, self.channels)
        p_up, p_down = escalation.step_probabilities(pushes, self.trust, clarity, self.relevance, p)
        before = self.pair_hostility
        draws = self.rng.random((3, len(i)))
        moved = escalation.move(before, p_up[i, j], p_down[i, j], draws[0])
        at_war = before == escalation.WAR
        ended = escalation.war_ends(self.months_at_war, p.war_exhaustion, draws[1])
        moved = np.where(ended, escalation.ARMISTICE, moved)
        self._set_pair_hostility(moved)
        self.months_at_war = np.where(at_war & ~ended, self.months_at_war + 1, 0)
        self.months_at_war[(moved == escalation.WAR) & ~at_war] = 1
        incident = draws[2] < p.incident_rate * self.relevance[i, j]
        self.step_incidents += int(incident.sum())
        self._raise_hostility(i[incident], j[incident], 1)
        self.step_new_disputes = int(
            np.sum((self._start_hostility == 0) & (self.pair_hostility > 0))
        )
        self._wear_capability()

    def _raise_hostility(self, i: np.ndarray, j: np.ndarray, rungs: int) -> None:
        """Push pairs up by ``rungs`` (an incident), to war at most."""
        level = np.minimum(escalation.WAR, self.hostility[i, j] + rungs).astype(np.int8)
        newly_at_war = (level == escalation.WAR) & (self.hostility[i, j] < escalation.WAR)
        self.hostility[i, j] = self.hostility[j, i] = level
        self.pair_hostility = self.hostility[self.pairs]
        self.months_at_war[self._pair_index(i[newly_at_war], j[newly_at_war])] = 1

    def _wear_capability(self) -> None:
        """War wears capability down; at peace it recovers towards its base."""
        p, (i, j) = self.params, self.pairs
        at_war = self.pair_hostility == escalation.WAR
        wars_each = np.bincount(i[at_war], minlength=self.n) + np.bincount(
            j[at_war], minlength=self.n
        )
        peace = wars_each == 0
        self.capability = np.where(
            peace,
            self.capability + p.capability_recovery * (self.base_capability - self.capability),
            self.capability * (1.0 - p.war_cost) ** wars_each,
        )

    # ------------------------------------------------------------------
    # reading the world
    # ------------------------------------------------------------------
    def _set_pair_hostility(self, levels: np.ndarray) -> None:
        """Set the MID level of every pair (``pair_hostility``) and the matrix with it."""
        i, j = self.pairs
        self.pair_hostility = levels
        self.hostility[i, j] = self.hostility[j, i] = levels

    def _pair_index(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        a, b = np.minimum(i, j), np.maximum(i, j)
        n = self.n
        return a * n - a * (a + 1) // 2 + (b - a - 1)

    def partners_of(self, i: int) -> np.ndarray:
        """States relevant to state i: neighbours, allies, forum members and
        anyone in a dispute with it."""
        return self._static_partners[i] | (self.hostility[i] > 0)

    def check_engagement(self, state: State, kind: str, target: int) -> None:
        """Refuse an engagement a (custom) strategy cannot ask for."""
        if kind not in self.catalogue:
            raise ValueError(
                f"strategy {state.strategy.name!r} of {state.sid} asked for "
                f"unknown action {kind!r}; known: {', '.join(ACTION_KINDS)}"
            )
        if self.catalogue[kind].mode != "bilateral":
            raise ValueError(f"{kind!r} happens only at forums; a strategy cannot choose it")
        if not (0 <= int(target) < self.n) or int(target) == state.index:
            raise ValueError(
                f"strategy {state.strategy.name!r} of {state.sid} targeted "
                f"{target!r}, not another state's index"
            )

    @property
    def trust_graph(self) -> nx.DiGraph:
        """A fresh networkx snapshot of the trust network, consistent with the arrays.

        Nodes are state ids (attributes ``name``, ``capability``, ``disposition``,
        ``region``, ``strategy``); every ordered pair is an edge with ``trust``
        (of the source in the target), ``ties`` and ``hostility``.
        """
        states = self.states_by_index
        nodes = {
            "name": [s.name for s in states],
            "capability": self.capability.tolist(),
            "disposition": [s.disposition for s in states],
            "region": [s.region or "" for s in states],
            "strategy": [s.strategy.name for s in states],
        }
        return trust.trust_digraph(self.ids, self.trust, self.ties, self.hostility, nodes)

    def global_reputation(self) -> dict[str, float]:
        """EigenTrust global reputation of every state (sums to 1)."""
        return dict(zip(self.ids, trust.global_reputation(self.trust).tolist(), strict=True))

    def _reset_step_counts(self) -> None:
        self.step_actions = dict.fromkeys(ACTION_KINDS, 0)
        self.step_spent = 0.0
        self.step_new_disputes = 0
        self.step_incidents = 0
        self._start_hostility = self.pair_hostility


def _catalogue_arrays(catalogue) -> dict[str, Any]:
    kinds = list(catalogue)
    arrays = {
        field: np.array([getattr(catalogue[k], field) for k in kinds], dtype=float)
        for field in ("cost", "valence", "credibility", "visibility", "ties", "channel")
    }
    arrays["index"] = {k: n for n, k in enumerate(kinds)}
    return arrays


def _relevant_pairs(sc: Scenario, index: dict[str, int]) -> np.ndarray:
    """Which pairs are politically relevant to each other (a boolean matrix).

    With the scenario's ``contiguity`` list: contiguous pairs and every pair
    with a major power, the politically relevant dyads of Lemke & Reed (2001,
    *Journal of Conflict Resolution* 45(1)), in which most disputes happen.
    Without it: pairs in the same region.
    """
    if sc.contiguity is None:
        regions = [s.region for s in sc.states]
        return np.array([[a == b for b in regions] for a in regions])
    n = len(index)
    relevant = np.zeros((n, n), dtype=bool)
    for a, b in sc.contiguity:
        relevant[index[a], index[b]] = relevant[index[b], index[a]] = True
    major = np.array([s.major for s in sc.states])
    return relevant | major[:, None] | major[None, :]
