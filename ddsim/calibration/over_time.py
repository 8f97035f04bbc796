"""Targets about time: no drift in a run, and wars that fight across a new year.

Both are computed from the packaged record (:mod:`ddsim.calibration.record`)
for :mod:`ddsim.calibration.targets`, whose docstring gives the choices and
their sources; docs/calibration.md says them in plain words.

- :func:`drift_target`, ``mid_onset_ratio_second_half``: the relevant pairs'
  MID onset rate in the second half of a run over the first half must be 1
  (a run holds its world fixed), within what the record can resolve: the
  interval of a ratio of two of its decades of average size
  (:func:`decade_ratios` gives the record's own decade-to-decade ratios,
  reported in the definition, not used).
- :func:`war_span_target`, ``war_share_spanning_years``: the share of the
  pairs of opposing states in the COW inter-state wars that fought in more
  than one calendar year (the tables have years, not dates).
"""

from __future__ import annotations

from itertools import pairwise

import pandas as pd

from ddsim.calibration.intervals import bootstrap_cluster_share, rate_ratio
from ddsim.calibration.targets_file import PERIODS, Target, make_target

#: Years in a block of the record for the drift target.
DECADE = 10


def decade_ratios(period: str, counts: pd.DataFrame, onsets: pd.DataFrame) -> list[float]:
    """The record's own drift: the MID onset rate of the politically relevant
    pairs in each block of :data:`DECADE` years of ``period`` (from its first
    year; the last block may be shorter) divided by the block's before.
    Blocks without relevant dyad-years or onsets are skipped."""
    first, last = PERIODS[period]
    rates = []
    for start in range(first, last + 1, DECADE):
        stop = min(start + DECADE - 1, last)
        years = counts.loc[start:stop, "relevant"].sum()
        k = int((onsets["year"].between(start, stop) & onsets["relevant"]).sum())
        if years > 0 and k > 0:
            rates.append(k / years)
    return [later / earlier for earlier, later in pairwise(rates)]


def drift_target(period: str, counts: pd.DataFrame, onsets: pd.DataFrame) -> list[Target]:
    """``mid_onset_ratio_second_half``: 1 (no drift), with the interval of a
    ratio of two decades of the record's size (module docstring); none if
    the period has no relevant onsets."""
    first, last = PERIODS[period]
    o = onsets[onsets["year"].between(first, last) & onsets["relevant"]]
    years = int((counts.loc[first:last, "relevant"] > 0).sum())
    if o.empty or years == 0:
        return []
    per_decade = max(1, round(len(o) * DECADE / years))
    _, low, high = rate_ratio(per_decade, 1.0, per_decade, 1.0)
    ratios = decade_ratios(period, counts, onsets)
    seen = f"{min(ratios):.2f} to {max(ratios):.2f}" if ratios else "none"
    return [
        make_target(
            "mid_onset_ratio_second_half",
            period,
            (1.0, low, high),
            "ratio of rates",
            "MID onsets per dyad-year of politically relevant pairs in the second half of a run "
            "over the first half (of a 20-year run: the second decade over the first). Value 1 "
            "(no drift) by requirement, as a run holds its world fixed; interval: the exact "
            "conditional interval of the ratio of two equal decades of the record, each with "
            f"the period's mean of {per_decade} relevant-pair onsets a decade ({len(o)} in "
            f"{years} years). Not the interval: the record's own ratios of consecutive decades "
            f"({len(ratios)}, {seen}), which include the changes of the state system",
            per_decade,
            len(o),
        )
    ]


def war_span_target(period: str, wars: pd.DataFrame) -> list[Target]:
    """``war_share_spanning_years``: of the pairs of opposing states in the COW
    inter-state wars whose first year of fighting is in ``period``, the share
    that fought in more than one calendar year, with an interval that
    resamples whole wars; none if the period has no war."""
    first, last = PERIODS[period]
    w = wars[wars["ccode1"] < wars["ccode2"]]
    pairs = w.groupby(["warnum", "ccode1", "ccode2"])["year"].agg(["min", "nunique"])
    pairs = pairs[pairs["min"].between(first, last)]
    if pairs.empty:
        return []
    per_war = (pairs["nunique"] > 1).groupby(level="warnum").agg(["sum", "size"])
    k, n = int(per_war["sum"].sum()), int(per_war["size"].sum())
    return [
        make_target(
            "war_share_spanning_years",
            period,
            bootstrap_cluster_share(per_war["sum"].to_numpy(), per_war["size"].to_numpy()),
            "share of war pairs",
            "share of the pairs of opposing states in COW inter-state wars (first year of the "
            f"pair's fighting in the period; {len(per_war)} wars, data to "
            f"{int(wars['year'].max())}) that fought in more than one calendar year; "
            "percentile bootstrap resampling whole wars",
            k,
            n,
        )
    ]


__all__ = ["DECADE", "decade_ratios", "drift_target", "war_span_target"]
