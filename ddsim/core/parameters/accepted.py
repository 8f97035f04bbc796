"""The accepted parameter sets: the fit as a set, not a point.

A calibration (:mod:`ddsim.calibration.fit`) tries many parameter sets and
accepts those the record cannot tell apart from the best: within the
acceptance distance (the 95% quantile of a chi-square with one degree of
freedom a target) when the best meets the record, and otherwise within the
95% quantile of a chi-square with a degree of freedom a parameter of the
best (``Calibration.bound``; the installed fit is of this second kind, its
rule in ``accepted.json``). They are kept here, in
``accepted.csv`` beside this module, with the calibration's manifest in
``accepted.json``; set 0 is the best member and equals the declared defaults
(a test checks it). Comparisons across the fit (``ddsim compare
--across-fit K``) and scenario discovery read them from here.

Each row holds only the fitted parameters; every other parameter keeps its
default. Values are stored to the digits the defaults are declared with, so
the best member *is* the defaults, not a neighbour of them.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
#: The accepted sets, best first: columns ``set``, ``distance`` and one per fitted parameter.
ACCEPTED_CSV = HERE / "accepted.csv"
#: The calibration that found them: command, targets, period, threshold.
ACCEPTED_JSON = HERE / "accepted.json"
#: Seeds the choice of K sets among the accepted ones (fixed: the same K sets every time).
CHOICE_SEED = 20_140


class AcceptedSetsError(ValueError):
    """K is not a number of accepted sets there are."""


def _table(path: Path | None) -> tuple[tuple[str, ...], tuple[tuple[float, ...], ...]]:
    return _read(path or ACCEPTED_CSV)


@cache
def _read(path: Path) -> tuple[tuple[str, ...], tuple[tuple[float, ...], ...]]:
    if not path.is_file():
        raise AcceptedSetsError(
            f"no accepted parameter sets are installed ({path} is missing; "
            "python -m ddsim.calibration.accept CALIBRATION_FOLDER installs a fit's)"
        )
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = tuple(rows[0])
    if header[:2] != ("set", "distance"):
        raise ValueError(f"{path}: should start with the columns set, distance")
    return header[2:], tuple(tuple(float(x) for x in row[2:]) for row in rows[1:])


def accepted_sets(k: int | None = None, path: Path | None = None) -> list[dict[str, float]]:
    """The accepted parameter sets, each a mapping of fitted parameter to value.

    Args:
        k: How many: the best (set 0, the defaults) and ``k - 1`` others drawn at
            random without replacement (seeded by :data:`CHOICE_SEED`, so the same
            every time), in the order they are stored. None: all of them.

    Raises:
        AcceptedSetsError: ``k`` is below 1 or more than there are.
    """
    names, rows = _table(path)
    if k is None:
        chosen = range(len(rows))
    else:
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 1 <= k <= len(rows):
            raise AcceptedSetsError(
                f"--across-fit {k}: give a whole number from 1 to {len(rows)} "
                f"(the accepted parameter sets)"
            )
        rng = np.random.default_rng(CHOICE_SEED)
        others = rng.choice(np.arange(1, len(rows)), size=int(k) - 1, replace=False)
        chosen = [0, *sorted(int(i) for i in others)]
    return [dict(zip(names, rows[i], strict=True)) for i in chosen]


def accepted_count(path: Path | None = None) -> int:
    """How many parameter sets are accepted."""
    return len(_table(path)[1])


def accepted_ranges(path: Path | None = None) -> dict[str, tuple[float, float]]:
    """Per fitted parameter, its lowest and highest value over the accepted sets."""
    names, rows = _table(path)
    values = np.array(rows, dtype=float).reshape(len(rows), len(names))
    return {
        name: (float(values[:, j].min()), float(values[:, j].max())) for j, name in enumerate(names)
    }


def accepted_manifest(path: Path | None = None) -> dict[str, Any]:
    """What calibration found the accepted sets (its manifest)."""
    return json.loads((path or ACCEPTED_JSON).read_text(encoding="utf-8"))


__all__ = [
    "ACCEPTED_CSV",
    "ACCEPTED_JSON",
    "AcceptedSetsError",
    "accepted_count",
    "accepted_manifest",
    "accepted_ranges",
    "accepted_sets",
]
