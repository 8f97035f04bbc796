"""DiplomacyModel as a whole: the graph view, simultaneity, war, disputes, fighting, forums,
audiences, events, Mesa."""

from __future__ import annotations

import multiprocessing
import warnings

import mesa
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from scripted import Scripted

from ddsim import DiplomacyModel, Strategy, load_scenario
from ddsim.core.escalation import FORCE, WAR
from ddsim.core.metrics import reporters
from ddsim.core.strategies import Engagement, Plan


def scenario(states=None, steps=24, **extra):
    """A small scenario built in code: six states, every strategy, a dispute,
    an alliance and a forum, unless told otherwise."""
    default_states = [
        {"id": "A", "capability": 1.0, "budget": 6, "strategy": "noncoercive"},
        {"id": "B", "capability": 0.8, "budget": 5, "strategy": "generous_reciprocal"},
        {"id": "C", "capability": 0.6, "budget": 4, "strategy": "coercive"},
        {
            "id": "D",
            "capability": 0.4,
            "budget": 3,
            "strategy": "grit",
            "disposition": "revisionist",
        },
        {"id": "E", "capability": 0.7, "budget": 4, "strategy": "hedging"},
        {"id": "F", "capability": 0.5, "budget": 4, "strategy": "reciprocal"},
    ]
    data = {
        "name": "test",
        "steps": steps,
        "seed": 3,
        "states": states or default_states,
        "relations": {
            "defaults": {"trust": 0.45},
            "pairs": [{"between": ["A", "C"], "trust": 0.2, "hostility": 2}],
        },
        "alliances": [{"name": "pact", "members": ["A", "B"]}],
        "forums": [{"name": "dialogue", "members": ["A", "C", "D", "E"], "every": 3}],
        "parameters": {"perception_noise": 0.8},
    }
    data.update(extra)
    return load_scenario(data)


def passive(*ids, budget=3.0):
    return [{"id": s, "budget": budget, "strategy": "passive"} for s in ids]


def frame(model: DiplomacyModel) -> pd.DataFrame:
    return model.datacollector.get_model_vars_dataframe().reset_index(drop=True)


# --------------------------------------------------------------------------
# the trust network view
# --------------------------------------------------------------------------
class TestTrustGraph:
    def test_consistent_with_the_arrays_after_steps(self, tmp_path):
        m = DiplomacyModel(scenario(), rng=4)
        m.run_for(15)
        g = m.trust_graph
        assert isinstance(g, nx.DiGraph)
        assert list(g.nodes) == m.ids
        assert g.number_of_edges() == m.n * (m.n - 1)
        for a, b, data in g.edges(data=True):
            i, j = m.ids.index(a), m.ids.index(b)
            assert data["trust"] == m.trust[i, j]
            assert data["ties"] == m.ties[i, j]
            assert data["hostility"] == m.hostility[i, j] == m.hostility[j, i]
            assert type(data["trust"]) is float and type(data["hostility"]) is int
        for k, sid in enumerate(m.ids):
            assert g.nodes[sid]["capability"] == m.capability[k]
            assert g.nodes[sid]["strategy"] == m.states_by_index[k].strategy.name
        # something happened, so the check compared more than starting values
        assert np.any(m.ties > 0)

    def test_graphml_round_trip(self, tmp_path):
        m = DiplomacyModel(scenario(), rng=4)
        m.run_for(5)
        path = tmp_path / "trust.graphml"
        nx.write_graphml(m.trust_graph, path)
        back = nx.read_graphml(path)
        assert back.edges["A", "C"]["trust"] == pytest.approx(m.trust[0, 2])

    def test_a_snapshot_does_not_change_when_the_model_steps(self):
        m = DiplomacyModel(scenario(), rng=4)
        g = m.trust_graph
        before = g.edges["A", "B"]["trust"]
        m.run_for(5)
        assert g.edges["A", "B"]["trust"] == before
        assert m.trust_graph.edges["A", "B"]["trust"] == m.trust[0, 1]

    def test_global_reputation(self):
        m = DiplomacyModel(scenario(), rng=4)
        m.run_for(5)
        rep = m.global_reputation()
        assert list(rep) == m.ids
        assert sum(rep.values()) == pytest.approx(1.0)


