"""The classroom's pages (Solara), served by ``ddsim play SCENARIO --teams ALD,BOR``.

- ``/`` and ``/team``: a team joins with its code (``/team?code=K7QX2M`` joins
  at once), then sees its state's view of the world, with the fog its
  perception has, chooses engagements within its budget, writes a memo and
  submits; it may change its submission until the turn is played.
- ``/instructor``: opened with the instructor's code (printed in the terminal
  when the server starts). Create a game, hand out the join codes, set a
  deadline per turn, pause and resume, inject an incident, play the turn,
  end the game; the debrief starts when the game ends.
- ``/debrief?game=ID``: the debrief, to project: where the class's path falls
  among the model's runs of the same start.

Where state lives (Solara's reactive globals are shared by every browser
that connects, so there are none here): what a game's players share is on
the server, in :class:`~ddsim.play.classroom.Classroom` (one registry, games
by id); what one browser tab holds (whether it is the instructor, which game
or team it joined, the engagements being chosen, the memo being written) is
made inside the components with ``solara.use_state``, so each tab has its
own. Pages learn of other players' moves by watching the room's ``version``
(:func:`use_room`).
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import matplotlib

matplotlib.use("Agg")  # a server draws into images, never into windows

import solara

from ddsim.play.classroom import Classroom, Room
from ddsim.play.errors import PlayError
from ddsim.play.game import Options, TeamView

#: How often a page looks whether its game changed (seconds).
POLL = 0.4

_classroom: Classroom | None = None
_classroom_lock = threading.Lock()


def classroom() -> Classroom:
    """The server's registry of games (made from ``ddsim play``'s settings on first use)."""
    global _classroom
    with _classroom_lock:
        if _classroom is None:
            _classroom = Classroom.from_environment()
        return _classroom


def use_classroom(registry: Classroom | None) -> None:
    """Serve ``registry`` (tests and embedding; None: from the settings again)."""
    global _classroom
    with _classroom_lock:
        _classroom = registry


# --------------------------------------------------------------------------
# small pieces
# --------------------------------------------------------------------------
def use_room(room: Room) -> int:
    """Redraw the calling component whenever ``room`` changes (another
    player's move, a deadline passing); returns the room's version."""
    version, set_version = solara.use_state(room.version)

    def watch(cancel: threading.Event) -> None:
        seen = room.version
        set_version(seen)
        while not cancel.wait(POLL):
            if room.version != seen:
                seen = room.version
                set_version(seen)

    solara.use_thread(watch, dependencies=[room.id], intrusive_cancel=False)
    return version


def Text(text: str, tag: str = "p", style: str = ""):
    """Plain text in an HTML element (Markdown would fetch scripts from a CDN)."""
    return solara.HTML(tag=tag, unsafe_innerHTML=html.escape(text), style=style)


def Table(head: list[str], rows: list[list[Any]], classes: str = ""):
    """An HTML table of text (escaped)."""
    th = "".join(
        f"<th style='text-align:left; padding-right:1.2em'>{html.escape(h)}</th>" for h in head
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td style='padding-right:1.2em'>{html.escape(str(c))}</td>" for c in row)
        + "</tr>"
        for row in rows
    )
    return solara.HTML(
        tag="table", unsafe_innerHTML=f"<tr>{th}</tr>{body}", classes=[classes] if classes else []
    )


def Message(message: tuple[str, str] | None):
    """The answer to the last click: ``("error", text)`` or ``("success", text)``."""
    if message is None:
        return
    kind, text = message
    (solara.Error if kind == "error" else solara.Success)(text)


def attempt(action: Callable[[], Any], done: str, say: Callable) -> bool:
    """Run a player's move; say what happened (the game's own message if it refused)."""
    try:
        action()
    except PlayError as exc:
        say(("error", str(exc)))
        return False
    say(("success", done) if done else None)
    return True


def query(router: Any) -> dict[str, str]:
    """The page address's query (``?code=...&game=...``) as a plain dict."""
    return {k: v[0] for k, v in parse_qs(router.search or "").items()}


def _did(engagements: list[dict[str, str]]) -> str:
    """Engagements in words: ``staff_talks with BOR, csbm with CET``."""
    return ", ".join(f"{e['kind']} with {e['partner']}" for e in engagements) or "nothing"


def turn_line(room: Room) -> str:
    g = room.game
    if g.over:
        return f"The game is over after {g.played_turns} turns."
    line = f"Turn {g.turn} of {g.turns}"
    if g.paused:
        line += " - paused by the instructor"
    elif room.closes():
        line += f" - closes at {room.closes()} (server time)"
    return line


@solara.component
def Countdown(room: Room):
    """The time left in the open turn, ticking each second (nothing without a deadline)."""
    _, set_now = solara.use_state(0.0)

    def tick(cancel: threading.Event) -> None:
        while not cancel.wait(1.0):
            set_now(time.time())

    solara.use_thread(tick, dependencies=[room.id, room.deadline], intrusive_cancel=False)
    left = room.seconds_left()
    if left is None or room.game.over:
        return
    minutes, seconds = divmod(int(left), 60)
    stopped = " (the clock is stopped)" if room.game.paused else ""
    Text(f"{minutes}:{seconds:02d} left in this turn{stopped}", tag="b", style="font-size: 130%")


