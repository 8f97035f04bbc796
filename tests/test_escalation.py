"""Unit tests of the dispute process (ddsim.core.escalation) against hand-computed values.

The values these hand computations use (pinned in ``P`` where a fit has
moved the default, ddsim/core/parameters/ otherwise): threat_threshold
0.5, force_threat_gain 2, revisionist_ambition 1, resolve_gain 1,
alliance_support 0.5, onset_rate 0.02, incident_rate 0.0005,
dispute_memory_gain 1, reciprocation_rate 0.4, climb_chance 0.8, war_chance
0.01, reciprocation_war_gain 6, channel_weight 0.5, dispute_end 0.6; and
Model 3's revisionist_insecurity 0.5, weakness_gain 1, incident_prevention
0.5, contention_gain 4, settlement_rate 0.01, war_hardening 0.05,
war_settlement 0.05.
"""

from __future__ import annotations

import numpy as np
import pytest

from ddsim.core import escalation as esc
from ddsim.core.parameters import PARAMETERS, Params

#: The hand-set values the hand computations below use (the defaults before the
#: calibrations of issues 10, 18 and 20), so the formulas are checked, not the fitted numbers.
P = Params(
    {
        "onset_rate": 0.02,
        "incident_rate": 0.0005,
        "display_chance": 0.95,
        "climb_chance": 0.7,
        "war_chance": 0.01,
        "war_exhaustion": 0.01,
        "distant_relevance": 0.1,
        "channel_weight": 0.5,
        "threat_threshold": 0.5,
        "contention_gain": 4.0,
        "incident_prevention": 0.5,
        "war_settlement": 0.05,
        "dispute_end": 0.6,
        "war_hardening": 0.05,
    }
)
#: Every parameter at the top (and bottom) of its declared range: the outputs
#: must stay probabilities there too.
EXTREMES = (
    Params({name: p.high for name, p in PARAMETERS.items()}),
    Params({name: p.low for name, p in PARAMETERS.items()}),
    P,
)


def test_the_scale():
    assert (esc.THREAT, esc.FORCE, esc.WAR) == (2, 4, 5)
    assert len(esc.MID_LABELS) == 6 and esc.MID_LABELS[esc.WAR] == "war"


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
        # deterrence 0.5 x resolve 0.5; opportunity 2 x 0.5
        assert esc.ambition(np.array(0.5), np.array(0.5), np.array(0.0), P) == pytest.approx(0.75)
        assert esc.ambition(np.array(0.5), np.array(0.0), np.array(0.0), P) == pytest.approx(1.0)

    def test_deterred_by_strength_and_by_resolve(self):
        share, none = np.linspace(0.1, 0.9, 9), np.zeros(9)
        assert np.all(np.diff(esc.ambition(share, np.full(9, 0.5), none, P)) < 0)
        resolve = np.linspace(0, 1, 6)
        assert np.all(np.diff(esc.ambition(np.full(6, 0.5), resolve, np.zeros(6), P)) < 0)

    def test_a_much_stronger_resolute_side_deters_completely(self):
        assert esc.ambition(np.array(1.0), np.array(1.0), np.array(1.0), P) == pytest.approx(0.0)

    def test_engagement_read_as_weakness_whets_it(self):
        """Jervis (1976), the deterrence model: at full weakness read, ambition
        is multiplied by 1 + weakness_gain (2 by default)."""
        weakness = np.linspace(0, 1, 6)
        whetted = esc.ambition(np.full(6, 0.5), np.zeros(6), weakness, P)
        assert np.all(np.diff(whetted) > 0)
        assert whetted[-1] == pytest.approx(2.0 * whetted[0])


