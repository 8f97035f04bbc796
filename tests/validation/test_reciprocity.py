"""Axelrod (1984): in a round robin, reciprocal strategies do well and
unconditional coercion does poorly; with noise, generous tit for tat beats
plain tit for tat (Wu & Axelrod 1995).

A strategy's score is the mean MID level of its dyads (lower is better),
averaged over all its opponents, itself included; 100 replications per
pairing; 95% CIs over replications.
"""

import pytest

from ddsim.experiments import validation as v

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def noisy():
    return v.tournament_scores(v.tournament(replications=100, workers=2))


@pytest.fixture(scope="module")
def noiseless():
    games = v.tournament(
        replications=100,
        workers=2,
        parameters={"perception_noise": 0.0},
        players=("reciprocal", "generous_reciprocal"),
    )
    return v.tournament_scores(games[games["strategy"].isin(["reciprocal", "generous_reciprocal"])])


def test_unconditional_coercion_does_worst(noisy):
    worst = noisy.index[-1]
    others_high = noisy.drop(index="coercive")["high"].max()
    assert worst == "coercive" and noisy.loc["coercive", "low"] > others_high, noisy


def test_a_reciprocal_strategy_is_in_the_top_half(noisy):
    top = list(noisy.index[: len(noisy) // 2 + 1])
    assert {"reciprocal", "generous_reciprocal"} & set(top), noisy


def test_with_noise_generous_beats_plain_reciprocity(noisy):
    assert noisy.loc["generous_reciprocal", "high"] < noisy.loc["reciprocal", "low"], noisy


@pytest.mark.xfail(
    strict=True,
    reason="not reproduced: plain tit for tat answers every real show of force in kind, and "
    "since Model 3 force answered keeps a dispute open and climbing (3.77 against the coercive "
    "entrant, where generous reciprocity has 3.47; 2.60 against hedging, 1.44), so it is 5th of "
    "7 with noise and without (docs/validation.md, reciprocity)",
)
def test_plain_reciprocity_is_in_the_top_half(noisy):
    assert "reciprocal" in list(noisy.index[: len(noisy) // 2 + 1]), noisy


@pytest.mark.xfail(
    strict=True,
    reason="not reproduced since Model 3: a show of force is a display of force, and plain tit for "
    "tat answers the coercive entrants' force in kind, which keeps the dispute open and makes it "
    "climb, so forgiving pays without misreadings too (mean MID level 0.91 [0.90, 0.92] against "
    "generous reciprocity's 0.67 [0.64, 0.71]; docs/validation.md, reciprocity)",
)
def test_without_noise_plain_reciprocity_does_as_well_as_generous(noiseless):
    """Generosity only pays when there are misreadings to forgive."""
    r, g = noiseless.loc["reciprocal"], noiseless.loc["generous_reciprocal"]
    assert r["low"] <= g["high"] and g["low"] <= r["high"], noiseless
