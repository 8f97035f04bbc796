"""Deutsch et al. (1957): dense engagement inside a group produces a cluster
of mutual high trust within which war does not occur.

Tolerance: 100 replications per variant. The group counts as a community
when every member trusts every other above ``community_threshold`` (0.7);
the share of replications where it does must have a 95% CI above 0.9, and
no replication may see a war-month between two states that trust each other
above that threshold that month (Deutsch's claim), nor, a stricter test,
inside the group at all (before a community has formed too).
"""

import pytest

from ddsim.experiments import validation as v

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def communities():
    return v.security_community(replications=100, workers=2)[0]


def test_dense_engagement_builds_a_community(communities):
    dense = communities[communities["variant"] == "dense"]
    mean, low, high = v.mean_ci(dense["community"].astype(float))
    assert low > 0.9 or mean == 1.0, (mean, low, high)


def test_no_war_inside_a_community(communities):
    assert communities["war_months_in_community"].sum() == 0


def test_no_war_inside_the_group_even_before_it_is_a_community(communities):
    dense = communities[communities["variant"] == "dense"]
    assert dense["war_months_inside"].sum() == 0


def test_without_engagement_no_community_forms(communities):
    diff, low, high = v.welch_diff(
        v.column(communities, "dense", "final_min_trust"),
        v.column(communities, "sparse", "final_min_trust"),
    )
    assert low > 0, (diff, low, high)
