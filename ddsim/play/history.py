"""A game's history, read from its log: turn by turn, what each team
submitted and wrote, what its state carried out, which incidents struck and
whose orders were missing. The instructor's page, the memos files and the
debrief all show it from here, so they never disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ddsim.play.game import Game


def incidents_in(game: Game, turn: int) -> list[str]:
    """The incidents of ``turn`` (the scenario's and the instructor's) in
    words: ``"ALD-BOR +2"``."""
    return [f"{a}-{b} +{e.severity}" for e in game.incidents_at(turn) for a, b in [e.between]]


def memos(game: Game) -> dict[str, list[dict[str, Any]]]:
    """Each team's memos, one per played turn (the last submission of the
    turn counts), with the engagements it carried out and the turn's
    incidents, so that no one blames a team for an incident."""
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in game.teams.values()}
    pending: dict[str, dict[str, Any]] = {}
    for event in list(game.log):
        if event["event"] == "submit":
            pending[event["team"]] = event
        elif event["event"] == "advance":
            for sid, team in game.teams.items():
                sub = pending.pop(team, None)
                out[team].append(
                    {
                        "turn": event["turn"],
                        "memo": sub["memo"] if sub else "",
                        "submitted": sub is not None,
                        "engagements": event["applied"][sid],
                        "incidents": incidents_in(game, event["turn"]),
                    }
                )
    return out


def turns(game: Game) -> list[dict[str, Any]]:
    """One row per played turn: ``turn``, ``outcome`` (the model's means),
    ``incidents`` (in words) and ``missing`` (teams whose orders did not come)."""
    return [
        {
            "turn": e["turn"],
            "outcome": e["outcome"],
            "incidents": incidents_in(game, e["turn"]),
            "missing": list(e["missing"]),
        }
        for e in list(game.log)
        if e["event"] == "advance"
    ]


__all__ = ["incidents_in", "memos", "turns"]
