"""Replications as arrays: replication r of any batch is, to the bit, its seed run alone.

The engine steps a batch of replications at once (``ddsim.core.batch.Batch``);
a ``DiplomacyModel`` is a batch of one. Each replication keeps its own random
streams, and no sum mixes replications, so a replication's run does not
depend on the batch it is in, on the batch's size, on the other seeds in it,
or on how many processes share the batches.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import scenarios

import ddsim
from ddsim import DiplomacyModel, load_scenario
from ddsim.core.batch import Batch
from ddsim.core.parameters import Params
from ddsim.core.replica import Replica
from ddsim.experiments.executors import local_processes, serial
from ddsim.experiments.jobs import batch_size, batches, plan_jobs

STATE = ("trust", "evidence_pos", "evidence_neg", "ties", "channels", "force", "capability")


def fingerprint(run) -> str:
    """SHA-256 of a run's time series, final state, disputes and random streams."""
    h = hashlib.sha256()
    table = run.batch.series.frame(run.rep) if isinstance(run, Replica) else frame(run)
    h.update(table.to_csv().encode())
    for name in (*STATE, "hostility", "announced", "months_at_war", "dispute_memory"):
        h.update(np.ascontiguousarray(getattr(run, name)).tobytes())
    for column in run.dispute_log.records().values():
        h.update(np.ascontiguousarray(column).tobytes())
    rngs = [run.batch.rng[run.rep], *run.batch.decision_rngs[run.rep]]
    h.update(repr([g.bit_generator.state for g in rngs]).encode())
    return h.hexdigest()


def frame(model: DiplomacyModel) -> pd.DataFrame:
    return model.datacollector.get_model_vars_dataframe().reset_index(drop=True)


def alone(sc, seed: int, variant: str | None = None, steps: int | None = None) -> str:
    m = DiplomacyModel(sc, rng=seed, variant=variant)
    m.run_for(m.spec.steps if steps is None else steps)
    return fingerprint(m)


def batched(sc, seeds, variant: str | None = None, steps: int | None = None) -> list[str]:
    spec = sc.variant(variant)
    b = Batch(spec, Params(spec.parameters), seeds)
    b.run_for(spec.steps if steps is None else steps)
    return [fingerprint(Replica(b, r)) for r in range(len(seeds))]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    data=scenarios(),
    seeds=st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=6, unique=True),
    war_prone=st.booleans(),
)
def test_a_replication_of_any_batch_is_its_seed_alone(data, seeds, war_prone):
    """Random worlds of 2-8 states (strategies, dispositions, alliances,
    forums, events, parameters), a random set of seeds in one batch: each
    replication is what its seed gives alone, to the bit. Half the examples
    make disputes and wars frequent, so batches mix runs that reach war and
    runs that do not."""
    if war_prone:
        data["parameters"] |= {"onset_rate": 0.5, "incident_rate": 0.05, "war_chance": 0.9}
    sc = load_scenario(data)
    assert batched(sc, seeds) == [alone(sc, s) for s in seeds]


def test_batches_mix_runs_at_war_and_at_peace_and_stay_exact():
    """Deterring rivals over 40 steps: some of 12 seeds reach war, others do
    not, and every one is its seed alone, whether run 12 together, in
    batches of 5 or on its own."""
    sc = load_scenario("scenarios/rivals.yaml")
    seeds = list(range(12))
    spec = sc.variant("deterrence")
    b = Batch(spec, Params(spec.parameters), seeds)
    b.run_for(80)
    at_war = [int(b.series.frame(r)["wars"].max()) > 0 for r in range(12)]
    assert any(at_war) and not all(at_war)
    whole = [fingerprint(Replica(b, r)) for r in range(12)]
    in_fives = [
        f
        for part in (seeds[:5], seeds[5:10], seeds[10:])
        for f in batched(sc, part, "deterrence", 80)
    ]
    assert whole == in_fives == [alone(sc, s, "deterrence", 80) for s in seeds]


def test_results_do_not_depend_on_batches_or_workers():
    """``ddsim.run`` with one batch per replication, one batch for all, or
    batches of two on two processes: the same tables, to the bit."""
    sc = load_scenario("scenarios/blocs.yaml").replace(steps=24)
    runs = [
        ddsim.run(sc, replications=5, batch=1, progress=False),
        ddsim.run(sc, replications=5, batch=5, progress=False),
        ddsim.run(sc, replications=5, batch=2, executor=local_processes(2), progress=False),
    ]
    for other in runs[1:]:
        pd.testing.assert_frame_equal(runs[0].timeseries, other.timeseries, check_exact=True)
        pd.testing.assert_frame_equal(runs[0].summary, other.summary, check_exact=True)


def test_a_measure_reads_each_replication_of_a_batch_as_a_model():
    """An experiment's measure (here validation's ``dyad``) reads replication r
    of a batch as it reads a model run alone."""
    from ddsim.experiments.jobs import run_replication, run_replications
    from ddsim.experiments.validation import dyad

    sc = load_scenario("scenarios/rivals.yaml").replace(steps=30)
    jobs = [
        job.__class__(**{**job.__dict__, "measure": dyad})
        for job in plan_jobs(sc, ["deterrence"], 4, 7)
    ]
    together = run_replications(jobs)
    for job, outcome in zip(jobs, together, strict=True):
        pd.testing.assert_frame_equal(outcome.timeseries, run_replication(job).timeseries)
    assert together[0].timeseries["shows_of_force"].sum() > 0


