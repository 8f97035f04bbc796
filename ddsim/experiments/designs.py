"""What a sweep varies, and the points it runs: factors and designs.

A *factor* is a declared parameter (:data:`ddsim.core.parameters.PARAMETERS`,
whose names and ranges are the only ones allowed) with the values or the
range it is swept over; a *design* is the table of points, one row each.

* ``grid``: every combination of the listed values (``forgetting=0.01:0.1:5``
  is 5 evenly spaced values, ``perception_noise=0.2,0.5,0.8`` a list).
* ``lhs``: a Latin hypercube of ``samples`` points over the declared ranges or
  given sub-ranges (``forgetting=0.01:0.1``): each parameter's range is cut into
  ``samples`` equal bins and every bin holds exactly one point (McKay, Beckman
  & Conover 1979, *A comparison of three methods for selecting values of input
  variables in the analysis of output from a computer code*, Technometrics 21(2)).
* ``morris`` and ``sobol``: SALib designs (see :mod:`ddsim.experiments.sensitivity`).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ddsim.core.parameters import PARAMETERS
from ddsim.defaults import DEFAULT_SAMPLES, SWEEP_METHODS
from ddsim.errors import InputError, did_you_mean
from ddsim.experiments import sensitivity

METHODS = SWEEP_METHODS


class SweepError(InputError, ValueError):
    """A sweep asked for something that cannot be done (bad parameter, range, syntax)."""


@dataclass(frozen=True)
class Factor:
    """One swept parameter.

    Attributes:
        name: A declared parameter.
        values: The values a grid takes (None for sampled designs).
        low: Lowest value sampled (or the smallest grid value).
        high: Highest value sampled (or the largest grid value).
    """

    name: str
    low: float
    high: float
    values: tuple[float, ...] | None = None

    def describe(self) -> dict[str, Any]:
        if self.values is not None:
            return {"values": list(self.values)}
        return {"low": self.low, "high": self.high}


# --------------------------------------------------------------------------
# reading what to sweep
# --------------------------------------------------------------------------
def factors(parameters: Mapping[str, Any] | Sequence[str] | None, method: str) -> list[Factor]:
    """Check what to sweep and return one :class:`Factor` per parameter.

    Args:
        parameters: Either command-line style strings (``"forgetting=0.01:0.1:5"``,
            ``"perception_noise=0.2,0.5,0.8"``, ``"forgetting=0.01:0.1"``,
            ``"forgetting"``), or a mapping from name to a list of values (grid),
            a ``(low, high)`` pair or a ``"low:high"`` string (sampled designs),
            or None (the declared range). None or empty: every declared
            parameter, for morris and sobol only.
        method: One of :data:`METHODS`.

    Raises:
        SweepError: Unknown method or parameter, bad syntax, a value out of the
            declared range; the message names the parameter and what is allowed.
    """
    if method not in METHODS:
        raise SweepError(f"unknown method {method!r}; known: {', '.join(METHODS)}")
    if not parameters:
        if method in sensitivity.METHODS:
            return [Factor(p.name, p.low, p.high) for p in PARAMETERS.values()]
        raise SweepError(f"{method} needs at least one --param NAME=VALUES to sweep")
    if isinstance(parameters, str):
        parameters = [parameters]
    if isinstance(parameters, Mapping):
        items = [(name, spec, f"parameters[{name!r}]") for name, spec in parameters.items()]
    else:
        items = [(*_split(text), f"--param {text}") for text in parameters]
    out: list[Factor] = []
    for name, spec, label in items:
        if name in (f.name for f in out):
            raise SweepError(f"{label}: {name} is swept twice; give it once")
        out.append(_factor(name, spec, method, label))
    return out


def _split(text: str) -> tuple[str, str | None]:
    name, sep, rest = text.partition("=")
    return name.strip(), rest.strip() if sep else None


def _factor(name: str, spec: Any, method: str, label: str) -> Factor:
    if name not in PARAMETERS:
        raise SweepError(
            f"{label}: unknown parameter {name!r}; {did_you_mean(name, PARAMETERS)}"
            "`ddsim list parameters` shows them all"
        )
    declared = PARAMETERS[name]
    if method == "grid":
        values = _grid_values(spec, label)
        for v in values:
            _in_range(name, v, label)
        return Factor(name, min(values), max(values), tuple(values))
    if spec is None or spec == "":
        return Factor(name, declared.low, declared.high)
    low, high = _range(spec, label, method)
    _in_range(name, low, label)
    _in_range(name, high, label)
    if not low < high:
        raise SweepError(f"{label}: the range must go from low to high, got {low} to {high}")
    return Factor(name, low, high)


def _grid_values(spec: Any, label: str) -> list[float]:
    if spec is None or spec == "":
        raise SweepError(
            f"{label}: a grid needs values: NAME=LOW:HIGH:COUNT (evenly spaced) "
            "or NAME=V1,V2,... (a list)"
        )
    if isinstance(spec, int | float) and not isinstance(spec, bool):
        return [float(spec)]
    if not isinstance(spec, str):
        return [_number(v, label) for v in spec]
    if ":" in spec:
        parts = spec.split(":")
        if len(parts) != 3:
            raise SweepError(
                f"{label}: expected LOW:HIGH:COUNT (e.g. 0.01:0.1:5), or a list V1,V2,..."
            )
        low, high = _number(parts[0], label), _number(parts[1], label)
        count = _count(parts[2], label)
        return [float(f"{v:.12g}") for v in np.linspace(low, high, count)]
    return [_number(v, label) for v in spec.split(",")]


def _range(spec: Any, label: str, method: str) -> tuple[float, float]:
    if isinstance(spec, str):
        parts = spec.split(":")
        if len(parts) != 2:
            raise SweepError(
                f"{label}: {method} samples a range: give NAME=LOW:HIGH, or just NAME for "
                "its declared range (lists and counts are for --method grid)"
            )
        return _number(parts[0], label), _number(parts[1], label)
    if isinstance(spec, Sequence) and len(spec) == 2:
        return _number(spec[0], label), _number(spec[1], label)
    raise SweepError(f"{label}: {method} samples a range: give (low, high), 'low:high' or None")


def _number(text: Any, label: str) -> float:
    if isinstance(text, bool):
        raise SweepError(f"{label}: {text!r} is not a number")
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise SweepError(f"{label}: {str(text).strip()!r} is not a number") from None
    if not np.isfinite(value):
        raise SweepError(f"{label}: {text!r} is not a finite number")
    return value


def _count(text: str, label: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise SweepError(f"{label}: COUNT must be a whole number, got {text!r}") from None
    if count < 2:
        raise SweepError(f"{label}: COUNT must be at least 2, got {count}")
    return count


def _in_range(name: str, value: float, label: str) -> None:
    problem = PARAMETERS[name].check(value)
    if problem:
        raise SweepError(f"{label}: {problem}")


# --------------------------------------------------------------------------
# designs
# --------------------------------------------------------------------------
def grid_design(factors: Sequence[Factor]) -> pd.DataFrame:
    """Every combination of the factors' values (the first varies slowest)."""
    rows = list(itertools.product(*(f.values for f in factors)))
    return pd.DataFrame(rows, columns=[f.name for f in factors], dtype=float)


