"""Josang & Ismail (2002), the Beta reputation system, with Model 2's evidence:
ddsim's trust numbers equal the formulas exactly (to floating-point rounding,
1e-12) for evidence sequences computed by hand, forgetting and base rate
included.

Formulas (ddsim/core/trust.py and DiplomacyModel.apply_engagements):

* With positive evidence r, negative evidence s, base rate a and prior weight
  W, trust = (r + W a) / (r + s + W); with a = 0.5 and W = 2 this is Josang's
  (r + 1) / (r + s + 2), the mean of Beta(r+1, s+1).
* Each step evidence is first forgotten (times 1 - forgetting), then the
  step's evidence is added.
* An act's weight is ``evidence_per_action x |ln(benign / hostile)|``, the
  log-likelihood ratio of a benign over a hostile sender taking it (Kydd 2005,
  *Trust and Mistrust*, ch. 7). A friendly act adds it to the target's
  positive evidence about the actor; a hostile act (or a misread friendly one)
  adds ``negativity_weight`` times it to the negative.
* Betrayal (Bohnet & Zeckhauser 2004): a coercive act then turns a share
  ``betrayal`` of the target's positive evidence about the actor into negative.
* Announced initiatives (Osgood 1962): an announcement promises
  ``announcement_steps`` steps of conciliation; each step kept (a conciliatory
  act to the partner, no coercion) adds ``integrity_weight``; a step broken
  (coercion, or nothing) is a betrayal and ends the initiative.
* Onlookers see ``reputation_weight x visibility x weight`` times the chance
  they watch either side; a coercive act also times their trust in the victim
  and ``1 + r / (r + s + W)`` of the victim's record (a broken pattern counts
  up to twice).
* Misreading: ``noise x (1 - credibility) x (1 - trust) x (1 - clarity) x
  stress``, stress = 1 + crisis_stress x level / 5; checked by frequency.
"""

import math

import numpy as np
import pytest
from scipy import stats
from scripted import Scripted

from ddsim import STRATEGIES, DiplomacyModel, load_scenario
from ddsim.core import trust
from ddsim.core.actions import DEFAULT_ACTIONS
from ddsim.core.strategies.base import KIND_CODE
from ddsim.experiments.validation import validation_strategies

EXACT = 1e-12
#: Weights of the acts used here, by hand: 0.5 x ln(benign / hostile).
TALK = 0.5 * math.log(0.9 / 0.8)  # staff_talks: cheap talk, 0.0589
SHOW = 0.5 * math.log(0.4 / 0.1)  # show_of_force: ln 2 = 0.693
QUIET = {"onset_rate": 0.0, "incident_rate": 0.0}  # no dispute, so no distrust from one


def test_the_catalogue_holds_the_likelihoods_used_here():
    talk, show = DEFAULT_ACTIONS["staff_talks"], DEFAULT_ACTIONS["show_of_force"]
    assert (talk.benign, talk.hostile, show.benign, show.hostile) == (0.9, 0.8, 0.1, 0.4)
    assert abs(0.5 * abs(talk.evidence) - TALK) < EXACT
    assert abs(0.5 * abs(show.evidence) - SHOW) < EXACT


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
    # 0.5 x (1 - 0.2) x (1 - 0.3) x (1 - 0.5) = 0.14 at peace; x (1 + 3 / 5) in a display
    got = trust.misreading_probability(0.5, np.array(0.2), np.array(0.3), np.array(0.5))
    assert abs(got - 0.14) < EXACT
    stress = trust.crisis_stress(np.array(3), 1.0)
    got = trust.misreading_probability(0.5, np.array(0.2), np.array(0.3), np.array(0.5), stress)
    assert abs(got - 0.14 * 1.6) < EXACT


@validation_strategies()  # talk_only
def _dyad(strategy, forgetting=0.1, prior_weight=2.0, base=0.3, **parameters):
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
                    **QUIET,
                    "forgetting": forgetting,
                    "prior_weight": prior_weight,
                    **parameters,
                },
            }
        ),
        rng=1,
    )


