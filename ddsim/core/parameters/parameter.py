"""One model parameter: what it is, its range and where it comes from.

The declarations themselves are in :mod:`ddsim.core.parameters.trust` and
:mod:`ddsim.core.parameters.conflict`; :data:`ddsim.core.parameters.PARAMETERS`
collects them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Parameter:
    """One model parameter.

    Attributes:
        name: Identifier used in scenario files and in code (``params.name``).
        default: Value when a scenario does not set it.
        low: Smallest allowed value (inclusive).
        high: Largest allowed value (inclusive).
        unit: Unit of the value, in words.
        meaning: What the parameter does, for a reader.
        source: Where the mechanism or the value comes from, or why it was chosen.
        group: Which part of the model reads it (trust, ties, escalation, war, metrics).
    """

    name: str
    default: float
    low: float
    high: float
    unit: str
    meaning: str
    source: str
    group: str

    def check(self, value: Any) -> str | None:
        """Return why ``value`` is not allowed, or None if it is."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"must be a number in [{self.low}, {self.high}], got {value!r}"
        if not self.low <= value <= self.high:
            return f"{value} is out of range; allowed: [{self.low}, {self.high}] {self.unit}"
        return None
