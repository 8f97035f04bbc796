"""What a scenario discovery varies: its factors, sampled and set case by case.

A *factor* is one thing that differs from case to case:

* a declared model parameter (``onset_rate=0.005:0.02``; ``onset_rate`` alone
  spans its range over the parameter sets accepted by the fit, see
  :func:`accepted_ranges`);
* a field of a state: ``states.BOR.capability=0.4:1.2``, ``budget``,
  ``capacity`` (whole numbers), ``disposition`` (``revisionist,security_seeker``)
  or ``major`` (``yes,no``); a state is named by its id or its name;
* a field of a pair: ``relations.ALD-BOR.trust=0.1:0.5`` (trust both ways),
  ``contention`` or ``hostility`` (the MID level at the start, 0-5);
* an alliance: ``alliance.Northern Pact=on,off`` (an alliance of the scenario,
  by name or by its members, ``alliance.ALD-CET``), or ``alliance.BOR-CET``
  for two states not allied (``on`` makes them allies).

``LOW:HIGH`` is a range (sampled uniformly), ``A,B,...`` a list (each value as
often); a choice alone (``states.BOR.disposition``) takes every choice. Cases
are drawn by the Latin hypercube of :mod:`ddsim.experiments.designs`. A
factor is set in every variant compared, so a factor cannot vary what a
variant itself sets (it would undo the comparison): that is refused.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ddsim.core.parameters import PARAMETERS
from ddsim.errors import InputError, did_you_mean
from ddsim.experiments.designs import Factor, latin_hypercube
from ddsim.scenarios import Scenario

log = logging.getLogger("ddsim")


class DiscoveryError(InputError, ValueError):
    """A discovery asked for something that cannot be done (exit 2)."""


@dataclass(frozen=True)
class Domain:
    """What a field may take: ``number`` or ``integer`` in [low, high], or one of ``values``."""

    kind: str
    low: float = 0.0
    high: float = 0.0
    values: tuple[str, ...] = ()
    low_open: bool = False

    def allowed(self) -> str:
        if self.kind == "choice":
            return "one of " + ", ".join(self.values)
        what = "a whole number" if self.kind == "integer" else "a number"
        return f"{what} {'>' if self.low_open else '>='} {self.low:g} and <= {self.high:g}"

    def check(self, value: Any) -> bool:
        if self.kind == "choice":
            return value in self.values
        above = value > self.low if self.low_open else value >= self.low
        whole = self.kind != "integer" or float(value).is_integer()
        return bool(above and value <= self.high and whole)


STATE_FIELDS = {
    "capability": Domain("number", 0, 100, low_open=True),
    "budget": Domain("number", 0, 1000),
    "capacity": Domain("integer", 0, 1000),
    "disposition": Domain("choice", values=("revisionist", "security_seeker")),
    "major": Domain("choice", values=("yes", "no")),
}
RELATION_FIELDS = {
    "trust": Domain("number", 0, 1),
    "contention": Domain("number", 0, 1),
    "hostility": Domain("integer", 0, 5),
}
ALLIANCE = Domain("choice", values=("on", "off"))
SYNTAX = (
    "a parameter (`ddsim list parameters`), states.STATE.FIELD, relations.A-B.FIELD "
    "or alliance.NAME"
)


@dataclass(frozen=True)
class ScenarioFactor:
    """One factor of a discovery.

    Attributes:
        name: Its column in ``cases.csv`` (states by id: ``states.BOR.capability``).
        kind: ``parameter``, ``state``, ``relation`` or ``alliance``.
        target: The parameter; (state, field); (state, state, field); or (alliance,)
            for an alliance of the scenario, (state, state) for a new one.
        low, high: The range sampled (None for a list).
        values: The list sampled from (None for a range).
        integer: Whole numbers (capacity, hostility).
        source: Where the range or list came from.
    """

    name: str
    kind: str
    target: tuple[str, ...]
    low: float | None = None
    high: float | None = None
    values: tuple[Any, ...] | None = None
    integer: bool = False
    source: str = "given"

    @property
    def categorical(self) -> bool:
        return self.values is not None and isinstance(self.values[0], str)

    def sample(self, unit: np.ndarray) -> pd.Series:
        """The factor's values at ``unit`` (points of [0, 1)): a range is
        stretched over [low, high], a list cut into equal shares."""
        if self.values is not None:
            which = np.minimum((unit * len(self.values)).astype(int), len(self.values) - 1)
            return pd.Series([self.values[i] for i in which], name=self.name)
        assert self.low is not None and self.high is not None
        if self.integer:
            span = int(self.high) - int(self.low) + 1
            return pd.Series(int(self.low) + np.minimum((unit * span).astype(int), span - 1))
        return pd.Series(self.low + (self.high - self.low) * unit)

    def describe(self) -> dict[str, Any]:
        spread = {"values": list(self.values)} if self.values is not None else {}
        if self.values is None:
            spread = {"low": self.low, "high": self.high}
        return {"kind": self.kind, **spread, "source": self.source}


# --------------------------------------------------------------------------
# the accepted ranges of the fitted parameters
# --------------------------------------------------------------------------
def accepted_ranges() -> dict[str, tuple[float, float]]:
    """The range of each fitted parameter over the parameter sets consistent
    with the record (:func:`ddsim.core.parameters.accepted.accepted_ranges`),
    or ``{}`` while ddsim has no accepted set (no ``accepted.csv``): then a
    parameter named alone spans its declared range, and ``--fitted`` is refused."""
    from ddsim.core.parameters.accepted import AcceptedSetsError
    from ddsim.core.parameters.accepted import accepted_ranges as ranges

    try:
        found = ranges()
    except AcceptedSetsError:
        return {}
    return {name: (float(low), float(high)) for name, (low, high) in found.items()}


# --------------------------------------------------------------------------
# reading the factors
# --------------------------------------------------------------------------
def read_factors(
    specs: Mapping[str, Any] | Sequence[str] | None, scenario: Scenario, fitted: bool = False
) -> list[ScenarioFactor]:
    """Check what to vary and return one :class:`ScenarioFactor` each.

    Args:
        specs: Command-line style strings (``"onset_rate=0.005:0.02"``,
            ``"states.BOR.disposition"``), or a mapping from a factor's name to
            None (its default spread), ``"LOW:HIGH"``, ``"A,B"``, a ``(low,
            high)`` tuple (a range) or a list (values).
        scenario: The scenario whose states, pairs and alliances are named.
        fitted: Add every parameter of the accepted set, over its accepted range
            (but those the scenario sets itself, which keep their value).

    Raises:
        DiscoveryError: An unknown name, bad syntax, a value out of range;
            the message names the factor and what is allowed.
    """
    if isinstance(specs, str):
        specs = [specs]
    if isinstance(specs, Mapping):
        items = [(str(k), v, f"--factor {k}") for k, v in specs.items()]
    else:
        items = [(*_split(text), f"--factor {text}") for text in specs or []]
    ranges = accepted_ranges()
    out: list[ScenarioFactor] = []
    for key, spec, label in items:
        factor = _factor(key, spec, label, scenario, ranges)
        if factor.name in {f.name for f in out}:
            raise DiscoveryError(f"{label}: {factor.name} is varied twice; give it once")
        out.append(factor)
    if fitted:
        if not ranges:
            raise DiscoveryError(
                "--fitted needs the parameter sets accepted by the joint fit (issue 20), "
                "which this ddsim does not have yet; name parameters with --factor NAME"
            )
        # a parameter the scenario sets itself keeps its value (as compare --across-fit)
        given = {f.name for f in out} | set(scenario.spec.parameters)
        out += [_parameter(n, None, "--fitted", ranges) for n in ranges if n not in given]
    if not out:
        raise DiscoveryError("discover needs at least one --factor to vary (or --fitted)")
    for f in out:
        if f.source.startswith("declared range"):
            why = f.source.removeprefix("declared range ")
            log.warning("%s spans its declared range [%g, %g] %s", f.name, f.low, f.high, why)
    return out


def _split(text: str) -> tuple[str, str | None]:
    key, sep, rest = text.partition("=")
    return key.strip(), rest.strip() if sep else None


def _factor(
    key: str, spec: Any, label: str, sc: Scenario, ranges: Mapping[str, tuple[float, float]]
) -> ScenarioFactor:
    head, _, rest = key.partition(".")
    if head in ("states", "state"):
        sid, _, field = rest.rpartition(".")
        domain = _field(field, STATE_FIELDS, "a state's", label)
        target: tuple[str, ...] = (_state(sid, sc, label), field)
        return _spread(f"states.{target[0]}.{field}", "state", target, domain, spec, label)
    if head in ("relations", "relation"):
        pair, _, field = rest.rpartition(".")
        domain = _field(field, RELATION_FIELDS, "a pair's", label)
        a, b = _pair(pair, sc, label)
        return _spread(f"relations.{a}-{b}.{field}", "relation", (a, b, field), domain, spec, label)
    if head in ("alliance", "alliances"):
        target = _alliance(rest, sc, label)
        return _spread(f"alliance.{'-'.join(target)}", "alliance", target, ALLIANCE, spec, label)
    if "." in key or key not in PARAMETERS:
        hint = did_you_mean(key, PARAMETERS) if "." not in key else ""
        raise DiscoveryError(f"{label}: unknown factor {key!r}; {hint}a factor is {SYNTAX}")
    return _parameter(key, spec, label, ranges)


def _field(field: str, fields: Mapping[str, Domain], whose: str, label: str) -> Domain:
    if field not in fields:
        raise DiscoveryError(
            f"{label}: {whose} field is one of {', '.join(fields)}; "
            f"{did_you_mean(field, fields)}got {field!r}"
        )
    return fields[field]


def _state(token: str, sc: Scenario, label: str) -> str:
    states = sc.spec.states
    for match in (lambda s: token in (s.id, s.name), lambda s: token.lower() in _names(s)):
        found = [s.id for s in states if match(s)]
        if len(found) == 1:
            return found[0]
    known = ", ".join(f"{s.id} ({s.name})" if s.name else s.id for s in states)
    return _refuse(f"{label}: no state {token!r} in {sc.name}; states: {known}")


def _names(state: Any) -> set[str]:
    return {state.id.lower(), (state.name or state.id).lower()}


def _refuse(message: str) -> Any:
    raise DiscoveryError(message)


def _pair(token: str, sc: Scenario, label: str) -> tuple[str, str]:
    """Two states in ``A-B`` (ids and names may hold a dash: every cut is tried)."""
    found = set()
    for cut in [k for k, c in enumerate(token) if c == "-"]:
        try:
            a, b = _state(token[:cut], sc, label), _state(token[cut + 1 :], sc, label)
        except DiscoveryError:
            continue
        if a != b:
            found.add((a, b))
    if len(found) != 1:
        why = "names two states in more than one way" if found else "does not name two states"
        return _refuse(f"{label}: {token!r} {why}; write the pair as A-B with states' ids")
    a, b = found.pop()
    order = sc.state_ids
    return (a, b) if order.index(a) < order.index(b) else (b, a)


def _alliance(token: str, sc: Scenario, label: str) -> tuple[str, ...]:
    """(name,) of an alliance of the scenario, or (a, b) for two states not allied."""
    alliances = sc.spec.alliances
    for alliance in alliances:
        if token == alliance.name:
            return (alliance.name,)
    try:
        a, b = _pair(token, sc, label)
    except DiscoveryError:
        names = ", ".join(repr(g.name) for g in alliances) or "none"
        return _refuse(
            f"{label}: {token!r} is neither an alliance of {sc.name} (alliances: {names}) "
            "nor a pair of its states A-B"
        )
    for alliance in alliances:
        if set(alliance.members) == {a, b}:
            return (alliance.name,)
    for alliance in alliances:
        if {a, b} <= set(alliance.members):
            return _refuse(
                f"{label}: {a} and {b} are both in the alliance {alliance.name!r} with others; "
                f"vary that alliance: --factor 'alliance.{alliance.name}'"
            )
    return (a, b)


def _parameter(
    name: str, spec: Any, label: str, ranges: Mapping[str, tuple[float, float]]
) -> ScenarioFactor:
    declared = PARAMETERS[name]
    domain = Domain("number", declared.low, declared.high)
    if spec is not None and spec != "":
        return _spread(name, "parameter", (name,), domain, spec, label)
    if name in ranges:
        low, high = ranges[name]
        return ScenarioFactor(name, "parameter", (name,), low, high, source="accepted set")
    why = "not in the accepted set" if ranges else "no accepted set yet"
    source = f"declared range ({why})"
    return ScenarioFactor(name, "parameter", (name,), domain.low, domain.high, source=source)


def _spread(
    name: str, kind: str, target: tuple[str, ...], domain: Domain, spec: Any, label: str
) -> ScenarioFactor:
    """The range or list ``spec`` gives, checked against ``domain``."""
    if spec is None or spec == "":
        if domain.kind != "choice":
            return _refuse(f"{label}: give a range, {name}=LOW:HIGH ({domain.allowed()})")
        return ScenarioFactor(name, kind, target, values=domain.values, source="every choice")
    if isinstance(spec, tuple) or (isinstance(spec, str) and ":" in spec):
        low, high = _range(spec, domain, label)
        return ScenarioFactor(name, kind, target, low, high, integer=domain.kind == "integer")
    items = spec.split(",") if isinstance(spec, str) else list(spec)
    values = tuple(dict.fromkeys(_value(v, domain, label) for v in items))
    if len(values) < 2:
        return _refuse(f"{label}: give two values or more (A,B), or a range LOW:HIGH")
    return ScenarioFactor(name, kind, target, values=values)


def _range(spec: Any, domain: Domain, label: str) -> tuple[float, float]:
    if domain.kind == "choice":
        return _refuse(f"{label}: a choice, not a range: give values A,B ({domain.allowed()})")
    parts = spec.split(":") if isinstance(spec, str) else list(spec)
    if len(parts) != 2:
        return _refuse(f"{label}: a range is LOW:HIGH, got {spec!r}")
    low, high = (_value(p, domain, label) for p in parts)
    if not low < high:
        return _refuse(f"{label}: the range must go from low to high, got {low:g} to {high:g}")
    return low, high


def _value(text: Any, domain: Domain, label: str) -> Any:
    if domain.kind == "choice":
        value = str(text).strip()
    else:
        try:
            value = float(str(text).strip()) if not isinstance(text, bool) else None
        except ValueError:
            value = None
        if value is None or not np.isfinite(value):
            return _refuse(f"{label}: {str(text).strip()!r} is not a number")
    if not domain.check(value):
        shown = repr(value) if isinstance(value, str) else f"{value:g}"
        return _refuse(f"{label}: {shown} is not allowed; {domain.allowed()}")
    return int(value) if domain.kind == "integer" else value


# --------------------------------------------------------------------------
# the cases, and what each sets
# --------------------------------------------------------------------------
def sample_cases(factors: Sequence[ScenarioFactor], cases: int, seed: int) -> pd.DataFrame:
    """``cases`` points of a Latin hypercube, one column per factor (McKay,
    Beckman & Conover 1979): each factor's range cut in ``cases`` equal bins,
    one point in each."""
    unit = latin_hypercube([Factor(f.name, 0.0, 1.0) for f in factors], cases, seed)
    return pd.DataFrame({f.name: f.sample(unit[f.name].to_numpy()) for f in factors})


def set_factor(data: dict[str, Any], factor: ScenarioFactor, value: Any) -> None:
    """Set a scenario field factor to ``value`` in a scenario's content ``data``
    (a plain dict, changed in place; parameters are set by the job instead)."""
    if factor.kind == "state":
        sid, field = factor.target
        state = next(s for s in data["states"] if s["id"] == sid)
        state[field] = value == "yes" if field == "major" else _plain(value)
    elif factor.kind == "relation":
        a, b, field = factor.target
        relations = data.get("relations") or {}
        relations["pairs"] = [*(relations.get("pairs") or []), {"between": [a, b], field: value}]
        data["relations"] = relations
    elif factor.kind == "alliance" and len(factor.target) == 1 and value == "off":
        kept = [g for g in data.get("alliances") or [] if g["name"] != factor.target[0]]
        data["alliances"] = kept
    elif factor.kind == "alliance" and len(factor.target) == 2 and value == "on":
        alliance = {"name": "-".join(factor.target), "members": list(factor.target)}
        data["alliances"] = [*(data.get("alliances") or []), alliance]


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def value_in(sc: Scenario, factor: ScenarioFactor) -> Any:
    """What ``sc`` (a variant applied) sets the factor's field to, to tell
    whether a variant sets it differently from the base."""
    spec = sc.spec
    if factor.kind == "parameter":
        name = factor.target[0]
        return spec.parameters.get(name, PARAMETERS[name].default)
    if factor.kind == "state":
        sid, field = factor.target
        return getattr(next(s for s in spec.states if s.id == sid), field)
    if factor.kind == "relation":
        a, b, field = factor.target
        value = getattr(spec.relations.defaults, field)
        for pair in spec.relations.pairs:
            if set(pair.between) == {a, b} and getattr(pair, field) is not None:
                value = getattr(pair, field)
        return value
    if len(factor.target) == 2:  # two states not allied in the base
        return any(set(factor.target) <= set(g.members) for g in spec.alliances)
    return [sorted(g.members) for g in spec.alliances if g.name == factor.target[0]]


def check_variants(
    factors: Sequence[ScenarioFactor], base: Scenario, variants: Sequence[str]
) -> None:
    """Refuse a factor that one of the compared variants sets itself."""
    for name in variants:
        resolved = base.variant(name)
        for factor in factors:
            then, now = value_in(base, factor), value_in(resolved, factor)
            if then != now:
                raise DiscoveryError(
                    f"--factor {factor.name}: the variant {name!r} sets it itself ({now!r}; the "
                    f"base {then!r}), so a factor cannot vary it; compare variants that do not"
                )


__all__ = [
    "DiscoveryError",
    "ScenarioFactor",
    "accepted_ranges",
    "check_variants",
    "read_factors",
    "sample_cases",
    "set_factor",
    "value_in",
]
