"""Variants: named changes to a base scenario, compared side by side.

A variant (``variants:`` in a scenario file; :class:`~ddsim.scenarios.schema.VariantSpec`)
changes some states' fields, replaces whole sections (relations, contiguity,
alliances, forums, events) and adds to the parameters and actions.
:func:`apply_variant` makes the plain content of the changed scenario, which
:meth:`ddsim.scenarios.Scenario.variant` checks as any other.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel

from ddsim.scenarios.schema import VariantSpec


def apply_variant(raw: dict[str, Any], patch: VariantSpec) -> dict[str, Any]:
    """The content ``raw`` of a base scenario with the variant ``patch`` applied
    (a new dict, without the variants; ``raw`` is left as it is)."""
    data = copy.deepcopy(raw)
    data.pop("variants", None)
    for sid, changes in patch.states.items():
        state = next(s for s in data["states"] if s["id"] == sid)
        state.update(changes.model_dump(exclude_unset=True))
    for key in ("relations", "contiguity", "alliances", "forums", "events"):
        value = getattr(patch, key)
        if value is not None:
            data[key] = _plain(value)
    for key in ("parameters", "actions"):
        merged = dict(data.get(key) or {})
        for k, v in getattr(patch, key).items():
            merged[k] = {**merged.get(k, {}), **v} if isinstance(v, dict) else v
        data[key] = merged
    return data


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(exclude_unset=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
