"""The statistics of ``ddsim compare`` on tables whose answers are known."""

import numpy as np
import pandas as pd
import pytest

from ddsim.analysis.intervals import Z95, wilson_interval
from ddsim.analysis.statistics import (
    default_horizons,
    differences,
    headline,
    outcome_means,
    tidy_table,
    time_to_first_war,
    war_probability,
)


def summary_of(variant, first_war, horizon=100, seeds=None, **columns):
    n = len(first_war)
    first = pd.array(first_war, dtype="Int64")
    return pd.DataFrame(
        {
            "variant": variant,
            "replication": range(n),
            "seed": seeds if seeds is not None else range(1000, 1000 + n),
            "first_war_step": first,
            "war_by_horizon": [f is not None and f <= horizon for f in first_war],
            **columns,
        }
    )


@pytest.mark.parametrize("k, n", [(0, 20), (3, 20), (10, 20), (20, 20), (7, 50)])
def test_wilson_bounds_solve_the_score_equation(k, n):
    # The Wilson interval is {p : |k/n - p| <= z sqrt(p(1-p)/n)}: its ends solve it with equality.
    low, high = (float(v) for v in wilson_interval(k, n))
    p_hat = k / n
    for p in (low, high):
        if p in (0.0, 1.0) and p == p_hat:
            continue  # the end that sits on the estimate itself at 0 or n successes
        assert (p_hat - p) ** 2 == pytest.approx(Z95**2 * p * (1 - p) / n, abs=1e-12)
    assert 0 <= low <= p_hat <= high <= 1


def test_wilson_matches_published_value():
    # Brown, Cai & DasGupta (2001) style example: 10 of 20 gives about [0.299, 0.701].
    low, high = wilson_interval(10, 20)
    assert (round(float(low), 3), round(float(high), 3)) == (0.299, 0.701)


def test_wilson_covers_about_95_percent():
    # 20,000 binomial samples of n=40, p=0.3; Wilson coverage is close to nominal
    # (tolerance: 0.93-0.97, far wider than the ~0.0015 Monte Carlo error).
    rng = np.random.default_rng(1)
    k = rng.binomial(40, 0.3, size=20_000)
    low, high = wilson_interval(k, 40)
    coverage = np.mean((low <= 0.3) & (high >= 0.3))
    assert 0.93 <= coverage <= 0.97


def test_war_probability_counts_wars_by_each_horizon():
    s = summary_of("a", [5, 10, None, 30, None])
    war = war_probability(s, {"a": [4, 5, 10, 29, 30, 100]})
    assert war["wars"].tolist() == [0, 1, 2, 2, 3, 3]
    assert war["probability"].tolist() == pytest.approx([0, 0.2, 0.4, 0.4, 0.6, 0.6])
    assert (war["low"] <= war["probability"]).all() and (war["probability"] <= war["high"]).all()


def test_time_to_first_war_handles_censored_runs():
    s = summary_of("a", [5, 10, None, None])
    t = time_to_first_war(s, {"a": 100}).iloc[0]
    assert t["median"] == 10  # half the runs had a war by step 10
    assert t["median_among_wars"] == 7.5
    assert t["share_censored"] == 0.5
    never = time_to_first_war(summary_of("b", [None] * 4), {"b": 100}).iloc[0]
    assert np.isnan(never["median"]) and never["share_censored"] == 1


def test_default_horizons_are_yearly_and_end_at_the_horizon():
    assert default_horizons(240) == list(range(12, 241, 12))
    assert default_horizons(100) == [12, 24, 36, 48, 60, 72, 84, 96, 100]
    assert len(default_horizons(1200)) <= 21 and default_horizons(1200)[-1] == 1200
    assert default_horizons(6) == [6]


def paired_data(n=60, shift=0.1, seed=3):
    """Two variants sharing seeds: a large common part (the luck) plus a small shift."""
    rng = np.random.default_rng(seed)
    luck = rng.normal(0, 1, n)
    a = summary_of("a", [None] * n, final_mean_trust=luck + rng.normal(0, 0.05, n))
    b = summary_of("b", [None] * n, final_mean_trust=luck + shift + rng.normal(0, 0.05, n))
    return pd.concat([a, b], ignore_index=True)


def test_paired_bootstrap_finds_a_small_shift_under_large_shared_luck():
    d = differences(paired_data(), "a", outcomes=["final_mean_trust"]).iloc[0]
    assert bool(d["paired"])
    assert d["low"] < 0.1 < d["high"]  # covers the true shift
    assert d["low"] > 0  # and tells it from zero: the luck cancels in pairs


def test_unpaired_bootstrap_when_seeds_differ_is_wider():
    data = paired_data()
    unpaired = data.copy()
    unpaired.loc[unpaired["variant"] == "b", "seed"] += 1
    p = differences(data, "a", outcomes=["final_mean_trust"]).iloc[0]
    u = differences(unpaired, "a", outcomes=["final_mean_trust"]).iloc[0]
    assert not bool(u["paired"])
    assert u["difference"] == pytest.approx(p["difference"])
    assert (u["high"] - u["low"]) > 5 * (p["high"] - p["low"])
    assert u["low"] < 0 < u["high"]  # unpaired, the shift drowns in the luck


def test_bootstrap_is_reproducible_and_seeded():
    data = paired_data()
    first = differences(data, "a", outcomes=["final_mean_trust"])
    again = differences(data, "a", outcomes=["final_mean_trust"])
    other = differences(data, "a", outcomes=["final_mean_trust"], seed=99)
    pd.testing.assert_frame_equal(first, again)
    assert first["low"].iloc[0] != other["low"].iloc[0]


def test_bootstrap_interval_covers_the_truth_about_95_percent():
    # 200 independent data sets with a known shift of 0.1; a 95% interval should
    # cover it in 88-99% of them (binomial error at n=200 is about 1.5 points).
    hits = 0
    for seed in range(200):
        d = differences(paired_data(n=30, seed=seed), "a", ["final_mean_trust"], draws=400)
        hits += d["low"].iloc[0] <= 0.1 <= d["high"].iloc[0]
    assert 0.88 <= hits / 200 <= 0.99


def test_outcome_means_and_headline_table():
    s = pd.concat(
        [
            summary_of("a", [5, None, None, None], mean_hostility=[1.0, 2.0, 3.0, 4.0]),
            summary_of("b", [5, 6, 7, None], mean_hostility=[2.0, 3.0, 4.0, 5.0]),
        ],
        ignore_index=True,
    )
    means = outcome_means(s, ["war_by_horizon", "mean_hostility"])
    m = means.set_index(["variant", "outcome"])
    assert m.loc[("a", "mean_hostility"), "mean"] == 2.5
    assert m.loc[("b", "war_by_horizon"), "mean"] == 0.75
    assert m.loc[("a", "mean_hostility"), "method"] == "Student t 95%"
    table = tidy_table(
        war_probability(s, {"a": [100], "b": [100]}),
        time_to_first_war(s, {"a": 100, "b": 100}),
        means,
        differences(s, "a", ["war_by_horizon", "mean_hostility"]),
    )
    assert set(table["statistic"]) == {"war_probability", "mean", "difference", "time_to_first_war"}
    head = headline(table)
    assert list(head.index) == ["a", "b"]
    assert head.loc["b", "war by step 100"].startswith("75.0% [")
    assert head.loc["a", "war probability minus a (points)"] == "(reference)"
    assert head.loc["b", "war probability minus a (points)"].startswith("+50.0% [")
