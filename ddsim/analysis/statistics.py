"""The statistics of a comparison: pure functions of tables.

``ddsim.compare(sc)`` runs every variant of a scenario over the same
replication seeds (common random numbers: each variant meets the same luck)
and returns a :class:`Comparison`: pandas tables of

- ``timeseries_stats``: per variant, step and metric, the mean with a 95%
  confidence interval of the mean (Student t) and the 2.5-97.5% range of
  replications;
- ``war_probability``: the probability of war by each horizon with a Wilson
  95% interval (Wilson 1927; Brown, Cai & DasGupta 2001 recommend it over the
  normal interval);
- ``time_to_first_war``: Kaplan-Meier median time to the first war (Kaplan &
  Meier 1958) with a 95% interval read off the pointwise Wilson band
  (Brookmeyer & Crowley 1982), the median among the replications that had a
  war, and the share censored (no war by the horizon);
- ``outcomes``: the declared per-replication outcomes (:data:`COMPARED`, see
  :mod:`ddsim.analysis.outcomes`) averaged per variant, with the 95% interval
  of their kind (:func:`ddsim.analysis.intervals.interval`: Wilson for the
  war probability, Student t for the means);
- ``differences``: each variant minus the reference (the first variant) with
  percentile bootstrap 95% intervals (Efron & Tibshirani 1993), paired on
  replication when the two share seeds. The bootstrap draws come from
  ``numpy.random.default_rng(BOOTSTRAP_SEED)``, so the intervals are
  reproducible; every comparison uses the same resamples of replications.

``ddsim.compare(sc_a, sc_b)`` compares several scenario files: each file's
variants are labelled ``name:variant`` (or just the scenario's name if it has
no variants).

All runs reach the same horizon, so the only censoring is at the horizon and
the Kaplan-Meier curve equals the share of replications still at peace.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ddsim.analysis.intervals import (
    cumulative_incidence,
    interval,
    kaplan_meier_median,
    t_half_width,
    wilson_interval,
)
from ddsim.analysis.outcomes import OUTCOMES
from ddsim.defaults import BOOTSTRAP_DRAWS, BOOTSTRAP_SEED

#: Declared outcomes (:data:`ddsim.analysis.outcomes.OUTCOMES`) compared between
#: variants, in the order of ``comparison.csv``.
COMPARED = (
    "war_by_horizon",
    "mean_hostility",
    "peak_hostility",
    "final_mean_trust",
    "final_rival_trust",
    "disputes",
    "force_steps",
)
#: Time-series columns given 95% bands in ``timeseries_stats``.
BAND_COLUMNS = (
    "mean_trust",
    "rival_trust",
    "mean_hostility",
    "wars",
    "share_mid_5",
    "new_disputes",
    "security_community_size",
)
STEPS_PER_YEAR = {"week": 52, "month": 12, "quarter": 4, "year": 1}
TABLE_COLUMNS = [
    "statistic",
    "variant",
    "reference",
    "outcome",
    "horizon",
    "n",
    "estimate",
    "low",
    "high",
    "method",
]


# --------------------------------------------------------------------------
# statistics (pure functions of tables)
# --------------------------------------------------------------------------
def timeseries_stats(ts: pd.DataFrame, columns: Sequence[str] = BAND_COLUMNS) -> pd.DataFrame:
    """Per variant, metric and step: mean, 95% interval of the mean (Student t),
    and the 2.5-97.5% range of replications (how far single runs spread)."""
    cols = [c for c in columns if c in ts.columns]
    long = ts.melt(id_vars=["variant", "step"], value_vars=cols, var_name="metric")
    g = long.groupby(["variant", "metric", "step"], sort=False)["value"]
    out = g.agg(n="count", mean="mean", sd="std")
    half = t_half_width(out["sd"], out["n"])
    out["ci_low"], out["ci_high"] = out["mean"] - half, out["mean"] + half
    out["p2_5"], out["p97_5"] = g.quantile(0.025), g.quantile(0.975)
    return out.drop(columns="sd").reset_index()


def percentile_rank(values: Any, x: float) -> float:
    """Where ``x`` falls among ``values``, in percent: the share below it,
    counting ties as half (the mid-rank definition; Hazen 1914). 0 means
    below every value, 100 above every value; NaN values are left out."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if not len(v) or np.isnan(x):
        return float("nan")
    return float(100.0 * (np.sum(v < x) + 0.5 * np.sum(v == x)) / len(v))