def test_allied_sum_leaves_out_the_state_itself():
    allies = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=bool)
    values = np.array([[1.0, 2.0, 4.0], [1.0, 2.0, 4.0]])
    out = esc.allied_sum(allies, values, np.array([2, 0]))
    # row 0 (state 2): ally of 0 is 1 -> 2; ally of 1 is 0 -> 1; 2 has none
    np.testing.assert_allclose(out[0], [2.0, 1.0, 0.0])
    # row 1 (state 0): its own strength does not count for its ally 1
    np.testing.assert_allclose(out[1], [2.0, 0.0, 0.0])


@pytest.mark.parametrize("n", [2, 7, 40])
def test_allied_sum_is_the_sum_over_allies_in_every_replication(n):
    rng = np.random.default_rng(n)
    allies = np.triu(rng.random((n, n)) < 0.3, 1)
    allies |= allies.T
    rows = rng.choice(n, size=min(n, 5), replace=False)
    values = rng.random((3, len(rows), n))  # three replications
    out = esc.allied_sum(allies, values, rows)
    for r, row in enumerate(rows):
        partners = allies & (np.arange(n) != row)  # its own strength left out
        for rep in range(3):
            np.testing.assert_allclose(out[rep, r], partners @ values[rep, r], rtol=1e-13)
    alone = esc.allied_sum(allies, values[1], rows)  # a replication alone: the same bits
    assert np.array_equal(alone, out[1])


