"""Compiled passes over every pair of every replication: the escalation step's
work on n x n arrays (:func:`ddsim.core.conflict.escalate`).

At 1,000 states a step's escalation read and wrote a dozen arrays of a
million numbers each in numpy (fear, capability shares, drive, clarity,
onset chance, the levels written back); each function here does it in one
pass over the pairs instead. They call the formulas of
:mod:`ddsim.core.escalation` (and :func:`ddsim.core.trust.combine`) number by
number, in numpy's order of operations, so they give numpy's results to the
bit; the one function whose compiled version rounds differently, ``expm1``,
stays numpy's (:func:`ddsim.core.escalation.drive`). Pairs come in
``np.triu_indices`` order (q = 0, 1, ... for i < j), so no index array is read.

numba caches the compiled loops by this file's date: after a change to a
formula they call (in escalation.py or trust.py), touch this file or delete
its ``__pycache__/*.nbi`` files, or the old formula stays compiled
(``tests/test_escalation.py`` compares the two and would fail).
"""

from __future__ import annotations

import numba
import numpy as np

from ddsim.core.escalation import (
    WAR,
    allied_support,
    drive,
    fear_of,
    harden_of,
    onset_of,
    onset_rates,
    remember,
    revisionist_of,
    revisionist_rates,
    share_of,
)
from ddsim.core.parameters import Params
from ddsim.core.trust import combine


def pair_drives(
    trust: np.ndarray,
    capability: np.ndarray,
    force: np.ndarray,
    courted: np.ndarray,
    revisionist: np.ndarray,
    allies: np.ndarray,
    p: Params,
) -> np.ndarray:
    """``out[r, 0, q]``: in replication r, i's drive against j for the pair
    q = (i, j); ``out[r, 1, q]``: j's against i. :func:`drive` of
    :func:`push`, without making the n x n pushes."""
    reps, n = capability.shape
    rows = np.flatnonzero(revisionist)
    row_of = np.full(n, -1)
    row_of[rows] = np.arange(rows.size)
    allied = np.zeros((2, reps, 0, n))
    if rows.size:
        allied = allied_support(capability, force, rows, allies)
    gains = (float(p.threat_threshold), float(p.force_threat_gain))
    pushes = _pair_pushes(
        trust, capability, force, courted, allies, allied, row_of, gains, revisionist_rates(p)
    )
    return drive(pushes, out=pushes)


