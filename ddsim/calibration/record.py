"""The conflict record reshaped: system members, majors, contiguity, dispute onsets.

The Correlates of War tables (read and checked by
:func:`ddsim.calibration.data.load_table`) become what the targets count:
state-years, major-power years, contiguous pair-years, the non-directed
dyad-years of each year (all, politically relevant and other) and the dyadic
dispute onsets (:func:`load_record`), and the strategic rivals' pair-years
(:func:`rival_years`). The choices are explained in
:mod:`ddsim.calibration.targets`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ddsim.calibration.data import load_table, still_open

#: Direct contiguity classes counted as contiguous (1 land ... 5 water up to 400 miles).
CONTIGUOUS = (1, 2, 3, 4, 5)


def _spell_years(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """One row per year of each spell (``styear``..``endyear``), keeping ``columns``."""
    first, last = table["styear"].astype(int), table["endyear"].astype(int)
    rows = table.loc[table.index.repeat(last - first + 1), list(columns)].astype(int)
    rows["year"] = np.concatenate([np.arange(a, b + 1) for a, b in zip(first, last, strict=True)])
    return rows.drop_duplicates().reset_index(drop=True)


def state_years(states: pd.DataFrame) -> pd.DataFrame:
    """``ccode``, ``year``: every year a state was a COW system member (any day of it)."""
    return _spell_years(states, ["ccode"])


def major_years(majors: pd.DataFrame) -> pd.DataFrame:
    """``ccode``, ``year``: every year a state was a COW major power."""
    return _spell_years(majors, ["ccode"])


def contiguous_years(contiguity: pd.DataFrame, classes: Sequence[int] = CONTIGUOUS) -> pd.DataFrame:
    """``ccode1`` < ``ccode2``, ``year``: pairs directly contiguous in some part of the year.

    The start and end dates are days since 1970-01-01 (R dates).
    """
    c = contiguity[contiguity["conttype"].isin(classes)]
    epoch = pd.Timestamp("1970-01-01")
    spans = pd.DataFrame(
        {
            "ccode1": c[["ccode1", "ccode2"]].min(axis=1),
            "ccode2": c[["ccode1", "ccode2"]].max(axis=1),
            "styear": (epoch + pd.to_timedelta(c["stdate"], unit="D")).dt.year,
            "endyear": (epoch + pd.to_timedelta(c["enddate"], unit="D")).dt.year,
        }
    )
    return _spell_years(spans, ["ccode1", "ccode2"])


def _keys(year: Any, a: Any, b: Any = 0) -> pd.Series:
    """One integer per (year, state) or (year, pair), for look-ups (ccodes < 1000)."""
    year, a, b = (np.asarray(v, dtype=np.int64) for v in (year, a, b))
    return pd.Series((year * 1000 + a) * 1000 + b)


def _member(table: pd.DataFrame, column: str, state_years: pd.DataFrame) -> np.ndarray:
    """For each row: was the state in ``column`` in ``state_years`` in the row's year?"""
    wanted = _keys(state_years["year"], state_years["ccode"])
    return _keys(table["year"], table[column]).isin(wanted).to_numpy()


