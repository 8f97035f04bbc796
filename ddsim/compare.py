"""Compare variants side by side, with confidence intervals.

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
- ``outcomes``: per-replication outcomes (final trust, mean hostility ...)
  averaged per variant, with 95% intervals;
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

import argparse
import logging
import sys
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as st

from .experiment import Executor, Outcome, Results, collect, plan_jobs
from .scenario import Scenario, load_scenario

log = logging.getLogger("ddsim")

#: z for a two-sided 95% interval.
Z95 = 1.959963984540054
#: Seed of the bootstrap's random draws (fixed so intervals are reproducible).
BOOTSTRAP_SEED = 20_260_101
#: Bootstrap resamples per comparison.
BOOTSTRAP_DRAWS = 2000

#: Per-replication outcomes compared between variants (summary columns), in plain words.
OUTCOMES: dict[str, str] = {
    "war_by_horizon": "probability of war by the horizon",
    "mean_hostility": "mean hostility (MID level)",
    "peak_hostility": "peak hostility (MID level)",
    "final_mean_trust": "final mean trust",
    "final_rival_trust": "final trust between rivals",
    "disputes": "new disputes",
}
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
def wilson_interval(k: Any, n: Any, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion ``k / n`` (Wilson 1927).

    It stays inside [0, 1] and behaves well at 0 and n successes, where the
    normal interval collapses to a point.
    """
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def t_half_width(sd: Any, n: Any) -> np.ndarray:
    """Half-width of the Student-t 95% interval of a mean (NaN when n < 2)."""
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return st.t.ppf(0.975, np.where(n > 1, n - 1, np.nan)) * np.asarray(sd) / np.sqrt(n)


def timeseries_stats(ts: pd.DataFrame, columns: Sequence[str] = BAND_COLUMNS) -> pd.DataFrame:
    """Per variant, metric and step: mean, 95% interval of the mean, and the
    2.5-97.5% range of replications (how far single runs spread)."""
    cols = [c for c in columns if c in ts.columns]
    long = ts.melt(id_vars=["variant", "step"], value_vars=cols, var_name="metric")
    g = long.groupby(["variant", "metric", "step"], sort=False)["value"]
    out = g.agg(n="count", mean="mean", sd="std")
    half = t_half_width(out["sd"], out["n"])
    out["ci_low"], out["ci_high"] = out["mean"] - half, out["mean"] + half
    out["p2_5"], out["p97_5"] = g.quantile(0.025), g.quantile(0.975)
    return out.drop(columns="sd").reset_index()


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
        wars = (first[None, :] <= hs[:, None]).sum(axis=1)
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
    curve = war_probability(summary, {v: range(s + 1) for v, s in steps.items()})
    rows = []
    for variant, c in curve.groupby("variant", sort=False):
        runs = summary[summary["variant"] == variant]
        first = pd.to_numeric(runs["first_war_step"], errors="coerce").dropna()

        def crossing(values: pd.Series, c: pd.DataFrame = c) -> float:
            hit = c.loc[values.to_numpy() >= 0.5, "horizon"]
            return float(hit.iloc[0]) if len(hit) else np.nan

        rows.append(
            {
                "variant": variant,
                "n": len(runs),
                "wars": len(first),
                "share_censored": 1 - len(first) / len(runs),
                "median": crossing(c["probability"]),
                "median_low": crossing(c["high"]),
                "median_high": crossing(c["low"]),
                "median_among_wars": float(first.median()) if len(first) else np.nan,
                "horizon": steps[variant],
            }
        )
    return pd.DataFrame(rows)


def outcome_means(summary: pd.DataFrame, outcomes: Sequence[str] = tuple(OUTCOMES)) -> pd.DataFrame:
    """Mean of each per-replication outcome per variant, with a 95% interval
    (Wilson for the war probability, Student t for the others)."""
    rows = []
    for variant, runs in summary.groupby("variant", sort=False):
        for outcome in outcomes:
            if outcome not in runs:
                continue
            x = pd.to_numeric(runs[outcome], errors="coerce").astype(float).dropna()
            if x.empty:
                continue
            mean = float(x.mean())
            if outcome == "war_by_horizon":
                low, high = (float(v) for v in wilson_interval(x.sum(), len(x)))
                method = "Wilson 95%"
            else:
                half = float(t_half_width(x.std(), len(x)))
                low, high = mean - half, mean + half
                method = "Student t 95%"
            rows.append(
                {
                    "variant": variant,
                    "outcome": outcome,
                    "n": len(x),
                    "mean": mean,
                    "low": low,
                    "high": high,
                    "method": method,
                }
            )
    return pd.DataFrame(rows)