# --------------------------------------------------------------------------
# simultaneity: the order in which states decide does not matter
# --------------------------------------------------------------------------
def one_by_one(model: DiplomacyModel, order: list[int]) -> Plan:
    """Every state's plan, asking the states alone (a batch of one each) in
    ``order``: what ``decide_all`` returns if decisions are simultaneous."""
    plans = {}
    for k in order:
        strategy = model.states_by_index[k].strategy
        plans[k] = type(strategy).decide_all([strategy], model.views(np.array([k])))
    width = max(p.kinds.shape[1] for p in plans.values())
    kinds, targets = np.full((model.n, width), -1), np.full((model.n, width), -1)
    for k, p in plans.items():
        kinds[k, : p.kinds.shape[1]] = p.kinds[0]
        targets[k, : p.targets.shape[1]] = p.targets[0]
    return Plan(kinds, targets)


def as_batch(plan: Plan) -> Plan:
    """A model's plan (one row per state) as its batch of one decides it."""
    return Plan(plan.kinds[None], plan.targets[None])


def run_in_order(sc, seed, order, steps=12, monkeypatch=None):
    """Run a model whose states decide one at a time in ``order`` (None: the
    model's own bulk decisions); return it and the order they decided in."""
    m = DiplomacyModel(sc, rng=seed)
    asked: list[str] = []
    if order is not None:

        def decide_all():
            asked.extend(m.ids[k] for k in order)
            return as_batch(one_by_one(m, order))

        monkeypatch.setattr(m.batch, "decide_all", decide_all)
    m.run_for(steps)
    return m, asked


class TestActivationOrder:
    def test_bulk_decisions_equal_states_deciding_alone_in_any_order(self, monkeypatch):
        """The model asks every strategy class for all its states at once;
        asking each state alone, first to last or last to first, gives the
        same run to the bit."""
        sc = scenario()
        bulk, _ = run_in_order(sc, 11, None)
        forward, asked_f = run_in_order(sc, 11, list(range(6)), monkeypatch=monkeypatch)
        backward, asked_b = run_in_order(sc, 11, list(range(5, -1, -1)), monkeypatch=monkeypatch)
        assert asked_f[:6] != asked_b[:6] and sorted(asked_f) == sorted(asked_b)
        for other in (forward, backward):
            pd.testing.assert_frame_equal(frame(bulk), frame(other))
            for name in ("trust", "hostility", "ties", "channels", "force", "capability"):
                np.testing.assert_array_equal(getattr(bulk, name), getattr(other, name), name)
        assert frame(bulk)["actions_show_of_force"].sum() > 0  # a run with coercion in it
        assert frame(bulk)["actions_csbm"].sum() > 0

    def test_the_check_would_catch_an_order_dependent_model(self, monkeypatch):
        """A strategy that reads what others already decided this step makes
        the outcome depend on the order: the same comparison then fails."""

        taken: dict[int, int] = {}

        class FirstComer(Strategy):
            """Engages a partner only if no other state has claimed this step
            yet. Order-dependent on purpose (a test fixture; no source)."""

            name = "test_first_comer"
            classifier = {"coercive": False, "reciprocal": False, "stochastic": False, "memory": 0}

            def decide(self, view):
                if taken.get(view.step) is not None:
                    return []
                taken[view.step] = view.me
                return [Engagement("joint_exercise", (view.me + 1) % len(view.ids))]

        sc = scenario(states=passive(*"ABCDEF", budget=6), alliances=[], forums=[])
        runs = []
        for order in (list(range(6)), list(range(5, -1, -1))):
            taken.clear()
            m = DiplomacyModel(sc, rng=11)
            for state in m.states_by_index:
                state.strategy = FirstComer()
            monkeypatch.setattr(
                m.batch, "decide_all", lambda m=m, order=order: as_batch(one_by_one(m, order))
            )
            m.run_for(12)
            runs.append(m)
        assert not np.array_equal(runs[0].trust, runs[1].trust)


# --------------------------------------------------------------------------
# war, forums, events
# --------------------------------------------------------------------------
QUIET = {"onset_rate": 0, "incident_rate": 0}  # no dispute starts unless a test makes one


