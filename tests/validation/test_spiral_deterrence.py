"""Jervis (1976, ch. 3): the spiral and the deterrence models.

Tolerance: a difference of means whose Welch 95% confidence interval
excludes 0 (common random numbers), over 400 replications per variant for the
spiral (war is rare at the calibrated rates: 100 left the war-risk interval
reaching 0) and 100 for deterrence.

Since Model 2 the deterrence claim (and with it the sign that depends on
disposition) is not reproduced: a revisionist is driven by the stronger of
its fear and its ambition, and the shows of force that deter its ambition
feed its fear more (docs/validation.md). Those two tests are strict expected
failures.
"""

import pytest

from ddsim.experiments import validation as v

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spiral():
    return v.spiral(replications=400, workers=2)[0]


@pytest.fixture(scope="module")
def deterrence():
    return v.deterrence(replications=100, workers=2)[0]


def test_spiral_force_raises_hostility_between_security_seekers(spiral):
    diff, low, high = v.welch_diff(
        v.column(spiral, "force", "mean_hostility"),
        v.column(spiral, "engagement", "mean_hostility"),
    )
    assert low > 0, (diff, low, high)


def test_spiral_force_raises_war_risk_between_security_seekers(spiral):
    diff, low, high = v.welch_diff(
        v.column(spiral, "force", "war"), v.column(spiral, "engagement", "war")
    )
    assert low > 0, (diff, low, high)


DETERRENCE_LOST = pytest.mark.xfail(
    strict=True,
    reason="not reproduced: shows of force cut the revisionist's ambition but destroy its "
    "trust (0.25 against 0.65), and its insecurity grows with that distrust (escalation.push: "
    "the stronger of the two drives), so its drive stays where it was (0.50 against 0.47) and "
    "disputes start about once in three runs either way: the difference in hostility is nil, "
    "not negative (docs/validation.md, deterrence)",
)


@DETERRENCE_LOST
def test_deterrence_force_lowers_a_revisionists_escalation(deterrence):
    diff, low, high = v.welch_diff(
        v.column(deterrence, "revisionist-coerced", "mean_hostility"),
        v.column(deterrence, "revisionist-engaged", "mean_hostility"),
    )
    assert high < 0, (diff, low, high)


@DETERRENCE_LOST
def test_the_sign_of_coercion_depends_on_disposition(deterrence):
    against_seeker = v.welch_diff(
        v.column(deterrence, "seeker-coerced", "mean_hostility"),
        v.column(deterrence, "seeker-engaged", "mean_hostility"),
    )
    against_revisionist = v.welch_diff(
        v.column(deterrence, "revisionist-coerced", "mean_hostility"),
        v.column(deterrence, "revisionist-engaged", "mean_hostility"),
    )
    assert against_seeker[1] > 0 > against_revisionist[2], (against_seeker, against_revisionist)
