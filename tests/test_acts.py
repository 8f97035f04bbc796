"""ddsim.core.acts gives the numbers scipy.sparse gives, to the last bit."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from ddsim.core.acts import DENSE_MAX, Acts


def random_acts(rng: np.random.Generator, n: int, m: int, repeats: bool):
    """m acts among n states; with ``repeats``, many acts of the same pairs."""
    actor = rng.integers(0, n, m)
    target = (actor + rng.integers(1, n, m)) % n
    if repeats:  # a few partners each, so pairs come back three or more times
        target = (actor + 1 + rng.integers(0, min(3, n - 1), m)) % n
    # Weights of very different sizes, so a different order of additions shows.
    weight = rng.random(m) * 10.0 ** rng.integers(-8, 8, m)
    return actor, target, weight


def scipy_matrix(actor, target, weight, n):
    return sparse.csr_matrix((weight, (actor, target)), shape=(n, n))


# Sizes on both sides of DENSE_MAX; long rows (> 16 entries) and short ones.
CASES = [
    (3, 5, False),
    (3, 40, True),
    (12, 60, True),
    (12, 400, True),
    (DENSE_MAX + 8, 300, False),
    (DENSE_MAX + 8, 2000, True),
]


@pytest.mark.parametrize(("n", "m", "repeats"), CASES)
def test_sums_products_and_row_sums_are_scipys_to_the_bit(n, m, repeats):
    rng = np.random.default_rng(n * m)
    for _ in range(20):
        actor, target, weight = random_acts(rng, n, m, repeats)
        acts = Acts(actor, target, n)
        reference = scipy_matrix(actor, target, weight, n)
        sums = acts.sums(weight)
        rows = acts.actors  # the rows of the states that acted; the others are 0
        assert np.array_equal(acts.dense(sums), reference.toarray()[rows])
        assert not reference.toarray()[np.setdiff1d(np.arange(n), rows)].any()
        x = rng.random((n, n))
        assert np.array_equal(acts.product(sums, x), (reference @ x)[rows])
        assert np.array_equal(acts.product(sums, x.T), (reference @ x.T)[rows])
        assert np.array_equal(acts.row_sums(sums), (reference @ np.ones(n))[rows])


def test_no_acts():
    acts = Acts(np.zeros(0, dtype=int), np.zeros(0, dtype=int), 4)
    sums = acts.sums(np.zeros(0))
    assert acts.actors.size == 0
    assert acts.product(sums, np.ones((4, 4))).shape == (0, 4)
    assert acts.row_sums(sums).shape == (0,)
