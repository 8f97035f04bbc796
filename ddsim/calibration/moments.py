"""What the model says about the targets: simulated moments with intervals.

A calibration compares the record (:mod:`ddsim.calibration.targets`) with the
same quantities measured on simulated runs. Replications are run through
ddsim's one run path (jobs -> batches -> executor -> store) by :func:`run_disputes`,
which keeps the run's disputes as the MID data would count them
(:class:`ddsim.core.disputes.DisputeLog`); :func:`simulated` pools the
replications of one parameter set and measures every target on them, with the
same kind of 95% interval as the target has (exact Poisson for rates, Wilson
for shares, a percentile bootstrap for medians), so that "within the
interval" means the same on both sides.

Three targets are measured in their own way:

* the onset rates of the **classes of pair** (rivals, contiguous, major:
  :mod:`ddsim.calibration.classes`) take the classes off the scenario the
  model runs; a class the scenario lacks is not measured;
* the **drift**, ``mid_onset_ratio_second_half``, is the relevant pairs'
  MID onsets per dyad-year in the second half of the runs over those in the
  first half (of a 20-year run: the second decade over the first), with the
  exact conditional interval of a rate ratio;
* ``war_share_spanning_years`` is compared with the COW war data, which have
  years but no dates: each simulated war is taken to begin on a day drawn
  uniformly over its year, so a war of D days fights in two calendar years
  with chance min(1, D / 365.25); the share is the mean chance over the wars
  (a war of the model is one pair's, as the COW pairs are, and it begins and
  ends its dispute, save a dispute that reached war while open), with the
  Wilson interval of that many wars.

What the model cannot say yet is left out, with the reason in
:data:`NOT_SIMULATED` (the fit table shows it). Durations shorter than one
step are not resolved (a dispute lasts at least one step: about 30 days when
steps are months).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ddsim.calibration.classes import RELEVANT_CLASSES, pair_classes, rival_pairs
from ddsim.calibration.intervals import bootstrap_quantile, poisson_rate, rate_ratio, wilson_share
from ddsim.core.disputes import MILITARIZED, dispute_counts
from ddsim.core.replica import Replica, Replication
from ddsim.experiments.jobs import Job, Outcome, batch_of

#: Days in a step of each unit (the record measures durations in days).
DAYS_PER_STEP = {"week": 7.0, "month": 365.25 / 12, "quarter": 365.25 / 4, "year": 365.25}
STEPS_PER_YEAR = {"week": 365.25 / 7, "month": 12.0, "quarter": 4.0, "year": 1.0}
DAYS_PER_YEAR = 365.25

#: Targets the model does not produce, and why.
NOT_SIMULATED: dict[str, str] = {}


@dataclass(frozen=True)
class Moment:
    """A simulated quantity with its 95% interval."""

    value: float
    low: float
    high: float


def run_disputes(jobs: Sequence[Job]) -> list[Outcome]:
    """Run a batch of replications and keep what the targets are measured on.

    The outcome's ``summary`` holds the dispute counts of the run
    (:func:`ddsim.core.disputes.dispute_counts`), the dyad-years at risk (all,
    relevant, other), and the durations of the militarized disputes that began
    in the first half of the run (in steps, and of those that reached war);
    its time series is empty. It also counts the MID onsets and dyad-years of
    each class of relevant pair (rivals, contiguous, major:
    :func:`ddsim.calibration.classes.pair_classes`), and of the relevant
    pairs in each half of the run (for the drift).
    """
    batch = batch_of(jobs)
    batch.run_for(batch.spec.steps)
    runs = [disputes_of(Replica(batch, r)) for r in range(len(jobs))]
    return [Outcome(job, pd.DataFrame(), run, None) for job, run in zip(jobs, runs, strict=True)]


def disputes_of(model: Replication) -> dict[str, Any]:
    """:func:`run_disputes`'s summary of one finished run."""
    relevant = model.relevance[model.pairs] >= 1.0
    classes = pair_classes(model)
    records = model.dispute_log.records()
    per_year = STEPS_PER_YEAR[model.spec.step_unit]
    steps = model.spec.steps
    years = steps / per_year
    # Durations of the disputes that began in the first half of the run, those
    # still open at the end counted at the length they had: a dispute that
    # began then had half the run to end, so the open ones are longer than
    # almost all the others and quantiles up to the third quartile are exact
    # (taking only the disputes that ended would favour short wars).
    timed = ~records["left_censored"] & (records["highest"] >= MILITARIZED)
    half = steps // 2
    timed &= records["onset"] <= half
    lasted = (records["end"] - records["onset"])[timed]
    out = {
        **dispute_counts(records, relevant, per_year),
        "dyad_years": float(relevant.size * years),
        "dyad_years_relevant": float(relevant.sum() * years),
        "durations": lasted.astype(np.int32),
        "war_durations": lasted[records["highest"][timed] == 5].astype(np.int32),
        "days_per_step": DAYS_PER_STEP[model.spec.step_unit],
    }
    for name in RELEVANT_CLASSES:
        counted = dispute_counts(records, classes[name], per_year)
        out[f"mid_onsets_{name}"] = counted["mid_onsets_relevant"]
        out[f"dyad_years_{name}"] = float(classes[name].sum() * years)
    # The drift: onsets of relevant pairs that began in each half of the run
    # (a dispute open at the start began before it and is no onset).
    early = records["onset"] <= half
    for which, part, length in (("first", early, half), ("second", ~early, steps - half)):
        chosen = {key: column[part] for key, column in records.items()}
        counted = dispute_counts(chosen, relevant, per_year)
        out[f"mid_onsets_relevant_{which}_half"] = counted["mid_onsets_relevant"]
        out[f"dyad_years_relevant_{which}_half"] = float(relevant.sum() * length / per_year)
    return out


