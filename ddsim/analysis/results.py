"""What an experiment produced: its time series, summaries and final networks.

A plain container of tables, so that what writes and draws results
(:mod:`ddsim.outputs`) knows it without knowing the experiments that make it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from ddsim.scenarios import Scenario


@dataclass
class Results:
    """Everything an experiment produced.

    Attributes:
        timeseries: One row per variant, replication and step (DESIGN.md columns).
        summary: One row per variant and replication.
        scenario: The scenario that was run (base, variants not applied).
        graphs: The final trust network of replication 0, per variant.
    """

    timeseries: pd.DataFrame
    summary: pd.DataFrame
    scenario: Scenario
    graphs: dict[str, nx.DiGraph] = field(default_factory=dict)

    @property
    def variants(self) -> list[str]:
        return list(dict.fromkeys(self.summary["variant"]))

    def __repr__(self) -> str:
        reps = self.summary.groupby("variant", sort=False).size().to_dict()
        return f"<Results {self.scenario.name!r}: replications per variant {reps}>"


__all__ = ["Results"]
