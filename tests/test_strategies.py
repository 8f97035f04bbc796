"""One test class per strategy, played against scripted opponents.

A strategy is a function of a :class:`View`; the tests build views by hand
(``make_view``), script what the partners did (``received``) step by step,
and check the engagements that come back (after the Axelrod library's tests).
Built-in strategies decide in bulk (``decide_all`` on :class:`Views`); the
tests check that one state's ``decide(view)`` is its row of the bulk decision,
and that a student's strategy with only ``decide(view)`` still plays.
"""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ddsim import DiplomacyModel, Strategy, View, load_scenario, register_strategy
from ddsim.core.actions import COERCIVE_KINDS, DEFAULT_ACTIONS
from ddsim.core.strategies import STRATEGIES, Engagement, Plan, Views, make_strategy
from ddsim.core.strategies.base import RIVAL_TRUST
from ddsim.core.strategies.engagement import MAINTAIN, REASSURE
from ddsim.core.strategies.grit import LADDER

BUILT_IN = (
    "passive",
    "noncoercive",
    "coercive",
    "reciprocal",
    "generous_reciprocal",
    "grit",
    "hedging",
)


def make_view(
    n: int = 3,
    *,
    me: int = 0,
    step: int = 1,
    received=None,
    coerced=None,
    trust=None,
    hostility=None,
    allies=(),
    partners=None,
    budget: float = 20.0,
    capacity: int = 6,
    announced=None,
    rng=None,
) -> View:
    """A view for state ``me`` among ``n`` states. Unset: everyone else is a
    partner, trust 0.5, no disputes, no allies, nothing received, no
    initiative announced."""

    def row(values, fill, dtype=float):
        out = np.full(n, fill, dtype=dtype)
        for j, v in (values or {}).items():
            out[j] = v
        return out

    mine = np.arange(n) == me
    ally = np.isin(np.arange(n), list(allies))
    return View(
        me=me,
        step=step,
        ids=[f"S{k}" for k in range(n)],
        budget=budget,
        capacity=capacity,
        disposition="security_seeker",
        capability=np.ones(n),
        trust=np.where(mine, 1.0, row(trust, 0.5)),
        hostility=np.where(mine, 0, row(hostility, 0, np.int8)),
        ties=np.zeros(n),
        allies=ally,
        partners=~mine if partners is None else np.asarray(partners) & ~mine,
        received=row(received, 0, np.int8),
        # scripted opponents that act hostile really coerce, unless told otherwise
        coerced=row(received, 0, np.int8) < 0 if coerced is None else row(coerced, False, bool),
        announced=row(announced, 0, np.int16),
        catalogue=DEFAULT_ACTIONS,
        rng=rng if rng is not None else np.random.default_rng(0),
    )


def random_view(
    rng: np.random.Generator, step: int = 1, n: int | None = None, me: int | None = None
) -> View:
    """A random view: random trust, disputes, allies, partners and what was received.
    A strategy with memory must see the same ``n`` and ``me`` every step."""
    n = n or int(rng.integers(2, 9))
    me = int(rng.integers(n)) if me is None else me
    partners = rng.random(n) < 0.8
    return make_view(
        n,
        me=me,
        step=step,
        received=dict(enumerate(rng.choice([-1, 0, 1], n).tolist())),
        trust=dict(enumerate(rng.random(n).tolist())),
        hostility=dict(enumerate(rng.choice([0, 0, 1, 2, 3, 4], n).tolist())),
        allies=[j for j in range(n) if rng.random() < 0.3],
        partners=partners,
        capacity=int(rng.integers(1, 6)),
        announced=dict(enumerate(rng.choice([0, 0, 1, 3, 6], n).tolist())),
        rng=np.random.default_rng(int(rng.integers(2**32))),
    )


def stack(views: list[View]) -> Views:
    """Several states' views (same step and states) as one bulk view, as the
    model builds it: per-state values in a sequence, rows in a matrix."""
    per_state = ("me", "budget", "capacity")
    rows = ("trust", "hostility", "ties", "allies", "partners", "received", "coerced", "announced")
    first = views[0]
    return Views(
        **{name: np.array([getattr(v, name) for v in views]) for name in per_state},
        **{name: np.stack([getattr(v, name) for v in views]) for name in rows},
        step=first.step,
        ids=first.ids,
        disposition=[v.disposition for v in views],
        capability=first.capability,
        catalogue=first.catalogue,
        rng=[v.rng for v in views],
    )