def latin_hypercube(factors: Sequence[Factor], samples: int, seed: int) -> pd.DataFrame:
    """``samples`` points; in each dimension every one of ``samples`` equal bins
    of [low, high] holds exactly one point, placed uniformly within it."""
    rng = np.random.default_rng(seed)
    columns = {}
    for f in factors:
        strata = rng.permutation(samples)
        unit = (strata + rng.random(samples)) / samples
        columns[f.name] = f.low + (f.high - f.low) * unit
    return pd.DataFrame(columns)


def design(factors: Sequence[Factor], method: str, samples: int | None, seed: int) -> pd.DataFrame:
    """The design points, one row each, one column per factor.

    Raises:
        SweepError: ``samples`` missing or unsuitable for the method.
    """
    if method == "grid":
        if samples is not None:
            raise SweepError("--samples does not apply to a grid (its values set its size)")
        return grid_design(factors)
    samples = DEFAULT_SAMPLES[method] if samples is None else samples
    if method == "lhs":
        if samples < 2:
            raise SweepError(f"lhs needs --samples of at least 2, got {samples}")
        return latin_hypercube(factors, samples, seed)
    problem = sensitivity.problem({f.name: (f.low, f.high) for f in factors})
    why = sensitivity.check_samples(method, samples)
    if why:
        raise SweepError(why)
    x = sensitivity.sample(method, problem, samples, seed)
    return pd.DataFrame(x, columns=problem["names"])


__all__ = ["METHODS", "Factor", "SweepError", "design", "factors", "grid_design", "latin_hypercube"]
