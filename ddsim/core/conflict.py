"""The step's disputes: they end, new ones start and reach their highest
level, wars go on and wear capability down.

The formulas are in :mod:`ddsim.core.escalation`; this module applies them
to every pair of every replication of a batch (``pair_hostility[r, p]``),
each replication drawing from its own stream exactly what it would draw alone.
What touches every pair (drives, onset chances, the levels written back) is
one compiled pass each (:mod:`ddsim.core.pairwise`); what touches the pairs in
a dispute, few, stays numpy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba
import numpy as np

from ddsim.core import escalation, pairwise
from ddsim.core.picks import where
from ddsim.core.trust import combine

if TYPE_CHECKING:
    from ddsim.core.batch import Batch


def escalate(b: Batch) -> None:
    """Disputes go on, climb or end, new ones start and reach their level.

    An open dispute short of war climbs a rung when both sides showed force
    this step (answering in kind), does not end in a step a side showed
    force, and otherwise ends with a constant hazard raised by crisis
    channels; a war ends by exhaustion or settlement; an ended dispute goes
    back to level 0. A pair at peace may start a dispute with a hazard that
    grows with the stronger side's drive, the memory of past disputes and
    the pair's contention, or by a random incident.
    """
    p, w = b.params, b.world
    # Pairs are flat places in (replication, pair) order from here on.
    drives = pairwise.pair_drives(
        b.trust, b.capability, b.force, b.courted, w.revisionist, w.allies, p
    )  # drives[r, 0]: i's against j, drives[r, 1]: j's against i
    level = b.pair_hostility
    draws = np.empty((b.reps, 2, level.shape[1]))
    for g, mine in zip(b.rng, draws, strict=True):  # each replication from its own stream
        g.random(out=mine)
    # A militarized move: at peace it starts a dispute, in an open one short of war
    # it may take it higher (a drive does not wait for a display to end). The
    # pairs in a dispute (going) are few, so only these are looked at.
    new, clear, incidents, going = pairwise.onsets(
        drives, w.pair_relevance, b.dispute_memory, b.contention, b.ties, b.channels, b.trust,
        level, draws[:, 1], p,
    )  # fmt: skip
    b.step_incidents += incidents
    moved = level.copy().reshape(-1)
    months = np.zeros(b.months_at_war.size, dtype=b.months_at_war.dtype)
    reciprocated = np.zeros(level.size, dtype=bool)
    if going.size:
        pressed, answered = _shown(b, going)
        _go_on(b, going, moved, months, draws, clear.reshape(-1), (pressed, answered))
        new = new[(level.reshape(-1)[new] == 0) | (moved[new] > 0)]  # none right after an end
    if new.size:
        rep, pair = np.divmod(new, level.shape[1])
        ij, ji = drives[rep, 0, pair], drives[rep, 1, pair]
        reached, reciprocated[new] = _start_disputes(b, new, ij, ji, clear.reshape(-1)[new])
        newly_at_war = (reached == escalation.WAR) & (moved[new] < escalation.WAR)
        moved[new] = np.maximum(moved[new], reached)
        months[new[newly_at_war]] = 1
    if going.size:  # a dispute a show of force opened this step: answered if both showed force
        opened = b.start_hostility.reshape(-1)[going] == 0
        reciprocated[going[opened & answered]] = True
    b.reciprocated = reciprocated.reshape(level.shape)
    b.months_at_war = months.reshape(level.shape)
    b.pair_hostility = moved.reshape(level.shape)
    b.dispute_memory, b.contention, b.step_new_disputes = pairwise.settle(
        b.pair_hostility, b.start_hostility, b.hostility, b.dispute_memory, b.contention, clear, p
    )  # the levels written into b.hostility too
    _wear_capability(b)


def _shown(b: Batch, going: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether either side (the dispute is pressed) and whether both (force
    was answered in kind) showed force this step, in the pairs ``going``."""
    shown_ij = b.coerced.take(b.pair_cells.take(going))
    shown_ji = b.coerced.take(b.mirror_cells.take(going))
    return shown_ij | shown_ji, shown_ij & shown_ji


