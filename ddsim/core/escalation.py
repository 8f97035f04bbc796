"""Militarized disputes as the Correlates of War record counts them.

Every pair of states holds a level on the MID scale (Jones, Bremer & Singer
1996, *Militarized Interstate Disputes, 1816-1992*, Conflict Management and
Peace Science 15(2)): 0 no dispute, 1 dispute without militarized action,
2 threat to use force, 3 display of force, 4 use of force, 5 war. The level is
the pair's visible state; the process follows how the MID data are built:

* **Onset.** Each step a relevant pair at peace may start a dispute. The hazard
  grows with the stronger *drive* of the two sides, with the memory of past
  disputes (Hensel 1994, recurrent disputes) and with the pair's *contention*,
  what it disputes (territory, position: Vasquez 1993, *The War Puzzle*;
  Hensel 2001). Random incidents start some whatever the drive; mil-to-mil
  ties and crisis channels prevent part of them (Lynn-Jones 1985, incidents at
  sea), and between states that trust each other as a security community does
  an incident is settled without militarized action.
* **Drive.** The push of fear or ambition, saturated into [0, 1)
  (``drive = 1 - exp(-push)``). A *security seeker* is driven by fear: distrust
  times the other's share of capability, amplified by the force it has
  received (Jervis 1976, ch. 3, the spiral model; Glaser 1997, *The security
  dilemma revisited*). A *revisionist* is driven by its insecurity (its
  distrust alone, in part: force received reads as resolve, not threat) *and*
  its ambition, added, so that lowering either lowers the drive. Ambition
  shrinks as the other side is stronger with its allies and shows resolve
  (Jervis 1976, the deterrence model; Huth 1988, *Extended Deterrence*), grows
  when the other side engages it without ever showing resolve, which it reads
  as weakness (Jervis 1976; Glaser 2010, *Rational Theory of International
  Politics*, ch. 3, greedy states), and is nil against its own allies. Trust
  reaches a revisionist only through its insecurity: reassurance removes the
  part of its hostility that is fear, not its greed (Kydd 2005, *Trust and
  Mistrust*, ch. 2).
* **Highest level.** A dispute reaches a level at once (most MIDs last
  weeks): it climbs past each rung with a chance that grows with the drive
  and falls with crisis channels; a use of force becomes a war far more often
  when the target reciprocates (Braithwaite & Lemke 2011). A show of force
  is itself a display of force (:mod:`ddsim.core.conflict`), and while a
  dispute is open, answering force with force makes it climb.
* **End.** A dispute short of war ends with a constant hazard, raised by
  crisis channels (George 1991, *Avoiding War*), unless a side shows force
  that step; a war ends by exhaustion, its hazard growing with every step
  (Bennett & Stam 1996, *The duration of interstate wars*, APSR 90(2)), or by
  a settlement that crisis channels make likelier. An ended dispute goes back
  to 0: there is no built-in relapse, only the memory that makes the next
  onset likelier and the contention that war hardens.

Everything here is a plain function on numpy arrays.
"""

from __future__ import annotations

import numba
import numpy as np
from numba.extending import register_jitable

from ddsim.core.parameters import Params
from ddsim.core.picks import clip, where

WAR = 5
#: The lowest militarized level: a threat to use force.
THREAT = 2
#: A display of force: where a show of force puts a pair (a militarized incident).
DISPLAY = 3
#: A use of force: where wars start from, and where cooperation stops.
FORCE = 4
MID_LABELS = ("no dispute", "dispute", "threat of force", "display of force", "use of force", "war")


