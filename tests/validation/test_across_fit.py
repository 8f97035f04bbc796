"""The validation's comparisons of strategies across the fit (issue 20, item 8).

Each claim of ``ddsim.experiments.validation_fit.FIT_CLAIMS`` is run on 16
accepted parameter sets, 100 replications per variant and set, the same
seeds in each. Tolerance: the two-level bootstrap 95% interval of the
difference (over seeds and sets) excludes 0 on the claimed side, the same
test as on the defaults (tests/validation/test_spiral_deterrence.py,
test_grit.py, test_security_community.py) with the parameters' uncertainty
inside the interval. A claim that does not hold
on the defaults (GRIT) is a strict expected failure here too; the settings
at which deterring the validation pair's revisionist fails (weakness_gain 0,
revisionist_insecurity 1) are not run across the fit. The round robin's
claims (coercion does worst; with noise, generous reciprocity beats plain)
are checked on 8 accepted sets, 50 games a pairing and set: coercion worst
in every set, and the two-level interval of generous minus plain below 0.
"""

import pytest

from ddsim.experiments.validation_fit import FIT_CLAIMS, claims_across_fit, tournament_across_fit

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def across():
    return claims_across_fit(sets=16, replications=100, workers=2).set_index("claim")


#: As on the defaults (tests/validation/test_grit.py), so across the fit.
NOT_REPRODUCED = {
    "GRIT calms a hostile pair": "not reproduced across the fit, as on the defaults: from the "
    "hostile start neither GRIT nor reciprocity shows force, so there is nothing for GRIT's "
    "initiatives to calm (docs/validation.md, GRIT; across the fit)",
}
CLAIMS = [
    pytest.param(claim, marks=[pytest.mark.xfail(strict=True, reason=NOT_REPRODUCED[claim])])
    if claim in NOT_REPRODUCED
    else claim
    for claim in FIT_CLAIMS
]


@pytest.mark.parametrize("claim", CLAIMS)
def test_the_claim_holds_over_seeds_and_accepted_sets(across, claim):
    row = across.loc[claim]
    assert row["sets"] == 16 and row["replications"] == 100
    assert row["holds"], row.to_dict()


@pytest.fixture(scope="module")
def round_robin():
    return tournament_across_fit(sets=8, replications=50, workers=2).set_index("strategy")


def test_coercion_does_worst_in_every_accepted_set(round_robin):
    """Axelrod (1984), as tests/validation/test_reciprocity.py asks on the defaults."""
    assert round_robin.loc["coercive", "sets_worst"] == 8, round_robin


def test_with_noise_generous_beats_plain_across_the_fit(round_robin):
    """Wu & Axelrod (1995): the paired difference of the two scores, generous
    minus plain, has its two-level 95% interval below 0."""
    row = round_robin.loc["generous - plain"]
    assert row["high"] < 0, row.to_dict()
