"""The worked example of lesson 4: a game of ``rivals.yaml`` played by two
teams with scripted choices, and its debrief.

Run from the repository's root (under a minute)::

    python docs/teaching/play_example.py

It writes ``docs/teaching/play_example/`` (the game's ``log.jsonl``, the
teams' memos and ``debrief.csv``) and the debrief's figures to
``docs/teaching/img/play_*.png``. The choices are fixed and the game's seed is
the scenario's, so the trajectory and the figures are the same every time
(the log's ``at`` times are when the script ran).

The story: Aldoria's team opens with costly reassurance towards Borea; Borea's
team, distrustful, starts with a show of force, then answers what it sees.
The instructor injects an incident between them at turn 5.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from ddsim.play import Game
from ddsim.play.debrief import make_debrief
from ddsim.play.report import write_game_folder

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = HERE / "play_example"
IMG = HERE / "img"
TURNS = 10
REPLICATIONS = 50

#: Aldoria's team, turn by turn: (engagements, memo).
ALDORIA = {
    1: (
        [("staff_talks", "BOR"), ("csbm", "BOR")],
        "Borea distrusts us. We open a channel (staff talks) and offer a hotline: cheap first, "
        "then something that costs us.",
    ),
    2: (
        [("csbm", "BOR"), ("joint_exercise", "CET")],
        "Borea showed force. We do not answer in kind: another CSBM, and we reassure Cetia "
        "that the pact holds.",
    ),
    3: (
        [("high_level_visit", "BOR"), ("staff_talks", "BOR"), ("staff_talks", "CET")],
        "Our minister goes to Borea: public and costly, hard for a hostile state to fake.",
    ),
    4: (
        [("personnel_exchange", "BOR"), ("csbm", "BOR"), ("staff_talks", "CET")],
        "Borea talked back last turn. We build ties: officers to their staff college.",
    ),
    5: (
        [("csbm", "BOR"), ("staff_talks", "BOR"), ("personnel_exchange", "CET")],
        "An incident at sea. We use the hotline rather than the navy.",
    ),
    6: (
        [("arms_control_talks", "BOR"), ("staff_talks", "BOR"), ("staff_talks", "CET")],
        "Borea answered the incident with force. We propose talks on limits, keep the channel "
        "open.",
    ),
    7: (
        [("high_level_visit", "BOR"), ("staff_talks", "CET")],
        "Second visit: consistency is what makes a signal credible.",
    ),
    8: (
        [("csbm", "BOR"), ("personnel_exchange", "BOR"), ("staff_talks", "CET")],
        "Things are calmer. Keep the pattern.",
    ),
    9: (
        [("csbm", "BOR"), ("staff_talks", "BOR"), ("ship_visit", "CET")],
        "Same again; a ship visit to Cetia.",
    ),
    10: (
        [("high_level_visit", "BOR"), ("staff_talks", "BOR"), ("staff_talks", "CET")],
        "Last turn: one more visit, and we write up what worked.",
    ),
}


#: Borea's team: a rule rather than a script (what a cautious team does):
#: show force where it saw force or an incident, otherwise answer in kind.
def borea_turn(game: Game) -> tuple[list[tuple[str, str]], str]:
    view = game.view("team-borea")
    ald = view.relation("ALD")
    if view.turn == 1:
        return [("show_of_force", "ALD")], "Aldoria is the stronger side. We show we are ready."
    if any("incident" in n for n in view.news) or ald.coerced:
        return (
            [("show_of_force", "ALD"), ("staff_talks", "ALD")],
            "An incident: we must not look weak at home, but we keep talking.",
        )
    if ald.received == "cooperative":
        return (
            [("staff_talks", "ALD"), ("csbm", "ALD")],
            f"Aldoria was cooperative last turn (our trust in them: {ald.trust:.2f}). We answer.",
        )
    return [("staff_talks", "ALD")], "We saw nothing friendly; we keep a minimal channel."


def main() -> None:
    game = Game(
        ROOT / "scenarios" / "rivals.yaml",
        teams={"ALD": "team-aldoria", "BOR": "team-borea"},
        turns=TURNS,
    )
    for turn in range(1, TURNS + 1):
        if turn == 5:
            game.inject_incident("ALD", "BOR", severity=1)  # a collision at sea
        plan, memo = ALDORIA[turn]
        game.submit("team-aldoria", plan, memo=memo, turn=turn)
        plan, memo = borea_turn(game)
        game.submit("team-borea", plan, memo=memo, turn=turn)
        game.advance()
    debrief = make_debrief(game, REPLICATIONS)
    with tempfile.TemporaryDirectory() as tmp:
        command = ["python", __file__]
        folder = write_game_folder(game, debrief, Path(tmp) / "game", command=command)
        if OUT.exists():
            shutil.rmtree(OUT)
        OUT.mkdir()
        for name in ("log.jsonl", "debrief.csv"):
            shutil.copy(folder / name, OUT / name)
        shutil.copytree(folder / "memos", OUT / "memos")
        for old in IMG.glob("play_*.png"):  # the debrief's figures may have changed names
            old.unlink()
        for png in folder.glob("debrief_*.png"):
            shutil.copy(png, IMG / png.name.replace("debrief_", "play_"))
    print("\n".join(debrief.headline()))
    print(f"debrief: {debrief.seconds:.1f} s for {len(debrief.results.summary)} runs")


if __name__ == "__main__":
    main()
