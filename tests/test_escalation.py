"""Unit tests of the MID ladder (ddsim.escalation) against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest

from ddsim.core import escalation as esc
from ddsim.core.parameters import Params

P = Params()


def test_capability_share():
    share = esc.capability_share(np.array([1.0, 3.0]))
    assert share[0, 1] == pytest.approx(0.75)
    assert share[1, 0] == pytest.approx(0.25)
    np.testing.assert_allclose(share + share.T, 1.0)


@pytest.mark.parametrize(("t", "expected"), [(0.5, 0.0), (0.25, 0.5), (0.0, 1.0), (0.9, 0.0)])
def test_distrust(t, expected):
    assert esc.distrust(np.array(t), 0.5) == pytest.approx(expected)


class TestFear:
    def test_hand_value(self):
        # distrust 0.5 x 2 x share 0.5 x (1 + 2 x force 1) = 1.5
        value = esc.fear(np.array(0.25), np.array(0.5), np.array(1.0), P)
        assert value == pytest.approx(1.5)

    def test_grows_with_force_and_falls_with_trust(self):
        force = np.linspace(0, 3, 7)
        assert np.all(np.diff(esc.fear(np.full(7, 0.2), np.full(7, 0.5), force, P)) > 0)
        t = np.linspace(0, 0.5, 6)
        assert np.all(np.diff(esc.fear(t, np.full(6, 0.5), np.zeros(6), P)) < 0)

    def test_no_fear_of_a_trusted_state(self):
        assert esc.fear(np.array(0.8), np.array(0.9), np.array(5.0), P) == 0


class TestAmbition:
    def test_hand_value(self):
        # resolve min(1, 1 x 0.5) = 0.5; deterrence 0.5 x 0.5; opportunity 2 x 0.5
        assert esc.ambition(np.array(0.5), np.array(0.5), P) == pytest.approx(0.75)
        assert esc.ambition(np.array(0.5), np.array(0.0), P) == pytest.approx(1.0)

    def test_deterred_by_strength_and_by_resolve(self):
        share = np.linspace(0.1, 0.9, 9)
        assert np.all(np.diff(esc.ambition(share, np.full(9, 0.5), P)) < 0)
        force = np.linspace(0, 1, 6)
        assert np.all(np.diff(esc.ambition(np.full(6, 0.5), force, P)) < 0)

    def test_a_much_stronger_resolute_side_deters_completely(self):
        assert esc.ambition(np.array(1.0), np.array(5.0), P) == pytest.approx(0.0)


def test_allied_sum_leaves_out_the_state_itself():
    allies = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=bool)
    values = np.array([[1.0, 2.0, 4.0], [1.0, 2.0, 4.0]])
    out = esc.allied_sum(allies, values, np.array([2, 0]))
    # row 0 (state 2): ally of 0 is 1 -> 2; ally of 1 is 0 -> 1; 2 has none
    np.testing.assert_allclose(out[0], [2.0, 1.0, 0.0])
    # row 1 (state 0): its own strength does not count for its ally 1
    np.testing.assert_allclose(out[1], [2.0, 0.0, 0.0])


class TestPush:
    def setup_method(self):
        self.trust = np.full((2, 2), 0.3)
        self.capability = np.array([1.0, 1.0])
        self.no_allies = np.zeros((2, 2), dtype=bool)

    def push(self, force, revisionist, allies=None, capability=None):
        return esc.push(
            self.trust,
            self.capability if capability is None else capability,
            force,
            np.array(revisionist),
            self.no_allies if allies is None else allies,
            P,
        )

    def test_force_feeds_a_security_seekers_spiral(self):
        calm = self.push(np.zeros((2, 2)), [False, False])
        coerced = self.push(np.array([[0, 1.0], [0, 0]]), [False, False])
        assert coerced[0, 1] > calm[0, 1] > 0

    def test_force_deters_a_revisionist(self):
        calm = self.push(np.zeros((2, 2)), [True, False])
        coerced = self.push(np.array([[0, 1.0], [0, 0]]), [True, False])
        assert calm[0, 1] > coerced[0, 1]

    def test_a_revisionist_does_not_push_out_of_fear(self):
        self.trust = np.full((2, 2), 0.9)  # no fear at all
        push = self.push(np.zeros((2, 2)), [True, False])
        assert push[0, 1] == pytest.approx(P.revisionist_ambition * 2 * 0.5)
        assert push[1, 0] == 0.0

    def test_allies_deter_a_revisionist(self):
        capability = np.array([1.0, 1.0, 1.0])
        self.trust = np.full((3, 3), 0.3)
        self.no_allies = np.zeros((3, 3), dtype=bool)
        allies = np.array([[0, 0, 0], [0, 0, 1], [0, 1, 0]], dtype=bool)
        alone = self.push(np.zeros((3, 3)), [True, False, False], capability=capability)
        allied = self.push(np.zeros((3, 3)), [True, False, False], allies, capability)
        assert allied[0, 1] < alone[0, 1]


class TestStepProbabilities:
    def test_hand_values(self):
        pushes = np.array([[0.0, 0.5], [0.2, 0.0]])
        t = np.full((2, 2), 0.5)
        up, down = esc.step_probabilities(pushes, t, np.zeros((2, 2)), np.ones((2, 2)), P)
        assert up[0, 1] == up[1, 0] == pytest.approx(0.06 * 0.5)
        # a baseline (dispute fatigue 0.04) plus the trust term, given no step up
        assert down[0, 1] == pytest.approx((0.04 + 0.08 * 0.5) * (1 - 0.03))

    def test_trust_and_channels_help_down(self):
        pushes = np.zeros((2, 2))
        low = esc.step_probabilities(pushes, np.full((2, 2), 0.2), np.zeros((2, 2)), 1.0, P)[1]
        high = esc.step_probabilities(pushes, np.full((2, 2), 0.8), np.zeros((2, 2)), 1.0, P)[1]
        chan = esc.step_probabilities(pushes, np.full((2, 2), 0.2), np.full((2, 2), 1.0), 1.0, P)[1]
        assert high[0, 1] > low[0, 1] and chan[0, 1] > low[0, 1]

    def test_relevance_scales_up_and_everything_stays_a_probability(self):
        rng = np.random.default_rng(0)
        pushes = rng.uniform(0, 50, (5, 5))
        t = rng.random((5, 5))
        up, down = esc.step_probabilities(pushes, t, rng.random((5, 5)), np.full((5, 5), 0.1), P)
        assert np.all((up >= 0) & (up <= 1) & (down >= 0) & (up + down <= 1 + 1e-12))
        np.testing.assert_allclose(up, up.T)


class TestMove:
    def test_one_rung_at_most_never_leaves_the_ladder_never_moves_wars(self):
        rng = np.random.default_rng(1)
        hostility = rng.integers(0, 6, 10_000).astype(np.int8)
        p_up = rng.random(10_000)
        p_down = (1 - p_up) * rng.random(10_000)
        moved = esc.move(hostility, p_up, p_down, rng.random(10_000))
        assert moved.min() >= 0 and moved.max() <= 5
        assert np.all(np.abs(moved.astype(int) - hostility) <= 1)
        np.testing.assert_array_equal(moved[hostility == 5], 5)

    def test_hand_cases(self):
        hostility = np.array([0, 2, 2, 2, 0])
        p_up = np.full(5, 0.3)
        p_down = np.full(5, 0.3)
        uniform = np.array([0.1, 0.1, 0.4, 0.7, 0.4])
        # up; up; down (0.3 <= u < 0.6); stay; at 0 cannot go down
        np.testing.assert_array_equal(esc.move(hostility, p_up, p_down, uniform), [1, 3, 1, 2, 0])

    def test_certain_escalation_reaches_war_and_stays(self):
        h = np.array([4])
        h = esc.move(h, np.ones(1), np.zeros(1), np.array([0.5]))
        assert h[0] == 5
        assert esc.move(h, np.zeros(1), np.ones(1), np.array([0.5]))[0] == 5


def test_war_ends_hazard_grows_with_duration():
    months = np.array([0, 3, 3, 200])
    uniform = np.array([0.0, 0.29, 0.31, 0.999])
    np.testing.assert_array_equal(esc.war_ends(months, 0.1, uniform), [False, True, False, True])
