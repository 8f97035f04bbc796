"""What a team sees and may choose: its state's view of the world at the
start of a turn (:class:`TeamView`, one :class:`Relation` per other state),
the actions open to it (:class:`Options`), and the :class:`TeamStrategy`
through which the model carries out what the team submitted.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ddsim.core.escalation import MID_LABELS
from ddsim.core.strategies import Engagement, Strategy, View
from ddsim.core.strategies.base import ROW_FIELDS

#: The arrays of a :class:`View` (copied into a team's view, which must not change later).
VIEW_ARRAYS = ROW_FIELDS
#: How a state perceived what another did to it last turn (the model's -1/0/1).
RECEIVED = {1: "cooperative", -1: "hostile", 0: "nothing"}


class TeamStrategy(Strategy):
    """The engagements a team of people chose for its state this turn, in the
    order they gave them; nothing for a turn they did not submit. Not in the
    registry: a scenario cannot name it, and tournaments never meet it."""

    name = "team"
    classifier = {"coercive": True, "reciprocal": True, "stochastic": False, "memory": -1}

    def __init__(self, team: str) -> None:
        super().__init__()
        self.team = team
        self.orders: list[Engagement] = []

    def decide(self, view: View) -> list[Engagement]:
        plan, self.orders = self.orders, []
        return plan

    def spec(self) -> dict[str, Any]:
        return {"name": self.name, "team": self.team}

    def clone(self) -> TeamStrategy:
        return TeamStrategy(self.team)

    def __repr__(self) -> str:
        return f"TeamStrategy({self.team!r})"


@dataclass(frozen=True)
class Relation:
    """How a played state sees one other state at the start of a turn.

    Attributes:
        id, name: The other state.
        trust: How far the played state trusts it (its own belief, 0-1).
        hostility: MID level between the two (0 no dispute ... 5 war).
        hostility_label: That level in words.
        ties: Mil-to-mil ties between their defence establishments (0-1).
        ally: True if they are allies.
        relevant: True if it is relevant to the played state (same region,
            ally, forum member, or in a dispute with it).
        received: What it did to the played state last turn, as the played
            state perceived it: ``cooperative``, ``hostile`` (possibly a friendly
            act misread) or ``nothing``.
        coerced: True if it really made a show of force or a deployment
            against the played state last turn (force is never misread).
        capability: Its current military capability.
        announced: Turns still to go of the conciliatory initiative the played
            state announced to it (0: none); each turn without a conciliatory
            act towards it, or with force against it, breaks the announcement.
    """

    id: str
    name: str
    trust: float
    hostility: int
    hostility_label: str
    ties: float
    ally: bool
    relevant: bool
    received: str
    coerced: bool
    capability: float
    announced: int


@dataclass(frozen=True)
class TeamView:
    """A played state's view of the world at the start of a turn: what its
    perception holds, not the truth (others' trust in it, their budgets and
    strategies are hidden).

    Attributes:
        team, state, name: Who is playing which state.
        turn: The turn being decided (1 for the first); ``turns``: how many the game has.
        budget: Budget units it may spend this turn (forum dues already paid).
        dues: Forum dues paid this turn out of its budget.
        capacity: Most engagements its defence establishment can carry out a turn.
        disposition, capability: Its own.
        relations: One :class:`Relation` per other state, in scenario order.
        news: What happens this turn whatever anyone decides (forum meetings,
            incidents) and the announced initiatives it has to keep, in plain words.
        submitted: What it has submitted for this turn (None if nothing yet).
        memo: The memo sent with it.
        last_turn: What it carried out last turn.
        over, paused: The game's state.
        view: The model's own :class:`~ddsim.core.strategies.View`, as a
            strategy deciding for this state would get it (read only).
    """

    team: str
    state: str
    name: str
    turn: int
    turns: int
    budget: float
    dues: float
    capacity: int
    disposition: str
    capability: float
    relations: list[Relation]
    news: list[str]
    submitted: list[dict[str, str]] | None
    memo: str
    last_turn: list[dict[str, str]]
    over: bool
    paused: bool
    view: View = field(repr=False, compare=False)

    def relation(self, state_id: str) -> Relation:
        """The relation with the state ``state_id``."""
        for r in self.relations:
            if r.id == state_id:
                return r
        raise KeyError(state_id)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-serialisable), without the model's ``view``."""
        out = {k: v for k, v in asdict(self).items() if k != "view"}
        out["relations"] = [asdict(r) for r in self.relations]
        return out


