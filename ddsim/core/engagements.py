"""What the step's engagements do: evidence, memory, ties, channels, force,
reputation with onlookers, and initiatives kept or broken.

Every act is one entry of four arrays (replication, actor, target, kind), all
the replications of a batch together; each replication draws its misreadings
from its own stream, and no sum adds acts of different replications.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba
import numpy as np

from ddsim.core import conflict, escalation, onlookers, trust
from ddsim.core.strategies.base import KIND_CODE

if TYPE_CHECKING:
    from ddsim.core.batch import Batch


def apply(b: Batch, rep: np.ndarray, actor: np.ndarray, target: np.ndarray, kind: np.ndarray):
    """Update evidence, memory, ties, channels and force from the step's engagements.

    The target reads each act as evidence of the actor's intent, weighted
    by the act's log-likelihood ratio; a friendly act may be misread as
    hostile, more often in a crisis and less with ties and CSBMs. Coercing
    a partner turns part of the good record it built into distrust
    (betrayal); announced initiatives are kept or broken. Onlookers see
    what is relevant to them (reputation). All vectorised.
    """
    p, k = b.params, b.world.kinds
    # Each act's clarity (ties, CSBMs) as it was before this step's decay. Cells
    # are flat indices (one index array is far cheaper than three).
    mine, seen_by_target = b.cell(rep, actor, target), b.cell(rep, target, actor)
    clarity = p.tie_clarity * trust.combine(b.ties.take(mine), b.channels.take(mine))
    _decay(b)
    b.received = np.zeros_like(b.received)
    b.coerced = np.zeros_like(b.coerced)
    b.misread = np.zeros(b.reps, dtype=int)
    coop = k["valence"][kind] > 0
    if len(actor):
        stress = trust.crisis_stress(b.hostility.take(mine), p.crisis_stress)
        # An act that says nothing about intent (an announcement) cannot be misread.
        says = coop & (k["evidence"][kind] > 0)
        chance = trust.misreading_probability(
            p.perception_noise,
            k["credibility"][kind],
            b.trust.take(seen_by_target),
            clarity,
            stress,
        )
        misread = b.uniform(rep) < says * chance
        b.misread = np.bincount(rep[misread], minlength=b.reps)
        friendly = coop & ~misread
        # Once force is used, acts build neither trust nor ties (at war, crisis
        # channels still restrain and help end it).
        building = b.hostility.take(mine) < escalation.FORCE
        weight = p.evidence_per_action * np.abs(k["evidence"][kind])
        np.add.at(b.evidence_pos.reshape(-1), seen_by_target, weight * (friendly & building))
        np.add.at(
            b.evidence_neg.reshape(-1), seen_by_target, p.negativity_weight * weight * ~friendly
        )
        np.add.at(b.courted.reshape(-1), seen_by_target, k["credibility"][kind] * friendly)
        force = ~coop
        # Received as perceived: a misread friendly act is evidence, not force.
        received = b.received.reshape(-1)
        received[seen_by_target[friendly]] = 1
        received[seen_by_target[force]] = -1
        onlookers.spread_reputation(b, rep, actor, target, kind, coop)
        _grow(b.ties, mine, seen_by_target, k["ties"][kind] * building)
        _grow(b.channels, mine, seen_by_target, k["channel"][kind])
        hit = seen_by_target[force]
        np.add.at(b.force.reshape(-1), hit, k["credibility"][kind[force]])
        b.coerced.reshape(-1)[hit] = True
        trust.betray_cells(b.evidence_pos, b.evidence_neg, np.unique(hit), p.betrayal)
        conflict.display(b, rep[force], actor[force], target[force])
    _keep_or_break_announcements(b, mine, kind, coop)
    b.update_trust()


def _decay(b: Batch) -> None:
    """Evidence is forgotten, ties, channels and the memories of force and of
    being courted fade; open disputes breed distrust every step they last
    (Diehl & Goertz 2000). One compiled pass over every cell (a replication
    at peace adds no distrust)."""
    p = b.params
    rates = (
        float(p.forgetting),
        float(p.hostility_distrust),
        float(p.tie_decay),
        float(p.csbm_decay),
        float(p.force_memory),  # what a revisionist reads as weakness fades alike
    )
    memories = (b.ties, b.channels, b.force, b.courted)
    _fade_all(b.evidence_pos, b.evidence_neg, b.hostility, memories, rates)


@numba.njit(cache=True)
def _fade_all(pos, neg, hostility, memories, rates):
    forgetting, distrust, tie_decay, csbm_decay, force_memory = rates
    ties, channels, force, courted = memories
    reps, n = pos.shape[0], pos.shape[1]
    for r in range(reps):
        for i in range(n):
            for j in range(n):
                pos[r, i, j] = trust.fade(pos[r, i, j], forgetting)
                neg[r, i, j] = trust.fade(neg[r, i, j], forgetting)
                if hostility[r, i, j]:  # + 0.0 elsewhere: the same number
                    neg[r, i, j] += distrust * hostility[r, i, j]
                # Mostly nothing to fade (0 stays 0): a write only where something is.
                if ties[r, i, j] != 0.0:
                    ties[r, i, j] = trust.fade(ties[r, i, j], tie_decay)
                if channels[r, i, j] != 0.0:
                    channels[r, i, j] = trust.fade(channels[r, i, j], csbm_decay)
                if force[r, i, j] != 0.0:
                    force[r, i, j] = trust.fade(force[r, i, j], force_memory)
                if courted[r, i, j] != 0.0:
                    courted[r, i, j] = trust.fade(courted[r, i, j], force_memory)


def _keep_or_break_announcements(
    b: Batch, mine: np.ndarray, kind: np.ndarray, coop: np.ndarray
) -> None:
    """Osgood's GRIT: a state that announced an initiative to a partner and
    carries out a conciliatory act towards it this step earns evidence of
    integrity with it; one that coerces the partner, or lets a step pass
    with nothing, reneges, and that counts as a betrayal (Osgood 1962;
    Lindskold 1978). ``mine`` are the cells (actor, target) of the acts."""
    p, announce = b.params, kind == KIND_CODE["announcement"]
    announced = b.announced.reshape(-1)
    made = _nonzero(announced)  # cells (r, i, j): i announced to j
    if made.size:
        r, i, j = np.unravel_index(made, b.announced.shape)
        partner = b.cell(r, j, i)  # what j holds about i
        # Only a bilateral conciliatory act carries out an initiative (a forum does not).
        step = coop & ~announce & b.world.kinds["bilateral"][kind]
        kept = np.isin(made, mine[step]) & ~b.coerced.reshape(-1)[partner]
        b.evidence_pos.reshape(-1)[partner[kept]] += p.integrity_weight
        broken = np.unique(partner[~kept])  # the cells, as a scan of them would give
        trust.betray_cells(b.evidence_pos, b.evidence_neg, broken, p.betrayal)
        announced[made] = np.where(kept, announced[made] - 1, 0)
    announced[mine[announce]] = int(p.announcement_steps)


@numba.njit(cache=True)
def _nonzero(values):
    """``np.flatnonzero(values)`` of a flat array, in two passes (numpy's
    nonzero of a million int16 took 1.7 ms; a month has some 50 announcements)."""
    count = 0
    for k in range(values.size):
        count += values[k] != 0
    out = np.empty(count, dtype=np.int64)
    count = 0
    for k in range(values.size):
        if values[k] != 0:
            out[count] = k
            count += 1
    return out


def _grow(level: np.ndarray, ij: np.ndarray, ji: np.ndarray, values: np.ndarray) -> None:
    """``trust.grow`` of a symmetric share (ties, channels), in place, by
    ``values`` summed over the acts of either side of a pair (acts at the
    cells ``ij``, their mirror cells ``ji``). Only the pairs with acts are
    computed: elsewhere the change is 0, which leaves the share as it is."""
    # The changes: zeros from the system, only the pages of cells with acts touched.
    _grow_pairs(level.reshape(-1), np.zeros(level.size), ij, ji, values)


@numba.njit(cache=True)
def _grow_pairs(flat, change, ij, ji, values):
    """:func:`_grow` in one loop: each cell's acts added in their order, then
    every listed cell's new share from the shares before (a pair's change is
    the same sum either way round), then written."""
    for k in range(ij.size):
        change[ij[k]] += values[k]
    grown = np.empty(2 * ij.size)
    for k in range(ij.size):
        grown[k] = trust.grow(flat[ij[k]], change[ij[k]] + change[ji[k]])
        grown[ij.size + k] = trust.grow(flat[ji[k]], change[ji[k]] + change[ij[k]])
    for k in range(ij.size):
        flat[ij[k]] = grown[k]
    for k in range(ij.size):
        flat[ji[k]] = grown[ij.size + k]
