"""Richardson (1960): two states reacting to each other's shows of force
settle when k l < a b and run away when k l > a b.

Mapping (docs/validation.md): the model's memory of force received obeys
``F_i <- (1 - force_memory) F_i + c s_j`` with ``c`` the credibility of a show
of force and ``s_j`` the other's rate; a ``richardson`` state sends at rate
``s_i = g + reaction F_i``. So ``k = c reaction_i``, ``l = c reaction_j`` and
``a = b = force_memory``; with equal reactions, k l < a b iff
``c reaction < force_memory``.

Tolerance: 100 replications; 95% CI of the rate of shows of force in the
second half of the run.
"""

import numpy as np
import pytest

from ddsim import DiplomacyModel
from ddsim.experiments import validation as v

C, A, G = 0.6, 0.1, 0.05  # show_of_force credibility, force_memory, grievance


@pytest.fixture(scope="module")
def races():
    return v.richardson(reactions=(0.1, 0.25), replications=100, workers=2)


def test_the_strategys_memory_is_the_models_force_memory():
    with v.validation_strategies():
        model = DiplomacyModel(v.scenario("richardson"), rng=3, variant="runs-away")
    for _ in range(40):
        model.step()
        for s in model.states_by_index:
            felt = s.strategy.felt
            # the strategy updates its memory at the next decision; do it here
            expected = (1 - A) * felt + C * (model.received[s.index] < 0)
            assert np.allclose(expected, model.force[s.index])


@pytest.mark.slow
def test_below_the_threshold_the_race_settles_where_richardson_says(races):
    rate = races.loc[races["reaction"] == 0.1, "rate"]
    mean, low, high = v.mean_ci(rate)
    theory = v.richardson_theory(0.1, G, A, C)  # 0.05 / (1 - 0.6) = 0.125
    assert low <= theory <= high, (mean, low, high, theory)


@pytest.mark.slow
def test_above_the_threshold_the_race_runs_away(races):
    rate = races.loc[races["reaction"] == 0.25, "rate"]
    mean, low, _ = v.mean_ci(rate)
    assert low > 0.8, (mean, low)  # near the cap of one show per step
