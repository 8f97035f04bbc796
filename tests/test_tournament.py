"""The strategy tournament: pairings, the ranking, student files and their failures."""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ddsim
from ddsim.cli import main
from ddsim.core.strategies import STRATEGIES
from ddsim.experiments.tournament import (
    LOADED_FROM,
    StrategyFileError,
    load_strategies,
    pairings,
    rank,
    tournament,
)

ROOT = Path(__file__).resolve().parent.parent
TINY = {"replications": 3, "steps": 12, "seed": 5}


@pytest.fixture(autouse=True)
def forget_entries():
    """Each test starts and ends with only the built-in strategies registered."""
    before = dict(STRATEGIES)
    yield
    for name in set(STRATEGIES) - set(before):
        del STRATEGIES[name]
        LOADED_FROM.pop(name, None)


def write(tmp_path, name: str, body: str):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return path


ENTRY = """
    import ddsim
    from ddsim import Engagement

    @ddsim.register_strategy
    class {cls}(ddsim.Strategy):
        \"\"\"Sends a hotline proposal to everyone it knows. Source: a student.\"\"\"
        name = "{name}"
        classifier = {{"coercive": False, "reciprocal": False, "stochastic": False, "memory": 0}}

        def decide(self, view):
            {body}
"""


def entry(tmp_path, name: str, body: str = "return [Engagement('csbm', 1 - view.me)]"):
    cls = name.title().replace("_", "")
    return write(tmp_path, f"{name}.py", ENTRY.format(cls=cls, name=name, body=body))


# --------------------------------------------------------------------------
# pairings and the ranking
# --------------------------------------------------------------------------
def test_round_robin_includes_self_play_once_per_pair():
    assert pairings(["a", "b", "c"], both_seats=False) == [
        ("a", "a"),
        ("a", "b"),
        ("a", "c"),
        ("b", "b"),
        ("b", "c"),
        ("c", "c"),
    ]
    assert len(pairings(["a", "b", "c"], both_seats=True)) == 9


def test_rank_averages_each_strategy_over_its_games_per_replication():
    # x meets x, x meets y, y meets y; two replications each.
    plays = pd.DataFrame(
        {
            "strategy_a": ["x", "x", "y"] * 2,
            "strategy_b": ["x", "y", "y"] * 2,
            "replication": [0, 0, 0, 1, 1, 1],
            "mean_hostility": [0.0, 2.0, 4.0, 1.0, 3.0, 5.0],
            "war": [False, True, True, False, False, True],
            "final_trust": [0.9, 0.5, 0.1, 0.7, 0.5, 0.3],
        }
    )
    table = rank(plays, ["y", "x"]).set_index("strategy")
    # x: replication 0 -> (0 + 2) / 2 = 1, replication 1 -> (1 + 3) / 2 = 2; mean 1.5
    assert table.loc["x", "mean_hostility"] == pytest.approx(1.5)
    assert table.loc["y", "mean_hostility"] == pytest.approx((3 + 4) / 2)
    assert table.loc["x", "war_rate"] == pytest.approx((0.5 + 0.0) / 2)
    assert table.loc["y", "war_rate"] == pytest.approx((1.0 + 0.5) / 2)
    assert table.loc["x", "final_trust"] == pytest.approx((0.7 + 0.6) / 2)
    # Student t 95% interval from the two per-replication scores 1 and 2:
    # t(0.975, 1 df) = 12.706, sd = 0.7071
    half = 12.7062047 * np.std([1.0, 2.0], ddof=1) / np.sqrt(2)
    assert table.loc["x", "mean_hostility_high"] == pytest.approx(1.5 + half)
    assert table.loc["x", "mean_hostility_low"] == pytest.approx(1.5 - half)
    assert list(table.index) == ["x", "y"]  # lower hostility ranks first
    assert list(table["rank"]) == [1, 2]


def test_a_tiny_tournament_ranks_from_its_own_plays():
    res = tournament(["noncoercive", "coercive", "passive"], **TINY)
    assert len(res.matches) == 6 and set(res.matches["replications"]) == {3}
    assert len(res.plays) == 18
    # every match is played on the same seeds (common random numbers)
    seeds = res.plays.groupby(["strategy_a", "strategy_b"])["seed"].apply(tuple)
    assert seeds.nunique() == 1
    # the ranking agrees with a direct computation from the plays
    p = res.plays
    for name in ["noncoercive", "coercive", "passive"]:
        mine = p[(p.strategy_a == name) | (p.strategy_b == name)]
        expected = mine.groupby("replication")["mean_hostility"].mean().mean()
        got = res.ranking.set_index("strategy").loc[name, "mean_hostility"]
        assert got == pytest.approx(expected)
    assert res.ranking["mean_hostility"].is_monotonic_increasing
    # a game's months at a use of force or war can only be counted where it got there
    assert (p.loc[p.peak_hostility < 4, "force_steps"] == 0).all()
    assert (p.loc[p.peak_hostility >= 4, "force_steps"] >= 1).all()


def test_the_same_seed_gives_the_same_tournament():
    a = tournament(["noncoercive", "coercive"], **TINY)
    b = tournament(["noncoercive", "coercive"], **TINY)
    pd.testing.assert_frame_equal(a.plays, b.plays)


def test_a_scenario_that_is_not_a_dyad_is_refused():
    with pytest.raises(StrategyFileError, match=r"exactly 2 states\); this one has 3"):
        tournament(["passive"], "scenarios/rivals.yaml", **TINY)


