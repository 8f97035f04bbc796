"""Trust as evidence: the Beta reputation system, perception and reputation.

``trust[i, j]`` is how far state i trusts state j. It is kept as evidence
(Josang & Ismail 2002, *The Beta Reputation System*, 15th Bled Electronic
Commerce Conference): ``r[i, j]`` positive and ``s[i, j]`` negative evidence
that i holds about j. Trust is the expected value of the Beta distribution,
with a base rate ``a`` (the prior expectation) and prior weight ``W``
(Josang 2016, *Subjective Logic*, section 3.4)::

    trust = (r + W * a) / (r + s + W)

With ``a = 0.5`` and ``W = 2`` this is the classic ``(r + 1) / (r + s + 2)``.
Evidence is forgotten at a constant rate, so trust drifts back towards the
base rate when nothing happens.

Everything here is a plain function on numpy arrays, so it can be checked
against the formulas by hand (``tests/validation/test_beta_reputation.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
import numba
import numpy as np
from numba.extending import register_jitable

from ddsim.core.picks import clip, where


@register_jitable(inline="always")  # compiled loops call it on numbers (trust_of_batch)
def expected_trust(
    r: np.ndarray, s: np.ndarray, base_rate: np.ndarray | float = 0.5, prior_weight: float = 2.0
) -> np.ndarray:
    """Expected trust of the Beta distribution with a base rate (Josang 2016, eq. 3.28).

    Args:
        r: Positive evidence.
        s: Negative evidence.
        base_rate: Prior expectation ``a``, in [0, 1].
        prior_weight: Weight ``W`` of the prior, in units of evidence.
    """
    return (r + prior_weight * base_rate) / (r + s + prior_weight)


def trust_of_batch(
    pos: np.ndarray, neg: np.ndarray, base_rate: np.ndarray, prior_weight: float
) -> np.ndarray:
    """``trust[r, i, j]``: :func:`expected_trust` of i's evidence about j in
    replication r (``pos``, ``neg``: ``[r, i, j]``; ``base_rate``: ``[i, j]``),
    1 on the diagonals, in one pass. Onlookers' evidence is added and taken
    back in floating point, so it can end a rounding error (1e-19) below
    zero: trust is clipped to [0, 1], a probability."""
    return _trust_of_batch(pos, neg, base_rate, float(prior_weight))


@numba.njit(cache=True)
def _trust_of_batch(pos, neg, base_rate, prior_weight):
    reps, n = pos.shape[0], pos.shape[1]
    out = np.empty(pos.shape)
    for r in range(reps):
        for i in range(n):
            for j in range(n):
                t = expected_trust(pos[r, i, j], neg[r, i, j], base_rate[i, j], prior_weight)
                out[r, i, j] = 1.0 if i == j else clip(t, 0.0, 1.0)
    return out


@register_jitable(inline="always")  # compiled loops call it on numbers (engagements)
def fade(value: np.ndarray, rate: float) -> np.ndarray:
    """What is left of ``value`` when a share ``rate`` of it is forgotten
    (Josang & Ismail 2002, forgetting factor ``lambda = 1 - rate``)."""
    return value * (1.0 - rate)


def forget(evidence: np.ndarray, rate: float) -> None:
    """Forget a share ``rate`` of the evidence, in place (:func:`fade`)."""
    evidence[...] = fade(evidence, rate)


def misreading_probability(
    noise: float,
    credibility: np.ndarray,
    prior_trust: np.ndarray,
    clarity: np.ndarray,
    stress: np.ndarray | float = 1.0,
) -> np.ndarray:
    """Chance that a cooperative act is perceived as hostile.

    It grows with ``noise`` and with crisis ``stress`` (perception narrows as a
    dispute escalates: Holsti 1972; Lebow 1981), and falls with the signal's
    credibility (a costly signal is hard to misread: Kydd 2005, ch. 7), with
    the receiver's prior trust (a distrustful receiver reads cheap talk as
    deceit: Jervis 1976, ch. 3 and 4), and with the clarity that ties and
    CSBMs give the relationship.

    Args:
        noise: The chance for a worthless signal to a receiver who does not
            trust at all, with no ties, at peace.
        credibility: Of the act's kind, in [0, 1].
        prior_trust: The receiver's trust in the sender, in [0, 1].
        clarity: Share of misperception removed by ties and CSBMs, in [0, 1].
        stress: Crisis stress, 1 at peace and more in a dispute.
    """
    chance = noise * (1.0 - credibility) * (1.0 - prior_trust) * (1.0 - clarity) * stress
    return np.minimum(chance, 1.0)


def crisis_stress(hostility: np.ndarray, gain: float) -> np.ndarray:
    """How much a dispute multiplies misperception: 1 at peace, ``1 + gain`` at war."""
    return 1.0 + gain * hostility / 5.0


def betray(pos: np.ndarray, neg: np.ndarray, betrayed: np.ndarray, share: float) -> None:
    """Turn a ``share`` of the good record into bad where ``betrayed`` is true, in
    place: a partner that broke a pattern it built loses what the pattern had
    earned, so betrayal by a trusted partner costs more trust than the same act
    from a stranger (Bohnet & Zeckhauser 2004, betrayal aversion)."""
    # Few pairs: leave the rest alone (1-D nonzero is far faster than 2-D).
    betray_cells(pos, neg, np.flatnonzero(betrayed), share)


def betray_cells(pos: np.ndarray, neg: np.ndarray, cells: np.ndarray, share: float) -> None:
    """:func:`betray` at the flat indices ``cells`` (distinct) of ``pos`` and
    ``neg``, when the caller knows them (no scan of a million cells)."""
    pos, neg = pos.reshape(-1), neg.reshape(-1)  # views: raise rather than copy
    moved = pos[cells] * share
    pos[cells] -= moved
    neg[cells] += moved


@register_jitable(inline="always")  # compiled loops call it on numbers (core.pairwise)
def combine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Probabilistic OR of two shares in [0, 1]: ``1 - (1 - a)(1 - b)``."""
    return 1.0 - (1.0 - a) * (1.0 - b)


