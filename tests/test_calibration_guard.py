"""The fit to the record holds (issue 10, the guard in CI).

``world_2014`` run with the default parameters, as the calibration ran it
(variant ``status_quo``, 120 monthly steps, seeds 0 and 1), must stay within a
factor of 2 of the headline targets of 1946-2014: the dispute onset rates
(all pairs, politically relevant pairs, the rest) and the war onset rate; and
its median dispute must last at most two months. A later change to the model
that quietly undoes the fit fails here. The share of disputes reaching war is
not within a factor of 2 (a strict expected failure, with the reason). Since
Model 3 (contention, issue 18) strategic rivals start disputes more often than
other relevant pairs as in the record (15.2 [13.0, 17.8] times against 15.7
[14.2, 17.2]); the test asks for at least half the record's ratio.

Issue 20's targets are held too: the onset rates of strategic rivals and of
contiguous pairs within a factor of 2 (pairs with a major power are not: a
strict expected failure, with the reason), no drift (the second half's
onset rate over the first's inside the record's interval), and the share of
wars that cross a new year within a factor of 2.
"""

from __future__ import annotations

import pytest

from ddsim.calibration.fit import targets_for
from ddsim.calibration.moments import rivals_to_others, run_disputes, simulated
from ddsim.calibration.targets import rate_ratio, rivalry_onsets
from ddsim.experiments.jobs import Job, replication_seed
from ddsim.scenarios import load_scenario

pytestmark = pytest.mark.slow

HEADLINE = (
    "mid_onset_rate_all",
    "mid_onset_rate_relevant",
    "mid_onset_rate_other",
    "war_onset_rate",
)
#: Issue 20's onset rates by class of pair held within FACTOR of the record.
CLASSES = ("mid_onset_rate_rivals", "mid_onset_rate_contiguous")
FACTOR = 2.0
TWO_MONTHS = 61.0  # days


@pytest.fixture(scope="module")
def runs():
    sc = load_scenario("world_2014").replace(steps=120)
    return run_disputes([Job(sc, "status_quo", r, replication_seed(0, r)) for r in range(2)])


@pytest.fixture(scope="module")
def moments(runs):
    return simulated(
        runs,
        [
            *HEADLINE,
            *CLASSES,
            "mid_onset_rate_major",
            "mid_onset_ratio_second_half",
            "war_share_spanning_years",
            "highest_level_war",
            "median_dispute_duration",
        ],
    )


def ratio(moments, name: str) -> float:
    target = {t.name: t for t in targets_for("1946-2014")}[name]
    return moments[name].value / target.value


@pytest.mark.parametrize("name", [*HEADLINE, *CLASSES, "war_share_spanning_years"])
def test_world_2014_stays_within_a_factor_of_two_of_the_record(moments, name):
    r = ratio(moments, name)
    assert 1 / FACTOR <= r <= FACTOR, f"{name}: model {moments[name].value:.5g} ({r:.2f} times)"


@pytest.mark.xfail(
    strict=True,
    reason="the model's disputes are between two states: a war is one dispute of one pair. In "
    "the record wars are multilateral (13.4 dyads a dispute against 2.6 for other MIDs, "
    "1946-2014), so the war onset rate per dyad (4.1% of MID onsets) and the share of "
    "disputes reaching war (1.7%) cannot both be met; the fit settles near 4% "
    "(docs/calibration.md)",
)
def test_the_share_of_disputes_reaching_war_is_within_a_factor_of_two(moments):
    assert 0.5 <= ratio(moments, "highest_level_war") <= 2.0


def test_disputes_stay_short(moments):
    assert moments["median_dispute_duration"].value <= TWO_MONTHS


def test_rivals_start_disputes_more_often_than_others_as_in_the_record(runs):
    record = rate_ratio(*rivalry_onsets("1946-2014"))[0]
    assert rivals_to_others(runs).value >= record / FACTOR


@pytest.mark.xfail(
    strict=True,
    reason="a pair with a major power is as relevant as two neighbours in the model (relevance "
    "is one number for both), so at the defaults pairs with a major start disputes 2.0 times as "
    "often as in the record and neighbours 0.73 times; the joint fit could not trade them "
    "(docs/calibration.md, the joint fit)",
)
def test_pairs_with_a_major_power_stay_within_a_factor_of_two(moments):
    assert ratio(moments, "mid_onset_rate_major") <= FACTOR


def test_the_onset_rate_does_not_drift_over_a_run(moments):
    target = {t.name: t for t in targets_for("1946-2014")}["mid_onset_ratio_second_half"]
    assert target.low <= moments["mid_onset_ratio_second_half"].value <= target.high
