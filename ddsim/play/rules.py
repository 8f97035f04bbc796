"""The rules of a game's teams and of their submissions (see
:mod:`ddsim.play.game`): each check raises a :class:`PlayError` naming the
first rule broken.

Rules of a submission (a :class:`PlayError` otherwise, and nothing changes):
known team; the game neither over nor paused; when ``turn=`` is given, it is
the open turn; known actions that a state can choose (not forum meetings);
partners that are other states of the scenario; at most one of each action
per partner; no peacetime cooperation (visits, exchanges, exercises,
announcements) with a state it is fighting (use of force or war, counting
this turn's incidents), as the model drops it; no more engagements than the
state's capacity; a total cost within this turn's budget (after forum dues).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ddsim.core.escalation import FORCE, MID_LABELS, WAR
from ddsim.core.model import DiplomacyModel
from ddsim.core.strategies import Engagement
from ddsim.errors import did_you_mean
from ddsim.play.errors import PlayError
from ddsim.scenarios import EventSpec, Scenario

#: Longest memo a team may send with a turn (characters).
MEMO_LIMIT = 4000


def check_plan(
    model: DiplomacyModel,
    team: str,
    sid: str,
    engagements: Iterable[Any],
    incidents: Sequence[EventSpec],
) -> list[Engagement]:
    """``team``'s submission for state ``sid`` as engagements, or a PlayError
    naming the first rule it breaks; ``incidents``: those firing this turn."""
    index = {s: k for k, s in enumerate(model.ids)}
    i = index[sid]
    m, state = model, model.states_by_index[i]
    catalogue = m.catalogue
    if isinstance(engagements, str | bytes | Mapping) or not isinstance(engagements, Iterable):
        raise PlayError(f"{team}: engagements must be a list of (action, partner) pairs")
    plan: list[Engagement] = []
    for n, item in enumerate(engagements, start=1):
        kind, partner = pair(item, team, n)
        if kind not in catalogue:
            choosable = [k for k, a in catalogue.items() if a.mode == "bilateral"]
            raise PlayError(
                f"{team}: unknown action {kind!r}; {did_you_mean(kind, choosable)}"
                f"actions: {', '.join(choosable)}"
            )
        if catalogue[kind].mode != "bilateral":
            raise PlayError(f"{team}: {kind} happens only when a forum meets; it cannot be chosen")
        if partner not in index:
            others = [s for s in m.ids if s != sid]
            raise PlayError(
                f"{team}: unknown partner {partner!r}; {did_you_mean(partner, others)}"
                f"partners: {', '.join(others)}"
            )
        if partner == sid:
            raise PlayError(f"{team}: {sid} cannot engage itself")
        if stopped_by_fighting(m, i, kind, index[partner], incidents):
            crisis = [k for k, a in catalogue.items() if a.crisis_channel]
            level = hostility_this_turn(m, i, index[partner], incidents)
            raise PlayError(
                f"{team}: {kind} with {partner}: {sid} and {partner} are at "
                f"{MID_LABELS[level]} this turn; while they fight, only crisis channels "
                f"({', '.join(crisis)}) and coercion go on"
            )
        engagement = Engagement(kind, index[partner])
        if engagement in plan:
            raise PlayError(
                f"{team}: {kind} with {partner} is listed twice; "
                "one of each action per partner and turn"
            )
        plan.append(engagement)
    if len(plan) > state.capacity:
        raise PlayError(
            f"{team}: {len(plan)} engagements, but the defence establishment "
            f"of {sid} can carry out at most {state.capacity} a turn"
        )
    dues = m.forum_attendance(m.steps + 1)[0][i]
    budget = left = float(m.budget_left(m.steps + 1)[i])
    for kind, _ in plan:  # as the defence establishment spends it (DiplomacyModel.carry_out)
        if catalogue[kind].cost > left:
            total = sum(catalogue[k].cost for k, _ in plan)
            after = f" after {dues:g} of forum dues" if dues else ""
            raise PlayError(
                f"{team}: over budget: these engagements cost {total:g}, "
                f"{sid} has {budget:g} this turn{after}"
            )
        left -= catalogue[kind].cost
    return plan


def hostility_this_turn(
    model: DiplomacyModel, i: int, j: int, incidents: Sequence[EventSpec]
) -> int:
    """The MID level of states i and j when this turn's engagements are
    carried out: the level now, raised by this turn's ``incidents`` (which
    fire before the engagements)."""
    level = int(model.hostility[i, j])
    pair = {model.ids[i], model.ids[j]}
    for e in incidents:
        if set(e.between) == pair:
            level = min(WAR, level + e.severity)
    return level


def stopped_by_fighting(
    model: DiplomacyModel, i: int, kind: str, j: int, incidents: Sequence[EventSpec]
) -> bool:
    """True for peacetime cooperation (every cooperative act but the
    crisis channels) of state i with a state j it is fighting this turn,
    which the model's allocator does not carry out."""
    action = model.catalogue[kind]
    return (
        action.cooperative
        and not action.crisis_channel
        and hostility_this_turn(model, i, j, incidents) >= FORCE
    )


