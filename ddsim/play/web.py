"""The classroom's pages (Solara), served by ``ddsim play SCENARIO --teams ALD,BOR``;
the components are in :mod:`ddsim.play.pages`.

- ``/`` and ``/team``: a team joins with its code (``/team?code=K7QX2M`` joins
  at once), then sees its state's view of the world, with the fog its
  perception has, chooses engagements within its budget, writes a memo and
  submits; it may change its submission until the turn is played.
- ``/instructor``: opened with the instructor's code (printed in the terminal
  when the server starts); then ``?s=...&game=...`` keeps the session and the
  game open across a reload. Create or resume a game, hand out the join
  codes, set a deadline per turn, pause and resume, inject (and undo) an
  incident, play the turn, end the game; the debrief starts when it ends.
- ``/handout?s=...&game=...``: the join codes in large print, a page per team.
- ``/debrief?game=ID``: the debrief, to project: where the class's path falls
  among the model's runs of the same start, and every team's memos.

Where state lives (Solara's reactive globals are shared by every browser
that connects, so there are none here): what a game's players share is on
the server, in :class:`~ddsim.play.classroom.Classroom` (one registry, games
by id): the game, the codes, and each team's draft, which every tab of the
team shows. What one tab holds (whether it is the instructor, which game or
team it joined, the memo being written) is made inside the components with
``solara.use_state``. Pages learn of other players' moves by watching the
room (:func:`~ddsim.play.pages.common.use_room`).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # a server draws into images, never into windows

import solara

from ddsim.play.pages.common import classroom, query, use_classroom
from ddsim.play.pages.debrief import DebriefPage
from ddsim.play.pages.handout import Handout
from ddsim.play.pages.instructor import InstructorPage
from ddsim.play.pages.team import TeamPage


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
def InstructorRoute():
    """``/instructor?s=...&game=...``: the instructor's page, its session and game kept."""
    asked = query(solara.use_router())
    InstructorPage(session=asked.get("s", ""), game=asked.get("game", ""))


@solara.component
def HandoutRoute():
    """``/handout?s=...&game=...``: the join codes to print, one page per team."""
    asked = query(solara.use_router())
    Handout(session=asked.get("s", ""), game=asked.get("game", ""))


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
    solara.Route(path="instructor", component=InstructorRoute),
    solara.Route(path="handout", component=HandoutRoute),
    solara.Route(path="debrief", component=DebriefRoute),
]

__all__ = [
    "DebriefPage",
    "InstructorPage",
    "Layout",
    "TeamPage",
    "classroom",
    "routes",
    "use_classroom",
]