def test_the_model_follows_the_formulas_for_friendly_acts():
    """A sends B staff talks (weight 0.5 ln(0.9 / 0.8) = w) every step;
    forgetting 0.1, W = 2, base rate 0.3. By hand: r1 = w, r2 = 0.9 w + w =
    1.9 w, r3 = 0.9 x 1.9 w + w = 2.71 w; trust = (r3 + 0.6) / (r3 + 2)."""
    model = _dyad("talk_only")
    expected_r = [TALK, 1.9 * TALK, 2.71 * TALK]
    for r in expected_r:
        model.step()
        assert abs(model.evidence_pos[1, 0] - r) < EXACT
        assert model.evidence_neg[1, 0] == 0.0
    r3 = expected_r[-1]
    assert abs(model.trust[1, 0] - (r3 + 0.6) / (r3 + 2)) < EXACT
    assert model.trust[0, 1] == pytest.approx(0.3, abs=EXACT)  # B did nothing


def test_the_model_follows_the_formulas_for_hostile_acts():
    """A (coercive) shows force at B every step: weight 0.5 ln(0.4 / 0.1) =
    ln 2, negativity weight 2, so ln 4 units of negative evidence a step. The
    first show of force opens a dispute at a display of force (level 3), which
    breeds 0.05 x 3 of distrust a step it lasts (``hostility_distrust``), and
    at that level A deploys instead (weight 0.5 ln(0.3 / 0.03) = ln 10 / 2,
    so ln 10 a step). By hand: s1 = ln 4, s2 = 0.9 ln 4 + 0.15 + ln 10;
    trust = (0 + 0.6) / (s2 + 2)."""
    model = _dyad("coercive")
    model.step()
    assert abs(model.evidence_neg[1, 0] - math.log(4)) < EXACT
    assert model.pair_hostility[0] == 3
    model.step()
    s2 = 0.9 * math.log(4) + 0.05 * 3 + math.log(10)
    assert abs(model.evidence_neg[1, 0] - s2) < EXACT
    assert abs(model.trust[1, 0] - 0.6 / (s2 + 2)) < EXACT
    assert model.evidence_pos[1, 0] == 0.0


def test_without_news_trust_returns_to_the_base_rate():
    """Evidence fades geometrically, so trust goes back to the base rate."""
    model = _dyad("talk_only", forgetting=0.2)
    model.run_for(5)
    model.states_by_index[0].strategy = STRATEGIES["passive"]()
    model.run_for(100)
    assert abs(model.trust[1, 0] - 0.3) < 1e-8


# --------------------------------------------------------------------------
# betrayal
# --------------------------------------------------------------------------
def _coerced_once(record, betrayal):
    """B holds ``record`` units of positive evidence about A (a pattern A built
    before); A shows force at B once. Returns B's trust in A before and after."""
    model = _dyad("coercive", forgetting=0.0, betrayal=betrayal)
    model.evidence_pos[1, 0] = record
    before = trust.expected_trust(np.float64(record), np.float64(0.0), 0.3, 2.0)
    model.step()
    return before, model


@pytest.mark.parametrize("betrayal", [0.0, 0.3, 1.0])
def test_betrayal_by_hand(betrayal):
    """r = 20, then ln 4 of negative evidence, then a share of r moves to s."""
    before, model = _coerced_once(20.0, betrayal)
    moved = 20.0 * betrayal
    assert abs(model.evidence_pos[1, 0] - (20.0 - moved)) < EXACT
    assert abs(model.evidence_neg[1, 0] - (math.log(4) + moved)) < EXACT
    assert abs(model.trust[1, 0] - (20.6 - moved) / (22 + math.log(4))) < EXACT
    assert abs(before - 20.6 / 22) < EXACT


