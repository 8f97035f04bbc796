"""Comparisons across the accepted parameter sets (issue 20 item 3)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ddsim
import ddsim.core.parameters.accepted as accepted
from ddsim.analysis.across_fit import across_fit, sentence, two_level_bootstrap
from ddsim.cli import main
from ddsim.core.parameters import PARAMETERS
from ddsim.errors import InputError
from ddsim.experiments.jobs import Job, replication_seed, run_replication

ROOT = Path(__file__).resolve().parents[1]
RIVALS = str(ROOT / "scenarios" / "rivals.yaml")
DEFAULT = {name: PARAMETERS[name].default for name in ("onset_rate", "threat_threshold")}
#: A stand-in accepted set: set 0 is the defaults, as in an installed one.
SETS = f"""set,distance,onset_rate,threat_threshold
0,10.5,{DEFAULT["onset_rate"]:g},{DEFAULT["threat_threshold"]:g}
1,11.0,0.01,0.4
2,12.0,0.03,0.45
3,13.0,0.02,0.55
4,14.0,0.005,0.35
"""


@pytest.fixture
def fake_fit(tmp_path, monkeypatch):
    """A small accepted set in place of the package's."""
    (tmp_path / "accepted.csv").write_text(SETS)
    (tmp_path / "accepted.json").write_text(json.dumps({"calibration": {"period": "test"}}))
    monkeypatch.setattr(accepted, "ACCEPTED_CSV", tmp_path / "accepted.csv")
    monkeypatch.setattr(accepted, "ACCEPTED_JSON", tmp_path / "accepted.json")
    return tmp_path


# --------------------------------------------------------------------------
# the accepted sets
# --------------------------------------------------------------------------
def test_accepted_sets_start_with_the_best_and_are_the_same_every_time(fake_fit):
    every = accepted.accepted_sets()
    assert len(every) == accepted.accepted_count() == 5
    assert every[0] == DEFAULT
    three = accepted.accepted_sets(3)
    assert three[0] == every[0] and len({json.dumps(s) for s in three}) == 3
    assert three == accepted.accepted_sets(3)
    assert all(s in every for s in three)
    assert accepted.accepted_ranges() == {
        "onset_rate": (min(0.005, DEFAULT["onset_rate"]), max(0.03, DEFAULT["onset_rate"])),
        "threat_threshold": (min(0.35, DEFAULT["threat_threshold"]), 0.55),
    }


@pytest.mark.parametrize("k", [0, 6, -1, 2.5])
def test_accepted_sets_refuse_a_k_there_is_not(fake_fit, k):
    with pytest.raises(accepted.AcceptedSetsError, match="from 1 to 5"):
        accepted.accepted_sets(k)


def test_the_packaged_accepted_sets_start_with_the_defaults():
    """Set 0 is the best member of the fit and the declared defaults are it."""
    if not accepted.ACCEPTED_CSV.is_file():
        pytest.skip("no accepted set installed yet")
    sets = accepted.accepted_sets()
    assert {name: PARAMETERS[name].default for name in sets[0]} == sets[0]
    for s in sets:
        for name, value in s.items():
            assert PARAMETERS[name].check(value) is None, (name, value)
    assert accepted.accepted_manifest()["calibration"]["parameters"].keys() == sets[0].keys()


# --------------------------------------------------------------------------
# the statistics
# --------------------------------------------------------------------------
def _summary(per_set: list[float], noise: float, seeds: int = 30) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    rows = []
    for s, shift in enumerate(per_set):
        for k in range(seeds):
            base = rng.normal()
            rows.append({"variant": "a", "parameter_set": s, "seed": k, "x": base})
            d = shift + noise * rng.normal()
            rows.append({"variant": "b", "parameter_set": s, "seed": k, "x": base + d})
    return pd.DataFrame(rows)


