"""Play: the Game API (views, submissions, turns), its refusals, replay from
the log, the debrief and the instructor's folder."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ddsim
from ddsim.core.model import DiplomacyModel
from ddsim.errors import InputError
from ddsim.experiments.jobs import replication_seed, tabulate
from ddsim.play import Game, PlayError, TeamStrategy, history, replay
from ddsim.play.debrief import OWN, built_in_strategies, debrief_scenario, make_debrief
from ddsim.play.focus import placed, placement
from ddsim.play.log import log_text
from ddsim.play.report import write_game_folder
from ddsim.scenarios import PACKAGED, Scenario, load_scenario

RIVALS = PACKAGED / "rivals.yaml"
REGIONAL = PACKAGED / "regional.yaml"


@pytest.fixture(scope="module")
def rivals() -> Scenario:
    return load_scenario(RIVALS)


def world(model: DiplomacyModel) -> list[bytes]:
    """Everything that makes the state of the world, as bytes."""
    arrays = (model.trust, model.hostility, model.ties, model.channels, model.capability)
    return [a.tobytes() for a in arrays]


def without_times(log: list[dict]) -> list[dict]:
    return [{k: v for k, v in e.items() if k != "at"} for e in log]


def write_log(game: Game, path):
    path.write_text(log_text(game.log), encoding="utf-8")
    return path


def snapshot(game: Game) -> tuple:
    """What a refused move must leave unchanged."""
    return (
        json.dumps(game.log),
        json.dumps(game.status()),
        game.state_digest(),
        repr(game._orders),
        game.model.steps,
    )


# --------------------------------------------------------------------------
# the model plays as in ddsim run
# --------------------------------------------------------------------------
@pytest.mark.parametrize("path", [RIVALS, REGIONAL], ids=["rivals", "regional"])
def test_a_game_without_teams_is_the_model(path):
    sc = load_scenario(path)
    game = Game(sc, {}, rng=11, turns=24)
    model = DiplomacyModel(sc, rng=11)
    for _ in range(24):
        game.advance()
    model.run_for(24)
    assert game.over
    assert world(game.model) == world(model)
    assert game.timeseries.to_csv() == tabulate(model, "class", 0).to_csv()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_teams_that_copy_their_strategies_give_the_models_trajectory(seed):
    """Each team submits what its state's strategy carried out in a model run
    with the same seed: the game follows that run to the byte."""
    sc = load_scenario(RIVALS)
    game = Game(sc, {"ALD": "team-a", "BOR": "team-b"}, rng=seed, turns=36)
    model = DiplomacyModel(sc, rng=seed)
    for _ in range(36):
        model.step()
        for sid, team in game.teams.items():
            done = model.establishments_by_index[model.ids.index(sid)].done
            game.submit(team, [(k, model.ids[j]) for k, j in done])
        game.advance()
        assert world(game.model) == world(model)
    assert game.timeseries.to_csv() == tabulate(model, "class", 0).to_csv()


def test_the_played_states_get_a_team_strategy(rivals):
    game = Game(rivals, {"BOR": "b"}, rng=1)
    strategies = {s.sid: s.strategy for s in game.model.states_by_index}
    assert isinstance(strategies["BOR"], TeamStrategy)
    assert strategies["ALD"].name == "noncoercive"
    assert "team" not in ddsim.STRATEGIES


def test_a_strategy_switch_for_a_played_state_is_dropped(rivals):
    data = copy.deepcopy(rivals.raw)
    data["events"] += [
        {"step": 2, "kind": "strategy", "state": "ALD", "strategy": "coercive"},
        {"step": 2, "kind": "strategy", "state": "CET", "strategy": "passive"},
    ]
    game = Game(Scenario.from_dict(data), {"ALD": "a"}, rng=3)
    for _ in range(3):
        game.advance()
    by_id = {s.sid: s for s in game.model.states_by_index}
    assert isinstance(by_id["ALD"].strategy, TeamStrategy)
    assert by_id["CET"].strategy.name == "passive"


# --------------------------------------------------------------------------
# views and options
# --------------------------------------------------------------------------
def test_the_view_is_what_the_strategy_gets(rivals, monkeypatch):
    """Budget (after this turn's forum dues), step and arrays: the team sees
    what a strategy deciding for its state would see."""
    seen = []
    decide = TeamStrategy.decide
    monkeypatch.setattr(TeamStrategy, "decide", lambda self, v: seen.append(v) or decide(self, v))
    game = Game(rivals, {"ALD": "a"}, rng=5, turns=14)
    for _ in range(14):
        view = game.view("a")
        game.advance()
        actual = seen[-1]
        assert (view.turn, view.budget, view.capacity) == (
            actual.step,
            actual.budget,
            actual.capacity,
        )
        assert view.view.step == actual.step and view.view.budget == actual.budget
    assert {v.budget for v in seen} == {5.0, 6.0}  # the forum meets at turns 1 and 13


def test_view_shows_the_fog_of_the_state(rivals):
    game = Game(rivals, {"ALD": "a", "BOR": "b"}, rng=2)
    game.submit("b", [("show_of_force", "ALD")])
    game.advance()
    view = game.view("a")
    bor = view.relation("BOR")
    assert bor.trust == game.model.trust[0, 1]  # ALD's trust in BOR, not BOR's in ALD
    assert bor.coerced and bor.received == "hostile"
    assert bor.hostility == game.model.hostility[0, 1]
    assert [r.id for r in view.relations] == ["BOR", "CET"]
    assert view.relation("CET").ally
    assert view.last_turn == []
    assert json.loads(json.dumps(view.to_dict()))["state"] == "ALD"


def test_a_view_does_not_change_when_the_game_goes_on(rivals):
    game = Game(rivals, {"ALD": "a"}, rng=2)
    view = game.view("a")
    before = view.view.hostility.copy(), view.view.trust.copy()
    game.inject_incident("ALD", "BOR", severity=2)
    game.advance()
    assert np.array_equal(view.view.hostility, before[0])
    assert np.array_equal(view.view.trust, before[1])
    assert not np.array_equal(game.view("a").view.hostility, before[0])


def test_options_list_the_choosable_actions_with_costs(rivals):
    game = Game(rivals, {"ALD": "a"}, rng=2)
    options = game.options("a")
    kinds = [a.kind for a in options.actions]
    assert "regional_forum" not in kinds and "csbm" in kinds
    assert dict((a.kind, a.cost) for a in options.actions)["staff_talks"] == 1
    assert [p.id for p in options.partners] == ["BOR", "CET"]
    assert (options.budget, options.capacity) == (5.0, 4)
    json.dumps(options.to_dict())


def test_news_tells_of_forums_and_incidents(rivals):
    game = Game(rivals, {"ALD": "a"}, rng=2)
    assert any("Northern Defence Dialogue" in n for n in game.view("a").news)
    game.advance()
    game.inject_incident("BOR", "CET", severity=2)
    assert any("incident between BOR and CET" in n for n in game.view("a").news)


# --------------------------------------------------------------------------
# submissions and turns
# --------------------------------------------------------------------------
def test_submissions_are_exactly_what_is_applied(rivals):
    game = Game(rivals, {"ALD": "a", "BOR": "b"}, rng=4)
    plan = [("csbm", "BOR"), ("staff_talks", "BOR"), ("personnel_exchange", "CET")]
    accepted = game.submit("a", plan, memo="reassure")
    result = game.advance()
    assert result["applied"]["ALD"] == accepted == [{"kind": k, "partner": p} for k, p in plan]
    done = game.model.establishments_by_index[0].done
    assert done == [("csbm", 1), ("staff_talks", 1), ("personnel_exchange", 2)]
    assert result["applied"]["BOR"] == [] and result["missing"] == ["b"]
    assert game.model.step_actions["csbm"] == 1


def test_a_second_submission_replaces_the_first(rivals):
    game = Game(rivals, {"ALD": "a"}, rng=4)
    game.submit("a", [("show_of_force", "BOR")], memo="first")
    game.submit("a", [("staff_talks", "BOR")], memo="second thoughts")
    assert game.view("a").submitted == [{"kind": "staff_talks", "partner": "BOR"}]
    result = game.advance()
    assert result["applied"]["ALD"] == [{"kind": "staff_talks", "partner": "BOR"}]
    submits = [e for e in game.log if e["event"] == "submit"]
    assert [e["replaces"] for e in submits] == [False, True]
    assert history.memos(game)["a"] == [
        {
            "turn": 1,
            "memo": "second thoughts",
            "submitted": True,
            "engagements": [{"kind": "staff_talks", "partner": "BOR"}],
            "incidents": [],
        }
    ]


def test_a_team_that_does_not_submit_does_nothing(rivals):
    game = Game(rivals, {"ALD": "a"}, rng=4)
    game.advance()
    assert game.model.establishments_by_index[0].done == []
    assert history.memos(game)["a"][0]["submitted"] is False


def test_the_game_ends_after_its_turns(rivals):
    game = Game(rivals, {"ALD": "a"}, rng=4, turns=2)
    game.advance()
    assert not game.over and game.status()["waiting"] == ["a"]
    game.advance()
    assert game.over and game.turn == 3 and game.log[-1]["event"] == "end"
    assert game.status() == {
        "turn": 3,
        "turns": 2,
        "over": True,
        "paused": False,
        "submitted": [],
        "waiting": [],
    }


def test_pause_and_resume(rivals):
    game = Game(rivals, {"ALD": "a"}, rng=4)
    game.pause()
    with pytest.raises(PlayError, match="paused"):
        game.advance()
    game.resume()
    game.advance()
    assert [e["event"] for e in game.log] == ["start", "pause", "resume", "advance"]


def test_an_injected_incident_raises_hostility_when_the_turn_is_played(rivals):
    a = Game(rivals, {"ALD": "a"}, rng=8)
    b = Game(rivals, {"ALD": "a"}, rng=8)
    a.inject_incident("BOR", "CET", severity=3)
    assert a.model.hostility[1, 2] == 0  # not before the turn is played
    a.advance()
    b.advance()
    assert a.model.hostility[1, 2] >= 3 > b.model.hostility[1, 2]
    assert a.timeseries["incidents"].iloc[-1] >= 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), seed=st.integers(0, 1000))
def test_budgets_are_never_overspent(data, seed):
    """Whatever teams try, a refused submission changes nothing, an accepted
    one is carried out exactly, and no state spends more than its budget."""
    sc = load_scenario(RIVALS)
    game = Game(sc, {"ALD": "a", "CET": "c"}, rng=seed, turns=6)
    kinds = [*game.model.catalogue, "bribe"]
    ids = [*game.model.ids, "ZZZ"]
    while not game.over:
        for team in ("a", "c"):
            plan = data.draw(
                st.lists(st.tuples(st.sampled_from(kinds), st.sampled_from(ids)), max_size=6)
            )
            before = snapshot(game)
            try:
                accepted = game.submit(team, plan)
            except PlayError:
                assert snapshot(game) == before
                continue
            assert accepted == [{"kind": k, "partner": p} for k, p in plan]
        wanted = {t: game.view(t).submitted or [] for t in ("a", "c")}
        result = game.advance()
        for sid, team in game.teams.items():
            assert result["applied"][sid] == wanted[team]
        for est in game.model.establishments_by_index:
            assert est.spent <= est.state.budget
            assert len(est.done) <= est.state.capacity


# --------------------------------------------------------------------------
# refusals: one line, nothing changed
# --------------------------------------------------------------------------
REFUSALS = {
    "over-budget": (dict(engagements=[("joint_exercise", "BOR"), ("csbm", "BOR")]), "over budget"),
    "over-capacity": (
        dict(
            engagements=[(k, "BOR") for k in ("staff_talks", "csbm", "personnel_exchange")]
            + [("staff_talks", "CET"), ("csbm", "CET")]
        ),
        "at most 4",
    ),
    "unknown-action": (dict(engagements=[("bribe", "BOR")]), "unknown action 'bribe'"),
    "misspelt-action": (
        dict(engagements=[("staff_talk", "BOR")]),
        "unknown action 'staff_talk'; did you mean 'staff_talks'",
    ),
    "forum-action": (dict(engagements=[("regional_forum", "BOR")]), "only when a forum meets"),
    "unknown-partner": (dict(engagements=[("csbm", "XYZ")]), "unknown partner 'XYZ'"),
    "misspelt-partner": (dict(engagements=[("csbm", "BRO")]), "did you mean 'BOR'"),
    "itself": (dict(engagements=[("csbm", "ALD")]), "cannot engage itself"),
    "twice": (dict(engagements=[("csbm", "BOR"), ("csbm", "BOR")]), "listed twice"),
    "not-a-pair": (dict(engagements=[("csbm",)]), "pair"),
    "index-not-id": (dict(engagements=[("csbm", 1)]), "named by text"),
    "a-string": (dict(engagements="csbm BOR"), "list of"),
    "bad-keys": (dict(engagements=[{"kind": "csbm", "to": "BOR"}]), "keys kind and partner"),
    "unknown-team": (dict(team="team-z"), "unknown team 'team-z'"),
    "another-state": (dict(state="BOR"), "plays ALD, not 'BOR'"),
    "closed-turn": (dict(turn=0), "turn 0 has closed"),
    "future-turn": (dict(turn=2), "turn 1 is open"),
    "memo-too-long": (dict(memo="x" * 5000), "at most 4000"),
    "memo-not-text": (dict(memo=3), "must be text"),
}


@pytest.mark.parametrize("case", list(REFUSALS), ids=list(REFUSALS))
def test_a_submission_that_breaks_a_rule_is_refused_and_changes_nothing(rivals, case):
    changes, message = REFUSALS[case]
    game = Game(rivals, {"ALD": "a", "BOR": "b"}, rng=4)
    game.submit("a", [("staff_talks", "BOR")], memo="standing")
    before = snapshot(game)
    args = {"team": "a", "engagements": [("csbm", "BOR")], "memo": "", **changes}
    with pytest.raises(PlayError, match=message) as refused:
        game.submit(**args)
    assert isinstance(refused.value, InputError)
    assert "\n" not in str(refused.value)
    assert snapshot(game) == before
    assert game.advance()["applied"]["ALD"] == [{"kind": "staff_talks", "partner": "BOR"}]


@pytest.mark.parametrize(("severity", "level"), [(2, "use of force"), (3, "war")])
def test_peacetime_cooperation_with_a_state_one_fights_is_refused(rivals, severity, level):
    """An incident this turn brings ALD and BOR (MID 2) to use of force or
    war: visits, exchanges, exercises and announcements with BOR are refused,
    as the model would drop them; crisis channels, coercion and cooperation
    with others are accepted and carried out."""
    game = Game(rivals, {"ALD": "a"}, rng=4)
    game.inject_incident("ALD", "BOR", severity=severity)
    before = snapshot(game)
    for kind in ("staff_talks", "high_level_visit", "announcement", "joint_exercise"):
        with pytest.raises(PlayError, match=f"{kind} with BOR: ALD and BOR are at {level}"):
            game.submit("a", [("csbm", "BOR"), (kind, "BOR")])
        assert snapshot(game) == before
    plan = [("csbm", "BOR"), ("show_of_force", "BOR"), ("staff_talks", "CET")]
    accepted = game.submit("a", plan)
    result = game.advance()
    assert result["applied"]["ALD"] == accepted
    assert result["dropped"] == {"ALD": []}


def test_an_incident_after_the_submission_drops_what_the_fighting_stops(rivals):
    """An incident the instructor adds after a team submitted can start the
    fighting: the turn is played, the staff talks with the enemy are not
    carried out (``dropped``, and the team reads it in its news), the rest is,
    and the log replays."""
    game = Game(rivals, {"ALD": "a"}, rng=4)
    game.submit("a", [("staff_talks", "BOR"), ("csbm", "BOR"), ("staff_talks", "CET")])
    game.inject_incident("ALD", "BOR", severity=2)
    result = game.advance()
    assert result["applied"]["ALD"] == [
        {"kind": "csbm", "partner": "BOR"},
        {"kind": "staff_talks", "partner": "CET"},
    ]
    assert result["dropped"]["ALD"] == [{"kind": "staff_talks", "partner": "BOR"}]
    assert game.log[-1]["dropped"] == result["dropped"]
    view = game.view("a")
    assert any("your staff_talks with it was not carried out" in n for n in view.news)
    assert view.last_turn == result["applied"]["ALD"]
    assert replay(game.log).state_digest() == game.state_digest()


def test_a_team_sees_the_initiatives_it_announced(rivals):
    """After an announcement to BOR the team's view counts the turns still
    owed (``Relation.announced``) and its news says how to keep its word; a
    conciliatory act keeps it (one turn less), a turn without one breaks it."""
    game = Game(rivals, {"ALD": "a"}, rng=4)
    steps = int(game.model.params.announcement_steps)
    game.submit("a", [("announcement", "BOR"), ("csbm", "BOR")])
    game.advance()
    view = game.view("a")
    assert view.relation("BOR").announced == steps and view.relation("CET").announced == 0
    assert any(f"conciliatory steps to BOR: {steps} to go" in n for n in view.news)
    game.submit("a", [("staff_talks", "BOR")])
    game.advance()
    assert game.view("a").relation("BOR").announced == steps - 1
    game.advance()  # nothing submitted: the announcement is broken
    view = game.view("a")
    assert view.relation("BOR").announced == 0
    assert not any("conciliatory steps" in n for n in view.news)


def test_a_submission_after_the_turn_closed_is_refused(rivals):
    game = Game(rivals, {"ALD": "a"}, rng=4)
    turn = game.view("a").turn
    game.advance()
    before = snapshot(game)
    with pytest.raises(PlayError, match="turn 1 has closed; turn 2 is open"):
        game.submit("a", [("csbm", "BOR")], turn=turn)
    assert snapshot(game) == before


@pytest.mark.parametrize("move", ["submit", "advance", "incident", "pause", "end"])
def test_nothing_is_accepted_after_the_game_ended(rivals, move):
    game = Game(rivals, {"ALD": "a"}, rng=4, turns=1)
    game.advance()
    before = snapshot(game)
    with pytest.raises(PlayError, match="over"):
        {
            "submit": lambda: game.submit("a", []),
            "advance": game.advance,
            "incident": lambda: game.inject_incident("ALD", "BOR"),
            "pause": game.pause,
            "end": game.end,
        }[move]()
    assert snapshot(game) == before


def test_check_refuses_as_submit_does_and_records_nothing(rivals):
    game = Game(rivals, {"ALD": "a"}, rng=4)
    assert game.check("a", [("csbm", "BOR")]) == [{"kind": "csbm", "partner": "BOR"}]
    with pytest.raises(PlayError, match="over budget"):
        game.check("a", [("joint_exercise", "BOR"), ("csbm", "CET")])
    assert [e["event"] for e in game.log] == ["start"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(teams={"XYZ": "a"}), "unknown state 'XYZ'"),
        (dict(teams={"ALD": "a", "BOR": "a"}), "plays both ALD and BOR"),
        (dict(teams={"ALD": ""}), "printable name"),
        (dict(teams={"ALD": "a/b"}), "no / or"),
        (dict(teams=["ALD"]), "map state ids"),
        (dict(rng=np.random.default_rng(1)), "whole number"),
        (dict(rng=-1), "whole number"),
        (dict(turns=0), "turns must be"),
        (dict(turns=241), "turns must be"),
    ],
)
def test_a_game_that_cannot_be_set_up_is_refused(rivals, kwargs, message):
    args = {"teams": {"ALD": "a"}, **kwargs}
    with pytest.raises(PlayError, match=message):
        Game(rivals, **args)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ALD", "ALD"), "two different states"),
        (("ALD", "XYZ"), "unknown state"),
        (("ALD", "BOR", 6), "severity"),
    ],
)
def test_a_bad_incident_is_refused(rivals, args, message):
    game = Game(rivals, {"ALD": "a"}, rng=4)
    before = snapshot(game)
    with pytest.raises(PlayError, match=message):
        game.inject_incident(*args)
    assert snapshot(game) == before


# --------------------------------------------------------------------------
# the log and replay
# --------------------------------------------------------------------------
def play_a_game(sc: Scenario, seed: int = 21) -> Game:
    game = Game(sc, {"ALD": "team-a", "BOR": "team-b"}, rng=seed, turns=10)
    rng = np.random.default_rng(seed)
    kinds = [a.kind for a in game.options("team-a").actions]
    for turn in range(1, 11):
        for team in ("team-a", "team-b"):
            if rng.random() < 0.2:
                continue  # this team misses the turn
            options = game.options(team)
            partner = options.partners[int(rng.integers(len(options.partners)))].id
            kind = kinds[int(rng.integers(len(kinds)))]
            try:
                game.submit(team, [(kind, partner)], memo=f"turn {turn}: {kind}")
            except PlayError:
                game.submit(team, [], memo="nothing we can afford")
            if rng.random() < 0.2:
                game.submit(team, [("staff_talks", partner)], memo="changed our minds")
        if turn == 4:
            game.inject_incident("ALD", "BOR", severity=2)
        if turn == 6:
            game.pause()
            game.resume()
        game.advance()
    return game


def test_replay_gives_the_same_trajectory_to_the_byte(rivals, tmp_path):
    game = play_a_game(rivals)
    path = write_log(game, tmp_path / "log.jsonl")
    for source in (game.log, path, str(path)):
        again = replay(source)
        assert world(again.model) == world(game.model)
        assert again.timeseries.to_csv() == game.timeseries.to_csv()
        assert without_times(again.log) == without_times(game.log)


def test_the_log_is_json_lines(rivals, tmp_path):
    game = play_a_game(rivals)
    lines = write_log(game, tmp_path / "log.jsonl").read_text().splitlines()
    events = [json.loads(line) for line in lines]
    assert events == json.loads(json.dumps(game.log))
    assert {e["event"] for e in events} == {
        "start",
        "submit",
        "incident",
        "pause",
        "resume",
        "advance",
        "end",
    }
    assert events[0]["scenario"] == rivals.raw


def test_a_log_that_does_not_replay_is_refused(rivals, tmp_path):
    """The tampering must change the world: the submission that counts in
    the first turn a team submitted gets a show of force against the other
    team's state if it had none, and loses everything if it had one. A show
    of force is never misread and never dropped, and always adds to the
    target's memory of force received, which the state's digest holds."""
    game = play_a_game(rivals)
    log = copy.deepcopy(game.log)
    first = next(e for e in log if e["event"] == "submit")
    counts = [
        e
        for e in log
        if e["event"] == "submit" and (e["team"], e["turn"]) == (first["team"], first["turn"])
    ][-1]
    force = {"kind": "show_of_force", "partner": "BOR" if counts["state"] == "ALD" else "ALD"}
    counts["engagements"] = [] if force in counts["engagements"] else [force]
    with pytest.raises(PlayError, match=f"turn {first['turn']} ends in another state"):
        replay(log)
    # An announcement to BOR instead of CET: an announcement weighs nothing as
    # evidence, so the two worlds differ only in whom an initiative is owed
    # (``announced``), which the digest holds too (with seed 4 nothing else differs).
    game = Game(rivals, {"ALD": "a"}, rng=4, turns=1)
    game.submit("a", [("announcement", "CET")])
    game.advance()
    log = copy.deepcopy(game.log)
    log[1]["engagements"] = [{"kind": "announcement", "partner": "BOR"}]
    with pytest.raises(PlayError, match="turn 1 ends in another state"):
        replay(log)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n")
    with pytest.raises(PlayError, match=r"bad\.jsonl:1: not JSON"):
        replay(bad)
    with pytest.raises(PlayError, match="must begin with a 'start' event"):
        replay(game.log[1:])
    with pytest.raises(PlayError, match="no such file"):
        replay(tmp_path / "missing.jsonl")


# --------------------------------------------------------------------------
# the debrief and the instructor's folder
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def played(rivals):
    game = play_a_game(rivals)
    return game, make_debrief(game, 4)


def test_the_debrief_runs_every_group_on_the_same_seeds(played):
    game, debrief = played
    assert debrief.groups == [OWN, *built_in_strategies()]
    summary = debrief.results.summary
    assert len(summary) == 4 * len(debrief.groups)
    for _, runs in summary.groupby("variant"):
        assert list(runs["seed"]) == [replication_seed(game.seed, k) for k in range(4)]
    assert debrief.results.timeseries["step"].max() == game.played_turns


def test_the_debrief_places_the_class_among_the_runs(played):
    _, debrief = played
    t = debrief.table
    assert ((t["war_low"] <= t["war_probability"]) & (t["war_probability"] <= t["war_high"])).all()
    assert t["runs"].eq(4).all()
    summary = debrief.results.summary
    for outcome in ("pair_hostility", "mean_hostility", "final_mean_trust"):
        mine = debrief.path_summary[outcome]
        where = debrief.placements[outcome]
        assert where["below"] == pytest.approx(100 * (summary[outcome] < mine).mean())
        assert where["equal"] == pytest.approx(100 * (summary[outcome] == mine).mean())
        assert sum(where.values()) == pytest.approx(100)
    text = "\n".join(debrief.headline())
    assert "You played 10 turns" in text and "noncoercive" in text and "above" not in text
    json.dumps(debrief.to_dict())


def test_the_debrief_leads_with_the_played_pair(played):
    """Its first numbers are the hostility and trust between ALD and BOR,
    in the class's game and in each run (checked against a model run by
    hand); every pair of the scenario comes last."""
    game, debrief = played
    assert debrief.focus == "ALD-BOR"
    lines = debrief.headline()
    assert lines[1].startswith("Hostility ALD-BOR") and lines[2].startswith("Trust ALD-BOR")
    assert lines[-1].startswith("All pairs of the scenario")
    # the class's own path, turn by turn, from the game's model
    path = debrief.path.set_index("step")
    assert path["mean_hostility"].tolist() == game.timeseries["mean_hostility"].tolist()
    assert path.loc[game.played_turns, "pair_hostility"] == game.model.hostility[0, 1]
    # one run of the scenario group, by hand
    sc = debrief_scenario(game)
    model = DiplomacyModel(sc, rng=replication_seed(game.seed, 0), variant=OWN)
    levels = []
    for _ in range(game.played_turns):
        model.step()
        levels.append(int(model.hostility[0, 1]))
    run = debrief.results.summary.query("variant == @OWN and replication == 0").iloc[0]
    assert run["pair_hostility"] == pytest.approx(np.mean(levels))
    trust = (model.trust[0, 1] + model.trust[1, 0]) / 2
    assert run["final_pair_trust"] == pytest.approx(trust)


def test_the_debrief_says_the_incidents_and_the_missed_turns(played):
    game, debrief = played
    assert debrief.incidents == {4: ["ALD-BOR +2"]}
    log_missing = {e["turn"]: e["missing"] for e in game.log if e["event"] == "advance"}
    assert debrief.missed == {t: m for t, m in log_missing.items() if m}
    assert "turn 4: ALD-BOR +2" in "\n".join(debrief.headline())


def test_ties_are_said_as_ties():
    """224 of 400 runs at no hostility, the class too: not 'above 28%'."""
    runs = [0.0] * 224 + [0.5] * 176
    where = placement(runs, 0.0)
    assert where == {"below": 0.0, "equal": 56.0, "above": 44.0}
    text = placed("Hostility ALD-BOR", 0.0, where, 400)
    assert "higher than in 0% of the 400 runs" in text
    assert "the same as in 56%" in text and "lower than in 44%" in text
    assert "the same as" not in placed("x", 0.7, placement(runs, 0.7), 400)


def test_with_several_teams_each_state_is_placed_on_its_own():
    sc = load_scenario(REGIONAL)
    teams = {"OST": "t1", "VAR": "t2", "DRV": "t3"}
    game = Game(sc, teams, rng=5, turns=2)
    game.submit("t1", [("show_of_force", "VAR")])
    game.advance()
    game.advance()
    debrief = make_debrief(game, 2)
    assert debrief.focus == "OST, VAR, DRV among themselves"
    lines = debrief.headline()
    for sid in teams:
        assert any(line.startswith(f"{sid}'s hostility with the others") for line in lines)
        assert f"hostility_{sid}" in debrief.results.summary


def test_the_debrief_scenario_plays_each_strategy_and_keeps_the_incidents(played):
    game, _ = played
    sc = debrief_scenario(game)
    assert sc.steps == 10
    assert [e.step for e in sc.events if e.kind == "incident"] == [4]  # rivals' step 60 is beyond
    grit = sc.variant("grit")
    assert {s.id: s.strategy for s in grit.states if s.id in game.teams} == {
        "ALD": "grit",
        "BOR": "grit",
    }
    assert sc.variant(OWN).states == load_scenario(RIVALS).states


def test_a_variant_is_played_and_debriefed_as_such(rivals):
    game = Game(rivals, {"BOR": "b"}, rng=3, variant="deterrence", turns=2)
    assert game.model.states_by_index[0].strategy.name == "coercive"
    game.advance()
    sc = debrief_scenario(game)
    assert sc.variant(OWN).states[0].strategy == "coercive"
    assert sc.variant("noncoercive").states[1].strategy == "noncoercive"
    assert sc.variant("noncoercive").states[0].strategy == "coercive"
    assert replay(game.log).state_digest() == game.state_digest()


def test_no_debrief_before_a_turn_is_played(rivals):
    with pytest.raises(PlayError, match="at least one turn"):
        make_debrief(Game(rivals, {"ALD": "a"}, rng=1), 2)


def test_the_instructors_folder(played, tmp_path):
    game, debrief = played
    out = write_game_folder(game, debrief, tmp_path / "game")
    names = {p.name for p in out.iterdir()}
    assert {"log.jsonl", "memos", "debrief.html", "manifest.json", "timeseries.csv"} <= names
    assert {"debrief_war.png", "debrief_placement.png", "debrief_pair_hostility.png"} <= names
    assert sorted(p.name for p in (out / "memos").iterdir()) == ["team-a.md", "team-b.md"]
    memos = (out / "memos" / "team-a.md").read_text()
    assert "## Turn 10" in memos and "turn 1:" in memos
    html = (out / "debrief.html").read_text()
    assert html.count("data:image/png;base64,") == 5
    assert "Incident this turn (no one's decision):* ALD-BOR +2" in memos
    assert "incident (no one's decision): ALD-BOR +2" in html
    assert 'src="http' not in html and "<link" not in html
    assert "You played 10 turns" in html
    assert replay(out / "log.jsonl").state_digest() == game.state_digest()


def test_memos_are_escaped_in_the_debrief(rivals, tmp_path):
    game = Game(rivals, {"ALD": "a"}, rng=1, turns=1)
    game.submit("a", [], memo="<script>alert(1)</script>")
    game.advance()
    html = (
        write_game_folder(game, make_debrief(game, 2), tmp_path / "g") / "debrief.html"
    ).read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_game_is_exported():
    assert ddsim.Game is Game


# --------------------------------------------------------------------------
# the worked example of lesson 4
# --------------------------------------------------------------------------
EXAMPLE = PACKAGED.parents[2] / "docs" / "teaching" / "play_example"


def test_the_worked_example_replays():
    """If the model changed, run ``python docs/teaching/play_example.py`` again."""
    game = replay(EXAMPLE / "log.jsonl")
    assert game.over and game.played_turns == 10
    assert sorted(p.name for p in (EXAMPLE / "memos").iterdir()) == [
        "team-aldoria.md",
        "team-borea.md",
    ]


def test_the_lesson_quotes_the_worked_examples_debrief():
    import pandas as pd

    table = pd.read_csv(EXAMPLE / "debrief.csv").set_index("group")
    lesson = (EXAMPLE.parent / "lesson_4_play.md").read_text(encoding="utf-8")
    for group in table.index:
        row = table.loc[group]
        quoted = (
            f"{row.war_probability:.0%} ({100 * row.war_low:.0f}–{100 * row.war_high:.0f}%) "
            f"| {row.pair_hostility:.2f} | {row.final_pair_trust:.2f} |"
        )
        assert quoted in lesson, quoted


def test_the_debrief_figures_are_readable_when_projected(played):
    """Every letter of every figure (captions included) is at least 14 px
    high when the figure is shown 1000 px wide, as on a 1024 px projector."""
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    from ddsim.play.figures import debrief_figures

    _, debrief = played
    for name, fig in debrief_figures(debrief).items():
        shown = min(1.0, 1000 / (fig.get_figwidth() * 110))  # drawn at 110 dpi (room._png)
        sizes = [
            t.get_fontsize() * 110 / 72 * shown
            for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip()
        ]
        plt.close(fig)
        assert sizes and min(sizes) >= 14, (name, min(sizes))