def rivalry_counts(outcomes: Sequence[Outcome]) -> tuple[int, float, int, float]:
    """MID onsets between the rival pairs and between the other relevant
    pairs, each with its dyad-years, pooled over ``outcomes`` of
    :func:`run_disputes`: the model's side of
    :func:`ddsim.calibration.targets.rivalry_onsets`, in the same order."""
    rival_years = _total(outcomes, "dyad_years_rivals")
    rivals = int(_total(outcomes, "mid_onsets_rivals"))
    others = int(_total(outcomes, "mid_onsets_relevant")) - rivals
    return rivals, rival_years, others, _relevant_years(outcomes) - rival_years


def rivals_to_others(outcomes: Sequence[Outcome]) -> Moment | None:
    """How many times as often rival pairs start MIDs as the other relevant
    pairs (per dyad-year), pooled over ``outcomes`` of :func:`run_disputes`:
    not a target of the fit, a check of where disputes fall."""
    counts = rivalry_counts(outcomes)
    if counts[1] <= 0:  # the scenario starts no pair as rivals
        return None
    return Moment(*rate_ratio(*counts))


def _drift(outcomes: Sequence[Outcome]) -> Moment | None:
    """Relevant pairs' MID onsets per dyad-year in the second half of the
    runs over those in the first half, with the exact conditional interval."""
    first = _total(outcomes, "dyad_years_relevant_first_half")
    second = _total(outcomes, "dyad_years_relevant_second_half")
    if first <= 0 or second <= 0:  # a run of one step has no halves
        return None
    before = int(_total(outcomes, "mid_onsets_relevant_first_half"))
    if before == 0:  # no onset to compare with
        return Moment(float("nan"), float("nan"), float("nan"))
    after = int(_total(outcomes, "mid_onsets_relevant_second_half"))
    return Moment(*rate_ratio(after, second, before, first))


def _spans_years(outcomes: Sequence[Outcome]) -> Moment:
    """The share of the wars that would fight in more than one calendar year
    if each began on a day drawn uniformly over its year: a war of D days
    crosses a new year with chance min(1, D / 365.25); the share is the mean
    chance, with the Wilson interval of that many wars."""
    days = _pooled(outcomes, "war_durations")
    if days.size == 0:
        return Moment(float("nan"), 0.0, 1.0)
    return Moment(*wilson_share(float(np.minimum(1.0, days / DAYS_PER_YEAR).sum()), days.size))