def test_across_fit_counts_the_sets_where_the_sign_holds():
    table = across_fit(_summary([1.0, 2.0, 3.0, -0.5], noise=0.01), "a", outcomes=["x"])
    row = table.iloc[0]
    assert row["sets"] == 4 and row["replications"] == 30
    assert row["difference"] == pytest.approx(1.375, abs=0.01)
    assert row["set_low"] == pytest.approx(-0.5, abs=0.01)
    assert row["set_high"] == pytest.approx(3.0, abs=0.01)
    assert row["sets_same_sign"] == 3
    assert "3 of 4 accepted parameter sets" in sentence(row)


def test_the_interval_spans_the_spread_of_the_sets_not_only_the_seeds():
    alike = across_fit(_summary([1.0, 1.0, 1.0, 1.0], noise=0.5), "a", outcomes=["x"])
    spread = across_fit(_summary([0.0, 0.5, 1.5, 2.0], noise=0.5), "a", outcomes=["x"])
    width = lambda t: float(t["high"].iloc[0] - t["low"].iloc[0])  # noqa: E731
    assert width(spread) > 3 * width(alike)
    assert spread["low"].iloc[0] < 1.0 < spread["high"].iloc[0]


def test_two_level_bootstrap_of_a_constant_is_the_constant():
    d = np.full((3, 4), 2.5)
    assert np.all(two_level_bootstrap(d, 50, np.random.default_rng(0)) == 2.5)


# --------------------------------------------------------------------------
# compare --across-fit
# --------------------------------------------------------------------------
def test_each_set_runs_the_same_seeds_and_is_the_run_with_its_values(fake_fit):
    cmp = ddsim.compare(RIVALS, replications=3, steps=24, across_fit=3, progress=False)
    summary = cmp.results.summary
    assert sorted(summary["parameter_set"].unique()) == [0, 1, 2]
    assert (summary.groupby(["variant", "parameter_set"]).size() == 3).all()
    assert summary["replication"].tolist()[:9] == list(range(9))
    sets = accepted.accepted_sets(3)
    assert cmp.parameter_sets == sets
    sc = ddsim.load_scenario(RIVALS).replace(steps=24)
    for s in (1, 2):
        row = summary[(summary["variant"] == "deterrence") & (summary["parameter_set"] == s)]
        row = row.iloc[1]
        alone = run_replication(
            Job(sc, "deterrence", 1, replication_seed(sc.seed, 1), parameters=sets[s])
        ).summary
        assert row["seed"] == alone["seed"]
        assert row["mean_hostility"] == alone["mean_hostility"]
        assert row["disputes"] == alone["disputes"]
    spread = cmp.across_fit
    assert set(spread["outcome"]) >= {"war_by_horizon", "force_steps"}
    assert (spread["sets"] == 3).all() and (spread["replications"] == 3).all()


def test_a_parameter_the_scenario_sets_keeps_its_value(fake_fit):
    from ddsim.experiments.compare import _arm_jobs, arms_of

    sc = ddsim.load_scenario(RIVALS)
    fixed = sc.replace(parameters={**sc.spec.parameters, "onset_rate": 0.0})
    sets = accepted.accepted_sets(2)
    jobs = [j for arm in arms_of([fixed]) for j in _arm_jobs(arm, 2, sets)]
    assert len(jobs) == 2 * 2 * 2
    assert all("onset_rate" not in j.parameters for j in jobs)
    assert {j.parameters["threat_threshold"] for j in jobs} == {s["threat_threshold"] for s in sets}


@pytest.mark.slow
def test_across_fit_is_the_same_with_one_or_two_workers_and_on_dask(fake_fit):
    pytest.importorskip("distributed")
    kwargs = {"replications": 4, "steps": 24, "across_fit": 2, "progress": False}
    one = ddsim.compare(RIVALS, **kwargs)
    for more in ({"workers": 2}, {"workers": 2, "scheduler": "local"}):
        other = ddsim.compare(RIVALS, **kwargs, **more)
        pd.testing.assert_frame_equal(one.results.summary, other.results.summary)
        pd.testing.assert_frame_equal(one.results.timeseries, other.results.timeseries)
        pd.testing.assert_frame_equal(one.across_fit, other.across_fit)