def allied_sum(allies: np.ndarray, values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``out[..., r, j]``: sum of ``values[..., r, k]`` over j's allies k,
    leaving out state ``rows[r]`` itself (its own strength does not deter it).

    ``allies`` is the alliance matrix (True or 1.0 for allies); ``values``
    may carry leading (replication) axes, each summed on its own, so a
    replication's sums do not depend on the batch it is in.
    """
    j, k = np.divmod(np.flatnonzero(allies), len(allies))  # each state's allies, in order
    starts = np.searchsorted(j, np.arange(len(allies) + 1))
    stacked = values.reshape(-1, *values.shape[-2:])
    return _allied_sums(stacked, np.asarray(rows), starts, k).reshape(values.shape)


@numba.njit(cache=True)
def _allied_sums(values, rows, starts, allies):
    """:func:`allied_sum` over alliance lists (``allies[starts[j]:starts[j + 1]]``
    are j's allies, in index order): a sum costs the alliances, not n^2."""
    stack, m, n = values.shape
    out = np.zeros(values.shape)
    for s in range(stack):
        for r in range(m):
            own = rows[r]
            for j in range(n):
                total = 0.0
                for at in range(starts[j], starts[j + 1]):
                    k = allies[at]
                    if k != own:
                        total += values[s, r, k]
                out[s, r, j] = total
    return out


def capability_share(capability: np.ndarray) -> np.ndarray:
    """``share[..., i, j]``: j's share of the capability of the pair (i, j)."""
    return share_of(capability[..., :, None], capability[..., None, :])


# The formulas marked ``register_jitable`` are plain Python on numpy arrays, and
# the compiled loops of ddsim.core.pairwise call the same code on numbers.
@register_jitable(inline="always")
def share_of(own: np.ndarray, other: np.ndarray) -> np.ndarray:
    """The other side's share of a pair's capability."""
    return other / (own + other)


# A numpy ufunc (arrays, broadcasting) that compiled loops call too, one number at a time.
@numba.vectorize(cache=True)
def distrust(trust: float, threshold: float) -> float:
    """How far trust is below ``threshold``, scaled to [0, 1]: above the
    threshold a state feels no threat from the other."""
    return min(max((threshold - trust) / threshold, 0.0), 1.0)


def fear(trust: np.ndarray, share: np.ndarray, force: np.ndarray, p: Params) -> np.ndarray:
    """``fear[i, j]``: i's perceived threat from j = distrust x j's capability
    (1 at parity) x (1 + gain x shows of force received from j)."""
    return fear_of(trust, share, force, p.threat_threshold, p.force_threat_gain)


@register_jitable(inline="always")
def fear_of(
    trust: np.ndarray, share: np.ndarray, force: np.ndarray, threshold: float, gain: float
) -> np.ndarray:
    """:func:`fear` with its parameters as numbers."""
    return distrust(trust, threshold) * 2.0 * share * (1.0 + gain * force)


def ambition(
    share_with_allies: np.ndarray, resolve: np.ndarray, weakness: np.ndarray, p: Params
) -> np.ndarray:
    """``ambition[i, j]``: a revisionist i's drive against j, deterred by j's
    strength (with allies) and by the resolve j has shown (in [0, 1]), and
    whetted by the weakness it reads in j's engagement (in [0, 1])."""
    rates = (float(p.revisionist_ambition), float(p.weakness_gain))
    return ambition_of(share_with_allies, resolve, weakness, *rates)


@register_jitable(inline="always")
def ambition_of(
    share_with_allies: np.ndarray,
    resolve: np.ndarray,
    weakness: np.ndarray,
    ambition_rate: float,
    weakness_gain: float,
) -> np.ndarray:
    """:func:`ambition` with its parameters as numbers."""
    deterrence = share_with_allies * resolve
    opportunity = 2.0 * (1.0 - share_with_allies)
    appetite = 1.0 + weakness_gain * weakness
    return ambition_rate * opportunity * (1.0 - deterrence) * appetite


def push(
    trust: np.ndarray,
    capability: np.ndarray,
    force: np.ndarray,
    courted: np.ndarray,
    revisionist: np.ndarray,
    allies: np.ndarray,
    p: Params,
) -> np.ndarray:
    """``push[i, j]``: how strongly i drives the pair (i, j) towards a dispute.

    A security seeker's push is its fear. A revisionist's is its insecurity
    (the fear its distrust of j gives it, at ``revisionist_insecurity``, not
    amplified by j's shows of force, which to a revisionist signal resolve)
    plus its ambition, where it weighs j together with j's allies (their
    capability and the shows of force they make count at
    ``alliance_support``: extended deterrence) and reads j's engagement
    (``courted``, the memory of j's friendly acts) as weakness as far as j
    has shown no resolve. It has no ambition against its own allies.
    """
    pushes = fear(trust, capability_share(capability), force, p)
    rows = np.flatnonzero(revisionist)
    if rows.size:
        pushes[..., rows, :] = revisionist_push(trust, capability, force, courted, rows, allies, p)
    return pushes


def revisionist_push(
    trust: np.ndarray,
    capability: np.ndarray,
    force: np.ndarray,
    courted: np.ndarray,
    rows: np.ndarray,
    allies: np.ndarray,
    p: Params,
) -> np.ndarray:
    """The rows ``rows`` (the revisionists) of :func:`push`: ``out[..., k, j]``
    is revisionist ``rows[k]``'s push against j."""
    allied_cap, allied_force = allied_support(capability, force, rows, allies)
    return revisionist_of(
        trust[..., rows, :],
        capability[..., rows, None],
        capability[..., None, :],
        force[..., rows, :],
        courted[..., rows, :],
        allies[rows],
        allied_cap,
        allied_force,
        revisionist_rates(p),
    )


def allied_support(
    capability: np.ndarray, force: np.ndarray, rows: np.ndarray, allies: np.ndarray
) -> np.ndarray:
    """``[0][..., k, j]``: the capability of j's allies but revisionist
    ``rows[k]``; ``[1][..., k, j]``: the force they showed it."""
    shape = (*capability.shape[:-1], rows.size, capability.shape[-1])
    cap = np.broadcast_to(capability[..., None, :], shape)
    # Both sums in one call: the alliance lists are made once a step.
    return allied_sum(allies, np.stack([cap, force[..., rows, :]]), rows)


def revisionist_rates(p: Params) -> tuple[float, ...]:
    """The parameters of :func:`revisionist_of`, in its order."""
    return (
        float(p.alliance_support),
        float(p.resolve_gain),
        float(p.revisionist_ambition),
        float(p.weakness_gain),
        float(p.threat_threshold),
        float(p.force_threat_gain),
        float(p.revisionist_insecurity),
    )


@register_jitable(inline="always")
def revisionist_of(
    trust: np.ndarray,
    own: np.ndarray,
    other: np.ndarray,
    received: np.ndarray,
    courted: np.ndarray,
    allied: np.ndarray,
    allied_cap: np.ndarray,
    allied_force: np.ndarray,
    rates: tuple[float, ...],
) -> np.ndarray:
    """A revisionist's push against another state (:func:`push`): its
    capability ``own``, the other's ``other``, the force it ``received`` from
    it, how much it was ``courted`` by it, whether they are ``allied``, and
    the other's allies' capability and force shown (:func:`allied_support`)."""
    support_gain, resolve_gain, ambition_rate, weakness_gain, threshold, gain, insecure = rates
    support = support_gain * allied_cap
    resolve = np.minimum(1.0, resolve_gain * (received + support_gain * allied_force))
    weakness = np.minimum(1.0, courted) * (1.0 - resolve)
    strength = other + support
    with_allies = strength / (own + strength)
    greed = ambition_of(with_allies, resolve, weakness, ambition_rate, weakness_gain)
    greed = where(allied, 0.0, greed)
    # To a revisionist, force shows resolve, not a threat: its fear is the
    # distrust alone (Jervis 1976, the deterrence model).
    insecurity = fear_of(trust, share_of(own, other), 0.0, threshold, gain)
    return insecure * insecurity + greed


def drive(pushes: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """A push turned into a drive in [0, 1): ``1 - exp(-push)``. Fear or
    ambition saturate: a state in full fear is not ten times likelier to start
    a dispute because it received ten shows of force rather than one.
    ``out``: where to write it (it may be ``pushes``)."""
    # numpy's own expm1, never a compiled one: they differ in the last bit.
    return np.negative(np.expm1(np.negative(pushes, out=out), out=out), out=out)


def onset_chance(
    drive: np.ndarray,
    relevance: np.ndarray,
    memory: np.ndarray,
    contention: np.ndarray,
    clarity: np.ndarray,
    community: np.ndarray,
    p: Params,
) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: the chance of a militarized move this step (at peace it
    starts a dispute, in an open one it may take it higher), and the part of
    it that is a random incident (both scaled by relevance and contention).
    Ties and crisis channels (``clarity``) prevent part of the incidents, and
    a pair that is a security community (``community``) settles them without
    militarized action."""
    return onset_of(drive, relevance, memory, contention, clarity, community, onset_rates(p))


def onset_rates(p: Params) -> tuple[float, float, float, float, float]:
    """The parameters of :func:`onset_of`, in its order."""
    return (
        float(p.incident_rate),
        float(p.onset_rate),
        float(p.dispute_memory_gain),
        float(p.contention_gain),
        float(p.incident_prevention),
    )


@register_jitable(inline="always")
def onset_of(
    drive: np.ndarray,
    relevance: np.ndarray,
    memory: np.ndarray,
    contention: np.ndarray,
    clarity: np.ndarray,
    community: np.ndarray,
    rates: tuple[float, float, float, float, float],
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`onset_chance` with its parameters as numbers (:func:`onset_rates`)."""
    incident_rate, onset_rate, memory_gain, contention_gain, prevention = rates
    issue = relevance * (1.0 + contention_gain * contention)
    prevented = where(community, 1.0, prevention * clarity)
    incident = incident_rate * issue * (1.0 - prevented)
    driven = onset_rate * drive * (1.0 + memory_gain * memory) * issue
    chance = clip(incident + driven, 0.0, 1.0)
    # a part of a chance is no larger than it, also where the chance is capped at 1
    return chance, where(incident < chance, incident, chance)


def reciprocation_chance(target_drive: np.ndarray, p: Params) -> np.ndarray:
    """Chance that the target answers a dispute with militarized action: more
    likely the more it fears (or covets) the initiator."""
    return np.clip(p.reciprocation_rate * (1.0 + target_drive), 0.0, 1.0)


def highest_level(
    drive: np.ndarray,
    reciprocated: np.ndarray,
    clarity: np.ndarray,
    climb_draw: np.ndarray,
    war_draw: np.ndarray,
    p: Params,
) -> np.ndarray:
    """The highest level new disputes reach: a threat; a display of force with
    chance ``display_chance``; from there a use of force with ``climb_chance``;
    and war from a use of force with ``war_chance``, times
    ``reciprocation_war_gain`` when reciprocated. A stronger drive climbs
    further (a chance c becomes ``1 - (1 - c) ** (1 + drive)``); crisis
    channels hold a dispute below a use of force and war (George 1991: crisis
    management is about keeping force from being used), not below a display."""
    restraint = 1.0 - p.channel_weight * clarity
    display = _stronger(p.display_chance, drive)
    force = display * _stronger(p.climb_chance, drive) * restraint
    level = THREAT + (climb_draw < display) + (climb_draw < force)
    war = p.war_chance * np.where(reciprocated, p.reciprocation_war_gain, 1.0)
    war = np.clip(war * (1.0 + drive) * restraint, 0.0, 1.0)
    return np.where((level == FORCE) & (war_draw < war), WAR, level).astype(np.int8)


def climb_chance(clarity: np.ndarray, p: Params) -> np.ndarray:
    """Chance that an open dispute whose sides both showed force this step
    climbs from a display to a use of force: ``climb_chance``, restrained by
    crisis channels (George 1991; Braithwaite & Lemke 2011: answered force
    escalates). Shows of force alone take a dispute no higher: war comes from
    a drive's militarized move or an incident (docs/decisions.md entry 39)."""
    return np.clip(p.climb_chance * (1.0 - p.channel_weight * clarity), 0.0, 1.0)


def _stronger(chance: float, drive: np.ndarray) -> np.ndarray:
    """A chance raised by the drive: as if tried ``1 + drive`` times."""
    return 1.0 - (1.0 - chance) ** (1.0 + drive)


def end_chance(clarity: np.ndarray, p: Params) -> np.ndarray:
    """Chance that a dispute short of war ends this step: crisis channels close
    part of the gap to a certain end."""
    return 1.0 - (1.0 - p.dispute_end) * (1.0 - p.channel_weight * clarity)


def war_ends(
    months_at_war: np.ndarray, clarity: np.ndarray, uniform: np.ndarray, p: Params
) -> np.ndarray:
    """Which wars end this step: by exhaustion, whose hazard grows with every
    step at war, or by a settlement that crisis channels and ties make likelier."""
    exhausted = np.minimum(1.0, months_at_war * p.war_exhaustion)
    hazard = 1.0 - (1.0 - exhausted) * (1.0 - p.war_settlement * clarity)
    return (months_at_war > 0) & (uniform < hazard)


def harden(
    contention: np.ndarray, at_war: np.ndarray, clarity: np.ndarray, p: Params
) -> np.ndarray:
    """A pair's contention after one step: war hardens it (closing
    ``war_hardening`` of the gap to 1), ties and crisis channels settle it
    slowly (``settlement_rate`` of it at full clarity)."""
    return harden_of(contention, at_war, clarity, float(p.war_hardening), float(p.settlement_rate))


@register_jitable(inline="always")
def harden_of(
    contention: np.ndarray,
    at_war: np.ndarray,
    clarity: np.ndarray,
    hardening: float,
    settlement: float,
) -> np.ndarray:
    """:func:`harden` with its parameters as numbers."""
    hardened = contention + hardening * (1.0 - contention)
    settled = contention * (1.0 - settlement * clarity)
    return where(at_war, hardened, settled)


@register_jitable(inline="always")
def remember(memory: np.ndarray, begun: np.ndarray, decay: float) -> np.ndarray:
    """A pair's memory of disputes after one step: it fades by ``decay`` and
    a dispute that began this step adds 1 (Hensel 1994, recurrent disputes)."""
    return memory * (1.0 - decay) + begun
