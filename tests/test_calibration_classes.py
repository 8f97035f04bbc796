"""The model's side of the targets of issue 20: where disputes fall, drift, wars across years.

- :func:`pair_classes` reads the four disjoint classes of pair off a hand-made
  scenario (majors, contiguity, rivals below the default trust);
- :func:`disputes_of` counts the onsets of each class and of each half of a
  run as the records say, on a short simulated run;
- the drift and the share of wars crossing a new year are measured on
  hand-made outcomes, with known answers;
- every stored target is one the model measures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ddsim import DiplomacyModel, load_scenario
from ddsim.calibration.classes import CLASSES, RELEVANT_CLASSES, pair_classes
from ddsim.calibration.distance import distance, targets_for
from ddsim.calibration.intervals import rate_ratio, wilson_share
from ddsim.calibration.moments import (
    DAYS_PER_STEP,
    MEASURES,
    NOT_SIMULATED,
    Moment,
    disputes_of,
    simulated,
)
from ddsim.calibration.targets import PERIODS, load_targets
from ddsim.core.disputes import dispute_counts
from ddsim.experiments.jobs import Outcome

#: A is a major; B-C and C-D are contiguous; B-C and A-E start as rivals
#: (trust below the default 0.5), D-E too but they are not a relevant pair.
SMALL = {
    "name": "classes",
    "steps": 48,
    # disputes enough to count: frequent onsets, and trust below 0.5 a threat
    "parameters": {"onset_rate": 0.1, "incident_rate": 0.01, "threat_threshold": 0.5},
    "states": [
        {"id": "A", "major": True, "strategy": "coercive"},
        *({"id": s, "strategy": "coercive"} for s in "BCDE"),
    ],
    "contiguity": [["B", "C"], ["C", "D"]],
    "relations": {
        "defaults": {"trust": 0.5},
        "pairs": [
            {"between": ["B", "C"], "trust": 0.2, "hostility": 2},
            {"between": ["A", "E"], "trust": 0.3, "hostility": 2},
            {"between": ["D", "E"], "trust": 0.1},
        ],
    },
}


def names_of(model, mask) -> set[str]:
    i, j = model.pairs
    return {model.ids[a] + model.ids[b] for a, b in zip(i[mask], j[mask], strict=True)}


def test_the_classes_are_read_off_the_scenario_and_do_not_overlap():
    model = DiplomacyModel(load_scenario(SMALL), rng=0)
    classes = pair_classes(model)
    assert set(classes) == set(CLASSES)
    assert names_of(model, classes["rivals"]) == {"BC", "AE"}
    assert names_of(model, classes["contiguous"]) == {"CD"}  # B-C are rivals
    assert names_of(model, classes["major"]) == {"AB", "AC", "AD"}  # A-E are rivals
    assert names_of(model, classes["other"]) == {"BD", "BE", "CE", "DE"}  # D-E: not relevant
    together = np.sum([classes[name] for name in CLASSES], axis=0)
    assert (together == 1).all()  # every pair in exactly one class


def test_without_a_contiguity_list_there_is_no_contiguous_or_major_class():
    spec = {**SMALL, "contiguity": None}
    spec["states"] = [
        {**s, "region": "west" if s["id"] in "AB" else "east"} for s in SMALL["states"]
    ]
    model = DiplomacyModel(load_scenario(spec), rng=0)
    classes = pair_classes(model)
    assert not classes["contiguous"].any() and not classes["major"].any()
    assert names_of(model, classes["rivals"]) == {"DE"}  # relevant: same region
    assert names_of(model, classes["other"]) == {"AC", "AD", "AE", "BC", "BD", "BE"}


@pytest.fixture(scope="module")
def run():
    model = DiplomacyModel(load_scenario(SMALL), rng=0)
    model.run_for(SMALL["steps"])
    return model


def test_the_classes_and_halves_are_counted_as_the_records_say(run):
    summary = disputes_of(run)
    records = run.dispute_log.records()
    classes = pair_classes(run)
    for name in RELEVANT_CLASSES:
        expected = dispute_counts(records, classes[name], 12)["mid_onsets_relevant"]
        assert expected > 0, f"the run should have {name} disputes to count"
        assert summary[f"mid_onsets_{name}"] == expected
        assert summary[f"dyad_years_{name}"] == classes[name].sum() * 4  # 48 months
    assert (
        sum(summary[f"mid_onsets_{name}"] for name in RELEVANT_CLASSES)
        == (summary["mid_onsets_relevant"])
    )
    # the halves: onsets that began in months 1-24 and 25-48, once a pair and year
    relevant = run.relevance[run.pairs] >= 1.0
    began = ~records["left_censored"] & (records["highest"] >= 2) & relevant[records["pair"]]
    year = (records["onset"] - 1) // 12
    for which, years in (("first", (0, 1)), ("second", (2, 3))):
        chosen = began & np.isin(year, years)
        by_hand = len({(p, y) for p, y in zip(records["pair"][chosen], year[chosen], strict=True)})
        assert summary[f"mid_onsets_relevant_{which}_half"] == by_hand, which
        assert summary[f"dyad_years_relevant_{which}_half"] == relevant.sum() * 2
    halves = summary["mid_onsets_relevant_first_half"] + summary["mid_onsets_relevant_second_half"]
    assert halves == summary["mid_onsets_relevant"]


def outcome(**summary) -> Outcome:
    return Outcome(None, pd.DataFrame(), {"days_per_step": DAYS_PER_STEP["month"], **summary})


def halves(first: int, second: int, first_years=100.0, second_years=100.0) -> Outcome:
    return outcome(
        mid_onsets_relevant_first_half=first,
        mid_onsets_relevant_second_half=second,
        dyad_years_relevant_first_half=first_years,
        dyad_years_relevant_second_half=second_years,
    )


def test_the_drift_is_the_second_half_over_the_first():
    measure = MEASURES["mid_onset_ratio_second_half"]
    runs = [halves(4, 12), halves(6, 8)]  # pooled: 10 onsets, then 20, in 200 dyad-years each
    assert measure(runs) == Moment(*rate_ratio(20, 200.0, 10, 200.0))
    assert measure(runs).value == pytest.approx(2.0)
    assert measure([halves(10, 10, 100.0, 50.0)]).value == pytest.approx(2.0)  # unequal halves
    assert measure([halves(0, 0, 0.0, 100.0)]) is None  # a one-step run has no first half
    assert np.isnan(measure([halves(0, 3)]).value)  # nothing to compare with


def test_the_share_of_wars_crossing_a_new_year_takes_a_uniform_start_day():
    measure = MEASURES["war_share_spanning_years"]
    # wars of 1, 6, 12 and 24 months cross a new year with chance 1/12, 1/2, 1 and 1
    runs = [outcome(war_durations=np.array([1, 6])), outcome(war_durations=np.array([12, 24]))]
    chance = 1 / 12 + 1 / 2 + 1 + 1
    assert measure(runs) == Moment(*wilson_share(chance, 4))
    assert measure(runs).value == pytest.approx(chance / 4)
    assert np.isnan(measure([outcome(war_durations=np.array([], dtype=np.int32))]).value)


def test_every_stored_target_is_measured_and_the_fit_reads_the_new_ones():
    stored = {t.name for t in load_targets()}
    assert stored <= set(MEASURES) | set(NOT_SIMULATED)
    new = {
        "mid_onset_rate_rivals",
        "mid_onset_rate_contiguous",
        "mid_onset_rate_major",
        "mid_onset_ratio_second_half",
        "war_share_spanning_years",
    }
    for period in PERIODS:
        goal = targets_for(period)
        assert new <= {t.name for t in goal}
        exact = {t.name: Moment(t.value, t.value, t.value) for t in goal}
        assert distance(exact, goal) == 0
        off = {**exact, "mid_onset_ratio_second_half": Moment(1.5, 1.5, 1.5)}
        assert distance(off, goal) > 10  # drifting by half is far from the record


def test_a_scenario_without_a_class_does_not_measure_it(run):
    summary = disputes_of(run)
    summary["dyad_years_major"] = 0.0  # as if the scenario had no major power
    measured = simulated([Outcome(None, pd.DataFrame(), summary)], list(MEASURES))
    assert "mid_onset_rate_major" not in measured
    assert "mid_onset_rate_contiguous" in measured