def dyad_year_counts(
    members: pd.DataFrame, majors: pd.DataFrame, contiguous: pd.DataFrame
) -> pd.DataFrame:
    """Per year: non-directed dyads of system members, all, politically relevant,
    other, and contiguous (a part of the relevant ones, with or without a major).

    Relevant: contiguous that year, or with a major power (Lemke & Reed 2001).
    The pairs with a major are C(n, 2) - C(n - m, 2), m the majors among the n
    members; the contiguous pairs of members without a major are added to them.
    """
    n = members.groupby("year").size()
    m = members[_member(members, "ccode", majors)].groupby("year").size()
    m = m.reindex(n.index, fill_value=0)
    c = contiguous[_member(contiguous, "ccode1", members) & _member(contiguous, "ccode2", members)]
    all_contiguous = c.groupby("year").size().reindex(n.index, fill_value=0)
    c = c[~(_member(c, "ccode1", majors) | _member(c, "ccode2", majors))]
    contiguous_no_major = c.groupby("year").size().reindex(n.index, fill_value=0)
    counts = pd.DataFrame({"all": n * (n - 1) // 2})
    counts["relevant"] = m * (m - 1) // 2 + m * (n - m) + contiguous_no_major
    counts["other"] = counts["all"] - counts["relevant"]
    counts["contiguous"] = all_contiguous
    return counts


def dyadic_onsets(dyadic: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """One row per dyadic dispute: ``ccode1`` < ``ccode2``, ``year`` of onset, ``war``
    (:func:`load_record` adds whether the pair was ``relevant`` and ``contiguous``).

    The onset is the first year the pair appears in the dispute (Maoz et al.
    2019); ``war`` is True when both states reached ``hostlev`` 5. Onsets where
    a side was not a system member that year are dropped.
    """
    d = dyadic[dyadic["ccode1"] < dyadic["ccode2"]]
    onsets = (
        d.groupby(["dispnum", "ccode1", "ccode2"])
        .agg(year=("year", "min"), hostlev1=("hostlev1", "max"), hostlev2=("hostlev2", "max"))
        .reset_index()
        .astype({"ccode1": int, "ccode2": int, "year": int})
    )
    onsets["war"] = (onsets["hostlev1"] >= 5) & (onsets["hostlev2"] >= 5)
    onsets = onsets[_member(onsets, "ccode1", members) & _member(onsets, "ccode2", members)]
    return onsets[["dispnum", "ccode1", "ccode2", "year", "war"]].reset_index(drop=True)


def is_relevant(pairs: pd.DataFrame, majors: pd.DataFrame, contiguous: pd.DataFrame) -> np.ndarray:
    """For rows with ``ccode1`` < ``ccode2`` and ``year``: politically relevant that year?"""
    majors_in = _member(pairs, "ccode1", majors) | _member(pairs, "ccode2", majors)
    return in_pairs(pairs, contiguous) | majors_in


def in_pairs(rows: pd.DataFrame, pairs: pd.DataFrame) -> np.ndarray:
    """For rows with ``ccode1`` < ``ccode2`` and ``year``: is the pair among ``pairs``
    (the same columns) that year?"""
    rows_keys = _keys(rows["year"], rows["ccode1"], rows["ccode2"])
    return rows_keys.isin(_keys(pairs["year"], pairs["ccode1"], pairs["ccode2"])).to_numpy()


@dataclass(frozen=True)
class Record:
    """The packaged tables reshaped for the targets."""

    counts: pd.DataFrame
    onsets: pd.DataFrame
    disputes: pd.DataFrame
    wars: pd.DataFrame


def load_record(folder: str | Path | None = None, contiguity: Sequence[int] = CONTIGUOUS) -> Record:
    """Read the tables (checked by :func:`ddsim.calibration.data.load_table`) and reshape them.

    Args:
        folder: the data folder (default: the packaged tables).
        contiguity: the direct contiguity classes that make a pair relevant.
    """
    members = state_years(load_table("states", folder))
    majors = major_years(load_table("majors", folder))
    contiguous = contiguous_years(load_table("contiguity", folder), contiguity)
    onsets = dyadic_onsets(load_table("dyadic_disputes", folder), members)
    onsets["relevant"] = is_relevant(onsets, majors, contiguous)
    onsets["contiguous"] = in_pairs(onsets, contiguous)
    return Record(
        counts=dyad_year_counts(members, majors, contiguous),
        onsets=onsets,
        disputes=load_table("disputes", folder),
        wars=load_table("wars", folder),
    )


def rival_years(
    first: int, last: int, folder: str | Path | None = None, contiguity: Sequence[int] = CONTIGUOUS
) -> pd.DataFrame:
    """``year``, ``ccode1`` < ``ccode2`` of every strategic rivalry (Thompson &
    Dreyer 2012) open that year between two system members that are a
    politically relevant pair. A rivalry the data end in their last year (2010)
    is taken as still open to ``last``, as the 2014 world takes it."""
    r = load_table("rivalries", folder)
    stop = r.endyear.where(~still_open(r), last)
    pairs = {
        (year, min(int(a), int(b)), max(int(a), int(b)))
        for a, b, start, end in zip(r.ccode1, r.ccode2, r.styear, stop, strict=True)
        for year in range(max(first, int(start)), min(last, int(end)) + 1)
    }
    years = pd.DataFrame(sorted(pairs), columns=["year", "ccode1", "ccode2"])
    members = state_years(load_table("states", folder))
    years = years[_member(years, "ccode1", members) & _member(years, "ccode2", members)]
    majors = major_years(load_table("majors", folder))
    contiguous = contiguous_years(load_table("contiguity", folder), contiguity)
    return years[is_relevant(years, majors, contiguous)].reset_index(drop=True)