class TestPush:
    def setup_method(self):
        self.trust = np.full((2, 2), 0.3)
        self.capability = np.array([1.0, 1.0])
        self.no_allies = np.zeros((2, 2), dtype=bool)

    def push(self, force, revisionist, allies=None, capability=None, courted=None):
        return esc.push(
            self.trust,
            self.capability if capability is None else capability,
            force,
            np.zeros_like(force) if courted is None else courted,
            np.array(revisionist),
            self.no_allies if allies is None else allies,
            P,
        )

    def test_a_security_seekers_push_is_its_fear(self):
        force = np.array([[0, 1.0], [0, 0]])
        # distrust (0.5 - 0.3) / 0.5 = 0.4; x 2 x 0.5 x (1 + 2 x 1) = 1.2, and 0.4 without force
        push = self.push(force, [False, False])
        assert (push[0, 1], push[1, 0]) == pytest.approx((1.2, 0.4))

    def test_force_feeds_a_security_seekers_spiral(self):
        calm = self.push(np.zeros((2, 2)), [False, False])
        coerced = self.push(np.array([[0, 1.0], [0, 0]]), [False, False])
        assert coerced[0, 1] > calm[0, 1] > 0

    def test_force_deters_a_revisionists_ambition(self):
        self.trust = np.full((2, 2), 0.9)  # no fear: the push is all ambition
        calm = self.push(np.zeros((2, 2)), [True, False])
        coerced = self.push(np.array([[0, 1.0], [0, 0]]), [True, False])
        # ambition 1 x 2 x 0.5 x (1 - 0.5 x min(1, 1 x force)): 1.0 calm, 0.5 after force
        assert calm[0, 1] == pytest.approx(1.0)
        assert coerced[0, 1] == pytest.approx(0.5)
        assert calm[1, 0] == coerced[1, 0] == 0.0  # the security seeker trusts: no push

    def test_insecurity_and_ambition_add_up(self):
        """A revisionist's push is revisionist_insecurity x its insecurity plus
        its ambition, so lowering either lowers it: facing a much stronger,
        resolute side it has next to no ambition, and its distrust drives it
        at half the fear a security seeker without force received would feel
        (Glaser 2010: greedy states are often insecure too)."""
        self.trust = np.full((2, 2), 0.1)
        capability = np.array([1.0, 9.0])
        force = np.array([[0, 5.0], [0, 0]])
        revisionist = self.push(force, [True, False], capability=capability)
        seeker_unforced = self.push(np.zeros((2, 2)), [False, False], capability=capability)
        # insecurity: distrust 0.8 x 2 x share 0.9 = 1.44; ambition: 2 x 0.1 x (1 - 0.9) = 0.02
        assert seeker_unforced[0, 1] == pytest.approx(1.44)
        assert revisionist[0, 1] == pytest.approx(0.5 * 1.44 + 0.02)
        pure_greed = Params({**P.as_dict(), "revisionist_insecurity": 0.0})
        greedy = esc.push(
            self.trust, capability, force, np.zeros((2, 2)), np.array([True, False]),
            self.no_allies, pure_greed,
        )  # fmt: skip
        assert greedy[0, 1] == pytest.approx(0.02)

    def test_force_deters_a_distrustful_revisionist_and_frightens_a_seeker(self):
        """At trust 0.3 and parity a show of force lowers a revisionist's
        ambition (1.0 -> 0.5) and leaves its insecurity at 0.5 x 0.4: force
        reads as resolve. The same show of force raises a security seeker's
        fear (0.4 -> 1.2): Jervis' two models side by side."""
        calm = self.push(np.zeros((2, 2)), [True, False])
        coerced = self.push(np.array([[0, 1.0], [0, 0]]), [True, False])
        assert calm[0, 1] == pytest.approx(1.2)
        assert coerced[0, 1] == pytest.approx(0.7)
        seeker = self.push(np.array([[0, 1.0], [0, 0]]), [False, False])
        assert seeker[0, 1] == pytest.approx(1.2)

    def test_engagement_without_resolve_reads_as_weakness(self):
        """Friendly acts received (``courted``) raise a revisionist's ambition
        only as far as the other side has shown no resolve, and leave a
        security seeker's push alone."""
        self.trust = np.full((2, 2), 0.9)  # no fear
        courted = np.array([[0, 1.0], [1.0, 0]])
        calm = self.push(np.zeros((2, 2)), [True, False])
        engaged = self.push(np.zeros((2, 2)), [True, False], courted=courted)
        assert engaged[0, 1] == pytest.approx(2.0 * calm[0, 1])
        assert engaged[1, 0] == calm[1, 0] == 0.0
        resolute = self.push(np.array([[0, 1.0], [0, 0]]), [True, False], courted=courted)
        assert resolute[0, 1] == pytest.approx(0.5)  # full resolve: no weakness read

    def test_allies_deter_a_revisionist(self):
        capability = np.array([1.0, 1.0, 1.0])
        self.trust = np.full((3, 3), 0.9)  # no fear: the push is all ambition
        self.no_allies = np.zeros((3, 3), dtype=bool)
        allies = np.array([[0, 0, 0], [0, 0, 1], [0, 1, 0]], dtype=bool)
        alone = self.push(np.zeros((3, 3)), [True, False, False], capability=capability)
        allied = self.push(np.zeros((3, 3)), [True, False, False], allies, capability)
        assert alone[0, 1] == pytest.approx(1.0)
        # with its ally at half weight: share 1.5 / 2.5 = 0.6, ambition 2 x 0.4 = 0.8
        assert allied[0, 1] == pytest.approx(0.8)

    def test_a_revisionist_has_no_ambition_against_its_allies(self):
        capability = np.array([1.0, 1.0, 1.0])
        allies = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=bool)
        self.no_allies = np.zeros((3, 3), dtype=bool)
        self.trust = np.full((3, 3), 0.9)  # no fear of anyone
        push = self.push(np.zeros((3, 3)), [True, False, False], allies, capability)
        assert push[0, 1] == 0.0  # its ally
        assert push[0, 2] > 0.0  # a state outside the alliance
        # ... but it still fears an ally it distrusts, at revisionist_insecurity
        self.trust = np.full((3, 3), 0.1)
        revisionist = self.push(np.zeros((3, 3)), [True, False, False], allies, capability)
        seeker = self.push(np.zeros((3, 3)), [False, False, False], allies, capability)
        assert seeker[0, 1] == pytest.approx(0.8)
        assert revisionist[0, 1] == pytest.approx(0.5 * 0.8)


