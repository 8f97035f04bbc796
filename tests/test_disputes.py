"""Disputes as the record counts them: the ladder turned into episodes."""

import numpy as np
import pytest

from ddsim import DiplomacyModel, load_scenario
from ddsim.core.disputes import DisputeLog, dispute_counts


def log_of(*steps):
    """A log of three pairs fed the levels given step by step (first: step 0)."""
    log = DisputeLog(np.array(steps[0]))
    for levels in steps[1:]:
        log.update(np.array(levels))
    return log.records()


def test_an_episode_from_leaving_zero_to_coming_back():
    r = log_of([0, 0, 0], [1, 0, 0], [3, 0, 0], [2, 0, 0], [0, 0, 0])
    assert r["pair"].tolist() == [0]
    assert (r["onset"][0], r["end"][0], r["highest"][0]) == (1, 4, 3)
    assert not r["left_censored"][0] and not r["right_censored"][0]


def test_censored_disputes_are_flagged():
    r = log_of([2, 0, 0], [2, 1, 0], [0, 5, 0])
    by_pair = {int(p): k for k, p in enumerate(r["pair"])}
    first, second = by_pair[0], by_pair[1]
    assert r["left_censored"][first] and not r["right_censored"][first]
    assert r["right_censored"][second] and r["highest"][second] == 5 and r["end"][second] == 2


def test_a_pair_can_have_several_disputes():
    r = log_of([0, 0, 0], [0, 0, 2], [0, 0, 0], [0, 0, 4], [0, 0, 0])
    assert r["pair"].tolist() == [2, 2]
    assert r["highest"].tolist() == [2, 4]
    assert (r["end"] - r["onset"]).tolist() == [1, 1]


def test_counts_leave_out_level_one_and_disputes_begun_before():
    r = log_of([3, 0, 0], [0, 1, 2], [0, 0, 5], [0, 0, 5], [0, 0, 0])
    c = dispute_counts(r, relevant=np.array([True, True, False]))
    assert c["mid_onsets"] == 1  # pair 2 only: pair 1 stayed at level 1, pair 0 began before
    assert c["mid_onsets_relevant"] == 0 and c["mid_onsets_other"] == 1
    assert c["war_onsets"] == 1 and c["highest_5"] == 1 and c["whole_mids"] == 1
    assert c["median_duration_steps"] == 3


def test_the_model_keeps_the_log_without_changing_its_course():
    sc = load_scenario("scenarios/rivals.yaml")
    model = DiplomacyModel(sc, rng=3, variant="deterrence")
    model.run_for(60)
    r = model.dispute_log.records()
    assert r["onset"].size > 0
    # what the log says is open is what the ladder shows at the end
    still_open = r["pair"][r["right_censored"]]
    assert sorted(still_open.tolist()) == np.flatnonzero(model.pair_hostility > 0).tolist()
    # every closed dispute's pair is at 0 only if no later dispute of it is open
    assert (r["end"] >= r["onset"]).all() and (r["highest"] >= 1).all()


@pytest.mark.parametrize("variant", ["engagement", "deterrence"])
def test_new_disputes_reporter_agrees_with_the_log(variant):
    """The timeseries' new_disputes counts the same onsets the log records."""
    sc = load_scenario("scenarios/rivals.yaml")
    model = DiplomacyModel(sc, rng=5, variant=variant)
    model.run_for(120)
    ts = model.datacollector.get_model_vars_dataframe()
    r = model.dispute_log.records()
    assert int(ts["new_disputes"].sum()) == int((~r["left_censored"]).sum())


def test_onsets_can_be_counted_once_per_pair_and_year():
    """The record's dyad-year data hold at most one onset per pair and year."""
    steps = [[0, 0, 0]] + [[2, 0, 0], [0, 0, 0]] * 3 + [[0, 0, 0]] * 10 + [[3, 0, 0], [0, 0, 0]]
    r = log_of(*steps)
    assert dispute_counts(r)["mid_onsets"] == 4  # months 1, 3, 5 and 17
    yearly = dispute_counts(r, steps_per_year=12)
    assert yearly["mid_onsets"] == 2  # year 1 (three disputes) and year 2
    assert yearly["whole_mids"] == 4  # shares and durations still count every dispute
