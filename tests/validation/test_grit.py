"""Osgood (1962), GRIT: from a hostile start, a GRIT state facing a reciprocal
partner lowers tension faster than two reciprocal states do.

Tolerance: 100 replications per variant; the Welch 95% CI of the difference
in months until the pair is back at MID level 1 or lower (and in mean
hostility) must lie below 0.

ddsim does NOT reproduce this result (docs/validation.md explains why), so
the test is a strict expected failure: it documents the claim and will tell
us (by an unexpected pass) if a change to the model makes it hold. With
Model 2's announcements GRIT does a little better than reciprocity by mean
hostility, but the interval still reaches 0; the time to calm does not
differ, because a dispute short of war now ends with a constant hazard that
no strategy moves but through crisis channels.
"""

import pytest

from ddsim.experiments import validation as v

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def grit():
    return v.grit(replications=100, workers=2)[0]


@pytest.mark.xfail(
    strict=True,
    reason="not reproduced: since Model 3 a misread initiative is evidence, not force, so the "
    "reciprocal partner has no force to answer and no side ever shows force: two reciprocal "
    "states are as calm as GRIT's pair, and the starting threat ends by the hazard every dispute "
    "has (months to calm 1.70 against 1.68; mean MID level -0.003 [-0.011, +0.005]; "
    "docs/validation.md, GRIT)",
)
@pytest.mark.parametrize("column", ["months_to_calm", "mean_hostility"])
def test_grit_lowers_tension_faster_than_reciprocity(grit, column):
    diff, low, high = v.welch_diff(
        v.column(grit, "grit-vs-reciprocal", column),
        v.column(grit, "reciprocal-vs-reciprocal", column),
    )
    assert high < 0, (diff, low, high)


@pytest.mark.xfail(
    strict=True,
    reason="the control no longer separates since Model 3: a misread act is evidence, not force, "
    "so two reciprocal states calm the hostile start as two engaging states do (the same mean "
    "MID level in every run, 0.022, 100 runs each; docs/validation.md, GRIT)",
)
def test_engagement_from_the_hostile_start_does_calm_the_pair(grit):
    """The hostile start is not hopeless: two engaging states calm it."""
    diff, low, high = v.welch_diff(
        v.column(grit, "engagement-vs-engagement", "mean_hostility"),
        v.column(grit, "reciprocal-vs-reciprocal", "mean_hostility"),
    )
    assert high < 0, (diff, low, high)