class TestDrive:
    def test_hand_values(self):
        pushes = np.array([0.0, np.log(2.0), np.log(4.0), 1.0])
        np.testing.assert_allclose(esc.drive(pushes), [0.0, 0.5, 0.75, 1 - np.exp(-1)])

    def test_saturates_below_one(self):
        pushes = np.linspace(0.0, 30.0, 3001)
        d = esc.drive(pushes)
        assert np.all((d >= 0) & (d < 1))
        assert np.all(np.diff(d) > 0)  # more push, more drive (up to 30 in float64)
        # the first unit of push adds more than the next twenty-nine
        assert d[100] - d[0] > d[-1] - d[100]
        huge = esc.drive(np.array([100.0, 1e6]))
        assert np.all(huge <= 1.0)  # rounds to 1 in floating point, never above


def onset(drive, relevance, memory, p=P, contention=None, clarity=None, community=None):
    none = np.zeros(np.shape(drive))
    return esc.onset_chance(
        drive,
        relevance,
        memory,
        none if contention is None else contention,
        none if clarity is None else clarity,
        none.astype(bool) if community is None else community,
        p,
    )


class TestOnset:
    def test_hand_values(self):
        chance, incident = onset(
            np.array([0.5, 0.5, 0.0]), np.array([1.0, 0.1, 1.0]), np.array([1.0, 1.0, 0.0])
        )
        # incident 0.0005 x relevance; driven 0.02 x 0.5 x (1 + 1 x memory 1) x relevance
        np.testing.assert_allclose(incident, [0.0005, 0.00005, 0.0005])
        np.testing.assert_allclose(chance, [0.0205, 0.00205, 0.0005])

    def test_grows_with_drive_and_memory(self):
        d = np.linspace(0, 0.99, 12)
        by_drive = onset(d, np.ones(12), np.zeros(12))[0]
        assert np.all(np.diff(by_drive) > 0)
        memory = np.linspace(0, 3, 12)
        by_memory = onset(np.full(12, 0.5), np.ones(12), memory)[0]
        assert np.all(np.diff(by_memory) > 0)

    def test_contention_multiplies_both_parts(self):
        """At full contention the hazard is 1 + contention_gain = 5 times as
        high (Vasquez 1993: contested issues, not only fear, start disputes)."""
        d, ones = np.array([0.5, 0.5]), np.ones(2)
        plain = onset(d, ones, ones)
        contested = onset(d, ones, ones, contention=np.array([1.0, 0.5]))
        np.testing.assert_allclose(contested[0], plain[0] * [5.0, 3.0])
        np.testing.assert_allclose(contested[1], plain[1] * [5.0, 3.0])

    def test_a_fully_contentious_pair_can_start_disputes_as_rivals_do(self):
        """Thompson & Dreyer's strategic rivals started 0.225 MIDs a year in
        1946-2014 (ddsim's targets): a month's hazard of at least 0.021. At
        full contention and full drive the fitted defaults reach it."""
        chance = onset(np.array([0.99]), np.ones(1), np.zeros(1), Params(), np.ones(1))[0]
        assert 1 - (1 - chance[0]) ** 12 >= 0.225

    def test_ties_prevent_incidents_and_a_community_settles_them(self):
        d, ones, none = np.zeros(3), np.ones(3), np.zeros(3)
        clarity = np.array([0.0, 0.5, 1.0])
        incident = onset(d, ones, none, clarity=clarity)[1]
        # 0.0005 x (1 - 0.5 x clarity)
        np.testing.assert_allclose(incident, [0.0005, 0.000375, 0.00025])
        settled = onset(d, ones, none, community=np.array([True, False, True]))[1]
        np.testing.assert_allclose(settled, [0.0, 0.0005, 0.0])

    def test_no_drive_and_no_incidents_no_onset(self):
        p = Params({"incident_rate": 0.0})
        chance, incident = onset(np.zeros(4), np.ones(4), np.full(4, 5.0), p)
        assert not chance.any() and not incident.any()
        p = Params({"onset_rate": 0.0, "incident_rate": 0.0})
        chance, _ = onset(np.full(4, 0.99), np.ones(4), np.full(4, 5.0), p)
        assert not chance.any()

    @pytest.mark.parametrize("p", EXTREMES, ids=["high", "low", "default"])
    def test_a_probability_and_the_incident_part_of_it(self, p):
        rng = np.random.default_rng(0)
        d, relevance, memory = rng.random(500), rng.random(500), rng.uniform(0, 20, 500)
        contention, clarity = rng.random(500), rng.random(500)
        chance, incident = onset(d, relevance, memory, p, contention, clarity)
        assert np.all((chance >= 0) & (chance <= 1))
        assert np.all((incident >= 0) & (incident <= chance))