@dataclass(frozen=True)
class ActionOption:
    """An action a team may choose: its cost and what it signals."""

    kind: str
    cost: float
    cooperative: bool
    credibility: float
    meaning: str


@dataclass(frozen=True)
class Options:
    """What a team may choose this turn.

    Attributes:
        actions: Every action it may take towards a partner, cheapest first.
        partners: Every other state, the relevant ones first.
        budget, capacity: This turn's limits (total cost, number of engagements).
    """

    team: str
    state: str
    turn: int
    budget: float
    capacity: int
    actions: list[ActionOption]
    partners: list[Relation]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def relations_of(v: View, states: list[Any], i: int) -> list[Relation]:
    """Every other state as state ``i`` sees it in its view ``v``, in scenario order."""
    return [
        Relation(
            id=other.sid,
            name=other.name,
            trust=float(v.trust[j]),
            hostility=int(v.hostility[j]),
            hostility_label=MID_LABELS[int(v.hostility[j])],
            ties=float(v.ties[j]),
            ally=bool(v.allies[j]),
            relevant=bool(v.partners[j]),
            received=RECEIVED[int(v.received[j])],
            coerced=bool(v.coerced[j]),
            capability=float(v.capability[j]),
            announced=int(v.announced[j]),
        )
        for j, other in enumerate(states)
        if j != i
    ]


def news_of(
    name: str,
    relations: list[Relation],
    incidents: list[Any],
    missed: int | None,
    dropped: list[dict[str, str]],
) -> list[str]:
    """What a team reads first: this turn's ``incidents``, the turn ``missed``
    (whose orders did not arrive in time, None if none), last turn's
    engagements ``dropped`` because an incident brought fighting, and the
    announced initiatives it has to keep."""
    news = [
        f"incident between {a} and {b} this turn (hostility +{e.severity})"
        for e in incidents
        for a, b in [e.between]
    ]
    if missed is not None:
        news.append(
            f"no orders from you arrived for turn {missed} before it was played: "
            f"{name} did nothing that turn"
        )
    news += [
        f"last turn's incident brought fighting with {e['partner']}: "
        f"your {e['kind']} with it was not carried out"
        for e in dropped
    ]
    news += [
        f"you announced conciliatory steps to {r.id}: {r.announced} to go; a turn "
        f"without a conciliatory act towards {r.id}, or with force against it, breaks "
        "your word"
        for r in relations
        if r.announced
    ]
    return news


def options_of(view: TeamView, catalogue: dict[str, Any]) -> Options:
    """What the team whose view is ``view`` may choose: the actions of the
    ``catalogue`` it can pick (cheapest first), the partners (relevant first)."""
    actions = sorted(
        (
            ActionOption(a.kind, float(a.cost), a.cooperative, float(a.credibility), a.meaning)
            for a in catalogue.values()
            if a.mode == "bilateral"
        ),
        key=lambda a: (a.cost, not a.cooperative, a.kind),
    )
    partners = sorted(view.relations, key=lambda r: not r.relevant)
    return Options(view.team, view.state, view.turn, view.budget, view.capacity, actions, partners)


__all__ = [
    "VIEW_ARRAYS",
    "ActionOption",
    "Options",
    "Relation",
    "TeamStrategy",
    "TeamView",
    "news_of",
    "options_of",
    "relations_of",
]
