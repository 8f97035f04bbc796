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
- **Where disputes fall**: the onset rates of four disjoint classes of pair
  (:mod:`ddsim.calibration.classes`): strategic rivals (Thompson & Dreyer
  2012) among the relevant pairs, contiguous pairs that are not rivals, pairs
  with a major power that are neither, and the other pairs. A total can be
  met with disputes in the wrong places; the classes cannot (in 1946-2014
  the rivals' rate is 7.5 times the other contiguous pairs' and 31 times
  that of the pairs with a major), and the model reads the same classes off
  its scenario.
- **No drift** (``mid_onset_ratio_second_half``): a run holds its world
  fixed, and the targets are averages over decades, so a run whose onset
  rate climbs matches them at one moment only. The model's side is the
  relevant pairs' onset rate in the second half of a run over the first
  half. The record has no fixed world to measure this on: the value is 1 by
  requirement, and the interval is what the record can resolve, the exact
  conditional interval (Clopper & Pearson 1934) of the ratio of two decades
  each with the period's mean number of relevant-pair onsets a decade (274 in
  1946-2014: 0.84-1.19). A drift the record could not tell from chance
  between two of its own decades counts as none. The record's own ratios of
  consecutive decades (0.55 to 1.20 in 1946-2014) are not the interval: they
  include the changes of the state system (the many new states of the 1960s,
  the end of the Cold War), which a run of a fixed world does not have.
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
- **Wars across a new year** (``war_share_spanning_years``), from the COW
  Inter-State War data (v4.0, Sarkees & Wayman 2010; to 2003): of the pairs
  of opposing states whose fighting began in the period, the share that
  fought in more than one calendar year. It measures a pair's fighting, not
  a whole dispute; without dates it is coarse (a war of a month over the new
  year counts, one of eleven months within a year does not), so the model's
  side gives each war a start day drawn uniformly over its year. The pairs of
  one war are alike (a coalition's), so the interval resamples whole wars.
- **Reciprocated**: the share of disputes with ``recip`` = 1 (side B took a
  militarized action; MID v5.0).
- **Intervals** (all 95%): exact Poisson (Garwood 1936) for rates, Wilson
  (1927) for shares, percentile bootstrap (Efron & Tibshirani 1993) with a
  fixed seed for medians and quartiles, resampling whole wars (Davison &
  Hinkley 1997) for the share of war pairs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ddsim.calibration.classes import (
    CLASSES,
    RECORD_KINDS,
    class_onsets,
    class_targets,
    rivalry_checks,
    rivalry_onsets,
    war_benchmark,
)
from ddsim.calibration.intervals import (
    BOOTSTRAP_DRAWS,
    BOOTSTRAP_SEED,
    LEVEL,
    bootstrap_cluster_share,
    bootstrap_quantile,
    poisson_rate,
    rate_ratio,
    wilson_share,
)
from ddsim.calibration.over_time import DECADE, decade_ratios, drift_target, war_span_target
from ddsim.calibration.record import (
    CONTIGUOUS,
    Record,
    contiguous_years,
    dyad_year_counts,
    dyadic_onsets,
    is_relevant,
    load_record,
    major_years,
    rival_years,
    state_years,
)
from ddsim.calibration.targets_file import (
    DIGITS,
    FIELDS,
    PERIODS,
    TARGETS_JSON,
    Target,
    TargetsFileError,
    load_targets,
    make_target,
    to_json,
    write_targets,
)

#: Quantiles of the war durations.
WAR_QUANTILES = (0.25, 0.5, 0.75)
#: ``hostlev`` -> name of the highest level.
LEVELS = {2: "threat", 3: "display", 4: "use_of_force", 5: "war"}
#: Every target's name, in the order of targets.json and the docs' table.
ORDER = (
    "mid_onset_rate_all",
    "mid_onset_rate_relevant",
    *(f"mid_onset_rate_{name}" for name in CLASSES),
    "mid_onset_ratio_second_half",
    "war_onset_rate",
    *(f"highest_level_{name}" for name in LEVELS.values()),
    "share_reciprocated",
    "median_dispute_duration",
    *(f"war_duration_q{round(q * 100)}" for q in WAR_QUANTILES),
    "war_share_spanning_years",
)


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
            make_target(
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
        make_target(
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
    if len(d) == 0:  # a period without disputes (a test's tiny record) has no shares
        return targets
    for level, name in LEVELS.items():
        k = int((d["hostlev"] == level).sum())
        targets.append(
            make_target(
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
        make_target(
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
        make_target(
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
    for q in WAR_QUANTILES if len(w) else ():
        targets.append(
            make_target(
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


def compute_targets(folder: str | Path | None = None) -> list[Target]:
    """Every target, for every period of :data:`PERIODS`, from the tables in
    ``folder``, in the order of :data:`ORDER`.

    Args:
        folder: the data folder (default: the packaged tables).
    """
    record = load_record(folder)
    out = []
    for period in PERIODS:
        made = [
            *period_targets(period, record.counts, record.onsets, record.disputes),
            *class_targets(period, record, folder),
            *drift_target(period, record.counts, record.onsets),
            *war_span_target(period, record.wars),
        ]
        out += sorted(made, key=lambda t: ORDER.index(t.name))
    return out


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
    - ``war_onset_rate_rivals``: war onsets between strategic rivals
      (Thompson & Dreyer 2012) per rival dyad-year, and ``mid_`` and
      ``war_onset_rate_not_rivals`` for the other politically relevant pairs
      (:func:`rivalry_onsets`; the rivals' MID onsets are a target,
      ``mid_onset_rate_rivals``).
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
            make_target(
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
                make_target(
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
        out += rivalry_checks(period, record, folder)
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
    "CLASSES",
    "CONTIGUOUS",
    "DECADE",
    "DIGITS",
    "FIELDS",
    "LEVEL",
    "LEVELS",
    "NARROWER",
    "ORDER",
    "PERIODS",
    "RECORD_KINDS",
    "TARGETS_JSON",
    "WAR_QUANTILES",
    "Record",
    "Target",
    "TargetsFileError",
    "bootstrap_cluster_share",
    "bootstrap_quantile",
    "class_onsets",
    "compute_targets",
    "contiguous_years",
    "cross_checks",
    "decade_ratios",
    "drift_target",
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
    "war_benchmark",
    "war_span_target",
    "wilson_share",
    "write_targets",
]