# Written out for both sides of a pair: a helper that takes the arrays costs,
# per call, a reference count of each (atomic), ten times the pair's arithmetic.
@numba.njit(cache=True)
def _pair_pushes(trust, capability, force, courted, allies, allied, row_of, gains, rates):
    threshold, gain = gains
    reps, n = capability.shape
    out = np.empty((reps, 2, n * (n - 1) // 2))
    for r in range(reps):
        q = 0
        for i in range(n):
            for j in range(i + 1, n):
                ci, cj = capability[r, i], capability[r, j]
                k = row_of[i]
                if k < 0:  # i is a security seeker: its push is its fear
                    share = share_of(ci, cj)
                    out[r, 0, q] = fear_of(trust[r, i, j], share, force[r, i, j], threshold, gain)
                else:
                    out[r, 0, q] = revisionist_of(
                        trust[r, i, j], ci, cj, force[r, i, j], courted[r, i, j], allies[i, j],
                        allied[0, r, k, j], allied[1, r, k, j], rates,
                    )  # fmt: skip
                k = row_of[j]
                if k < 0:
                    share = share_of(cj, ci)
                    out[r, 1, q] = fear_of(trust[r, j, i], share, force[r, j, i], threshold, gain)
                else:
                    out[r, 1, q] = revisionist_of(
                        trust[r, j, i], cj, ci, force[r, j, i], courted[r, j, i], allies[j, i],
                        allied[0, r, k, i], allied[1, r, k, i], rates,
                    )  # fmt: skip
                q += 1
    return out


def onsets(
    drives: np.ndarray,
    relevance: np.ndarray,
    memory: np.ndarray,
    contention: np.ndarray,
    ties: np.ndarray,
    channels: np.ndarray,
    trust: np.ndarray,
    level: np.ndarray,
    draw: np.ndarray,
    p: Params,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The pairs that make a militarized move this step (flat places in
    (replication, pair) order, sorted: a pair short of war whose ``draw``
    fell below its :func:`onset_chance`), the clarity of every pair
    (``combine`` of its ties and channels, ``[r, q]``), how many of the moves
    of each replication started a dispute by incident, and the pairs in a
    dispute (``level`` above 0, flat places, sorted). ``drives`` as
    :func:`pair_drives` gives them; ``level`` and ``draw`` per pair."""
    rates = (float(p.community_threshold), onset_rates(p))
    return _onsets(drives, relevance, memory, contention, ties, channels, trust, level, draw, rates)


@numba.njit(cache=True)
def _onsets(drives, relevance, memory, contention, ties, channels, trust, level, draw, rates):
    threshold, chances = rates
    reps, n = trust.shape[0], trust.shape[1]
    moves, going = np.empty(level.size, dtype=np.int64), np.empty(level.size, dtype=np.int64)
    moved = opened = 0
    clarity = np.empty(level.shape)
    incidents = np.zeros(reps, dtype=np.int64)
    for r in range(reps):
        q = 0
        for i in range(n):
            for j in range(i + 1, n):
                clear = combine(ties[r, i, j], channels[r, i, j])
                community = trust[r, i, j] > threshold and trust[r, j, i] > threshold
                stronger = np.maximum(drives[r, 0, q], drives[r, 1, q])
                chance, incident = onset_of(
                    stronger, relevance[q], memory[r, q], contention[r, q], clear, community,
                    chances,
                )  # fmt: skip
                if level[r, q] < WAR and draw[r, q] < chance:
                    moves[moved] = r * level.shape[1] + q
                    moved += 1
                    incidents[r] += level[r, q] == 0 and draw[r, q] < incident
                if level[r, q] > 0:
                    going[opened] = r * level.shape[1] + q
                    opened += 1
                clarity[r, q] = clear
                q += 1
    return moves[:moved].copy(), clarity, incidents, going[:opened].copy()


def settle(
    moved: np.ndarray,
    start: np.ndarray,
    hostility: np.ndarray,
    memory: np.ndarray,
    contention: np.ndarray,
    clarity: np.ndarray,
    p: Params,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The end of a step's escalation, pair by pair: the levels ``moved[r, q]``
    written into ``hostility[r, i, j]`` and ``[r, j, i]`` (in place); the
    dispute memory after it (:func:`remember`; a dispute began where
    ``start`` was 0 and ``moved`` is not), the contention after it
    (:func:`harden`), and how many disputes began in each replication."""
    rates = (float(p.dispute_memory_decay), float(p.war_hardening), float(p.settlement_rate))
    return _settle(moved, start, hostility, memory, contention, clarity, rates)


@numba.njit(cache=True)
def _settle(moved, start, hostility, memory, contention, clarity, rates):
    decay, hardening, settlement = rates
    reps, n = hostility.shape[0], hostility.shape[1]
    remembered, contended = np.empty(memory.shape), np.empty(contention.shape)
    begun = np.zeros(reps, dtype=np.int64)
    for r in range(reps):
        q = count = 0  # a local count: one kept in the array waits on itself every pair
        for i in range(n):
            for j in range(i + 1, n):
                level = moved[r, q]
                hostility[r, i, j] = hostility[r, j, i] = level
                new = start[r, q] == 0 and level > 0
                remembered[r, q] = remember(memory[r, q], new, decay)
                at_war, clear = level == WAR, clarity[r, q]
                contended[r, q] = harden_of(contention[r, q], at_war, clear, hardening, settlement)
                count += new
                q += 1
        begun[r] = count
    return remembered, contended, begun
