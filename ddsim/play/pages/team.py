"""A team's page: join with the code, then the state's view of the world
and the turn's orders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import solara

from ddsim.play.errors import PlayError
from ddsim.play.pages.common import (
    Countdown,
    Message,
    Table,
    Text,
    attempt,
    classroom,
    did,
    turn_line,
    use_room,
)
from ddsim.play.room import Room
from ddsim.play.views import Options, TeamView, options_of


@solara.component
def JoinForm(on_join: Callable[[Room, str], None], code: str = ""):
    """A join code field; a code from the address joins at once."""
    typed, set_typed = solara.use_state(code)
    message, say = solara.use_state(None)
    router = solara.use_router()

    def join(text: str | None = None) -> None:
        try:
            room, team = classroom().join(text if text is not None else typed)
        except PlayError as exc:
            say(("error", str(exc)))
            return
        on_join(room, team)
        if text is None:  # typed: put it in the address, so that a reload joins again
            router.push(f"/team?code={room.codes[team]}")

    solara.use_effect(lambda: join(code) if code else None, [])
    with solara.Card("Join your team's game"):
        Text("Type the join code your instructor gave your team.")
        solara.InputText("join code", value=typed, on_value=set_typed, continuous_update=True)
        solara.Button("Join", on_click=lambda: join(), color="primary")
        Message(message)


@solara.component
def TeamPage(code: str = ""):
    """A team's page: join, then play (each tab keeps which team it joined)."""
    joined, set_joined = solara.use_state(None)  # (game id, team)
    if joined is None:
        JoinForm(lambda room, team: set_joined((room.id, team)), code=code)
        return
    game_id, team = joined
    TeamGame(classroom().room(game_id), team)


@solara.component
def TeamGame(room: Room, team: str):
    """The team's view of the world this turn, and its orders."""
    seen = use_room(room, team)
    g = room.game
    view = g.view(team)
    solara.Title(f"{view.name}: turn {view.turn}")
    Text(f"{team}: you play {view.name} ({view.state}) in {room.title}", tag="h2")
    Text(turn_line(room), tag="h3", style="color: #b00" if g.paused else "")
    if g.over:  # nothing to decide any more: no budget, no promises, the debrief
        solara.Info("The game is over. Your instructor will show the debrief.")
        solara.HTML(
            tag="a",
            unsafe_innerHTML="See the debrief",
            attributes={"href": f"/debrief?game={room.id}"},
            style="font-size: 130%",
        )
        return
    Countdown(room, team, seen)
    # side by side on a laptop, one under the other on a phone
    with solara.ColumnsResponsive(12, large=[7, 5]):
        WorldView(view)
        options = options_of(view, g.model.catalogue)  # from the view at hand: one view a redraw
        Orders(room, team, view, options, seen)


def WorldView(view: TeamView):
    """The world as the state's perception has it (the fog of ddsim's model)."""
    with solara.Card("What your state knows"):
        dues = f" (after {view.dues:g} of forum dues)" if view.dues else ""
        Text(
            f"Budget this turn: {view.budget:g}{dues}; at most {view.capacity} engagements. "
            f"Your capability: {view.capability:.2f}; disposition: {view.disposition}."
        )
        for news in view.news:
            solara.Warning(news)
        # always there (hidden on the first turn): a line that came in turn 2
        # would move every widget below it, redrawn and remade on 30 pages
        last = f"Last turn you carried out: {did(view.last_turn)}." if view.last_turn else ""
        Text(last, style="" if last else "display: none")
        rows = [
            [
                f"{r.name} ({r.id})",
                f"{r.trust:.2f}",
                f"{r.hostility} {r.hostility_label}",
                f"{r.ties:.2f}",
                "ally" if r.ally else "",
                r.received + (" (force)" if r.coerced else ""),
            ]
            for r in view.relations
        ]
        Table(
            ["state", "your trust in it", "hostility", "mil-to-mil ties", "", "last turn it"],
            rows,
            classes="relations",
        )
        Text(
            "This is what your state believes, not the truth: how far the others trust you, "
            "their budgets and their plans are hidden, and a friendly act can be misread as "
            "a hostile one. Hostility is the MID scale (0 peace ... 5 war).",
            style="font-style: italic; font-size: 90%",
        )


