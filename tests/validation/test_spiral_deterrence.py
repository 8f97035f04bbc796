"""Jervis (1976, ch. 3): the spiral and the deterrence models.

Tolerance: a difference of means whose 95% confidence interval excludes 0
(common random numbers). The spiral: Welch intervals over 400 replications
per variant (war is rare at the calibrated rates: 100 left the war-risk
interval reaching 0). Deterrence (issue 18): judged by what it is meant to
prevent, the months at use of force or war (MID 4 and 5), as paired
differences over 200 replications per variant, in the validation pair
(against a revisionist and against a security seeker) and in the packaged
``deterrence.yaml``, at the defaults and at both ends of the declared ranges
of the two Model 3 parameters that decide it
(``validation.DETERRENCE_SETTINGS``, declared before measuring). Where a
claim does not hold at a setting it is a strict expected failure with the
mechanism that prevents it.
"""

import pytest

from ddsim.experiments import validation as v

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def spiral():
    return v.spiral(replications=400, workers=2)[0]


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


@pytest.fixture(scope="module")
def deterrence():
    per, _ = v.deterrence(replications=200, workers=2, settings=list(v.DETERRENCE_SETTINGS))
    return v.deterrence_effects(per).set_index(["setting", "claim"])


AS_INSECURE_AS_GREEDY = (
    "not reproduced when a revisionist is as insecure as it is greedy "
    "(revisionist_insecurity 1): the shows of force that cut its ambition destroy its trust "
    "and raise its fear by as much (escalation.push adds the two), so deterring is nil "
    "(docs/validation.md, deterrence)"
)
NEVER_READ_AS_WEAKNESS = (
    "not reproduced when engagement is never read as weakness (weakness_gain 0): engaged, "
    "the revisionist's ambition is what it was, and what shows of force take from it they add "
    "to its insecurity, so deterring is nil: in this model deterrence works by denying the "
    "revisionist the reading of weakness (docs/validation.md, deterrence)"
)
#: In the validation pair only: since the joint fit (issue 20) the packaged
#: ``deterrence.yaml`` reproduces the sign at these settings too.
NOT_REPRODUCED = {
    ("revisionist_insecurity=1", "revisionist"): AS_INSECURE_AS_GREEDY,
    ("weakness_gain=0", "revisionist"): NEVER_READ_AS_WEAKNESS,
}
CASES = [
    pytest.param(
        setting,
        claim,
        id=f"{setting}-{claim}",
        marks=[pytest.mark.xfail(strict=True, reason=NOT_REPRODUCED[setting, claim])]
        if (setting, claim) in NOT_REPRODUCED
        else [],
    )
    for setting in v.DETERRENCE_SETTINGS
    for claim in v.DETERRENCE_CLAIMS
]


@pytest.mark.parametrize(("setting", "claim"), CASES)
def test_the_sign_of_deterring_depends_on_the_target(deterrence, setting, claim):
    """Deterring gives fewer months at use of force or war than engaging a
    revisionist (the validation pair and ``deterrence.yaml``), and more against
    a security seeker (the spiral)."""
    row = deterrence.loc[setting, claim]
    assert row["holds"], row.to_dict()
