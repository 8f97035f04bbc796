"""Disputes as the record counts them: episodes on the MID scale.

The model keeps every pair of states at a level of the Correlates of War MID
scale each step: a dispute starts at its highest level and goes back to 0
when it ends. The MID data count something else: *disputes*, each with an onset date,
an end date and the highest level it reached (``hostlev``; Jones, Bremer &
Singer 1996; Palmer et al. 2022, MID v5.0). :class:`DisputeLog` turns the
ladder into those records, so that the model and the record can be compared
on the same terms (issue 10's calibration targets):

* a dispute of a pair starts at the step its level leaves 0 and ends at the
  first step it is back at 0; its **highest level** is the highest it reached
  in between, and its **duration** is the number of steps it lasted;
* a dispute that was already open when the run started is *left-censored*,
  one still open at the end *right-censored* (both are flagged, because the
  record's durations and onsets are of whole disputes);
* it is a *militarized* dispute (an MID) only if it reached a threat (level 2)
  or more: level 1, a dispute without militarized action, is not one;
* it is *reciprocated* if the target answered with militarized action of its
  own (the MID data's ``recip``), as the model says when the dispute starts.

Reading the log changes nothing in the model: it is an instrument.
"""

from __future__ import annotations

import numba
import numpy as np

#: The lowest level that makes a dispute militarized (a threat to use force).
MILITARIZED = 2

#: Columns of :meth:`DisputeLog.records`, one entry per dispute.
RECORD_FIELDS = (
    "pair",
    "onset",
    "end",
    "highest",
    "left_censored",
    "right_censored",
    "reciprocated",
)


class DisputeLog:
    """Every dispute of every pair in one run (or in every replication of a
    batch), built step by step.

    Args:
        levels: The MID level of every unordered pair at the start (step 0):
            one row per replication of a batch (``levels[r, p]``), or one run's.
    """

    def __init__(self, levels: np.ndarray) -> None:
        levels = np.asarray(levels)
        #: Step each open dispute started (-1: none open; 0 for those open at the start).
        self._onset = np.where(levels > 0, 0, -1)
        self._highest = levels.astype(np.int8).copy()
        self._left = levels > 0
        self._reciprocated = np.zeros(levels.shape, dtype=bool)
        self._closed: list[tuple[np.ndarray, ...]] = []
        self.step = 0

    def update(self, levels: np.ndarray, reciprocated: np.ndarray | None = None) -> None:
        """Record one step: ``levels`` is every pair's MID level at its end;
        ``reciprocated`` (optional) whether each pair's dispute, if it started
        this step, was answered by its target."""
        self.step += 1
        levels = np.asarray(levels).reshape(-1)
        answered = levels > 0 if reciprocated is None else np.asarray(reciprocated).reshape(-1)
        state = (self._onset, self._highest, self._left, self._reciprocated)
        flat = tuple(a.reshape(-1) for a in state)  # views: updated in place
        closed = _record_step(levels, answered, reciprocated is not None, *flat, self.step)
        if closed[0].size:
            self._closed.append(closed)

    def records(self, rep: int = 0) -> dict[str, np.ndarray]:
        """Every dispute so far of replication ``rep`` (of one run: 0), closed
        ones first (in the order they ended), then those still open
        (right-censored, ``end`` = the current step)."""
        pairs = self._onset.shape[-1]
        open_now = np.flatnonzero(self._onset >= 0)
        parts = [
            *self._closed,
            (
                open_now,
                self._onset.ravel()[open_now],
                np.full(open_now.size, self.step),
                self._highest.ravel()[open_now],
                self._left.ravel()[open_now],
                np.ones(open_now.size, dtype=bool),
                self._reciprocated.ravel()[open_now],
            ),
        ]
        out = {
            name: np.concatenate([part[k] for part in parts])
            for k, name in enumerate(RECORD_FIELDS)
        }
        mine = out["pair"] // pairs == rep
        out = {name: column[mine] for name, column in out.items()}
        out["pair"] = out["pair"] % pairs
        return out


