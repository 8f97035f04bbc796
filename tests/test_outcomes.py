"""Outcomes declared once, one interval per kind, and the same intervals from
every command (compare, sweep, tournament, validation)."""

import json
import pickle

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import ddsim
from ddsim.analysis.intervals import (
    Interval,
    difference_interval,
    format_interval,
    interval,
    kaplan_meier_median,
    mean_interval,
    proportion_interval,
    wilson_interval,
)
from ddsim.analysis.outcomes import KINDS, OUTCOMES, OutcomeSpec
from ddsim.analysis.statistics import (
    COMPARED,
    differences,
    outcome_means,
    tidy_table,
    time_to_first_war,
    war_probability,
)
from ddsim.cli import main
from ddsim.experiments import sweep as sweep_module
from ddsim.experiments import tournament as tournament_module
from ddsim.experiments import validation
from ddsim.experiments.jobs import summarise
from ddsim.outputs.report import render_report

STEPS = 24


def fake_run(rng: np.random.Generator) -> pd.DataFrame:
    """One replication's time series with the model's reporter columns."""
    hostility = rng.integers(0, 6, size=STEPS + 1)
    war_from = rng.integers(1, 3 * STEPS)  # often after the horizon: no war
    return pd.DataFrame(
        {
            "step": np.arange(STEPS + 1),
            "mean_hostility": hostility / 2.5,
            "max_hostility": hostility,
            "wars": (np.arange(STEPS + 1) >= war_from).astype(int),
            "mean_trust": rng.random(STEPS + 1),
            "rival_trust": rng.random(STEPS + 1),
            "new_disputes": rng.integers(0, 2, size=STEPS + 1),
        }
    )


@pytest.fixture(scope="module")
def runs() -> list[pd.DataFrame]:
    rng = np.random.default_rng(8)
    return [fake_run(rng) for _ in range(15)]


@pytest.fixture(scope="module")
def summary(runs) -> pd.DataFrame:
    rows = [summarise(ts, "v", k, 100 + k) for k, ts in enumerate(runs)]
    table = pd.DataFrame(rows)
    table["first_war_step"] = table["first_war_step"].astype("Int64")
    return table


# --------------------------------------------------------------------------
# the declarations
# --------------------------------------------------------------------------
def test_every_summary_column_is_a_declared_outcome_in_order(summary):
    assert list(summary.columns) == ["variant", "replication", "seed", *OUTCOMES]
    for o in OUTCOMES.values():
        assert o.kind in KINDS and o.better in ("lower", "higher")
        assert o.label and o.unit and o.meaning.endswith(".")
    assert set(COMPARED) <= set(OUTCOMES)
    assert ddsim.OUTCOMES is OUTCOMES and ddsim.OutcomeSpec is OutcomeSpec


def test_summarise_computes_each_outcome_from_its_declaration(runs, summary):
    ts, row = runs[0], summary.iloc[0]
    at_war = ts.loc[ts["wars"] > 0, "step"]
    assert row["war_by_horizon"] == bool(len(at_war))
    assert row["mean_hostility"] == ts.loc[ts["step"] > 0, "mean_hostility"].mean()
    assert row["final_rival_trust"] == ts["rival_trust"].iloc[-1]
    assert row["disputes"] == ts["new_disputes"].sum()
    for name, o in OUTCOMES.items():
        got = o.compute(ts)
        assert got == row[name] or (got is None and pd.isna(row[name]))
    assert 0 < summary["war_by_horizon"].sum() < len(summary)  # both kinds of run


def test_force_steps_counts_steps_with_a_use_of_force_or_war_after_the_start():
    """Steps 1 to the horizon at which some pair is at MID 4 or 5; a display
    (3) does not count, nor the starting state."""
    ts = {"step": np.arange(6), "max_hostility": np.array([4, 3, 4, 5, 0, 4])}
    assert OUTCOMES["force_steps"].compute(ts) == 3


def test_declarations_pickle_for_worker_processes():
    assert pickle.loads(pickle.dumps(OUTCOMES["mean_hostility"])) == OUTCOMES["mean_hostility"]


