"""The checks pydantic cannot make: cross-references and registries.

After the schema (:mod:`ddsim.scenarios.schema`) has checked a scenario's
structure, types and ranges, :func:`check_scenario` checks what refers to
something else: state ids, strategies, parameters, action kinds, event steps.
A failed check raises :class:`Problem` with the location; the scenario
(:meth:`ddsim.scenarios.Scenario.from_dict`) makes it a ScenarioError.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ddsim.core.actions import DEFAULT_ACTIONS, OVERRIDABLE
from ddsim.core.parameters import PARAMETERS
from ddsim.errors import did_you_mean
from ddsim.scenarios.schema import ActionPatch, ScenarioSpec, StrategyField, VariantSpec


class Problem(Exception):
    """A check that failed: where (a location tuple) and what is wrong."""

    def __init__(self, loc: tuple[Any, ...], message: str) -> None:
        self.loc, self.message = loc, message


def _known(names: Any) -> str:
    return ", ".join(sorted(names))


def _unknown(name: Any, names: Any) -> str:
    """The known names, after a "did you mean" when one is close to ``name``."""
    return f"{did_you_mean(name, names)}known: {_known(names)}"


def _check_ids(ids: list[str], known: set[str], loc: tuple[Any, ...]) -> None:
    for i, sid in enumerate(ids):
        if sid not in known:
            raise Problem((*loc, i), f"unknown state id {sid!r}; {_unknown(sid, known)}")
    if len(set(ids)) != len(ids):
        raise Problem(loc, f"a state is listed twice: {ids}")


def _check_strategy(spec: StrategyField, loc: tuple[Any, ...]) -> None:
    from ddsim.core.strategies.base import ON_DEMAND, STRATEGIES, check_strategy_spec

    problem = check_strategy_spec(spec)
    if problem:
        name = spec if isinstance(spec, str) else spec.get("name")
        if isinstance(name, str) and name not in STRATEGIES:  # a slip of the keyboard?
            hint = did_you_mean(name, [*STRATEGIES, *ON_DEMAND])
            problem = problem.replace("; known:", f"; {hint}known:")
        raise Problem(loc, problem)


def _check_parameters(values: Mapping[str, float], loc: tuple[Any, ...]) -> None:
    for name, value in values.items():
        if name not in PARAMETERS:
            raise Problem((*loc, name), f"unknown parameter; {_unknown(name, PARAMETERS)}")
        problem = PARAMETERS[name].check(value)
        if problem:
            raise Problem((*loc, name), problem)


def _check_actions(patches: Mapping[str, ActionPatch], loc: tuple[Any, ...]) -> None:
    for kind, patch in patches.items():
        if kind not in DEFAULT_ACTIONS:
            raise Problem((*loc, kind), f"unknown action kind; {_unknown(kind, DEFAULT_ACTIONS)}")
        for field, value in patch.items():
            if field not in OVERRIDABLE:
                raise Problem(
                    (*loc, kind, field),
                    f"cannot override; {did_you_mean(field, OVERRIDABLE)}"
                    f"allowed: {_known(OVERRIDABLE)}",
                )
            low, high = OVERRIDABLE[field]
            if not low <= value <= high:
                raise Problem((*loc, kind, field), f"{value} out of range [{low}, {high}]")
        _check_direction(kind, patch, loc)


def _check_direction(kind: str, patch: Mapping[str, Any], loc: tuple[Any, ...]) -> None:
    """A cooperative act must be at least as likely from a benign sender as from
    a hostile one (else it would be evidence of hostility), a coercive act the
    other way round."""
    default = DEFAULT_ACTIONS[kind]
    benign = patch.get("benign", default.benign)
    hostile = patch.get("hostile", default.hostile)
    if default.cooperative and hostile > benign:
        field = "hostile" if "hostile" in patch else "benign"
        raise Problem(
            (*loc, kind, field),
            f"a cooperative act needs hostile <= benign (got benign {benign}, hostile "
            f"{hostile}); an act hostile senders take more often is evidence of hostility",
        )
    if not default.cooperative and benign > hostile:
        field = "benign" if "benign" in patch else "hostile"
        raise Problem(
            (*loc, kind, field),
            f"a coercive act needs benign <= hostile (got benign {benign}, hostile {hostile})",
        )


def _check_world(spec: ScenarioSpec | VariantSpec, ids: set[str], loc: tuple = ()) -> None:
    """Cross-reference checks shared by a scenario and its variants."""
    if spec.relations is not None:
        for i, pair in enumerate(spec.relations.pairs):
            _check_ids(pair.between, ids, (*loc, "relations", "pairs", i, "between"))
    for i, pair in enumerate(spec.contiguity or []):
        _check_ids(pair, ids, (*loc, "contiguity", i))
    for key in ("alliances", "forums"):
        for i, group in enumerate(getattr(spec, key) or []):
            _check_ids(group.members, ids, (*loc, key, i, "members"))
    for i, event in enumerate(spec.events or []):
        here = (*loc, "events", i)
        if event.kind == "incident":
            if event.between is None:
                raise Problem(here, "an incident needs 'between: [A, B]'")
            _check_ids(event.between, ids, (*here, "between"))
        else:
            if event.state is None or event.strategy is None:
                raise Problem(here, "a strategy event needs 'state' and 'strategy'")
            _check_ids([event.state], ids, (*here, "state"))
            _check_strategy(event.strategy, (*here, "strategy"))
    _check_parameters(spec.parameters, (*loc, "parameters"))
    _check_actions(spec.actions, (*loc, "actions"))


def check_scenario(spec: ScenarioSpec) -> None:
    ids = [s.id for s in spec.states]
    for i, sid in enumerate(ids):
        if sid in ids[:i]:
            raise Problem(("states", i, "id"), f"duplicate state id {sid!r}")
    for i, state in enumerate(spec.states):
        _check_strategy(state.strategy, ("states", i, "strategy"))
    _check_world(spec, set(ids))
    for name, variant in spec.variants.items():
        for sid, patch in variant.states.items():
            if sid not in ids:
                raise Problem(
                    ("variants", name, "states", sid), f"unknown state id; {_unknown(sid, ids)}"
                )
            if patch.strategy is not None:
                _check_strategy(patch.strategy, ("variants", name, "states", sid, "strategy"))
        _check_world(variant, set(ids), ("variants", name))
    timelines = [((), spec.events)]
    timelines += [(("variants", name), v.events or []) for name, v in spec.variants.items()]
    for loc, events in timelines:
        for i, event in enumerate(events):
            if event.step > spec.steps:
                raise Problem(
                    (*loc, "events", i, "step"),
                    f"step {event.step} is after the last step {spec.steps}",
                )
