"""What onlookers make of the step's acts: reputation with third parties.

Onlooker c sees an act of a towards b with the chance that it watches either
side, ``1 - (1 - audience[c, a]) (1 - audience[c, b])`` (``audience``: 1 for
relevant states, allies and forum partners), times the act's visibility. A
friendly act counts the same for every onlooker that sees it. A coercive act
is judged by the onlooker's trust in the victim (Heider 1946, balance: the
enemy of my friend) and counts up to twice as much when it breaks a pattern
the actor had built with the victim; that betrayal also turns part of the
onlooker's own good record of the actor to distrust, as it does the
victim's (Bohnet & Zeckhauser 2004), so turning on a trusted partner costs
more with onlookers than steady hostility. An ambiguous act (an
exercise) is no friendly act to an onlooker wary of the actor and not allied
with it, but a threat in proportion to its ambiguity and that wariness
(Jervis 1978, the security dilemma: what reassures an ally alarms the rival
left out). The actor and the target are not onlookers of their own act.

How it is computed, so that the cost grows with the acts and the states, not
with their product twice over:

* the bilateral acts are summed by one compiled loop (:func:`_sums_judged`),
  for a block of onlookers at once, act by act, adding the targets in index
  order (so a replication's sums never depend on the batch it is in), and
  each onlooker judges what it saw before the next block is summed;
* a forum meeting, where every member meets every other, is summed in closed
  form (:func:`_forum_seen`): what onlooker c sees of member a is its watch on
  the whole forum minus its watch on a and on the members a is fighting, so a
  meeting costs members x states, not members squared x states.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba
import numpy as np
from numba.extending import register_jitable

from ddsim.core import escalation
from ddsim.core.acts import Acts
from ddsim.core.parameters import Params
from ddsim.core.strategies.base import KIND_CODE

if TYPE_CHECKING:
    from ddsim.core.batch import Batch

#: The onlookers' sums, in this order, for every actor that acted.
FRIENDLY, AMBIGUOUS, THREAT, COERCIVE, BETRAYAL = range(5)
FORUM_KIND = KIND_CODE["regional_forum"]


def spread_reputation(
    b: Batch,
    rep: np.ndarray,
    actor: np.ndarray,
    target: np.ndarray,
    kind: np.ndarray,
    coop: np.ndarray,
) -> None:
    """Onlookers update their evidence about each actor by what they saw
    (Josang, Ismail & Boyd 2007, reputation systems). The acts of the step's
    forum meetings (``b.meetings``) are summed in closed form."""
    p, k, w = b.params, b.world.kinds, b.world
    shown = p.reputation_weight * k["visibility"] * p.evidence_per_action * np.abs(k["evidence"])
    friendly = shown * (k["valence"] > 0)
    ambiguous = friendly * (k["ambiguity"] > 0)
    # By kind: FRIENDLY, AMBIGUOUS and THREAT (a forum act's are its kind's).
    by_kind = np.stack([friendly - ambiguous, ambiguous, ambiguous * k["ambiguity"]])
    bilateral = kind != FORUM_KIND
    rep, actor, target, kind = rep[bilateral], actor[bilateral], target[bilateral], kind[bilateral]
    acts = Acts(actor, target, w.n, rep)
    sums = np.stack([acts.sums(weight) for weight in by_kind[:, kind]])
    coercive = np.zeros((2, len(acts.target)))
    if not coop.all():
        hostile = k["valence"] < 0
        shown_as, visible = (shown * hostile)[kind], (k["visibility"] * hostile)[kind]
        weights = _coercive_weights(b, rep, actor, target, shown_as, visible)
        coercive = np.stack([acts.sums(weight) for weight in weights])
    _sums_judged(
        b.evidence_pos,
        b.evidence_neg,
        (acts.reps, acts.actors, acts.row_starts(), acts.target),
        (sums, coercive),
        w.audience_t,
        b.trust,
        w.allies,
        _judgment(p),
    )
    forum_ambiguous = ambiguous[FORUM_KIND] > 0
    for members, met in b.meetings:  # each meeting added on its own
        reps, actors, seen = _forum_seen(b, members, met, by_kind[:, FORUM_KIND])
        every = np.arange(len(actors) if forum_ambiguous else 0)
        _judge(b, reps, actors, seen, wary_rows=every, coerced_rows=every[:0])


def _coercive_weights(
    b: Batch,
    rep: np.ndarray,
    actor: np.ndarray,
    target: np.ndarray,
    shown: np.ndarray,
    visible: np.ndarray,
) -> np.ndarray:
    """Each act's two weights as coercion (``shown``: its weight as seen,
    ``visible``: its visibility; 0 for a friendly act): as negative evidence,
    more when it breaks the good record the actor had built with the victim,
    as the victim holds it; and that record itself, which onlookers judge as
    betrayal (:func:`_judge`)."""
    p = b.params
    seen_by_target = b.cell(rep, target, actor)
    r, s = b.evidence_pos.take(seen_by_target), b.evidence_neg.take(seen_by_target)
    record = r / (r + s + p.prior_weight)
    return np.stack([p.negativity_weight * shown * (1.0 + record), visible * record])


def _judge(
    b: Batch,
    reps: np.ndarray,
    actors: np.ndarray,
    seen: np.ndarray,
    wary_rows: np.ndarray,
    coerced_rows: np.ndarray,
) -> None:
    """Add what every onlooker c saw of ``actors`` (``seen[q, c, k]``) to its
    evidence about them (:func:`_judge_onlooker`)."""
    rows = (reps, actors, wary_rows, coerced_rows)
    by_onlooker = seen.transpose(0, 2, 1)  # [q, k, c]
    args = (by_onlooker, b.trust, b.world.allies, _judgment(b.params))
    _judge_everyone(b.evidence_pos, b.evidence_neg, rows, *args)


def _judgment(p: Params) -> tuple[float, float, float]:
    """What :func:`_judge_row` needs: threshold, negativity weight, betrayal share."""
    return (float(p.threat_threshold), float(p.negativity_weight), float(p.betrayal))


def _forum_seen(
    b: Batch, members: np.ndarray, met: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What each onlooker saw of each member at one forum meeting, in closed
    form. ``met[r, i, j]``: members i and j met in replication r (they are
    not the same state and were not fighting); ``weight``: one forum act's
    FRIENDLY, AMBIGUOUS and THREAT weights. Returns the replication and the
    member of each member that met someone, and ``seen[q, c, k]`` for each.

    Onlooker c's sum over the members t that a met, of ``w_ca + w_ct - w_ca
    w_ct`` (the chance that c watches either side), leaving out t = c (a
    target does not watch an act on itself), is ``count w_ca + (1 - w_ca)
    sum_t w_ct - [c met a] w_ca``, and ``sum_t w_ct`` is c's watch on the
    whole forum less its watch on a and on the members a was fighting.
    """
    size = len(members)
    watch = b.world.audience[:, members]  # watch[c, i]: how much c watches member i
    others = watch.sum(axis=1)[:, None] - watch  # [c, i]: c's watch on the members but i
    everyone_met = ~np.eye(size, dtype=bool)
    peaceful = _either(members, watch, others, everyone_met)  # the same in every such replication
    reps, actors, seen = [], [], []
    for r, met_r in enumerate(met):
        either = peaceful
        if not np.array_equal(met_r, everyone_met):
            i, j = np.nonzero(everyone_met & ~met_r)  # the pairs that were fighting
            fewer = _less_fighting(others.copy(), watch, i, j)
            either = _either(members, watch, fewer, met_r)
        present = met_r.any(axis=1)
        reps.append(np.full(np.count_nonzero(present), r))
        actors.append(members[present])
        seen.append(either[:, present])
    seen_all = weight[:, None, None] * np.concatenate(seen, axis=1)[None]
    return np.concatenate(reps), np.concatenate(actors), seen_all


