"""The world a scenario sets up: what every replication of it shares.

States, who is relevant to whom, alliances, forums, audiences, budgets and the
action catalogue do not change within a run (a strategy or a forum's
attendance may, but not who belongs to what), so a batch of replications
keeps one :class:`World` and only the state that moves carries a replication
axis (:class:`ddsim.core.batch.Batch`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ddsim.core.actions import ACTION_KINDS, build_catalogue
from ddsim.core.parameters import Params

if TYPE_CHECKING:  # for the annotations only: the core imports nothing above it
    from ddsim.scenarios import Scenario


class World:
    """The fixed structure of a scenario (variant applied) under parameters ``params``.

    Attributes:
        ids: State ids, in array order; ``n`` of them.
        pairs: The unordered pairs ``(i, j)``, ``i < j`` (``np.triu_indices``).
        relevance: 1 for politically relevant pairs, else ``distant_relevance``.
        audience: ``audience[c, i]``, how much onlooker c watches what i does:
            1 for a relevant state, an ally or a forum partner, else
            ``distant_relevance``.
        allies: True for allied pairs.
        static_partners: Whom a state engages: relevant pairs, allies, forum members.
        budgets: Budget units per step (``ddsim.play`` may change them).
        capacities: Most engagements an establishment carries out in a step.
        kinds: The catalogue's columns as arrays by kind code.
    """

    def __init__(self, spec: Scenario, params: Params) -> None:
        self.spec, self.params = spec, params
        self.catalogue = build_catalogue(spec.actions)
        self.kinds = _catalogue_arrays(self.catalogue)
        self.ids = [s.id for s in spec.states]
        n = self.n = len(self.ids)
        self.index = {sid: k for k, sid in enumerate(self.ids)}
        self.base_capability = np.array([s.capability for s in spec.states], dtype=float)
        self.revisionist = np.array([s.disposition == "revisionist" for s in spec.states])
        #: Each state's disposition (an object array: picking rows is one call).
        self.dispositions = np.array([s.disposition for s in spec.states], dtype=object)
        relevant = _relevant_pairs(spec, self.index)
        self.relevance = np.where(relevant, 1.0, params.distant_relevance)
        self.pairs = np.triu_indices(n, k=1)
        self.pair_relevance = self.relevance[self.pairs]
        self.off_diagonal = ~np.eye(n, dtype=bool)
        #: ``off_diagonal`` as flat indices (``take`` is faster than a boolean mask).
        self.off_diagonal_index = np.flatnonzero(self.off_diagonal)
        # The pairs as flat indices, both ways (``take`` and ``put`` are cheaper
        # than indexing with two arrays).
        self.flat_ij = self.pairs[0] * n + self.pairs[1]
        self.flat_ji = self.pairs[1] * n + self.pairs[0]
        self._relations(spec)
        self._groups(spec, relevant)
        self.budgets = np.array([s.budget for s in spec.states], dtype=float)
        self.capacities = np.array([s.capacity for s in spec.states], dtype=int)

    def _relations(self, spec: Scenario) -> None:
        """Starting trust (the base rate) and MID levels, from the scenario."""
        defaults, n = spec.relations.defaults, self.n
        self.base_rate = np.full((n, n), defaults.trust)
        self.initial_hostility = np.full((n, n), defaults.hostility, dtype=np.int8)
        contention = np.full((n, n), defaults.contention)
        for pair in spec.relations.pairs:
            i, j = self.index[pair.between[0]], self.index[pair.between[1]]
            if pair.trust is not None:
                self.base_rate[i, j] = pair.trust
                if pair.symmetric:
                    self.base_rate[j, i] = pair.trust
            if pair.hostility is not None:
                self.initial_hostility[i, j] = self.initial_hostility[j, i] = pair.hostility
            if pair.contention is not None:
                contention[i, j] = contention[j, i] = pair.contention
        np.fill_diagonal(self.initial_hostility, 0)
        #: What each pair disputes at the start, in ``pairs`` order.
        self.pair_contention = contention[self.pairs]
        #: Pairs that started in a dispute (``rival_trust`` watches them).
        self.rival_pairs = self.initial_hostility[self.pairs] > 0

    def _groups(self, spec: Scenario, relevant: np.ndarray) -> None:
        """Alliances, forums, partners and audiences."""
        n = self.n
        self.allies = np.zeros((n, n), dtype=bool)
        self.static_partners = relevant.copy()
        for group in spec.alliances:
            members = [self.index[m] for m in group.members]
            self.allies[np.ix_(members, members)] = True
        self.forums: list[tuple[Any, np.ndarray]] = []
        for forum in spec.forums:
            members = np.array([self.index[m] for m in forum.members])
            self.forums.append((forum, members))
            self.static_partners[np.ix_(members, members)] = True
        self.static_partners |= self.allies
        np.fill_diagonal(self.allies, False)
        np.fill_diagonal(self.static_partners, False)
        self.audience = np.where(self.static_partners, 1.0, self.params.distant_relevance)
        np.fill_diagonal(self.audience, 0.0)
        #: ``audience.T`` laid out by rows, as the onlookers' sums read it.
        self.audience_t = np.ascontiguousarray(self.audience.T)

    def forum_attendance(self, step: int) -> tuple[list[float], list[tuple[Any, np.ndarray]]]:
        """The forums that meet at ``step``: the dues each state pays (in
        state order) and who attends each forum. It changes nothing, so the
        budget a state will have at a coming step can be known in advance
        (``ddsim.play`` shows it to the teams)."""
        dues = [0.0] * self.n
        cost = self.catalogue["regional_forum"].cost
        attending = []
        for forum, members in self.forums:
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
        dues: list[float] | np.ndarray | None = None,
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
            members = next(m for f, m in self.forums if f is forum)
            left[np.setdiff1d(members, present)] = 0.0
        return left

    def pair_index(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The place of the unordered pairs ``(i, j)`` in ``pairs`` order."""
        a, b = np.minimum(i, j), np.maximum(i, j)
        n = self.n
        return a * n - a * (a + 1) // 2 + (b - a - 1)


def _catalogue_arrays(catalogue: Any) -> dict[str, Any]:
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