class TestWar:
    def test_war_lasts_and_costs_capability(self):
        sc = scenario(
            states=passive("A", "B", "C"),
            relations={"pairs": [{"between": ["A", "B"], "hostility": 5}]},
            alliances=[],
            forums=[],
            parameters={"war_exhaustion": 0.001, "war_cost": 0.05, **QUIET},
        )
        m = DiplomacyModel(sc, rng=1)
        m.run_for(3)
        assert m.hostility[0, 1] == WAR
        np.testing.assert_allclose(m.capability, [0.95**3, 0.95**3, 1.0])
        assert frame(m)["wars"].tolist() == [1, 1, 1, 1]

    def test_war_ends_in_exhaustion_back_at_peace_and_capability_recovers(self):
        sc = scenario(
            states=passive("A", "B"),
            relations={"pairs": [{"between": ["A", "B"], "hostility": 5}]},
            alliances=[],
            forums=[],
            parameters={"war_exhaustion": 0.2, "war_cost": 0.05, **QUIET},
        )
        m = DiplomacyModel(sc, rng=2)
        levels, capability = [], []
        for _ in range(10):
            m.step()
            levels.append(int(m.hostility[0, 1]))
            capability.append(float(m.capability[0]))
        first_peace = next(k for k, level in enumerate(levels) if level < WAR)
        # the war is in its first step at step 0, so at step 5 it has lasted
        # 5 steps and the hazard 5 x 0.2 is 1
        assert first_peace <= 4
        assert levels[first_peace:] == [0] * (10 - first_peace)  # straight to 0, no relapse
        assert capability[first_peace] > capability[first_peace - 1]  # recovery at peace
        assert capability[-1] < 1.0

    def test_months_at_war_count_up(self):
        """A war under way at the start is in its first step at step 0, as a
        war that a dispute starts is in its first step at the step it starts."""
        sc = scenario(
            states=passive("A", "B"),
            relations={"pairs": [{"between": ["A", "B"], "hostility": 5}]},
            alliances=[],
            forums=[],
            parameters={"war_exhaustion": 0.001, **QUIET},
        )
        m = DiplomacyModel(sc, rng=1)
        assert m.months_at_war.tolist() == [1]
        m.run_for(4)
        assert m.months_at_war.tolist() == [5]


class TestForums:
    def test_forums_meet_every_n_steps_and_charge_dues(self):
        sc = scenario(
            states=passive("A", "B", "C", "D"),
            alliances=[],
            forums=[{"name": "f", "members": ["A", "B", "C"], "every": 4, "start": 2}],
        )
        m = DiplomacyModel(sc, rng=1)
        spent = []
        for _ in range(10):
            m.step()
            spent.append([e.spent for e in m.establishments_by_index])
        meets = [2, 6, 10]
        ts = frame(m)
        assert ts.loc[meets, "actions_regional_forum"].tolist() == [3, 3, 3]
        assert ts["actions_regional_forum"].sum() == 9
        cost = m.catalogue["regional_forum"].cost
        for step, row in enumerate(spent, start=1):
            expected = [cost] * 3 + [0.0] if step in meets else [0.0] * 4
            assert row == expected, step
        assert ts.loc[meets, "budget_spent"].tolist() == [3 * cost] * 3

    def test_forum_dues_come_out_of_the_budget(self):
        # budget 2, dues 1: a joint exercise (cost 4) no longer fits, staff talks (1) do
        sc = scenario(
            states=[
                {"id": "A", "budget": 2, "strategy": "noncoercive"},
                {"id": "B", "budget": 2, "strategy": "passive"},
            ],
            relations={},
            alliances=[],
            forums=[{"name": "f", "members": ["A", "B"], "every": 1}],
        )
        m = DiplomacyModel(sc, rng=1)
        done = []
        for _ in range(6):
            m.step()
            est = m.establishments_by_index[0]
            assert est.spent <= 2.0
            assert est.spent == 1.0 + sum(m.catalogue[k].cost for k, _ in est.done)
            done += [kind for kind, _ in est.done]
        assert done and all(m.catalogue[k].cost <= 1.0 for k in done)

    def test_a_member_that_cannot_pay_stays_away(self):
        sc = scenario(
            states=[*passive("A", "B"), {"id": "C", "budget": 0.5, "strategy": "passive"}],
            relations={},
            alliances=[],
            forums=[{"name": "f", "members": ["A", "B", "C"], "every": 1}],
        )
        m = DiplomacyModel(sc, rng=1)
        m.step()
        assert [e.spent for e in m.establishments_by_index] == [1.0, 1.0, 0.0]
        assert frame(m)["actions_regional_forum"].iloc[-1] == 2
        assert m.ties[0, 1] > 0 and m.ties[0, 2] == 0 and m.ties[1, 2] == 0


