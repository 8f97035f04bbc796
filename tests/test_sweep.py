"""Parameter sweeps: designs, seeds, tables, the command and its errors."""

import itertools
import json

import numpy as np
import pandas as pd
import pytest

import ddsim
from ddsim.analysis.intervals import wilson_interval as wilson
from ddsim.cli import main
from ddsim.core.parameters import PARAMETERS
from ddsim.experiments.designs import SweepError, design, factors, latin_hypercube
from ddsim.experiments.executors import local_processes
from ddsim.experiments.jobs import Job, replication_seed, run_replication
from ddsim.experiments.sweep import marginal, plan

RIVALS = "scenarios/rivals.yaml"


@pytest.fixture(scope="module")
def rivals():
    return ddsim.load_scenario(RIVALS).replace(steps=24)


# --------------------------------------------------------------------------
# designs
# --------------------------------------------------------------------------
def test_grid_is_the_full_product_of_the_values():
    swept = factors(["forgetting=0.01:0.1:4", "perception_noise=0.2,0.5,0.8"], "grid")
    points = design(swept, "grid", None, seed=1)
    assert len(points) == 4 * 3
    expected = set(itertools.product([0.01, 0.04, 0.07, 0.1], [0.2, 0.5, 0.8]))
    got = {(round(a, 12), round(b, 12)) for a, b in points.to_numpy()}
    assert got == expected


def test_grid_from_a_mapping_takes_lists_and_single_values():
    swept = factors({"tie_decay": [0.0, 0.1], "onset_rate": 0.2}, "grid")
    points = design(swept, "grid", None, seed=1)
    assert points.to_dict("list") == {"tie_decay": [0.0, 0.1], "onset_rate": [0.2, 0.2]}


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("samples", [2, 7, 20])
def test_latin_hypercube_puts_one_point_in_every_bin_of_every_parameter(seed, samples):
    swept = factors(["forgetting", "perception_noise=0.2:0.6", "onset_rate"], "lhs")
    points = latin_hypercube(swept, samples, seed)
    assert len(points) == samples
    for f in swept:
        unit = (points[f.name] - f.low) / (f.high - f.low)
        assert ((unit >= 0) & (unit < 1)).all()
        bins = np.floor(unit * samples).astype(int)
        assert sorted(bins) == list(range(samples)), f.name


def test_latin_hypercube_is_reproducible_and_depends_on_the_seed():
    swept = factors(["forgetting", "tie_decay"], "lhs")
    a, b, c = (latin_hypercube(swept, 10, s) for s in (5, 5, 6))
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a.to_numpy(), c.to_numpy())


def test_sampled_designs_without_params_use_every_declared_range():
    swept = factors(None, "morris")
    assert [f.name for f in swept] == list(PARAMETERS)
    assert all((f.low, f.high) == (PARAMETERS[f.name].low, PARAMETERS[f.name].high) for f in swept)


# --------------------------------------------------------------------------
# errors: one clear message naming the parameter and what is allowed
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("params", "method", "says"),
    [
        (["forgeting=0.1,0.2"], "grid", "did you mean 'forgetting'"),
        (["forgetting=0.1,0.5"], "grid", "out of range; allowed: [0.0, 0.2]"),
        (["forgetting=0.01:0.1"], "grid", "LOW:HIGH:COUNT"),
        (["forgetting=0.01:0.1:x"], "grid", "COUNT must be a whole number"),
        (["forgetting=0.01:0.1:1"], "grid", "COUNT must be at least 2"),
        (["forgetting=a,0.1"], "grid", "'a' is not a number"),
        (["forgetting"], "grid", "a grid needs values"),
        (["forgetting=0.1", "forgetting=0.2"], "grid", "swept twice"),
        (["forgetting=0.1,0.2"], "lhs", "NAME=LOW:HIGH"),
        (["forgetting=0.1:0.05"], "lhs", "from low to high"),
        (["perception_noise=0:2"], "sobol", "out of range; allowed: [0.0, 1.0]"),
        ([], "grid", "at least one --param"),
        (["forgetting=0.1"], "fractal", "unknown method"),
    ],
)
def test_bad_sweeps_are_refused_with_a_clear_message(params, method, says):
    with pytest.raises(SweepError, match=None) as caught:
        factors(params, method)
    assert says in str(caught.value)


