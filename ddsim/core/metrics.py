"""Model reporters: named functions of the model, one number each.

``timeseries`` columns come from here (see DESIGN.md section 1, Outputs).
Each is written once, for a batch of replications (one number per
replication); a model's reporters read the one number of its batch of one.
Hostility statistics are over all unordered pairs of states; trust
statistics over all ordered pairs of distinct states.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import mesa
import networkx as nx
import numba
import numpy as np
import pandas as pd

from ddsim.core import escalation
from ddsim.core.actions import ACTION_KINDS

if TYPE_CHECKING:
    from ddsim.core.batch import Batch
    from ddsim.core.model import DiplomacyModel

#: A column of the time series: one number per replication of a batch.
Column = Callable[["Batch"], np.ndarray]


def mean_trust(b: Batch) -> np.ndarray:
    """Mean trust over all ordered pairs of distinct states."""
    n = b.world.n
    # The off-diagonal cells in order: the n cells after each diagonal one but
    # the last, copied through a strided view (cheaper than take by index).
    after = b.trust.reshape(b.reps, -1)[:, 1 : 1 + (n - 1) * (n + 1)]
    trust = after.reshape(b.reps, n - 1, n + 1)[:, :, :n].reshape(b.reps, -1)
    return trust.sum(axis=1) / trust.shape[1]  # .mean() to the bit, without its overhead


def rival_trust(b: Batch) -> np.ndarray:
    """Mean trust, both ways, between pairs that started in a dispute (NaN if none did)."""
    rivals = np.flatnonzero(b.world.rival_pairs)
    if not rivals.size:
        return np.full(b.reps, np.nan)
    trust = b.trust.reshape(b.reps, -1)
    # take, not trust[:, i, j]: its rows come out laid out by column, and a sum
    # along a strided axis adds in another order than a replication alone does.
    ij, ji = (
        trust.take(b.world.flat_ij[rivals], axis=1),
        trust.take(b.world.flat_ji[rivals], axis=1),
    )
    return (ij.sum(axis=1) + ji.sum(axis=1)) / (2 * rivals.size)


def hostility(b: Batch) -> dict[str, np.ndarray]:
    """The MID columns, from one count of the pairs at each level: the mean
    and highest level, the share of pairs at each level and the pairs at war."""
    levels = b.pair_hostility
    size, top = levels.shape[1], escalation.WAR + 1
    counts = _count_levels(levels, top)
    total = (counts * np.arange(top)).sum(axis=1)  # the sum of the levels, in whole numbers
    highest = np.where(counts > 0, np.arange(top), 0).max(axis=1)
    out = {
        "mean_hostility": total / size,  # exact, as .mean() is on whole numbers
        "max_hostility": highest.astype(np.int64),
    }
    out |= {f"share_mid_{k}": counts[:, k] / size for k in range(top)}
    out["wars"] = counts[:, escalation.WAR]
    return out


@numba.njit(cache=True)
def _count_levels(levels, top):
    """``counts[r, k]``: the pairs at level k in replication r. Most pairs are
    at 0: only the others are counted one by one (a counter added to at every
    pair waits on itself), level 0 gets the rest."""
    counts = np.zeros((levels.shape[0], top), dtype=np.int64)
    for r in range(levels.shape[0]):
        for q in range(levels.shape[1]):
            if levels[r, q]:
                counts[r, levels[r, q]] += 1
        counts[r, 0] = levels.shape[1] - counts[r, 1:].sum()
    return counts


def mean_hostility(b: Batch) -> np.ndarray:
    """Mean MID level over all pairs."""
    return hostility(b)["mean_hostility"]


def max_hostility(b: Batch) -> np.ndarray:
    """Highest MID level of any pair."""
    return hostility(b)["max_hostility"]


def share_mid(b: Batch, level: int) -> np.ndarray:
    """Share of pairs at MID level ``level``."""
    return hostility(b)[f"share_mid_{level}"]


def wars(b: Batch) -> np.ndarray:
    """Number of pairs at war."""
    return hostility(b)["wars"]


def new_disputes(b: Batch) -> np.ndarray:
    """Pairs that went from no dispute to a dispute this step."""
    return b.step_new_disputes


def incidents(b: Batch) -> np.ndarray:
    """Incidents this step, random and scheduled."""
    return b.step_incidents


def actions_of_kind(b: Batch, kind: str) -> np.ndarray:
    """Engagements of ``kind`` carried out this step (a forum meeting counts
    one per member present)."""
    return b.step_actions[:, ACTION_KINDS.index(kind)]


def budget_spent(b: Batch) -> np.ndarray:
    """Budget units spent by all states this step."""
    return b.step_spent


def security_community_size(b: Batch) -> np.ndarray:
    """Members of the largest security community: the largest group of states
    at peace with each other in which every member trusts every other above
    ``community_threshold`` (Deutsch et al. 1957; a maximum clique)."""
    n = b.world.n
    out = np.full(b.reps, 1 if n else 0, dtype=np.int64)
    mutual, found = _mutual_trust(b.trust, b.hostility, float(b.params.community_threshold))
    some = np.flatnonzero(found)  # most steps: no two states trust each other that much
    if not some.size:
        return out
    mutual = mutual[some]
    if n <= _SMALL_WORLD:
        out[some] = np.maximum(out[some], _largest_clique_small(mutual))
        return out
    for r, pairs in zip(some.tolist(), mutual, strict=True):
        if pairs.any():
            graph = nx.from_numpy_array(pairs.astype(np.int8))
            graph.remove_nodes_from([v for v, d in graph.degree if d == 0])
            clique, _ = nx.max_weight_clique(graph, weight=None)
            out[r] = len(clique)
    return out


@numba.njit(cache=True)
def _mutual_trust(trust, hostility, threshold):
    """``mutual[r, i, j]``: i and j (not the same state) trust each other above
    ``threshold`` and are not in a dispute; ``found[r]``: any such pair. One
    pass along the rows: the other way round is read only for the few cells
    above the threshold."""
    reps, n = trust.shape[0], trust.shape[1]
    mutual = np.zeros(trust.shape, dtype=np.bool_)
    found = np.zeros(reps, dtype=np.bool_)
    for r in range(reps):
        for i in range(n):
            for j in range(n):
                above = trust[r, i, j] > threshold and i != j  # few cells: the rest is skipped
                if above and trust[r, j, i] > threshold and hostility[r, i, j] == 0:
                    mutual[r, i, j] = found[r] = True
    return mutual, found


#: Up to this many states, the largest clique is found by trying every group at once.
_SMALL_WORLD = 8


def _largest_clique_small(mutual: np.ndarray) -> np.ndarray:
    """The size of the largest clique of each graph ``mutual[r]`` (a symmetric
    boolean matrix without diagonal), trying all 2**n groups at once: in a
    small world this is far cheaper than networkx's search run graph by graph."""
    n = mutual.shape[-1]
    groups = (np.arange(2**n)[:, None] >> np.arange(n)) & 1 == 1  # groups[g, i]: i in g
    both = groups[:, :, None] & groups[:, None, :]
    both[:, np.arange(n), np.arange(n)] = False
    # A group is a clique when every pair in it is mutual (no pair in it is not).
    missing = both[None] & ~mutual[:, None]  # (graphs, groups, n, n)
    clique = ~missing.reshape(*missing.shape[:2], -1).any(axis=-1)
    return np.where(clique, groups.sum(axis=1), 0).max(axis=1)