def test_a_trusted_partner_that_coerces_loses_more_than_a_stranger():
    """The same show of force: a stranger (no record) loses 0.3 - 0.6 / (2 +
    ln 4) = 0.123 of B's trust; a partner with a record of 20 units would lose
    only 0.056 without betrayal (its record makes trust sticky), and loses
    0.312 with the default betrayal 0.3."""
    stranger_before, stranger = _coerced_once(0.0, 0.3)
    partner_before, partner = _coerced_once(20.0, 0.3)
    sticky_before, sticky = _coerced_once(20.0, 0.0)
    lost_stranger = stranger_before - stranger.trust[1, 0]
    lost_partner = partner_before - partner.trust[1, 0]
    lost_sticky = sticky_before - sticky.trust[1, 0]
    assert lost_stranger == pytest.approx(0.3 - 0.6 / (2 + math.log(4)), abs=EXACT)
    assert lost_sticky < lost_stranger < lost_partner
    assert lost_partner == pytest.approx(20.6 / 22 - 14.6 / (22 + math.log(4)), abs=EXACT)


# --------------------------------------------------------------------------
# announced initiatives (GRIT)
# --------------------------------------------------------------------------
def _announcer(script, **parameters):
    """A follows ``script`` (step -> engagements towards B), forgetting 0."""
    model = _dyad("passive", forgetting=0.0, **parameters)
    model.states_by_index[0].strategy = Scripted(script)
    return model


ANNOUNCE, TALKS, SHOW_FORCE = (
    [("announcement", "B")],
    [("staff_talks", "B")],
    [("show_of_force", "B")],
)


def test_an_announcement_kept_earns_integrity_step_by_step():
    model = _announcer({1: ANNOUNCE, 2: TALKS, 3: TALKS})
    model.step()
    assert model.announced[0, 1] == 6  # announcement_steps
    assert model.evidence_pos[1, 0] == 0.0  # cheap in itself: ln(0.9 / 0.9) = 0
    model.step()
    assert model.announced[0, 1] == 5
    assert abs(model.evidence_pos[1, 0] - (TALK + 0.5)) < EXACT  # + integrity_weight
    model.step()
    assert model.announced[0, 1] == 4
    assert abs(model.evidence_pos[1, 0] - 2 * (TALK + 0.5)) < EXACT
    assert model.evidence_neg[1, 0] == 0.0
    assert model.announced[1, 0] == 0  # B announced nothing


def test_an_announcement_carried_through_asks_nothing_more():
    model = _announcer({1: ANNOUNCE, 2: TALKS, 3: TALKS}, announcement_steps=2)
    model.run_for(3)
    assert model.announced[0, 1] == 0
    kept = model.evidence_pos[1, 0]
    assert abs(kept - 2 * (TALK + 0.5)) < EXACT
    model.run_for(2)  # nothing now is no broken promise
    assert model.evidence_pos[1, 0] == kept and model.evidence_neg[1, 0] == 0.0


def test_a_step_with_nothing_reneges():
    model = _announcer({1: ANNOUNCE, 2: TALKS})
    model.run_for(3)
    record = TALK + 0.5
    assert model.announced[0, 1] == 0  # the initiative is over
    assert abs(model.evidence_pos[1, 0] - 0.7 * record) < EXACT  # betrayal 0.3
    assert abs(model.evidence_neg[1, 0] - 0.3 * record) < EXACT


def test_coercion_reneges_and_betrays_twice():
    """Coercing the partner is a betrayal of the record (0.3 of it) and a
    broken announcement (0.3 of what is left)."""
    model = _announcer({1: ANNOUNCE, 2: TALKS, 3: SHOW_FORCE})
    model.run_for(3)
    record = TALK + 0.5
    assert model.announced[0, 1] == 0
    assert abs(model.evidence_pos[1, 0] - 0.49 * record) < EXACT
    assert abs(model.evidence_neg[1, 0] - (math.log(4) + 0.51 * record)) < EXACT


def test_keeping_an_announcement_builds_more_trust_than_the_same_acts_alone():
    announced = _announcer({1: ANNOUNCE, 2: TALKS, 3: TALKS})
    silent = _announcer({2: TALKS, 3: TALKS})
    announced.run_for(3)
    silent.run_for(3)
    assert abs(silent.evidence_pos[1, 0] - 2 * TALK) < EXACT
    assert announced.trust[1, 0] > silent.trust[1, 0]


