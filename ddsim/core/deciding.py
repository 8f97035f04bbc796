"""Deciding and spending: every state's plan, the one allocator, the ledger.

Decisions are simultaneous: every state decides from the world as it was at
the start of the step. A row of the decision is one state in one replication
(row ``r * n + k``: state k of replication r), so the built-in strategies,
written for rows, decide for a whole batch at once on arrays; a strategy of
one's own decides state by state and replication by replication
(``decide(view)``), from each state's own random stream.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import numpy as np

from ddsim.core import escalation
from ddsim.core.actions import ACTION_KINDS
from ddsim.core.strategies import Plan, Views
from ddsim.core.strategies.base import KIND_CODE

if TYPE_CHECKING:
    from ddsim.core.batch import Batch

#: The batch's arrays a strategy sees (View field: batch attribute).
VIEW_ARRAYS = {
    "capability": "capability",
    "trust": "trust",
    "hostility": "hostility",
    "ties": "ties",
    "received": "received",
    "coerced": "coerced",
    "announced": "announced",
}
#: View fields with one row (or value) per deciding state.
VIEW_ROWS = (*VIEW_ARRAYS, "capacity", "allies", "budget", "partners")


def view_arrays(b: Batch) -> dict[str, np.ndarray]:
    """What every state sees at the start of the step, one row per (replication,
    state): read-only views of the batch's arrays (rows of them stay read-only)."""
    w, rows = b.world, b.reps * b.world.n
    arrays = {
        name: _read_only(getattr(b, a).reshape(rows, -1).view()) for name, a in VIEW_ARRAYS.items()
    }
    arrays["capability"] = _every_row(b.capability, w.n)
    arrays["capacity"] = _read_only(np.tile(w.capacities, b.reps))
    arrays["allies"] = b.row_allies
    arrays["budget"] = np.tile(w.budget_left(b.steps, b.dues, b.attending), b.reps)
    arrays["partners"] = (w.static_partners | (b.hostility > 0)).reshape(rows, -1)
    return arrays


def views(b: Batch, rows: np.ndarray, arrays: dict[str, np.ndarray] | None = None) -> Views:
    """The views of the deciding rows ``rows`` (``r * n + k``) at the start of this step.

    Consecutive rows (one state's, or a whole batch playing one strategy) are
    read-only views into the batch's arrays, which is cheaper than copies;
    other rows get copies, so a strategy cannot change the model through its
    view either way. ``arrays`` is :func:`view_arrays` of this step, when the
    caller has it."""
    arrays = view_arrays(b) if arrays is None else arrays
    me = rows % b.world.n
    values = {
        "me": me,
        "step": b.steps,
        "ids": b.world.ids,
        "disposition": b.world.dispositions[me],
        "catalogue": b.world.catalogue,
        "rng": b.row_rngs[rows],
    }
    if rows.size == 1 or (rows.size > 1 and (np.diff(rows) == 1).all()):  # consecutive
        at = slice(int(rows[0]), int(rows[-1]) + 1)
        return Views(**values, **{name: arrays[name][at] for name in VIEW_ROWS})
    # Copies, each made when the strategy first reads it (take makes them two or
    # three times faster than fancy indexing).
    for name in ("capacity", "budget"):  # one number a row: made now
        values[name] = arrays[name].take(rows)
    return Views.gathered(lambda name: arrays[name].take(rows, axis=0), **values)


def decide_all(b: Batch) -> Plan:
    """Every state's plan for this step, ``kinds[r, k, :]`` for state k of
    replication r: the rows that play one strategy class decide together,
    in one call."""
    groups: dict[type, list[int]] = defaultdict(list)
    players = [p for reps in b.players for p in reps]
    for row, player in enumerate(players):
        groups[type(player)].append(row)
    arrays = view_arrays(b)
    width, parts = 0, []
    for cls, rows in groups.items():
        plan = cls.decide_all([players[r] for r in rows], views(b, np.array(rows), arrays))
        parts.append((rows, plan))
        width = max(width, plan.kinds.shape[1])
    kinds = np.full((len(players), width), -1)
    targets = np.full((len(players), width), -1)
    for rows, plan in parts:
        kinds[rows, : plan.kinds.shape[1]] = plan.kinds
        targets[rows, : plan.targets.shape[1]] = plan.targets
    shape = (b.reps, b.world.n, width)
    return Plan(kinds.reshape(shape), targets.reshape(shape))