def towards(plan: list[Engagement], target: int) -> list[str]:
    return [kind for kind, j in plan if j == target]


def coercive(kinds) -> bool:
    return any(k in COERCIVE_KINDS for k in kinds)


def cooperative(kinds) -> bool:
    return any(k not in COERCIVE_KINDS for k in kinds)


# --------------------------------------------------------------------------
class TestPassive:
    def test_never_does_anything(self):
        s = make_strategy("passive")
        rng = np.random.default_rng(1)
        assert all(s.decide(random_view(rng, step)) == [] for step in range(1, 50))
        assert not s.classifier["coercive"]


class TestNonCoercive:
    def test_never_coerces_and_stays_within_capacity(self):
        s = make_strategy("noncoercive")
        rng = np.random.default_rng(2)
        for step in range(1, 200):
            view = random_view(rng, step)
            plan = s.decide(view)
            assert not coercive(k for k, _ in plan)
            assert len(plan) <= view.capacity
            assert all(view.partners[j] for _, j in plan)

    def test_reassures_the_most_pressing_rival_first(self):
        view = make_view(4, hostility={2: 3}, trust={2: 0.1, 3: 0.3}, capacity=2)
        plan = make_strategy("noncoercive").decide(view)
        assert [j for _, j in plan] == [2, 3]
        assert all(k in REASSURE for k, _ in plan)

    def test_ordinary_partners_get_ordinary_contact(self):
        plan = make_strategy("noncoercive").decide(make_view(3, trust={1: 0.8, 2: 0.8}))
        assert all(k in MAINTAIN for k, _ in plan)


class TestCoercive:
    def test_deters_rivals_engages_only_allies(self):
        s = make_strategy("coercive")
        rng = np.random.default_rng(3)
        deterred = engaged = 0
        for step in range(1, 300):
            view = random_view(rng, step)
            rivals = view.rivals()
            for kind, j in s.decide(view):
                if kind in COERCIVE_KINDS:
                    assert rivals[j]
                    deterred += 1
                else:
                    assert view.allies[j], "engaged a non-ally"
                    engaged += 1
        assert deterred and engaged  # both branches were exercised

    def test_a_deployment_where_hostility_is_high(self):
        view = make_view(3, hostility={1: 3, 2: 1})
        plan = make_strategy("coercive").decide(view)
        assert towards(plan, 1) == ["coercive_deployment"]
        assert towards(plan, 2) == ["show_of_force"]

    def test_leaves_trusted_neutrals_alone(self):
        plan = make_strategy("coercive").decide(make_view(3, trust={1: 0.8, 2: 0.8}))
        assert plan == []


class TestReciprocal:
    def play(self, strategy, script, n=3):
        """Feed ``script`` (what partner 1 did before each step) and return the
        kinds sent to partner 1 at each step."""
        return [
            towards(strategy.decide(make_view(n, step=t, received={1: r})), 1)
            for t, r in enumerate(script, start=1)
        ]

    def test_opens_cooperatively(self):
        plan = make_strategy("reciprocal").decide(make_view(4))
        assert len(plan) == 3 and not coercive(k for k, _ in plan)

    def test_answers_force_with_force_then_cooperation_with_cooperation(self):
        moves = self.play(make_strategy("reciprocal"), [0, -1, 0, 0, 1, 0])
        shows = [coercive(kinds) for kinds in moves]
        # step 2 answers the force; with nothing new it keeps its last move;
        # after cooperation it cooperates again
        assert shows == [False, True, True, True, False, False]
        assert all(len(kinds) == 1 for kinds in moves)

    def test_each_partner_is_answered_separately(self):
        s = make_strategy("reciprocal")
        plan = s.decide(make_view(3, received={1: -1, 2: 1}))
        assert coercive(towards(plan, 1)) and not coercive(towards(plan, 2))

    def test_memory_is_one_step(self):
        assert STRATEGIES["reciprocal"].classifier["memory"] == 1


