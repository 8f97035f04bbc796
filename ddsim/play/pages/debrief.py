"""The debrief of one game, to project."""

from __future__ import annotations

import solara

from ddsim.play.errors import PlayError
from ddsim.play.pages.common import Table, Text, classroom, use_room
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


__all__ = ["DebriefPage", "DebriefState"]
