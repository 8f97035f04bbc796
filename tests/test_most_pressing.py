"""Views.most_pressing (compiled, row by row) gives the order of a plain sort."""

from __future__ import annotations

import numpy as np
import pytest

from ddsim.core.strategies import base
from ddsim.core.strategies.base import Views


def batch(rng: np.random.Generator, m: int, n: int) -> Views:
    """m deciding states among n; trust often exactly equal (the base rate),
    so the order rests on the tie-break by index."""
    trust = np.where(rng.random((m, n)) < 0.5, 0.5, rng.random((m, n)))
    return Views(
        me=np.arange(m),
        step=1,
        ids=[f"S{k}" for k in range(n)],
        budget=np.full(m, 5.0),
        capacity=rng.integers(0, n + 2, m),
        disposition=["security_seeker"] * m,
        capability=np.ones(n),
        trust=trust,
        hostility=rng.integers(0, 6, (m, n)) * (rng.random((m, n)) < 0.2),
        ties=np.zeros((m, n)),
        allies=np.zeros((m, n), dtype=bool),
        partners=rng.random((m, n)) < 0.2,
        received=np.zeros((m, n), dtype=np.int8),
        coerced=np.zeros((m, n), dtype=bool),
        announced=np.zeros((m, n), dtype=np.int16),
        catalogue={},
        rng=[rng] * m,
    )


def by_hand(views: Views, mask: np.ndarray, limit) -> np.ndarray:
    """Each row's masked states by urgency less 1e-9 x index, most pressing
    first (a stable sort), at most ``limit``, padded with -1."""
    m, n = mask.shape
    limits = np.zeros(m, dtype=int) + (n if limit is None else limit)
    width = min(n, int(limits.max(initial=0)))
    out = np.full((m, width), -1)
    for r in range(m):
        columns = np.flatnonzero(mask[r])
        pressing = base.urgency(views.hostility[r, columns], views.trust[r, columns])
        pressing -= 1e-9 * columns
        ranked = columns[np.argsort(-pressing, kind="stable")][: min(limits[r], width)]
        out[r, : len(ranked)] = ranked
    return out


@pytest.mark.parametrize("k", ["capacity", 3, None])
def test_the_order_of_a_plain_sort(k):
    """Masks within the partners (as the built-in strategies' are) and masks
    that reach beyond them."""
    rng = np.random.default_rng(7)
    for _ in range(30):
        views = batch(rng, int(rng.integers(1, 40)), int(rng.integers(2, 120)))
        limit = views.capacity if k == "capacity" else k
        some = rng.random(views.partners.shape) < 0.5
        for mask in (
            views.partners & some,
            views.partners & ~some,
            views.partners | (rng.random(views.partners.shape) < 0.1),
        ):
            assert np.array_equal(views.most_pressing(mask, limit), by_hand(views, mask, limit))