class TestGenerousReciprocal:
    def test_forgives_at_about_its_rate(self):
        """Over 4000 coerced decisions the share forgiven is within 0.03 of
        ``generosity`` (4 standard errors of a binomial share near 1/3)."""
        rng = np.random.default_rng(5)
        for generosity in (1 / 3, 0.7):
            forgiven = 0
            for _ in range(4000):
                s = make_strategy({"name": "generous_reciprocal", "generosity": generosity})
                plan = s.decide(make_view(2, received={1: -1}, rng=rng))
                forgiven += not coercive(towards(plan, 1))
            assert forgiven / 4000 == pytest.approx(generosity, abs=0.03)

    @pytest.mark.parametrize(("generosity", "answers_force"), [(0.0, True), (1.0, False)])
    def test_extremes(self, generosity, answers_force):
        s = make_strategy({"name": "generous_reciprocal", "generosity": generosity})
        rng = np.random.default_rng(6)
        for step in range(1, 30):
            plan = s.decide(make_view(2, step=step, received={1: -1}, rng=rng))
            assert coercive(towards(plan, 1)) == answers_force

    def test_otherwise_a_reciprocal(self):
        s = make_strategy("generous_reciprocal")
        assert not coercive(k for k, _ in s.decide(make_view(3)))
        assert STRATEGIES["generous_reciprocal"].classifier["stochastic"]


class TestGrit:
    def rival_view(self, step, received, announced=2):
        """Partner 1 is a rival; by default an initiative announced to it is
        under way (so the plan holds the initiatives only)."""
        return make_view(
            3,
            step=step,
            received={1: received},
            hostility={1: 2},
            trust={1: 0.2},
            announced={1: announced},
        )

    def test_initiatives_climb_the_ladder_as_the_rival_reciprocates(self):
        s = make_strategy({"name": "grit", "step": 0.2})
        kinds = [towards(s.decide(self.rival_view(t, 1 if t > 1 else 0)), 1) for t in range(1, 8)]
        assert kinds == [[k] for k in LADDER] + [[LADDER[-1]]]

    def test_initiatives_go_on_unreturned_without_growing(self):
        s = make_strategy({"name": "grit", "step": 0.2})
        kinds = [towards(s.decide(self.rival_view(t, 0)), 1) for t in range(1, 6)]
        assert kinds == [[LADDER[0]]] * 5

    def test_answers_force_and_keeps_up_the_initiative(self):
        s = make_strategy({"name": "grit", "step": 0.2})
        s.decide(self.rival_view(1, 0))
        s.decide(self.rival_view(2, 1))
        answer = towards(s.decide(self.rival_view(3, -1)), 1)
        assert answer == ["show_of_force", LADDER[1]]  # force answered, the climb kept

    def test_a_misread_act_is_not_answered_with_force(self):
        """Only real force is answered: a friendly act the state misread as
        hostile (received -1, not coerced) gets the initiative alone."""
        s = make_strategy({"name": "grit", "step": 0.2})
        view = dataclasses.replace(self.rival_view(1, -1), coerced=np.zeros(3, dtype=bool))
        assert towards(s.decide(view), 1) == [LADDER[0]]

    def test_announces_to_a_rival_with_no_initiative_pending(self):
        """Osgood's GRIT: the series is announced before it starts. A rival
        with nothing pending gets the announcement first, then the initiative;
        one with an initiative under way gets the initiative alone."""
        for pending, expected in ((0, ["announcement", LADDER[0]]), (1, [LADDER[0]])):
            plan = make_strategy("grit").decide(self.rival_view(1, 0, announced=pending))
            assert towards(plan, 1) == expected
        # two rivals, one with an initiative under way: only the other hears an announcement
        view = make_view(3, hostility={1: 2, 2: 1}, trust={1: 0.2, 2: 0.3}, announced={1: 0, 2: 4})
        plan = make_strategy("grit").decide(view)
        assert ("announcement", 1) in plan and ("announcement", 2) not in plan
        assert towards(plan, 2) == [LADDER[0]]

    def test_never_announces_to_friends(self):
        """Announcements are for rivals: ordinary partners only get upkeep."""
        rng = np.random.default_rng(8)
        s = make_strategy("grit")
        for step in range(1, 100):
            view = random_view(rng, step, n=6, me=0)
            rivals = view.rivals()
            for kind, j in s.decide(view):
                if kind == "announcement":
                    assert rivals[j] and view.announced[j] == 0

    def test_announcements_in_a_model(self):
        """In a run the model keeps the count of announced steps
        (``announced``): GRIT announces to a rival once, and again only after
        the announced steps have run out or were broken."""
        data = load_scenario("scenarios/rivals.yaml").raw
        data["states"][0]["strategy"] = "grit"
        data["variants"], data["events"], data["forums"] = {}, [], []
        m = DiplomacyModel(load_scenario(data), rng=3)
        grit = m.states_by_index[0]
        bor = m.ids.index("BOR")
        times = 0
        for _ in range(24):
            pending = int(m.announced[0, bor])
            rival = m.hostility[0, bor] > 0 or m.trust[0, bor] < RIVAL_TRUST  # as GRIT sees it
            plan = grit.decide()
            m.step()
            announced = ("announcement", bor) in m.establishments_by_index[0].done
            if rival:
                assert ("announcement", bor) in plan or pending > 0 or m.hostility[0, bor] >= 4
            assert not (announced and pending > 0)
            if announced:
                times += 1
                assert m.announced[0, bor] == m.params.announcement_steps
        assert times >= 1

    def test_ordinary_partners_get_upkeep(self):
        plan = make_strategy("grit").decide(make_view(3, trust={1: 0.8, 2: 0.8}))
        assert [k for k, _ in plan] and all(k in MAINTAIN for k, _ in plan)


