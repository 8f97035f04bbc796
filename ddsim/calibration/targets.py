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

import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ddsim.calibration.intervals import (
    BOOTSTRAP_DRAWS,
    BOOTSTRAP_SEED,
    LEVEL,
    bootstrap_quantile,
    poisson_rate,
    rate_ratio,
    wilson_share,
)
from ddsim.calibration.record import (
    CONTIGUOUS,
    Record,
    contiguous_years,
    dyad_year_counts,
    dyadic_onsets,
    in_pairs,
    is_relevant,
    load_record,
    major_years,
    rival_years,
    state_years,
)
from ddsim.calibration.targets_file import (
    FIELDS,
    PERIODS,
    TARGETS_JSON,
    Target,
    TargetsFileError,
    load_targets,
    to_json,
    write_targets,
)

#: Quantiles of the war durations.
WAR_QUANTILES = (0.25, 0.5, 0.75)
#: ``hostlev`` -> name of the highest level.
LEVELS = {2: "threat", 3: "display", 4: "use_of_force", 5: "war"}
#: Significant digits kept in targets.json.
DIGITS = 6


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


def rivalry_onsets(
    period: str,
    record: Record | None = None,
    folder: str | Path | None = None,
    wars: bool = False,
) -> tuple[int, float, int, float]:
    """MID onsets between strategic rivals and between the other politically
    relevant pairs of ``period``, each with its dyad-years: (rival onsets,
    rival dyad-years, other onsets, other dyad-years); with ``wars``, only
    the onsets in which both sides reached war. Not a target of the fit: a
    check of where the disputes fall (docs/calibration.md)."""
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
      150 miles of water (classes 1-4), or to land only (class 1);
    - ``mid_onset_rate_rivals`` and ``war_onset_rate_rivals``: MID and war
      onsets between strategic rivals (Thompson & Dreyer 2012) per rival
      dyad-year, and ``..._not_rivals`` for the other politically relevant
      pairs (:func:`rivalry_onsets`): where the disputes fall, which the
      totals cannot tell (docs/calibration.md).
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
        out += _rivalry_checks(period, record, folder)
    return out


def _rivalry_checks(period: str, record: Record, folder: str | Path | None) -> list[Target]:
    """MID and war onset rates between strategic rivals and between the other
    politically relevant pairs of ``period`` (see :func:`cross_checks`)."""
    out = []
    for kind, wars in (("mid", False), ("war", True)):
        rivals, rival_years_, others, other_years = rivalry_onsets(period, record, folder, wars)
        what = "war onsets (both sides reached war)" if wars else "MID onsets"
        for suffix, k, exposure, pairs in (
            ("rivals", rivals, rival_years_, "strategic rivals (Thompson & Dreyer 2012)"),
            ("not_rivals", others, other_years, "politically relevant pairs that were not rivals"),
        ):
            out.append(
                _target(
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


__all__ = [
    "BOOTSTRAP_DRAWS",
    "BOOTSTRAP_SEED",
    "CONTIGUOUS",
    "DIGITS",
    "FIELDS",
    "LEVEL",
    "LEVELS",
    "NARROWER",
    "PERIODS",
    "TARGETS_JSON",
    "WAR_QUANTILES",
    "Record",
    "Target",
    "TargetsFileError",
    "bootstrap_quantile",
    "compute_targets",
    "contiguous_years",
    "cross_checks",
    "dyad_year_counts",
    "dyadic_onsets",
    "is_relevant",
    "load_record",
    "load_targets",
    "main",
    "major_years",
    "period_targets",
    "poisson_rate",
    "rate_ratio",
    "rival_years",
    "rivalry_onsets",
    "state_years",
    "to_json",
    "wilson_share",
    "write_targets",
]
