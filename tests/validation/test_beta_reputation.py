"""Josang & Ismail (2002), the Beta reputation system: ddsim's trust numbers
equal the formulas exactly (to floating-point rounding, 1e-12) for evidence
sequences computed by hand, forgetting and base rate included.

Formulas (ddsim/trust.py): with positive evidence r, negative evidence s,
base rate a and prior weight W, trust = (r + W a) / (r + s + W); with a = 0.5
and W = 2 this is Josang's (r + 1) / (r + s + 2), the mean of Beta(r+1, s+1).
Each step evidence is first forgotten (times 1 - forgetting), then the
step's evidence is added: credibility x evidence_per_action for a friendly
act, negativity_weight times that for a hostile one.
"""

import numpy as np
import pytest
from scipy import stats

from ddsim import STRATEGIES, DiplomacyModel, load_scenario
from ddsim.core import trust
from ddsim.experiments.validation import validation_strategies

EXACT = 1e-12


@pytest.mark.parametrize(
    ("r", "s", "a", "w", "expected"),
    [
        (8, 2, 0.5, 2, 0.75),  # (8 + 1) / (8 + 2 + 2)
        (0, 0, 0.3, 10, 0.3),  # no evidence: the base rate
        (3, 1, 0.3, 10, 3 / 7),  # (3 + 3) / (3 + 1 + 10)
        (0, 4, 0.5, 2, 1 / 6),  # (0 + 1) / (0 + 4 + 2)
    ],
)
def test_expected_trust_by_hand(r, s, a, w, expected):
    assert abs(trust.expected_trust(np.float64(r), np.float64(s), a, w) - expected) < EXACT


@pytest.mark.parametrize(("r", "s"), [(0, 0), (8, 2), (0.37, 5.2), (40, 1)])
def test_classic_prior_is_the_mean_of_the_beta_distribution(r, s):
    assert abs(trust.expected_trust(r, s) - stats.beta(r + 1, s + 1).mean()) < EXACT


def test_forgetting_by_hand():
    evidence = np.array([10.0, 1.0])
    for _ in range(3):
        trust.forget(evidence, 0.1)
    assert np.allclose(evidence, [7.29, 0.729], rtol=0, atol=EXACT)


def test_misreading_probability_by_hand():
    # 0.5 x (1 - 0.2) x (1 - 0.3) x (1 - 0.5) = 0.14
    got = trust.misreading_probability(0.5, np.array(0.2), np.array(0.3), np.array(0.5))
    assert abs(got - 0.14) < EXACT


@validation_strategies()  # talk_only
def _dyad(strategy, forgetting=0.1, prior_weight=2.0, base=0.3):
    return DiplomacyModel(
        load_scenario(
            {
                "name": "beta-check",
                "steps": 10,
                "states": [
                    {"id": "A", "strategy": strategy, "region": "r"},
                    {"id": "B", "strategy": "passive", "region": "r"},
                ],
                "relations": {"defaults": {"trust": base, "hostility": 0}},
                "parameters": {
                    "perception_noise": 0.0,  # nothing is misread
                    "escalation_rate": 0.0,  # no dispute, so no distrust from hostility
                    "incident_rate": 0.0,
                    "forgetting": forgetting,
                    "prior_weight": prior_weight,
                },
            }
        ),
        rng=1,
    )


def test_the_model_follows_the_formulas_for_friendly_acts():
    """A sends B staff talks (credibility 0.2) every step; forgetting 0.1, W = 2,
    base rate 0.3. By hand: r1 = 0.2, r2 = 0.9 x 0.2 + 0.2 = 0.38,
    r3 = 0.9 x 0.38 + 0.2 = 0.542; trust = (0.542 + 0.6) / (0.542 + 2)."""
    model = _dyad("talk_only")
    expected_r = [0.2, 0.38, 0.542]
    for r in expected_r:
        model.step()
        assert abs(model.evidence_pos[1, 0] - r) < EXACT
        assert model.evidence_neg[1, 0] == 0.0
    assert abs(model.trust[1, 0] - 1.142 / 2.542) < EXACT
    assert model.trust[0, 1] == pytest.approx(0.3, abs=EXACT)  # B did nothing


def test_the_model_follows_the_formulas_for_hostile_acts():
    """A (coercive) shows force at B every step: credibility 0.6, negativity
    weight 2, so 1.2 units of negative evidence a step. By hand:
    s1 = 1.2, s2 = 0.9 x 1.2 + 1.2 = 2.28; trust = (0 + 0.6) / (2.28 + 2)."""
    model = _dyad("coercive")
    model.step()
    assert abs(model.evidence_neg[1, 0] - 1.2) < EXACT
    model.step()
    assert abs(model.evidence_neg[1, 0] - 2.28) < EXACT
    assert abs(model.trust[1, 0] - 0.6 / 4.28) < EXACT


def test_without_news_trust_returns_to_the_base_rate():
    """Evidence fades geometrically, so trust goes back to the base rate."""
    model = _dyad("talk_only", forgetting=0.2)
    model.run_for(5)
    model.states_by_index[0].strategy = STRATEGIES["passive"]()
    model.run_for(100)
    assert abs(model.trust[1, 0] - 0.3) < 1e-8
