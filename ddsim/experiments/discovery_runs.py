"""The runs of a scenario discovery, and the tables of what they gave.

Each case's variant is the scenario with the variant applied, then the case's
scenario fields set (:func:`~ddsim.experiments.discovery_factors.set_factor`);
its model parameters go with the job. Replication k of every case and variant
has the seed ``replication_seed(seed, k)``: common random numbers, as in
``ddsim compare``. The jobs keep no time series, only the summaries.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ddsim.analysis.intervals import t_half_width
from ddsim.experiments.discovery_factors import DiscoveryError, ScenarioFactor, set_factor
from ddsim.experiments.jobs import Job, Outcome, plan_jobs, run_replications
from ddsim.experiments.store import job_key
from ddsim.scenarios import Scenario, ScenarioError


def run_summaries(jobs: list[Job]) -> list[Outcome]:
    """Run a batch (:func:`~ddsim.experiments.jobs.run_replications`) and keep
    each replication's summary only: the empty time series a job without one
    returns is a slice of the whole batch's table, which it would keep alive
    (about 57 KB a replication: 0.9 GB for 16,000)."""
    outcomes = run_replications(jobs)
    for outcome in outcomes:
        outcome.timeseries = pd.DataFrame()
    return outcomes


def plan(
    sc: Scenario,
    variants: Sequence[str],
    factors: Sequence[ScenarioFactor],
    design: pd.DataFrame,
    replications: int,
) -> tuple[list[Job], dict[str, list[tuple[int, str, int]]]]:
    """Every job (once each), and where each one's outcome goes: key ->
    [(case, variant, replication)]. A case's variant is its scenario with the
    variant applied, then the case's scenario fields set; its parameters go
    with the job. The jobs keep no time series (summaries only)."""
    fields = [f for f in factors if f.kind != "parameter"]
    parameters = [f for f in factors if f.kind == "parameter"]
    resolved: dict[tuple, Scenario] = {}
    jobs: dict[str, Job] = {}
    where: dict[str, list[tuple[int, str, int]]] = {}
    for case, row in enumerate(design.to_dict("records")):
        values = {f.name: float(row[f.name]) for f in parameters}
        for variant in variants:
            case_sc = _case_scenario(sc, variant, fields, row, resolved, case)
            for job in plan_jobs(case_sc, ["baseline"], replications, sc.seed):
                job = dataclasses.replace(
                    job, parameters=values, timeseries=False, keep_graph=False
                )
                key = job_key(job)
                jobs.setdefault(key, job)
                where.setdefault(key, []).append((case, variant, job.replication))
    return list(jobs.values()), where


def _case_scenario(
    sc: Scenario,
    variant: str,
    fields: Sequence[ScenarioFactor],
    row: Mapping[str, Any],
    resolved: dict[tuple, Scenario],
    case: int,
) -> Scenario:
    """``sc`` with ``variant`` applied and the case's scenario fields set
    (made once per distinct combination)."""
    key = (variant, *(row[f.name] for f in fields))
    if key not in resolved:
        start = resolved.get((variant,)) or sc.variant(variant)
        resolved[(variant,)] = start
        if fields:
            data = copy.deepcopy(start.raw)
            for factor in fields:
                set_factor(data, factor, row[factor.name])
            try:
                start = Scenario.from_dict(data, file=sc.file)
            except ScenarioError as exc:
                raise DiscoveryError(f"case {case} ({variant}): {exc}") from None
            start.variant_name = variant
        resolved[key] = start
    return resolved[key]


def tabulate_runs(
    outcomes: Sequence[Any],
    where: Mapping[str, list[tuple[int, str, int]]],
    variants: Sequence[str],
) -> pd.DataFrame:
    """``runs``: one row per case, variant and replication, in that order."""
    order = {v: n for n, v in enumerate(variants)}
    rows = []
    for outcome in outcomes:
        summary = {k: v for k, v in outcome.summary.items() if k != "variant"}
        for case, variant, replication in where[job_key(outcome.job)]:
            rows.append({"case": case, "variant": variant, **summary, "replication": replication})
    rows.sort(key=lambda r: (r["case"], order[r["variant"]], r["replication"]))
    runs = pd.DataFrame(rows)
    first = ["case", "variant", "replication"]
    runs = runs[[*first, *[c for c in runs.columns if c not in first]]]
    runs["first_war_step"] = runs["first_war_step"].astype("Int64")
    return runs


def tabulate_cases(
    design: pd.DataFrame,
    runs: pd.DataFrame,
    variants: Sequence[str],
    outcome: str,
    significant: bool,
) -> pd.DataFrame:
    """``cases``: per case the factors, each variant's mean ``outcome``, the
    paired difference (first minus second) with its Student t 95% interval,
    and whether the case is of interest."""
    first, second = variants
    values = runs.assign(_v=runs[outcome].astype(float))
    wide = {
        v: values[values["variant"] == v].pivot(index="case", columns="replication", values="_v")
        for v in variants
    }
    diff = wide[first] - wide[second]
    n = diff.notna().sum(axis=1).to_numpy()
    mean = diff.mean(axis=1).to_numpy()
    half = t_half_width(diff.std(axis=1, ddof=1).to_numpy(), n)
    table = design.reset_index(drop=True).copy()
    table.insert(0, "case", np.arange(len(table)))
    for v in variants:
        table[f"{outcome}_{v}"] = wide[v].mean(axis=1).to_numpy()
    table["difference"] = mean
    table["difference_low"] = mean - half
    table["difference_high"] = mean + half
    table["interest"] = (table["difference_high"] if significant else table["difference"]) < 0
    return table


__all__ = ["plan", "run_summaries", "tabulate_cases", "tabulate_runs"]