def row(b: Batch) -> dict[str, np.ndarray]:
    """Every column of the time series at this step, one number per
    replication, in the order of :func:`reporters`, with the work the MID
    columns share done once."""
    out = {"mean_trust": mean_trust(b), "rival_trust": rival_trust(b)}
    out |= hostility(b)
    out |= {
        "new_disputes": new_disputes(b),
        "incidents": incidents(b),
        "security_community_size": security_community_size(b),
        "budget_spent": budget_spent(b),
    }
    out |= {f"actions_{kind}": actions_of_kind(b, kind) for kind in ACTION_KINDS}
    return out


def columns() -> dict[str, Column]:
    """Every column's own function of a batch, by column name."""
    out: dict[str, Column] = {
        "mean_trust": mean_trust,
        "rival_trust": rival_trust,
        "mean_hostility": mean_hostility,
        "max_hostility": max_hostility,
    }
    out |= {f"share_mid_{k}": partial(share_mid, level=k) for k in range(6)}
    out |= {
        "wars": wars,
        "new_disputes": new_disputes,
        "incidents": incidents,
        "security_community_size": security_community_size,
        "budget_spent": budget_spent,
    }
    out |= {f"actions_{kind}": partial(actions_of_kind, kind=kind) for kind in ACTION_KINDS}
    return out


def reporters() -> dict[str, Callable[[DiplomacyModel], Any]]:
    """The model reporters, one function of a model per column, by column
    name (a model is a batch of one: each reads its column's one number)."""
    return {name: partial(_of_model, column) for name, column in columns().items()}


def _of_model(column: Column, model: DiplomacyModel) -> Any:
    return column(model.batch)[0].item()


class BatchSeries:
    """The time series of a batch: :func:`row` after every step (step 0 too)."""

    def __init__(self) -> None:
        self.rows: list[dict[str, np.ndarray]] = []
        self._stacked: tuple[int, dict[str, np.ndarray]] = (0, {})

    def collect(self, b: Batch) -> None:
        """Add this step's row."""
        self.rows.append(row(b))

    def columns(self) -> dict[str, np.ndarray]:
        """Every column so far as one array, ``[step, replication]`` (made once
        for all the replications' tables)."""
        if self._stacked[0] != len(self.rows):
            names = self.rows[0].keys()
            self._stacked = (
                len(self.rows),
                {k: np.stack([r[k] for r in self.rows]) for k in names},
            )
        return self._stacked[1]

    def frame(self, rep: int) -> pd.DataFrame:
        """Replication ``rep``'s table, one row per step from step 0: what
        Mesa's DataCollector of :func:`reporters` gives for it alone (the same
        numbers and column types)."""
        return pd.DataFrame({name: values[:, rep] for name, values in self.columns().items()})


class Timeseries(mesa.DataCollector):
    """Mesa's DataCollector of :func:`reporters` for a model, filled from its
    batch's rows in one pass a step: called one by one (with a deep copy of
    each number) the reporters cost a small world 7% of its step."""

    def __init__(self) -> None:
        super().__init__(model_reporters=reporters())

    def collect(self, model: DiplomacyModel) -> None:
        """Add this step's row to ``model_vars`` (and the step to the record
        ``mesa.batch_run`` reads)."""
        self._collection_steps.append(model.time)
        for name, values in model.batch.series.rows[-1].items():
            self.model_vars[name].append(values[0].item())