def test_a_declaration_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="kind 'median'"):
        OutcomeSpec("x", "x", "x", "median", "lower", "x.", len)


# --------------------------------------------------------------------------
# one interval per kind
# --------------------------------------------------------------------------
def test_mean_interval_is_scipys_student_t():
    x = np.array([0.2, 0.5, 0.4, 0.9, 0.3, 0.6])
    ci = mean_interval(x)
    low, high = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert (ci.low, ci.high) == pytest.approx((low, high), rel=1e-12)
    assert ci.method == "Student t 95%" and ci.n == 6
    assert np.isnan(mean_interval([0.5]).low)  # one value: no interval


def test_proportion_interval_is_wilson_for_trials_and_t_for_shares():
    ci = proportion_interval([1, 0, 0, 1, 0, 0, 0, 0, 0, 0])
    low, high = wilson_interval(2, 10)
    assert (ci.estimate, ci.low, ci.high) == (0.2, float(low), float(high))
    assert ci.method == "Wilson 95%"
    # shares of two games per replication: Student t of the mean share, cut to [0, 1]
    shares = proportion_interval([0.5, 0.0, 1.0, 0.5, 1.0], trials=2)
    t = mean_interval([0.5, 0.0, 1.0, 0.5, 1.0])
    assert (shares.estimate, shares.low, shares.high) == (t.estimate, t.low, 1.0) and t.high > 1
    with pytest.raises(ValueError, match="0 or 1"):
        proportion_interval([0.5, 1.0])


def test_interval_dispatches_on_the_declared_kind(summary):
    war = interval(OUTCOMES["war_by_horizon"], summary["war_by_horizon"])
    assert war == proportion_interval(summary["war_by_horizon"].astype(float))
    trust = interval(OUTCOMES["final_mean_trust"], summary["final_mean_trust"])
    assert trust == mean_interval(summary["final_mean_trust"])
    first = summary["first_war_step"].astype(float)
    median = interval(OUTCOMES["first_war_step"], first, horizon=STEPS)
    ttw = time_to_first_war(summary, {"v": STEPS}).iloc[0]
    np.testing.assert_equal(  # NaN equals NaN here
        (median.estimate, median.low, median.high),
        (ttw["median"], ttw["median_low"], ttw["median_high"]),
    )
    with pytest.raises(ValueError, match="needs the horizon"):
        interval(OUTCOMES["first_war_step"], first)


def test_kaplan_meier_median_reads_the_wilson_band():
    ci = kaplan_meier_median([2, 3, 3, 5, np.nan, np.nan, 4, 1], horizon=10)
    assert ci.estimate == 3 and ci.n == 8  # 4 of 8 by step 3
    assert ci.low == 2  # 3 of 8 by step 2: the Wilson band's top is above one half
    assert np.isnan(ci.high)  # 6 of 8 never makes the band's bottom reach one half
    sure = kaplan_meier_median(np.repeat([1, 2, 3, 4, 5], 8), horizon=10)
    # by step 2: 16 of 40 (band top 0.55); step 3: 24 (bottom 0.45); step 4: 32 (bottom 0.65)
    assert (sure.estimate, sure.low, sure.high) == (3, 2, 4)
    assert np.isnan(kaplan_meier_median([np.nan] * 5, horizon=10).estimate)


def test_difference_interval_is_welch():
    a, b = np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 2.5, 2.0])
    ci = difference_interval(a, b)
    res = stats.ttest_ind(a, b, equal_var=False)
    low, high = res.confidence_interval(0.95)
    assert (ci.low, ci.high) == pytest.approx((low, high), rel=1e-10)
    assert validation.welch_diff(a, b) == (ci.estimate, ci.low, ci.high)


def test_format_interval():
    assert format_interval(0.4234, 0.31, 0.5311) == "0.42 [0.31, 0.53]"
    assert format_interval(1.0, np.nan, np.nan) == "1.00"