class TestBatchPlanning:
    def test_jobs_are_cut_by_scenario_variant_and_size(self):
        sc = load_scenario("scenarios/rivals.yaml")
        jobs = plan_jobs(sc, ["engagement", "deterrence"], 5, 1)
        cut = batches(jobs, 3)
        assert [len(b) for b in cut] == [3, 2, 3, 2]
        assert all(len({j.variant for j in b}) == 1 for b in cut)
        assert [j for b in cut for j in b] == jobs

    def test_a_batch_fits_memory_and_shares_the_work(self):
        rivals = load_scenario("scenarios/rivals.yaml")
        world = load_scenario("scenarios/world.yaml")
        assert batch_size(rivals, 1000) == 256  # small: the largest batch
        assert batch_size(rivals, 100, workers=2) == 50  # every worker gets a share
        assert batch_size(world, 1000) == 2**18 // 193**2  # many states: a batch gains nothing
        assert batch_size(world, 1000, memory=1) == 1  # memory sets it

    @pytest.mark.parametrize("executor", [serial(), local_processes(2)])
    def test_executors_run_batches_and_progress_counts_replications(self, executor, capsys):
        sc = load_scenario("scenarios/rivals.yaml").replace(steps=6)
        res = ddsim.run(sc, replications=4, batch=3, executor=executor, progress=True)
        assert len(res.summary) == 4 * len(sc.variant_names)
        assert f"{4 * len(sc.variant_names)}/{4 * len(sc.variant_names)} replications" in (
            capsys.readouterr().err
        )


def test_small_worlds_find_the_largest_community_as_networkx_does():
    """Up to eight states the security community's size is found by trying
    every group of states at once, for every replication together; it is
    networkx's maximum clique on each of 1,600 random graphs."""
    import networkx as nx

    from ddsim.core.metrics import _largest_clique_small

    rng = np.random.default_rng(5)
    for n in range(2, 9):
        graphs = rng.random((200, n, n)) < rng.random((200, 1, 1))
        graphs |= graphs.transpose(0, 2, 1)
        graphs[:, np.arange(n), np.arange(n)] = False
        expected = []
        for a in graphs:
            g = nx.from_numpy_array(a.astype(np.int8))
            g.remove_nodes_from([v for v, d in g.degree if d == 0])
            expected.append(len(nx.max_weight_clique(g, weight=None)[0]) if a.any() else 1)
        assert _largest_clique_small(graphs).tolist() == expected


def test_a_students_own_strategy_decides_per_state_and_replication_in_a_batch():
    """A one-file strategy that writes only ``decide(view)`` (and draws from
    its state's own stream) is asked state by state and replication by
    replication inside a batch: each replication is its seed alone, and each
    view is of its own run (its capability, its trust)."""
    from ddsim.core.strategies.base import STRATEGIES, Engagement, Strategy, register_strategy

    seen: list[tuple[int, float]] = []

    class Dice(Strategy):
        """Engages a random partner, or shows force when it distrusts it
        (a test fixture; no source)."""

        name = "test_dice"
        classifier = {"coercive": True, "reciprocal": False, "stochastic": True, "memory": 0}

        def decide(self, view):
            j = int(view.rng.integers(len(view.ids) - 1))
            j += j >= view.me
            seen.append((view.me, float(view.capability[view.me])))
            kind = "show_of_force" if view.trust[j] < 0.45 else "staff_talks"
            return [Engagement(kind, j)]

    register_strategy(Dice)
    try:
        sc = load_scenario("scenarios/blocs.yaml").replace(steps=30)
        states = [s.model_copy(update={"strategy": "test_dice"}) for s in sc.states]
        sc = sc.replace(states=states, variants={})
        seeds = [3, 1, 4, 1_000_003]
        assert batched(sc, seeds) == [alone(sc, s) for s in seeds]
        assert len(seen) == 2 * len(seeds) * 30 * len(states)  # every state, every run, every step
    finally:
        STRATEGIES.pop("test_dice", None)


def test_jobs_with_equal_partial_measures_share_a_batch():
    """Each job may carry its own ``functools.partial`` of a measure (the
    debrief's focus does): equal ones still run in one batch."""
    from functools import partial

    from ddsim.experiments.validation import dyad

    sc = load_scenario("scenarios/rivals.yaml")
    jobs = plan_jobs(sc, ["engagement"], 4, 1)
    same = [job.__class__(**{**job.__dict__, "measure": partial(dyad)}) for job in jobs]
    assert [len(b) for b in batches(same, 10)] == [4]
    other = [*same[:2], same[2].__class__(**{**same[2].__dict__, "measure": dyad})]
    assert [len(b) for b in batches(other, 10)] == [2, 1]
