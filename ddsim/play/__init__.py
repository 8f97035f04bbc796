"""Play: games with people in the loop (a layer between ``experiments`` and
the interfaces).

A :class:`Game` is one run of a scenario in which some states are played by
teams of people and the rest by their strategies; after the game a
:class:`~ddsim.play.debrief.Debrief` runs the same start many times under the
model's strategies and shows where the class's path falls. ``ddsim play``
plays it in the terminal (or serves it in the browser).
"""

from ddsim.play.game import Game, Options, PlayError, Relation, TeamStrategy, TeamView

__all__ = ["Game", "Options", "PlayError", "Relation", "TeamStrategy", "TeamView"]