class TestEvents:
    @pytest.mark.parametrize("severity", [2, 4, 5])
    def test_scheduled_incident_fires_on_its_step_and_lasts_that_step(self, severity):
        """The incident raises the pair at step 3; even with a certain end
        (``dispute_end`` 1, ``war_exhaustion`` at its top) the dispute is still
        there at the end of the step it began, and ends at the next one (a war:
        by its first chance of exhaustion, 0.2)."""
        sc = scenario(
            states=passive("A", "B", "C"),
            alliances=[],
            forums=[],
            relations={"defaults": {"trust": 0.9}},
            events=[{"step": 3, "kind": "incident", "between": ["A", "B"], "severity": severity}],
            parameters={"dispute_end": 1.0, "war_exhaustion": 0.2, **QUIET},
        )
        for seed in range(20):
            m = DiplomacyModel(sc, rng=seed)
            levels = []
            for _ in range(3):
                m.step()
                levels.append(int(m.hostility[0, 1]))
            assert levels == [0, 0, severity], seed
            assert m.hostility[1, 0] == severity and m.hostility[0, 2] == 0
            ts = frame(m)
            assert ts["incidents"].tolist() == [0, 0, 0, 1]
            assert ts["new_disputes"].tolist() == [0, 0, 0, 1]
            if severity < WAR:
                m.step()
                assert m.hostility[0, 1] == 0  # the end is certain from the next step on

    def test_strategy_event_switches_the_strategy(self):
        sc = scenario(
            states=passive("A", "B", "C", budget=6),
            alliances=[],
            forums=[],
            relations={"pairs": [{"between": ["A", "B"], "hostility": 2, "trust": 0.1}]},
            events=[{"step": 4, "kind": "strategy", "state": "A", "strategy": "coercive"}],
        )
        m = DiplomacyModel(sc, rng=1)
        m.run_for(3)
        assert m.states_by_index[0].strategy.name == "passive"
        coercion = ["actions_show_of_force", "actions_coercive_deployment"]
        assert frame(m)[coercion].sum().sum() == 0
        m.run_for(1)
        assert m.states_by_index[0].strategy.name == "coercive"
        assert m.trust_graph.nodes["A"]["strategy"] == "coercive"
        assert frame(m)[coercion].iloc[-1].sum() == 1  # A now deters B


def hostile_world(steps=120, strategy="passive", **parameters):
    """Four revisionists that distrust each other: every pair has a strong
    drive to a dispute. Passive by default, so that every dispute comes from
    the onset process (a coercive state's shows of force are disputes too)."""
    states = [
        {"id": s, "strategy": strategy, "disposition": "revisionist", "budget": 6} for s in "ABCD"
    ]
    return scenario(
        states=states,
        steps=steps,
        relations={"defaults": {"trust": 0.1}},
        alliances=[],
        forums=[],
        parameters=parameters,
    )


def calm_world(steps=120, **parameters):
    """Four passive security seekers that trust each other (above the threat
    threshold, below a security community): no drive at all."""
    return scenario(
        states=passive(*"ABCD"),
        steps=steps,
        relations={"defaults": {"trust": 0.69}},
        alliances=[],
        forums=[],
        parameters=parameters,
    )


def levels_over_time(model: DiplomacyModel, steps: int) -> np.ndarray:
    """``out[t, p]``: the MID level of pair p at the end of step t + 1."""
    out = []
    for _ in range(steps):
        model.step()
        out.append(model.pair_hostility.copy())
    return np.array(out)


