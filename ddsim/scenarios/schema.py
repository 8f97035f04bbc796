"""The schema of a scenario file: pydantic models of its structure, types and ranges.

Checking a file against these models is the first of two checks; the
cross-references (state ids, strategies, parameters, action kinds) are
:mod:`ddsim.scenarios.checks`. Unknown keys are errors.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WrapValidator,
)
from pydantic_core import PydanticCustomError

StateId = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]{0,31}$")]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]


def _refuse_bool(value: Any) -> Any:
    """YAML reads ``yes``/``true`` as a boolean, which pydantic would take as 1."""
    if isinstance(value, bool):
        raise PydanticCustomError("bool_not_number", "should be a number, not true/false")
    return value


#: A finite number; true/false refused.
Number = Annotated[float, BeforeValidator(_refuse_bool), Field(allow_inf_nan=False)]
#: A whole number; true/false refused.
Whole = Annotated[int, BeforeValidator(_refuse_bool)]
Capability = Annotated[Number, Field(gt=0, le=100)]
Budget = Annotated[Number, Field(ge=0, le=1000)]
Capacity = Annotated[Whole, Field(ge=0, le=1000)]
Probability = Annotated[Number, Field(ge=0, le=1)]
Rung = Annotated[Whole, Field(ge=0, le=5)]
Disposition = Literal["security_seeker", "revisionist"]


def _strategy_shape(value: Any, handler: Any) -> Any:
    """One clear error for a strategy that is neither a name nor a mapping
    (pydantic would report each member of the union on its own)."""
    try:
        return handler(value)
    except ValidationError:
        raise PydanticCustomError(
            "strategy_type", "should be a strategy name or {name: ..., parameter: value}"
        ) from None


StrategyField = Annotated[str | dict[str, Any], WrapValidator(_strategy_shape)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StateSpec(_Strict):
    """One state. ``capacity`` is how many engagements its defence
    establishment can carry out per step; ``budget`` what they may cost."""

    id: StateId
    name: str | None = None
    capability: Capability = 1.0
    budget: Budget = 4.0
    capacity: Capacity = 4
    strategy: StrategyField = "noncoercive"
    disposition: Disposition = "security_seeker"
    region: str | None = None
    major: bool = False


class StatePatch(_Strict):
    """What a variant may change in a state (every field optional)."""

    name: str | None = None
    capability: Capability | None = None
    budget: Budget | None = None
    capacity: Capacity | None = None
    strategy: StrategyField | None = None
    disposition: Disposition | None = None
    region: str | None = None
    major: bool | None = None


class RelationDefaults(_Strict):
    trust: Probability = 0.5
    hostility: Rung = 0
    contention: Probability = 0.0


Pair = Annotated[list[StateId], Field(min_length=2, max_length=2)]


class PairSpec(_Strict):
    between: Pair
    trust: Probability | None = None
    hostility: Rung | None = None
    contention: Probability | None = None
    symmetric: bool = True


class Relations(_Strict):
    defaults: RelationDefaults = RelationDefaults()
    pairs: list[PairSpec] = []


class AllianceSpec(_Strict):
    name: str
    members: Annotated[list[StateId], Field(min_length=2)]


class ForumSpec(_Strict):
    name: str
    members: Annotated[list[StateId], Field(min_length=2)]
    every: Annotated[Whole, Field(ge=1, le=1200)] = 12
    start: Annotated[Whole, Field(ge=1)] = 1


class EventSpec(_Strict):
    """A scheduled event. ``incident`` pushes a pair up ``severity`` rungs;
    ``strategy`` switches a state's strategy from that step on."""

    step: Annotated[Whole, Field(ge=1)]
    kind: Literal["incident", "strategy"]
    between: Annotated[list[StateId], Field(min_length=2, max_length=2)] | None = None
    severity: Annotated[Whole, Field(ge=1, le=5)] = 1
    state: StateId | None = None
    strategy: StrategyField | None = None


ActionPatch = dict[str, Number]


class VariantSpec(_Strict):
    """Named changes to the base scenario, compared side by side."""

    description: str | None = None
    states: dict[str, StatePatch] = {}
    relations: Relations | None = None
    contiguity: list[Pair] | None = None
    alliances: list[AllianceSpec] | None = None
    forums: list[ForumSpec] | None = None
    events: list[EventSpec] | None = None
    parameters: dict[str, Number] = {}
    actions: dict[str, ActionPatch] = {}


class ScenarioSpec(_Strict):
    name: Slug
    title: str | None = None
    description: str | None = None
    steps: Annotated[Whole, Field(ge=1, le=100_000)] = 240
    step_unit: Literal["week", "month", "quarter", "year"] = "month"
    #: The kind of pair of the Correlates of War record this scenario's
    #: comparison is held against in its report (the war rate of such pairs).
    record: Literal["strategic_rivals", "relevant_pairs"] | None = None
    seed: Annotated[Whole, Field(ge=0)] = 0
    replications: Annotated[Whole, Field(ge=1, le=1_000_000)] = 20
    states: Annotated[list[StateSpec], Field(min_length=2)]
    relations: Relations = Relations()
    #: Contiguous pairs. When given, the politically relevant pairs are the
    #: contiguous ones and those with a major power (Lemke & Reed 2001);
    #: when absent, pairs in the same region are.
    contiguity: list[Pair] | None = None
    alliances: list[AllianceSpec] = []
    forums: list[ForumSpec] = []
    events: list[EventSpec] = []
    parameters: dict[str, Number] = {}
    actions: dict[str, ActionPatch] = {}
    variants: dict[Slug, VariantSpec] = {}