@pytest.mark.parametrize(
    ("method", "samples", "says"),
    [
        ("grid", 5, "does not apply to a grid"),
        ("lhs", 1, "at least 2"),
        ("sobol", 12, "power of 2"),
        ("morris", 1, "at least 2"),
    ],
)
def test_bad_sample_counts_are_refused(method, samples, says):
    swept = factors(["forgetting=0.01,0.1" if method == "grid" else "forgetting"], method)
    with pytest.raises(SweepError) as caught:
        design(swept, method, samples, seed=1)
    assert says in str(caught.value)


@pytest.mark.parametrize(
    "argv",
    [
        ["-p", "forgetting=0.01:0.5:3"],
        ["-p", "nonsense=1,2"],
        ["-p", "forgetting=0.1:"],
        ["-m", "sobol", "--samples", "10", "-p", "forgetting"],
        ["-p", "forgetting=0.1,0.2", "--variant", "nope"],
    ],
)
def test_the_command_exits_2_with_one_line_and_writes_nothing(argv, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["sweep", RIVALS, *argv, "-n", "1", "--steps", "5", "-o", str(out), "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("ddsim: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_outcome_is_refused(rivals):
    with pytest.raises(SweepError, match="unknown outcome 'peace'; known: war_probability"):
        ddsim.sweep(rivals, ["forgetting=0.1"], outcome="peace")


# --------------------------------------------------------------------------
# running
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small(rivals):
    return ddsim.sweep(
        rivals,
        {"perception_noise": [0.0, 1.0], "forgetting": [0.01, 0.1]},
        replications=3,
        variant="engagement",
    )


def test_every_point_runs_every_replication_on_the_same_seeds(small):
    runs = small.runs
    assert len(runs) == 4 * 3
    first = ["point", "perception_noise", "forgetting", "replication", "seed"]
    assert list(runs.columns[:5]) == first
    seeds = runs.pivot(index="replication", columns="point", values="seed")
    for k in range(3):  # common random numbers: replication k has one seed at every point
        assert set(seeds.loc[k]) == {replication_seed(7, k)}


def test_a_point_is_exactly_a_run_with_those_parameters(small, rivals):
    row = small.runs.iloc[7]
    job = Job(
        rivals,
        "engagement",
        int(row.replication),
        int(row.seed),
        parameters={"perception_noise": row.perception_noise, "forgetting": row.forgetting},
    )
    direct = run_replication(job).summary
    assert direct["final_mean_trust"] == row.final_mean_trust
    assert direct["mean_hostility"] == row.mean_hostility


def test_parameters_change_the_outcome(small):
    by_noise = small.runs.groupby("perception_noise")["final_mean_trust"].mean()
    assert by_noise[0.0] != by_noise[1.0]


def test_points_aggregate_the_runs(small):
    points = small.points
    assert len(points) == 4
    assert (points["replications"] == 3).all()
    again = small.runs.groupby("point")[["war_by_horizon", "final_mean_trust"]].mean()
    np.testing.assert_allclose(points["war_probability"], again["war_by_horizon"])
    np.testing.assert_allclose(points["final_mean_trust"], again["final_mean_trust"])
    assert (points["final_mean_trust_low"] <= points["final_mean_trust"]).all()
    assert (points["final_mean_trust"] <= points["final_mean_trust_high"]).all()


def test_a_sweep_is_reproducible_whatever_the_number_of_workers(small, rivals):
    again = ddsim.sweep(
        rivals,
        {"perception_noise": [0.0, 1.0], "forgetting": [0.01, 0.1]},
        replications=3,
        variant="engagement",
        executor=local_processes(2),
    )
    pd.testing.assert_frame_equal(small.runs, again.runs)
    pd.testing.assert_frame_equal(small.points, again.points)


def test_an_executor_that_returns_outcomes_out_of_order_changes_nothing(small, rivals):
    def backwards(fn, batches):
        return [fn(batch[::-1]) for batch in reversed(batches)]

    again = ddsim.sweep(
        rivals,
        {"perception_noise": [0.0, 1.0], "forgetting": [0.01, 0.1]},
        replications=3,
        variant="engagement",
        executor=backwards,
    )
    pd.testing.assert_frame_equal(small.runs, again.runs)


def test_wilson_interval_matches_published_values():
    # Newcombe (1998), Stat Med 17: 0/10 -> (0, 0.2775); 5/10 -> (0.2366, 0.7634)
    low, high = wilson(np.array([0.0, 5.0]), np.array([10.0, 10.0]))
    np.testing.assert_allclose(low, [0.0, 0.2366], atol=5e-5)
    np.testing.assert_allclose(high, [0.2775, 0.7634], atol=5e-5)


# --------------------------------------------------------------------------
# the command
# --------------------------------------------------------------------------
def test_grid_command_writes_tidy_tables_figures_and_manifest(tmp_path):
    out = tmp_path / "grid"
    argv = ["sweep", RIVALS, "-p", "forgetting=0.01:0.1:3", "-p", "tie_decay=0,0.1"]
    assert main([*argv, "-n", "2", "--steps", "12", "-o", str(out), "-q"]) == 0
    files = {p.name for p in out.iterdir()}
    assert files == {
        "manifest.json",
        "sweep.csv",
        "points.csv",
        "sweep_forgetting.png",
        "sweep_tie_decay.png",
    }
    runs = pd.read_csv(out / "sweep.csv")
    assert len(runs) == 3 * 2 * 2
    info = json.loads((out / "manifest.json").read_text())
    assert info["method"] == "grid"
    assert info["parameters"]["forgetting"] == {"values": [0.01, 0.055, 0.1]}
    assert info["points"] == 6 and info["replications"] == 2
    assert info["seeds"] == {str(k): replication_seed(7, k) for k in range(2)}


def test_lhs_command_draws_one_figure_per_parameter(tmp_path):
    out = tmp_path / "lhs"
    argv = ["sweep", RIVALS, "-m", "lhs", "--samples", "6", "-p", "forgetting", "-p", "tie_decay"]
    assert main([*argv, "-n", "1", "--steps", "12", "-o", str(out), "-q"]) == 0
    points = pd.read_csv(out / "points.csv")
    assert len(points) == 6
    assert points["forgetting"].between(0, 0.2).all()
    assert {"sweep_forgetting.png", "sweep_tie_decay.png"} <= {p.name for p in out.iterdir()}


def test_identical_points_are_run_once_and_reported_for_each(rivals):
    points = design(factors(["forgetting=0.05,0.05,0.1"], "grid"), "grid", None, seed=1)
    jobs = plan(rivals, "engagement", points, 2, seed=7)
    assert len(jobs) == 2 * 2  # two distinct values x two replications
    res = ddsim.sweep(rivals, ["forgetting=0.05,0.05,0.1"], replications=2)
    assert len(res.runs) == 3 * 2
    first, second = (res.runs[res.runs["point"] == k].reset_index(drop=True) for k in (0, 1))
    pd.testing.assert_frame_equal(first.drop(columns="point"), second.drop(columns="point"))


def test_lhs_figure_bins_hold_equal_numbers_of_points(rivals):
    res = ddsim.sweep(rivals, ["tie_decay"], method="lhs", samples=20, replications=2, steps=6)
    stats = marginal(res, "tie_decay", bins=10)
    assert len(stats) == 10
    assert (stats["replications"] == 2 * 2).all()  # two points per bin, two runs each
    np.testing.assert_allclose(stats.index, np.linspace(0.01, 0.19, 10))
