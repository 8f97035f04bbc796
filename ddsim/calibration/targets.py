"""The calibration targets: what the record says, computed from the packaged data.

Every target is computed here from the Correlates of War tables in
``ddsim/calibration/data/`` (see its README for provenance and citations), for
1946-2014 and, beside it, 1990-2014. The results are stored in
``targets.json`` next to this module, written by::

    python -m ddsim.calibration.targets

which gives the same bytes every time; ``tests/test_calibration.py`` checks
that the stored file equals what this code computes from the data.

The choices, each with its source:

- **Unit of observation: the non-directed dyad-year** (Bremer 1992; Jones,
  Bremer & Singer 1996). The denominator is the number of pairs of COW system
  members each year, sum over years of n(n-1)/2, with n the states that were
  members at any time in that year (COW State System Membership v2016). A
  state with two spells of membership is counted once a year.
- **MID onsets** come from the dyadic MID data (MID v5.0, Palmer et al. 2022,
  in dyad-year form; the dyadic approach of Maoz et al. 2019): a dyadic
  dispute's onset is the first year in which the pair appears in that
  dispute. The dyad-year form allows at most one dispute per dyad and year, so
  the rate is the share of dyad-years that see a new dispute (110 of the 1,726
  disputes of 1946-2014 are absent from it: their dyad-years were taken by
  another dispute; none reached war). Onsets where one
  side was not a system member that year (one, in 1918) are left out, so the
  numerator counts only dyad-years that are in the denominator.
- **Politically relevant dyads** (Weede 1976; Lemke & Reed 2001): the two
  states are directly contiguous that year, by land or by up to 400 miles of
  water (COW Direct Contiguity v3.2, ``conttype`` 1-5, Stinnett et al. 2002),
  or at least one of them is a COW major power that year. The widest class of
  direct contiguity is used because it is the one peacesciencer's
  ``filter_prd()`` uses (Miller 2022) and the 2014 world is to mark its relevant
  pairs from the same table, so model and data must classify pairs alike; the
  rate of the other dyads is reported beside, and :func:`cross_checks` gives
  the relevant rate with contiguity narrowed to 150 miles of water or to land.
- **Highest level** of a dispute: ``hostlev`` of the dispute (MID v5.0): 2
  threat, 3 display, 4 use of force, 5 war; disputes counted by the year they
  began. The level is the dispute's highest; a dispute need not pass through
  the lower ones (Jones, Bremer & Singer 1996).
- **War onsets per dyad-year**: dyadic MID onsets in which *both* states
  reached ``hostlev`` 5 (war). Chosen over the COW Inter-State War dyads
  (Sarkees & Wayman 2010) so that wars and disputes come from one data set with
  one definition of the dyad and the same denominator: a war is a dispute that
  reached war. :func:`cross_checks` gives the COW war dyad onset rate beside it.
  Dyads where only one side reached war (a state that sent ships to a war
  coalition without fighting) are not war onsets.
- **Dispute duration** in days: MID v5.0 gives each dispute's shortest
  (``mindur``) and longest (``maxdur``) possible duration, which differ only
  when a start or end day is unknown (coded -9 in the dates). The duration
  used is their midpoint, so a missing day counts as the middle of its month;
  the medians of the two bounds are given in the definition.
- **War durations**: the durations (as above) of the disputes that reached
  war (``hostlev`` 5), by quartile. The COW war tables shipped here are in
  dyad-year form without dates, so the MID dates are the finest measure at
  hand; a dispute can start before the fighting and end after it, so these
  are upper bounds on the length of the fighting.
- **Reciprocated**: the share of disputes with ``recip`` = 1 (side B took a
  militarized action; MID v5.0).
- **Intervals** (all 95%): exact Poisson (Garwood 1936) for rates, Wilson
  (1927) for shares, percentile bootstrap (Efron & Tibshirani 1993) with a
  fixed seed for medians and quartiles.
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ddsim.analysis.intervals import wilson_interval
from ddsim.calibration.data import load_table, still_open
from ddsim.defaults import CALIBRATION_PERIODS
from ddsim.errors import InputError

#: The stored targets.
TARGETS_JSON = Path(__file__).resolve().parent / "targets.json"
#: Period name -> (first year, last year), both included.
PERIODS: dict[str, tuple[int, int]] = CALIBRATION_PERIODS
#: Confidence level of every interval.
LEVEL = 0.95
#: Seed and number of draws of the bootstrap (fixed, so the intervals are reproducible).
BOOTSTRAP_SEED = 20_141_231
BOOTSTRAP_DRAWS = 4000
#: Quantiles of the war durations.
WAR_QUANTILES = (0.25, 0.5, 0.75)
#: ``hostlev`` -> name of the highest level.
LEVELS = {2: "threat", 3: "display", 4: "use_of_force", 5: "war"}
#: Direct contiguity classes counted as contiguous (1 land ... 5 water up to 400 miles).
CONTIGUOUS = (1, 2, 3, 4, 5)
#: Significant digits kept in targets.json.
DIGITS = 6


class TargetsFileError(InputError):
    """The targets file is missing or malformed."""


@dataclass(frozen=True)
class Target:
    """One calibration target with its 95% interval.

    Attributes:
        name: what is measured, e.g. ``mid_onset_rate_all``.
        period: the years, e.g. ``1946-2014``.
        value: the estimate.
        low: lower end of the 95% interval.
        high: upper end of the 95% interval.
        unit: e.g. ``onsets per dyad-year``, ``share of disputes``, ``days``.
        definition: how it was computed, in words.
        events: the count it rests on (onsets, disputes of a kind); None for quantiles.
        observations: dyad-years for rates, disputes for shares and durations.
    """

    name: str
    period: str
    value: float
    low: float
    high: float
    unit: str
    definition: str
    events: int | None
    observations: int


# --------------------------------------------------------------------------
# intervals
# --------------------------------------------------------------------------
def poisson_rate(events: int, exposure: float, level: float = LEVEL) -> tuple[float, float, float]:
    """Rate ``events / exposure`` with the exact Poisson interval (Garwood 1936).

    The interval comes from the chi-square quantiles of the count: 0 events
    give a lower end of 0.
    """
    alpha = 1 - level
    low = stats.chi2.ppf(alpha / 2, 2 * events) / 2 if events > 0 else 0.0
    high = stats.chi2.ppf(1 - alpha / 2, 2 * events + 2) / 2
    return events / exposure, float(low) / exposure, float(high) / exposure


def rate_ratio(
    events_a: int, exposure_a: float, events_b: int, exposure_b: float, level: float = LEVEL
) -> tuple[float, float, float]:
    """Ratio of two rates, ``(events_a / exposure_a) / (events_b / exposure_b)``,
    with the exact interval conditional on ``events_a + events_b`` (Clopper &
    Pearson 1934 on the share of the events that are a's)."""
    alpha, scale = 1 - level, exposure_b / exposure_a
    if events_b == 0:
        return math.inf, math.inf, math.inf
    low = stats.beta.ppf(alpha / 2, events_a, events_b + 1) if events_a > 0 else 0.0
    high = stats.beta.ppf(1 - alpha / 2, events_a + 1, events_b)
    odds = [scale * share / (1 - share) for share in (low, high)]
    return events_a / exposure_a / (events_b / exposure_b), float(odds[0]), float(odds[1])


def wilson_share(events: int, n: int) -> tuple[float, float, float]:
    """Share ``events / n`` with the Wilson (1927) 95% interval."""
    low, high = wilson_interval(events, n)
    return events / n, float(low), float(high)


def bootstrap_quantile(
    values: Sequence[float],
    q: float,
    seed: int = BOOTSTRAP_SEED,
    draws: int = BOOTSTRAP_DRAWS,
    level: float = LEVEL,
) -> tuple[float, float, float]:
    """Quantile ``q`` of ``values`` with a percentile bootstrap interval (Efron & Tibshirani 1993).

    The resamples come from ``numpy.random.default_rng(seed)`` in fixed
    batches, so the same values and seed give the same interval.
    """
    x = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    estimates = []
    for start in range(0, draws, 500):
        idx = rng.integers(0, len(x), size=(min(500, draws - start), len(x)))
        estimates.append(np.quantile(x[idx], q, axis=1))
    low, high = np.quantile(np.concatenate(estimates), [(1 - level) / 2, (1 + level) / 2])
    return float(np.quantile(x, q)), float(low), float(high)


# --------------------------------------------------------------------------
# the data, reshaped
# --------------------------------------------------------------------------
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
    """Per year: non-directed dyads of system members, all, politically relevant and other.

    Relevant: contiguous that year, or with a major power (Lemke & Reed 2001).
    The pairs with a major are C(n, 2) - C(n - m, 2), m the majors among the n
    members; the contiguous pairs of members without a major are added to them.
    """
    n = members.groupby("year").size()
    m = members[_member(members, "ccode", majors)].groupby("year").size()
    m = m.reindex(n.index, fill_value=0)
    c = contiguous[_member(contiguous, "ccode1", members) & _member(contiguous, "ccode2", members)]
    c = c[~(_member(c, "ccode1", majors) | _member(c, "ccode2", majors))]
    contiguous_no_major = c.groupby("year").size().reindex(n.index, fill_value=0)
    counts = pd.DataFrame({"all": n * (n - 1) // 2})
    counts["relevant"] = m * (m - 1) // 2 + m * (n - m) + contiguous_no_major
    counts["other"] = counts["all"] - counts["relevant"]
    return counts


def dyadic_onsets(dyadic: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """One row per dyadic dispute: ``ccode1`` < ``ccode2``, ``year`` of onset, ``war``.

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
    cont = _keys(pairs["year"], pairs["ccode1"], pairs["ccode2"]).isin(
        _keys(contiguous["year"], contiguous["ccode1"], contiguous["ccode2"])
    )
    return cont.to_numpy() | _member(pairs, "ccode1", majors) | _member(pairs, "ccode2", majors)


# --------------------------------------------------------------------------
# the targets
# --------------------------------------------------------------------------
def _round(x: float) -> float:
    return float(f"{x:.{DIGITS}g}")


def _target(name, period, estimate, unit, definition, events, observations) -> Target:
    value, low, high = (_round(v) for v in estimate)
    return Target(name, period, value, low, high, unit, definition, events, int(observations))


def period_targets(
    period: str,
    counts: pd.DataFrame,
    onsets: pd.DataFrame,
    disputes: pd.DataFrame,
) -> list[Target]:
    """The targets of one period from the reshaped tables.

    Args:
        period: a key of :data:`PERIODS`.
        counts: :func:`dyad_year_counts` (index: year).
        onsets: :func:`dyadic_onsets` with a boolean ``relevant`` column.
        disputes: the MID disputes (``styear``, ``hostlev``, ``mindur``,
            ``maxdur``, ``recip``).
    """
    first, last = PERIODS[period]
    exposure = counts.loc[first:last].sum()
    o = onsets[onsets["year"].between(first, last)]
    d = disputes[disputes["styear"].between(first, last)]
    targets = []
    per_dyad_year = "onsets per dyad-year"
    for group, chosen, words in (
        ("all", o, "all pairs of system members"),
        ("relevant", o[o["relevant"]], "politically relevant pairs (contiguous or with a major)"),
        ("other", o[~o["relevant"]], "pairs neither contiguous nor with a major"),
    ):
        targets.append(
            _target(
                f"mid_onset_rate_{group}",
                period,
                poisson_rate(len(chosen), exposure[group]),
                per_dyad_year,
                f"dyadic MID onsets per non-directed dyad-year, {words}; exact Poisson interval",
                len(chosen),
                exposure[group],
            )
        )
    wars = o[o["war"]]
    targets.append(
        _target(
            "war_onset_rate",
            period,
            poisson_rate(len(wars), exposure["all"]),
            per_dyad_year,
            "dyadic MID onsets in which both states reached war (hostlev 5) per non-directed "
            "dyad-year; exact Poisson interval",
            len(wars),
            exposure["all"],
        )
    )
    for level, name in LEVELS.items():
        k = int((d["hostlev"] == level).sum())
        targets.append(
            _target(
                f"highest_level_{name}",
                period,
                wilson_share(k, len(d)),
                "share of disputes",
                f"share of MIDs begun in the period whose highest level (hostlev) was {level} "
                f"({name.replace('_', ' ')}); Wilson interval",
                k,
                len(d),
            )
        )
    k = int((d["recip"] == 1).sum())
    targets.append(
        _target(
            "share_reciprocated",
            period,
            wilson_share(k, len(d)),
            "share of disputes",
            "share of MIDs begun in the period in which side B also took a militarized action "
            "(recip = 1); Wilson interval",
            k,
            len(d),
        )
    )
    duration = (d["mindur"] + d["maxdur"]) / 2
    targets.append(
        _target(
            "median_dispute_duration",
            period,
            bootstrap_quantile(duration, 0.5),
            "days",
            "median MID duration, the midpoint of mindur and maxdur (medians of the bounds: "
            f"{d['mindur'].median():g} and {d['maxdur'].median():g} days); percentile bootstrap",
            None,
            len(d),
        )
    )
    w = d[d["hostlev"] == 5]
    war_duration = (w["mindur"] + w["maxdur"]) / 2
    for q in WAR_QUANTILES:
        targets.append(
            _target(
                f"war_duration_q{round(q * 100)}",
                period,
                bootstrap_quantile(war_duration, q),
                "days",
                f"{round(q * 100)}th percentile of the durations (midpoint of mindur and maxdur) "
                "of MIDs that reached war (hostlev 5); percentile bootstrap",
                None,
                len(w),
            )
        )
    return targets


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


def rivalry_onsets(
    period: str, record: Record | None = None, folder: str | Path | None = None
) -> tuple[int, float, int, float]:
    """MID onsets between strategic rivals and between the other politically
    relevant pairs of ``period``, each with its dyad-years: (rival onsets,
    rival dyad-years, other onsets, other dyad-years). Not a target of the
    fit: a check of where the disputes fall (docs/calibration.md)."""
    first, last = PERIODS[period]
    record = record or load_record(folder)
    rivals = rival_years(first, last, folder)
    onsets = record.onsets[record.onsets["year"].between(first, last) & record.onsets["relevant"]]
    between = _keys(onsets["year"], onsets["ccode1"], onsets["ccode2"]).isin(
        _keys(rivals["year"], rivals["ccode1"], rivals["ccode2"])
    )
    at_risk = float(record.counts.loc[first:last, "relevant"].sum())
    n = int(between.sum())
    return n, float(len(rivals)), len(onsets) - n, at_risk - len(rivals)


def compute_targets(folder: str | Path | None = None) -> list[Target]:
    """Every target, for every period of :data:`PERIODS`, from the tables in ``folder``.

    Args:
        folder: the data folder (default: the packaged tables).
    """
    record = load_record(folder)
    return [
        t
        for period in PERIODS
        for t in period_targets(period, record.counts, record.onsets, record.disputes)
    ]


#: Narrower classes of contiguity for the cross-checks: name suffix -> (classes, words).
NARROWER = {
    "150mi": ((1, 2, 3, 4), "land or up to 150 miles of water"),
    "land": ((1,), "land only"),
}


def cross_checks(folder: str | Path | None = None) -> list[Target]:
    """Other ways to count, for the docs (not fitted), for every period.

    - ``war_onset_rate_cow``: the COW Inter-State War v4.0 dyads (Sarkees &
      Wayman 2010), the first year of each war for each non-directed pair of
      opposing states, per dyad-year;
    - ``mid_onset_rate_relevant_150mi`` and ``_land``: the MID onset rate of
      politically relevant pairs when contiguity is narrowed to land or up to
      150 miles of water (classes 1-4), or to land only (class 1).
    """
    record = load_record(folder)
    w = record.wars[record.wars["ccode1"] < record.wars["ccode2"]]
    first_year = w.groupby(["warnum", "ccode1", "ccode2"])["year"].min()
    narrower = {suffix: load_record(folder, classes) for suffix, (classes, _) in NARROWER.items()}
    out = []
    for period, (first, last) in PERIODS.items():
        k = int(first_year.between(first, last).sum())
        exposure = record.counts.loc[first:last, "all"].sum()
        out.append(
            _target(
                "war_onset_rate_cow",
                period,
                poisson_rate(k, exposure),
                "onsets per dyad-year",
                "COW inter-state war dyad onsets per non-directed dyad-year; exact Poisson "
                "interval",
                k,
                exposure,
            )
        )
        for suffix, r in narrower.items():
            o = r.onsets[r.onsets["year"].between(first, last) & r.onsets["relevant"]]
            exposure = r.counts.loc[first:last, "relevant"].sum()
            out.append(
                _target(
                    f"mid_onset_rate_relevant_{suffix}",
                    period,
                    poisson_rate(len(o), exposure),
                    "onsets per dyad-year",
                    "dyadic MID onsets per non-directed dyad-year of politically relevant pairs, "
                    f"contiguity by {NARROWER[suffix][1]}; exact Poisson interval",
                    len(o),
                    exposure,
                )
            )
    return out


# --------------------------------------------------------------------------
# the stored file
# --------------------------------------------------------------------------
FIELDS = tuple(f.name for f in fields(Target))


def to_json(targets: Sequence[Target]) -> str:
    """The text of targets.json (stable: same targets, same bytes)."""
    document = {
        "about": "Calibration targets computed by ddsim.calibration.targets from the COW data "
        "in ddsim/calibration/data (see its README). Intervals are 95%.",
        "targets": [asdict(t) for t in targets],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_targets(targets: Sequence[Target], path: str | Path = TARGETS_JSON) -> Path:
    """Write ``targets`` to ``path`` atomically (a half-written file is never left)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(to_json(targets))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _check_entry(path: Path, i: int, entry: Any) -> Target:
    where = f"{path}: targets[{i}]"
    if not isinstance(entry, dict):
        raise TargetsFileError(f"{where}: should be a mapping of {', '.join(FIELDS)}")
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        allowed = ", ".join(FIELDS)
        raise TargetsFileError(f"{where}.{unknown[0]}: unknown field (allowed: {allowed})")
    for name in FIELDS:
        if name not in entry:
            raise TargetsFileError(f"{where}.{name}: missing")
        value = entry[name]
        if name in ("name", "period", "unit", "definition"):
            if not isinstance(value, str) or not value:
                raise TargetsFileError(f"{where}.{name}: should be a non-empty string")
        elif name in ("value", "low", "high"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TargetsFileError(f"{where}.{name}: should be a number")
            if not math.isfinite(value):
                raise TargetsFileError(f"{where}.{name}: should be a finite number")
        elif name == "events":
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise TargetsFileError(f"{where}.events: should be a whole number or null")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise TargetsFileError(f"{where}.{name}: should be a whole number of at least 1")
    if entry["period"] not in PERIODS:
        allowed = ", ".join(PERIODS)
        raise TargetsFileError(f"{where}.period: {entry['period']!r} (allowed: {allowed})")
    if not entry["low"] <= entry["value"] <= entry["high"]:
        raise TargetsFileError(f"{where}.value: should lie between low and high")
    return Target(**{name: entry[name] for name in FIELDS})


def load_targets(path: str | Path = TARGETS_JSON) -> list[Target]:
    """Read a targets file, every field checked.

    Raises:
        TargetsFileError: the file is missing, not JSON, or an entry lacks a
            field, has an unknown one, a wrong type, a period not in
            :data:`PERIODS`, a value outside its interval, or repeats a
            (name, period).
    """
    path = Path(path)
    if not path.is_file():
        raise TargetsFileError(f"{path}: targets file not found")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise TargetsFileError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(document, dict) or not isinstance(document.get("targets"), list):
        raise TargetsFileError(f"{path}: targets: should be a list of targets")
    unknown = sorted(set(document) - {"about", "targets"})
    if unknown:
        raise TargetsFileError(f"{path}: {unknown[0]}: unknown key (allowed: about, targets)")
    targets = [_check_entry(path, i, e) for i, e in enumerate(document["targets"])]
    seen = set()
    for i, t in enumerate(targets):
        if (t.name, t.period) in seen:
            raise TargetsFileError(f"{path}: targets[{i}].name: {t.name!r} repeated for {t.period}")
        seen.add((t.name, t.period))
    if not targets:
        raise TargetsFileError(f"{path}: targets: should not be empty")
    return targets


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m ddsim.calibration.targets [DATA_FOLDER [OUT_FILE]]``: the
    packaged data and targets.json by default. (Not a ``ddsim`` subcommand:
    only maintainers regenerate the targets, and only ddsim.cli parses options.)"""
    args = list(sys.argv[1:] if argv is None else argv)
    data = args[0] if args else None
    out = args[1] if len(args) > 1 else TARGETS_JSON
    print(write_targets(compute_targets(data), out))


if __name__ == "__main__":
    main()