class TestDisputes:
    def test_without_an_onset_rate_or_incidents_no_dispute_ever_starts(self):
        quiet = DiplomacyModel(hostile_world(**QUIET), rng=1)
        quiet.run_for(120)
        assert frame(quiet)["new_disputes"].sum() == 0 and not quiet.hostility.any()
        # the same world with an onset rate does have disputes (the control)
        driven = DiplomacyModel(hostile_world(incident_rate=0, onset_rate=0.05), rng=1)
        driven.run_for(120)
        assert frame(driven)["new_disputes"].sum() > 0

    def test_without_drive_or_incidents_no_dispute_ever_starts(self):
        calm = DiplomacyModel(calm_world(onset_rate=0.5, incident_rate=0), rng=1)
        calm.run_for(120)
        assert frame(calm)["new_disputes"].sum() == 0 and not calm.hostility.any()

    def test_without_drive_every_dispute_is_an_incident(self):
        # (a low threat threshold: the blame of disputes never brings trust down to a drive)
        calm = calm_world(onset_rate=0.5, incident_rate=0.05, threat_threshold=0.3)
        m = DiplomacyModel(calm, rng=1)
        m.run_for(120)
        ts = frame(m)
        assert ts["new_disputes"].sum() > 0
        assert ts["incidents"].tolist() == ts["new_disputes"].tolist()

    def test_a_dispute_lasts_the_step_it_began_and_ends_at_zero(self):
        """With a certain end (``dispute_end`` 1) and no wars, every dispute is
        at its level for exactly one step and then back at 0."""
        sc = hostile_world(onset_rate=0.5, incident_rate=0.05, dispute_end=1.0, war_chance=0)
        m = DiplomacyModel(sc, rng=3)
        h = levels_over_time(m, 120)
        assert (h > 0).sum() > 50  # many disputes were checked
        assert set(np.unique(h).tolist()) <= {0, 2, 3, 4}
        assert not ((h[:-1] > 0) & (h[1:] > 0)).any()
        r = m.dispute_log.records()
        closed = ~r["right_censored"]
        assert ((r["end"] - r["onset"])[closed] == 1).all()

    def test_levels_never_step_down_a_dispute_ends_at_zero(self):
        """Long disputes and wars between states that show no force: a pair
        keeps its level (or a militarized move takes it higher) until the
        dispute ends, and then it is at 0 (no de-escalation rung by rung)."""
        sc = hostile_world(
            onset_rate=0.05,
            dispute_end=0.1,
            channel_weight=0.0,
            war_chance=0.5,
            war_exhaustion=0.05,
        )
        h = levels_over_time(DiplomacyModel(sc, rng=4), 120)
        before, after = h[:-1], h[1:]
        assert ((after >= before) | (after == 0)).all()
        ended = (before > 0) & (after == 0)
        assert ended.sum() > 5 and (before[ended] == WAR).any() and (before[ended] < WAR).any()

    def test_an_ended_dispute_leaves_memory_that_fades(self):
        sc = scenario(
            states=passive("A", "B", "C"),
            alliances=[],
            forums=[],
            relations={"defaults": {"trust": 0.9}},
            events=[{"step": 3, "kind": "incident", "between": ["A", "B"], "severity": 2}],
            parameters={"dispute_end": 1.0, **QUIET},
        )
        m = DiplomacyModel(sc, rng=1)
        memory, levels = [], []
        for _ in range(6):
            m.step()
            memory.append(float(m.dispute_memory[0]))  # pair (A, B)
            levels.append(int(m.hostility[0, 1]))
        assert levels == [0, 0, 2, 0, 0, 0]
        # one dispute adds 1, then 3% of it fades a step (dispute_memory_decay)
        np.testing.assert_allclose(memory, [0, 0, 1, 0.97, 0.97**2, 0.97**3])
        assert not m.dispute_memory[1:].any()  # the other pairs had none


WANTED = (
    "staff_talks",
    "joint_exercise",
    "high_level_visit",
    "humanitarian_assistance",
    "csbm",
    "arms_control_talks",
    "show_of_force",
)