def _go_on(
    b: Batch,
    going: np.ndarray,
    moved: np.ndarray,
    months: np.ndarray,
    draws: np.ndarray,
    clear: np.ndarray,
    shown: tuple[np.ndarray, np.ndarray],
) -> None:
    """The disputes open at ``going`` (flat places in (replication, pair)
    order) climb, go on or end (in ``moved`` and ``months``, in place).
    ``draws[r, 0]`` decides ends, ``draws[r, 1]`` climbs (and militarized
    moves, :func:`escalate`); ``shown``: whether either side, and whether
    both, showed force this step in each of them."""
    p = b.params
    pressed, answered = shown
    at_war = moved[going] == escalation.WAR
    end_draw, climb_draw = draws[:, 0].reshape(-1)[going], draws[:, 1].reshape(-1)[going]
    at_war_for = b.months_at_war.reshape(-1)[going]
    war_over = escalation.war_ends(at_war_for, clear[going], end_draw, p)
    # A dispute lasts at least the step it began in (an incident of this step too),
    # and a show of force keeps it open.
    lasting = (b.start_hostility.reshape(-1)[going] > 0) & ~pressed
    ending = lasting & (end_draw < escalation.end_chance(clear[going], p))
    # Force is used in a step, not for good: a dispute kept open by shows of
    # force alone is back at a display (its highest level stays in the log),
    # and climbs to a use of force again only if force is answered again.
    lull = pressed & (moved[going] == escalation.FORCE)
    moved[going[lull]] = escalation.DISPLAY
    climbs = ~at_war & answered
    climbs &= climb_draw < escalation.climb_chance(clear[going], p)
    ends = np.where(at_war, war_over, ending & ~climbs)
    moved[going[climbs]] += 1
    moved[going[ends]] = 0
    still = at_war & ~ends
    months[going[still]] = at_war_for[still] + 1


def display(b: Batch, rep: np.ndarray, actor: np.ndarray, target: np.ndarray) -> None:
    """Shows of force of ``actor`` against ``target`` (in replications ``rep``)
    are displays of force, militarized incidents in the MID data's terms
    (Jones, Bremer & Singer 1996): each opens a dispute at display of force,
    or raises the pair's open one to it."""
    if not rep.size:
        return
    places = rep * len(b.world.pairs[0]) + b.world.pair_index(actor, target)
    levels = b.pair_hostility.copy().reshape(-1)
    levels[places] = np.maximum(levels[places], escalation.DISPLAY)
    b.set_pair_hostility(levels.reshape(b.pair_hostility.shape), changed=places)