class TestReciprocation:
    def test_hand_values(self):
        # 0.4 x (1 + drive of the target)
        got = esc.reciprocation_chance(np.array([0.0, 0.5, 0.99]), P)
        np.testing.assert_allclose(got, [0.4, 0.6, 0.796])

    @pytest.mark.parametrize("p", EXTREMES, ids=["high", "low", "default"])
    def test_a_probability(self, p):
        got = esc.reciprocation_chance(np.random.default_rng(1).random(500), p)
        assert np.all((got >= 0) & (got <= 1))


def level_shares(drive, reciprocated, clarity, p=P, n=400):
    """The share of disputes at each level 2..5 over an n x n grid of the two
    draws (midpoints): the exact probabilities to within 1 / n."""
    u = (np.arange(n) + 0.5) / n
    climb, war = (a.ravel() for a in np.meshgrid(u, u, indexing="ij"))
    level = esc.highest_level(
        np.full(n * n, drive),
        np.full(n * n, reciprocated),
        np.full(n * n, clarity),
        climb,
        war,
        p,
    )
    return np.bincount(level, minlength=6)[2:] / level.size


class TestHighestLevel:
    def test_hand_cases(self):
        # drive 0, no channels: a display needs a draw below 0.95, a use of
        # force one below 0.95 x 0.7 = 0.665; war 0.01 (x 6 reciprocated)
        draws = np.array([0.5, 0.7, 0.97, 0.5, 0.5])
        war_draws = np.array([0.9, 0.0, 0.0, 0.03, 0.03])
        reciprocated = np.array([False, False, False, False, True])
        level = esc.highest_level(np.zeros(5), reciprocated, np.zeros(5), draws, war_draws, P)
        assert level.dtype == np.int8
        np.testing.assert_array_equal(level, [4, 3, 2, 4, 5])

    def test_shares_follow_the_formula(self):
        """P(display or more) = d, P(use of force or more) = d x c, P(war) =
        d x c x war chance, with d = 1 - 0.05^(1 + drive),
        c = (1 - 0.3^(1 + drive)) x restraint, restraint = 1 - 0.5 x clarity."""
        for drive, recip, clarity in [(0.0, False, 0.0), (0.5, True, 0.4), (1.0, False, 1.0)]:
            restraint = 1 - 0.5 * clarity
            display = 1 - 0.05 ** (1 + drive)
            force = display * (1 - 0.3 ** (1 + drive)) * restraint
            war = min(1.0, 0.01 * (6 if recip else 1) * (1 + drive) * restraint)
            expected = [1 - display, display - force, force * (1 - war), force * war]
            got = level_shares(drive, recip, clarity)
            np.testing.assert_allclose(got, expected, atol=5e-3)

    def test_only_levels_two_to_five(self):
        rng = np.random.default_rng(2)
        for p in EXTREMES:
            level = esc.highest_level(
                rng.random(5000),
                rng.random(5000) < 0.5,
                rng.random(5000),
                rng.random(5000),
                rng.random(5000),
                p,
            )
            assert set(np.unique(level).tolist()) <= {2, 3, 4, 5}
        # every rung can be reached
        shares = level_shares(0.5, True, 0.0)
        assert np.all(shares > 0)

    def test_a_stronger_drive_climbs_further(self):
        low, high = level_shares(0.0, False, 0.0), level_shares(0.9, False, 0.0)
        assert high[2:].sum() > low[2:].sum()  # use of force or war
        assert high[3] > low[3]

    def test_reciprocation_raises_the_chance_of_war(self):
        one_sided, answered = level_shares(0.5, False, 0.0), level_shares(0.5, True, 0.0)
        assert answered[3] > 5 * one_sided[3]
        # it changes where a use of force ends, not how far the dispute climbs
        assert answered[:2] == pytest.approx(one_sided[:2])

    def test_crisis_channels_hold_a_dispute_down(self):
        closed, open_ = level_shares(0.5, True, 0.0), level_shares(0.5, True, 1.0)
        assert open_[0] == pytest.approx(closed[0], abs=5e-3)  # as many stop at a threat
        assert open_[1] > closed[1]  # more stop at a display
        assert open_[2:].sum() < closed[2:].sum()  # fewer reach a use of force
        assert open_[3] < closed[3]  # fewer become wars


