"""The action catalogue: what defence establishments can do, as data.

Every engagement a state takes is one row of this table applied to a partner.
The model reads the numbers; there is no code branch per action kind. A
scenario may override any field of any row under ``actions:``.

Columns:
    cost: Budget units one engagement uses.
    mode: ``bilateral`` (one partner) or ``multilateral`` (a forum: every member
        with every other).
    valence: ``+1`` cooperative, ``-1`` coercive.
    benign: How likely a benign sender (one that will not use force against the
        receiver) is to take this act in a month it engages, in (0, 1].
    hostile: How likely a hostile sender is to take it, in (0, 1]. The ratio is
        what makes an act evidence: its weight is the log-likelihood ratio
        ``ln(benign / hostile)`` (positive: a sign of benign intent; negative,
        as for coercion: a sign of hostile intent). An act a hostile state would
        take as readily as a benign one (cheap talk) weighs next to nothing; an
        act only a benign state would pay for (intrusive verification, help
        after a disaster) weighs a lot (Kydd 2005, *Trust and Mistrust in
        International Relations*, ch. 7, costly signals).
    visibility: Share of the act third parties see, in [0, 1] (reputation).
    ties: Change in mil-to-mil ties per engagement, as a share of the gap to 1
        (negative for coercion, which strains ties).
    channel: Crisis-channel capacity it adds (hotlines, notification, observers),
        as a share of the gap to 1.
    crisis_channel: True for the acts that go on during a use of force or a
        war (hotlines and notification; talks on limiting forces). Every other
        cooperative bilateral act is not carried out with a state one is
        fighting: nobody hosts the enemy's ship (George 1991, *Avoiding War*).
    ambiguity: How easily the act reads as offensive to a state left out of it
        and already wary of those taking it, in [0, 1]: an exercise near a
        border is defensive to its members and a threat to the rival watching
        it (Jervis 1978, *Cooperation under the security dilemma*, World
        Politics 30(2): the offence-defence distinguishability).
    dimension: Which side of trustworthiness it speaks to: ``ability``,
        ``benevolence`` or ``integrity`` (Mayer, Davis & Schoorman 1995,
        *An integrative model of organizational trust*).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Literal

Mode = Literal["bilateral", "multilateral"]
Dimension = Literal["ability", "benevolence", "integrity"]


@dataclass(frozen=True)
class Action:
    """One kind of engagement. See the module docstring for the columns."""

    kind: str
    cost: float
    mode: Mode
    valence: int
    benign: float
    hostile: float
    visibility: float
    ties: float
    channel: float
    crisis_channel: bool
    ambiguity: float
    dimension: Dimension
    meaning: str

    @property
    def cooperative(self) -> bool:
        """True for a cooperative act, False for a coercive one."""
        return self.valence > 0

    @property
    def evidence(self) -> float:
        """Weight of the act as evidence of the sender's intent, in nats: the
        log-likelihood ratio of a benign over a hostile sender taking it."""
        return math.log(self.benign / self.hostile)

    @property
    def credibility(self) -> float:
        """How costly the signal is, in [0, 1]: the share of the acts a benign
        sender makes that a hostile one would not (1 - hostile / benign; for a
        coercive act, 1 - benign / hostile). Costly signals are hard to misread."""
        low, high = sorted((self.benign, self.hostile))
        return 1.0 - low / high


#: Fields a scenario may override, with their allowed range.
OVERRIDABLE: dict[str, tuple[float, float]] = {
    "cost": (0.0, 100.0),
    "benign": (0.001, 1.0),
    "hostile": (0.001, 1.0),
    "ambiguity": (0.0, 1.0),
    "visibility": (0.0, 1.0),
    "ties": (-1.0, 1.0),
    "channel": (0.0, 1.0),
}

_A = Action
DEFAULT_ACTIONS: dict[str, Action] = {
    a.kind: a
    for a in [
        _A(
            "personnel_exchange",
            2,
            "bilateral",
            +1,
            0.5,
            0.2,
            0.1,
            0.10,
            0.0,
            False,
            0.0,
            "benevolence",
            "Officers study or serve in each other's institutions.",
        ),
        _A(
            "staff_talks",
            1,
            "bilateral",
            +1,
            0.9,
            0.8,
            0.1,
            0.05,
            0.0,
            False,
            0.0,
            "integrity",
            "Regular talks between defence staffs: cheap talk, but contact.",
        ),
        _A(
            "high_level_visit",
            3,
            "bilateral",
            +1,
            0.4,
            0.15,
            0.8,
            0.04,
            0.0,
            False,
            0.0,
            "integrity",
            "A minister or chief of defence visits: public and politically costly.",
        ),
        _A(
            "ship_visit",
            2,
            "bilateral",
            +1,
            0.5,
            0.3,
            0.5,
            0.05,
            0.0,
            False,
            0.2,
            "benevolence",
            "A navy ship calls at the partner's port.",
        ),
        _A(
            "joint_exercise",
            4,
            "bilateral",
            +1,
            0.3,
            0.05,
            0.6,
            0.12,
            0.0,
            False,
            0.5,
            "ability",
            "Forces train together: costly, shows capability and intent to cooperate.",
        ),
        _A(
            "regional_forum",
            1,
            "multilateral",
            +1,
            0.9,
            0.85,
            0.3,
            0.02,
            0.0,
            False,
            0.0,
            "integrity",
            "A recurring regional defence dialogue; every member meets every other.",
        ),
        _A(
            "csbm",
            2,
            "bilateral",
            +1,
            0.4,
            0.08,
            0.3,
            0.03,
            0.3,
            True,
            0.0,
            "integrity",
            "Confidence- and security-building measures: hotlines, notification of "
            "manoeuvres, observers.",
        ),
        _A(
            "humanitarian_assistance",
            3,
            "bilateral",
            +1,
            0.2,
            0.02,
            0.9,
            0.06,
            0.0,
            False,
            0.0,
            "benevolence",
            "Military help after a disaster: costly and very visible.",
        ),
        _A(
            "arms_control_talks",
            2,
            "bilateral",
            +1,
            0.4,
            0.2,
            0.4,
            0.03,
            0.1,
            True,
            0.0,
            "integrity",
            "Negotiations on limits to forces or weapons.",
        ),
        _A(
            "announcement",
            0.5,
            "bilateral",
            +1,
            0.9,
            0.9,
            0.5,
            0.0,
            0.0,
            False,
            0.0,
            "integrity",
            "A public announcement of a series of conciliatory steps (Osgood's GRIT): "
            "cheap in itself, but carrying out what was announced counts as evidence "
            "of integrity, and reneging costs.",
        ),
        _A(
            "show_of_force",
            2,
            "bilateral",
            -1,
            0.1,
            0.4,
            0.7,
            -0.02,
            0.0,
            False,
            0.0,
            "ability",
            "Manoeuvres, flights or sailings near the partner meant to be seen.",
        ),
        _A(
            "coercive_deployment",
            4,
            "bilateral",
            -1,
            0.03,
            0.3,
            0.8,
            -0.05,
            0.0,
            False,
            0.0,
            "ability",
            "Forces moved forward against the partner: a costly threat.",
        ),
    ]
}
del _A

ACTION_FIELDS = tuple(f.name for f in fields(Action))


def build_catalogue(overrides: dict[str, dict[str, float]] | None = None) -> dict[str, Action]:
    """Return the catalogue with a scenario's overrides applied.

    Args:
        overrides: ``{kind: {field: value}}``; fields must be in ``OVERRIDABLE``.
            The scenario loader has already checked names and ranges.
    """
    catalogue = dict(DEFAULT_ACTIONS)
    for kind, changes in (overrides or {}).items():
        catalogue[kind] = replace(catalogue[kind], **changes)
    return catalogue


ACTION_KINDS: tuple[str, ...] = tuple(DEFAULT_ACTIONS)
COOPERATIVE_KINDS: tuple[str, ...] = tuple(k for k, a in DEFAULT_ACTIONS.items() if a.cooperative)
COERCIVE_KINDS: tuple[str, ...] = tuple(k for k, a in DEFAULT_ACTIONS.items() if not a.cooperative)