def _start_disputes(
    b: Batch, new: np.ndarray, drive_ij: np.ndarray, drive_ji: np.ndarray, clarity: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The highest level of the disputes starting in the pairs ``new``
    (flat places in (replication, pair) order, sorted), and whether each
    was reciprocated. The more driven side starts it; the target may
    reciprocate. A use of force is remembered as force received, and costs its
    initiator reputation: with the states that watch the pair (``audience``)
    for a use of force, with every state for a war."""
    p, w = b.params, b.world
    rep, pair = np.divmod(new, len(w.pairs[0]))
    i, j = w.pairs[0][pair], w.pairs[1][pair]
    i_starts = drive_ij >= drive_ji
    initiator, target = np.where(i_starts, i, j), np.where(i_starts, j, i)
    u = b.uniform(rep, rows=3)
    target_drive = np.where(i_starts, drive_ji, drive_ij)
    reciprocated = u[0] < escalation.reciprocation_chance(target_drive, p)
    drive = np.maximum(drive_ij, drive_ji)
    level = escalation.highest_level(drive, reciprocated, clarity, u[1], u[2], p)
    force = level >= escalation.FORCE
    received = b.force.reshape(-1)
    np.add.at(received, b.cell(rep[force], target[force], initiator[force]), 1.0)
    answered = force & reciprocated
    np.add.at(received, b.cell(rep[answered], initiator[answered], target[answered]), 1.0)
    if force.any():
        _blame(b, rep[force], initiator[force], target[force], level[force] == escalation.WAR)
    return level, reciprocated


def _blame(
    b: Batch, rep: np.ndarray, initiator: np.ndarray, target: np.ndarray, war: np.ndarray
) -> None:
    """Starting a use of force costs the initiator reputation with the states
    that watch either side; starting a war, with every state."""
    w = b.world
    # Blame in the columns of the initiators only (the rest add nothing).
    columns, which = np.unique(rep * w.n + initiator, return_inverse=True)
    blamed_rep, blamed = np.divmod(columns, w.n)
    weight = float(b.params.aggression_reputation)
    _blame_columns(
        b.evidence_neg, blamed_rep, blamed, which, initiator, target, war, w.audience_t, weight
    )


@numba.njit(cache=True)
def _blame_columns(evidence_neg, blamed_rep, blamed, which, initiator, target, war, watched, w):
    """Add to ``evidence_neg[r, c, a]`` for each initiator column (r, a) the
    blame of onlooker c: weight ``w`` x 1 for a war, x the chance that c watches
    either side otherwise (``watched[x, c]``: how much c watches x), summed
    over the initiator's acts in their order; nobody blames itself.

    First each column's blame, act by act, along the rows of ``watched``; then
    onlooker by onlooker into its row of the evidence (at 1,000 states a
    month starts some 250-500 uses of force: as many columns of a million
    cells, which read column-wise would miss the cache at every cell)."""
    n = watched.shape[0]
    blame = np.zeros((blamed.size, n))
    for k in range(which.size):
        column, by_a, by_t = blame[which[k]], watched[initiator[k]], watched[target[k]]
        for c in range(n):
            column[c] += w * where(war[k], 1.0, combine(by_a[c], by_t[c]))
    for c in range(n):
        for m in range(blamed.size):
            mine = c == blamed[m]  # nobody blames itself (adding 0.0, as numpy did)
            evidence_neg[blamed_rep[m], c, blamed[m]] += 0.0 if mine else blame[m, c]


def raise_hostility(b: Batch, i: np.ndarray, j: np.ndarray, rungs: int) -> None:
    """Push the pairs ``(i, j)`` up by ``rungs`` in every replication (an
    incident), to war at most."""
    before = b.hostility[:, i, j]
    level = np.minimum(escalation.WAR, before + rungs).astype(np.int8)
    newly_at_war = (level == escalation.WAR) & (before < escalation.WAR)
    b.hostility[:, i, j] = level
    b.hostility[:, j, i] = level
    b.pair_hostility = b.hostility.take(b.pair_cells)
    # 0, not 1: escalate() counts this step (a war cannot end in the step it began)
    rep, at = np.nonzero(newly_at_war)
    b.months_at_war[rep, b.world.pair_index(i[at], j[at])] = 0


def _wear_capability(b: Batch) -> None:
    """War wears capability down; at peace it recovers towards its base."""
    p, w = b.params, b.world
    i, j = w.pairs
    at_war = b.pair_hostility == escalation.WAR
    recovered = b.capability + p.capability_recovery * (w.base_capability - b.capability)
    if not at_war.any():  # peace everywhere: every state recovers
        b.capability = recovered
        return
    rep, pair = np.divmod(np.flatnonzero(at_war), at_war.shape[1])  # 1-D: far cheaper
    size = b.reps * w.n
    wars_each = np.bincount(rep * w.n + i[pair], minlength=size) + np.bincount(
        rep * w.n + j[pair], minlength=size
    )
    worn = b.capability * (1.0 - p.war_cost) ** wars_each.reshape(b.reps, w.n)
    b.capability = np.where(wars_each.reshape(b.reps, w.n) == 0, recovered, worn)