def _total(outcomes: Sequence[Outcome], key: str) -> float:
    return float(sum(o.summary[key] for o in outcomes))


def _pooled(outcomes: Sequence[Outcome], key: str) -> np.ndarray:
    days = outcomes[0].summary["days_per_step"]
    return np.concatenate([o.summary[key] for o in outcomes]).astype(float) * days


def _rate(events: str, exposure: Callable[[Sequence[Outcome]], float]):
    def measure(outcomes: Sequence[Outcome]) -> Moment | None:
        at_risk = exposure(outcomes)
        if at_risk <= 0:  # no such pairs in the scenario: nothing to measure
            return None
        return Moment(*poisson_rate(int(_total(outcomes, events)), at_risk))

    return measure


def _share(level: int):
    def measure(outcomes: Sequence[Outcome]) -> Moment:
        n = int(_total(outcomes, "whole_mids"))
        if n == 0:
            return Moment(float("nan"), 0.0, 1.0)
        return Moment(*wilson_share(int(_total(outcomes, f"highest_{level}")), n))

    return measure


def _reciprocated(outcomes: Sequence[Outcome]) -> Moment:
    n = int(_total(outcomes, "whole_mids"))
    if n == 0:
        return Moment(float("nan"), 0.0, 1.0)
    return Moment(*wilson_share(int(_total(outcomes, "reciprocated")), n))


def _quantile(key: str, q: float):
    def measure(outcomes: Sequence[Outcome]) -> Moment:
        values = _pooled(outcomes, key)
        if values.size == 0:
            return Moment(float("nan"), float("nan"), float("nan"))
        return Moment(*bootstrap_quantile(values, q))

    return measure


def _all_years(outcomes: Sequence[Outcome]) -> float:
    return _total(outcomes, "dyad_years")


def _relevant_years(outcomes: Sequence[Outcome]) -> float:
    return _total(outcomes, "dyad_years_relevant")


def _other_years(outcomes: Sequence[Outcome]) -> float:
    return _all_years(outcomes) - _relevant_years(outcomes)


def _years_of(name: str) -> Callable[[Sequence[Outcome]], float]:
    def years(outcomes: Sequence[Outcome]) -> float:
        return _total(outcomes, f"dyad_years_{name}")

    return years


#: How each target is measured on pooled replications, by target name.
MEASURES: dict[str, Callable[[Sequence[Outcome]], Moment | None]] = {
    "mid_onset_rate_all": _rate("mid_onsets", _all_years),
    "mid_onset_rate_relevant": _rate("mid_onsets_relevant", _relevant_years),
    **{
        f"mid_onset_rate_{name}": _rate(f"mid_onsets_{name}", _years_of(name))
        for name in RELEVANT_CLASSES
    },
    "mid_onset_rate_other": _rate("mid_onsets_other", _other_years),
    "mid_onset_ratio_second_half": _drift,
    "war_onset_rate": _rate("war_onsets", _all_years),
    "highest_level_threat": _share(2),
    "highest_level_display": _share(3),
    "highest_level_use_of_force": _share(4),
    "highest_level_war": _share(5),
    "share_reciprocated": _reciprocated,
    "median_dispute_duration": _quantile("durations", 0.5),
    "war_duration_q25": _quantile("war_durations", 0.25),
    "war_duration_q50": _quantile("war_durations", 0.5),
    "war_duration_q75": _quantile("war_durations", 0.75),
    "war_share_spanning_years": _spans_years,
}


def simulated(outcomes: Sequence[Outcome], names: Sequence[str]) -> dict[str, Moment]:
    """Every target in ``names`` measured on the pooled ``outcomes``
    (replications of one parameter set). Left out: those the model cannot
    produce (see :data:`NOT_SIMULATED`) and rates of pairs the scenario does
    not have (no pair outside the relevant ones, say)."""
    measured = {name: MEASURES[name](outcomes) for name in names if name in MEASURES}
    return {name: m for name, m in measured.items() if m is not None}


__all__ = [
    "MEASURES",
    "NOT_SIMULATED",
    "Moment",
    "rival_pairs",
    "rivalry_counts",
    "rivals_to_others",
    "run_disputes",
    "simulated",
]