def default_horizons(steps: int, step_unit: str = "month") -> list[int]:
    """Yearly horizons up to ``steps`` (at most 20 of them), always ending at ``steps``."""
    per = STEPS_PER_YEAR.get(step_unit, 12)
    marks = list(range(per, steps + 1, per))
    if len(marks) > 20:
        stride = -(-len(marks) // 20)
        marks = marks[stride - 1 :: stride]
    return sorted({*marks, steps})


def war_probability(summary: pd.DataFrame, horizons: dict[str, Sequence[int]]) -> pd.DataFrame:
    """Probability of a war by each horizon, per variant, with Wilson 95% intervals.

    Args:
        summary: One row per replication (``variant``, ``first_war_step``).
        horizons: Per variant, the steps at which to read the probability.
    """
    rows = []
    for variant, runs in summary.groupby("variant", sort=False):
        first = pd.to_numeric(runs["first_war_step"], errors="coerce").to_numpy(dtype=float)
        hs = np.asarray(horizons[variant])
        wars, _ = cumulative_incidence(first, hs)
        low, high = wilson_interval(wars, len(first))
        rows.append(
            pd.DataFrame(
                {
                    "variant": variant,
                    "horizon": hs,
                    "n": len(first),
                    "wars": wars,
                    "probability": wars / len(first),
                    "low": low,
                    "high": high,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def time_to_first_war(summary: pd.DataFrame, steps: dict[str, int]) -> pd.DataFrame:
    """Time to the first war, per variant, allowing for runs with no war.

    Columns: ``n``, ``wars``, ``share_censored`` (no war by the horizon),
    ``median`` (Kaplan-Meier: the first step by which half the replications
    had a war; NaN if not reached), ``median_low``/``median_high`` (where the
    Wilson band crosses one half; NaN if it does not by the horizon) and
    ``median_among_wars`` (only the replications that had one).
    """
    rows = []
    for variant, runs in summary.groupby("variant", sort=False):
        times = pd.to_numeric(runs["first_war_step"], errors="coerce").astype(float)
        first = times.dropna()
        median = kaplan_meier_median(times.to_numpy(), steps[variant])
        rows.append(
            {
                "variant": variant,
                "n": len(runs),
                "wars": len(first),
                "share_censored": 1 - len(first) / len(runs),
                "median": median.estimate,
                "median_low": median.low,
                "median_high": median.high,
                "median_among_wars": float(first.median()) if len(first) else np.nan,
                "horizon": steps[variant],
            }
        )
    return pd.DataFrame(rows)


def outcome_means(summary: pd.DataFrame, outcomes: Sequence[str] = COMPARED) -> pd.DataFrame:
    """Mean of each per-replication outcome per variant, with the 95% interval
    of its declared kind (Wilson for the war probability, Student t for the
    others: :func:`ddsim.analysis.intervals.interval`)."""
    rows = []
    for variant, runs in summary.groupby("variant", sort=False):
        for outcome in outcomes:
            if outcome not in runs:
                continue
            x = pd.to_numeric(runs[outcome], errors="coerce").astype(float).dropna()
            if x.empty:
                continue
            ci = interval(OUTCOMES[outcome], x.to_numpy())
            rows.append(
                {
                    "variant": variant,
                    "outcome": outcome,
                    "n": ci.n,
                    "mean": ci.estimate,
                    "low": ci.low,
                    "high": ci.high,
                    "method": ci.method,
                }
            )
    return pd.DataFrame(rows)


def differences(
    summary: pd.DataFrame,
    reference: str,
    outcomes: Sequence[str] = COMPARED,
    draws: int = BOOTSTRAP_DRAWS,
    seed: int = BOOTSTRAP_SEED,
) -> pd.DataFrame:
    """Each variant minus ``reference``, per outcome, with bootstrap 95% intervals.

    When the two variants ran the same seeds (common random numbers) the
    replications are paired: the bootstrap resamples replications and takes
    the mean of the per-replication differences, which removes the shared luck
    and gives narrower intervals. Otherwise each side is resampled on its own.
    The draws come from ``numpy.random.default_rng(seed)``, anew for every
    variant, so the same resamples serve every outcome and the result does
    not depend on which other variants are compared.
    """
    ref = summary[summary["variant"] == reference].set_index("replication")
    rows = []
    for variant, runs in summary.groupby("variant", sort=False):
        if variant == reference:
            continue
        other = runs.set_index("replication")
        common = ref.index.intersection(other.index)
        paired = len(common) > 0 and bool(
            (ref.loc[common, "seed"].to_numpy() == other.loc[common, "seed"].to_numpy()).all()
        )
        rng = np.random.default_rng(seed)
        if paired:
            idx = rng.integers(0, len(common), size=(draws, len(common)))
        else:
            idx_ref = rng.integers(0, len(ref), size=(draws, len(ref)))
            idx_var = rng.integers(0, len(other), size=(draws, len(other)))
        for outcome in outcomes:
            if outcome not in ref or outcome not in other:
                continue
            a = pd.to_numeric(ref[outcome], errors="coerce").astype(float)
            b = pd.to_numeric(other[outcome], errors="coerce").astype(float)
            if a.isna().all() or b.isna().all():
                continue
            if paired:
                d = (b.loc[common] - a.loc[common]).to_numpy()
                estimate, boot = d.mean(), d[idx].mean(axis=1)
                n, method = len(common), f"paired bootstrap 95% ({draws} draws, seed {seed})"
            else:
                av, bv = a.to_numpy(), b.to_numpy()
                estimate = bv.mean() - av.mean()
                boot = bv[idx_var].mean(axis=1) - av[idx_ref].mean(axis=1)
                n, method = min(len(av), len(bv)), f"bootstrap 95% ({draws} draws, seed {seed})"
            low, high = np.quantile(boot, [0.025, 0.975])
            rows.append(
                {
                    "variant": variant,
                    "reference": reference,
                    "outcome": outcome,
                    "n": n,
                    "paired": paired,
                    "difference": float(estimate),
                    "low": float(low),
                    "high": float(high),
                    "method": method,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "variant",
            "reference",
            "outcome",
            "n",
            "paired",
            "difference",
            "low",
            "high",
            "method",
        ],
    )


def tidy_table(
    war: pd.DataFrame, ttw: pd.DataFrame, means: pd.DataFrame, diffs: pd.DataFrame
) -> pd.DataFrame:
    """All the comparison's numbers in one long table (``comparison.csv``)."""
    parts = [
        war.assign(
            statistic="war_probability",
            outcome="war",
            estimate=war["probability"],
            method="Wilson 95%",
        ),
        means.assign(statistic="mean", estimate=means["mean"]),
        diffs.assign(statistic="difference", estimate=diffs["difference"]),
    ]
    for column, method in [
        ("median", "Kaplan-Meier median, Wilson band 95%"),
        ("median_among_wars", "median over replications with a war"),
        ("share_censored", "share of replications with no war by the horizon"),
    ]:
        part = ttw.assign(statistic="time_to_first_war", outcome=column, estimate=ttw[column])
        part["method"] = method
        part["low"] = ttw["median_low"] if column == "median" else np.nan
        part["high"] = ttw["median_high"] if column == "median" else np.nan
        part["n"] = ttw["n"] if column != "median_among_wars" else ttw["wars"]
        parts.append(part)
    table = pd.concat([p.reindex(columns=TABLE_COLUMNS) for p in parts], ignore_index=True)
    table["horizon"] = table["horizon"].astype("Int64")
    table["n"] = table["n"].astype("Int64")
    return table


def headline(table: pd.DataFrame, unit: str = "step") -> pd.DataFrame:
    """The few numbers a reader wants first, per variant, as text with 95% intervals.

    Built from the tidy ``comparison.csv`` table alone, so a report can be
    rebuilt from a results folder.

    Args:
        table: The tidy table (:func:`tidy_table`, ``comparison.csv``).
        unit: What a step is (``month``), for the column names.
    """
    wars = table[table["statistic"] == "war_probability"]
    horizons = wars.groupby("variant", sort=False)["horizon"].max()
    war_key = (
        f"war by {unit} {int(horizons.iloc[0])}"
        if horizons.nunique() == 1
        else "war by the horizon"
    )
    reference = table.loc[table["statistic"] == "difference", "reference"]
    ref_name = reference.iloc[0] if len(reference) else None
    rows = {}
    for variant in dict.fromkeys(table["variant"]):
        t = table[table["variant"] == variant]
        row: dict[str, str] = {}
        war = t[t["statistic"] == "war_probability"]
        if len(war):
            last = war.loc[war["horizon"].idxmax()]
            row["replications"] = f"{int(last['n'])}"
            row[war_key] = _ci(last, percent=True)
        ttw = t[(t["statistic"] == "time_to_first_war") & (t["outcome"] == "median")]
        if len(ttw):
            row[f"median {unit}s to first war"] = _median_text(ttw.iloc[0])
        for outcome in ("mean_hostility", "final_mean_trust", "final_rival_trust"):
            m = t[(t["statistic"] == "mean") & (t["outcome"] == outcome)]
            if len(m):
                row[OUTCOMES[outcome].label] = _ci(m.iloc[0])
        if ref_name is not None:
            d = t[(t["statistic"] == "difference") & (t["outcome"] == "war_by_horizon")]
            key = f"war probability minus {ref_name} (points)"
            row[key] = _ci(d.iloc[0], percent=True, signed=True) if len(d) else "(reference)"
        rows[variant] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("variant")


def reading(row: pd.Series) -> str:
    """A difference in words: clearly higher, clearly lower, or no clear difference."""
    if row["low"] > 0:
        return "clearly higher"
    if row["high"] < 0:
        return "clearly lower"
    return "no clear difference"


def _ci(row: pd.Series, percent: bool = False, signed: bool = False) -> str:
    scale, unit = (100, "%") if percent else (1, "")
    fmt = "{:" + ("+" if signed else "") + (".1f}" if percent else ".3f}")
    est, low, high = (fmt.format(row[k] * scale) for k in ("estimate", "low", "high"))
    if pd.isna(row["low"]):
        return f"{est}{unit}"
    return f"{est}{unit} [{low}, {high}]"


def _median_text(row: pd.Series) -> str:
    if pd.isna(row["estimate"]):
        return "not reached"
    low = "?" if pd.isna(row["low"]) else f"{row['low']:.0f}"
    high = "not reached" if pd.isna(row["high"]) else f"{row['high']:.0f}"
    return f"{row['estimate']:.0f} [{low}, {high}]"
