"""The stored targets: :class:`Target`, and ``targets.json`` written and read.

:func:`write_targets` writes the file atomically and the same bytes for the
same targets (:func:`to_json`); :func:`load_targets` reads it with every field
checked, so a damaged file is a :class:`TargetsFileError` naming the entry and
the field, not a wrong fit.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from ddsim.defaults import CALIBRATION_PERIODS
from ddsim.errors import InputError

#: The stored targets.
TARGETS_JSON = Path(__file__).resolve().parent / "targets.json"
#: Period name -> (first year, last year), both included.
PERIODS: dict[str, tuple[int, int]] = CALIBRATION_PERIODS
#: Significant digits kept in targets.json.
DIGITS = 6


class TargetsFileError(InputError):
    """The targets file is missing or malformed."""


@dataclass(frozen=True)
class Target:
    """One calibration target with its 95% interval.

    Attributes:
        name: what is measured, e.g. ``mid_onset_rate_all``.
        period: the years, e.g. ``1946-2014``.
        value: the estimate.
        low: lower end of the 95% interval.
        high: upper end of the 95% interval.
        unit: e.g. ``onsets per dyad-year``, ``share of disputes``, ``days``.
        definition: how it was computed, in words.
        events: the count it rests on (onsets, disputes of a kind); None for quantiles.
        observations: dyad-years for rates, disputes for shares and durations.
    """

    name: str
    period: str
    value: float
    low: float
    high: float
    unit: str
    definition: str
    events: int | None
    observations: int


FIELDS = tuple(f.name for f in fields(Target))


def _round(x: float) -> float:
    return float(f"{x:.{DIGITS}g}")


def make_target(
    name: str,
    period: str,
    estimate: tuple[float, float, float],
    unit: str,
    definition: str,
    events: int | None,
    observations: float,
) -> Target:
    """A :class:`Target` from an (estimate, low, high) triple, rounded to
    :data:`DIGITS` significant digits as targets.json stores it."""
    value, low, high = (_round(v) for v in estimate)
    return Target(name, period, value, low, high, unit, definition, events, int(observations))


def to_json(targets: Sequence[Target]) -> str:
    """The text of targets.json (stable: same targets, same bytes)."""
    document = {
        "about": "Calibration targets computed by ddsim.calibration.targets from the COW data "
        "in ddsim/calibration/data (see its README). Intervals are 95%.",
        "targets": [asdict(t) for t in targets],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_targets(targets: Sequence[Target], path: str | Path = TARGETS_JSON) -> Path:
    """Write ``targets`` to ``path`` atomically (a half-written file is never left)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(to_json(targets))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _check_entry(path: Path, i: int, entry: Any) -> Target:
    where = f"{path}: targets[{i}]"
    if not isinstance(entry, dict):
        raise TargetsFileError(f"{where}: should be a mapping of {', '.join(FIELDS)}")
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        allowed = ", ".join(FIELDS)
        raise TargetsFileError(f"{where}.{unknown[0]}: unknown field (allowed: {allowed})")
    for name in FIELDS:
        if name not in entry:
            raise TargetsFileError(f"{where}.{name}: missing")
        value = entry[name]
        if name in ("name", "period", "unit", "definition"):
            if not isinstance(value, str) or not value:
                raise TargetsFileError(f"{where}.{name}: should be a non-empty string")
        elif name in ("value", "low", "high"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TargetsFileError(f"{where}.{name}: should be a number")
            if not math.isfinite(value):
                raise TargetsFileError(f"{where}.{name}: should be a finite number")
        elif name == "events":
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise TargetsFileError(f"{where}.events: should be a whole number or null")
        elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise TargetsFileError(f"{where}.{name}: should be a whole number of at least 1")
    if entry["period"] not in PERIODS:
        allowed = ", ".join(PERIODS)
        raise TargetsFileError(f"{where}.period: {entry['period']!r} (allowed: {allowed})")
    if not entry["low"] <= entry["value"] <= entry["high"]:
        raise TargetsFileError(f"{where}.value: should lie between low and high")
    return Target(**{name: entry[name] for name in FIELDS})


def load_targets(path: str | Path = TARGETS_JSON) -> list[Target]:
    """Read a targets file, every field checked.

    Raises:
        TargetsFileError: the file is missing, not JSON, or an entry lacks a
            field, has an unknown one, a wrong type, a period not in
            :data:`PERIODS`, a value outside its interval, or repeats a
            (name, period).
    """
    path = Path(path)
    if not path.is_file():
        raise TargetsFileError(f"{path}: targets file not found")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise TargetsFileError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(document, dict) or not isinstance(document.get("targets"), list):
        raise TargetsFileError(f"{path}: targets: should be a list of targets")
    unknown = sorted(set(document) - {"about", "targets"})
    if unknown:
        raise TargetsFileError(f"{path}: {unknown[0]}: unknown key (allowed: about, targets)")
    targets = [_check_entry(path, i, e) for i, e in enumerate(document["targets"])]
    seen = set()
    for i, t in enumerate(targets):
        if (t.name, t.period) in seen:
            raise TargetsFileError(f"{path}: targets[{i}].name: {t.name!r} repeated for {t.period}")
        seen.add((t.name, t.period))
    if not targets:
        raise TargetsFileError(f"{path}: targets: should not be empty")
    return targets