class TestHedging:
    def test_shows_force_every_deter_every_steps_and_always_engages(self):
        for every in (2, 3, 5):
            s = make_strategy({"name": "hedging", "deter_every": every})
            shows = []
            for step in range(1, 16):
                plan = s.decide(make_view(3, step=step, hostility={1: 1}, trust={2: 0.8}))
                shows.append(coercive(towards(plan, 1)))
                assert cooperative(towards(plan, 1)) and not coercive(towards(plan, 2))
            assert shows == [step % every == 0 for step in range(1, 16)]


# --------------------------------------------------------------------------
# every built-in strategy
# --------------------------------------------------------------------------
@pytest.mark.parametrize("name", BUILT_IN)
def test_registered_with_classifier_and_source(name):
    cls = STRATEGIES[name]
    assert cls.name == name
    assert set(cls.classifier) >= {"coercive", "reciprocal", "stochastic", "memory"}
    doc = " ".join(cls.__doc__.split())
    # a source with its year; the null strategy only points at Axelrod's tournaments
    cited = any(str(year) in doc for year in range(1950, 2030)) or "Axelrod" in doc
    assert cited, "docstring cites no source"
    uses_force = False
    rng = np.random.default_rng(7)
    s = make_strategy(name)
    for step in range(1, 150):
        view = random_view(rng, step, n=6, me=2)
        plan = s.decide(view)
        for kind, j in plan:
            assert DEFAULT_ACTIONS[kind].mode == "bilateral"
            assert isinstance(j, int) and j != view.me and view.partners[j]
            uses_force |= kind in COERCIVE_KINDS
    assert uses_force == cls.classifier["coercive"]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), name=st.sampled_from(BUILT_IN))
def test_clones_replay_identically(seed, name):
    """Two clones fed the same views (and same-seeded generators) make the same plans."""
    original = make_strategy(name)
    original.decide(random_view(np.random.default_rng(seed), 1, n=5, me=0))  # give it memory
    a, b = original.clone(), original.clone()
    assert a is not b and a.spec() == b.spec() == original.spec()
    views = np.random.default_rng(seed + 1)
    for step in range(1, 12):
        view = random_view(views, step, n=5, me=0)
        # the same view, each with its own generator seeded alike
        view_a = dataclasses.replace(view, rng=np.random.default_rng([seed, step]))
        view_b = dataclasses.replace(view, rng=np.random.default_rng([seed, step]))
        assert a.decide(view_a) == b.decide(view_b)


def test_a_clone_has_no_memory():
    s = make_strategy("reciprocal")
    s.decide(make_view(2, received={1: -1}))
    assert coercive(towards(s.decide(make_view(2, step=2)), 1))  # remembers
    assert not coercive(towards(s.clone().decide(make_view(2, step=2)), 1))