class TestFighting:
    @pytest.mark.parametrize("level", [0, 2, 3, 4, 5])
    def test_only_crisis_channels_and_coercion_go_on_during_force_and_war(self, level):
        """During a use of force or a war, visits, exchanges and exercises are
        not carried out (nor paid for); CSBMs and arms control talks are (George
        1991); coercion is never held back. Below a use of force all go on."""
        sc = scenario(
            states=[
                {"id": "A", "budget": 30, "capacity": 10, "strategy": "passive"},
                *passive("B"),
            ],
            relations={"pairs": [{"between": ["A", "B"], "hostility": level}]},
            alliances=[],
            forums=[],
            parameters=QUIET,
        )
        m = DiplomacyModel(sc, rng=1)
        m.states_by_index[0].strategy = Scripted([(kind, "B") for kind in WANTED])
        m.step()
        est = m.establishments_by_index[0]
        done = [kind for kind, _ in est.done]
        expected = (
            list(WANTED) if level < FORCE else ["csbm", "arms_control_talks", "show_of_force"]
        )
        assert done == expected
        assert est.spent == sum(m.catalogue[k].cost for k in expected)
        assert frame(m)["actions_staff_talks"].iloc[-1] == (level < FORCE)

    @pytest.mark.parametrize("level", [2, 3, 4, 5])
    def test_forum_members_fighting_each_other_do_not_meet(self, level):
        sc = scenario(
            states=passive("A", "B", "C"),
            relations={"pairs": [{"between": ["A", "B"], "hostility": level}]},
            alliances=[],
            forums=[{"name": "f", "members": ["A", "B", "C"], "every": 1}],
            parameters={**QUIET, "perception_noise": 0},
        )
        m = DiplomacyModel(sc, rng=1)
        m.step()
        # each meeting is two engagements of 0.02 ties each: 0.04 between two members
        assert m.ties[0, 1] == pytest.approx(0.04 if level < FORCE else 0.0)
        assert m.ties[0, 2] == pytest.approx(0.04) and m.ties[1, 2] == pytest.approx(0.04)
        assert [e.spent for e in m.establishments_by_index] == [1.0, 1.0, 1.0]  # all attend


def attack_world(war_chance, distant_relevance=0.0):
    """AAA (a revisionist) and BBB are neighbours, and the only relevant pair;
    CCC is BBB's ally, DDD has no tie to anyone. Everyone trusts everyone (0.9);
    every dispute reaches a use of force (display and climb chances 1), and a war with
    ``war_chance``."""
    return load_scenario(
        {
            "name": "attack",
            "steps": 200,
            "states": [
                {"id": "AAA", "strategy": "passive", "disposition": "revisionist"},
                {"id": "BBB", "strategy": "passive"},
                {"id": "CCC", "strategy": "passive"},
                {"id": "DDD", "strategy": "passive"},
            ],
            "contiguity": [["AAA", "BBB"]],
            "relations": {"defaults": {"trust": 0.9}},
            "alliances": [{"name": "pact", "members": ["BBB", "CCC"]}],
            "parameters": {
                "onset_rate": 0.5,
                "incident_rate": 0,
                "display_chance": 1.0,
                "climb_chance": 1.0,
                "war_chance": war_chance,
                "distant_relevance": distant_relevance,
                "perception_noise": 0,
            },
        }
    )


def first_dispute(sc, seed=1):
    m = DiplomacyModel(sc, rng=seed)
    while not m.pair_hostility.any():
        m.step()
    assert m.pair_hostility.tolist() == [m.pair_hostility[0], 0, 0, 0, 0, 0]  # AAA-BBB only
    return m