def test_the_command_writes_ranking_matches_and_figure(tmp_path, capsys):
    out = tmp_path / "t"
    code = main(
        ["tournament", "--only", "noncoercive,coercive", "-n", "2", "--steps", "12", "-o", str(out)]
    )
    assert code == 0
    assert {"ranking.csv", "matches.csv", "plays.csv", "ranking.png", "manifest.json"} <= {
        p.name for p in out.iterdir()
    }
    ranking = pd.read_csv(out / "ranking.csv")
    assert list(ranking["strategy"]) == ["noncoercive", "coercive"]
    assert "noncoercive" in capsys.readouterr().out


def test_an_unknown_name_in_only_is_a_usage_error(capsys):
    assert main(["tournament", "--only", "noncoercive,gritt", "-n", "1", "--steps", "2"]) == 2
    err = capsys.readouterr().err
    assert "unknown strategy 'gritt'; did you mean 'grit'? known:" in err
    assert "Traceback" not in err


# --------------------------------------------------------------------------
# a student's file
# --------------------------------------------------------------------------
def test_a_student_file_enters_its_strategies(tmp_path):
    path = entry(tmp_path, "hotliner")
    assert load_strategies(path) == ["hotliner"]
    res = ddsim.tournament(["hotliner", "passive"], **TINY)
    row = res.ranking.set_index("strategy").loc["hotliner"]
    assert row["from_file"] == str(path)
    assert (res.plays["strategy_a"] == "hotliner").sum() == 2 * TINY["replications"]


def test_a_student_file_on_the_command_line(tmp_path, capsys):
    path = entry(tmp_path, "hotliner")
    out = tmp_path / "t"
    code = main(
        [
            "tournament",
            "--strategies",
            str(path),
            "--only",
            "hotliner,passive",
            "-n",
            "2",
            "--steps",
            "6",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    assert "hotliner *" in capsys.readouterr().out
    assert set(pd.read_csv(out / "ranking.csv")["strategy"]) == {"hotliner", "passive"}


def test_the_teaching_examples_enter_a_tournament():
    """docs/teaching/example_strategies.py, the file lesson 3 hands out, loads
    and plays a tournament against a built-in."""
    names = load_strategies(ROOT / "docs" / "teaching" / "example_strategies.py")
    assert sorted(names) == ["confidence_builder", "patient_reciprocator"]
    res = tournament([*names, "grit"], **TINY)
    ranking = res.ranking.set_index("strategy")
    assert set(ranking.index) == {*names, "grit"}
    assert ranking.loc["confidence_builder", "from_file"].endswith("example_strategies.py")
    assert len(res.plays) == len(pairings([*names, "grit"], False)) * TINY["replications"]


BROKEN = {
    "missing": (None, "no such file"),
    "syntax": ("def decide(self view):\n    pass\n", ":1: syntax error"),
    "raises_at_import": ("import ddsim\nx = 1 / 0\n", ":2: raised ZeroDivisionError while loading"),
    "nothing_registered": ("import ddsim\n", "registers no strategy"),
    "exits": ("import sys\nsys.exit(3)\n", "raised SystemExit while loading"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_file_gets_one_line_naming_it(tmp_path, capsys, case):
    source, expected = BROKEN[case]
    path = tmp_path / f"{case}.py"
    if source is not None:
        path.write_text(source)
    code = main(["tournament", "--strategies", str(path), "-n", "1", "--steps", "2"])
    err = capsys.readouterr().err
    assert code == 2
    said = [line for line in err.splitlines() if not line.endswith(" replications to run")]
    assert len(said) == 1 and "Traceback" not in err  # the error, after what was to run
    assert str(path) in err and expected in err
    assert not (tmp_path / "results").exists()


BAD_PLAY = {
    "raises": ("return [Engagement('csbm', 1 // 0)]", "raised ZeroDivisionError during a game"),
    "unknown_action": ("return [Engagement('hug', 1 - view.me)]", "unknown or forum-only action"),
    "forum_only": ("return [Engagement('regional_forum', 1 - view.me)]", "forum-only action"),
    "targets_itself": ("return [Engagement('csbm', view.me)]", "not another state's index"),
    "not_a_pair": ("return ['csbm']", "an engagement is Engagement(kind, target)"),
    "returns_none": ("return None", "raised TypeError during a game"),
}


@pytest.mark.parametrize("case", sorted(BAD_PLAY))
def test_a_strategy_that_fails_in_a_game_is_named_with_its_file(tmp_path, capsys, case):
    body, expected = BAD_PLAY[case]
    path = entry(tmp_path, f"bad_{case}", body)
    out = tmp_path / "t"
    args = ["--strategies", str(path), "-n", "1", "--steps", "3", "-o", str(out)]
    code = main(["tournament", *args])
    err = capsys.readouterr().err
    assert code == 2
    said = [line for line in err.splitlines() if not line.endswith(" replications to run")]
    assert len(said) == 1 and "Traceback" not in err  # the error, after what was to run
    assert str(path) in err and f"'bad_{case}'" in err and expected in err
    assert not out.exists()


def test_a_name_taken_by_a_builtin_is_refused(tmp_path):
    with pytest.raises(StrategyFileError, match="already registered"):
        load_strategies(entry(tmp_path, "grit"))
    assert STRATEGIES["grit"].__module__ == "ddsim.core.strategies.grit"


def test_when_the_seats_differ_every_pair_plays_from_both_seats(tmp_path):
    unequal = tmp_path / "unequal.yaml"
    text = (ROOT / "scenarios" / "dyad.yaml").read_text()
    unequal.write_text(
        text.replace("name: Westmark, capability: 1.0", "name: Westmark, capability: 0.5")
    )
    res = tournament(["passive", "coercive"], unequal, **TINY)
    assert set(zip(res.matches.strategy_a, res.matches.strategy_b, strict=True)) == {
        ("passive", "passive"),
        ("passive", "coercive"),
        ("coercive", "passive"),
        ("coercive", "coercive"),
    }
    assert len(tournament(["passive", "coercive"], **TINY).matches) == 3