@register_jitable(inline="always")  # compiled loops call it on numbers (engagements)
def grow(level: np.ndarray, change: np.ndarray) -> np.ndarray:
    """Move shares in [0, 1] by ``change``: a gain closes that share of the gap
    to 1, a loss removes that share of what is there."""
    return clip(level + where(change > 0, change * (1.0 - level), change * level), 0.0, 1.0)


def global_reputation(
    trust: np.ndarray, damping: float = 0.85, pretrust: np.ndarray | None = None
) -> np.ndarray:
    """EigenTrust global reputation (Kamvar, Schlosser & Garcia-Molina 2003).

    Each row of ``trust`` is normalised into local trust values ``c_ij``; the
    global reputation is the stationary vector ``t = (1 - alpha) C^T t + alpha p``
    with ``alpha = 1 - damping`` and pre-trust ``p`` (uniform by default). This
    equals PageRank of the trust graph with edge weight ``trust`` and
    personalisation ``p`` (``tests/validation`` checks both ways).

    Args:
        trust: Square matrix, ``trust[i, j]`` is i's trust in j (diagonal ignored).
        damping: Share of reputation passed along trust edges (PageRank's alpha).
        pretrust: Pre-trusted distribution ``p``; uniform if None.
    """
    n = len(trust)
    c = np.array(trust, dtype=float)
    np.fill_diagonal(c, 0.0)
    p = np.full(n, 1.0 / n) if pretrust is None else np.asarray(pretrust, float) / np.sum(pretrust)
    rows = c.sum(axis=1, keepdims=True)
    # A state that trusts nobody passes its share on by the pre-trust vector (Kamvar et al. 4.3).
    c = np.where(rows > 0, c / np.where(rows > 0, rows, 1.0), p)
    t = p.copy()
    for _ in range(1000):
        new = damping * (c.T @ t) + (1.0 - damping) * p
        if np.abs(new - t).sum() < 1e-12:
            return new
        t = new
    return t


def trust_digraph(
    ids: Sequence[str],
    trust: np.ndarray,
    ties: np.ndarray,
    hostility: np.ndarray,
    node_data: Mapping[str, Sequence[Any]],
) -> nx.DiGraph:
    """A ``networkx.DiGraph`` of the trust network, with plain Python numbers.

    Nodes are state ids with the attributes in ``node_data``; every ordered
    pair of distinct states is an edge carrying ``trust`` (of the source in the
    target), ``ties`` and ``hostility`` (both symmetric).
    """
    g = nx.DiGraph()
    for k, sid in enumerate(ids):
        g.add_node(sid, **{key: _plain(values[k]) for key, values in node_data.items()})
    n = len(ids)
    src, dst = np.nonzero(~np.eye(n, dtype=bool))
    g.add_edges_from(
        (ids[i], ids[j], {"trust": t, "ties": ti, "hostility": h})
        for i, j, t, ti, h in zip(
            src.tolist(),
            dst.tolist(),
            trust[src, dst].tolist(),
            ties[src, dst].tolist(),
            hostility[src, dst].tolist(),
            strict=True,
        )
    )
    return g


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
