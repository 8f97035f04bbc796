"""Every model parameter, declared once.

This table drives scenario validation (names and ranges), ``ddsim list
parameters``, the dashboard's sliders and the sensitivity analyses. A scenario
overrides a value under ``parameters:``; nothing else in the code hard-codes
one.

The declarations live in modules by the part of the model that reads them
(:mod:`~ddsim.core.parameters.trust`: trust, ties and metrics;
:mod:`~ddsim.core.parameters.conflict`: escalation and war), each
:class:`~ddsim.core.parameters.parameter.Parameter` with its value, range and
source. :data:`PARAMETERS` collects them in that order (trust, ties,
escalation, war, metrics); :class:`Params` holds a run's values.

All rates are per step (a month by default).
"""

from __future__ import annotations

from types import MappingProxyType

from ddsim.core.parameters.conflict import ESCALATION, WAR
from ddsim.core.parameters.parameter import Parameter
from ddsim.core.parameters.trust import METRICS, TIES, TRUST

_DECLARED = [*TRUST, *TIES, *ESCALATION, *WAR, *METRICS]

PARAMETERS: MappingProxyType[str, Parameter] = MappingProxyType({p.name: p for p in _DECLARED})


class Params:
    """Values of every declared parameter, read as attributes (``params.forgetting``).

    Args:
        overrides: Values that replace the defaults; names must be declared.

    Raises:
        KeyError: An override names an undeclared parameter.
        ValueError: An override is out of its declared range.
    """

    def __init__(self, overrides: dict[str, float] | None = None) -> None:
        values = {name: p.default for name, p in PARAMETERS.items()}
        for name, value in (overrides or {}).items():
            if name not in PARAMETERS:
                raise KeyError(f"unknown parameter {name!r}")
            problem = PARAMETERS[name].check(value)
            if problem:
                raise ValueError(f"parameter {name}: {problem}")
            values[name] = float(value)
        self.__dict__.update(values)

    def as_dict(self) -> dict[str, float]:
        """Return all values as a plain dict."""
        return dict(self.__dict__)

    def __repr__(self) -> str:
        changed = {k: v for k, v in self.__dict__.items() if v != PARAMETERS[k].default}
        return f"Params({changed})"


__all__ = ["PARAMETERS", "Parameter", "Params"]
