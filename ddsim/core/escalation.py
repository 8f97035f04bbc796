"""The Militarized Interstate Dispute ladder and how pairs move on it.

Every pair of states holds a hostility level on the Correlates of War MID
scale (Jones, Bremer & Singer 1996, *Militarized Interstate Disputes,
1816-1992*, Conflict Management and Peace Science 15(2)): 0 no dispute,
1 dispute without militarized action, 2 threat to use force, 3 display of
force, 4 use of force, 5 war. Each step a pair may step up or down one rung.

Stepping up follows the stronger of the two sides' *push*:

* a **security seeker** pushes out of fear: distrust times the other's share of
  capability, amplified by the shows of force it has received. Coercion feeds
  fear, fear feeds escalation: Jervis' spiral model (Jervis 1976, ch. 3;
  Glaser 1997, *The security dilemma revisited*, World Politics 50(1)).
* a **revisionist** pushes out of ambition, which shrinks as the other side
  is stronger and shows resolve: Jervis' deterrence model (Jervis 1976, ch. 3;
  Huth 1988, *Extended Deterrence and the Prevention of War*). It does not
  escalate out of fear: its own aims, not the other's, are the problem.

Stepping down grows with mutual trust and crisis channels (George 1991,
*Avoiding War: Problems of Crisis Management*). Wars last until exhaustion
(Bennett & Stam 1996, *The duration of interstate wars*, APSR 90(2)).
"""

from __future__ import annotations

import numpy as np

from ddsim.core.parameters import Params

WAR = 5
#: Where a war ends: an armistice, still a display of force.
ARMISTICE = 3
MID_LABELS = ("no dispute", "dispute", "threat of force", "display of force", "use of force", "war")


def allied_sum(allies: np.ndarray, values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``out[r, j]``: sum of ``values[r, k]`` over j's allies k, leaving out
    state ``rows[r]`` itself (its own strength does not deter it).

    ``allies`` is the alliance matrix as floats (1.0 for allies).
    """
    own = values[np.arange(len(rows)), rows]
    # einsum, not `values @ allies.T`: the BLAS product of a transposed view
    # was 50 times slower here on a busy machine (threads fighting for cores).
    return np.einsum("rk,jk->rj", values, allies) - allies[:, rows].T * own[:, None]


def capability_share(capability: np.ndarray) -> np.ndarray:
    """``share[i, j]``: j's share of the capability of the pair (i, j)."""
    return capability[None, :] / (capability[:, None] + capability[None, :])


def distrust(trust: np.ndarray, threshold: float) -> np.ndarray:
    """How far trust is below ``threshold``, scaled to [0, 1]: above the
    threshold a state feels no threat from the other."""
    return np.clip((threshold - trust) / threshold, 0.0, 1.0)


def fear(trust: np.ndarray, share: np.ndarray, force: np.ndarray, p: Params) -> np.ndarray:
    """``fear[i, j]``: i's perceived threat from j = distrust x j's capability
    (1 at parity) x (1 + gain x shows of force received from j)."""
    return distrust(trust, p.threat_threshold) * 2.0 * share * (1.0 + p.force_threat_gain * force)


def ambition(share_with_allies: np.ndarray, force: np.ndarray, p: Params) -> np.ndarray:
    """``ambition[i, j]``: a revisionist i's drive against j, deterred by j's
    strength (with allies) and by the resolve j shows with force."""
    resolve = np.minimum(1.0, p.resolve_gain * force)
    deterrence = share_with_allies * resolve
    opportunity = 2.0 * (1.0 - share_with_allies)
    return p.revisionist_ambition * opportunity * (1.0 - deterrence)


def push(
    trust: np.ndarray,
    capability: np.ndarray,
    force: np.ndarray,
    revisionist: np.ndarray,
    allies: np.ndarray,
    p: Params,
) -> np.ndarray:
    """``push[i, j]``: how strongly i drives the pair (i, j) up the ladder.

    A revisionist weighs j together with j's allies: their capability and the
    shows of force they make count at ``alliance_support`` (extended deterrence).
    """
    pushes = fear(trust, capability_share(capability), force, p)
    rows = np.flatnonzero(revisionist)
    if rows.size:
        allies = allies.astype(float)
        cap = np.broadcast_to(capability, (rows.size, capability.size))
        support = p.alliance_support * allied_sum(allies, cap, rows)
        resolve = force[rows] + p.alliance_support * allied_sum(allies, force[rows], rows)
        other = capability + support
        share = other / (capability[rows, None] + other)
        pushes[rows] = ambition(share, resolve, p)
    return pushes


def step_probabilities(
    pushes: np.ndarray, trust: np.ndarray, clarity: np.ndarray, relevance: np.ndarray, p: Params
) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: the chance to step up one rung and to step down one rung.

    Up follows the stronger push of the two sides, scaled by how relevant the
    pair is to each other; down is a baseline (disputes are costly to keep up)
    plus a part that grows with mean mutual trust and crisis channels.
    """
    p_up = np.clip(p.escalation_rate * np.maximum(pushes, pushes.T) * relevance, 0.0, 1.0)
    mutual = 0.5 * (trust + trust.T)
    restraint = p.dispute_fatigue + p.deescalation_rate * (mutual + p.channel_weight * clarity)
    p_down = np.clip(restraint, 0.0, 1.0)
    return p_up, p_down * (1.0 - p_up)


def move(
    hostility: np.ndarray, p_up: np.ndarray, p_down: np.ndarray, uniform: np.ndarray
) -> np.ndarray:
    """One step on the ladder for pairs not at war, from one uniform draw per pair."""
    up = uniform < p_up
    down = (uniform >= p_up) & (uniform < p_up + p_down) & (hostility > 0)
    moved = hostility + up.astype(hostility.dtype) - down.astype(hostility.dtype)
    return np.where(hostility >= WAR, hostility, np.clip(moved, 0, WAR))


def war_ends(months_at_war: np.ndarray, exhaustion: float, uniform: np.ndarray) -> np.ndarray:
    """Which wars end this step: the hazard grows with every step at war."""
    return (months_at_war > 0) & (uniform < np.minimum(1.0, months_at_war * exhaustion))
