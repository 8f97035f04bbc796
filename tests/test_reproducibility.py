"""Same scenario and seed give the same results, to the byte, however they are run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ddsim
from ddsim.cli import main
from ddsim.experiments.jobs import ID_COLUMNS, replication_seed

ROOT = Path(__file__).resolve().parent.parent
RIVALS = str(ROOT / "scenarios" / "rivals.yaml")
FAST = ["-n", "2", "--steps", "24", "-q"]


def cli_run(out: Path, *extra: str) -> Path:
    assert main(["run", RIVALS, *FAST, "-o", str(out), *extra]) == 0
    return out


def test_two_runs_write_byte_identical_tables(tmp_path):
    a = cli_run(tmp_path / "a")
    b = cli_run(tmp_path / "b")
    for name in ("timeseries.csv", "summary.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_a_separate_process_writes_the_same_bytes(tmp_path):
    """Another interpreter (another hash seed) gives the same file."""
    a = cli_run(tmp_path / "a")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-m", "ddsim", "run", RIVALS, *FAST, "-o", str(tmp_path / "b")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert (a / "timeseries.csv").read_bytes() == (tmp_path / "b" / "timeseries.csv").read_bytes()


def test_different_seeds_differ(tmp_path):
    a = cli_run(tmp_path / "a", "--seed", "1")
    b = cli_run(tmp_path / "b", "--seed", "2")
    assert (a / "timeseries.csv").read_bytes() != (b / "timeseries.csv").read_bytes()
    seeds_a = pd.read_csv(a / "summary.csv")["seed"]
    seeds_b = pd.read_csv(b / "summary.csv")["seed"]
    assert set(seeds_a).isdisjoint(seeds_b)


@pytest.fixture(scope="module")
def rivals():
    return ddsim.load_scenario(RIVALS).replace(steps=24)


def test_worker_processes_do_not_change_results(rivals):
    one = ddsim.run(rivals, replications=4, workers=1, progress=False)
    two = ddsim.run(rivals, replications=4, workers=2, progress=False)
    pd.testing.assert_frame_equal(one.timeseries, two.timeseries)
    pd.testing.assert_frame_equal(one.summary, two.summary)


def test_a_replication_replays_from_its_seed(rivals):
    res = ddsim.run(rivals, replications=3, progress=False)
    row = res.summary[(res.summary["variant"] == "deterrence")].iloc[2]
    assert row["seed"] == replication_seed(rivals.seed, 2)
    m = ddsim.DiplomacyModel(rivals, rng=int(row["seed"]), variant="deterrence")
    m.run_for(rivals.steps)
    replay = m.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    recorded = res.timeseries[
        (res.timeseries["variant"] == "deterrence") & (res.timeseries["replication"] == 2)
    ]
    recorded = recorded.drop(columns=ID_COLUMNS).reset_index(drop=True)
    pd.testing.assert_frame_equal(replay, recorded, check_dtype=False)


def test_adding_replications_keeps_the_earlier_ones(rivals):
    few = ddsim.run(rivals, replications=2, progress=False)
    more = ddsim.run(rivals, replications=4, progress=False)
    earlier = more.timeseries[more.timeseries["replication"] < 2].reset_index(drop=True)
    pd.testing.assert_frame_equal(few.timeseries, earlier)
    assert len(set(more.summary["seed"])) == 4


def test_variants_share_seeds_and_replications_differ(rivals):
    res = ddsim.run(rivals, replications=3, progress=False)
    seeds = res.summary.pivot(index="replication", columns="variant", values="seed")
    assert (seeds.nunique(axis=1) == 1).all()  # common random numbers across variants
    ts = res.timeseries[res.timeseries["variant"] == "engagement"]
    paths = [g["mean_trust"].to_numpy() for _, g in ts.groupby("replication")]
    assert not np.array_equal(paths[0], paths[1])


def test_no_global_random_state_is_touched(rivals):
    import random

    random.seed(0)
    np.random.seed(0)
    before = (random.random(), np.random.random())
    random.seed(0)
    np.random.seed(0)
    ddsim.run(rivals, replications=1, progress=False)
    assert (random.random(), np.random.random()) == before


def test_a_seed_given_to_run_is_the_one_recorded(rivals):
    from ddsim.outputs.folders import manifest

    res = ddsim.run(rivals, replications=2, seed=5, progress=False)
    info = manifest(res, command=["test"])
    assert res.scenario.seed == info["root_seed"] == 5
    assert info["seeds"] == {str(k): replication_seed(5, k) for k in range(2)}
    assert list(res.summary["seed"][:2]) == [replication_seed(5, k) for k in range(2)]
