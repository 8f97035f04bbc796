"""``ddsim discover``: factors, the cases and their paired differences, PRIM's
boxes (the EMA Workbench's), the folder and report, the same bytes however it
runs, and bad input as one line and exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ddsim
from ddsim.cli import main
from ddsim.experiments.discovery import Discovery, discover
from ddsim.experiments.discovery_boxes import chosen_step, find_boxes
from ddsim.experiments.discovery_factors import (
    DiscoveryError,
    check_variants,
    read_factors,
    sample_cases,
)
from ddsim.experiments.discovery_runs import plan
from ddsim.experiments.jobs import replication_seed
from ddsim.experiments.store import job_key, store_folder
from ddsim.scenarios import Scenario, load_scenario

pytest.importorskip("ema_workbench")

ROOT = Path(__file__).resolve().parents[1]
DETERRENCE = str(ROOT / "scenarios" / "deterrence.yaml")
TABLES = ("cases.csv", "boxes.csv", "trajectory.csv", "runs.csv")
FACTORS = [
    "onset_rate=0.005:0.03",
    "states.Borea.disposition",
    "relations.ALD-BOR.trust=0.1:0.6",
    "alliance.Northern Pact",
]
#: A small discovery: 12 cases x 2 variants x 2 replications of 24 months.
SMALL = {"cases": 12, "replications": 2, "steps": 24}


@pytest.fixture(scope="module")
def found() -> Discovery:
    return discover(DETERRENCE, FACTORS, progress=False, **SMALL)


@pytest.fixture(scope="module")
def deterrence() -> Scenario:
    return load_scenario(DETERRENCE)


# --------------------------------------------------------------------------
# factors
# --------------------------------------------------------------------------
def test_factors_of_every_kind_are_read_and_named_by_id(deterrence):
    factors = read_factors(
        [*FACTORS, "states.CET.capacity=1:6", "relations.Borea-Aldoria.hostility=0:3"], deterrence
    )
    assert [(f.name, f.kind) for f in factors] == [
        ("onset_rate", "parameter"),
        ("states.BOR.disposition", "state"),
        ("relations.ALD-BOR.trust", "relation"),
        ("alliance.Northern Pact", "alliance"),
        ("states.CET.capacity", "state"),
        ("relations.ALD-BOR.hostility", "relation"),
    ]
    assert factors[1].values == ("revisionist", "security_seeker")
    assert factors[3].values == ("on", "off") and factors[4].integer
    # an alliance named by its members, and a pair not allied
    by_members = read_factors(["alliance.CET-ALD=on,off"], deterrence)[0]
    assert by_members.name == "alliance.Northern Pact"
    assert read_factors({"alliance.BOR-CET": None}, deterrence)[0].target == ("BOR", "CET")


def test_a_parameter_alone_spans_its_accepted_range_or_says_it_cannot(deterrence, monkeypatch):
    from ddsim.experiments import discovery_factors

    factor = read_factors(["onset_rate"], deterrence)[0]
    ranges = discovery_factors.accepted_ranges()
    if ranges:
        assert (factor.low, factor.high) == ranges["onset_rate"]
        assert factor.source == "accepted set"
    else:
        declared = ddsim.PARAMETERS["onset_rate"]
        assert (factor.low, factor.high) == (declared.low, declared.high)
        assert factor.source == "declared range (no accepted set yet)"
    monkeypatch.setattr(discovery_factors, "accepted_ranges", lambda: {"forgetting": (0.02, 0.04)})
    fitted = read_factors(["onset_rate=0.01:0.02"], deterrence, fitted=True)
    assert [(f.name, f.low, f.high, f.source) for f in fitted] == [
        ("onset_rate", 0.01, 0.02, "given"),
        ("forgetting", 0.02, 0.04, "accepted set"),
    ]
    own = Scenario.from_dict({**deterrence.raw, "parameters": {"forgetting": 0.05}})
    assert read_factors(["onset_rate=0.01:0.02"], own, fitted=True)[1:] == []  # its own value


def test_the_design_is_a_latin_hypercube_and_lists_are_balanced(deterrence):
    factors = read_factors(["onset_rate=0.01:0.02", "states.BOR.disposition"], deterrence)
    design = sample_cases(factors, 10, seed=3)
    bins = np.floor((design["onset_rate"] - 0.01) / 0.001).astype(int)
    assert sorted(bins) == list(range(10))  # one point in each tenth of the range
    assert design["states.BOR.disposition"].value_counts().to_dict() == {
        "revisionist": 5,
        "security_seeker": 5,
    }
    pd.testing.assert_frame_equal(design, sample_cases(factors, 10, seed=3))


def test_each_case_runs_its_values_with_the_same_seeds(deterrence):
    factors = read_factors(FACTORS, deterrence)
    design = sample_cases(factors, 4, seed=1)
    jobs, where = plan(deterrence, ("deterrence", "engagement"), factors, design, 3)
    assert len(jobs) == 4 * 2 * 3 and all(not j.timeseries and not j.keep_graph for j in jobs)
    assert {j.seed for j in jobs} == {replication_seed(deterrence.seed, k) for k in range(3)}
    for job in jobs:
        (case, variant, replication), *_ = where[job_key(job)]
        row, sc = design.loc[case], job.scenario
        assert sc.variant_name == variant and replication == job.replication
        assert job.parameters == {"onset_rate": row["onset_rate"]}
        bor = next(s for s in sc.spec.states if s.id == "BOR")
        assert bor.disposition == row["states.BOR.disposition"]
        last = [p for p in sc.spec.relations.pairs if set(p.between) == {"ALD", "BOR"}][-1]
        assert last.trust == row["relations.ALD-BOR.trust"] and last.symmetric
        allied = any(g.name == "Northern Pact" for g in sc.spec.alliances)
        assert allied == (row["alliance.Northern Pact"] == "on")
        strategy = next(s for s in sc.spec.states if s.id == "ALD").strategy
        assert strategy == ("coercive" if variant == "deterrence" else "noncoercive")


def test_a_factor_cannot_vary_what_a_variant_sets(deterrence):
    data = {**deterrence.raw}
    data["variants"] = {
        "revisionist": {"states": {"BOR": {"disposition": "revisionist"}}},
        "seeker": {"states": {"BOR": {"disposition": "security_seeker"}}},
    }
    sc = Scenario.from_dict(data)
    factors = read_factors(["states.BOR.disposition", "onset_rate=0.01:0.02"], sc)
    with pytest.raises(DiscoveryError, match="the variant 'seeker' sets it itself"):
        check_variants(factors, sc, ["revisionist", "seeker"])
    check_variants(factors[1:], sc, ["revisionist", "seeker"])  # the rest is fine


# --------------------------------------------------------------------------
# PRIM
# --------------------------------------------------------------------------
def test_the_reported_step_is_the_most_coverage_at_the_density_asked():
    trajectory = pd.DataFrame(
        {"coverage": [1.0, 0.9, 0.9, 0.6, 0.3], "density": [0.3, 0.6, 0.8, 0.9, 1.0]}
    )
    assert chosen_step(trajectory, 0.8) == (2, True)
    assert chosen_step(trajectory, 0.95) == (4, True)
    assert chosen_step(trajectory.iloc[:3], 0.95) == (2, False)  # the densest, flagged


def test_prim_finds_a_box_planted_in_the_cases():
    rng = np.random.default_rng(5)
    x = pd.DataFrame(
        {
            "a": rng.random(400),
            "b": rng.random(400),
            "c": pd.Series(rng.choice(["on", "off"], 400), dtype=object),
        }
    )
    y = ((x["a"] > 0.6) & (x["c"] == "on")).to_numpy()
    boxes, trajectory = find_boxes(x, y, threshold=0.8, boxes=3, peel_alpha=0.05, mass_min=0.05)
    first = boxes[boxes["box"] == 1].set_index("factor")
    assert first["density"].iloc[0] >= 0.8 and first["coverage"].iloc[0] >= 0.8
    assert first.loc["a", "restricted"] and 0.5 < first.loc["a", "low"] < 0.7
    assert first.loc["c", "values"] == "on" and not first.loc["b", "restricted"]
    assert trajectory.groupby("box")["chosen"].sum().eq(1).all()
    none, _ = find_boxes(
        x, np.zeros(400, bool), threshold=0.8, boxes=3, peel_alpha=0.05, mass_min=0.05
    )
    assert none.empty


def test_without_the_library_one_line_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "ema_workbench.analysis", None)
    monkeypatch.setitem(sys.modules, "ema_workbench.analysis.prim", None)
    with pytest.raises(DiscoveryError, match=r"pip install 'ddsim\[discovery\]'"):
        find_boxes(
            pd.DataFrame({"a": [0.1, 0.2]}),
            np.array([True, False]),
            threshold=0.8,
            boxes=1,
            peel_alpha=0.05,
            mass_min=0.05,
        )


# --------------------------------------------------------------------------
# the discovery
# --------------------------------------------------------------------------
def test_each_case_is_the_paired_difference_of_its_runs(found):
    runs, cases = found.runs, found.cases
    assert len(runs) == 12 * 2 * 2 and len(cases) == 12
    assert found.variants == ("deterrence", "engagement")  # compare's sign by default
    seeds = runs.groupby("replication")["seed"].nunique()
    assert (seeds == 1).all()  # the same seed in every case and variant
    wide = runs.pivot_table(index=["case", "replication"], columns="variant", values="force_steps")
    diff = (wide["deterrence"] - wide["engagement"]).groupby("case").mean()
    np.testing.assert_allclose(cases["difference"], diff.to_numpy())
    np.testing.assert_allclose(
        cases["force_steps_deterrence"], wide["deterrence"].groupby("case").mean().to_numpy()
    )
    assert (cases["interest"] == (cases["difference"] < 0)).all()
    assert (cases["difference_low"] <= cases["difference"]).all()


def test_rebox_reads_the_same_runs_again(found):
    other = found.rebox(outcome="disputes", significant=True, threshold=0.5)
    assert other.runs is found.runs and other.outcome == "disputes"
    assert (other.cases["interest"] == (other.cases["difference_high"] < 0)).all()
    assert "fewer new disputes" in other.question and "interval" in other.question
    with pytest.raises(DiscoveryError, match="unknown setting"):
        found.rebox(colour="blue")
    swapped = found.rebox(variants=("engagement", "deterrence"))
    np.testing.assert_allclose(swapped.cases["difference"], -found.cases["difference"])
    assert swapped.question.startswith("engagement gives fewer")
    with pytest.raises(DiscoveryError, match="give those two"):
        found.rebox(variants=("engagement", "baseline"))


def test_the_figures_are_those_the_folder_holds(found):
    import matplotlib.pyplot as plt

    figures = found.figures()
    boxes = sorted(set(found.boxes["box"]))
    assert {f"peeling_trajectory_box{b}.png" for b in boxes} <= set(figures)
    assert all(hasattr(fig, "caption") for fig in figures.values())
    for fig in figures.values():
        plt.close(fig)


def test_the_folder_holds_tables_figures_and_a_report_in_plain_words(found, tmp_path):
    out = found.write(tmp_path / "d", command=["ddsim", "discover"])
    names = {p.name for p in out.iterdir()}
    assert {*TABLES, "manifest.json", "report.html"} <= names
    info = json.loads((out / "manifest.json").read_text())
    assert info["kind"] == "discover" and info["variants"] == ["deterrence", "engagement"]
    assert info["difference"] == "deterrence minus engagement"
    assert info["factors"]["states.BOR.disposition"]["values"] == ["revisionist", "security_seeker"]
    assert set(info["figures"]) <= names
    report = (out / "report.html").read_text()
    assert "deterrence gives fewer months at use of force or war than engagement" in report
    assert "coverage" in report and "density" in report
    boxes = pd.read_csv(out / "boxes.csv")
    if len(boxes):
        assert {f"peeling_trajectory_box{b}.png" for b in boxes["box"]} <= names
        assert "Box 1: where" in report
    # ddsim report rebuilds the same page from the folder alone
    (out / "report.html").unlink()
    assert main(["report", str(out), "-q"]) == 0
    assert (out / "report.html").read_text() == report


def test_a_folder_reads_back_to_look_again_without_running(found, tmp_path):
    out = found.write(tmp_path / "d")
    again = ddsim.read_discovery(out)
    for name in ("cases", "boxes", "trajectory"):
        pd.testing.assert_frame_equal(
            getattr(again, name), getattr(found, name), check_dtype=False, obj=name
        )
    pd.testing.assert_frame_equal(again.runs, found.runs, check_dtype=False)
    assert [f.describe() for f in again.factors] == [f.describe() for f in found.factors]
    pd.testing.assert_frame_equal(
        again.rebox(threshold=0.6).cases, found.rebox(threshold=0.6).cases, check_dtype=False
    )
    info = json.loads((out / "manifest.json").read_text())
    (out / "manifest.json").write_text(json.dumps({**info, "root_seed": 99}))
    with pytest.raises(DiscoveryError, match="has changed since"):
        ddsim.read_discovery(out)


def test_resume_from_the_store_gives_the_same_tables(tmp_path):
    store = tmp_path / "store"
    args = {"cases": 4, "replications": 2, "steps": 12, "progress": False}
    a = discover(DETERRENCE, ["onset_rate=0.005:0.03"], store=store, **args)
    assert len(list(store.glob("*.pkl"))) == 4 * 2 * 2
    b = discover(DETERRENCE, ["onset_rate=0.005:0.03"], store=store, resume=True, **args)
    pd.testing.assert_frame_equal(a.cases, b.cases)
    pd.testing.assert_frame_equal(a.runs, b.runs)


@pytest.mark.slow
def test_one_worker_two_workers_and_dask_give_identical_files(tmp_path):
    common = ["discover", DETERRENCE, *[a for f in FACTORS for a in ("-f", f)]]
    common += ["--cases", "12", "-n", "2", "--steps", "24", "-q"]
    assert main([*common, "-j", "1", "-o", str(tmp_path / "one")]) == 0
    assert main([*common, "-j", "2", "-o", str(tmp_path / "two")]) == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    dask = [*common, "-j", "2", "--scheduler", "local", "-o", str(tmp_path / "dask")]
    proc = subprocess.run([sys.executable, "-m", "ddsim", *dask], env=env, capture_output=True)
    assert proc.returncode == 0, proc.stderr
    for name in TABLES:
        one = (tmp_path / "one" / name).read_bytes()
        assert one == (tmp_path / "two" / name).read_bytes(), name
        assert one == (tmp_path / "dask" / name).read_bytes(), name
    assert not store_folder(tmp_path / "one").exists()


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, message",
    [
        (["-f", "nope"], "unknown factor 'nope'"),
        (["-f", "states.XXX.capability=1:2"], "no state 'XXX'"),
        (["-f", "states.BOR.capability"], "give a range"),
        (["-f", "states.BOR.capability=0:2"], "0 is not allowed"),
        (["-f", "states.BOR.strategy=a,b"], "a state's field is one of"),
        (["-f", "relations.ALD-BOR.trust=0.1:1.2"], "1.2 is not allowed"),
        (["-f", "alliance.Foo"], "neither an alliance"),
        (["-f", "alliance.ALD-CET=on,maybe"], "'maybe' is not allowed"),
        (["-f", "onset_rate=0.2:0.1"], "from low to high"),
        (["-f", "onset_rate=x:y"], "'x' is not a number"),
        (["-f", "onset_rate", "--cases", "1"], "--cases must be at least 2"),
        (["-f", "onset_rate", "--cases", "many"], "--cases must be a whole number"),
        (["-f", "onset_rate", "--variants", "a", "b"], "no variant 'a'"),
        (["-f", "onset_rate", "--outcome", "first_war_step"], "cannot be compared"),
        (["-f", "onset_rate", "--threshold", "2"], "--threshold is a share"),
        (["-f", "onset_rate", "-f", "onset_rate=0:0.1"], "varied twice"),
        ([], "at least one --factor"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, args, message):
    assert main(["discover", DETERRENCE, *args, "-o", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "x").exists()


def test_a_scenario_without_two_variants_is_refused(tmp_path, capsys):
    assert main(["discover", "dyad", "-f", "onset_rate", "-o", str(tmp_path / "x")]) == 2
    assert "discover compares two" in capsys.readouterr().err


def test_ddsim_exports_discover():
    from ddsim.experiments.discovery_read import read_discovery

    assert ddsim.discover is discover and ddsim.Discovery is Discovery
    assert ddsim.read_discovery is read_discovery
