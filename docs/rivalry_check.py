"""How much likelier disputes are between strategic rivals: the record and the model.

A check for docs/calibration.md, not a target of the fit. The calibration
counts MID onsets per dyad-year, which cannot tell fear (how many pairs feel
threatened: ``threat_threshold`` and the other escalation drives) from the
onset rate (how often a drive becomes a dispute). Where the disputes fall can:
in the record, pairs of strategic rivals (Thompson & Dreyer 2012) start
disputes far more often than other politically relevant pairs.

* **Record** (``ddsim.calibration.targets.rivalry_onsets``): dyadic MID
  onsets between politically relevant pairs, the calibration's own counts,
  split by whether the pair was a strategic rival that year (a rivalry the
  data end in 2010 is taken as still open to 2014, as ``world_2014`` takes
  it), per dyad-year at risk.
* **Model** (``ddsim.calibration.moments.run_disputes``, as the calibration
  runs it): ``scenarios/world_2014.yaml``, variant ``status_quo``, at the
  default parameters, ``--runs`` runs of ten years; MID onsets counted as the
  fit counts them (one a pair and year, only disputes that start in the run),
  between the relevant pairs among the 42 it starts as rivals
  (``rival_pairs``) and between the other relevant pairs (``rivalry_counts``).

Rates get exact Poisson intervals and the ratio of two rates an exact interval
conditional on their sum (``targets.rate_ratio``), both at 95%. A second table
says why, from the mechanism: the drive (``ddsim.core.escalation.drive``, the
stronger side's) of the rival pairs and of the other relevant pairs, and the
lower of the two trusts of a pair, through the first of the runs' years
(means over the first four runs), and how many of the acts were coercive.
Run from the repository root::

    PYTHONPATH=$PWD python docs/rivalry_check.py --runs 20
    PYTHONPATH=$PWD python docs/rivalry_check.py --threat-threshold 0.3  # not the default
"""

from __future__ import annotations

import argparse

import numpy as np

from ddsim.calibration.moments import rival_pairs, rivalry_counts, run_disputes
from ddsim.calibration.targets import (
    PERIODS,
    load_record,
    poisson_rate,
    rate_ratio,
    rivalry_onsets,
)
from ddsim.core import escalation
from ddsim.experiments.jobs import Job, model_of, replication_seed
from ddsim.scenarios import load_scenario

YEARS = 10


def row(name: str, rivals: int, rival_years: float, others: int, other_years: float, ratio) -> str:
    """One line of the table."""
    a, b = poisson_rate(rivals, rival_years), poisson_rate(others, other_years)
    return (
        f"| {name} | {a[0]:.3f} [{a[1]:.3f}, {a[2]:.3f}] ({rivals:,} in {rival_years:,.0f}) "
        f"| {b[0]:.4f} [{b[1]:.4f}, {b[2]:.4f}] ({others:,} in {other_years:,.0f}) "
        f"| {ratio[0]:.1f} [{ratio[1]:.1f}, {ratio[2]:.1f}] | {rivals / (rivals + others):.1%} |"
    )


def drives(jobs: list[Job], months=(0, 12, 60, 120)) -> None:
    """The second table: drives and trust of rivals and of other relevant pairs."""
    columns = ("drive, rivals", "drive, other relevant pairs", "of which above 0")
    trusts = ("trust, rivals (median)", "trust, others (median)")
    print(f"| month | {' | '.join(columns + trusts)} |")
    print("|---:|---:|---:|---:|---:|---:|")
    rows = np.zeros((len(months), 5))
    force = acts = 0
    for job in jobs:
        model = model_of(job)
        relevant = model.relevance[model.pairs] >= 1.0
        rivals = rival_pairs(model) & relevant
        others = relevant & ~rivals
        for k, month in enumerate(months):
            if month > model.steps:
                model.run_for(month - model.steps)
            push = escalation.push(
                model.trust, model.capability, model.force, model.courted, model.revisionist,
                model.allies, model.params,
            )  # fmt: skip
            drive = escalation.drive(push)
            i, j = model.pairs
            pair_drive = np.maximum(drive[i, j], drive[j, i])
            trust = np.minimum(model.trust[i, j], model.trust[j, i])
            rows[k] += [
                pair_drive[rivals].mean(),
                pair_drive[others].mean(),
                (pair_drive[others] > 0).mean(),
                np.median(trust[rivals]),
                np.median(trust[others]),
            ]
        done = model.datacollector.get_model_vars_dataframe().filter(like="actions_").sum()
        force += done["actions_show_of_force"] + done["actions_coercive_deployment"]
        acts += done.sum()
    for month, row in zip(months, rows / len(jobs), strict=True):
        driven, trusted = (
            f"{row[0]:.2f} | {row[1]:.2f} | {row[2]:.0%}",
            f"{row[3]:.2f} | {row[4]:.2f}",
        )
        print(f"| {month} | {driven} | {trusted} |")
    years = len(jobs) * months[-1] / 12
    print(f"\nShows of force and coercive deployments: {force / acts:.0%} of all acts,")
    print(f"{force / years:,.0f} a year in the state system ({len(jobs)} runs).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="ten-year runs of world_2014")
    parser.add_argument(
        "--threat-threshold", type=float, help="run the model at this threat_threshold instead"
    )
    args = parser.parse_args()
    columns = ("MID onsets per dyad-year, rivals", "other relevant pairs", "rivals / others")
    print(f"| | {' | '.join(columns)} | rivals' share of onsets |")
    print("|---|---:|---:|---:|---:|")
    record = load_record()
    for period in PERIODS:
        counts = rivalry_onsets(period, record)
        print(row(f"record {period}", *counts, rate_ratio(*counts)))
    sc = load_scenario("world_2014").replace(steps=12 * YEARS)
    given = {} if args.threat_threshold is None else {"threat_threshold": args.threat_threshold}
    jobs = [
        Job(sc, "status_quo", r, replication_seed(sc.seed, r), parameters=given)
        for r in range(args.runs)
    ]
    counts = rivalry_counts(run_disputes(jobs))
    name = f"model, world_2014, {args.runs} runs of {YEARS} years"
    if given:
        name += f", threat_threshold {args.threat_threshold}"
    print(row(name, *counts, rate_ratio(*counts)))
    print()
    drives(jobs[:4])


if __name__ == "__main__":
    main()