@numba.njit(cache=True)
def _record_step(levels, answered, given, onset, highest, left, reciprocated, step):
    """One step of :meth:`DisputeLog.update`, pair by pair (flat places):
    the disputes that ended (an open pair back at 0) are closed and returned
    as records (pair, onset, end, highest, left-censored, right-censored,
    reciprocated, in the pairs' order); a pair that was not open and is above
    0 starts one (with ``answered``, if ``given``); every pair's highest level
    is raised to its level, or set to it when its dispute starts."""
    ended = 0
    for p in range(levels.size):
        ended += onset[p] >= 0 and levels[p] == 0
    pairs, onsets = np.empty(ended, dtype=np.int64), np.empty(ended, dtype=np.int64)
    highs = np.empty(ended, dtype=np.int8)
    lefts, recips = np.empty(ended, dtype=np.bool_), np.empty(ended, dtype=np.bool_)
    k = 0
    for p in range(levels.size):
        level = levels[p]
        if onset[p] >= 0:  # open
            if level == 0:
                pairs[k], onsets[k], highs[k] = p, onset[p], highest[p]
                lefts[k], recips[k] = left[p], reciprocated[p]
                k += 1
                onset[p], left[p] = -1, False
            highest[p] = max(highest[p], level)
        elif level > 0:  # a dispute starts
            onset[p] = step
            if given:
                reciprocated[p] = answered[p]
            highest[p] = level
        else:
            highest[p] = max(highest[p], level)
    ends = np.full(ended, step, dtype=np.int64)
    return pairs, onsets, ends, highs, lefts, np.zeros(ended, dtype=np.bool_), recips


def dispute_counts(
    records: dict[str, np.ndarray],
    relevant: np.ndarray | None = None,
    steps_per_year: float | None = None,
) -> dict[str, float]:
    """The counts that rates and shares are made of, from one run's records.

    Only disputes that started during the run count as onsets (left-censored
    ones began before it). Shares and durations are over the militarized
    disputes that started and ended during the run.

    Args:
        records: :meth:`DisputeLog.records` of a run.
        relevant: For every pair, whether it is politically relevant
            (``model.relevance == 1``); None counts every pair as relevant.
        steps_per_year: If given, onsets are counted as the record's dyad-year
            data count them, at most one per pair and year (a second dispute
            of a pair in the same year is not a new onset-year).
    """
    highest = records["highest"]
    onset_in_run = ~records["left_censored"]
    mid = onset_in_run & (highest >= MILITARIZED)
    war = onset_in_run & (highest == 5)
    if steps_per_year is not None:
        mid = _first_in_year(records, mid, steps_per_year)
        war = _first_in_year(records, war, steps_per_year)
    whole = onset_in_run & (highest >= MILITARIZED) & ~records["right_censored"]
    is_relevant = (
        np.ones(highest.size, dtype=bool) if relevant is None else relevant[records["pair"]]
    )
    out = {
        "mid_onsets": float(mid.sum()),
        "mid_onsets_relevant": float((mid & is_relevant).sum()),
        "mid_onsets_other": float((mid & ~is_relevant).sum()),
        "war_onsets": float(war.sum()),
        "whole_mids": float(whole.sum()),
        "reciprocated": float((whole & records["reciprocated"]).sum()),
    }
    for level in range(MILITARIZED, 6):
        out[f"highest_{level}"] = float((whole & (highest == level)).sum())
    durations = (records["end"] - records["onset"])[whole]
    out["median_duration_steps"] = float(np.median(durations)) if durations.size else float("nan")
    return out


def _first_in_year(
    records: dict[str, np.ndarray], chosen: np.ndarray, steps_per_year: float
) -> np.ndarray:
    """``chosen`` kept only for the first chosen dispute of each pair and year."""
    year = ((records["onset"] - 1) // steps_per_year).astype(np.int64)
    picked = np.flatnonzero(chosen)
    picked = picked[np.argsort(records["onset"][picked], kind="stable")]  # earliest first
    pair_years = np.stack([records["pair"][picked], year[picked]], axis=1)
    _, first = np.unique(pair_years, axis=0, return_index=True)
    out = np.zeros(records["pair"].size, dtype=bool)
    out[picked[first]] = True
    return out


__all__ = ["MILITARIZED", "RECORD_FIELDS", "DisputeLog", "dispute_counts"]