# --------------------------------------------------------------------------
# onlookers judge coercion by their trust in the victim and the broken pattern
# --------------------------------------------------------------------------
@pytest.mark.parametrize("record", [0.0, 20.0])
def test_an_onlooker_judges_coercion_by_hand(record):
    """A shows force at B; C (same region) trusts B 0.8. C gathers
    2 x 0.2 x 0.7 x ln 2 x 0.8 x (1 + r / (r + ln 4 + 2)) about A, r being
    B's record about A: more when A breaks a pattern it built with B."""
    sc = load_scenario(
        {
            "name": "onlooker",
            "states": [{"id": s, "strategy": "passive", "region": "r"} for s in "ABC"],
            "relations": {
                "defaults": {"trust": 0.3},
                "pairs": [{"between": ["C", "B"], "trust": 0.8, "symmetric": False}],
            },
            "parameters": {
                "perception_noise": 0.0,
                "forgetting": 0.0,
                "prior_weight": 2.0,
                **QUIET,
            },
        }
    )
    model = DiplomacyModel(sc, rng=1)
    model.states_by_index[0].strategy = Scripted(SHOW_FORCE)
    model.evidence_pos[1, 0] = record
    model.step()
    broken = 1 + record / (record + math.log(4) + 2)
    expected = 2 * 0.2 * 0.7 * SHOW * 0.8 * broken
    assert abs(model.evidence_neg[2, 0] - expected) < EXACT
    assert model.evidence_pos[2, 0] == 0.0
    # the victim counts the act once, as its target (and the betrayal), not as an onlooker
    assert abs(model.evidence_neg[1, 0] - (math.log(4) + 0.3 * record)) < EXACT


# --------------------------------------------------------------------------
# misreading: by frequency in the model
# --------------------------------------------------------------------------
def _misread_share(level, ties, acts=20_000):
    """Share of ``acts`` CSBMs from A to B that B misreads, B trusting A 0.3,
    at MID ``level`` with ``ties``; perception_noise 1."""
    sc = load_scenario(
        {
            "name": "misreading",
            "states": [{"id": s, "strategy": "passive", "region": "r"} for s in "AB"],
            "relations": {
                "defaults": {"trust": 0.3},
                "pairs": [{"between": ["A", "B"], "hostility": level}],
            },
            "parameters": {"perception_noise": 1.0, **QUIET},
        }
    )
    model = DiplomacyModel(sc, rng=level * 10 + int(ties * 10))
    model.ties[0, 1] = model.ties[1, 0] = ties
    kind = np.full(acts, KIND_CODE["csbm"])
    model.apply_engagements(np.zeros(acts, dtype=int), np.ones(acts, dtype=int), kind)
    return model.misread / acts


@pytest.mark.parametrize(("level", "ties"), [(0, 0.0), (2, 0.0), (4, 0.0), (5, 0.0), (4, 0.5)])
def test_misreading_in_the_model_follows_the_formula(level, ties):
    """Expected: 1 x (1 - 0.8) x (1 - 0.3) x (1 - 0.8 ties) x (1 + level / 5)
    (a CSBM's credibility is 1 - 0.08 / 0.4 = 0.8; tie_clarity 0.8). Tolerance:
    4 binomial standard errors of 20,000 acts (at most 0.013)."""
    expected = 0.2 * 0.7 * (1 - 0.8 * ties) * (1 + level / 5)
    got = _misread_share(level, ties)
    assert abs(got - expected) < 4 * math.sqrt(expected * (1 - expected) / 20_000), (got, expected)


def test_misreading_grows_with_the_crisis_and_falls_with_ties():
    peace, force, war = (_misread_share(level, 0.0) for level in (0, 4, 5))
    assert peace < force < war
    assert _misread_share(4, 0.5) < force
