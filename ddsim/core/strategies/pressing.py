"""Which partners are most pressing, row by row, compiled: the order
:meth:`ddsim.core.strategies.base.Views.most_pressing` gives the built-in
strategies (``tests/test_most_pressing.py`` compares it with a plain sort)."""

from __future__ import annotations

import numba
import numpy as np

#: Up to this many places a row's most pressing are picked by insertion, not
#: by sorting all its partners (the built-in strategies ask for their capacity, 3).
FEW = 8


@numba.njit(cache=True)
def most_pressing_rows(
    mask: np.ndarray, hostility: np.ndarray, trust: np.ndarray, limit: np.ndarray, width: int
) -> np.ndarray:
    """:meth:`Views.most_pressing`, row by row: a state has few partners among
    many states, so only the entries of ``mask`` are ranked. The urgency
    (:func:`~ddsim.core.strategies.base.urgency`) less a tiny tie-break by
    index is ranked, most pressing first, as a stable sort ranks it."""
    m, n = mask.shape
    out = np.full((m, width), -1)
    calm = np.empty(n)
    columns = np.empty(n, dtype=np.int64)
    for r in range(m):
        places = min(limit[r], width)
        if places <= FEW:
            _insert_most_pressing(mask[r], hostility[r], trust[r], out[r, :places], calm)
            continue
        count = 0
        for c in range(n):
            if mask[r, c]:
                calm[count] = -(hostility[r, c] + (1.0 - trust[r, c]) - 1e-9 * c)
                columns[count] = c
                count += 1
        order = np.argsort(calm[:count], kind="mergesort")
        for place in range(min(count, places)):
            out[r, place] = columns[order[place]]
    return out


@numba.njit(cache=True)
def _insert_most_pressing(mask, hostility, trust, out, calm):
    """The first ``len(out)`` places of a stable sort of one row's masked
    states, kept by insertion (``calm`` holds the kept values): a state goes
    after every state as pressing before it, so ties stay in index order."""
    places, kept = len(out), 0
    for c in range(len(mask)):
        if not mask[c]:
            continue
        value = -(hostility[c] + (1.0 - trust[c]) - 1e-9 * c)
        if kept < places:
            at = kept
            kept += 1
        elif places and value < calm[places - 1]:
            at = places - 1
        else:
            continue
        while at > 0 and value < calm[at - 1]:
            calm[at], out[at] = calm[at - 1], out[at - 1]
            at -= 1
        calm[at], out[at] = value, c