# --------------------------------------------------------------------------
# the same replications get the same intervals from every command
# --------------------------------------------------------------------------
def test_every_command_gives_the_same_intervals(runs, summary):
    # compare
    means = outcome_means(summary).set_index("outcome")
    expected = {
        name: tuple(means.loc[name, ["mean", "low", "high"]])
        for name in ("war_by_horizon", "mean_hostility", "final_mean_trust")
    }
    assert means.loc["war_by_horizon", "method"] == "Wilson 95%"
    assert means.loc["mean_hostility", "method"] == "Student t 95%"

    # sweep: the replications as one design point
    sweep_runs = summary.drop(columns="variant").assign(point=0, forgetting=0.05)
    points = sweep_module.aggregate(sweep_runs, ["forgetting"]).iloc[0]
    for column, outcome in sweep_module.OUTCOMES.items():
        got = tuple(points[[column, f"{column}_low", f"{column}_high"]])
        assert got == expected[outcome.name], column

    # tournament: one strategy meeting itself, one game per replication
    plays = pd.DataFrame(
        {
            "strategy_a": "x",
            "strategy_b": "x",
            "replication": summary["replication"],
            "mean_hostility": summary["mean_hostility"],
            "war": summary["war_by_horizon"],
            "final_trust": summary["final_mean_trust"],
        }
    )
    ranking = tournament_module.rank(plays, ["x"]).iloc[0]
    matches = tournament_module.summarise_matches(plays).iloc[0]
    for column, outcome in tournament_module.SCORES.items():
        for table in (ranking, matches):
            got = tuple(table[[column, f"{column}_low", f"{column}_high"]])
            assert got == expected[outcome.name], column

    # validation: the same runs as a dyad's tracked time series
    tracked = pd.concat(
        [
            pd.DataFrame(
                {
                    "variant": "v",
                    "replication": k,
                    "step": ts["step"],
                    "hostility": ts["mean_hostility"],
                    "trust_01": ts["mean_trust"],
                    "trust_10": ts["mean_trust"],
                    "wars": ts["wars"],
                    "shows_of_force": 0,
                }
            )
            for k, ts in enumerate(runs)
        ],
        ignore_index=True,
    )
    per_rep = validation.per_replication(tracked)
    table = validation.outcome_intervals(per_rep).set_index("outcome")
    for column, outcome in validation.DECLARED.items():
        assert tuple(table.loc[column, ["estimate", "low", "high"]]) == expected[outcome.name]
    assert validation.mean_ci(per_rep["mean_hostility"]) == expected["mean_hostility"]


# --------------------------------------------------------------------------
# the report (Jinja2, autoescape) and the command line
# --------------------------------------------------------------------------
def test_the_report_escapes_every_text_from_a_folder(tmp_path, summary):
    two = pd.concat([summary, summary.assign(variant="<b>bold</b>")], ignore_index=True)
    war = war_probability(two, {v: [STEPS] for v in ("v", "<b>bold</b>")})
    ttw = time_to_first_war(two, {"v": STEPS, "<b>bold</b>": STEPS})
    table = tidy_table(war, ttw, outcome_means(two), differences(two, "v", draws=50))
    table.to_csv(tmp_path / "comparison.csv", index=False)
    manifest = {
        "title": "Rivals <script>alert(1)</script>",
        "description": "A & B's <i>story</i>",
        "replications": len(summary),
        "steps": STEPS,
        "reference": "v",
        "variant_descriptions": {"v": "<img src=x onerror=alert(2)>"},
        "command": ["ddsim", "compare", "<script>"],
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    html = render_report(tmp_path)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "<b>bold</b>" not in html and "<i>story" not in html
    assert "A &amp; B" in html
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "final trust between rivals" in html  # labels from the declarations


def test_list_outcomes_prints_the_declarations(capsys):
    assert main(["list", "outcomes"]) == 0
    out = capsys.readouterr().out
    for o in OUTCOMES.values():
        assert o.name in out and o.label in out
    assert "Wilson" in out and "Student t" in out and "Kaplan-Meier" in out


def test_interval_is_a_frozen_record():
    ci = Interval(0.5, 0.4, 0.6, 10, "Student t 95%")
    with pytest.raises(AttributeError):
        ci.low = 0.0  # type: ignore[misc]
