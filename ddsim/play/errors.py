"""The error of play: a move the rules of the game do not allow."""

from __future__ import annotations

from ddsim.errors import InputError


class PlayError(InputError):
    """A move the rules of the game do not allow. The game is left exactly as
    it was (exit 2 at the command line)."""


__all__ = ["PlayError"]
