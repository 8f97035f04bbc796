"""ddsim.core.acts groups a step's acts by actor and sums the repeats of a pair
in the order they were made, replication by replication."""

from __future__ import annotations

import numpy as np
import pytest

from ddsim.core.acts import Acts


def random_acts(rng: np.random.Generator, n: int, m: int, repeats: bool, reps: int):
    """m acts among n states in ``reps`` replications; with ``repeats``, many
    acts of the same pairs."""
    rep = rng.integers(0, reps, m)
    actor = rng.integers(0, n, m)
    target = (actor + rng.integers(1, n, m)) % n
    if repeats:  # a few partners each, so pairs come back three or more times
        target = (actor + 1 + rng.integers(0, min(3, n - 1), m)) % n
    # Weights of very different sizes, so a different order of additions shows.
    weight = rng.random(m) * 10.0 ** rng.integers(-8, 8, m)
    return rep, actor, target, weight


def by_hand(rep, actor, target, weight) -> dict[tuple[int, int, int], float]:
    """Each (replication, actor, target)'s weights, added in the order given."""
    out: dict[tuple[int, int, int], float] = {}
    keys = zip(rep.tolist(), actor.tolist(), target.tolist(), strict=True)
    for key, w in zip(keys, weight.tolist(), strict=True):
        out[key] = out.get(key, 0.0) + w
    return out


@pytest.mark.parametrize(
    ("n", "m", "repeats", "reps"),
    [
        (3, 5, False, 1),
        (3, 40, True, 4),
        (12, 400, True, 3),
        (40, 2000, True, 2),
        (40, 300, False, 1),
    ],
)
def test_pairs_rows_and_sums(n, m, repeats, reps):
    rng = np.random.default_rng(n * m)
    for _ in range(20):
        rep, actor, target, weight = random_acts(rng, n, m, repeats, reps)
        acts = Acts(actor, target, n, rep)
        expected = by_hand(rep, actor, target, weight)
        keys = list(zip(acts.rep.tolist(), acts.actor.tolist(), acts.target.tolist(), strict=True))
        assert keys == sorted(expected)  # every distinct pair once, in row order
        assert acts.sums(weight).tolist() == [expected[key] for key in keys]  # to the bit
        starts = acts.row_starts()
        for row, (r, a) in enumerate(zip(acts.reps, acts.actors, strict=True)):
            assert set(acts.rep[starts[row] : starts[row + 1]]) == {r}
            assert set(acts.actor[starts[row] : starts[row + 1]]) == {a}
        assert starts[-1] == len(keys)


def test_no_acts():
    acts = Acts(np.zeros(0, dtype=int), np.zeros(0, dtype=int), 4)
    assert acts.sums(np.zeros(0)).size == 0
    assert acts.actors.size == 0
    assert acts.row_starts().tolist() == [0]
