"""The fit to the record holds (issue 10, the guard in CI).

``world_2014`` run with the default parameters, as the calibration ran it
(variant ``status_quo``, 120 monthly steps, seeds 0 and 1), must stay within a
factor of 2 of the headline targets of 1946-2014: the dispute onset rates
(all pairs, politically relevant pairs, the rest) and the war onset rate; and
its median dispute must last at most two months. A later change to the model
that quietly undoes the fit fails here. Since the joint fit (issue 20) the
share of disputes reaching war is within a factor of 2 as well (1.5 times the
record, where two-state wars keep it above). Since Model 3 (contention, issue
18) strategic rivals start disputes more often than other relevant pairs as
in the record; the test asks for at least half the record's ratio.

Issue 20's targets are held too: the onset rates of strategic rivals, of
contiguous pairs and of pairs with a major power within a factor of 2, no
drift (the second half's onset rate over the first's inside the record's
interval), and the share of wars that cross a new year within a factor of 2.
"""

from __future__ import annotations

import pytest

from ddsim.calibration.distance import targets_for
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
CLASSES = ("mid_onset_rate_rivals", "mid_onset_rate_contiguous", "mid_onset_rate_major")
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


def test_the_share_of_disputes_reaching_war_is_within_a_factor_of_two(moments):
    """Two-state wars cannot meet both the war onset rate per dyad and this
    share (docs/calibration.md, the joint fit), but the joint fit brought the
    share within a factor of two (1.5 times the record)."""
    assert 0.5 <= ratio(moments, "highest_level_war") <= 2.0


def test_disputes_stay_short(moments):
    assert moments["median_dispute_duration"].value <= TWO_MONTHS


def test_rivals_start_disputes_more_often_than_others_as_in_the_record(runs):
    record = rate_ratio(*rivalry_onsets("1946-2014"))[0]
    assert rivals_to_others(runs).value >= record / FACTOR


def test_the_onset_rate_does_not_drift_over_a_run(moments):
    target = {t.name: t for t in targets_for("1946-2014")}["mid_onset_ratio_second_half"]
    assert target.low <= moments["mid_onset_ratio_second_half"].value <= target.high
