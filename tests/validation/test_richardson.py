"""Richardson (1960): two states reacting to each other's shows of force
settle when k l < a b and run away when k l > a b.

Mapping (docs/validation.md): the model's memory of force received obeys
``F_i <- (1 - force_memory) F_i + c s_j`` with ``c`` the credibility of a show
of force and ``s_j`` the other's rate; a ``richardson`` state sends at rate
``s_i = g + reaction F_i``. So ``k = c reaction_i``, ``l = c reaction_j`` and
``a = b = force_memory``; with equal reactions, k l < a b iff
``c reaction < force_memory``. The credibility is derived from the action
catalogue: ``1 - benign / hostile`` = 1 - 0.1 / 0.4 = 0.75 for a show of force,
so reaction 0.1 settles (0.075 < 0.1) and 0.25 runs away (0.1875 > 0.1).

Tolerance: 100 replications; 95% CI of the rate of shows of force in the
second half of the run.
"""

import numpy as np
import pytest

from ddsim import DiplomacyModel
from ddsim.core.actions import DEFAULT_ACTIONS
from ddsim.experiments import validation as v

C = DEFAULT_ACTIONS["show_of_force"].credibility
A, G = 0.1, 0.05  # force_memory, grievance


@pytest.fixture(scope="module")
def races():
    return v.richardson(reactions=(0.1, 0.25), replications=100, workers=2)


def test_the_credibility_of_a_show_of_force_by_hand():
    assert abs(C - (1 - 0.1 / 0.4)) < 1e-12
    assert C * 0.1 < A < C * 0.25  # the two reactions lie on either side of the threshold


def test_the_strategys_memory_is_the_models_force_memory():
    """The strategy keeps Richardson's memory of the shows of force it received;
    the model keeps its own. They are equal step by step when no dispute
    starts: a dispute that reaches a use of force adds one unit of force
    received to the model's memory (``DiplomacyModel._start_disputes``), which
    is the dispute process, not Richardson's reaction to shows of force. So the
    check turns onsets and incidents off (``onset_rate`` and ``incident_rate``
    0); the races themselves (below) run with them on."""
    with v.validation_strategies():
        model = DiplomacyModel(
            v.scenario("richardson"), rng=3, variant="runs-away", onset_rate=0, incident_rate=0
        )
    for _ in range(40):
        model.step()
        for s in model.states_by_index:
            felt = s.strategy.felt
            # the strategy updates its memory at the next decision; do it here
            expected = (1 - A) * felt + C * (model.received[s.index] < 0)
            np.testing.assert_allclose(expected, model.force[s.index], rtol=1e-12, atol=1e-12)
    assert model.force.max() > 1.0  # the race ran away: the check compared real memories
    # the shows of force are displays of force (militarized incidents), yet no
    # dispute's onset added force: the memories above stayed equal
    assert (model.pair_hostility >= 3).any()


@pytest.mark.slow
def test_below_the_threshold_the_race_settles_where_richardson_says(races):
    rate = races.loc[races["reaction"] == 0.1, "rate"]
    mean, low, high = v.mean_ci(rate)
    theory = v.richardson_theory(0.1, G, A, C)  # 0.05 / (1 - 0.75) = 0.2
    assert low <= theory <= high, (mean, low, high, theory)


@pytest.mark.slow
def test_above_the_threshold_the_race_runs_away(races):
    rate = races.loc[races["reaction"] == 0.25, "rate"]
    mean, low, _ = v.mean_ci(rate)
    assert low > 0.8, (mean, low)  # near the cap of one show per step
