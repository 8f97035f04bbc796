"""What onlookers make of a step's acts, against the rule computed act by act.

``ddsim.core.onlookers`` sums the bilateral acts in a compiled loop and a
forum meeting in closed form. Here the same update is computed the plain way:
for every act and every onlooker that is neither side of it, the chance that
the onlooker watches either side times the act's weight, judged as the module
docstring says. The two agree to rounding (relative 1e-12): they add the same
terms in a different order.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import scenarios

from ddsim import load_scenario
from ddsim.core import escalation, onlookers
from ddsim.core.batch import Batch
from ddsim.core.parameters import Params
from ddsim.core.strategies.base import KIND_CODE
from ddsim.scenarios.make_world import make_world


def by_hand(b: Batch, rep, actor, target, kind) -> tuple[np.ndarray, np.ndarray]:
    """The change in the onlookers' evidence, act by act and onlooker by onlooker."""
    p, k, w = b.params, b.world.kinds, b.world
    pos, neg = np.zeros_like(b.evidence_pos), np.zeros_like(b.evidence_neg)
    at_forum, betrayed = np.zeros_like(pos), np.zeros_like(pos)
    for r, a, t, q in zip(rep, actor, target, kind, strict=True):
        shown = p.reputation_weight * k["visibility"][q] * p.evidence_per_action
        shown *= abs(k["evidence"][q])
        good, bad = b.evidence_pos[r, t, a], b.evidence_neg[r, t, a]
        record = good / (good + bad + p.prior_weight)
        friendly = at_forum if q == onlookers.FORUM_KIND else pos
        for c in range(w.n):
            if c in (a, t):
                continue
            seen = 1.0 - (1.0 - w.audience[c, a]) * (1.0 - w.audience[c, t])
            if k["valence"][q] < 0:
                sides = seen * b.trust[r, c, t]
                neg[r, c, a] += p.negativity_weight * shown * (1.0 + record) * sides
                betrayed[r, c, a] += k["visibility"][q] * record * sides
            elif k["ambiguity"][q] > 0:
                wary = escalation.distrust(b.trust[r, c, a], p.threat_threshold)
                wary *= not w.allies[c, a]
                friendly[r, c, a] += (wary == 0) * shown * seen
                neg[r, c, a] += p.negativity_weight * wary * k["ambiguity"][q] * shown * seen
            else:
                friendly[r, c, a] += shown * seen
    # Betrayal turns part of the good record, as it stands after the bilateral
    # acts (forum meetings are judged after them), to distrust.
    moved = (b.evidence_pos + pos) * np.minimum(1.0, p.betrayal * betrayed)
    return pos - moved + at_forum, neg + moved


def step_until_acts(b: Batch, steps: int, fights: int, rng: np.random.Generator):
    """Run ``steps`` steps, then the next one up to its acts (a few pairs at a
    use of force first, so forum members fighting each other do not meet)."""
    b.run_for(steps)
    hostility = b.pair_hostility.copy()
    hostility[:, rng.integers(0, hostility.shape[1], fights)] = escalation.FORCE
    b.set_pair_hostility(hostility)
    b.steps += 1
    b.reset_step_counts()
    b.fire_events()
    b.charge_forum_dues()
    b.carry_out(b.decide_all())
    return b.ledger()


def with_shows_of_force(b: Batch, rep, actor, target, kind, rng, count: int = 30):
    """The acts with ``count`` shows of force between random states added, in
    the ledger's order (a month of a peaceful world may have none)."""
    n = b.world.n
    extra_actor = rng.integers(0, n, count)
    extra_target = (extra_actor + rng.integers(1, n, count)) % n
    rep = np.concatenate([rep, rng.integers(0, b.reps, count)])
    actor, target = np.concatenate([actor, extra_actor]), np.concatenate([target, extra_target])
    kind = np.concatenate([kind, np.full(count, KIND_CODE["show_of_force"])])
    order = np.lexsort((target, actor, rep))
    return rep[order], actor[order], target[order], kind[order]


def check(b: Batch, rep, actor, target, kind) -> None:
    expected_pos, expected_neg = by_hand(b, rep, actor, target, kind)
    before_pos, before_neg = b.evidence_pos.copy(), b.evidence_neg.copy()
    coop = b.world.kinds["valence"][kind] > 0
    onlookers.spread_reputation(b, rep, actor, target, kind, coop)
    close(b.evidence_pos, before_pos, expected_pos)
    close(b.evidence_neg, before_neg, expected_neg)


def close(after: np.ndarray, before: np.ndarray, expected: np.ndarray) -> None:
    """``after - before`` is ``expected`` to a relative 1e-12, give or take the
    last bits of ``after`` itself (a change read off evidence that was already
    there cannot be more exact than that evidence's own rounding) and 1e-12 of
    the largest change (a sum is exact to its terms' size, not its own: where
    hypothesis gives trust of 1e-234, a closed-form sum may leave 5e-250 where
    the rule act by act gives exactly 0)."""
    rounding = 4 * np.spacing(np.abs(after))
    scale = np.abs(expected).max(initial=0.0)
    off = np.abs((after - before) - expected) - 1e-12 * (np.abs(expected) + scale) - rounding
    assert (off <= 0).all(), f"{np.count_nonzero(off > 0)} changes off, worst by {off.max():.3g}"


@pytest.mark.parametrize(("fights", "forum_ambiguity"), [(0, 0.0), (40, 0.0), (40, 0.5)])
def test_a_forum_month_of_a_world_of_60_states(fights, forum_ambiguity):
    """Six forums meet (every member with every other, but for those fighting),
    beside the month's bilateral acts: friendly, ambiguous and coercive. A
    scenario may make forum meetings ambiguous too."""
    world = make_world(60) | {"actions": {"regional_forum": {"ambiguity": forum_ambiguity}}}
    spec = load_scenario(world).variant("mixed")
    b = Batch(spec, Params(spec.parameters), [3, 4])
    rng = np.random.default_rng(fights)
    rep, actor, target, kind = with_shows_of_force(b, *step_until_acts(b, 12, fights, rng), rng)
    forum = kind == onlookers.FORUM_KIND
    assert b.meetings and forum.any() and (~forum).any()
    assert (b.world.kinds["valence"][kind] < 0).any()  # coercion among the acts
    if not fights:
        assert (b.world.kinds["ambiguity"][kind[~forum]] > 0).any()  # and exercises
    else:
        assert any(not met[:, ~np.eye(len(m), dtype=bool)].all() for m, met in b.meetings)
    check(b, rep, actor, target, kind)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=scenarios(), steps=st.integers(0, 14), fights=st.integers(0, 3))
def test_random_worlds(data, steps, fights):
    """Random worlds of 2-8 states, with forums, alliances and every strategy."""
    spec = load_scenario(data)
    b = Batch(spec, Params(spec.parameters), [1, 2, 3])
    rep, actor, target, kind = step_until_acts(b, steps, fights, np.random.default_rng(steps))
    check(b, rep, actor, target, kind)