# --------------------------------------------------------------------------
# the team's page
# --------------------------------------------------------------------------
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
    use_room(room)
    g = room.game
    view = g.view(team)
    solara.Title(f"{view.name}: turn {view.turn}")
    Text(f"{team}: you play {view.name} ({view.state}) in {room.title}", tag="h2")
    Text(turn_line(room), tag="h3", style="color: #b00" if g.paused else "")
    Countdown(room)
    if g.over:
        solara.Info("The game is over. Your instructor will show the debrief.")
        solara.HTML(
            tag="a",
            unsafe_innerHTML="See the debrief",
            attributes={"href": f"/debrief?game={room.id}"},
        )
    with solara.Columns([3, 2]):
        with solara.Column():
            WorldView(view)
        with solara.Column():
            if not g.over:
                # a new form each turn: the choices and the memo start empty
                Orders(room, team, view, g.options(team)).key(f"turn-{view.turn}")


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
        if view.last_turn:
            Text(f"Last turn you carried out: {_did(view.last_turn)}.")
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


@solara.component
def Orders(room: Room, team: str, view: TeamView, options: Options):
    """Choose engagements within budget and capacity, write the memo, submit."""
    plan, set_plan = solara.use_state([(e["kind"], e["partner"]) for e in view.submitted or []])
    memo, set_memo = solara.use_state(view.memo)
    actions = {f"{a.kind} (cost {a.cost:g})": a for a in options.actions}
    partners = {f"{r.name} ({r.id})": r.id for r in options.partners}
    action, set_action = solara.use_state(next(iter(actions)))
    partner, set_partner = solara.use_state(next(iter(partners)))
    message, say = solara.use_state(None)
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
            on_value=set_memo,
            continuous_update=True,
        )
        solara.Button(
            f"Submit turn {view.turn}", on_click=submit, color="primary", disabled=room.game.paused
        )
        Message(message)
        if view.submitted is not None:
            did = _did(view.submitted) if view.submitted else "nothing (you do nothing this turn)"
            Text(f"Submitted for this turn: {did}.")


# --------------------------------------------------------------------------
# the instructor's page
# --------------------------------------------------------------------------
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
    turns = [e for e in g.log if e["event"] == "advance"]
    if turns:
        with solara.Card("Turns played"):
            rows = [
                [
                    e["turn"],
                    f"{e['outcome']['mean_hostility']:.2f}",
                    f"{e['outcome']['mean_trust']:.2f}",
                    e["outcome"]["wars"],
                    ", ".join(e["missing"]) or "-",
                ]
                for e in turns
            ]
            Table(
                ["turn", "mean hostility", "mean trust", "pairs at war", "no orders from"],
                rows,
                classes="turns",
            )
        with solara.Card("Memos"):
            memos = [
                [
                    m["turn"],
                    team,
                    _did(m["engagements"]) if m["submitted"] else "(nothing)",
                    m["memo"] or "-",
                ]
                for team, turns_of_team in g.memos().items()
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


def DebriefState(room: Room) -> bool:
    """Say where the debrief is; True when it is ready."""
    if room.debrief is not None:
        return True
    if room.debrief_error:
        solara.Error(room.debrief_error)
    elif room.debrief_running:
        solara.Info(
            f"The model is playing the same start {room.replications} times for each "
            "strategy; the debrief appears here when it is done."
        )
        solara.ProgressLinear(True)
    else:
        solara.Info("The debrief starts when the game ends.")
    return False


# --------------------------------------------------------------------------
# the debrief, to project
# --------------------------------------------------------------------------
@solara.component
def DebriefPage(game_id: str):
    """The debrief of one game: the headline, the table, the figures."""
    try:
        room = classroom().room(game_id)
    except PlayError as exc:
        solara.Error(str(exc))
        return
    use_room(room)
    solara.Title(f"Debrief {room.id}")
    Text(f"Debrief: {room.title}", tag="h1")
    if not DebriefState(room):
        return
    d = room.debrief
    lines = d.headline()
    Text(lines[0], tag="h2", style="font-weight: normal")
    Text(lines[1], style="font-size: 130%")
    t = d.table
    Table(
        ["if your states had played", "war in", "95% interval", "mean hostility", "final trust"],
        [
            [
                r.group,
                f"{r.war_probability:.0%}",
                f"{r.war_low:.0%}-{r.war_high:.0%}",
                f"{r.mean_hostility:.2f}",
                f"{r.final_mean_trust:.2f}",
            ]
            for r in t.itertuples()
        ],
        classes="debrief",
    )
    Text(lines[-1], style="font-size: 130%")
    for _name, png, _caption in room.figures:  # each PNG has its caption under the plot
        solara.Image(png)


# --------------------------------------------------------------------------
# the page
# --------------------------------------------------------------------------
@solara.component
def Home():
    """The start page: a team's join form, and the way to the instructor's page."""
    TeamPage()
    solara.HTML(
        tag="a",
        unsafe_innerHTML="Instructor",
        attributes={"href": "/instructor"},
        style="font-size: 85%",
    )


@solara.component
def TeamRoute():
    """``/team?code=...``: a team's page, joined at once with the code in the address."""
    TeamPage(code=query(solara.use_router()).get("code", ""))


@solara.component
def DebriefRoute():
    """``/debrief?game=...``: a game's debrief."""
    DebriefPage(query(solara.use_router()).get("game", ""))


@solara.component
def Layout(children: list | None = None):
    """Solara's app layout without the tabs it would draw for the routes below."""
    return solara.AppLayout(children=children or [], navigation=False)


#: The pages, by address (Solara serves these when it runs this module).
routes = [
    solara.Route(path="/", component=Home, layout=Layout),
    solara.Route(path="team", component=TeamRoute),
    solara.Route(path="instructor", component=InstructorPage),
    solara.Route(path="debrief", component=DebriefRoute),
]

__all__ = ["Layout", "classroom", "routes", "use_classroom"]
