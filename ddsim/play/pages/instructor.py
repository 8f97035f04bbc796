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
from ddsim.play.room import DRAFTS, Room

#: Rows of controls wrap on a narrow screen instead of squeezing their fields.
WRAP = "flex-wrap: wrap; align-items: center"


@solara.component
def InstructorPage(session: str = "", game: str = ""):
    """The instructor's page: the code first, then a game to create, resume
    or open. The address keeps the session and the game open (``?s=...&game=...``),
    so a reload returns to the running game without asking the code again."""
    registry = classroom()
    allowed, set_allowed = solara.use_state(registry.is_session(session))
    typed, set_typed = solara.use_state("")
    game_id, set_game_id = solara.use_state(game if game in registry.rooms else None)
    message, say = solara.use_state(None)
    router = solara.use_router()

    def go(game: str | None) -> None:
        set_game_id(game)
        where = f"/instructor?s={registry.session_token()}"
        router.push(where + (f"&game={game}" if game else ""))

    if not allowed:

        def enter() -> None:
            if registry.is_instructor(typed):
                set_allowed(True)
                go(None)
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
        NewGame(registry, go)
        return
    solara.Button("All games", on_click=lambda: go(None), text=True)
    InstructorGame(registry.room(game_id))


@solara.component
def NewGame(registry: Classroom, open_game: Callable[[str], None]):
    """Create a game (scenario, teams, turns, seed, drafts), resume one from
    the folder, or open one already on the server."""
    file, set_file = solara.use_state(registry.offered()[0])
    first_teams, first_seed = registry.defaults(file)
    teams, set_teams = solara.use_state(first_teams)
    turns, set_turns = solara.use_state(registry.turns)
    seed, set_seed = solara.use_state(first_seed)
    drafts, set_drafts = solara.use_state("keep")
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
            room = registry.create(teams, int(turns), int(seed), file=file, drafts=drafts)
        except (PlayError, ValueError) as exc:
            say(("error", str(exc)))
            return
        open_game(room.id)

    def resume(game_id: str) -> None:
        if attempt(lambda: registry.resume(game_id), "", say):
            open_game(game_id)

    waiting = registry.resumable()
    if waiting:
        with solara.Card("Unfinished games in the folder: resume one"):
            Text("The server stopped while these games were played; each goes on where it was.")
            for about in waiting:
                label = (
                    f"Resume {about['id']}: {about['scenario']}, {', '.join(about['teams'])}, "
                    + ("debrief to make" if about["over"] else f"turn {about['played'] + 1}")
                    + f" of {about['turns']}"
                )
                solara.Button(label, on_click=lambda i=about["id"]: resume(i), text=True)
    with solara.Card("New game"):
        solara.Select("scenario", value=file, values=registry.offered(), on_value=choose)
        Text(f"{sc.title or sc.name}: {sc.description or ''}")
        Text("States: " + ", ".join(f"{s.id} {s.name}" for s in sc.states))
        solara.InputText(
            "teams (state ids, optionally =team name): ALD,BOR=Blue team",
            value=teams,
            on_value=set_teams,
            continuous_update=True,
        )
        solara.InputInt(f"turns (1 to {sc.steps})", value=turns, on_value=set_turns)
        solara.InputInt("seed (same seed, same luck)", value=seed, on_value=set_seed)
        solara.Select(
            "a team's unsent draft at the deadline",
            value=drafts,
            values=list(DRAFTS),
            on_value=set_drafts,
        )
        Text(f"keep: {DRAFTS['keep']}; submit: {DRAFTS['submit']}.", style="font-size: 90%")
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
    version = use_room(room)
    registry = classroom()
    g = room.game
    message, say = solara.use_state(None)
    status = g.status()

    solara.Title(f"Game {room.id}")
    Text(f"Game {room.id}: {room.title}", tag="h2")
    Text(turn_line(room), tag="h3")
    Countdown(room, seen=version)
    with solara.Card("Join codes"):
        Text(
            f"Each team opens {registry.address or 'this server'} and types its join code "
            "(or opens its link)."
        )
        solara.HTML(
            tag="a",
            unsafe_innerHTML="Print the join codes (one page per team)",
            attributes={
                "href": f"/handout?s={registry.session_token()}&game={room.id}",
                "target": "_blank",
            },
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
            # the room's version among their arguments: they redraw when the game changes
            TurnControls(room, say, room.version)
            DeadlineControls(room, say, room.version)
            IncidentControls(room, say, room.version)
        Message(message)
    Results(room)


@solara.component
def TurnControls(room: Room, say: Callable, version: int = 0):
    """Play the turn, pause or resume, end the game (after a confirmation)."""
    g = room.game
    confirming, set_confirming = solara.use_state(False)

    def end() -> None:
        set_confirming(False)
        attempt(room.end, "", say)

    with solara.Row(style=WRAP):
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
            "End the game and debrief", color="error", on_click=lambda: set_confirming(True)
        )
    if confirming:
        solara.Warning(
            f"End the game now, after {g.played_turns} of {g.turns} turns? No more turns can "
            "be played; the debrief starts."
        )
        with solara.Row(style=WRAP):
            solara.Button("Yes, end the game", color="error", on_click=end)
            solara.Button("No, go on playing", on_click=lambda: set_confirming(False))


@solara.component
def DeadlineControls(room: Room, say: Callable, version: int = 0):
    """The turn's deadline: the field shows the one in force."""
    active = room.turn_minutes or (room.seconds_left() or 0) / 60
    minutes, set_minutes = solara.use_state(round(active, 1) if active else 5.0)
    every, set_every = solara.use_state(room.turn_minutes is not None or not room.deadline)
    if room.deadline is None:
        Text("No deadline: the turn is played when you click.")
    else:
        each = f"; every turn gets {room.turn_minutes:g} minutes" if room.turn_minutes else ""
        Text(f"Deadline in force: this turn closes at {room.closes()}{each}.")
    with solara.Row(style=WRAP):
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


@solara.component
def IncidentControls(room: Room, say: Callable, version: int = 0):
    """Inject an incident between two states this turn; undo the last one."""
    g = room.game
    ids = g.model.ids
    first, set_first = solara.use_state(ids[0])
    second, set_second = solara.use_state(ids[1] if len(ids) > 1 else ids[0])
    severity, set_severity = solara.use_state(1)
    this_turn = [e for e in g.incidents if e.step == g.turn]
    with solara.Row(style=WRAP):
        solara.Select("incident between", value=first, values=ids, on_value=set_first)
        solara.Select("and", value=second, values=ids, on_value=set_second)
        with solara.Column(style="min-width: 16em"):  # a slider wide enough to aim at
            solara.SliderInt(
                "severity (MID rungs)",
                value=severity,
                on_value=set_severity,
                min=1,
                max=5,
                thumb_label="always",
            )
        solara.Button(
            "Inject incident",
            on_click=lambda: attempt(
                lambda: room.inject(first, second, severity),
                f"Incident between {first} and {second} this turn (undo takes it back until "
                "the turn is played).",
                say,
            ),
        )
        if this_turn:
            a, b = this_turn[-1].between
            solara.Button(
                f"Undo the incident {a}-{b}",
                on_click=lambda: attempt(room.undo_incident, f"Incident {a}-{b} taken back.", say),
            )


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


__all__ = [
    "DeadlineControls",
    "IncidentControls",
    "InstructorGame",
    "InstructorPage",
    "NewGame",
    "Results",
    "TurnControls",
]