class TestEnd:
    def test_hand_values(self):
        # 1 - (1 - 0.6)(1 - 0.5 x clarity)
        np.testing.assert_allclose(esc.end_chance(np.array([0.0, 0.5, 1.0]), P), [0.6, 0.7, 0.8])

    def test_crisis_channels_raise_the_end_chance(self):
        clarity = np.linspace(0, 1, 11)
        assert np.all(np.diff(esc.end_chance(clarity, P)) > 0)

    @pytest.mark.parametrize("p", EXTREMES, ids=["high", "low", "default"])
    def test_a_probability(self, p):
        got = esc.end_chance(np.random.default_rng(3).random(500), p)
        assert np.all((got >= p.dispute_end - 1e-12) & (got <= 1))


def test_war_ends_hazard_grows_with_duration():
    months = np.array([0, 3, 3, 200])
    uniform = np.array([0.0, 0.29, 0.31, 0.999])
    p = Params({"war_exhaustion": 0.1})
    ended = esc.war_ends(months, np.zeros(4), uniform, p)
    np.testing.assert_array_equal(ended, [False, True, False, True])


def test_crisis_channels_help_settle_a_war():
    """At full clarity a war also ends by settlement: 1 - (1 - 0.3)(1 - 0.05)."""
    months, p = np.array([3, 3]), Params({"war_exhaustion": 0.1})
    uniform = np.array([0.33, 0.33])
    ended = esc.war_ends(months, np.array([0.0, 1.0]), uniform, p)
    np.testing.assert_array_equal(ended, [False, True])


class TestContention:
    def test_war_hardens_it_and_ties_settle_it(self):
        contention = np.array([0.5, 0.5, 0.5])
        at_war = np.array([True, False, False])
        clarity = np.array([1.0, 1.0, 0.0])
        after = esc.harden(contention, at_war, clarity, P)
        # war closes 5% of the gap to 1; full clarity settles 1% of it; none, nothing
        np.testing.assert_allclose(after, [0.525, 0.495, 0.5])

    @pytest.mark.parametrize("p", EXTREMES, ids=["high", "low", "default"])
    def test_stays_a_share(self, p):
        rng = np.random.default_rng(5)
        after = esc.harden(rng.random(500), rng.random(500) < 0.5, rng.random(500), p)
        assert np.all((after >= 0) & (after <= 1))


class TestClimb:
    def test_answered_force_climbs_and_channels_restrain_it(self):
        """From a display: climb_chance x (1 - channel_weight x clarity)."""
        clarity = np.array([0.0, 1.0, 0.5])
        np.testing.assert_allclose(esc.climb_chance(clarity, P), [0.7, 0.35, 0.525])
