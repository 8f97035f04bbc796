"""Every outcome of a run, declared once.

An outcome is one number per replication, read off that replication's time
series (one row per step, the columns of :func:`ddsim.core.metrics.reporters`).
This table makes the columns of ``summary.csv`` (in its order), the outcomes
``ddsim compare``, ``ddsim sweep``, ``ddsim tournament`` and the validation
experiments report, their names in plain words, and which 95% interval each
one gets (:func:`ddsim.analysis.intervals.interval`, by ``kind``).
``ddsim list outcomes`` prints it.

Kinds (:data:`KINDS`):

- ``proportion``: yes or no in each replication; over replications, a share
  with a Wilson interval;
- ``mean``: a number in each replication; over replications, a mean with a
  Student t interval;
- ``time_to_event``: the step at which something first happened, or nothing
  if it did not by the horizon; over replications, a Kaplan-Meier median.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np

#: A run's time series: a DataFrame, or its columns as arrays by name.
Columns = Mapping[str, Any]

#: The kinds of outcome, and the interval each gets over replications.
KINDS: MappingProxyType[str, str] = MappingProxyType(
    {
        "proportion": "the share of replications, with a Wilson 95% interval (Wilson 1927)",
        "mean": "the mean, with a Student t 95% interval",
        "time_to_event": "the Kaplan-Meier median (Kaplan & Meier 1958), with the 95% "
        "interval read off the Wilson band (Brookmeyer & Crowley 1982)",
    }
)


@dataclass(frozen=True)
class OutcomeSpec:
    """One outcome of a replication.

    Attributes:
        name: Identifier: the column of ``summary.csv`` and of every table.
        label: What it is, in plain words, for tables and figures.
        unit: Unit of one replication's value, in words.
        kind: ``proportion``, ``mean`` or ``time_to_event`` (:data:`KINDS`):
            which interval it gets over replications.
        better: ``lower`` or ``higher``: which way is better for peace (a
            tournament ranks on it).
        meaning: How it is read off a run, for a reader.
        compute: The value from one replication's time series (a DataFrame
            with a ``step`` column and the model's reporter columns).
    """

    name: str
    label: str
    unit: str
    kind: str
    better: str
    meaning: str
    compute: Callable[[Columns], Any]

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"outcome {self.name}: kind {self.kind!r} not in {list(KINDS)}")
        if self.better not in ("lower", "higher"):
            raise ValueError(f"outcome {self.name}: better must be 'lower' or 'higher'")


# --------------------------------------------------------------------------
# how each is read off a run's time series (named functions, so they pickle).
# ``ts`` is a DataFrame, or the same columns as numpy arrays (what
# :func:`outcomes_of` passes: a replication's outcomes then cost microseconds).
# --------------------------------------------------------------------------
def _column(ts: Columns, name: str) -> np.ndarray:
    return np.asarray(ts[name])


def first_war_step(ts: Columns) -> int | None:
    """The first step with a war under way; None if none by the horizon."""
    at_war = _column(ts, "step")[_column(ts, "wars") > 0]
    return int(at_war[0]) if len(at_war) else None


def war_by_horizon(ts: Columns) -> bool:
    """Whether any war happened by the horizon."""
    return bool((_column(ts, "wars") > 0).any())


def peak_hostility(ts: Columns) -> int:
    """The highest MID level any pair reached."""
    return int(_column(ts, "max_hostility").max())


def mean_hostility(ts: Columns) -> float:
    """The mean MID level over pairs and steps, the starting state left out."""
    after = _column(ts, "mean_hostility")[_column(ts, "step") > 0]
    return float(after.mean()) if after.size else float("nan")


def final_mean_trust(ts: Columns) -> float:
    """Mean trust over all ordered pairs at the last step."""
    return float(_column(ts, "mean_trust")[-1])


def final_rival_trust(ts: Columns) -> float:
    """Mean trust, both ways, between pairs that started in a dispute, at the last step."""
    return float(_column(ts, "rival_trust")[-1])


def disputes(ts: Columns) -> int:
    """New militarised disputes over the run."""
    return int(_column(ts, "new_disputes").sum())


def war_steps(ts: Columns) -> int:
    """Steps with at least one war under way."""
    return int((_column(ts, "wars") > 0).sum())


def force_steps(ts: Columns) -> int:
    """Steps 1 to the horizon with at least one pair at a use of force or war
    (MID 4 or 5)."""
    return int(((_column(ts, "max_hostility") >= 4) & (_column(ts, "step") > 0)).sum())


# In the order of summary.csv's columns.
_DECLARED = [
    OutcomeSpec(
        "first_war_step",
        "time to the first war",
        "steps",
        "time_to_event",
        "higher",
        "The first step at which any pair is at war (MID level 5); empty if no war "
        "by the horizon (censored).",
        first_war_step,
    ),
    OutcomeSpec(
        "war_by_horizon",
        "probability of war by the horizon",
        "yes/no",
        "proportion",
        "lower",
        "Whether any pair reached war (MID level 5) by the horizon.",
        war_by_horizon,
    ),
    OutcomeSpec(
        "peak_hostility",
        "peak hostility (MID level)",
        "MID level (0-5)",
        "mean",
        "lower",
        "The highest MID level any pair reached during the run.",
        peak_hostility,
    ),
    OutcomeSpec(
        "mean_hostility",
        "mean hostility (MID level)",
        "MID level (0-5)",
        "mean",
        "lower",
        "The MID level averaged over pairs and over steps 1 to the horizon.",
        mean_hostility,
    ),
    OutcomeSpec(
        "final_mean_trust",
        "final mean trust",
        "trust (0-1)",
        "mean",
        "higher",
        "Trust averaged over every ordered pair of states, at the horizon.",
        final_mean_trust,
    ),
    OutcomeSpec(
        "final_rival_trust",
        "final trust between rivals",
        "trust (0-1)",
        "mean",
        "higher",
        "Trust, both ways, between the pairs that started in a dispute, at the horizon "
        "(empty if none did).",
        final_rival_trust,
    ),
    OutcomeSpec(
        "disputes",
        "new disputes",
        "disputes",
        "mean",
        "lower",
        "Militarised disputes that started during the run (a pair going from MID 0 to 1 or more).",
        disputes,
    ),
    OutcomeSpec(
        "war_steps",
        "steps at war",
        "steps",
        "mean",
        "lower",
        "Steps during which at least one pair was at war.",
        war_steps,
    ),
    OutcomeSpec(
        "force_steps",
        "steps at use of force or war",
        "steps",
        "mean",
        "lower",
        "Steps during which at least one pair was at a use of force or war (MID level 4 or 5): "
        "what deterrence is meant to prevent (a show of force is itself a display, level 3).",
        force_steps,
    ),
]

OUTCOMES: MappingProxyType[str, OutcomeSpec] = MappingProxyType({o.name: o for o in _DECLARED})


def outcomes_of(ts: Columns) -> dict[str, Any]:
    """Every declared outcome of one replication, in declaration order (read
    off its columns as numpy arrays: a frame's are taken out of it once)."""
    if hasattr(ts, "columns") and hasattr(ts, "to_numpy"):  # a DataFrame
        ts = {name: ts[name].to_numpy() for name in ts.columns}
    return {name: o.compute(ts) for name, o in OUTCOMES.items()}


__all__ = ["KINDS", "OUTCOMES", "OutcomeSpec", "outcomes_of"]