def test_the_folder_and_the_report_say_it_across_the_fit(fake_fit, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["compare", RIVALS, "-n", "2", "--steps", "12", "--across-fit", "2",
                 "--out", str(out), "--quiet"])  # fmt: skip
    assert code == 0
    table = pd.read_csv(out / "across_fit.csv")
    assert (table["sets"] == 2).all()
    info = json.loads((out / "manifest.json").read_text())
    assert info["across_fit"]["sets"] == 2 and info["across_fit"]["of"] == 5
    assert "parameter sets\nthat the calibration accepts" in (out / "report.html").read_text()


def test_a_k_beyond_the_fit_is_refused_before_anything_runs(fake_fit, tmp_path, capsys):
    with pytest.raises(InputError, match="from 1 to 5"):
        ddsim.compare(RIVALS, replications=2, steps=6, across_fit=9)
    code = main(["compare", RIVALS, "--across-fit", "9", "--out", str(tmp_path / "o")])
    assert code == 2 and not (tmp_path / "o").exists()
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--across-fit 9" in err[0]


# --------------------------------------------------------------------------
# installing a calibration's accepted sets
# --------------------------------------------------------------------------
def test_install_copies_the_sets_and_lists_the_defaults_to_change(tmp_path):
    from ddsim.calibration.accept import install

    folder = tmp_path / "fit"
    folder.mkdir()
    # a fit whose best moves onset_rate and keeps threat_threshold at its default
    moved = SETS.replace(f"0,10.5,{DEFAULT['onset_rate']:g},", "0,10.5,0.0126,", 1)
    assert moved != SETS
    (folder / "accepted.csv").write_text(moved)
    (folder / "manifest.json").write_text(json.dumps({"acceptance": 21.0}))
    csv_path, json_path = tmp_path / "accepted.csv", tmp_path / "accepted.json"
    changes = install(folder, csv_path, json_path)
    assert csv_path.read_text() == moved
    assert json.loads(json_path.read_text()) == {"acceptance": 21.0}
    assert changes == {"onset_rate": (DEFAULT["onset_rate"], 0.0126)}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("set,distance,no_such\n0,1,0.5\n", "'no_such' is not a declared parameter"),
        ("set,distance,onset_rate\n0,1,-3\n", "set 0, onset_rate"),
        ("set,distance,onset_rate\n", "no accepted parameter set"),
    ],
)
def test_install_refuses_sets_that_are_not_parameters(tmp_path, text, message):
    from ddsim.calibration.accept import install

    (tmp_path / "accepted.csv").write_text(text)
    (tmp_path / "manifest.json").write_text("{}")
    with pytest.raises(InputError, match=message):
        install(tmp_path, tmp_path / "a.csv", tmp_path / "a.json")
    assert not (tmp_path / "a.csv").exists()


def test_a_sweep_across_the_fit_runs_every_point_on_every_set(fake_fit):
    res = ddsim.sweep(RIVALS, ["threat_threshold=0.2:0.8:2"], replications=2, steps=12,
                      across_fit=3, progress=False)  # fmt: skip
    runs = res.runs
    assert len(runs) == 2 * 3 * 2 and sorted(runs["parameter_set"].unique()) == [0, 1, 2]
    # the swept value wins over the set's; the set's onset rate is used
    assert set(runs["threat_threshold"]) == {0.2, 0.8}
    sets = accepted.accepted_sets(3)
    assert res.parameter_sets == sets
    sc = ddsim.load_scenario(RIVALS).replace(steps=12)
    row = runs[(runs["point"] == 1) & (runs["parameter_set"] == 2)].iloc[1]
    values = {**sets[2], "threat_threshold": 0.8}
    variant = sc.variant_names[0]
    alone = run_replication(Job(sc, variant, 1, replication_seed(sc.seed, 1), parameters=values))
    assert row["mean_hostility"] == alone.summary["mean_hostility"]
    assert (res.points["replications"] == 6).all()


def test_without_an_installed_fit_it_says_so_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(accepted, "ACCEPTED_CSV", tmp_path / "none.csv")
    code = main(["compare", RIVALS, "--across-fit", "3", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and not (tmp_path / "o").exists()
    assert "no accepted parameter sets are installed" in err[0]