def _either(
    members: np.ndarray, watch: np.ndarray, watched: np.ndarray, met: np.ndarray
) -> np.ndarray:
    """``either[c, i]``: the sum over the members t that member i met of the
    chance that c watches i or t, t = c left out (see :func:`_forum_seen`)."""
    either = met.sum(axis=1) * watch + (1.0 - watch) * watched
    either[members] -= met.T * watch[members]  # c is a member that i met
    either[members, np.arange(len(members))] = 0.0  # nobody watches itself
    return either


@numba.njit(cache=True)
def _less_fighting(watched, watch, i, j):
    """``watched[c, i[p]] -= watch[c, j[p]]`` for each fighting pair p in order
    (what ``np.subtract.at`` does column by column; at 1,000 states a forum
    of 180 with 400 fights took 13 ms that way), onlooker by onlooker."""
    for c in range(watched.shape[0]):
        for p in range(len(i)):
            watched[c, i[p]] -= watch[c, j[p]]
    return watched


#: Onlookers summed at once by :func:`_sums_judged`: their sums then fit in
#: the cache (at 1,000 states 64 took 2 ms a step, one at a time 11 ms).
ONLOOKER_BLOCK = 64


@numba.njit(cache=True)
def _sums_judged(pos, neg, acts, weights, audience_t, trust, allies, params):
    """What each onlooker c saw of the bilateral acts, actor by actor, added
    to its evidence about the actor (:func:`_judge_onlooker`), a block of
    onlookers at a time (so the sums are never all held at once).

    ``acts``: each row's replication and actor, where its targets start in
    ``target`` (``indptr``), and the targets. ``weights``: ``sums[q]`` (q:
    FRIENDLY, AMBIGUOUS, THREAT) and ``coercive``'s two per pair.
    ``audience_t[i, c]``: how much c watches i. c's sum ``seen[q, k]`` is the
    weight of the acts of row k that c saw; COERCIVE and BETRAYAL's are also
    times c's trust in the act's victim. Each sum adds the targets in index
    order, and an actor is no onlooker of its own acts, nor a target of an
    act on itself. An act whose weights are 0 adds nothing and is skipped, so
    is a judgment with nothing to judge (its sums are 0): adding 0 to evidence,
    which is never below 0, leaves it as it was, to the bit."""
    row_rep, row_actor, indptr, target = acts
    sums, coercive = weights
    friendly, coerced = _weighed(sums), _weighed(coercive)
    rows = (row_rep, row_actor, _rows_with(friendly[1], indptr), _rows_with(coerced[0], indptr))
    n = audience_t.shape[0]
    block = min(ONLOOKER_BLOCK, n)
    seen = np.empty((5, len(row_actor), block))
    for lo in range(0, n, block):
        hi = min(lo + block, n)
        seen[:] = 0.0
        for k in range(len(row_actor)):
            a, r = row_actor[k], row_rep[k]
            for i in range(indptr[k], indptr[k + 1]):
                t = target[i]
                if friendly[0, i]:
                    # the onlookers lo..hi but a and t, in three runs
                    first, last = min(a, t), max(a, t)
                    for start, stop in ((lo, first), (first + 1, last), (last + 1, hi)):
                        _add_seen(seen[:, k], sums[:, i], audience_t[a], audience_t[t],
                                  max(start, lo), min(stop, hi), lo)  # fmt: skip
                if coerced[0, i]:
                    for c in range(lo, hi):
                        if c in (a, t):
                            continue
                        sides = _watches_either(audience_t[a, c], audience_t[t, c])
                        sides *= trust[r, c, t]
                        seen[COERCIVE, k, c - lo] += coercive[0, i] * sides
                        seen[BETRAYAL, k, c - lo] += coercive[1, i] * sides
        for c in range(lo, hi):
            _judge_onlooker(pos, neg, rows, seen, c - lo, c, trust, allies, params)


