"""One step's bilateral acts grouped by actor, for the onlookers' sums.

What onlookers see of a step (:mod:`ddsim.core.onlookers`) is summed actor by
actor over the actor's targets. :class:`Acts` orders the step's acts once by
(replication, actor, target), adds up the repeats of a pair (a state may make
several acts towards the same partner in a step) in the order they were made,
and gives, for any weights of the acts, the weight of every distinct pair.
A replication's rows hold only its own acts, so its sums do not depend on the
batch it is in.
"""

from __future__ import annotations

import numpy as np


class Acts:
    """The acts ``actor[k] -> target[k]`` of one step among ``n`` states, in
    replication ``rep[k]`` of a batch.

    Attributes:
        actor: Actor of each distinct (replication, actor, target), in row order.
        target: Its target (in increasing order within each actor's row).
        rep: Its replication.
        actors: The states that acted (per replication, in order): one row each.
        reps: The replication of each of those rows.
        row: For each pair, its actor's row.
    """

    def __init__(
        self, actor: np.ndarray, target: np.ndarray, n: int, rep: np.ndarray | None = None
    ) -> None:
        self.n = n
        actor_row = actor if rep is None else rep * n + actor
        key = actor_row * n + target
        order = key.argsort(kind="stable")  # repeats keep the order they were made in
        key = key[order]
        first = np.ones(len(key), dtype=bool)
        first[1:] = key[1:] != key[:-1]
        self._order = order
        self._starts = np.flatnonzero(first)
        actor_row, self.target = np.divmod(key[first], n)
        self.rep, self.actor = np.divmod(actor_row, n)
        # actor_row is sorted: each run of one (replication, actor) is a row.
        new_row = np.ones(len(actor_row), dtype=bool)
        new_row[1:] = actor_row[1:] != actor_row[:-1]
        self.actors, self.reps = self.actor[new_row], self.rep[new_row]
        self.row = new_row.cumsum() - 1
        #: Per repeat r (1, 2, ...): the pairs with more than r acts.
        self._repeats: list[np.ndarray] = []
        if len(self._starts) < len(key):
            sizes = np.concatenate([self._starts[1:], [len(key)]]) - self._starts
            self._repeats = [np.flatnonzero(sizes > r) for r in range(1, sizes.max())]

    def sums(self, weight: np.ndarray) -> np.ndarray:
        """The weight of every distinct pair: its acts' weights added one
        after the other, in the order the acts were made."""
        w = weight[self._order]
        total = w[self._starts]
        for r, pairs in enumerate(self._repeats, start=1):
            total[pairs] += w[self._starts[pairs] + r]
        return total

    def row_starts(self) -> np.ndarray:
        """Where each actor's row starts in the pairs, and one past the end
        (``indptr`` of a CSR matrix)."""
        return np.searchsorted(self.row, np.arange(len(self.actors) + 1))