class TestAudiences:
    def test_a_use_of_force_costs_its_initiator_with_the_states_that_watch_the_pair(self):
        m = first_dispute(attack_world(war_chance=0.0))
        assert m.hostility[0, 1] == FORCE
        # aggression_reputation (1) from the victim and the victim's ally; none
        # from DDD, which watches neither side; the victim is not blamed
        np.testing.assert_allclose(m.evidence_neg[:, 0], [0.0, 1.0, 1.0, 0.0])
        np.testing.assert_allclose(m.evidence_neg[:, 1], 0.0)
        assert m.force[1, 0] >= 1.0  # BBB remembers the force it received
        m.step()  # trust follows the evidence at the next step
        assert m.trust[2, 0] < m.trust[3, 0] == pytest.approx(0.9)

    def test_a_war_costs_its_initiator_with_every_state(self):
        m = first_dispute(attack_world(war_chance=1.0))
        assert m.hostility[0, 1] == WAR
        np.testing.assert_allclose(m.evidence_neg[:, 0], [0.0, 1.0, 1.0, 1.0])
        np.testing.assert_allclose(m.evidence_neg[:, 1], 0.0)

    def test_a_use_of_force_seen_from_afar_counts_as_much_as_it_is_watched(self):
        m = first_dispute(attack_world(war_chance=0.0, distant_relevance=0.2))
        # DDD watches each side with 0.2, so either with 1 - 0.8 x 0.8 = 0.36
        np.testing.assert_allclose(m.evidence_neg[:, 0], [0.0, 1.0, 1.0, 0.36])

    def exercise(self):
        """AAA exercises with its ally BBB. CCC (outside the alliance) and DDD
        (inside) both distrust AAA (0.2); EEE (outside) trusts it (0.9)."""
        wary = [
            {"between": [s, "AAA"], "trust": t, "symmetric": False}
            for s, t in (("CCC", 0.2), ("DDD", 0.2), ("EEE", 0.9))
        ]
        sc = load_scenario(
            {
                "name": "exercise",
                "states": [
                    {"id": s, "strategy": "passive", "region": "r", "budget": 10}
                    for s in ("AAA", "BBB", "CCC", "DDD", "EEE")
                ],
                "relations": {"defaults": {"trust": 0.5}, "pairs": wary},
                "alliances": [{"name": "pact", "members": ["AAA", "BBB", "DDD"]}],
                "parameters": {**QUIET, "perception_noise": 0},
            }
        )
        m = DiplomacyModel(sc, rng=1)
        m.states_by_index[0].strategy = Scripted([("joint_exercise", "BBB")])
        before = m.trust[:, 0].copy()
        m.step()
        return m, before

    def test_an_allied_exercise_alarms_a_wary_outsider_and_not_an_ally(self):
        """The wary outsider CCC sees no friendliness in the exercise, only a
        threat: negativity 2 x distrust (threshold - 0.2) / threshold x ambiguity
        0.5 x the act; the wary ally DDD and the trusting outsider EEE see a
        friendly act."""
        m, before = self.exercise()
        ex = m.catalogue["joint_exercise"]
        p = m.params
        seen = p.reputation_weight * ex.visibility * p.evidence_per_action * ex.evidence
        np.testing.assert_allclose(m.evidence_pos[2:, 0], [0.0, seen, seen])
        distrust = (p.threat_threshold - 0.2) / p.threat_threshold
        alarm = p.negativity_weight * distrust * ex.ambiguity * seen
        np.testing.assert_allclose(m.evidence_neg[2:, 0], [alarm, 0.0, 0.0])
        gain = m.trust[:, 0] - before
        assert gain[2] < 0 < gain[3]

    def test_an_allied_exercise_lowers_a_wary_outsiders_trust(self):
        m, before = self.exercise()
        assert m.trust[2, 0] < before[2]
        assert m.trust[3, 0] > before[3]  # the wary ally is reassured

    def test_onlookers_far_away_learn_less_than_neighbours(self):
        """AAA helps BBB after a disaster. CCC shares their region and sees the
        act whole; DDD is in another region and watches each side with
        ``distant_relevance`` 0.1, so it sees it with 1 - 0.9 x 0.9 = 0.19."""
        sc = scenario(
            states=[
                {"id": "A", "strategy": "passive", "region": "near"},
                {"id": "B", "strategy": "passive", "region": "near"},
                {"id": "C", "strategy": "passive", "region": "near"},
                {"id": "D", "strategy": "passive", "region": "far"},
            ],
            relations={},
            alliances=[],
            forums=[],
            parameters={**QUIET, "perception_noise": 0, "distant_relevance": 0.1},
        )
        m = DiplomacyModel(sc, rng=1)
        m.states_by_index[0].strategy = Scripted([("humanitarian_assistance", "B")])
        m.step()
        p, act = m.params, m.catalogue["humanitarian_assistance"]
        weight = p.evidence_per_action * act.evidence  # 0.5 x ln(0.2 / 0.02)
        shown = p.reputation_weight * act.visibility * weight
        np.testing.assert_allclose(m.evidence_pos[1:, 0], [weight, shown, 0.19 * shown])
        assert m.trust[2, 0] > m.trust[3, 0] > 0.5


def test_model_stops_at_the_horizon():
    m = DiplomacyModel(scenario(steps=5), rng=1)
    while m.running:
        m.step()
    assert m.steps == 5
    assert len(frame(m)) == 6  # the start and five steps