def carry_out(b: Batch, plan: Plan) -> None:
    """Spend every state's budget on its plan (``plan.kinds[r, k, :]``): the one allocator.

    Each state goes down its plan in order and stops at the first
    engagement it cannot afford, or when its establishment's capacity is
    used up. Left out first: repeats of a (kind, partner) in one step, and
    cooperative acts other than crisis channels with a state it is
    fighting (use of force or war). Because a state only ever takes a
    longer or shorter head of its own list, more budget never means less
    engagement with any partner: the allocator is monotone.
    """
    w, kinds, targets = b.world, *plan
    _check(b, kinds, targets)
    valid = kinds >= 0
    kind, target = np.maximum(kinds, 0), np.where(valid, targets, 0)
    rep = np.arange(b.reps)[:, None, None]
    rows = np.arange(w.n)[:, None]
    fighting = b.hostility.take(b.cell(rep, rows, target)) >= escalation.FORCE
    valid &= ~(fighting & w.kinds["peacetime"][kind])
    valid &= ~_repeats(((rep * w.n + rows) * w.n + target) * len(KIND_CODE) + kind, valid)
    cost = np.where(valid, w.kinds["cost"][kind], 0.0)
    left = w.budget_left(b.steps, b.dues, b.attending)
    affordable = cost.cumsum(axis=-1) <= left[:, None] + 1e-9
    within = valid.cumsum(axis=-1) <= w.capacities[:, None]
    done = valid & affordable & within
    b.allocated = Plan(np.where(done, kinds, -1), np.where(done, targets, -1))
    b.spent = b.dues + np.where(done, cost, 0.0).sum(axis=-1)


def _check(b: Batch, kinds: np.ndarray, targets: np.ndarray) -> None:
    """Refuse an engagement a (custom) strategy cannot ask for."""
    w, wanted = b.world, kinds != -1
    bad_kind = wanted & ((kinds < 0) | ~w.kinds["bilateral"][np.maximum(kinds, 0)])
    bad_target = wanted & ((targets < 0) | (targets >= w.n))
    bad_target |= wanted & (targets == np.arange(w.n)[:, None])
    if bad_kind.any() or bad_target.any():
        r, k, c = np.argwhere(bad_kind | bad_target)[0]
        sid, asked = w.ids[k], b.players[r][k].name
        if bad_kind[r, k, c]:
            kind = ACTION_KINDS[kinds[r, k, c]] if kinds[r, k, c] >= 0 else kinds[r, k, c]
            raise ValueError(
                f"strategy {asked!r} of {sid} asked for {kind!r}, which is not "
                f"an action a strategy can choose (forum meetings are not)"
            )
        raise ValueError(
            f"strategy {asked!r} of {sid} targeted "
            f"{int(targets[r, k, c])!r}, not another state's index"
        )


def ledger(b: Batch) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every engagement of the step as arrays (replication, actor, target,
    kind index). Within a replication, in a fixed order: states by index, each
    in its plan's order, then forums (members that are fighting each other do
    not meet); the replications one after the other."""
    kinds, targets = b.allocated
    done = kinds >= 0
    rep, actor, _ = np.nonzero(done)
    target, kind = targets[done], kinds[done]
    b.step_spent = b.spent.sum(axis=-1)
    forum_kind = KIND_CODE["regional_forum"]
    parts = [(rep, actor, target, kind)]
    b.meetings = []
    for _, members in b.attending:
        a, c = np.meshgrid(members, members, indexing="ij")
        keep = (a != c) & (b.hostility[:, a, c] < escalation.FORCE)
        b.meetings.append((members, keep))
        r, at = np.nonzero(keep.reshape(b.reps, -1))
        parts.append((r, a.ravel()[at], c.ravel()[at], np.full(r.size, forum_kind)))
    columns = [np.concatenate(column).astype(int) for column in zip(*parts, strict=True)]
    order = np.argsort(columns[0], kind="stable")  # each replication's acts together, in order
    rep, actor, target, kind = (column[order] for column in columns)
    bilateral = kind != forum_kind
    counts = np.bincount(
        rep[bilateral] * len(ACTION_KINDS) + kind[bilateral], minlength=b.reps * len(ACTION_KINDS)
    ).reshape(b.reps, -1)
    counts[:, forum_kind] = b.step_actions[:, forum_kind]
    b.step_actions = counts
    return rep, actor, target, kind


def _repeats(keys: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Where ``valid``, True for a key that an earlier valid place (in row-major
    order) already holds: a stable sort puts the first of equal keys first."""
    places = np.flatnonzero(valid)
    order = keys.ravel()[places].argsort(kind="stable")
    ordered = keys.ravel()[places[order]]
    out = np.zeros(keys.size, dtype=bool)
    out[places[order[1:]]] = ordered[1:] == ordered[:-1]
    return out.reshape(keys.shape)


def _every_row(values: np.ndarray, n: int) -> np.ndarray:
    """``values[r]`` as the row of each of replication r's n deciding states
    (read-only). A replication alone gets one row broadcast, not n copies of it
    (at 1,000 states a copy is 8 MB a month that most strategies never read)."""
    if len(values) == 1:
        return np.broadcast_to(values[0], (n, values.shape[1]))
    return _read_only(np.repeat(values, n, axis=0))


def _read_only(array: np.ndarray) -> np.ndarray:
    """``array``, no longer writeable (a strategy's view must not change the model)."""
    array.flags.writeable = False
    return array
