"""What the step's engagements do: evidence, memory, ties, channels, force,
reputation with onlookers, and initiatives kept or broken.

Every act is one entry of four arrays (replication, actor, target, kind), all
the replications of a batch together; each replication draws its misreadings
from its own stream, and no sum adds acts of different replications.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ddsim.core import escalation, trust
from ddsim.core.acts import Acts
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
        weight = p.evidence_per_action * np.abs(k["evidence"][kind])
        np.add.at(b.evidence_pos.reshape(-1), seen_by_target, weight * friendly)
        np.add.at(
            b.evidence_neg.reshape(-1), seen_by_target, p.negativity_weight * weight * ~friendly
        )
        received = b.received.reshape(-1)
        received[seen_by_target] = 1
        received[seen_by_target[~friendly]] = -1
        acts = Acts(actor, target, b.world.n, rep)
        _spread_reputation(b, seen_by_target, kind, weight, coop, acts)
        _grow(b.ties, mine, seen_by_target, k["ties"][kind])
        _grow(b.channels, mine, seen_by_target, k["channel"][kind])
        force = ~coop
        hit = seen_by_target[force]
        np.add.at(b.force.reshape(-1), hit, k["credibility"][kind[force]])
        b.coerced.reshape(-1)[hit] = True
        trust.betray(b.evidence_pos, b.evidence_neg, b.coerced, p.betrayal)
    _keep_or_break_announcements(b, mine, kind, coop)
    b.update_trust()


def _decay(b: Batch) -> None:
    p = b.params
    trust.forget(b.evidence_pos, p.forgetting)
    trust.forget(b.evidence_neg, p.forgetting)
    # Open disputes breed distrust every step they last (Diehl & Goertz 2000).
    # (Adding nothing costs a pass over every pair; a replication at peace adds 0.)
    if b.pair_hostility.any():
        b.evidence_neg += p.hostility_distrust * b.hostility
    b.ties *= 1.0 - p.tie_decay
    b.channels *= 1.0 - p.csbm_decay
    b.force *= 1.0 - p.force_memory


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
    made = np.flatnonzero(announced)  # cells (r, i, j): i announced to j
    if made.size:
        r, i, j = np.unravel_index(made, b.announced.shape)
        partner = b.cell(r, j, i)  # what j holds about i
        # Only a bilateral conciliatory act carries out an initiative (a forum does not).
        step = coop & ~announce & b.world.kinds["bilateral"][kind]
        conciliatory = np.zeros(announced.size, dtype=bool)
        conciliatory[mine[step]] = True
        kept = conciliatory[made] & ~b.coerced.reshape(-1)[partner]
        b.evidence_pos.reshape(-1)[partner[kept]] += p.integrity_weight
        broken = np.zeros(b.announced.shape, dtype=bool)
        broken.reshape(-1)[partner[~kept]] = True
        trust.betray(b.evidence_pos, b.evidence_neg, broken, p.betrayal)
        announced[made] = np.where(kept, announced[made] - 1, 0)
    announced[mine[announce]] = int(p.announcement_steps)


def _spread_reputation(
    b: Batch,
    seen_by_target: np.ndarray,
    kind: np.ndarray,
    weight: np.ndarray,
    coop: np.ndarray,
    acts: Acts,
) -> None:
    """Onlookers update their trust in the actor by what they saw (Josang,
    Ismail & Boyd 2007, reputation systems).

    Onlooker c sees an act of a towards b with the chance that it watches
    either side, ``1 - (1 - audience[c, a]) (1 - audience[c, b])``
    (``audience``: 1 for relevant states, allies and forum partners), times
    the act's visibility. A friendly act counts the same for every onlooker
    that sees it. A coercive act is judged by the onlooker's trust in the
    victim (Heider 1946, balance: the enemy of my friend) and counts up to
    twice as much when it breaks a pattern the actor had built with the
    victim (betrayal). An ambiguous act (an exercise) is no friendly act to
    an onlooker wary of the actor and not allied with it, but a threat in
    proportion to its ambiguity and that wariness (Jervis 1978, the
    security dilemma: what reassures an ally alarms the rival left out).

    The sums over acts are products with a sparse actor x target matrix
    of weights (``acts``, :mod:`ddsim.core.acts`), so the cost grows with
    the number of acts, not its square.
    """
    p, k, w = b.params, b.world.kinds, b.world
    shown = p.reputation_weight * k["visibility"][kind] * weight
    good = shown * coop
    ambiguous = good * (k["ambiguity"][kind] > 0)
    # Onlookers' evidence about each actor: row k of what _seen gives goes to
    # column acts.actors[k] of its replication's evidence (a row of the transpose).
    about = (acts.reps, acts.actors)
    pos, neg = b.evidence_pos.transpose(0, 2, 1), b.evidence_neg.transpose(0, 2, 1)
    pos[about] += _seen(b, acts, good - ambiguous)
    if ambiguous.any():
        # A wary outsider sees no friendliness in an exercise, only a threat.
        wary = escalation.distrust(b.trust.transpose(0, 2, 1)[about], p.threat_threshold)
        wary *= ~w.allies[:, acts.actors].T
        pos[about] += (wary == 0) * _seen(b, acts, ambiguous)
        threat = _seen(b, acts, ambiguous * k["ambiguity"][kind])
        neg[about] += p.negativity_weight * wary * threat
    if not coop.all():
        r, s = b.evidence_pos.take(seen_by_target), b.evidence_neg.take(seen_by_target)
        bad = p.negativity_weight * shown * ~coop * (1.0 + r / (r + s + p.prior_weight))
        neg[about] += _seen(b, acts, bad, by=b.trust)


def _seen(b: Batch, acts: Acts, weight: np.ndarray, by: np.ndarray | None = None) -> np.ndarray:
    """``out[k, c]``: the weight of the acts of ``acts.actors[k]`` that
    onlooker c (of the same replication) saw, summed over the acts; with
    ``by`` (one matrix per replication), each act towards b also times
    ``by[c, b]``. The actor and the target are not onlookers of their own act.
    (A state that did nothing shows nothing: its row would be 0, so only the
    actors' rows are made.)"""
    audience_t = b.world.audience_t
    t, k = acts.target, acts.row
    watch = audience_t[acts.actors]  # watch[k, c]: how much c watches actor k
    sums = acts.sums(weight)
    # sum_b W[a, b] (w_ca + w_cb - w_ca w_cb) judged_cb, with w the audience
    if by is None:  # judged = 1: each onlooker sees the actor's row sum
        either = acts.row_sums(sums)[:, None] * watch
        either += acts.product(sums, audience_t) * (1.0 - watch)
    else:
        by_t = by.transpose(0, 2, 1)
        either = acts.product(sums, by_t) * watch
        either += acts.product(sums, audience_t * by_t) * (1.0 - watch)
    # The target's own view, taken out again (only where there were acts).
    target_view = sums * watch[k, t]
    if by is not None:
        target_view *= by[acts.rep, t, t]
    either[k, t] -= target_view
    either[np.arange(len(acts.actors)), acts.actors] = 0.0  # nobody watches itself
    return either


def _grow(level: np.ndarray, ij: np.ndarray, ji: np.ndarray, values: np.ndarray) -> None:
    """``trust.grow`` of a symmetric share (ties, channels), in place, by
    ``values`` summed over the acts of either side of a pair (acts at the
    cells ``ij``, their mirror cells ``ji``). Only the pairs with acts are
    computed: elsewhere the change is 0, which leaves the share as it is."""
    change = np.zeros(level.size)
    np.add.at(change, ij, values)
    cells, mirrors = np.concatenate([ij, ji]), np.concatenate([ji, ij])
    both = change[cells] + change[mirrors]
    flat = level.reshape(-1)
    flat[cells] = trust.grow(flat[cells], both)
