"""The action catalogue: what defence establishments can do, as data.

Every engagement a state takes is one row of this table applied to a partner.
The model reads the numbers; there is no code branch per action kind. A
scenario may override any field of any row under ``actions:``.

Columns:
    cost: Budget units one engagement uses.
    mode: ``bilateral`` (one partner) or ``multilateral`` (a forum: every member
        with every other).
    valence: ``+1`` cooperative, ``-1`` coercive.
    credibility: How costly the signal is to the sender, in [0, 1]. Costly
        signals carry more evidence and are harder to misread (Kydd 2005,
        *Trust and Mistrust in International Relations*, ch. 7).
    visibility: Share of the act third parties see, in [0, 1] (reputation).
    ties: Change in mil-to-mil ties per engagement, as a share of the gap to 1
        (negative for coercion, which strains ties).
    channel: Crisis-channel capacity it adds (hotlines, notification, observers),
        as a share of the gap to 1.
    dimension: Which side of trustworthiness it speaks to: ``ability``,
        ``benevolence`` or ``integrity`` (Mayer, Davis & Schoorman 1995,
        *An integrative model of organizational trust*).
"""

from __future__ import annotations

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
    credibility: float
    visibility: float
    ties: float
    channel: float
    dimension: Dimension
    meaning: str

    @property
    def cooperative(self) -> bool:
        """True for a cooperative act, False for a coercive one."""
        return self.valence > 0


#: Fields a scenario may override, with their allowed range.
OVERRIDABLE: dict[str, tuple[float, float]] = {
    "cost": (0.0, 100.0),
    "credibility": (0.0, 1.0),
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
            0.1,
            0.10,
            0.0,
            "benevolence",
            "Officers study or serve in each other's institutions.",
        ),
        _A(
            "staff_talks",
            1,
            "bilateral",
            +1,
            0.2,
            0.1,
            0.05,
            0.0,
            "integrity",
            "Regular talks between defence staffs: cheap talk, but contact.",
        ),
        _A(
            "high_level_visit",
            3,
            "bilateral",
            +1,
            0.6,
            0.8,
            0.04,
            0.0,
            "integrity",
            "A minister or chief of defence visits: public and politically costly.",
        ),
        _A(
            "ship_visit",
            2,
            "bilateral",
            +1,
            0.4,
            0.5,
            0.05,
            0.0,
            "benevolence",
            "A navy ship calls at the partner's port.",
        ),
        _A(
            "joint_exercise",
            4,
            "bilateral",
            +1,
            0.8,
            0.6,
            0.12,
            0.0,
            "ability",
            "Forces train together: costly, shows capability and intent to cooperate.",
        ),
        _A(
            "regional_forum",
            1,
            "multilateral",
            +1,
            0.1,
            0.3,
            0.02,
            0.0,
            "integrity",
            "A recurring regional defence dialogue; every member meets every other.",
        ),
        _A(
            "csbm",
            2,
            "bilateral",
            +1,
            0.7,
            0.3,
            0.03,
            0.3,
            "integrity",
            "Confidence- and security-building measures: hotlines, notification of "
            "manoeuvres, observers.",
        ),
        _A(
            "humanitarian_assistance",
            3,
            "bilateral",
            +1,
            0.9,
            0.9,
            0.06,
            0.0,
            "benevolence",
            "Military help after a disaster: costly and very visible.",
        ),
        _A(
            "arms_control_talks",
            2,
            "bilateral",
            +1,
            0.5,
            0.4,
            0.03,
            0.1,
            "integrity",
            "Negotiations on limits to forces or weapons.",
        ),
        _A(
            "show_of_force",
            2,
            "bilateral",
            -1,
            0.6,
            0.7,
            -0.02,
            0.0,
            "ability",
            "Manoeuvres, flights or sailings near the partner meant to be seen.",
        ),
        _A(
            "coercive_deployment",
            4,
            "bilateral",
            -1,
            0.9,
            0.8,
            -0.05,
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
