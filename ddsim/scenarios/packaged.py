"""The scenario files that ship with ddsim, and how a file is shown to the user."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

#: The folder of scenario files that ship with ddsim (package data, in
#: ``ddsim/scenarios/files/``; the repository's ``scenarios/`` links to it). Read
#: through :mod:`importlib.resources`, so it is found wherever ddsim is installed;
#: use :func:`packaged_scenarios` and :func:`find_scenario` rather than file paths.
PACKAGED: Traversable = resources.files(__package__) / "files"
#: Suffixes of scenario files.
SUFFIXES = (".yaml", ".yml")


def packaged_scenarios(folder: str = "") -> dict[str, Traversable]:
    """The scenario files that ship with ddsim, by name (the file name without
    ``.yaml``), sorted by name.

    Args:
        folder: A subfolder of the packaged scenarios (``"validation"``), or
            ``""`` for the main ones.
    """
    where = PACKAGED.joinpath(folder) if folder else PACKAGED
    files = [f for f in where.iterdir() if f.is_file() and f.name.endswith(SUFFIXES)]
    return {f.name.rsplit(".", 1)[0]: f for f in sorted(files, key=lambda f: f.name)}


def shown_name(file: str | Path) -> str:
    """A scenario file as the user knows it: one that ships with ddsim by its
    name (``rivals``: what they typed, not a path inside the package), any
    other by its path as given."""
    packaged = Path(str(PACKAGED))
    path = Path(file)
    if path.suffix in SUFFIXES and path.is_absolute() and path.is_relative_to(packaged):
        return str(path.relative_to(packaged).with_suffix(""))
    return str(file)
