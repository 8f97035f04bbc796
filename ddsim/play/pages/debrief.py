"""The debrief of one game, to project."""

from __future__ import annotations

import solara

from ddsim.play import history
from ddsim.play.errors import PlayError
from ddsim.play.pages.common import Table, Text, classroom, did, use_room
from ddsim.play.room import Room


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
    big = "font-size: 22px"
    lines = [line for line in d.headline() if not line.startswith("  ")]
    Text(lines[0], tag="h2", style="font-weight: normal")
    for line in lines[1:-2]:  # the class's own relations, each team's state, the incidents
        Text(line, style=big)
    Table(
        ["if your states had played", "war in", "95% interval", f"hostility {d.focus}", "trust"],
        [
            [
                r.group,
                f"{r.war_probability:.0%}",
                f"{r.war_low:.0%}-{r.war_high:.0%}",
                f"{r.pair_hostility:.2f}",
                f"{r.final_pair_trust:.2f}",
            ]
            for r in d.table.itertuples()
        ],
        classes="debrief",
        style=big,
    )
    Text(lines[-1], style=big)  # all pairs, second
    for _name, png, _caption in room.figures:  # each PNG has its caption, in large print
        solara.Image(png, width="100%")
    TurnsAndMemos(room)


def TurnsAndMemos(room: Room):
    """Turn by turn: incidents, missing orders, and every team's memo (lesson 4 reads them)."""
    memos = history.memos(room.game)
    rows = []
    for turn in history.turns(room.game):
        k = turn["turn"]
        for team in room.game.teams.values():
            m = memos[team][k - 1]
            done = did(m["engagements"]) if m["submitted"] else "(no orders arrived in time)"
            rows.append([k, ", ".join(turn["incidents"]) or "-", team, done, m["memo"] or "-"])
    Text("Turn by turn: what each team did and wrote", tag="h2")
    Table(
        ["turn", "incident (no one's decision)", "team", "carried out", "memo"],
        rows,
        classes="memos",
        style="font-size: 18px",
    )


__all__ = ["DebriefPage", "DebriefState", "TurnsAndMemos"]
