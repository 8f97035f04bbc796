"""The compiled passes over every pair (ddsim.core.pairwise) give, to the bit,
what the formulas of ddsim.core.escalation give on numpy arrays.

They call the same formulas; this checks that nothing was lost on the way
(numba's own expm1 or clip would differ in the last bit, an index in the
wrong order would differ more), and it fails if numba kept an old compiled
loop in its cache after a formula changed (pairwise.py says how to clear it).
"""

from __future__ import annotations

import numba
import numpy as np
import pytest

from ddsim.core import escalation, pairwise, picks, trust
from ddsim.core.parameters import PARAMETERS, Params

SETTINGS = (
    Params(),
    Params({name: p.high for name, p in PARAMETERS.items()}),
    Params({name: p.low for name, p in PARAMETERS.items()}),
)


def world(seed: int, reps: int = 3, n: int = 23) -> dict[str, np.ndarray]:
    """A random batch: trust, capabilities, force, courtship, revisionists, allies,
    ties, channels and the pairs' levels, memories, contentions and draws."""
    rng = np.random.default_rng(seed)
    allies = rng.random((n, n)) < 0.15
    allies = (allies | allies.T) & ~np.eye(n, dtype=bool)
    pairs = n * (n - 1) // 2
    return {
        "trust": rng.random((reps, n, n)),
        "capability": rng.pareto(1.5, (reps, n)) + 0.1,
        "force": rng.random((reps, n, n)) * (rng.random((reps, n, n)) < 0.3),
        "courted": rng.random((reps, n, n)) * 2,
        "revisionist": rng.random(n) < 0.2,
        "allies": allies,
        "ties": rng.random((reps, n, n)) * (rng.random((reps, n, n)) < 0.5),
        "channels": rng.random((reps, n, n)) * (rng.random((reps, n, n)) < 0.5),
        "relevance": np.where(rng.random(pairs) < 0.3, 1.0, 0.1),
        "memory": rng.uniform(0, 3, (reps, pairs)) * (rng.random((reps, pairs)) < 0.3),
        "contention": rng.random((reps, pairs)) * (rng.random((reps, pairs)) < 0.3),
        "level": rng.choice(np.arange(6, dtype=np.int8), (reps, pairs), p=[0.7] + [0.06] * 5),
        "draw": rng.random((reps, pairs)) * 0.05,  # low, so that some pairs move
    }


_clip01 = numba.njit(lambda v: picks.clip(v, 0.0, 1.0))


@pytest.mark.parametrize("p", SETTINGS, ids=["default", "high", "low"])
@pytest.mark.parametrize("seed", range(4))
def test_drives_and_onsets_are_the_formulas_to_the_bit(seed, p):
    w = world(seed)
    i, j = np.triu_indices(w["trust"].shape[1], k=1)
    args = ("trust", "capability", "force", "courted", "revisionist", "allies")
    drives = pairwise.pair_drives(*(w[a] for a in args), p)
    expected = escalation.drive(escalation.push(*(w[a] for a in args), p))
    np.testing.assert_array_equal(drives[:, 0], expected[:, i, j])
    np.testing.assert_array_equal(drives[:, 1], expected[:, j, i])

    got = pairwise.onsets(
        drives, w["relevance"], w["memory"], w["contention"], w["ties"], w["channels"],
        w["trust"], w["level"], w["draw"], p,
    )  # fmt: skip
    clarity = trust.combine(w["ties"][:, i, j], w["channels"][:, i, j])
    t = p.community_threshold
    community = (w["trust"][:, i, j] > t) & (w["trust"][:, j, i] > t)
    stronger = np.maximum(drives[:, 0], drives[:, 1])
    chance, incident = escalation.onset_chance(
        stronger, w["relevance"], w["memory"], w["contention"], clarity, community, p
    )
    starts = (w["level"] < escalation.WAR) & (w["draw"] < chance)
    np.testing.assert_array_equal(got[0], np.flatnonzero(starts))
    np.testing.assert_array_equal(got[1], clarity)
    by_incident = starts & (w["level"] == 0) & (w["draw"] < incident)
    np.testing.assert_array_equal(got[2], by_incident.sum(axis=1))
    np.testing.assert_array_equal(got[3], np.flatnonzero(w["level"]))
    assert (starts.any() and by_incident.any()) or p is not SETTINGS[0]


@pytest.mark.parametrize("p", SETTINGS, ids=["default", "high", "low"])
def test_settle_is_the_formulas_to_the_bit(p):
    w = world(11)
    reps, n = w["trust"].shape[:2]
    i, j = np.triu_indices(n, k=1)
    rng = np.random.default_rng(12)
    moved = np.where(rng.random(w["level"].shape) < 0.5, w["level"], 0).astype(np.int8)
    clarity = rng.random(moved.shape)
    hostility = np.zeros((reps, n, n), dtype=np.int8)
    memory, contention, begun = pairwise.settle(
        moved, w["level"], hostility, w["memory"], w["contention"], clarity, p
    )
    np.testing.assert_array_equal(hostility[:, i, j], moved)
    np.testing.assert_array_equal(hostility[:, j, i], moved)
    new = (w["level"] == 0) & (moved > 0)
    remembered = escalation.remember(w["memory"], new, p.dispute_memory_decay)
    np.testing.assert_array_equal(memory, remembered)
    hardened = escalation.harden(w["contention"], moved == escalation.WAR, clarity, p)
    np.testing.assert_array_equal(contention, hardened)
    np.testing.assert_array_equal(begun, new.sum(axis=1))


def test_clip_keeps_numpys_signed_zero():
    """The compiled clip picks as numpy's does, -0.0 included."""
    values = np.array([-0.0, 0.0, -1.0, 0.5, 1.0, 2.0])
    compiled = [_clip01(v) for v in values]
    np.testing.assert_array_equal(np.signbit(compiled), np.signbit(np.clip(values, 0.0, 1.0)))
    np.testing.assert_array_equal(compiled, np.clip(values, 0.0, 1.0))