# --------------------------------------------------------------------------
# Mesa: no deprecated API, batch_run works
# --------------------------------------------------------------------------
def test_no_deprecation_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m = DiplomacyModel(scenario(), rng=1)
        m.run_for(6)
        m.datacollector.get_model_vars_dataframe()
        _ = m.trust_graph
        m.global_reputation()


def test_the_one_pass_time_series_is_what_the_reporters_give_one_by_one():
    """``Timeseries`` fills the table from ``metrics.row``; Mesa's own
    DataCollector calls each reporter on its own. Same table, to the bit,
    over steps with disputes and wars; and the MID columns, which ``row``
    makes from one count, are what the levels give directly."""
    m = DiplomacyModel(scenario(steps=40, parameters={"onset_rate": 0.5}), rng=2)
    mesa_own = mesa.DataCollector(model_reporters=reporters())
    mesa_own.collect(m)
    levels = [m.pair_hostility]
    for _ in range(40):
        m.step()
        mesa_own.collect(m)
        levels.append(m.pair_hostility)
    ours = frame(m)
    assert_frame_equal(ours, mesa_own.get_model_vars_dataframe(), check_exact=True)
    levels = np.array(levels)
    assert levels.max() == WAR  # the MID columns were put to the test
    for k in range(WAR + 1):
        assert ours[f"share_mid_{k}"].tolist() == (levels == k).mean(axis=1).tolist()
    assert ours["mean_hostility"].tolist() == levels.mean(axis=1).tolist()
    assert ours["max_hostility"].tolist() == levels.max(axis=1).tolist()
    assert ours["wars"].tolist() == (levels == WAR).sum(axis=1).tolist()


def test_mesa_batch_run():
    sc = scenario(steps=24)
    method = multiprocessing.get_start_method(allow_none=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            rows = mesa.batch_run(
                DiplomacyModel,
                parameters={"scenario": [sc]},
                rng=[1, 2],
                max_steps=5,
                number_processes=1,
                display_progress=False,
            )
    finally:  # batch_run forces 'spawn' on the whole process
        multiprocessing.set_start_method(method, force=True)
    table = pd.DataFrame(rows)
    assert sorted(table["RunId"].unique()) == [0, 1]
    assert {"mean_trust", "mean_hostility", "wars"} <= set(table.columns)
    direct = DiplomacyModel(sc, rng=1)
    direct.run_for(5)
    run0 = table[table["RunId"] == 0].sort_values("Step")
    assert run0["mean_trust"].iloc[-1] == pytest.approx(frame(direct)["mean_trust"].iloc[-1])


def test_relevance_follows_contiguity_and_major_powers():
    """With a contiguity list, relevant pairs are the contiguous ones and those
    with a major power (Lemke & Reed 2001); the rest are distant."""
    states = [
        {"id": "AAA", "region": "x", "major": True},
        {"id": "BBB", "region": "x"},
        {"id": "CCC", "region": "y"},
        {"id": "DDD", "region": "y"},
    ]
    base = {"name": "relevance", "states": states, "parameters": {"distant_relevance": 0.25}}
    by_region = DiplomacyModel(load_scenario(base), rng=1).relevance
    assert by_region[0, 1] == 1.0 and by_region[2, 3] == 1.0 and by_region[1, 2] == 0.25
    by_data = DiplomacyModel(load_scenario({**base, "contiguity": [["BBB", "CCC"]]}), rng=1)
    r = by_data.relevance
    assert r[1, 2] == r[2, 1] == 1.0  # contiguous across regions
    assert r[0, 3] == r[3, 0] == 1.0  # with the major power
    assert r[2, 3] == 0.25  # same region, but neither contiguous nor major
    assert (r == r.T).all()


def test_a_variant_can_redraw_the_map():
    sc = load_scenario(
        {
            "name": "redraw",
            "states": [{"id": "AAA"}, {"id": "BBB"}, {"id": "CCC"}],
            "contiguity": [["AAA", "BBB"]],
            "variants": {"apart": {"contiguity": []}, "same": {}},
        }
    )
    assert sc.variant("apart").contiguity == [] and sc.variant("same").contiguity == [
        ["AAA", "BBB"]
    ]
    apart = DiplomacyModel(sc, rng=1, variant="apart").relevance
    assert apart[0, 1] < 1.0
