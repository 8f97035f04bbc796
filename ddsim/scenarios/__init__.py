"""Scenario files: the schema, the loader and variants.

A scenario is a YAML file (format in ``docs/scenarios.md``), or the name of
one that ships with ddsim (``load_scenario("rivals")``; ``ddsim list
scenarios`` lists them). It is checked
completely before anything runs: structure, types and ranges by pydantic, then
the cross-references (state ids, strategies, parameters, action kinds) here.
Every problem becomes one :class:`ScenarioError` naming the file, the line, the
field path and what is allowed. Unknown keys are errors.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Hashable, Mapping
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WrapValidator,
)
from pydantic_core import PydanticCustomError

from ddsim.core.actions import DEFAULT_ACTIONS, OVERRIDABLE
from ddsim.core.parameters import PARAMETERS
from ddsim.errors import InputError, did_you_mean

#: The folder of scenario files that ship with ddsim (package data, in
#: ``ddsim/scenarios/files/``; the repository's ``scenarios/`` links to it). Read
#: through :mod:`importlib.resources`, so it is found wherever ddsim is installed;
#: use :func:`packaged_scenarios` and :func:`find_scenario` rather than file paths.
PACKAGED: Traversable = resources.files(__name__) / "files"
#: Suffixes of scenario files.
SUFFIXES = (".yaml", ".yml")

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


Pair = Annotated[list[StateId], Field(min_length=2, max_length=2)]


class PairSpec(_Strict):
    between: Pair
    trust: Probability | None = None
    hostility: Rung | None = None
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


class ScenarioError(InputError):
    """A scenario that cannot be run, with where and why.

    ``str(error)`` is one line: ``file:line: field.path: what is wrong``.
    """

    def __init__(
        self, message: str, *, file: str | None = None, line: int | None = None, path: str = ""
    ) -> None:
        self.message, self.file, self.line, self.path = message, file, line, path
        super().__init__(str(self))

    def __str__(self) -> str:
        where = shown_name(self.file) if self.file else "<scenario>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.path + ': ' if self.path else ''}{self.message}"


# --------------------------------------------------------------------------
# Paths and lines
# --------------------------------------------------------------------------
def format_path(loc: tuple[Any, ...]) -> str:
    """Render a location tuple as ``states[2].strategy``."""
    out = ""
    for part in loc:
        if part == "[key]":  # pydantic's marker for a bad key: the key itself names it
            continue
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        text = str(part) if str(part).isprintable() else repr(part)  # keep it one line
        out += f".{text}" if out else text
    return out


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Line (1-based) of the YAML node at ``loc``, or of its nearest parent."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == str(part)), None)
            if child is None:  # an unknown key: point at the key itself
                child = next((k for k, _ in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if part < len(node.value) else None
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key given twice in one mapping.

    Merge keys (``<<: *defaults``) are left to PyYAML, which lets the mapping's
    own keys override merged ones; unhashable keys are left to PyYAML's own error.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                continue
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# --------------------------------------------------------------------------
# Checks pydantic cannot make: cross-references and registries
# --------------------------------------------------------------------------
class _Problem(Exception):
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
            raise _Problem((*loc, i), f"unknown state id {sid!r}; {_unknown(sid, known)}")
    if len(set(ids)) != len(ids):
        raise _Problem(loc, f"a state is listed twice: {ids}")


def _check_strategy(spec: StrategyField, loc: tuple[Any, ...]) -> None:
    from ddsim.core.strategies.base import ON_DEMAND, STRATEGIES, check_strategy_spec

    problem = check_strategy_spec(spec)
    if problem:
        name = spec if isinstance(spec, str) else spec.get("name")
        if isinstance(name, str) and name not in STRATEGIES:  # a slip of the keyboard?
            hint = did_you_mean(name, [*STRATEGIES, *ON_DEMAND])
            problem = problem.replace("; known:", f"; {hint}known:")
        raise _Problem(loc, problem)


def _check_parameters(values: Mapping[str, float], loc: tuple[Any, ...]) -> None:
    for name, value in values.items():
        if name not in PARAMETERS:
            raise _Problem((*loc, name), f"unknown parameter; {_unknown(name, PARAMETERS)}")
        problem = PARAMETERS[name].check(value)
        if problem:
            raise _Problem((*loc, name), problem)


def _check_actions(patches: Mapping[str, ActionPatch], loc: tuple[Any, ...]) -> None:
    for kind, patch in patches.items():
        if kind not in DEFAULT_ACTIONS:
            raise _Problem((*loc, kind), f"unknown action kind; {_unknown(kind, DEFAULT_ACTIONS)}")
        for field, value in patch.items():
            if field not in OVERRIDABLE:
                raise _Problem(
                    (*loc, kind, field),
                    f"cannot override; {did_you_mean(field, OVERRIDABLE)}"
                    f"allowed: {_known(OVERRIDABLE)}",
                )
            low, high = OVERRIDABLE[field]
            if not low <= value <= high:
                raise _Problem((*loc, kind, field), f"{value} out of range [{low}, {high}]")
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
        raise _Problem(
            (*loc, kind, field),
            f"a cooperative act needs hostile <= benign (got benign {benign}, hostile "
            f"{hostile}); an act hostile senders take more often is evidence of hostility",
        )
    if not default.cooperative and benign > hostile:
        field = "benign" if "benign" in patch else "hostile"
        raise _Problem(
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
                raise _Problem(here, "an incident needs 'between: [A, B]'")
            _check_ids(event.between, ids, (*here, "between"))
        else:
            if event.state is None or event.strategy is None:
                raise _Problem(here, "a strategy event needs 'state' and 'strategy'")
            _check_ids([event.state], ids, (*here, "state"))
            _check_strategy(event.strategy, (*here, "strategy"))
    _check_parameters(spec.parameters, (*loc, "parameters"))
    _check_actions(spec.actions, (*loc, "actions"))


def _check_scenario(spec: ScenarioSpec) -> None:
    ids = [s.id for s in spec.states]
    for i, sid in enumerate(ids):
        if sid in ids[:i]:
            raise _Problem(("states", i, "id"), f"duplicate state id {sid!r}")
    for i, state in enumerate(spec.states):
        _check_strategy(state.strategy, ("states", i, "strategy"))
    _check_world(spec, set(ids))
    for name, variant in spec.variants.items():
        for sid, patch in variant.states.items():
            if sid not in ids:
                raise _Problem(
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
                raise _Problem(
                    (*loc, "events", i, "step"),
                    f"step {event.step} is after the last step {spec.steps}",
                )


def _describe(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "extra_forbidden":
        return "unknown key"  # the allowed keys are added by the caller
    if kind == "missing":
        return "required field is missing"
    if kind == "literal_error":
        return f"{error['input']!r} is not allowed; allowed: {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        return (
            f"{error['input']!r} is not a valid identifier (letters, digits, _ or -, "
            "starting with a letter; scenario names in lower case)"
        )
    return f"{error['msg'].replace('Input should', 'should')} (got {error['input']!r})"


def _allowed_keys(loc: tuple[Any, ...]) -> str:
    """``; allowed: a, b, c`` for the mapping that holds the unknown key at ``loc``."""
    model: type[BaseModel] | None = ScenarioSpec
    skip_key = False  # the next part is a key of a dict (a variant name, a state id)
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if skip_key:
            skip_key = False
            continue
        field = model.model_fields.get(str(part)) if model else None
        if field is None:
            return ""
        skip_key = _is_dict(field.annotation)
        model = next(iter(_inner_models(field.annotation)), None)
    return f"; allowed: {', '.join(model.model_fields)}" if model else ""


def _is_dict(annotation: Any) -> bool:
    if getattr(annotation, "__origin__", None) is dict:
        return True
    return any(_is_dict(arg) for arg in getattr(annotation, "__args__", ()))


def _inner_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()):
        out += _inner_models(arg)
    return out


# --------------------------------------------------------------------------
# The scenario object
# --------------------------------------------------------------------------
class Scenario:
    """A checked scenario, ready to run.

    Build one with :func:`load_scenario` (from a file) or :meth:`from_dict`.

    Attributes:
        spec: The validated content (a pydantic model; read only).
        raw: The plain data it was built from.
        file: The file it came from, if any.
        variant_name: Which variant this is, or None for the base.
    """

    def __init__(
        self,
        spec: ScenarioSpec,
        raw: dict[str, Any],
        file: str | None = None,
        variant_name: str | None = None,
    ) -> None:
        self.spec, self.raw, self.file, self.variant_name = spec, raw, file, variant_name

    # --- construction ----------------------------------------------------
    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, file: str | None = None, _node: yaml.Node | None = None
    ) -> Scenario:
        """Check ``data`` (the content of a scenario file) and build a scenario.

        Raises:
            ScenarioError: Anything wrong with it, located as precisely as possible.
        """
        if not isinstance(data, Mapping):
            raise ScenarioError(
                "a scenario must be a mapping of keys (name:, steps:, states: ...), "
                f"not {type(data).__name__}",
                file=file,
            )
        raw = copy.deepcopy(dict(data))
        try:
            spec = ScenarioSpec.model_validate(raw)
            _check_scenario(spec)
        except ValidationError as exc:
            errors = exc.errors()
            first = errors[0]
            loc = tuple(first["loc"])
            message = _describe(first)
            if first["type"] == "extra_forbidden":
                message += _allowed_keys(loc)
            if len(errors) > 1:
                message += f" (and {len(errors) - 1} more problem{'s' * (len(errors) > 2)})"
            raise ScenarioError(
                message, file=file, line=_line_of(_node, loc), path=format_path(loc)
            ) from None
        except _Problem as problem:
            raise ScenarioError(
                problem.message,
                file=file,
                line=_line_of(_node, problem.loc),
                path=format_path(problem.loc),
            ) from None
        return cls(spec, raw, file)

    # --- variants --------------------------------------------------------
    @property
    def variant_names(self) -> list[str]:
        """Names of the variants to compare; ``["baseline"]`` if none are defined."""
        return list(self.spec.variants) or ["baseline"]

    def variant(self, name: str | None) -> Scenario:
        """Return the scenario with variant ``name`` applied (None or 'baseline': as is).

        Raises:
            ScenarioError: No variant of that name.
        """
        if name is None or (name == "baseline" and not self.spec.variants):
            return self
        if name not in self.spec.variants:
            raise ScenarioError(
                f"no variant {name!r}; {did_you_mean(name, self.variant_names)}"
                f"variants: {', '.join(self.variant_names)}",
                file=self.file,
                path="variants",
            )
        patch = self.spec.variants[name]
        data = copy.deepcopy(self.raw)
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
        resolved = Scenario.from_dict(data, file=self.file)
        resolved.variant_name = name
        return resolved

    # --- conveniences ----------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        """Fields of the content read directly: ``sc.steps``, ``sc.states``."""
        if name.startswith("_") or name == "spec":
            raise AttributeError(name)
        return getattr(self.spec, name)

    @property
    def state_ids(self) -> list[str]:
        return [s.id for s in self.spec.states]

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the scenario's content (canonical JSON), for manifests."""
        text = json.dumps(self.spec.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

    def replace(self, **changes: Any) -> Scenario:
        """Return a copy with top-level fields replaced (``steps=``, ``seed=`` ...), checked."""
        data = {**copy.deepcopy(self.raw), **changes}
        if "steps" in changes:  # a shorter horizon never reaches the later events
            for holder in [data, *(data.get("variants") or {}).values()]:
                if holder.get("events"):
                    holder["events"] = [e for e in holder["events"] if e["step"] <= data["steps"]]
        out = Scenario.from_dict(data, file=self.file)
        out.variant_name = self.variant_name
        return out

    def __repr__(self) -> str:
        variant = f", variant={self.variant_name!r}" if self.variant_name else ""
        size = f"{len(self.spec.states)} states, {self.spec.steps} steps"
        return f"<Scenario {self.name!r}: {size}{variant}>"


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(exclude_unset=True)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --------------------------------------------------------------------------
# Packaged scenarios, found by name
# --------------------------------------------------------------------------
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


def find_scenario(source: str | Path | Traversable) -> Path | Traversable:
    """Where the scenario ``source`` names is: a file that exists wins; a bare
    name (no folder; ``rivals`` or ``rivals.yaml``) that is not a file is looked
    up among the packaged scenarios (:func:`packaged_scenarios`).

    Raises:
        ScenarioError: A bare name that is neither a file, a folder nor a
            packaged scenario (the message lists the packaged ones). Any other
            path is returned as it is: reading it says what is wrong.
    """
    if not isinstance(source, str | Path):
        return source  # a packaged file already (importlib.resources)
    path = Path(source)
    if path.is_file() or len(path.parts) != 1:
        return path
    name = path.name.removesuffix(path.suffix) if path.suffix in SUFFIXES else path.name
    known = packaged_scenarios()
    if name in known:
        return known[name]
    if path.exists():
        return path  # a folder: reading it says so
    raise ScenarioError(
        f"no such file, and no packaged scenario of that name; {did_you_mean(name, known)}"
        "packaged scenarios: " + ", ".join(known),
        file=str(source),
    )


def load_scenario(source: str | Path | Traversable | Mapping[str, Any]) -> Scenario:
    """Load and check a scenario from a YAML file, a packaged scenario's name,
    or a dict.

    Args:
        source: Path to a ``.yaml`` file; or the name of a scenario that ships
            with ddsim (``"rivals"``; see :func:`find_scenario`); or the
            scenario's content as a dict.

    Raises:
        ScenarioError: The file is missing, unreadable, not YAML, or not a valid
            scenario, or no packaged scenario has that name; the message says
            where and what is allowed.

    Example:
        >>> sc = load_scenario("rivals")  # doctest: +SKIP
        >>> sc = load_scenario("scenarios/deterrence.yaml")  # doctest: +SKIP
    """
    if isinstance(source, Mapping):
        return Scenario.from_dict(source)
    path = find_scenario(source)
    # the file as the user named it, or where a packaged scenario's name led
    file = str(source) if isinstance(source, str | Path) and Path(source) == path else str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(
            "no such file (a scenario that ships with ddsim is named without a folder: "
            f"{', '.join(packaged_scenarios())})",
            file=file,
        ) from None
    except IsADirectoryError:
        raise ScenarioError("is a folder, not a scenario file", file=file) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read: {exc.strerror}", file=file) from None
    if b"\x00" in data:
        raise ScenarioError("not a text file (a YAML scenario was expected)", file=file)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"not UTF-8 text (byte {exc.start})", file=file) from None
    if not text.strip():
        raise ScenarioError(
            "the file is empty; a scenario needs at least name: and states:", file=file
        )
    try:
        node = yaml.compose(text, Loader=_UniqueKeyLoader)
        content = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(
            f"not valid YAML: {problem}", file=file, line=mark.line + 1 if mark else None
        ) from None
    if content is None:
        raise ScenarioError(
            "the file holds no data; a scenario needs at least name: and states:", file=file
        )
    return Scenario.from_dict(content, file=file, _node=node)
