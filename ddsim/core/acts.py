"""One step's acts as a sparse actor x target matrix, for sums over the acts.

What onlookers see of a step (``DiplomacyModel._seen``) is a product of a
sparse matrix ``W`` (``W[a, b]``: the weight of a's acts towards b, repeats
summed) with dense matrices. It used to be built with
``scipy.sparse.csr_matrix((weight, (actor, target)))`` up to three times a
step; in a small world scipy's checks, sorting and summing cost more than the
rest of the step. :class:`Acts` orders the step's acts once, and then gives,
for any weights, the numbers scipy gave, to the last bit:

* Repeats of a pair are summed in the order scipy sums them. scipy sorts each
  actor's row by target with ``std::sort``; in libstdc++ (scipy's Linux wheels)
  a row of at most 16 entries is sorted by insertion sort, which keeps repeats
  in the order given, so a stable sort finds the same order. A longer row is
  sorted by scipy itself (``sort_indices``) to learn its order.
* A product ``W @ X`` adds the terms target by target in increasing order, as
  scipy's ``csr_matvecs`` does. A small world does it densely (the zero terms
  of absent pairs add nothing); a large one gives the summed matrix to scipy,
  without the construction it no longer needs.

``tests/test_acts.py`` checks both against ``scipy.sparse`` itself.
"""

from __future__ import annotations

import numpy as np

#: libstdc++'s std::sort leaves a range this short to insertion sort (stable).
_INSERTION_SORT_MAX = 16
#: Up to this many states a product is done densely (n**3 terms); above, by scipy.
DENSE_MAX = 32


class Acts:
    """The acts ``actor[k] -> target[k]`` of one step among ``n`` states, in
    replication ``rep[k]`` of a batch (each replication its own ``W``).

    Attributes:
        actor: Actor of each distinct (replication, actor, target), in row order.
        target: Its target (sorted within each actor's row).
        rep: Its replication.
        actors: The states that acted (per replication, in order); the rows of
            :meth:`dense`, :meth:`row_sums` and :meth:`product` (a state that
            did nothing has a row of zeros in ``W``, which is left out).
        reps: The replication of each of those rows.
        row: For each pair, its actor's place in ``actors``.
    """

    def __init__(
        self, actor: np.ndarray, target: np.ndarray, n: int, rep: np.ndarray | None = None
    ) -> None:
        self.n = n
        # One row of W per (replication, actor): a replication's rows are
        # summed exactly as they would be alone.
        actor_row = actor if rep is None else rep * n + actor
        key = actor_row * n + target
        if len(key) > _INSERTION_SORT_MAX and np.bincount(actor_row).max() > _INSERTION_SORT_MAX:
            order = _scipy_order(actor_row, target, n)
        else:
            order = key.argsort(kind="stable")
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
        after the other, as scipy adds repeats."""
        w = weight[self._order]
        total = w[self._starts]
        for r, pairs in enumerate(self._repeats, start=1):
            total[pairs] += w[self._starts[pairs] + r]
        return total

    def dense(self, sums: np.ndarray) -> np.ndarray:
        """The rows ``actors`` of ``W``, from :meth:`sums`."""
        out = np.zeros((len(self.actors), self.n))
        out[self.row, self.target] = sums
        return out

    def row_sums(self, sums: np.ndarray) -> np.ndarray:
        """``W @ ones`` (rows ``actors``): each actor's pairs added in target
        order (np.add.at adds in the order given, as scipy's ``csr_matvec`` does)."""
        out = np.zeros(len(self.actors))
        np.add.at(out, self.row, sums)
        return out

    def product(self, sums: np.ndarray, x: np.ndarray) -> np.ndarray:
        """``W @ x`` (rows ``actors``) for an n x m array ``x`` shared by the
        replications, or a stack ``x[rep]`` of one per replication, with
        scipy's order of additions."""
        if self.n <= DENSE_MAX:
            # Running sum over the targets b of W[a, b] * x[b, c].
            x = x[None, :, :] if x.ndim == 2 else x[self.reps]
            terms = self.dense(sums)[:, :, None] * x
            return terms.cumsum(axis=1)[:, -1]
        from scipy import sparse

        indptr = np.searchsorted(self.row, np.arange(len(self.actors) + 1))
        columns, width = self.target, self.n
        if x.ndim == 3:  # one block of columns per replication: its rows meet only its x
            columns, width = self.target + self.n * self.rep, x.shape[0] * self.n
            x = x.reshape(width, -1)
        shape = (len(self.actors), width)
        return sparse.csr_matrix((sums, columns, indptr), shape=shape) @ x


def _scipy_order(actor: np.ndarray, target: np.ndarray, n: int) -> np.ndarray:
    """The order scipy puts the acts in before summing repeats: grouped by
    actor (row of ``W``) in the order given, then each row sorted by scipy's
    own sort."""
    from scipy import sparse

    by_actor = np.argsort(actor, kind="stable")
    rows = int(actor.max()) + 1
    indptr = np.searchsorted(actor[by_actor], np.arange(rows + 1))
    position = np.arange(len(actor), dtype=float)  # exact: fewer than 2**53 acts
    matrix = sparse.csr_matrix((position, target[by_actor], indptr), shape=(rows, n))
    matrix.sort_indices()
    return by_actor[matrix.data.astype(np.intp)]