# --------------------------------------------------------------------------
# one state's decision is its row of the bulk decision
# --------------------------------------------------------------------------
def random_player(name: str, rng: np.random.Generator) -> Strategy:
    """A strategy with each of its parameters drawn within its range (states
    playing one strategy may tune it differently)."""
    values = {
        pname: (
            int(rng.integers(param.low, param.high + 1))
            if isinstance(param.default, int)
            else float(rng.uniform(param.low, param.high))
        )
        for pname, param in STRATEGIES[name].parameters.items()
    }
    return make_strategy({"name": name, **values})


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("name", BUILT_IN)
def test_decide_is_the_row_of_decide_all(name, seed):
    """Over ten steps of random views, each state's ``decide(view)`` equals
    its row of ``decide_all`` for a batch of states (any subset, in any
    order, with their own parameters and memories): what the model asks in
    bulk is what each state would choose alone."""
    rng = np.random.default_rng([seed, BUILT_IN.index(name)])
    n = int(rng.integers(2, 9))
    batch = rng.permutation(n)[: int(rng.integers(1, n + 1))]
    alone = {int(k): random_player(name, rng) for k in batch}
    together = {k: s.clone() for k, s in alone.items()}
    for step in range(1, 11):
        views = [random_view(rng, step, n=n, me=int(k)) for k in batch]
        seeds = rng.integers(2**32, size=len(batch)).tolist()  # each state's generator, twice
        bulk = stack(
            [
                dataclasses.replace(v, rng=np.random.default_rng(x))
                for v, x in zip(views, seeds, strict=True)
            ]
        )
        plan = STRATEGIES[name].decide_all([together[int(k)] for k in batch], bulk)
        assert isinstance(plan, Plan) and plan.kinds.shape == plan.targets.shape
        assert plan.kinds.shape[0] == len(batch)
        for r, (k, view) in enumerate(zip(batch.tolist(), views, strict=True)):
            single = dataclasses.replace(view, rng=np.random.default_rng(seeds[r]))
            assert alone[k].decide(single) == plan.engagements(r), f"state {k}, step {step}"
            # padding is whole: a place with no target has no kind either
            assert ((plan.kinds[r] < 0) == (plan.targets[r] < 0)).all()


@pytest.mark.parametrize("scenario", ["rivals", "regional", "blocs"])
def test_the_model_decides_for_each_state_what_it_would_alone(scenario):
    """In a running model, ``model.decide_all()`` (states grouped by strategy
    class) gives each state the plan that ``State.decide()`` gives it alone,
    from a copy of the same world."""
    m = DiplomacyModel(load_scenario(f"scenarios/{scenario}.yaml"), rng=5)
    for _ in range(12):
        # deciding changes strategies' memories and draws: ask copies, step the original
        plan = copy.deepcopy(m).decide_all()
        twin = copy.deepcopy(m)
        for state in twin.states_by_index:
            assert state.decide() == plan.engagements(state.index), (state.sid, m.steps)
        m.step()


