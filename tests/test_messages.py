"""Messages in the user's words: the names they typed, "did you mean" for a
slip of the keyboard, one ``ddsim:`` prefix."""

from __future__ import annotations

from pathlib import Path

import pytest

from ddsim.cli import main
from ddsim.cli.tournament import format_ranking
from ddsim.errors import did_you_mean
from ddsim.experiments.tournament import tournament

ROOT = Path(__file__).resolve().parent.parent
RIVALS = ROOT / "scenarios" / "rivals.yaml"
TINY = ["-n", "1", "--steps", "2", "-q"]


def test_did_you_mean_offers_the_nearest_name_or_nothing():
    assert did_you_mean("rival", ["rivals", "dyad"]) == "did you mean 'rivals'? "
    assert did_you_mean("zzzz", ["rivals", "dyad"]) == ""


def error_of(argv: list[str], capsys) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("ddsim: ") and "Traceback" not in err
    assert err.count("ddsim:") == 1  # one prefix, not one per layer
    return err


def test_a_misspelt_packaged_scenario(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    err = error_of(["run", "rival", *TINY], capsys)
    assert err.startswith("ddsim: rival: ") and "did you mean 'rivals'?" in err


def test_a_misspelt_variant_names_the_scenario_as_typed(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    err = error_of(["run", "rivals", "--variant", "deterence", *TINY], capsys)
    assert err.startswith("ddsim: rivals: variants: no variant 'deterence'; ")
    assert "did you mean 'deterrence'?" in err
    assert "scenarios/files" not in err  # never the path inside the package
    err = error_of(["compare", "rivals", "--variant", "engagment", *TINY], capsys)
    assert "did you mean 'engagement'?" in err


@pytest.mark.parametrize(
    "addition, hint",
    [
        ("strategy: noncoercve", "did you mean 'noncoercive'?"),
        ("parameters: {onset_rat: 0.01}", "did you mean 'onset_rate'?"),
        ("actions:\n  ship_vist: {cost: 1}", "did you mean 'ship_visit'?"),
    ],
    ids=["strategy", "parameter", "action"],
)
def test_a_misspelt_name_in_a_scenario_file(addition, hint, tmp_path, capsys):
    text = RIVALS.read_text()
    if addition.startswith("strategy"):
        text = text.replace("strategy: noncoercive", addition, 1)
    else:
        text += addition + "\n"
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    err = error_of(["validate", str(path)], capsys)
    assert err.startswith(f"ddsim: {path}:") and hint in err


def test_a_misspelt_sweep_parameter_and_tournament_strategy(capsys):
    err = error_of(["sweep", str(RIVALS), "-p", "forgeting=0.1,0.2", *TINY], capsys)
    assert "did you mean 'forgetting'?" in err
    err = error_of(["tournament", "--only", "grit,coercve", *TINY], capsys)
    assert "did you mean 'coercive'?" in err


def test_the_tournament_explains_a_star_only_when_there_is_one():
    res = tournament(["grit", "coercive"], replications=1, steps=2, progress=False)
    assert "*" not in format_ranking(res.ranking)
    res.ranking.loc[0, "from_file"] = "mine.py"
    assert "* = entry from a file" in format_ranking(res.ranking)
    assert len(repr(res).splitlines()) == 1 and "2 strategies" in repr(res)


def test_a_screening_names_the_parameters_it_cannot_tell_from_zero():
    import pandas as pd

    from ddsim.cli.sweep import _zeros

    table = pd.DataFrame(
        {
            "parameter": ["a", "b", "c"],
            "mu_star": [0.5, 0.0, 0.1],
            "mu_star_conf": [0.1, 0.0, 0.2],
        }
    )
    said = _zeros(table, "mu_star", "mean_hostility")
    first = said.splitlines()[0]
    assert first.startswith("2 of 3 indistinguishable from zero") and first.endswith(": b, c")
    assert "hardly varies" in said  # most of them: the outcome does not move
    assert "--outcome mean_hostility" in _zeros(table, "mu_star", "war_probability")
    assert "indistinguishable" not in _zeros(table.iloc[:1], "mu_star", "war_probability")


def test_a_packaged_scenario_that_is_no_dyad_is_named_as_typed(capsys):
    err = error_of(["tournament", "--scenario", "rivals", *TINY], capsys)
    assert err.startswith("ddsim: rivals: a tournament needs a dyad scenario")
