"""Property tests: invariants of the engine over random small scenarios (hypothesis).

Each example draws a world of 2-8 states with random capabilities, budgets,
capacities, strategies, dispositions, regions, relations, alliances, forums,
events and parameter values, runs it a few steps, and checks after every step
that nothing left its range.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ddsim import DiplomacyModel, load_scenario
from ddsim.core.parameters import PARAMETERS

STRATEGY_SPECS = st.one_of(
    st.sampled_from(
        [
            "passive",
            "noncoercive",
            "coercive",
            "reciprocal",
            "generous_reciprocal",
            "grit",
            "hedging",
        ]
    ),
    st.builds(lambda g: {"name": "generous_reciprocal", "generosity": g}, st.floats(0, 1)),
    st.builds(lambda s: {"name": "grit", "step": s}, st.floats(0.01, 1)),
    st.builds(lambda k: {"name": "hedging", "deter_every": k}, st.integers(1, 24)),
)


def groups(ids: list[str]):
    """Random groups of at least two distinct states."""
    return st.lists(st.sampled_from(ids), min_size=2, max_size=len(ids), unique=True)


def blocs(draw, ids: list[str], max_forums: int) -> dict:
    """A scenario's ``alliances`` (up to two) and ``forums`` (up to
    ``max_forums``, meeting every 1-4 steps) among ``ids``."""
    return {
        "alliances": [
            {"name": f"a{k}", "members": m}
            for k, m in enumerate(draw(st.lists(groups(ids), max_size=2)))
        ],
        "forums": [
            {"name": f"f{k}", "members": m, "every": draw(st.integers(1, 4))}
            for k, m in enumerate(draw(st.lists(groups(ids), max_size=max_forums)))
        ],
    }


@st.composite
def scenarios(draw):
    n = draw(st.integers(2, 8))
    ids = [f"S{k}" for k in range(n)]
    steps = draw(st.integers(1, 8))
    states = [
        {
            "id": sid,
            "capability": draw(st.floats(0.05, 5)),
            "budget": draw(st.floats(0, 12)),
            "capacity": draw(st.integers(0, 6)),
            "strategy": draw(STRATEGY_SPECS),
            "disposition": draw(st.sampled_from(["security_seeker", "revisionist"])),
            "region": draw(st.sampled_from(["north", "south", None])),
        }
        for sid in ids
    ]
    all_pairs = list(itertools.combinations(ids, 2))
    pairs = [
        {
            "between": list(pair),
            "trust": draw(st.floats(0, 1)),
            "hostility": draw(st.integers(0, 5)),
            "symmetric": draw(st.booleans()),
        }
        for pair in draw(st.lists(st.sampled_from(all_pairs), max_size=6, unique=True))
    ]
    events = draw(
        st.lists(
            st.one_of(
                st.builds(
                    lambda step, pair, sev: {
                        "step": step,
                        "kind": "incident",
                        "between": list(pair),
                        "severity": sev,
                    },
                    st.integers(1, steps),
                    st.sampled_from(all_pairs),
                    st.integers(1, 5),
                ),
                st.builds(
                    lambda step, sid, spec: {
                        "step": step,
                        "kind": "strategy",
                        "state": sid,
                        "strategy": spec,
                    },
                    st.integers(1, steps),
                    st.sampled_from(ids),
                    STRATEGY_SPECS,
                ),
            ),
            max_size=3,
        )
    )
    names = draw(st.lists(st.sampled_from(sorted(PARAMETERS)), max_size=5, unique=True))
    parameters = {
        name: draw(st.floats(PARAMETERS[name].low, PARAMETERS[name].high)) for name in names
    }
    return {
        "name": "random",
        "steps": steps,
        "states": states,
        "relations": {
            "defaults": {"trust": draw(st.floats(0, 1)), "hostility": draw(st.integers(0, 5))},
            "pairs": pairs,
        },
        **blocs(draw, ids, max_forums=2),
        "events": events,
        "parameters": parameters,
    }


def check_world(m: DiplomacyModel) -> None:
    off = m.off_diagonal
    assert np.all(np.isfinite(m.trust)) and np.all((m.trust >= 0) & (m.trust <= 1))
    assert np.all(np.diag(m.trust) == 1)
    h = m.hostility
    assert h.min() >= 0 and h.max() <= 5
    assert np.array_equal(h, h.T) and np.all(np.diag(h) == 0)
    assert np.array_equal(m.pair_hostility, h[m.pairs])
    for name in ("ties", "channels"):
        a = getattr(m, name)
        assert np.all(np.isfinite(a)) and np.all((a >= 0) & (a <= 1)), name
        np.testing.assert_allclose(a, a.T, err_msg=name)
    assert np.all(np.isfinite(m.force)) and np.all(m.force >= 0)
    assert np.all(np.isfinite(m.capability)) and np.all(m.capability > 0)
    assert np.all(np.isfinite(m.evidence_pos[off])) and np.all(m.evidence_pos >= -1e-12)
    assert np.all(np.isfinite(m.evidence_neg[off])) and np.all(m.evidence_neg >= -1e-12)
    for est in m.establishments_by_index:
        state = est.state
        assert est.spent <= state.budget + 1e-9, (state.sid, est.spent, state.budget)
        assert len(est.done) <= state.capacity
        assert len(set(est.done)) == len(est.done)
        assert all(j != state.index for _, j in est.done)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=scenarios(), seed=st.integers(0, 2**32 - 1))
def test_invariants_hold_every_step(data, seed):
    m = DiplomacyModel(load_scenario(data), rng=seed)
    check_world(m)
    for _ in range(data["steps"]):
        m.step()
        check_world(m)
    ts = m.datacollector.get_model_vars_dataframe()
    assert len(ts) == data["steps"] + 1
    numbers = ts.drop(columns=["rival_trust"])  # NaN by design when no pair started in dispute
    assert np.all(np.isfinite(numbers.to_numpy(dtype=float)))
    shares = ts[[f"share_mid_{k}" for k in range(6)]].sum(axis=1)
    np.testing.assert_allclose(shares, 1.0)
    assert ts["mean_trust"].between(0, 1).all()
    assert (ts["security_community_size"] <= len(data["states"])).all()