# --------------------------------------------------------------------------
# the registry
# --------------------------------------------------------------------------
class TestRegistry:
    def make(self, name="test_x", doc="Does x. Source: a test.", classifier=None):
        attrs = {
            "name": name,
            "__doc__": doc,
            "classifier": classifier
            if classifier is not None
            else {"coercive": False, "reciprocal": False, "stochastic": False, "memory": 0},
            "decide": lambda self, view: [],
        }
        return type("X", (Strategy,), attrs)

    def test_refuses_a_class_without_docstring(self):
        with pytest.raises(ValueError, match="docstring"):
            register_strategy(self.make(doc=None))
        with pytest.raises(ValueError, match="docstring"):
            register_strategy(self.make(doc="   "))

    def test_refuses_an_incomplete_classifier(self):
        with pytest.raises(ValueError, match="memory"):
            register_strategy(
                self.make(classifier={"coercive": 0, "reciprocal": 0, "stochastic": 0})
            )

    def test_refuses_a_name_clash(self):
        with pytest.raises(ValueError, match="already registered"):
            register_strategy(self.make(name="grit"))
        assert STRATEGIES["grit"].__name__ == "Grit"

    @pytest.mark.parametrize("name", ["", "two words", "dash-ed"])
    def test_refuses_a_bad_name(self, name):
        with pytest.raises(ValueError, match="must be a word"):
            register_strategy(self.make(name=name))

    def test_refuses_what_is_not_a_strategy(self):
        with pytest.raises(ValueError, match="not a subclass"):
            register_strategy(object)

    def test_parameters_are_checked(self):
        with pytest.raises(ValueError, match="no parameter 'size'"):
            make_strategy({"name": "grit", "size": 1})
        with pytest.raises(ValueError, match="out of range"):
            make_strategy({"name": "hedging", "deter_every": 100})
        with pytest.raises(TypeError, match="no parameter"):
            STRATEGIES["grit"](size=1)
        assert make_strategy({"name": "grit", "step": 0.3}).step == 0.3

    def test_a_custom_strategy_runs_in_a_model(self):
        """A student's strategy writes only ``decide(view)``: the default
        ``decide_all`` asks each of its states in turn, and the allocator
        carries the plans out."""

        @register_strategy
        class AidGiver(Strategy):
            """Sends humanitarian assistance to its most pressing partner. Source: a test."""

            name = "test_aid_giver"
            classifier = {"coercive": False, "reciprocal": False, "stochastic": False, "memory": 0}

            def decide(self, view):
                return [
                    Engagement("humanitarian_assistance", int(j))
                    for j in view.most_pressing(view.partners, 1)
                ]

        try:
            data = load_scenario("scenarios/rivals.yaml").raw
            data["states"][1]["strategy"] = "test_aid_giver"  # BOR
            data["states"][2]["strategy"] = "test_aid_giver"  # CET
            data["variants"] = {}
            m = DiplomacyModel(load_scenario(data), rng=1)
            given = 0
            for _ in range(6):
                expected = {}
                for k in (1, 2):
                    view = m.states_by_index[k].view()
                    j = int(view.most_pressing(view.partners, 1)[0])
                    affordable = view.budget >= DEFAULT_ACTIONS["humanitarian_assistance"].cost
                    fighting = view.hostility[j] >= 4
                    expected[k] = [("humanitarian_assistance", j)] * (affordable and not fighting)
                m.step()
                for k in (1, 2):
                    assert m.establishments_by_index[k].done == expected[k]
                    given += len(expected[k])
            assert given >= 6  # BOR can afford it every month
            ts = m.datacollector.get_model_vars_dataframe()
            assert ts["actions_humanitarian_assistance"].sum() >= given
            assert m.trust_graph.nodes["BOR"]["strategy"] == "test_aid_giver"
        finally:
            STRATEGIES.pop("test_aid_giver", None)

    def test_a_strategy_must_say_how_it_decides(self):
        """A subclass with neither ``decide`` nor ``decide_all`` is refused when asked."""

        class Mute(Strategy):
            """Says nothing. Source: a test."""

            name = "test_mute"
            classifier = {"coercive": False, "reciprocal": False, "stochastic": False, "memory": 0}

        with pytest.raises(NotImplementedError, match="must define decide"):
            Mute().decide(make_view(2))

    @pytest.mark.parametrize(
        ("plan", "message"),
        [
            ([("charm_offensive", 1)], "of ALD asked for unknown action 'charm_offensive'; known:"),
            ([("regional_forum", 1)], "of ALD asked for 'regional_forum', which is not an action"),
            ([("csbm", 1), ("csbm", 7)], "of ALD targeted 7, not another state's index"),
            ([("csbm", 0)], "of ALD targeted 0, not another state's index"),  # itself
            ([("csbm", -1)], "of ALD targeted -1, not another state's index"),
            ([("csbm", "BOR")], "of ALD targeted 'BOR', not another state's index"),  # an id
        ],
    )
    def test_a_custom_strategy_asking_for_the_impossible_is_refused(self, plan, message):
        """Asking for an action that does not exist, a forum meeting (forums
        meet on their own schedule) or a partner that is not another state
        stops the run with a ValueError naming the strategy and the state."""

        @register_strategy
        class Cheat(Strategy):
            """Asks for what it cannot have. Source: a test."""

            name = "test_cheat"
            classifier = {"coercive": False, "reciprocal": False, "stochastic": False, "memory": 0}

            def decide(self, view):
                return [Engagement(kind, target) for kind, target in plan]

        try:
            data = load_scenario("scenarios/rivals.yaml").raw
            data["states"][0]["strategy"] = "test_cheat"
            data["variants"] = {}
            m = DiplomacyModel(load_scenario(data), rng=1)
            with pytest.raises(ValueError, match=message):
                m.step()
        finally:
            STRATEGIES.pop("test_cheat", None)
