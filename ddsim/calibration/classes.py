"""Where disputes fall: four disjoint classes of pair, read alike off the record and a scenario.

The calibration splits the pairs of states into four classes that do not
overlap and together make every pair, so that a fit can tell *where* the
disputes fall, not only how many there are:

``rivals``
    strategic rivals (Thompson & Dreyer 2012) that are a politically relevant
    pair (contiguous or with a major power);
``contiguous``
    directly contiguous pairs (COW Direct Contiguity, classes 1-5: land or up
    to 400 miles of water; Stinnett et al. 2002) that are not rivals;
``major``
    pairs with a COW major power that are neither contiguous nor rivals;
``other``
    pairs neither contiguous nor with a major power (a rivalry between such
    a pair, rare, counts here, as the record's rival years keep only
    relevant pairs).

The first three make up the politically relevant pairs (Weede 1976; Lemke &
Reed 2001), so their onsets and dyad-years add up to those of
``mid_onset_rate_relevant``.

**The record** (:func:`class_onsets`): the dyadic MID onsets and the
dyad-years of each class, year by year: a pair is a rival in the years its
rivalry was open (a rivalry the data end in their last year, 2010, is taken
as open to the period's end, as ``world_2014`` takes it), contiguous in the
years its contiguity was in force, with a major in the years a side was one.

**A scenario** (:func:`pair_classes`): the same classes read off the scenario
the model runs (its variant applied): a state's ``major`` flag, the
``contiguity`` list, and as rivals the relations that start below the default
trust (:func:`rival_pairs`; ``world_2014`` starts its 42 open strategic
rivalries at 0.25 against 0.5). A scenario without a ``contiguity`` list
(its relevant pairs are those in the same region) has no contiguous or major
class, and a scenario without rivals no rival class: those classes are not
measured on it. ``world_2014`` is written from the same tables
(:mod:`ddsim.calibration.world_2014`) for the year 2014, so its classes are
the record's classes of 2014.

The module also holds the checks of where disputes and wars fall that came
before the classes (:func:`rivalry_onsets`, :func:`war_benchmark`,
:func:`rivalry_checks`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ddsim.calibration.data import load_table
from ddsim.calibration.intervals import poisson_rate
from ddsim.calibration.record import Record, contiguous_years, in_pairs, load_record, rival_years
from ddsim.calibration.targets_file import PERIODS, Target, make_target

if TYPE_CHECKING:  # for the annotations only
    from ddsim.core.replica import Replication

#: The classes of pair, in words (``mid_onset_rate_<class>`` is each one's target).
CLASSES = {
    "rivals": "strategic rivals (Thompson & Dreyer 2012) that are a politically relevant pair",
    "contiguous": "directly contiguous pairs (land or up to 400 miles of water) that are not "
    "strategic rivals",
    "major": "pairs with a major power that are neither contiguous nor strategic rivals",
    "other": "pairs neither contiguous nor with a major power",
}
#: The classes that make up the politically relevant pairs.
RELEVANT_CLASSES = ("rivals", "contiguous", "major")


def class_onsets(
    period: str, record: Record | None = None, folder: str | Path | None = None
) -> dict[str, tuple[int, float]]:
    """Per class of :data:`CLASSES`: (MID onsets, dyad-years) of ``period``.

    Args:
        period: a key of :data:`PERIODS`.
        record: :func:`load_record` of ``folder`` (read if not given), with
            the default contiguity classes.
        folder: the data folder (default: the packaged tables).
    """
    first, last = PERIODS[period]
    record = record or load_record(folder)
    rivals = rival_years(first, last, folder)
    rivals_touch = in_pairs(rivals, contiguous_years(load_table("contiguity", folder)))
    o = record.onsets[record.onsets["year"].between(first, last)]
    relevant, touching = o["relevant"].to_numpy(), o["contiguous"].to_numpy()
    rival = in_pairs(o, rivals) & relevant  # (rival years are relevant pairs already)
    at_risk = record.counts.loc[first:last].sum()
    return {
        "rivals": (int(rival.sum()), float(len(rivals))),
        "contiguous": (
            int((touching & ~rival).sum()),
            float(at_risk["contiguous"] - rivals_touch.sum()),
        ),
        "major": (
            int((relevant & ~touching & ~rival).sum()),
            float(at_risk["relevant"] - at_risk["contiguous"] - (~rivals_touch).sum()),
        ),
        "other": (int((~relevant).sum()), float(at_risk["other"])),
    }


def class_targets(period: str, record: Record, folder: str | Path | None = None) -> list[Target]:
    """``mid_onset_rate_rivals``, ``_contiguous`` and ``_major`` of ``period``
    (``_other`` is made with the totals, by ``targets.period_targets``); a
    class without dyad-years in the record is left out."""
    counts = class_onsets(period, record, folder)
    out = []
    for name in RELEVANT_CLASSES:
        k, years = counts[name]
        if years > 0:
            out.append(
                make_target(
                    f"mid_onset_rate_{name}",
                    period,
                    poisson_rate(k, years),
                    "onsets per dyad-year",
                    f"dyadic MID onsets per non-directed dyad-year, {CLASSES[name]}; exact "
                    "Poisson interval",
                    k,
                    years,
                )
            )
    return out


def rivalry_onsets(
    period: str,
    record: Record | None = None,
    folder: str | Path | None = None,
    wars: bool = False,
) -> tuple[int, float, int, float]:
    """MID onsets between strategic rivals and between the other politically
    relevant pairs of ``period``, each with its dyad-years: (rival onsets,
    rival dyad-years, other onsets, other dyad-years); with ``wars``, only
    the onsets in which both sides reached war."""
    first, last = PERIODS[period]
    record = record or load_record(folder)
    rivals = rival_years(first, last, folder)
    onsets = record.onsets[record.onsets["year"].between(first, last) & record.onsets["relevant"]]
    if wars:
        onsets = onsets[onsets["war"]]
    between = in_pairs(onsets, rivals)
    at_risk = float(record.counts.loc[first:last, "relevant"].sum())
    n = int(between.sum())
    return n, float(len(rivals)), len(onsets) - n, at_risk - len(rivals)


#: The kinds of pair a scenario can name as its ``record:`` (the benchmark its
#: comparison is held against), as the report words them.
RECORD_KINDS = {
    "strategic_rivals": "pairs of strategic rivals (Thompson & Dreyer 2012)",
    "relevant_pairs": "politically relevant pairs that were not rivals",
}


def war_benchmark(
    kind: str, period: str = "1946-2014", folder: str | Path | None = None
) -> dict[str, Any]:
    """How often a pair of ``kind`` (:data:`RECORD_KINDS`) went to war in the
    record of ``period``: its war onsets (dyadic MIDs in which both sides
    reached war) per dyad-year, with the exact Poisson 95% interval, and the
    chance of a war within a decade, ``1 - exp(-10 x rate)`` (and its
    interval), for a report to hold a scenario's war probabilities against."""
    rival_wars, rival_at_risk, other_wars, other_at_risk = rivalry_onsets(
        period, folder=folder, wars=True
    )
    wars, at_risk = (
        (rival_wars, rival_at_risk) if kind == "strategic_rivals" else (other_wars, other_at_risk)
    )
    rate, low, high = poisson_rate(wars, at_risk)
    per_decade = [1.0 - math.exp(-10.0 * r) for r in (rate, low, high)]
    return {
        "kind": kind,
        "label": RECORD_KINDS[kind],
        "period": period,
        "wars": wars,
        "dyad_years": at_risk,
        "per_decade": per_decade[0],
        "per_decade_low": per_decade[1],
        "per_decade_high": per_decade[2],
        "source": "Correlates of War, dyadic MID 5.0; Thompson & Dreyer (2012), strategic "
        "rivalries (docs/calibration.md)",
    }