def differences(
    summary: pd.DataFrame,
    reference: str,
    outcomes: Sequence[str] = tuple(OUTCOMES),
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
                row[OUTCOMES[outcome]] = _ci(m.iloc[0])
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


# --------------------------------------------------------------------------
# the comparison
# --------------------------------------------------------------------------
@dataclass
class Arm:
    """One thing compared: a scenario's variant, under a label."""

    label: str
    scenario: Scenario
    variant: str
    description: str = ""


@dataclass
class Comparison:
    """Variants side by side (see the module docstring for every table).

    Attributes:
        results: The replications (``timeseries``, ``summary``), variants labelled.
        reference: The label the others are compared against.
        arms: What each label is (scenario, variant, description).
        timeseries_stats, war_probability, time_to_first_war, outcomes,
        differences: DataFrames; ``table`` holds them all, long (``comparison.csv``).
    """

    results: Results
    reference: str
    arms: list[Arm]
    timeseries_stats: pd.DataFrame
    war_probability: pd.DataFrame
    time_to_first_war: pd.DataFrame
    outcomes: pd.DataFrame
    differences: pd.DataFrame
    table: pd.DataFrame
    bootstrap: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_results(
        cls,
        results: Results,
        arms: Sequence[Arm],
        reference: str | None = None,
        draws: int = BOOTSTRAP_DRAWS,
        seed: int = BOOTSTRAP_SEED,
    ) -> Comparison:
        """Compute every table from the replications."""
        labels = [a.label for a in arms]
        reference = reference or labels[0]
        steps = {a.label: a.scenario.steps for a in arms}
        horizons = {a.label: default_horizons(a.scenario.steps, a.scenario.step_unit) for a in arms}
        summary = results.summary
        war = war_probability(summary, horizons)
        ttw = time_to_first_war(summary, steps)
        means = outcome_means(summary)
        diffs = differences(summary, reference, draws=draws, seed=seed)
        return cls(
            results,
            reference,
            list(arms),
            timeseries_stats(results.timeseries),
            war,
            ttw,
            means,
            diffs,
            tidy_table(war, ttw, means, diffs),
            {"draws": draws, "seed": seed},
        )

    @property
    def labels(self) -> list[str]:
        return [a.label for a in self.arms]

    def headline(self) -> pd.DataFrame:
        """The key numbers per variant, as text with 95% intervals."""
        return headline(self.table, self.results.scenario.step_unit)

    def __repr__(self) -> str:
        reps = self.results.summary.groupby("variant", sort=False).size().to_dict()
        return f"<Comparison of {reps} (replications), reference {self.reference!r}>"

    def _repr_html_(self) -> str:
        return self.headline().to_html()

    def write(self, out: str | Path, command: Sequence[str] | None = None) -> Path:
        """Write the results folder (atomically): CSVs, figures, manifest, report.html."""
        import json

        from .report import render_report
        from .results import atomic_folder, manifest

        out = Path(out)
        with atomic_folder(out) as tmp:
            self.results.timeseries.to_csv(tmp / "timeseries.csv", index=False)
            self.results.summary.to_csv(tmp / "summary.csv", index=False)
            self.table.to_csv(tmp / "comparison.csv", index=False)
            self.timeseries_stats.to_csv(tmp / "timeseries_stats.csv", index=False)
            drawn = comparison_figures(self, tmp)
            info = manifest(
                self.results,
                command,
                figures=[p.name for p in drawn],
                kind="compare",
                description=self.results.scenario.description,
                step_unit=self.results.scenario.step_unit,
                reference=self.reference,
                variant_descriptions={a.label: a.description for a in self.arms},
                scenarios=_scenario_records(self.arms),
                bootstrap=self.bootstrap,
            )
            (tmp / "manifest.json").write_text(json.dumps(info, indent=2) + "\n")
            (tmp / "report.html").write_text(render_report(tmp), encoding="utf-8")
        return out


def _scenario_records(arms: Sequence[Arm]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for a in arms:
        sc = a.scenario
        rec = seen.setdefault(
            sc.digest,
            {
                "name": sc.name,
                "title": sc.title,
                "file": sc.file,
                "sha256": sc.digest,
                "root_seed": sc.seed,
                "steps": sc.steps,
                "labels": [],
            },
        )
        rec["labels"].append(a.label)
    return list(seen.values())


def arms_of(scenarios: Sequence[Scenario], only: Sequence[str] | None = None) -> list[Arm]:
    """The labelled variants to compare (``name:variant`` when several files)."""
    from .cli import UsageError

    names = [sc.name for sc in scenarios]
    if len(set(names)) < len(names):  # two files with the same scenario name
        names = [Path(sc.file).stem if sc.file else sc.name for sc in scenarios]
    seen: dict[str, int] = {}
    for k, name in enumerate(names):  # still the same: number the repeats
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            names[k] = f"{name}-{seen[name]}"
    arms = []
    for name, sc in zip(names, scenarios, strict=True):
        for variant in sc.variant_names:
            if len(scenarios) == 1:
                label = variant
            else:
                label = f"{name}:{variant}" if sc.spec.variants else name
            spec = sc.spec.variants.get(variant)
            description = (spec.description if spec else None) or ""
            arms.append(Arm(label, sc, variant, description))
    if only:
        known = {a.label: a for a in arms}
        unknown = [v for v in only if v not in known]
        if unknown:
            raise UsageError(f"no variant {unknown[0]!r} to compare; known: {', '.join(known)}")
        arms = [known[v] for v in dict.fromkeys(only)]
    return arms


def compare(
    *scenarios: Scenario | str | Path,
    replications: int | None = None,
    variants: Sequence[str] | None = None,
    reference: str | None = None,
    seed: int | None = None,
    steps: int | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    executor: Executor | None = None,
    store: str | Path | None = None,
    resume: bool = False,
    progress: bool | None = None,
    bootstrap_draws: int = BOOTSTRAP_DRAWS,
    bootstrap_seed: int = BOOTSTRAP_SEED,
) -> Comparison:
    """Compare the variants of one scenario, or of several, over replications.

    Args:
        *scenarios: Scenarios or paths of scenario files.
        replications: Per variant (default: each scenario's own).
        variants: Labels to compare, in order (default: all).
        reference: The label the others are compared against (default: the first).
        seed: Root seed for every scenario (default: each scenario's own).
        steps: Horizon (default: each scenario's own).
        workers: Local processes (or local Dask workers with ``scheduler="local"``).
        scheduler: Run on Dask: a scheduler address, or ``"local"``.
        executor: Runs the jobs (overrides ``workers`` and ``scheduler``).
        store: Keep each finished replication in this folder (see :mod:`ddsim.store`);
            it is left in place (delete it once the results are written).
        resume: Continue from what ``store`` holds.
        progress: Progress bar (default: only on a terminal).
        bootstrap_draws, bootstrap_seed: The bootstrap of the differences.

    Returns:
        A :class:`Comparison`; ``.write(folder)`` writes CSVs, figures and report.html.

    Example:
        >>> cmp = compare("scenarios/rivals.yaml", replications=20)  # doctest: +SKIP
        >>> cmp.headline()  # doctest: +SKIP
    """
    from .cli import UsageError
    from .executors import make_executor
    from .store import ReplicationStore, job_key, run_jobs

    if not scenarios:
        raise UsageError("compare needs at least one scenario")
    loaded = [s if isinstance(s, Scenario) else load_scenario(s) for s in scenarios]
    if seed is not None:
        loaded = [sc.replace(seed=seed) for sc in loaded]
    if steps is not None:
        loaded = [sc.replace(steps=steps) for sc in loaded]
    arms = arms_of(loaded, variants)
    if reference is not None and reference not in [a.label for a in arms]:
        raise UsageError(
            f"--reference {reference!r} is not compared; choose one of: "
            + ", ".join(a.label for a in arms)
        )
    planned = {
        a.label: plan_jobs(
            a.scenario, [a.variant], replications or a.scenario.replications, a.scenario.seed
        )
        for a in arms
    }
    jobs = list({job_key(j): j for js in planned.values() for j in js}.values())
    kept = ReplicationStore.open(store, jobs, resume=resume) if store is not None else None
    started = time.perf_counter()
    outcomes = run_jobs(
        jobs, executor or make_executor(workers, scheduler), store=kept, show_progress=progress
    )
    log.info("%d replications in %.1f s", len(jobs), time.perf_counter() - started)
    by_key = {job_key(o.job): o for o in outcomes}
    labelled = [_relabel(by_key[job_key(j)], label) for label, js in planned.items() for j in js]
    results = collect(loaded[0], labelled, list(planned))
    return Comparison.from_results(
        results, arms, reference, draws=bootstrap_draws, seed=bootstrap_seed
    )


def _relabel(outcome: Outcome, label: str) -> Outcome:
    if outcome.summary["variant"] == label:
        return outcome
    return Outcome(
        outcome.job,
        outcome.timeseries.assign(variant=label),
        {**outcome.summary, "variant": label},
        outcome.graph,
    )


# --------------------------------------------------------------------------
# figures
# --------------------------------------------------------------------------
def comparison_figures(cmp: Comparison, folder: Path) -> list[Path]:
    """Draw the comparison's figures into ``folder``; return their paths.

    Each PNG carries its caption in its ``Description`` text field, which the
    report reads.
    """

    from . import plots

    figures = {
        "hostility.png": _band_figure(
            cmp,
            "mean_hostility",
            "mean hostility (MID level, 0 = peace, 5 = war)",
            "Mean MID level over all pairs of states, per variant. Line = mean of the "
            "replications; band = 95% confidence interval of that mean. Where the bands do "
            "not overlap, the variants really differ; single runs spread much wider.",
        ),
        "trust.png": _trust_figure(cmp),
        "war_probability.png": war_probability_figure(cmp),
        "outcomes.png": outcomes_figure(cmp),
    }
    if len(cmp.labels) > 1:
        figures["differences.png"] = differences_figure(cmp)
    figures["mid_levels.png"] = plots.mid_shares_figure(cmp.results)
    for label, graph in cmp.results.graphs.items():
        name = "network_" + "".join(c if c.isalnum() or c in "-_" else "_" for c in label)
        figures[f"{name}.png"] = plots.network_figure(graph, f"Trust network: {label}")
    return plots.save_figures(figures, folder)


def _band_figure(cmp: Comparison, column: str, label: str, caption: str):
    from . import plots

    s = cmp.timeseries_stats
    s = s[s["metric"] == column].set_index(["variant", "step"])
    stats = s.rename(columns={"ci_low": "low", "ci_high": "high"})[["mean", "low", "high"]]
    fig = plots.over_time(cmp.results, column, label, caption, stats, "95% CI of the mean")
    if len({a.scenario.digest for a in cmp.arms}) > 1:
        names = dict.fromkeys(a.scenario.name for a in cmp.arms)
        fig.axes[0].set_title("Comparison of " + ", ".join(names))
    return fig


def _trust_figure(cmp: Comparison):
    ts = cmp.results.timeseries
    rivals = "rival_trust" in ts and ts["rival_trust"].notna().any()
    column = "rival_trust" if rivals else "mean_trust"
    who = "between states that started as rivals" if rivals else "over all pairs of states"
    return _band_figure(
        cmp,
        column,
        "trust (0 = none, 1 = full)",
        f"Mean trust {who}, per variant, with the 95% confidence interval of the mean. "
        "Trust is built slowly and lost fast: look for the variant where it climbs, and "
        "whether it holds.",
    )


def war_probability_figure(cmp: Comparison):
    """Cumulative probability of a first war by each step, with Wilson 95% bands."""
    import matplotlib.pyplot as plt

    from .plots import COLOURS, add_caption

    steps = {a.label: a.scenario.steps for a in cmp.arms}
    curve = war_probability(cmp.results.summary, {v: range(s + 1) for v, s in steps.items()})
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for k, (variant, c) in enumerate(curve.groupby("variant", sort=False)):
        colour = COLOURS[k % len(COLOURS)]
        ax.step(c["horizon"], c["probability"], where="post", color=colour, lw=2, label=variant)
        ax.fill_between(
            c["horizon"], c["low"], c["high"], step="post", color=colour, alpha=0.2, lw=0
        )
    unit = cmp.results.scenario.step_unit
    ax.set(xlabel=f"time ({unit}s)", ylabel="probability of a war so far", ylim=(0, 1))
    ax.axhline(0.5, color="0.6", lw=0.8, ls=":")
    ax.grid(alpha=0.3)
    ax.legend(title="variant (Wilson 95% band)", loc="center right")
    n = int(cmp.results.summary.groupby("variant").size().min())
    return add_caption(
        fig,
        f"Share of the {n} replications per variant that have had at least one war by each "
        "time (Kaplan-Meier; every run reaches the horizon). Read the right end for the "
        "risk of war by the horizon; where a line crosses the dotted 50% line is the median "
        "time to the first war.",
    )


def outcomes_figure(cmp: Comparison):
    """Key outcomes per variant: mean and 95% interval, one panel each."""
    import matplotlib.pyplot as plt

    from .plots import COLOURS, add_caption

    shown = [
        o
        for o in ("war_by_horizon", "mean_hostility", "final_mean_trust")
        if o in set(cmp.outcomes["outcome"])
    ]
    fig, axes = plt.subplots(1, len(shown), figsize=(9, 3.8), sharey=True, squeeze=False)
    labels = cmp.labels
    for ax, outcome in zip(axes[0], shown, strict=True):
        o = cmp.outcomes[cmp.outcomes["outcome"] == outcome].set_index("variant").loc[labels]
        y = np.arange(len(labels))[::-1]
        colours = [COLOURS[k % len(COLOURS)] for k in range(len(labels))]
        _whiskers(ax, o["mean"], o["low"], o["high"], y, colours)
        ax.set(yticks=y, yticklabels=labels)
        ax.set_title(textwrap.fill(OUTCOMES[outcome], 24), fontsize=10)
        ax.grid(alpha=0.3, axis="x")
    return add_caption(
        fig,
        "Per variant: the mean over replications (dot) and its 95% interval (bar): "
        "Wilson for the war probability, Student t for the others. Bars that do not "
        "overlap mark a clear difference.",
    )


def _whiskers(ax, centre, low, high, y, colours) -> None:
    """Dots at ``centre`` with bars from ``low`` to ``high``, one colour each."""
    for c, lo, hi, yy, colour in zip(centre, low, high, y, colours, strict=True):
        ax.plot([lo, hi], [yy, yy], color=colour, lw=2.5, solid_capstyle="butt")
        ax.plot([lo, lo], [yy - 0.12, yy + 0.12], color=colour, lw=1.5)
        ax.plot([hi, hi], [yy - 0.12, yy + 0.12], color=colour, lw=1.5)
        ax.scatter([c], [yy], color=[colour], s=45, zorder=3)
    ax.set_ylim(min(y) - 0.6, max(y) + 0.6)


def differences_figure(cmp: Comparison):
    """Each variant minus the reference, with bootstrap 95% intervals."""
    import matplotlib.pyplot as plt

    from .plots import add_caption

    shown = [
        o
        for o in ("war_by_horizon", "mean_hostility", "final_mean_trust", "final_rival_trust")
        if o in set(cmp.differences["outcome"])
    ]
    fig, axes = plt.subplots(
        1, len(shown), figsize=(10, 2.2 + 0.4 * len(cmp.labels)), squeeze=False
    )
    others = [v for v in cmp.labels if v != cmp.reference]
    for ax, outcome in zip(axes[0], shown, strict=True):
        d = cmp.differences[cmp.differences["outcome"] == outcome].set_index("variant")
        d = d.loc[[v for v in others if v in d.index]]
        y = np.arange(len(d))[::-1]
        colours = [
            "0.55" if lo <= 0 <= hi else "#08306b"
            for lo, hi in zip(d["low"], d["high"], strict=True)
        ]
        _whiskers(ax, d["difference"], d["low"], d["high"], y, colours)
        ax.axvline(0, color="0.3", lw=1)
        ax.set(yticks=y, yticklabels=d.index if ax is axes[0][0] else [""] * len(d))
        ax.set_title(textwrap.fill(OUTCOMES[outcome], 22), fontsize=10)
        ax.grid(alpha=0.3, axis="x")
    paired = bool(cmp.differences["paired"].all()) if len(cmp.differences) else False
    return add_caption(
        fig,
        f"Each variant minus the reference '{cmp.reference}' (dot), with a "
        f"{'paired ' if paired else ''}bootstrap 95% interval (bar). An interval that does not "
        "cross the zero line (dark blue) is a difference the replications support; grey bars "
        "cross it: no clear difference.",
    )


# --------------------------------------------------------------------------
# the command
# --------------------------------------------------------------------------
def cmd_compare(args: argparse.Namespace) -> int:
    from .cli import EXIT_OK, _say, check_output_folder
    from .store import interrupted_note, remove_store, store_folder

    _configure_logging(args)
    scenarios = [load_scenario(path) for path in args.scenarios]  # refuse bad files first
    if args.out:
        out = Path(args.out)
    elif len(scenarios) == 1:
        out = Path("results") / scenarios[0].name
    else:
        out = Path("results") / ("compare-" + "-".join(sc.name for sc in scenarios))
    check_output_folder(out)
    folder = store_folder(out)
    started = time.perf_counter()
    try:
        cmp = compare(
            *scenarios,
            replications=args.replications,
            variants=args.variants,
            reference=args.reference,
            seed=args.seed,
            steps=args.steps,
            workers=args.workers,
            scheduler=args.scheduler,
            store=folder,
            resume=args.resume,
            progress=False if args.quiet else None,
            bootstrap_draws=args.bootstrap,
        )
    except KeyboardInterrupt:
        print(f"ddsim: {interrupted_note(folder)}", file=sys.stderr)
        return 130
    cmp.write(out, command=["ddsim", *args.argv])
    remove_store(folder)
    log.info("done in %.1f s", time.perf_counter() - started)
    _say(args, f"wrote {out}/ (report.html, comparison.csv, figures, timeseries, summary)")
    if not args.quiet:
        print(cmp.headline().T.rename_axis(None, axis=1).to_string())
    return EXIT_OK


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (tests swap it)."""

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def _configure_logging(args: argparse.Namespace) -> None:
    """ddsim's own messages on stderr: notes with --verbose, else only warnings."""
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("ddsim: %(message)s"))
        log.addHandler(handler)
        log.propagate = False
    log.setLevel(logging.INFO if args.verbose else logging.WARNING)


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``ddsim compare``."""
    from .cli import _positive_int, add_run_options
    from .executors import add_executor_options

    p = subparsers.add_parser(
        "compare",
        help="compare variants (of one scenario or several) with confidence intervals",
        description="Run every variant over the same replication seeds and compare them: "
        "war probability by the horizon (Wilson 95% CI), time to first war (Kaplan-Meier), "
        "final trust, and differences from the reference with paired bootstrap 95% CIs. "
        "Writes comparison.csv, figures and a self-contained report.html. Each finished "
        "replication is kept in a hidden folder beside the results, so an interrupted run "
        "continues with --resume.",
    )
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario file(s) (YAML)")
    p.add_argument(
        "--variant",
        action="append",
        dest="variants",
        metavar="LABEL",
        help="compare only this variant (repeat for more; several files: name:variant)",
    )
    p.add_argument("--reference", metavar="LABEL", help="compare against this (default: first)")
    add_run_options(p)
    add_executor_options(p)
    p.add_argument(
        "--bootstrap",
        type=_positive_int,
        default=BOOTSTRAP_DRAWS,
        metavar="N",
        help=f"bootstrap resamples for the differences (default {BOOTSTRAP_DRAWS}; "
        f"seed {BOOTSTRAP_SEED})",
    )
    p.set_defaults(func=cmd_compare)


__all__ = [
    "BOOTSTRAP_DRAWS",
    "BOOTSTRAP_SEED",
    "Arm",
    "Comparison",
    "compare",
    "differences",
    "headline",
    "outcome_means",
    "time_to_first_war",
    "timeseries_stats",
    "war_probability",
    "wilson_interval",
]
