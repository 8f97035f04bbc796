"""Model reporters: named functions of the model, one number each.

``timeseries`` columns come from here (see DESIGN.md section 1, Outputs).
Hostility statistics are over all unordered pairs of states; trust
statistics over all ordered pairs of distinct states.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import mesa
import networkx as nx
import numpy as np

from ddsim.core import escalation
from ddsim.core.actions import ACTION_KINDS

if TYPE_CHECKING:
    from ddsim.core.model import DiplomacyModel


def mean_trust(model: DiplomacyModel) -> float:
    """Mean trust over all ordered pairs of distinct states."""
    trust = model.trust.take(model.off_diagonal_index)  # trust[off_diagonal]
    return float(trust.sum()) / trust.size  # .mean() to the bit, without its overhead


def rival_trust(model: DiplomacyModel) -> float:
    """Mean trust, both ways, between pairs that started in a dispute (NaN if none did)."""
    rivals = np.flatnonzero(model.rival_pairs)
    if not rivals.size:
        return float("nan")
    i, j = model.pairs[0][rivals], model.pairs[1][rivals]
    return float((model.trust[i, j].sum() + model.trust[j, i].sum()) / (2 * len(i)))


def hostility(model: DiplomacyModel) -> dict[str, float]:
    """The MID columns, from one count of the pairs at each level: the mean
    and highest level, the share of pairs at each level and the pairs at war."""
    levels = model.pair_hostility
    counts = np.bincount(levels, minlength=escalation.WAR + 1).tolist()
    out: dict[str, float] = {
        "mean_hostility": int(levels.sum()) / levels.size,  # exact, as .mean() is on whole numbers
        "max_hostility": max(k for k, c in enumerate(counts) if c),
    }
    out |= {f"share_mid_{k}": c / levels.size for k, c in enumerate(counts)}
    out["wars"] = counts[escalation.WAR]
    return out


def mean_hostility(model: DiplomacyModel) -> float:
    """Mean MID level over all pairs."""
    return hostility(model)["mean_hostility"]


def max_hostility(model: DiplomacyModel) -> int:
    """Highest MID level of any pair."""
    return hostility(model)["max_hostility"]


def share_mid(model: DiplomacyModel, level: int) -> float:
    """Share of pairs at MID level ``level``."""
    return hostility(model)[f"share_mid_{level}"]


def wars(model: DiplomacyModel) -> int:
    """Number of pairs at war."""
    return hostility(model)["wars"]


def new_disputes(model: DiplomacyModel) -> int:
    """Pairs that went from no dispute to a dispute this step."""
    return model.step_new_disputes


def incidents(model: DiplomacyModel) -> int:
    """Incidents this step, random and scheduled."""
    return model.step_incidents


def actions_of_kind(model: DiplomacyModel, kind: str) -> int:
    """Engagements of ``kind`` carried out this step (a forum meeting counts
    one per member present)."""
    return int(model.step_actions[kind])


def budget_spent(model: DiplomacyModel) -> float:
    """Budget units spent by all states this step."""
    return float(model.step_spent)


def security_community_size(model: DiplomacyModel) -> int:
    """Members of the largest security community: the largest group of states
    at peace with each other in which every member trusts every other above
    ``community_threshold`` (Deutsch et al. 1957; a maximum clique)."""
    above = model.trust > model.params.community_threshold
    np.fill_diagonal(above, False)
    if not above.any():  # most steps: nobody trusts anybody that much
        return 1 if model.n else 0
    mutual = above & above.T & (model.hostility == 0)
    if not mutual.any():
        return 1 if model.n else 0
    graph = nx.from_numpy_array(mutual.astype(np.int8))
    graph.remove_nodes_from([v for v, d in graph.degree if d == 0])
    size, _ = nx.max_weight_clique(graph, weight=None)
    return len(size)


def row(model: DiplomacyModel) -> dict[str, float]:
    """Every column of the time series at this step, in the order of
    :func:`reporters`, with the work the MID columns share done once."""
    out: dict[str, float] = {"mean_trust": mean_trust(model), "rival_trust": rival_trust(model)}
    out |= hostility(model)
    out |= {
        "new_disputes": new_disputes(model),
        "incidents": incidents(model),
        "security_community_size": security_community_size(model),
        "budget_spent": budget_spent(model),
    }
    out |= {f"actions_{kind}": actions_of_kind(model, kind) for kind in ACTION_KINDS}
    return out


def reporters() -> dict[str, object]:
    """The model reporters, one function of the model per column, by column name."""
    out: dict[str, object] = {
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


class Timeseries(mesa.DataCollector):
    """Mesa's DataCollector of :func:`reporters`, filled from :func:`row` in
    one pass a step: called one by one (with a deep copy of each number) the
    reporters cost a small world 7% of its step."""

    def __init__(self) -> None:
        super().__init__(model_reporters=reporters())

    def collect(self, model: DiplomacyModel) -> None:
        """Add this step's row to ``model_vars`` (and the step to the record
        ``mesa.batch_run`` reads)."""
        self._collection_steps.append(model.time)
        for name, value in row(model).items():
            self.model_vars[name].append(value)
