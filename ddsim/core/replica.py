"""One replication of a batch, read as a model is read.

What an experiment reads off a run (``model.trust``, ``model.hostility``,
``model.step_actions``, ``model.dispute_log.records()``, ``model.trust_graph``)
is replication r of a :class:`ddsim.core.batch.Batch`: :class:`Replication`
gives those names to any replication, and :class:`ddsim.core.model.DiplomacyModel`
(a batch of one) is replication 0 of its own batch. The arrays are views into
the batch: read them, or change them in place to change that run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np

from ddsim.core import trust
from ddsim.core.actions import ACTION_KINDS

if TYPE_CHECKING:
    from ddsim.core.batch import Batch

#: The batch's arrays a replication shows as its own (its row, as a view).
BATCH_ARRAYS = (
    "trust",
    "hostility",
    "pair_hostility",
    "evidence_pos",
    "evidence_neg",
    "ties",
    "channels",
    "force",
    "courted",
    "received",
    "coerced",
    "announced",
    "capability",
    "dispute_memory",
    "contention",
    "months_at_war",
    "reciprocated",
    "spent",
    "misread",
    "step_spent",
    "step_new_disputes",
    "step_incidents",
)
#: The world's structure every replication shares (unchanged by a step).
WORLD_FIELDS = (
    "ids",
    "n",
    "pairs",
    "relevance",
    "audience",
    "allies",
    "budgets",
    "capacities",
    "catalogue",
    "off_diagonal",
    "off_diagonal_index",
    "rival_pairs",
    "revisionist",
    "base_capability",
    "base_rate",
)


class Replication:
    """Replication ``rep`` of ``batch``, with a model's names for what it holds."""

    batch: Batch
    rep: int

    @property
    def spec(self) -> Any:
        """The scenario being run (variant applied)."""
        return self.batch.spec

    @property
    def params(self) -> Any:
        """Parameter values in force."""
        return self.batch.params

    @property
    def dispute_log(self) -> DisputeRecords:
        """Every dispute of this run as the MID data would record it (``records()``)."""
        return DisputeRecords(self.batch, self.rep)

    @property
    def step_actions(self) -> dict[str, int]:
        """Engagements of each kind carried out this step."""
        return dict(zip(ACTION_KINDS, self.batch.step_actions[self.rep].tolist(), strict=True))

    @property
    def latest(self) -> dict[str, Any]:
        """The time series' row of the last step (step 0 before the first)."""
        last = self.batch.series.rows[-1]
        return {name: values[self.rep].item() for name, values in last.items()}

    @property
    def trust_graph(self) -> nx.DiGraph:
        """A fresh networkx snapshot of the trust network, consistent with the arrays.

        Nodes are state ids (attributes ``name``, ``capability``, ``disposition``,
        ``region``, ``strategy``); every ordered pair is an edge with ``trust``
        (of the source in the target), ``ties`` and ``hostility``.
        """
        states = self.spec.states
        nodes = {
            "name": [s.name or s.id for s in states],
            "capability": self.capability.tolist(),
            "disposition": [s.disposition for s in states],
            "region": [s.region or "" for s in states],
            "strategy": [p.name for p in self.batch.players[self.rep]],
        }
        return trust.trust_digraph(self.ids, self.trust, self.ties, self.hostility, nodes)

    def global_reputation(self) -> dict[str, float]:
        """EigenTrust global reputation of every state (sums to 1)."""
        return dict(zip(self.ids, trust.global_reputation(self.trust).tolist(), strict=True))

    def partners_of(self, i: int) -> np.ndarray:
        """States relevant to state i: neighbours, allies, forum members and
        anyone in a dispute with it."""
        return self.batch.world.static_partners[i] | (self.hostility[i] > 0)


class Replica(Replication):
    """Replication ``rep`` of a running batch (what an experiment's measure reads)."""

    def __init__(self, batch: Batch, rep: int) -> None:
        self.batch, self.rep = batch, rep


class DisputeRecords:
    """The dispute log of one replication of a batch."""

    def __init__(self, batch: Batch, rep: int) -> None:
        self.batch, self.rep = batch, rep

    def records(self) -> dict[str, np.ndarray]:
        """Every dispute so far (:meth:`ddsim.core.disputes.DisputeLog.records`)."""
        return self.batch.dispute_log.records(self.rep)


def _own_row(name: str) -> property:
    def get(self: Replication) -> Any:
        value = getattr(self.batch, name)[self.rep]
        return value.item() if isinstance(value, np.generic) else value

    return property(get, doc=f"This replication's ``{name}`` (a view into the batch).")


def _of_world(name: str) -> property:
    return property(lambda self: getattr(self.batch.world, name), doc=f"The world's ``{name}``.")


for _name in BATCH_ARRAYS:
    setattr(Replication, _name, _own_row(_name))
for _name in WORLD_FIELDS:
    setattr(Replication, _name, _of_world(_name))
