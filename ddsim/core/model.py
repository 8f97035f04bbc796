"""DiplomacyModel: states, their defence establishments and the trust network.

One step (a month by default) reads like this::

    fire scheduled events -> forums meet -> every state decides (simultaneously,
    in bulk) -> one allocator spends every budget -> engagements update trust,
    ties, memory -> disputes start, reach their level, end -> data is collected

Decisions are simultaneous: every state decides from the world as it was at
the start of the step, and engagements are applied together. Built-in
strategies decide for all their states at once, on arrays; a strategy of one's
own decides state by state (``decide(view)``). Each state draws from its own
random stream, so the result does not depend on the order of the states.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import mesa
import networkx as nx
import numpy as np

from ddsim.core import escalation, trust
from ddsim.core.actions import ACTION_KINDS, build_catalogue
from ddsim.core.acts import Acts
from ddsim.core.agents import DefenceEstablishment, State
from ddsim.core.disputes import DisputeLog
from ddsim.core.metrics import Timeseries
from ddsim.core.parameters import Params
from ddsim.core.strategies import Plan, Views, make_strategy
from ddsim.core.strategies.base import KIND_CODE
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
        self.datacollector = Timeseries()
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
        self._pair_relevance = self.relevance[np.triu_indices(n, k=1)]
        self.off_diagonal = ~np.eye(n, dtype=bool)
        #: ``off_diagonal`` as flat indices (``take`` is faster than a boolean mask).
        self.off_diagonal_index = np.flatnonzero(self.off_diagonal)
        self.pairs = np.triu_indices(n, k=1)
        # The pairs as flat indices, both ways (``take`` and ``put`` are cheaper
        # than indexing with two arrays).
        self._flat_ij = self.pairs[0] * n + self.pairs[1]
        self._flat_ji = self.pairs[1] * n + self.pairs[0]

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
        self.audience = np.where(self._static_partners, 1.0, p.distant_relevance)
        np.fill_diagonal(self.audience, 0.0)
        #: ``audience.T`` laid out by rows, as the onlookers' sums read it.
        self._audience_t = np.ascontiguousarray(self.audience.T)
        self.budgets = np.array([s.budget for s in sc.states], dtype=float)
        self.capacities = np.array([s.capacity for s in sc.states], dtype=int)

        self.evidence_pos = np.zeros((n, n))
        self.evidence_neg = np.zeros((n, n))
        self.ties = np.zeros((n, n))
        self.channels = np.zeros((n, n))
        self.force = np.zeros((n, n))
        self.received = np.zeros((n, n), dtype=np.int8)
        self.coerced = np.zeros((n, n), dtype=bool)
        self.announced = np.zeros((n, n), dtype=np.int16)
        self.months_at_war = np.zeros(len(self.pairs[0]), dtype=np.int32)
        self.months_at_war[self.pair_hostility == escalation.WAR] = 1
        self.dispute_memory = (self.pair_hostility > 0).astype(float)
        #: Per pair: whether the dispute that started this step was answered.
        self.reciprocated = np.zeros(len(self.pairs[0]), dtype=bool)
        self.misread = 0  # friendly acts misread as hostile this step
        self._allocated = Plan(np.zeros((n, 0), dtype=int), np.zeros((n, 0), dtype=int))
        self.spent = np.zeros(n)
        self.dues = np.zeros(n)  # forum dues owed this step
        self._attending: list[tuple[Any, np.ndarray]] = []  # forums meeting this step
        self._update_trust()

    # ------------------------------------------------------------------
    # the step
    # ------------------------------------------------------------------
    def step(self) -> None:
        """Advance one step (a month by default)."""
        self._reset_step_counts()
        self.fire_events()
        self.charge_forum_dues()
        self.carry_out(self.decide_all())
        self.apply_engagements(*self._ledger())
        self.escalate()
        self.dispute_log.update(self.pair_hostility, self.reciprocated)
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
        self.dues = np.array(dues)
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
                if dues[k] + cost <= self.budgets[k]:
                    dues[k] += cost
                    present.append(k)
            attending.append((forum, np.array(present, dtype=int)))
        return dues, attending

    def budget_left(
        self,
        step: int,
        dues: list[float] | None = None,
        attending: list[tuple[Any, np.ndarray]] | None = None,
    ) -> np.ndarray:
        """What each state may spend on engagements at ``step``, after forum dues.

        A forum meeting is the head of each member's plan: a member that cannot
        pay its dues stays away and, as the allocator stops at the first
        engagement a state cannot afford, does nothing else that step. So more
        budget never buys less engagement, forums included.
        """
        if dues is None or attending is None:
            dues, attending = self.forum_attendance(step)
        left = self.budgets - np.asarray(dues)
        for forum, present in attending:
            members = next(m for f, m in self._forums if f is forum)
            left[np.setdiff1d(members, present)] = 0.0
        return left

    def add_event(self, event: Any) -> None:
        """Schedule one more event (an ``EventSpec``: an incident or a strategy
        switch) for step ``event.step``, after the scenario's own events of that
        step. ``ddsim.play`` uses it for incidents an instructor injects."""
        if event.step <= self.steps:
            raise ValueError(f"step {event.step} has already been played")
        self._events[event.step].append(event)

    def views(self, rows: np.ndarray, arrays: dict[str, np.ndarray] | None = None) -> Views:
        """The views of the states at ``rows`` at the start of this step.

        Consecutive rows (a batch of one, say) are read-only views into the
        model's arrays, which is cheaper than copies; other batches get copies
        of their rows, so a strategy cannot change the model through its view
        either way. ``arrays`` is :meth:`_view_arrays` of this step, when the
        caller has it."""
        arrays = self._view_arrays() if arrays is None else arrays
        states = [self.states_by_index[r] for r in rows.tolist()]
        if rows.size == 1 or (rows.size > 1 and (np.diff(rows) == 1).all()):  # consecutive
            at = slice(int(rows[0]), int(rows[-1]) + 1)
            part = {name: arrays[name][at] for name in _VIEW_ROWS}
        else:  # copies; take makes them two or three times faster than fancy indexing
            part = {name: arrays[name].take(rows, axis=0) for name in _VIEW_ROWS}
        return Views(
            me=rows,
            step=self.steps,
            ids=self.ids,
            disposition=[s.disposition for s in states],
            capability=arrays["capability"],
            catalogue=self.catalogue,
            rng=[s.decision_rng for s in states],
            **part,
        )

    def _view_arrays(self) -> dict[str, np.ndarray]:
        """What every state sees at the start of the step, one row per state:
        read-only views of the model's arrays (rows of them stay read-only)."""
        arrays = {name: _read_only(getattr(self, a).view()) for name, a in _VIEW_ARRAYS.items()}
        arrays["budget"] = self.budget_left(self.steps, self.dues, self._attending)
        arrays["partners"] = self._static_partners | (self.hostility > 0)
        return arrays

    def decide_all(self) -> Plan:
        """Every state's plan for this step, one row per state: the states that
        play a strategy class decide together, in one call."""
        groups: dict[type, list[int]] = defaultdict(list)
        for state in self.states_by_index:
            groups[type(state.strategy)].append(state.index)
        arrays = self._view_arrays()
        width, parts = 0, []
        for cls, rows in groups.items():
            players = [self.states_by_index[r].strategy for r in rows]
            plan = cls.decide_all(players, self.views(np.array(rows), arrays))
            parts.append((rows, plan))
            width = max(width, plan.kinds.shape[1])
        kinds = np.full((self.n, width), -1)
        targets = np.full((self.n, width), -1)
        for rows, plan in parts:
            kinds[rows, : plan.kinds.shape[1]] = plan.kinds
            targets[rows, : plan.targets.shape[1]] = plan.targets
        return Plan(kinds, targets)

    def carry_out(self, plan: Plan) -> None:
        """Spend every state's budget on its plan: the one allocator.

        Each state goes down its plan in order and stops at the first
        engagement it cannot afford, or when its establishment's capacity is
        used up. Left out first: repeats of a (kind, partner) in one step, and
        cooperative acts other than crisis channels with a state it is
        fighting (use of force or war). Because a state only ever takes a
        longer or shorter head of its own list, more budget never means less
        engagement with any partner: the allocator is monotone.
        """
        kinds, targets = plan
        self._check(kinds, targets)
        valid = kinds >= 0
        kind, target = np.maximum(kinds, 0), np.where(valid, targets, 0)
        rows = np.arange(self.n)[:, None]
        fighting = self.hostility[rows, target] >= escalation.FORCE
        valid &= ~(fighting & self._kinds["peacetime"][kind])
        valid &= ~_repeats((rows * self.n + target) * len(KIND_CODE) + kind, valid)
        cost = np.where(valid, self._kinds["cost"][kind], 0.0)
        left = self.budget_left(self.steps, self.dues, self._attending)
        affordable = cost.cumsum(axis=1) <= left[:, None] + 1e-9
        within = valid.cumsum(axis=1) <= self.capacities[:, None]
        done = valid & affordable & within
        self._allocated = Plan(np.where(done, kinds, -1), np.where(done, targets, -1))
        self.spent = self.dues + np.where(done, cost, 0.0).sum(axis=1)

    def _check(self, kinds: np.ndarray, targets: np.ndarray) -> None:
        """Refuse an engagement a (custom) strategy cannot ask for."""
        wanted = kinds != -1
        bad_kind = wanted & ((kinds < 0) | ~self._kinds["bilateral"][np.maximum(kinds, 0)])
        bad_target = wanted & ((targets < 0) | (targets >= self.n))
        bad_target |= wanted & (targets == np.arange(self.n)[:, None])
        if bad_kind.any() or bad_target.any():
            r, c = np.argwhere(bad_kind | bad_target)[0]
            state = self.states_by_index[r]
            asked = state.strategy.name
            if bad_kind[r, c]:
                kind = ACTION_KINDS[kinds[r, c]] if kinds[r, c] >= 0 else kinds[r, c]
                raise ValueError(
                    f"strategy {asked!r} of {state.sid} asked for {kind!r}, which is not "
                    f"an action a strategy can choose (forum meetings are not)"
                )
            raise ValueError(
                f"strategy {asked!r} of {state.sid} targeted "
                f"{int(targets[r, c])!r}, not another state's index"
            )

    def _ledger(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every engagement of the step as arrays (actor, target, kind index),
        in a fixed order: states by index, each in its plan's order, then
        forums (members that are fighting each other do not meet)."""
        kinds, targets = self._allocated
        done = kinds >= 0
        actor = np.nonzero(done)[0]
        target, kind = targets[done], kinds[done]
        self.step_spent = float(self.spent.sum())
        forum_kind = KIND_CODE["regional_forum"]
        extra_a, extra_t = [], []
        for _, members in self._attending:
            a, b = np.meshgrid(members, members, indexing="ij")
            keep = (a != b) & (self.hostility[a, b] < escalation.FORCE)
            extra_a.append(a[keep])
            extra_t.append(b[keep])
        if extra_a:
            forum_a, forum_t = np.concatenate(extra_a), np.concatenate(extra_t)
            actor = np.concatenate([actor, forum_a])
            target = np.concatenate([target, forum_t])
            kind = np.concatenate([kind, np.full(len(forum_a), forum_kind)])
        counts = np.bincount(kind[kind != forum_kind], minlength=len(ACTION_KINDS))
        for k, c in zip(ACTION_KINDS, counts.tolist(), strict=True):
            if k != "regional_forum":
                self.step_actions[k] = c
        return actor.astype(int), target.astype(int), kind.astype(int)

    def apply_engagements(self, actor: np.ndarray, target: np.ndarray, kind: np.ndarray) -> None:
        """Update evidence, memory, ties, channels and force from the step's engagements.

        The target reads each act as evidence of the actor's intent, weighted
        by the act's log-likelihood ratio; a friendly act may be misread as
        hostile, more often in a crisis and less with ties and CSBMs. Coercing
        a partner turns part of the good record it built into distrust
        (betrayal); announced initiatives are kept or broken. Onlookers see
        what is relevant to them (reputation). All vectorised.
        """
        p, k = self.params, self._kinds
        # Each act's clarity (ties, CSBMs) as it was before this step's decay.
        ties, channels = self.ties[actor, target], self.channels[actor, target]
        clarity = p.tie_clarity * trust.combine(ties, channels)
        self._decay()
        self.received = np.zeros((self.n, self.n), dtype=np.int8)
        self.coerced = np.zeros((self.n, self.n), dtype=bool)
        self.misread = 0
        coop = k["valence"][kind] > 0
        if len(actor):
            stress = trust.crisis_stress(self.hostility[actor, target], p.crisis_stress)
            # An act that says nothing about intent (an announcement) cannot be misread.
            says = coop & (k["evidence"][kind] > 0)
            misread = self.rng.random(len(actor)) < says * trust.misreading_probability(
                p.perception_noise,
                k["credibility"][kind],
                self.trust[target, actor],
                clarity,
                stress,
            )
            self.misread = int(misread.sum())
            friendly = coop & ~misread
            weight = p.evidence_per_action * np.abs(k["evidence"][kind])
            np.add.at(self.evidence_pos, (target, actor), weight * friendly)
            np.add.at(self.evidence_neg, (target, actor), p.negativity_weight * weight * ~friendly)
            self._remember(actor, target, friendly)
            self._spread_reputation(actor, target, kind, weight, coop, Acts(actor, target, self.n))
            self._grow(self.ties, actor, target, k["ties"][kind])
            self._grow(self.channels, actor, target, k["channel"][kind])
            force = ~coop
            np.add.at(self.force, (target[force], actor[force]), k["credibility"][kind[force]])
            self.coerced[target[force], actor[force]] = True
            trust.betray(self.evidence_pos, self.evidence_neg, self.coerced, p.betrayal)
        self._keep_or_break_announcements(actor, target, kind, coop)
        self._update_trust()

    def _keep_or_break_announcements(
        self, actor: np.ndarray, target: np.ndarray, kind: np.ndarray, coop: np.ndarray
    ) -> None:
        """Osgood's GRIT: a state that announced an initiative to a partner and
        carries out a conciliatory act towards it this step earns evidence of
        integrity with it; one that coerces the partner, or lets a step pass
        with nothing, reneges, and that counts as a betrayal (Osgood 1962;
        Lindskold 1978)."""
        p, announce = self.params, kind == KIND_CODE["announcement"]
        i, j = np.divmod(np.flatnonzero(self.announced), self.n)  # i announced to j
        if i.size:
            # Only a bilateral conciliatory act carries out an initiative (a forum does not).
            step = coop & ~announce & self._kinds["bilateral"][kind]
            conciliatory = np.zeros((self.n, self.n), dtype=bool)
            conciliatory[actor[step], target[step]] = True
            kept = conciliatory[i, j] & ~self.coerced[j, i]
            self.evidence_pos[j[kept], i[kept]] += p.integrity_weight
            broken = np.zeros((self.n, self.n), dtype=bool)
            broken[j[~kept], i[~kept]] = True
            trust.betray(self.evidence_pos, self.evidence_neg, broken, p.betrayal)
            self.announced[i, j] = np.where(kept, self.announced[i, j] - 1, 0)
        self.announced[actor[announce], target[announce]] = int(p.announcement_steps)

    def _decay(self) -> None:
        p = self.params
        trust.forget(self.evidence_pos, p.forgetting)
        trust.forget(self.evidence_neg, p.forgetting)
        # Open disputes breed distrust every step they last (Diehl & Goertz 2000).
        if self.pair_hostility.any():  # (adding nothing costs a pass over every pair)
            self.evidence_neg += p.hostility_distrust * self.hostility
        self.ties *= 1.0 - p.tie_decay
        self.channels *= 1.0 - p.csbm_decay
        self.force *= 1.0 - p.force_memory

    def _remember(self, actor: np.ndarray, target: np.ndarray, friendly: np.ndarray) -> None:
        """``received[target, actor]``: -1 if any act was perceived as hostile, else +1."""
        self.received[target, actor] = 1
        self.received[target[~friendly], actor[~friendly]] = -1

    def _spread_reputation(
        self,
        actor: np.ndarray,
        target: np.ndarray,
        kind: np.ndarray,
        weight: np.ndarray,
        coop: np.ndarray,
        acts: Acts,
    ) -> None:
        """Onlookers update their trust in the actor by what they saw (Josang,
        Ismail & Boyd 2007, reputation systems).

        Onlooker c sees an act of a towards b with the chance that it watches
        either side, ``1 - (1 - audience[c, a]) (1 - audience[c, b])``
        (``audience``: 1 for relevant states, allies and forum partners), times
        the act's visibility. A friendly act counts the same for every onlooker
        that sees it. A coercive act is judged by the onlooker's trust in the
        victim (Heider 1946, balance: the enemy of my friend) and counts up to
        twice as much when it breaks a pattern the actor had built with the
        victim (betrayal). An ambiguous act (an exercise) is no friendly act to
        an onlooker wary of the actor and not allied with it, but a threat in
        proportion to its ambiguity and that wariness (Jervis 1978, the
        security dilemma: what reassures an ally alarms the rival left out).

        The sums over acts are products with a sparse actor x target matrix
        of weights (``acts``, :mod:`ddsim.core.acts`), so the cost grows with
        the number of acts, not its square.
        """
        p, k = self.params, self._kinds
        shown = p.reputation_weight * k["visibility"][kind] * weight
        good = shown * coop
        ambiguous = good * (k["ambiguity"][kind] > 0)
        cols = acts.actors
        self.evidence_pos[:, cols] += self._seen(acts, good - ambiguous).T
        if ambiguous.any():
            # A wary outsider sees no friendliness in an exercise, only a threat.
            wary = escalation.distrust(self.trust[:, cols], p.threat_threshold)
            wary *= ~self.allies[:, cols]
            self.evidence_pos[:, cols] += (wary == 0) * self._seen(acts, ambiguous).T
            threat = self._seen(acts, ambiguous * k["ambiguity"][kind]).T
            self.evidence_neg[:, cols] += p.negativity_weight * wary * threat
        if not coop.all():
            r, s = self.evidence_pos[target, actor], self.evidence_neg[target, actor]
            bad = p.negativity_weight * shown * ~coop * (1.0 + r / (r + s + p.prior_weight))
            self.evidence_neg[:, cols] += self._seen(acts, bad, by=self.trust).T

    def _seen(self, acts: Acts, weight: np.ndarray, by: np.ndarray | None = None) -> np.ndarray:
        """``out[k, c]``: the weight of the acts of ``acts.actors[k]`` that
        onlooker c saw, summed over the acts; with ``by``, each act towards b
        also times ``by[c, b]``. The actor and the target are not onlookers of
        their own act. (A state that did nothing shows nothing: its row would
        be 0, so only the actors' rows are made.)"""
        b, k = acts.target, acts.row
        watch = self._audience_t[acts.actors]  # watch[k, c]: how much c watches actor k
        sums = acts.sums(weight)
        # sum_b W[a, b] (w_ca + w_cb - w_ca w_cb) judged_cb, with w the audience
        if by is None:  # judged = 1: each onlooker sees the actor's row sum
            either = acts.row_sums(sums)[:, None] * watch
            either += acts.product(sums, self._audience_t) * (1.0 - watch)
        else:
            either = acts.product(sums, by.T) * watch
            either += acts.product(sums, self._audience_t * by.T) * (1.0 - watch)
        # The target's own view, taken out again (only where there were acts).
        target_view = sums * watch[k, b]
        if by is not None:
            target_view *= by[b, b]
        either[k, b] -= target_view
        either[np.arange(len(acts.actors)), acts.actors] = 0.0  # nobody watches itself
        return either

    def _grow(
        self, level: np.ndarray, actor: np.ndarray, target: np.ndarray, values: np.ndarray
    ) -> None:
        """``trust.grow`` of a symmetric share (ties, channels), in place, by
        ``values`` summed over the acts of either side of a pair. Only the
        pairs with acts are computed: elsewhere the change is 0, which leaves
        the share as it is."""
        change = np.zeros((self.n, self.n))
        np.add.at(change, (actor, target), values)
        rows, cols = np.concatenate([actor, target]), np.concatenate([target, actor])
        level[rows, cols] = trust.grow(level[rows, cols], change[rows, cols] + change[cols, rows])

    def _update_trust(self) -> None:
        expected = trust.expected_trust(
            self.evidence_pos, self.evidence_neg, self.base_rate, self.params.prior_weight
        )
        # Onlookers' evidence is added and taken back in floating point, so it can end
        # a rounding error (1e-19) below zero: keep trust a probability.
        self.trust = expected.clip(0.0, 1.0)
        np.fill_diagonal(self.trust, 1.0)

    def escalate(self) -> None:
        """Disputes end, new ones start and reach their highest level, wars go on.

        See :mod:`ddsim.core.escalation`: a dispute short of war ends with a
        constant hazard (raised by crisis channels), a war by exhaustion, and
        both go back to level 0; a pair at peace may start a dispute with a
        hazard that grows with the stronger side's drive and the memory of
        past disputes, or by a random incident.
        """
        p = self.params
        drives = escalation.drive(
            escalation.push(
                self.trust, self.capability, self.force, self.revisionist, self.allies, p
            )
        )
        ij, ji = self._flat_ij, self._flat_ji
        drive_ij, drive_ji = drives.take(ij), drives.take(ji)
        level = self.pair_hostility
        draws = self.rng.random((2, len(ij)))
        chance, incident = escalation.onset_chance(
            np.maximum(drive_ij, drive_ji), self._pair_relevance, self.dispute_memory, p
        )
        starts = (level == 0) & (draws[1] < chance)
        self.step_incidents += np.count_nonzero(starts & (draws[1] < incident))
        new = np.flatnonzero(starts)
        moved = level.copy()
        months = np.zeros_like(self.months_at_war)
        going = np.flatnonzero(level)  # the pairs in a dispute: few, so only these are looked at
        if going.size:
            at_war = level[going] == escalation.WAR
            war_over = escalation.war_ends(
                self.months_at_war[going], p.war_exhaustion, draws[0][going]
            )
            # A dispute lasts at least the step it began in (an incident of this step too).
            lasting = self._start_hostility[going] > 0
            ending = lasting & (draws[0][going] < escalation.end_chance(self._clarity(going), p))
            ends = np.where(at_war, war_over, ending)
            moved[going[ends]] = 0
            still = going[at_war & ~ends]
            months[still] = self.months_at_war[still] + 1
        self.reciprocated = np.zeros(len(level), dtype=bool)
        if new.size:
            moved[new], self.reciprocated[new] = self._start_disputes(
                new, drive_ij[new], drive_ji[new], self._clarity(new)
            )
            months[new[moved[new] == escalation.WAR]] = 1
        self.months_at_war = months
        self._set_pair_hostility(moved)
        begun = (self._start_hostility == 0) & (self.pair_hostility > 0)
        self.dispute_memory = self.dispute_memory * (1.0 - p.dispute_memory_decay) + begun
        self.step_new_disputes = int(begun.sum())
        self._wear_capability()

    def _clarity(self, pairs: np.ndarray) -> np.ndarray:
        """What ties and crisis channels make clear between the ``pairs`` (in
        ``pairs`` order)."""
        ij = self._flat_ij[pairs]
        return trust.combine(self.ties.take(ij), self.channels.take(ij))

    def _start_disputes(
        self, new: np.ndarray, drive_ij: np.ndarray, drive_ji: np.ndarray, clarity: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The highest level of the disputes starting in the pairs ``new`` (in
        ``pairs`` order), and whether each was reciprocated. The more driven
        side starts it; the target may reciprocate. A use of force is
        remembered as force received, and costs its initiator reputation: with
        the states that watch the pair (``audience``) for a use of force, with
        every state for a war."""
        p = self.params
        i, j = self.pairs[0][new], self.pairs[1][new]
        i_starts = drive_ij >= drive_ji
        initiator, target = np.where(i_starts, i, j), np.where(i_starts, j, i)
        u = self.rng.random((3, new.size))
        target_drive = np.where(i_starts, drive_ji, drive_ij)
        reciprocated = u[0] < escalation.reciprocation_chance(target_drive, p)
        drive = np.maximum(drive_ij, drive_ji)
        level = escalation.highest_level(drive, reciprocated, clarity, u[1], u[2], p)
        force = level >= escalation.FORCE
        np.add.at(self.force, (target[force], initiator[force]), 1.0)
        answered = force & reciprocated
        np.add.at(self.force, (initiator[answered], target[answered]), 1.0)
        if force.any():
            war = level[force] == escalation.WAR
            blamed = initiator[force]
            watch_a, watch_b = self.audience[:, blamed], self.audience[:, target[force]]
            seen = np.where(war, 1.0, trust.combine(watch_a, watch_b))  # watches either side
            # Blame in the columns of the initiators only (the rest add nothing).
            columns, which = np.unique(blamed, return_inverse=True)
            blame = np.zeros((columns.size, self.n))
            np.add.at(blame, which, (p.aggression_reputation * seen).T)
            blame[np.arange(columns.size), columns] = 0.0  # nobody blames itself
            self.evidence_neg[:, columns] += blame.T
        return level, reciprocated

    def _raise_hostility(self, i: np.ndarray, j: np.ndarray, rungs: int) -> None:
        """Push pairs up by ``rungs`` (an incident), to war at most."""
        level = np.minimum(escalation.WAR, self.hostility[i, j] + rungs).astype(np.int8)
        newly_at_war = (level == escalation.WAR) & (self.hostility[i, j] < escalation.WAR)
        self.hostility[i, j] = self.hostility[j, i] = level
        self.pair_hostility = self.hostility[self.pairs]
        # 0, not 1: escalate() counts this step (a war cannot end in the step it began)
        self.months_at_war[self._pair_index(i[newly_at_war], j[newly_at_war])] = 0

    def _wear_capability(self) -> None:
        """War wears capability down; at peace it recovers towards its base."""
        p, (i, j) = self.params, self.pairs
        at_war = self.pair_hostility == escalation.WAR
        recovered = self.capability + p.capability_recovery * (
            self.base_capability - self.capability
        )
        if not at_war.any():  # peace everywhere: every state recovers
            self.capability = recovered
            return
        wars_each = np.bincount(i[at_war], minlength=self.n) + np.bincount(
            j[at_war], minlength=self.n
        )
        worn = self.capability * (1.0 - p.war_cost) ** wars_each
        self.capability = np.where(wars_each == 0, recovered, worn)

    # ------------------------------------------------------------------
    # reading the world
    # ------------------------------------------------------------------
    def _set_pair_hostility(self, levels: np.ndarray) -> None:
        """Set the MID level of every pair (``pair_hostility``) and the matrix with it."""
        self.pair_hostility = levels
        flat = self.hostility.reshape(-1, copy=False)  # a view: raises rather than copy
        flat[self._flat_ij] = flat[self._flat_ji] = levels

    def _pair_index(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        a, b = np.minimum(i, j), np.maximum(i, j)
        n = self.n
        return a * n - a * (a + 1) // 2 + (b - a - 1)

    def partners_of(self, i: int) -> np.ndarray:
        """States relevant to state i: neighbours, allies, forum members and
        anyone in a dispute with it."""
        return self._static_partners[i] | (self.hostility[i] > 0)

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


#: The model's arrays a strategy sees (View field: model attribute).
_VIEW_ARRAYS = {
    "capability": "capability",
    "capacity": "capacities",
    "trust": "trust",
    "hostility": "hostility",
    "ties": "ties",
    "allies": "allies",
    "received": "received",
    "coerced": "coerced",
    "announced": "announced",
}
#: View fields with one row (or value) per state.
_VIEW_ROWS = (*(name for name in _VIEW_ARRAYS if name != "capability"), "budget", "partners")


def _repeats(keys: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Where ``valid``, True for a key that an earlier valid place (in row-major
    order) already holds: a stable sort puts the first of equal keys first."""
    places = np.flatnonzero(valid)
    order = keys.ravel()[places].argsort(kind="stable")
    ordered = keys.ravel()[places[order]]
    out = np.zeros(keys.size, dtype=bool)
    out[places[order[1:]]] = ordered[1:] == ordered[:-1]
    return out.reshape(keys.shape)


def _read_only(array: np.ndarray) -> np.ndarray:
    """``array``, no longer writeable (a strategy's view must not change the model)."""
    array.flags.writeable = False
    return array


def _catalogue_arrays(catalogue) -> dict[str, Any]:
    """The catalogue's columns as arrays indexed by kind code (``KIND_CODE``)."""
    actions = [catalogue[k] for k in ACTION_KINDS]
    columns = ("cost", "valence", "credibility", "evidence", "visibility", "ties", "channel")
    arrays = {
        field: np.array([getattr(a, field) for a in actions], dtype=float)
        for field in (*columns, "ambiguity")
    }
    arrays["bilateral"] = np.array([a.mode == "bilateral" for a in actions])
    # Cooperative acts that stop between states fighting each other.
    arrays["peacetime"] = np.array([a.cooperative and not a.crisis_channel for a in actions])
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