@numba.njit(cache=True)
def _weighed(weights):
    """``[0, i]``: act i has a weight that is not 0; ``[1, i]``: one but its
    first (for the friendly weights: an AMBIGUOUS or THREAT one)."""
    out = np.zeros((2, weights.shape[1]), dtype=np.bool_)
    for i in range(weights.shape[1]):
        for q in range(weights.shape[0]):
            out[0, i] |= weights[q, i] != 0.0
            out[1, i] |= q > 0 and weights[q, i] != 0.0
    return out


@numba.njit(cache=True)
def _rows_with(flagged, indptr):
    """The rows with a ``flagged`` act, in order."""
    rows = np.empty(len(indptr) - 1, dtype=np.int64)
    count = 0
    for k in range(len(indptr) - 1):
        if flagged[indptr[k] : indptr[k + 1]].any():
            rows[count] = k
            count += 1
    return rows[:count]


@register_jitable(inline="always")
def _watches_either(watch_a: float, watch_t: float) -> float:
    """The chance that an onlooker watches the actor or the target, from its
    watch on each (written as the loops always added it: the same bits)."""
    return watch_a + watch_t - watch_a * watch_t


@numba.njit(cache=True)
def _add_seen(seen, weight, watch_a, watch_t, start, stop, lo):
    """``seen[q, c - lo] += weight[q] x`` the chance that c watches a or t,
    for the onlookers c in ``start..stop`` (``watch_a[c]``: c's watch on a)."""
    for c in range(start, stop):
        either = _watches_either(watch_a[c], watch_t[c])
        seen[FRIENDLY, c - lo] += weight[FRIENDLY] * either
        seen[AMBIGUOUS, c - lo] += weight[AMBIGUOUS] * either
        seen[THREAT, c - lo] += weight[THREAT] * either


