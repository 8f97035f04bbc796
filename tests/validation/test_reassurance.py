"""Kydd (2000; 2005, ch. 7), reassurance: a benign state is recognised as
benign sooner through costly signals than through cheap ones.

Scenario ``scenarios/validation/reassurance.yaml``: one signal a month to a
receiver at trust 0.15, escalation off; the two variants differ only in how
likely a hostile sender would be to send that signal (0.81 or 0.09 against a
benign sender's 0.9). "Recognised" is the first month the receiver's trust in
the sender is above 0.5; runs not recognised by the horizon (60 months) are
censored there.

Tolerance: 200 replications per variant. The share recognised by month 24
(and by month 60) has a Wilson 95% interval for costly signals entirely above
the one for cheap talk; the Kaplan-Meier median month for costly signals has
an upper end (Brookmeyer-Crowley, from the Wilson band) below the month at
which cheap talk's median is reached, or below the horizon if it never is.
"""

import numpy as np
import pytest

from ddsim.experiments import validation as v

pytestmark = pytest.mark.slow
HORIZON = 60


@pytest.fixture(scope="module")
def recognised():
    per, _ = v.reassurance(replications=200, workers=2)
    return v.recognition(per, HORIZON, by=(24,)).set_index("variant")


@pytest.mark.parametrize("month", [24, HORIZON])
def test_costly_signals_are_recognised_by_more_runs(recognised, month):
    costly, cheap = recognised.loc["costly"], recognised.loc["cheap"]
    assert costly[f"by_{month}_low"] > cheap[f"by_{month}_high"], recognised


def test_costly_signals_are_recognised_sooner(recognised):
    costly, cheap = recognised.loc["costly"], recognised.loc["cheap"]
    cheap_median = HORIZON if np.isnan(cheap["median"]) else cheap["median"]
    assert costly["median_high"] < cheap_median, recognised


def test_every_run_has_the_same_number_of_signals():
    """Sanity: one signal a month in both variants, so only the signal's cost differs."""
    ts = v.track(v.scenario("reassurance"), v.perception, replications=3, progress=False).query(
        "step >= 1"
    )
    assert (ts["acts"] == 1).all(), ts["acts"].value_counts()
