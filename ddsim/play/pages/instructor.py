"""The instructor's page: the code, then a game to create, resume or open,
and the game's controls and history."""

from __future__ import annotations

from collections.abc import Callable

import solara

from ddsim.play import history
from ddsim.play.classroom import Classroom
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
from ddsim.play.pages.debrief import DebriefState
from ddsim.play.room import Room


@solara.component
def InstructorPage():
    """The instructor's page: the code first, then a game to create or open."""
    allowed, set_allowed = solara.use_state(False)
    typed, set_typed = solara.use_state("")
    game_id, set_game_id = solara.use_state(None)
    message, say = solara.use_state(None)
    registry = classroom()
    if not allowed:

        def enter() -> None:
            if registry.is_instructor(typed):
                set_allowed(True)
            else:
                say(("error", "wrong instructor code (it was printed where the server started)"))

        with solara.Card("Instructor"):
            solara.InputText(
                "instructor code",
                value=typed,
                on_value=set_typed,
                password=True,
                continuous_update=True,
            )
            solara.Button("Enter", on_click=enter, color="primary")
            Message(message)
        return
    if game_id is None:
        NewGame(registry, set_game_id)
        return
    solara.Button("All games", on_click=lambda: set_game_id(None), text=True)
    InstructorGame(registry.room(game_id))


@solara.component
def NewGame(registry: Classroom, open_game: Callable[[str], None]):
    """Create a game (scenario, teams, turns, seed) or open one already on the server."""
    file, set_file = solara.use_state(registry.offered()[0])
    first_teams, first_seed = registry.defaults(file)
    teams, set_teams = solara.use_state(first_teams)
    turns, set_turns = solara.use_state(registry.turns)
    seed, set_seed = solara.use_state(first_seed)
    message, say = solara.use_state(None)
    sc = registry.scenario_of(file)

    def choose(new: str) -> None:
        set_file(new)
        new_teams, new_seed = registry.defaults(new)
        set_teams(new_teams)
        set_seed(new_seed)
        say(None)

    def create() -> None:
        try:
            room = registry.create(teams, int(turns), int(seed), file=file)
        except (PlayError, ValueError) as exc:
            say(("error", str(exc)))
            return
        open_game(room.id)

    with solara.Card("New game"):
        if len(registry.offered()) > 1:
            solara.Select("scenario", value=file, values=registry.offered(), on_value=choose)
        Text(f"{sc.title or sc.name}: {sc.description or ''}")
        Text("States: " + ", ".join(f"{s.id} {s.name}" for s in sc.states))
        solara.InputText(
            "teams (state ids, optionally =team name): ALD,BOR=Blue team",
            value=teams,
            on_value=set_teams,
            continuous_update=True,
        )
        solara.InputInt("turns", value=turns, on_value=set_turns)
        solara.InputInt("seed (same seed, same luck)", value=seed, on_value=set_seed)
        solara.Button("Create game", on_click=create, color="primary")
        Message(message)
    if registry.rooms:
        with solara.Card("Games on this server"):
            for room in list(registry.rooms.values()):
                label = f"{room.id}: {', '.join(room.game.teams)} - {turn_line(room)}"
                solara.Button(label, on_click=lambda r=room: open_game(r.id), text=True)