@numba.njit(cache=True)
def _judge_everyone(pos, neg, rows, seen, trust, allies, params):
    """:func:`_judge_onlooker` for every onlooker c, ``seen[q, k, c]``."""
    for c in range(pos.shape[1]):
        _judge_onlooker(pos, neg, rows, seen, c, c, trust, allies, params)


@numba.njit(cache=True)
def _judge_onlooker(pos, neg, rows, seen, s, c, trust, allies, params):
    """Add what onlooker c saw of each row's actor (``seen[q, k, s]``) to
    its evidence about it: friendly acts as positive evidence; ambiguous ones
    (in the ``wary`` rows) as positive evidence if c is not wary of the actor
    (or is its ally), else as a threat in proportion to c's wariness
    (``escalation.distrust``); coercive ones (in the ``coerced`` rows) as
    negative evidence, and a coercion that breaks a good record as betrayal:
    ``betrayal`` times it of c's good record of the actor turns to distrust,
    as it does for the victim (Bohnet & Zeckhauser 2004). ``rows``: each
    row's replication and actor, the wary rows and the coerced rows.
    ``params``: threshold, negativity weight, betrayal share. The three
    passes keep each row's order: a row is one state's evidence."""
    reps, actors, wary, coerced = rows
    threshold, negativity, betrayal = params
    for k in range(len(actors)):
        pos[reps[k], c, actors[k]] += seen[FRIENDLY, k, s]
    for k in wary:
        r, a = reps[k], actors[k]
        distrust = escalation.distrust(trust[r, c, a], threshold) * (not allies[c, a])
        pos[r, c, a] += (distrust == 0.0) * seen[AMBIGUOUS, k, s]
        neg[r, c, a] += negativity * distrust * seen[THREAT, k, s]
    for k in coerced:
        r, a = reps[k], actors[k]
        moved = pos[r, c, a] * min(1.0, betrayal * seen[BETRAYAL, k, s])
        pos[r, c, a] -= moved
        neg[r, c, a] += moved + seen[COERCIVE, k, s]
