"""Misperception in crises (Holsti 1972; Lebow 1981): the same friendly act is
misread more often at a higher MID level; mil-to-mil ties offset it (Cottey &
Forster 2004).

Scenario ``scenarios/validation/misperception.yaml``: one staff talk a month
to a receiver at trust 0.3, with the pair held at peace (MID 0) or in a
display of force (MID 3): no new disputes, and an open one ends only with the
lowest hazard (0.01 a month; the steps after it ended are not counted). The
talks build ties, so early months (1-12, ties about 0.2) are compared with
late months (49-60, ties about 0.7). Two variants switch one mechanism off:
crisis stress (``display-no-stress``) and the clarity ties give
(``display-no-clarity``).

Tolerance: 200 replications per variant; per replication the share of acts
misread in a window; Welch 95% intervals for differences between variants,
Student t intervals for paired differences within a variant; each must
exclude 0 in the claimed direction.
"""

import pytest

from ddsim.experiments import validation as v

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def misread():
    return v.misperception(replications=200, workers=2)[0]


def test_the_same_act_is_misread_more_often_in_a_crisis(misread):
    diff, low, high = v.welch_diff(
        v.column(misread, "display", "early"), v.column(misread, "peace", "early")
    )
    assert low > 0, (diff, low, high)


def test_the_gap_is_crisis_stress(misread):
    """Switching crisis stress off takes most of the gap away: what is left is
    the distrust the dispute breeds."""
    diff, low, high = v.welch_diff(
        v.column(misread, "display", "early"), v.column(misread, "display-no-stress", "early")
    )
    assert low > 0, (diff, low, high)


def test_as_ties_grow_the_crisis_misreads_less(misread):
    display = misread[misread["variant"] == "display"].dropna(subset=["early", "late"])
    mean, low, high = v.mean_ci((display["late"] - display["early"]).to_numpy())
    assert high < 0, (mean, low, high)


def test_it_is_the_ties_that_offset_it(misread):
    """Late in the run, with ties that clarify and with ties that do not."""
    diff, low, high = v.welch_diff(
        v.column(misread, "display", "late"), v.column(misread, "display-no-clarity", "late")
    )
    assert high < 0, (diff, low, high)


def test_with_grown_ties_a_crisis_misreads_less_than_a_peace_without_them(misread):
    diff, low, high = v.welch_diff(
        v.column(misread, "display", "late"), v.column(misread, "peace", "early")
    )
    assert high < 0, (diff, low, high)
