"""What every strategy shares: the view of the world it decides from, the
engagement it returns, the base class and the registry.

A strategy is a small class with a name, a classifier and one method,
``decide(view) -> list[Engagement]``, after the Axelrod library (Knight et al.
2016, *An open framework for the reproducible study of the iterated prisoner's
dilemma*, J. Open Research Software 4(1)).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any, ClassVar, NamedTuple

import numpy as np

from ..actions import ACTION_KINDS, Action
from ..parameters import Parameter
from .pressing import most_pressing_rows

#: Trust below which a non-allied partner counts as a rival for the strategies.
RIVAL_TRUST = 0.4


def rivals_among(
    partners: np.ndarray, allies: np.ndarray, hostility: np.ndarray, trust: np.ndarray
) -> np.ndarray:
    """Partners that are not allies and are in a dispute or distrusted (one
    state's rows, or a batch's matrices)."""
    return partners & ~allies & ((hostility > 0) | (trust < RIVAL_TRUST))


def urgency(hostility: np.ndarray, trust: np.ndarray) -> np.ndarray:
    """How pressing each other state is: its MID level plus distrust."""
    return hostility + (1.0 - trust)


class Engagement(NamedTuple):
    """One engagement a state wants: an action ``kind`` towards ``target``
    (the partner's index in ``view.ids``)."""

    kind: str
    target: int


@dataclass(frozen=True, slots=True)
class View:
    """What a state knows at the start of a step. Arrays are indexed by state
    index (``ids[j]`` is state j) and must be treated as read-only.

    Attributes:
        me: This state's index.
        step: The step being decided (1 for the first).
        ids: Every state's id.
        budget: Budget units available this step (after forum dues).
        capacity: Most engagements its defence establishment can carry out.
        disposition: ``security_seeker`` or ``revisionist``.
        capability: Every state's current capability.
        trust: How far this state trusts each other state, in [0, 1].
        hostility: MID level (0-5) between this state and each other.
        ties: Mil-to-mil ties with each other state, in [0, 1].
        allies: True where the other state is an ally.
        partners: True where the other state is relevant to it (same region,
            ally, forum member, or in a dispute with it).
        received: What each other state did to this one last step, as this
            state perceived it: +1 cooperative, -1 coercive, 0 nothing. A
            friendly act misread as hostile counts as nothing here (0): it
            lowers trust as evidence but is not force (Model 3).
        coerced: True where the other state made a show of force or a coercive
            deployment against this one last step. Force is unambiguous: it is
            never misread, so this is what really happened.
        announced: Steps still to go of the initiative this state announced to
            each other state (0: none pending; see the ``announcement`` action).
        catalogue: The action catalogue in force.
        rng: This state's own random generator (a child of the model's).
    """

    me: int
    step: int
    ids: Sequence[str]
    budget: float
    capacity: int
    disposition: str
    capability: np.ndarray
    trust: np.ndarray
    hostility: np.ndarray
    ties: np.ndarray
    allies: np.ndarray
    partners: np.ndarray
    received: np.ndarray
    coerced: np.ndarray
    announced: np.ndarray
    catalogue: Mapping[str, Action]
    rng: np.random.Generator

    def index(self, state_id: str) -> int:
        """Index of the state with id ``state_id``."""
        return list(self.ids).index(state_id)

    def rivals(self) -> np.ndarray:
        """Partners that are not allies and are in a dispute or distrusted."""
        return rivals_among(self.partners, self.allies, self.hostility, self.trust)

    def most_pressing(self, mask: np.ndarray, k: int | None = None) -> np.ndarray:
        """Indices where ``mask`` is True, most hostile and least trusted first
        (ties broken by index, so the order is reproducible)."""
        idx = np.flatnonzero(mask)
        order = idx[np.argsort(-urgency(self.hostility[idx], self.trust[idx]), kind="stable")]
        return order if k is None else order[:k]


#: View fields that are one value per deciding state, and one row per state.
_PER_STATE = ("me", "budget", "capacity", "disposition", "rng")
ROW_FIELDS = (
    "capability",
    "trust",
    "hostility",
    "ties",
    "allies",
    "partners",
    "received",
    "coerced",
    "announced",
)
#: Where gathered :class:`Views` keep how to make a row field on first reading.
_GATHER = "gather rows"
#: Code of each action kind in a :class:`Plan` (its place in the catalogue).
KIND_CODE: dict[str, int] = {kind: code for code, kind in enumerate(ACTION_KINDS)}


@dataclass(frozen=True, slots=True)
class Views:
    """The views of several states at once, for strategies that decide in bulk.

    The same fields as :class:`View`; a per-state value (``me``, ``budget``,
    ``capacity``, ``disposition``, ``rng``) becomes a sequence with one entry
    per deciding state, and a row (``capability``, ``trust``, ``hostility``,
    ...) becomes a matrix with one row per deciding state. ``step``, ``ids``
    and ``catalogue`` are shared. The deciding states may belong to different
    replications of a batch: row r is what its state sees in its own run.
    """

    me: np.ndarray
    step: int
    ids: Sequence[str]
    budget: np.ndarray
    capacity: np.ndarray
    disposition: Sequence[str]
    capability: np.ndarray
    trust: np.ndarray
    hostility: np.ndarray
    ties: np.ndarray
    allies: np.ndarray
    partners: np.ndarray
    received: np.ndarray
    coerced: np.ndarray
    announced: np.ndarray
    catalogue: Mapping[str, Action]
    rng: Sequence[np.random.Generator]
    #: What several strategies of one batch ask for (urgency, rivals), made once.
    _cache: dict[str, np.ndarray] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def of(cls, view: View) -> Views:
        """One state's view as a batch of one."""
        values = {f.name: getattr(view, f.name) for f in fields(View)}
        for name in _PER_STATE:
            values[name] = np.array([values[name]]) if name != "rng" else [values[name]]
        for name in ROW_FIELDS:
            values[name] = values[name][None, :]
        return cls(**values)

    @classmethod
    def gathered(cls, rows: Callable[[str], np.ndarray], **values: Any) -> Views:
        """Views with ``values``, whose other row fields (:data:`ROW_FIELDS`)
        are made by ``rows(name)`` when first read: a strategy that never reads
        ``ties`` or ``capability`` does not pay for copying its rows of them
        (at 1,000 states 8 MB a month each)."""
        views = object.__new__(cls)
        for name, value in values.items():
            object.__setattr__(views, name, value)  # as a frozen dataclass's __init__ does
        object.__setattr__(views, "_cache", {_GATHER: rows})
        return views

    def __getattr__(self, name: str) -> Any:
        # Python calls this only for a field not set: a row of gathered views, made now.
        gather = self._cache.get(_GATHER) if name in ROW_FIELDS else None
        if gather is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        value = gather(name)
        object.__setattr__(self, name, value)
        return value

    def row(self, k: int) -> View:
        """The view of the k-th deciding state."""
        values = {f.name: getattr(self, f.name) for f in fields(View)}
        for name in (*_PER_STATE, *ROW_FIELDS):
            values[name] = values[name][k]
        values["me"], values["capacity"] = int(values["me"]), int(values["capacity"])
        values["budget"] = float(values["budget"])
        return View(**values)

    def __len__(self) -> int:
        return len(self.me)

    def uniform(self) -> np.ndarray:
        """One uniform draw per (deciding state, other state), each row from
        that state's own generator (so the draws do not depend on who else
        decides in the same batch)."""
        return np.array([rng.random(len(self.ids)) for rng in self.rng]).reshape(len(self), -1)

    def rivals(self) -> np.ndarray:
        """Partners that are not allies and are in a dispute or distrusted."""
        if "rivals" not in self._cache:
            rivals = rivals_among(self.partners, self.allies, self.hostility, self.trust)
            rivals.flags.writeable = False  # shared by every caller
            self._cache["rivals"] = rivals
        return self._cache["rivals"]

    def most_pressing(self, mask: np.ndarray, k: int | np.ndarray | None = None) -> np.ndarray:
        """Per deciding state, the other states where ``mask`` is true, most
        hostile and least trusted first (ties broken by index), at most ``k``
        (a number, one per state, or None for all). Rows are padded with -1."""
        m, n = mask.shape
        limit = np.zeros(m, dtype=np.int64) + (n if k is None else k)  # one per row
        width = min(n, int(limit.max(initial=0)))
        return most_pressing_rows(mask, self.hostility, self.trust, limit, max(width, 0))


def pick(values: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``out[r, c] = values[r, index[r, c]]``: what ``np.take_along_axis(values,
    index, 1)`` gives, without its checks (strategies call it many times a step)."""
    return values[np.arange(len(index))[:, None], index]


class Plan(NamedTuple):
    """What several states want this step, most wanted first: row r holds the
    action ``kinds`` (codes, :data:`KIND_CODE`) and ``targets`` (state indices)
    of the r-th deciding state; -1 pads a row."""

    kinds: np.ndarray
    targets: np.ndarray

    @classmethod
    def of(cls, kinds: np.ndarray, targets: np.ndarray) -> Plan:
        """A plan of one kind array and a target array of the same shape; a
        target of -1 leaves the place empty."""
        return cls(np.where(targets >= 0, kinds, -1), targets)

    @classmethod
    def concat(cls, *plans: Plan) -> Plan:
        """The plans one after the other (the first most wanted)."""
        return cls(
            np.concatenate([p.kinds for p in plans], axis=1).astype(int, copy=False),
            np.concatenate([p.targets for p in plans], axis=1).astype(int, copy=False),
        )

    @classmethod
    def from_engagements(cls, plans: Sequence[Sequence[Engagement]]) -> Plan:
        """Per-state lists of engagements as one plan.

        Raises:
            ValueError: An engagement names an unknown action kind, or a
                target that is not a number (a state's id, say).
        """
        width = max((len(p) for p in plans), default=0)
        kinds = np.full((len(plans), width), -1)
        targets = np.full((len(plans), width), -1)
        for r, plan in enumerate(plans):
            for c, (kind, target) in enumerate(plan):
                if kind not in KIND_CODE:
                    known = ", ".join(ACTION_KINDS)
                    raise ValueError(f"asked for unknown action {kind!r}; known: {known}")
                try:
                    targets[r, c] = int(target)
                except (TypeError, ValueError):
                    raise ValueError(f"targeted {target!r}, not another state's index") from None
                kinds[r, c] = KIND_CODE[kind]
        return cls(kinds, targets)

    def engagements(self, r: int) -> list[Engagement]:
        """Row r as a list of engagements."""
        return [
            Engagement(ACTION_KINDS[k], int(t))
            for k, t in zip(self.kinds[r].tolist(), self.targets[r].tolist(), strict=True)
            if k >= 0
        ]


class Strategy:
    """Base class of strategies. Subclass it, set ``name`` and ``classifier``,
    write ``decide``, and register it with :func:`register_strategy`.

    Class attributes:
        name: The name scenario files use.
        classifier: ``coercive`` (ever uses force), ``reciprocal`` (answers what
            partners did), ``stochastic`` (uses randomness), ``memory`` (how many
            past steps it remembers; -1 for all).
        parameters: Its tunable values, declared like model parameters; a
            scenario sets them as ``strategy: {name: grit, step: 0.2}``.

    ``decide`` returns engagements in order of priority. The defence
    establishment carries them out in that order and stops at the first it
    cannot afford (so more budget never buys less of anything: the allocator
    is monotone), so a strategy may ask for more than it can afford.

    Built-in strategies decide for all the states that play them at once:
    they write :meth:`decide_all` on arrays, and ``decide`` for one state is
    the same code on a batch of one. A strategy of your own writes ``decide``;
    the default :meth:`decide_all` asks each state in turn.
    """

    name: ClassVar[str] = ""
    classifier: ClassVar[dict[str, Any]] = {}
    parameters: ClassVar[dict[str, Parameter]] = {}

    def __init__(self, **values: float) -> None:
        for pname, param in self.parameters.items():
            setattr(self, pname, values.pop(pname, param.default))
        if values:
            raise TypeError(f"{self.name} takes no parameter {', '.join(values)}")

    def decide(self, view: View) -> list[Engagement]:
        """Turn the state's view of the world into engagements (most wanted first)."""
        if type(self).decide_all.__func__ is Strategy.decide_all.__func__:
            raise NotImplementedError(f"{type(self).__name__} must define decide(view)")
        return type(self).decide_all([self], Views.of(view)).engagements(0)

    @classmethod
    def decide_all(cls, players: Sequence[Strategy], views: Views) -> Plan:
        """Decide for several states at once: ``players[r]`` is the strategy
        object of the state whose view is row r of ``views``."""
        plans = []
        for r, player in enumerate(players):
            plan = player.decide(views.row(r))
            try:
                Plan.from_engagements([plan])
            except ValueError as error:
                sid = views.ids[int(views.me[r])]
                raise ValueError(f"strategy {player.name!r} of {sid} {error}") from None
            plans.append(plan)
        return Plan.from_engagements(plans)

    def spec(self) -> dict[str, Any]:
        """This strategy as a scenario file writes it."""
        return {"name": self.name, **{p: getattr(self, p) for p in self.parameters}}

    def clone(self) -> Strategy:
        """A fresh copy with the same parameters and no memory."""
        return type(self)(**{p: getattr(self, p) for p in self.parameters})

    def __repr__(self) -> str:
        args = ", ".join(f"{p}={getattr(self, p)}" for p in self.parameters)
        return f"{type(self).__name__}({args})"


STRATEGIES: dict[str, type[Strategy]] = {}

#: Strategies kept out of the registry (and so out of tournaments and listings)
#: until a scenario names one: then it is registered. The validation
#: experiments' instruments (``instruments.py``) fill it.
ON_DEMAND: dict[str, type[Strategy]] = {}
CLASSIFIER_KEYS = ("coercive", "reciprocal", "stochastic", "memory")


def register_strategy(cls: type[Strategy]) -> type[Strategy]:
    """Add a strategy class to the registry (use as a class decorator).

    Raises:
        ValueError: No name, a name already taken, an incomplete classifier or
            no docstring (every strategy says where it comes from).
    """
    if not (isinstance(cls, type) and issubclass(cls, Strategy)):
        raise ValueError(f"{cls!r} is not a subclass of ddsim.Strategy")
    if not cls.name or not cls.name.replace("_", "").isalnum():
        raise ValueError(f"{cls.__name__}.name must be a word (letters, digits, _)")
    known = STRATEGIES.get(cls.name)
    if known is not None and not _same_definition(known, cls):
        raise ValueError(f"a strategy named {cls.name!r} is already registered")
    missing = [k for k in CLASSIFIER_KEYS if k not in cls.classifier]
    if missing:
        raise ValueError(f"{cls.__name__}.classifier lacks {', '.join(missing)}")
    if not (cls.__doc__ or "").strip():
        raise ValueError(f"{cls.__name__} needs a docstring saying what it does and its source")
    STRATEGIES[cls.name] = cls
    return cls


def _same_definition(a: type, b: type) -> bool:
    """True for one class defined again in the same place (a notebook cell
    run twice), which replaces the old definition rather than clashing."""
    return (a.__module__, a.__qualname__) == (b.__module__, b.__qualname__)


def _split(spec: str | Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    if isinstance(spec, str):
        return spec, {}
    values = dict(spec)
    return values.pop("name", None), values


def check_strategy_spec(spec: str | Mapping[str, Any]) -> str | None:
    """Return what is wrong with a strategy as a scenario names it, or None."""
    name, values = _split(spec)
    if not isinstance(name, str):
        return "a strategy needs a name (e.g. {name: grit, step: 0.1})"
    if name not in STRATEGIES and name in ON_DEMAND:
        register_strategy(ON_DEMAND[name])
    if name not in STRATEGIES:
        known = ", ".join(sorted(set(STRATEGIES) | set(ON_DEMAND)))
        return f"unknown strategy {name!r}; known: {known}"
    declared = STRATEGIES[name].parameters
    for pname, value in values.items():
        if pname not in declared:
            allowed = ", ".join(declared) or "none"
            return f"strategy {name!r} has no parameter {pname!r}; its parameters: {allowed}"
        problem = declared[pname].check(value)
        if problem:
            return f"{name}.{pname}: {problem}"
    return None


def make_strategy(spec: str | Mapping[str, Any] | Strategy) -> Strategy:
    """Build a strategy from its name, ``{name:..., param: value}``, or a fresh
    copy of a strategy instance."""
    if isinstance(spec, Strategy):
        return spec.clone()
    problem = check_strategy_spec(spec)
    if problem:
        raise ValueError(problem)
    name, values = _split(spec)
    return STRATEGIES[name](**values)


def cycle(kinds: Sequence[str], views: Views, targets: np.ndarray) -> np.ndarray:
    """Codes of ``kinds`` in rotation, one per target, so a relationship sees
    a mix of engagements over the months rather than the same one each time."""
    rotation = codes(tuple(kinds))
    return rotation[(views.step + targets) % len(rotation)]


@cache
def codes(kinds: tuple[str, ...]) -> np.ndarray:
    """The codes (:data:`KIND_CODE`) of a tuple of action kinds, made once."""
    out = np.array([KIND_CODE[k] for k in kinds])
    out.flags.writeable = False  # shared by every caller
    return out
