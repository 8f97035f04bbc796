"""Kydd (2005, ch. 7): costly signals move trust more than cheap talk, per
unit of action; from a low prior, cheap talk alone does not build trust.

The variants set how likely a benign and a hostile sender are to send the
signal (staff talks: 0.9 against 0.81, cheap; 0.9 against 0.09, costly); its
evidence weight is the log-likelihood ratio (Model 2).

Tolerance: 100 replications per variant; 95% CIs (Welch for differences).
One signal is sent per month in every variant, so the change in trust after
24 months, divided by 24, is the change per unit of action.
"""

import numpy as np
import pytest

from ddsim.experiments import validation as v

pytestmark = pytest.mark.slow
MONTHS = 24


@pytest.fixture(scope="module")
def signals():
    return v.costly_signals(replications=100, workers=2)


def _gain_per_action(ts, variant, months=MONTHS):
    start = ts[(ts["variant"] == variant) & (ts["step"] == 0)]["trust"].to_numpy()
    end = ts[(ts["variant"] == variant) & (ts["step"] == months)]["trust"].to_numpy()
    return (end - start) / months


@pytest.mark.parametrize("prior", ["low", "neutral"])
def test_costly_signals_move_trust_more_per_action(signals, prior):
    diff, low, high = v.welch_diff(
        _gain_per_action(signals, f"costly-{prior}-prior"),
        _gain_per_action(signals, f"cheap-{prior}-prior"),
    )
    assert low > 0, (diff, low, high)


@pytest.mark.xfail(
    strict=True,
    reason="not reproduced: the scenario's cheap talk still has a likelihood ratio above 1 "
    "(0.9 / 0.81), so each act read correctly adds a little evidence, and from a low prior the "
    "Beta mean moves (1 - T) / T times as far on good evidence as on bad, so talk misread 38% "
    "of the time at double weight still raises trust; Kydd's equilibrium cheap talk has a "
    "ratio of exactly 1 (docs/validation.md, costly signals)",
)
@pytest.mark.parametrize("months", [MONTHS, 120])
def test_cheap_talk_alone_does_not_build_trust_from_a_low_prior(signals, months):
    """Claim: after ``months`` of cheap talk the receiver's trust is not above
    its prior (the upper end of the 95% CI of the gain is <= 0.01, a change
    too small to matter)."""
    gain = _gain_per_action(signals, "cheap-low-prior", months) * months
    mean, low, high = v.mean_ci(gain)
    assert high <= 0.01, (mean, low, high)


def test_signals_are_the_only_thing_moving_trust(signals):
    """Sanity: with no signal of any weight trust would stay put, so every
    variant starts exactly at its prior."""
    first = signals[signals["step"] == 0].groupby("prior")["trust"].unique()
    assert np.allclose(first["low"], 0.15) and np.allclose(first["neutral"], 0.5)
