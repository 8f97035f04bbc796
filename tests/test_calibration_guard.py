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
FACTOR = 2.0
TWO_MONTHS = 61.0  # days


@pytest.fixture(scope="module")
def runs():
    sc = load_scenario("world_2014").replace(steps=120)
    return run_disputes([Job(sc, "status_quo", r, replication_seed(0, r)) for r in range(2)])


@pytest.fixture(scope="module")
def moments(runs):
    return simulated(runs, [*HEADLINE, "highest_level_war", "median_dispute_duration"])


def ratio(moments, name: str) -> float:
    target = {t.name: t for t in targets_for("1946-2014")}[name]
    return moments[name].value / target.value


@pytest.mark.parametrize("name", HEADLINE)
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
