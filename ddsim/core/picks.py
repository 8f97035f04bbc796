"""numpy's elementwise picks, ``where`` and ``clip``, for formulas that
compiled loops call on numbers.

A formula written once (``register_jitable``) runs as plain Python on numpy
arrays and compiled on numbers inside a loop (:mod:`ddsim.core.pairwise`).
On arrays these are ``np.where`` and ``np.clip``; numba's own versions make a
0-d array of a number (``np.where``, an allocation per number) or refuse a
number (``np.clip``), so in compiled code they pick number by number, as
numpy does (``tests/test_pairwise.py`` checks the signed zeros too).
"""

from __future__ import annotations

import numpy as np
from numba import types
from numba.extending import overload


def where(condition: np.ndarray, a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    """``np.where``, which compiled loops call on numbers (see :func:`_where_one`)."""
    return np.where(condition, a, b)


def clip(x: np.ndarray, low: float, high: float) -> np.ndarray:
    """``np.clip``, which compiled loops call on numbers (see :func:`_clip_one`)."""
    return np.clip(x, low, high)


@overload(where)
def _where_one(condition, a, b):
    if isinstance(condition, types.Boolean):
        return lambda condition, a, b: a if condition else b
    return None


@overload(clip)
def _clip_one(x, low, high):
    if isinstance(x, types.Float):  # as numpy's clip: -0.0 stays -0.0
        return lambda x, low, high: low if x < low else (high if x > high else x)
    return None
