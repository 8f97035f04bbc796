"""Unit tests of ddsim.trust against values computed by hand."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from ddsim.core import trust


class TestExpectedTrust:
    def test_no_evidence_gives_the_base_rate(self):
        assert trust.expected_trust(np.array(0.0), np.array(0.0), 0.3, 10.0) == pytest.approx(0.3)

    def test_classic_beta_formula(self):
        # (r + 1) / (r + s + 2) with r = 3, s = 1: 4 / 6
        assert trust.expected_trust(np.array(3.0), np.array(1.0)) == pytest.approx(4 / 6)

    def test_base_rate_and_prior_weight(self):
        # (5 + 10 * 0.2) / (5 + 0 + 10) = 7 / 15
        value = trust.expected_trust(np.array(5.0), np.array(0.0), 0.2, 10.0)
        assert value == pytest.approx(7 / 15)

    def test_base_rate_per_pair(self):
        r = np.array([[0.0, 2.0], [0.0, 0.0]])
        s = np.array([[0.0, 0.0], [2.0, 0.0]])
        base = np.array([[0.5, 0.1], [0.9, 0.5]])
        out = trust.expected_trust(r, s, base, 2.0)
        assert out[0, 1] == pytest.approx((2 + 0.2) / 4)
        assert out[1, 0] == pytest.approx((0 + 1.8) / 4)

    def test_more_positive_evidence_more_trust(self):
        values = [trust.expected_trust(np.array(r), np.array(1.0)) for r in range(6)]
        assert values == sorted(values)
        assert all(0 < v < 1 for v in values)


class TestForget:
    def test_forgets_a_share_in_place(self):
        evidence = np.array([10.0, 4.0, 0.0])
        assert trust.forget(evidence, 0.1) is None
        np.testing.assert_allclose(evidence, [9.0, 3.6, 0.0])

    def test_rate_zero_keeps_everything(self):
        evidence = np.array([1.5, 2.5])
        trust.forget(evidence, 0.0)
        np.testing.assert_array_equal(evidence, [1.5, 2.5])

    def test_repeated_forgetting_is_geometric(self):
        evidence = np.array([8.0])
        for _ in range(3):
            trust.forget(evidence, 0.5)
        assert evidence[0] == pytest.approx(1.0)


class TestMisreading:
    def test_hand_value(self):
        # 0.5 * (1 - 0.2) * (1 - 0.4) * (1 - 0.5) = 0.12 at peace (stress 1)
        value = trust.misreading_probability(0.5, np.array(0.2), np.array(0.4), np.array(0.5))
        assert value == pytest.approx(0.12)

    def test_hand_value_in_a_crisis(self):
        # the same act in a use of force (level 4, crisis_stress 1): stress 1 + 4 / 5 = 1.8
        stress = trust.crisis_stress(np.array(4), 1.0)
        value = trust.misreading_probability(
            0.5, np.array(0.2), np.array(0.4), np.array(0.5), stress
        )
        assert value == pytest.approx(0.12 * 1.8)

    @pytest.mark.parametrize("what", ["credibility", "prior_trust", "clarity"])
    def test_each_factor_at_one_removes_misreading(self, what):
        args = {"credibility": 0.3, "prior_trust": 0.3, "clarity": 0.3, what: 1.0}
        chance = trust.misreading_probability(
            0.9, **{k: np.array(v) for k, v in args.items()}, stress=6.0
        )
        assert chance == 0

    def test_falls_with_clarity(self):
        clarity = np.linspace(0, 1, 11)
        p = trust.misreading_probability(0.5, np.full(11, 0.4), np.full(11, 0.3), clarity)
        assert np.all(np.diff(p) < 0)
        assert p[0] == pytest.approx(0.5 * 0.6 * 0.7)

    def test_grows_with_the_mid_level_and_stays_a_probability(self):
        stress = trust.crisis_stress(np.arange(6), 1.0)
        p = trust.misreading_probability(0.5, np.full(6, 0.2), np.full(6, 0.3), np.zeros(6), stress)
        assert np.all(np.diff(p) > 0)
        assert p[5] == pytest.approx(2 * p[0])  # twice as much misreading at war
        worst = trust.misreading_probability(
            1.0, np.zeros(6), np.zeros(6), np.zeros(6), trust.crisis_stress(np.arange(6), 5.0)
        )
        np.testing.assert_array_equal(worst, 1.0)  # capped: a chance, not a rate


class TestCrisisStress:
    def test_hand_values(self):
        np.testing.assert_allclose(
            trust.crisis_stress(np.arange(6), 1.0), [1.0, 1.2, 1.4, 1.6, 1.8, 2.0]
        )
        np.testing.assert_allclose(trust.crisis_stress(np.array([0, 5]), 5.0), [1.0, 6.0])

    def test_no_gain_no_stress(self):
        np.testing.assert_array_equal(trust.crisis_stress(np.arange(6), 0.0), 1.0)


class TestBetray:
    def test_turns_a_share_of_the_good_record_into_bad_in_place(self):
        pos, neg = np.array([4.0, 4.0, 0.0]), np.array([1.0, 1.0, 1.0])
        assert trust.betray(pos, neg, np.array([True, False, True]), 0.3) is None
        np.testing.assert_allclose(pos, [2.8, 4.0, 0.0])
        np.testing.assert_allclose(neg, [2.2, 1.0, 1.0])

    def test_keeps_the_total_evidence_and_does_nothing_at_share_zero(self):
        rng = np.random.default_rng(6)
        pos, neg = rng.uniform(0, 10, 50), rng.uniform(0, 10, 50)
        betrayed = rng.random(50) < 0.5
        total = pos + neg
        p2, n2 = pos.copy(), neg.copy()
        trust.betray(p2, n2, betrayed, 0.0)
        np.testing.assert_array_equal(p2, pos)
        np.testing.assert_array_equal(n2, neg)
        trust.betray(pos, neg, betrayed, 0.5)
        np.testing.assert_allclose(pos + neg, total)

    def test_a_trusted_partner_loses_more_than_a_stranger(self):
        """The same coercive act (ln 4 units of negative evidence) from a
        partner with a record of 20 units and from a stranger, base rate 0.3,
        W = 2. Without betrayal the record makes the partner's trust sticky
        (it loses 0.056 to the stranger's 0.123); with betrayal 0.3 it loses
        0.312."""
        act = np.log(4.0)

        def drop(record, share):
            pos, neg = np.array([record]), np.array([act])
            before = trust.expected_trust(np.array(record), np.array(0.0), 0.3, 2.0)
            trust.betray(pos, neg, np.array([True]), share)
            return float(before - trust.expected_trust(pos, neg, 0.3, 2.0)[0])

        stranger = drop(0.0, 0.3)
        assert stranger == pytest.approx(0.3 - 0.6 / (2 + act))
        assert drop(20.0, 0.0) < stranger
        assert drop(20.0, 0.3) == pytest.approx(20.6 / 22 - 14.6 / (14 + 6 + act + 2))
        assert drop(20.0, 0.3) > stranger


class TestCombineAndGrow:
    def test_combine_is_probabilistic_or(self):
        assert trust.combine(np.array(0.5), np.array(0.5)) == pytest.approx(0.75)
        assert trust.combine(np.array(0.0), np.array(0.3)) == pytest.approx(0.3)
        assert trust.combine(np.array(1.0), np.array(0.3)) == pytest.approx(1.0)

    def test_grow_closes_a_share_of_the_gap(self):
        assert trust.grow(np.array([0.5]), np.array([0.2]))[0] == pytest.approx(0.6)
        assert trust.grow(np.array([0.0]), np.array([0.1]))[0] == pytest.approx(0.1)

    def test_grow_removes_a_share_of_what_is_there(self):
        assert trust.grow(np.array([0.5]), np.array([-0.2]))[0] == pytest.approx(0.4)
        assert trust.grow(np.array([0.0]), np.array([-0.5]))[0] == 0.0

    def test_grow_keeps_zero_change_and_bounds(self):
        rng = np.random.default_rng(3)
        level, change = rng.random(1000), rng.uniform(-1, 1, 1000)
        out = trust.grow(level, change)
        assert np.all((out >= 0) & (out <= 1))
        np.testing.assert_array_equal(trust.grow(level, np.zeros(1000)), level)
        assert np.all((out > level) == (change > 0))


class TestGlobalReputation:
    @staticmethod
    def pagerank(t: np.ndarray, pretrust: np.ndarray | None = None) -> np.ndarray:
        n = len(t)
        g = nx.DiGraph()
        g.add_nodes_from(range(n))
        g.add_weighted_edges_from(
            ((i, j, t[i, j]) for i in range(n) for j in range(n) if i != j), weight="trust"
        )
        personal = None if pretrust is None else dict(enumerate(pretrust / pretrust.sum()))
        ranks = nx.pagerank(
            g, alpha=0.85, personalization=personal, weight="trust", tol=1e-13, max_iter=1000
        )
        return np.array([ranks[k] for k in range(n)])

    def test_equals_pagerank_uniform(self):
        t = np.random.default_rng(1).random((6, 6))
        np.testing.assert_allclose(trust.global_reputation(t), self.pagerank(t), atol=1e-9)

    def test_equals_pagerank_with_pretrust_and_a_state_that_trusts_nobody(self):
        t = np.random.default_rng(2).random((7, 7))
        t[3] = 0.0  # trusts nobody: its share goes by the pre-trust vector
        pretrust = np.array([5.0, 1, 1, 1, 0, 0, 2])
        np.testing.assert_allclose(
            trust.global_reputation(t, pretrust=pretrust), self.pagerank(t, pretrust), atol=1e-9
        )

    def test_sums_to_one_and_ignores_the_diagonal(self):
        t = np.random.default_rng(4).random((5, 5))
        rep = trust.global_reputation(t)
        assert rep.sum() == pytest.approx(1.0)
        t2 = t.copy()
        np.fill_diagonal(t2, 100.0)
        np.testing.assert_allclose(trust.global_reputation(t2), rep)

    def test_the_most_trusted_state_ranks_first(self):
        t = np.full((4, 4), 0.1)
        t[:, 2] = 0.9
        assert int(np.argmax(trust.global_reputation(t))) == 2


class TestTrustDigraph:
    def test_edges_carry_the_arrays_as_plain_numbers(self):
        rng = np.random.default_rng(5)
        ids = ["A", "B", "C", "D"]
        t, ties = rng.random((4, 4)), rng.random((4, 4))
        hostility = rng.integers(0, 6, (4, 4)).astype(np.int8)
        g = trust.trust_digraph(
            ids, t, ties, hostility, {"capability": np.array([1.0, 2.0, 3.0, 4.0])}
        )
        assert isinstance(g, nx.DiGraph)
        assert list(g.nodes) == ids
        assert g.number_of_edges() == 12 and nx.number_of_selfloops(g) == 0
        for a, b, data in g.edges(data=True):
            i, j = ids.index(a), ids.index(b)
            assert data == {"trust": t[i, j], "ties": ties[i, j], "hostility": hostility[i, j]}
            assert type(data["trust"]) is float and type(data["hostility"]) is int
        assert g.nodes["C"]["capability"] == 3.0
        assert type(g.nodes["C"]["capability"]) is float