def pair(item: Any, team: str, n: int) -> tuple[str, str]:
    """``(kind, partner)`` from a pair or a dict; a PlayError otherwise."""
    if isinstance(item, Mapping):
        unknown = set(item) - {"kind", "partner"}
        if unknown or not {"kind", "partner"} <= set(item):
            raise PlayError(
                f"{team}: engagement {n} must have the keys kind and partner, got {sorted(item)}"
            )
        kind, partner = item["kind"], item["partner"]
    elif isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 2:
        kind, partner = item
    else:
        raise PlayError(f"{team}: engagement {n} must be an (action, partner) pair, got {item!r}")
    if not isinstance(kind, str) or not isinstance(partner, str):
        raise PlayError(
            f"{team}: engagement {n}: the action and the partner are named by "
            f"text (e.g. ('staff_talks', 'BOR')), got {item!r}"
        )
    return kind, partner


def check_teams(teams: Mapping[str, str], ids: list[str]) -> dict[str, str]:
    if not isinstance(teams, Mapping):
        raise PlayError("teams must map state ids to team names: {'ALD': 'team-a'}")
    seen: dict[str, str] = {}
    for sid, team in teams.items():
        if sid not in ids:
            raise PlayError(f"teams: unknown state {sid!r}; states: {', '.join(ids)}")
        if not isinstance(team, str) or not team.strip() or not team.isprintable():
            raise PlayError(f"teams: the team of {sid} needs a printable name, got {team!r}")
        if len(team) > 40 or any(c in team for c in "/\\"):
            raise PlayError(f"teams: team name {team!r}: at most 40 characters, no / or \\")
        if team in seen:
            raise PlayError(f"teams: {team!r} plays both {seen[team]} and {sid}; one state a team")
        seen[team] = sid
    return dict(teams)


def without_strategy_events(scenario: Scenario, played: set[str]) -> Scenario:
    """The scenario without strategy switches for the played states."""
    events = scenario.raw.get("events") or []
    kept = [e for e in events if not (e.get("kind") == "strategy" and e.get("state") in played)]
    if len(kept) == len(events):
        return scenario
    data = {**copy.deepcopy(scenario.raw), "events": kept}
    out = Scenario.from_dict(data, file=scenario.file)
    out.variant_name = scenario.variant_name
    return out


def check_memo(team: str, memo: Any) -> None:
    """A memo is text of at most :data:`MEMO_LIMIT` characters."""
    if not isinstance(memo, str):
        raise PlayError(f"{team}: the memo must be text, not {type(memo).__name__}")
    if len(memo) > MEMO_LIMIT:
        raise PlayError(f"{team}: the memo has {len(memo)} characters; at most {MEMO_LIMIT}")


def check_incident(ids: list[str], a: str, b: str, severity: Any) -> None:
    """An incident is between two different states of ``ids``, 1-5 rungs."""
    for s in (a, b):
        if s not in ids:
            raise PlayError(f"unknown state {s!r}; states: {', '.join(ids)}")
    if a == b:
        raise PlayError(f"an incident needs two different states, got {a} twice")
    if isinstance(severity, bool) or not isinstance(severity, int) or not 1 <= severity <= 5:
        raise PlayError(f"severity must be a whole number from 1 to 5, got {severity!r}")


__all__ = [
    "MEMO_LIMIT",
    "check_incident",
    "check_memo",
    "check_plan",
    "check_teams",
    "hostility_this_turn",
    "pair",
    "stopped_by_fighting",
    "without_strategy_events",
]