def use_turn_state(turn: int, initial: Any) -> tuple[Any, Callable[[Any], None]]:
    """Like ``solara.use_state``, but back to ``initial`` when ``turn`` changes."""
    kept, keep = solara.use_state((turn, initial))
    value = kept[1] if kept[0] == turn else initial
    return value, lambda new: keep((turn, new))


@solara.component
def Orders(room: Room, team: str, view: TeamView, options: Options, seen: Any = None):
    """Choose engagements within budget and capacity, write the memo, submit
    (``seen``: what the team's pages watch, so that the form redraws when
    another tab of the team changes the draft)."""
    # the plan is the team's draft on the server: every tab of the team shows the same
    draft, drafted_memo = room.draft_of(team)
    plan = draft or [(e["kind"], e["partner"]) for e in view.submitted or []]
    # a new form each turn, in the same widgets: made anew (a key per turn), a
    # class's 30 pages closed and opened about 800 widgets for every turn played
    memo, set_memo = use_turn_state(view.turn, drafted_memo or view.memo)

    _, redraw = solara.use_state(room.seen_by(team))

    def set_plan(new: list[tuple[str, str]]) -> None:
        attempt(lambda: room.save_draft(team, new, memo), "", say)
        redraw(room.seen_by(team))  # this tab at once; the others when they look

    def write(text: str) -> None:
        set_memo(text)
        attempt(lambda: room.save_draft(team, plan, text), "", say)

    actions = {f"{a.kind} (cost {a.cost:g})": a for a in options.actions}
    partners = {f"{r.name} ({r.id})": r.id for r in options.partners}
    action, set_action = solara.use_state(next(iter(actions)))
    partner, set_partner = solara.use_state(next(iter(partners)))
    message, say = use_turn_state(view.turn, None)
    cost = {a.kind: a.cost for a in options.actions}

    def add() -> None:
        new = [*plan, (actions[action].kind, partners[partner])]
        if attempt(lambda: room.check(team, new), "", say):  # the game's own refusal
            set_plan(new)

    def remove(k: int) -> None:
        set_plan([p for i, p in enumerate(plan) if i != k])
        say(None)

    def submit() -> None:
        attempt(
            lambda: room.submit(team, plan, memo, turn=view.turn),
            f"Submitted for turn {view.turn}. You may change it until the turn is played.",
            say,
        )

    with solara.Card(f"Your orders for turn {view.turn}"):
        solara.Select("action", value=action, values=list(actions), on_value=set_action)
        a = actions[action]
        Text(
            a.meaning + ("" if a.cooperative else " (coercive)"),
            style="font-size: 90%; font-style: italic",
        )
        solara.Select("partner", value=partner, values=list(partners), on_value=set_partner)
        solara.Button("Add engagement", on_click=add)
        spent = sum(cost[k] for k, _ in plan)
        Text(
            f"Chosen: {len(plan)} of at most {view.capacity} engagements, "
            f"cost {spent:g} of {view.budget:g}.",
            tag="b",
        )
        # one container for the list: the fields below keep their place (and their
        # widgets) when it grows, so nothing typed into them is lost
        with solara.Column(gap="0px"):
            for k, (kind, who) in enumerate(plan):
                with solara.Row(classes=["engagement"]):
                    Text(f"{kind} with {who} (cost {cost[kind]:g})")
                    solara.Button("remove", on_click=lambda k=k: remove(k), text=True)
        solara.InputTextArea(
            "Memo: what you do and why (kept for the debrief)",
            value=memo,
            on_value=write,
            continuous_update=True,
        )
        solara.Button(
            f"Submit turn {view.turn}", on_click=submit, color="primary", disabled=room.game.paused
        )
        Message(message)
        # always there (hidden until the team submits): made and closed on
        # every tab of every team each turn otherwise
        sent = ""
        if view.submitted is not None:
            done = did(view.submitted) if view.submitted else "nothing (you do nothing this turn)"
            sent = f"Submitted for this turn: {done}."
        Text(sent, style="" if sent else "display: none").key("submitted")  # after the answer


__all__ = ["JoinForm", "Orders", "TeamGame", "TeamPage", "WorldView", "use_turn_state"]