def rivalry_checks(period: str, record: Record, folder: str | Path | None) -> list[Target]:
    """Cross-checks of ``period``: MID onsets of the relevant pairs that were
    not rivals, and war onsets of rivals and of the other relevant pairs,
    per dyad-year (the rivals' MID onsets are the target
    ``mid_onset_rate_rivals``); pairs without dyad-years are left out."""
    out = []
    for kind, wars in (("mid", False), ("war", True)):
        rivals, rival_years_, others, other_years = rivalry_onsets(period, record, folder, wars)
        what = "war onsets (both sides reached war)" if wars else "MID onsets"
        rows = [
            ("rivals", rivals, rival_years_, "strategic rivals (Thompson & Dreyer 2012)"),
            ("not_rivals", others, other_years, "politically relevant pairs that were not rivals"),
        ]
        for suffix, k, exposure, pairs in rows[1:] if kind == "mid" else rows:
            if exposure <= 0:  # no such pairs in the period
                continue
            out.append(
                make_target(
                    f"{kind}_onset_rate_{suffix}",
                    period,
                    poisson_rate(k, exposure),
                    "onsets per dyad-year",
                    f"dyadic {what} per non-directed dyad-year of {pairs}; exact Poisson interval",
                    k,
                    exposure,
                )
            )
    return out


# --- the same classes, read off a scenario ------------------------------------------------------
def rival_pairs(model: Replication) -> np.ndarray:
    """For every pair (in ``model.pairs`` order): does the scenario start it
    as rivals, below the default trust? (``world_2014``'s strategic
    rivalries start at 0.25 against 0.5.)"""
    relations = model.spec.relations
    index = {state_id: k for k, state_id in enumerate(model.ids)}
    rival = np.zeros((model.n, model.n), dtype=bool)
    for pair in relations.pairs:
        if pair.trust is not None and pair.trust < relations.defaults.trust:
            i, j = (index[state_id] for state_id in pair.between)
            rival[i, j] = rival[j, i] = True
    return rival[model.pairs]


def pair_classes(model: Replication) -> dict[str, np.ndarray]:
    """Every pair's class (:data:`CLASSES`), in ``model.pairs`` order, read off
    the scenario the model runs: a state's ``major`` flag, the ``contiguity``
    list and the rivals of :func:`rival_pairs`. Without a ``contiguity`` list
    the contiguous and major classes are empty (not measured); ``other`` is
    then every pair that is not relevant (in another region)."""
    spec = model.spec
    i, j = model.pairs
    relevant = model.relevance[model.pairs] >= 1.0
    rivals = rival_pairs(model) & relevant
    touching = np.zeros(i.size, dtype=bool)
    with_major = np.zeros(i.size, dtype=bool)
    if spec.contiguity is not None:
        index = {state_id: k for k, state_id in enumerate(model.ids)}
        matrix = np.zeros((model.n, model.n), dtype=bool)
        for a, b in spec.contiguity:
            matrix[index[a], index[b]] = matrix[index[b], index[a]] = True
        touching = matrix[i, j]
        major = np.array([s.major for s in spec.states])
        with_major = major[i] | major[j]
    return {
        "rivals": rivals,
        "contiguous": touching & ~rivals,
        "major": with_major & ~touching & ~rivals,
        "other": ~relevant,
    }


__all__ = [
    "CLASSES",
    "RECORD_KINDS",
    "RELEVANT_CLASSES",
    "class_onsets",
    "class_targets",
    "pair_classes",
    "rival_pairs",
    "rivalry_checks",
    "rivalry_onsets",
    "war_benchmark",
]