@solara.component
def InstructorGame(room: Room):
    """Run a game: join codes, submissions, deadline, pause, incident, turn, end."""
    use_room(room)
    registry = classroom()
    g = room.game
    message, say = solara.use_state(None)
    minutes, set_minutes = solara.use_state(5.0)
    every, set_every = solara.use_state(True)
    ids = g.model.ids
    first, set_first = solara.use_state(ids[0])
    second, set_second = solara.use_state(ids[1] if len(ids) > 1 else ids[0])
    severity, set_severity = solara.use_state(1)
    status = g.status()

    solara.Title(f"Game {room.id}")
    Text(f"Game {room.id}: {room.title}", tag="h2")
    Text(turn_line(room), tag="h3")
    Countdown(room)
    with solara.Card("Join codes"):
        Text(
            f"Each team opens {registry.address or 'this server'} and types its join code "
            "(or opens its link)."
        )
        rows = [
            [
                team,
                f"{g.model.states_by_index[g.model.ids.index(sid)].name} ({sid})",
                room.codes[team],
                f"{registry.address}team?code={room.codes[team]}",
                "-" if g.over else "submitted" if team in status["submitted"] else "waiting",
            ]
            for sid, team in g.teams.items()
        ]
        Table(["team", "plays", "join code", "link", "this turn"], rows, classes="codes")
    if not g.over:
        with solara.Card("The turn"):
            with solara.Row():
                solara.Button(
                    f"Play turn {g.turn}",
                    color="primary",
                    disabled=g.paused,
                    on_click=lambda: attempt(room.advance, "", say),
                )
                if g.paused:
                    solara.Button("Resume", on_click=lambda: attempt(room.resume, "", say))
                else:
                    solara.Button("Pause", on_click=lambda: attempt(room.pause, "", say))
                solara.Button(
                    "End the game and debrief",
                    color="error",
                    on_click=lambda: attempt(room.end, "", say),
                )
            with solara.Row():
                solara.InputFloat(
                    "deadline (minutes from now, 0 for none)", value=minutes, on_value=set_minutes
                )
                solara.Checkbox(label="every turn", value=every, on_value=set_every)
                solara.Button(
                    "Set deadline",
                    on_click=lambda: attempt(
                        lambda: room.set_deadline(minutes, every),
                        "Deadline set: the turn is played when it passes.",
                        say,
                    ),
                )
            with solara.Row():
                solara.Select("incident between", value=first, values=ids, on_value=set_first)
                solara.Select("and", value=second, values=ids, on_value=set_second)
                solara.SliderInt(
                    "severity (MID rungs)", value=severity, on_value=set_severity, min=1, max=5
                )
                solara.Button(
                    "Inject incident",
                    on_click=lambda: attempt(
                        lambda: room.inject(first, second, severity),
                        f"Incident between {first} and {second} this turn.",
                        say,
                    ),
                )
        Message(message)
    Results(room)


def Results(room: Room):
    """Each played turn in numbers, and the debrief's state."""
    g = room.game
    turns = history.turns(g)
    if turns:
        with solara.Card("Turns played"):
            rows = [
                [
                    t["turn"],
                    ", ".join(t["incidents"]) or "-",
                    f"{t['outcome']['mean_hostility']:.2f}",
                    f"{t['outcome']['mean_trust']:.2f}",
                    t["outcome"]["wars"],
                    ", ".join(t["missing"]) or "-",
                ]
                for t in turns
            ]
            head = ["turn", "incidents", "mean hostility", "mean trust", "pairs at war"]
            Table([*head, "no orders from"], rows, classes="turns")
        with solara.Card("Memos"):
            memos = [
                [
                    m["turn"],
                    team,
                    did(m["engagements"]) if m["submitted"] else "(no orders arrived)",
                    m["memo"] or "-",
                ]
                for team, turns_of_team in history.memos(g).items()
                for m in turns_of_team
            ]
            memos.sort(key=lambda row: row[0], reverse=True)  # the latest turn first
            Table(["turn", "team", "carried out", "memo"], memos, classes="memos")
    if g.over:
        with solara.Card("Debrief"):
            DebriefState(room)
            solara.HTML(
                tag="a",
                unsafe_innerHTML="Open the debrief page (to project)",
                attributes={"href": f"/debrief?game={room.id}", "target": "_blank"},
            )
            if room.folder is not None:
                Text(f"The game's folder (log, memos, debrief.html): {room.folder}")


__all__ = ["InstructorGame", "InstructorPage", "NewGame", "Results"]
