"""Play: games with people in the loop (a layer between ``experiments`` and
the interfaces).

A :class:`Game` is one run of a scenario in which some states are played by
teams of people and the rest by their strategies; :func:`replay` rebuilds it
from its log. After the game, :func:`~ddsim.play.debrief.make_debrief` runs
the same start many times under the model's strategies and shows where the
class's path falls. ``ddsim play`` plays it in the terminal (or serves it in
the browser); either way each game's folder is written after every turn.
"""

from ddsim.play.errors import PlayError
from ddsim.play.game import Game
from ddsim.play.log import replay
from ddsim.play.views import Options, Relation, TeamStrategy, TeamView

__all__ = ["Game", "Options", "PlayError", "Relation", "TeamStrategy", "TeamView", "replay"]
