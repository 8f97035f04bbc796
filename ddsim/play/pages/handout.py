"""The join codes to hand out: one printed page per team, in large print
(opened from the instructor's page; it needs the instructor's session)."""

from __future__ import annotations

import html

import solara

from ddsim.play.errors import PlayError
from ddsim.play.pages.common import classroom

#: Large print that survives a photocopier; each team on a page of its own.
STYLE = (
    "page-break-after: always; break-after: page; padding: 2em 1em; "
    "border-bottom: 2px dashed #999; text-align: center"
)


@solara.component
def Handout(session: str, game: str):
    """One block per team: the team, its state, the address and its join code."""
    registry = classroom()
    if not registry.is_session(session):
        solara.Error("Open this page from the instructor's page (it needs the instructor code).")
        return
    try:
        room = registry.room(game)
    except PlayError as exc:
        solara.Error(str(exc))
        return
    solara.Title(f"Join codes of game {room.id}")
    solara.HTML(
        tag="p",
        unsafe_innerHTML="Print this page (Ctrl-P): one sheet per team. Cut along the dashes.",
        classes=["no-print"],
    )
    where = html.escape(registry.address or "the address your instructor gives")
    for sid, team in room.game.teams.items():
        state = room.game.model.states_by_index[room.game.model.ids.index(sid)].name
        solara.HTML(
            tag="div",
            classes=["handout"],
            style=STYLE,
            unsafe_innerHTML=(
                f"<div style='font-size: 28px'>{html.escape(room.title)}</div>"
                f"<div style='font-size: 44px; font-weight: bold; margin: .4em 0'>"
                f"{html.escape(team)}</div>"
                f"<div style='font-size: 28px'>you play {html.escape(state)} ({sid})</div>"
                f"<div style='font-size: 24px; margin-top: 1em'>open {where}<br>"
                "and type your join code:</div>"
                f"<div class='code' style='font-size: 96px; font-family: monospace; "
                f"letter-spacing: .15em; margin: .3em 0'>{room.codes[team]}</div>"
            ),
        )


__all__ = ["Handout"]
