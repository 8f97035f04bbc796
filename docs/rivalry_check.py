"""How much likelier disputes are between strategic rivals: the record and the model.

A check for docs/calibration.md, not a target of the fit. The calibration
counts MID onsets per dyad-year, which cannot tell fear (how many pairs feel
threatened: ``threat_threshold`` and the other escalation drives) from the
onset rate (how often a drive becomes a dispute). Where the disputes fall can:
in the record, pairs of strategic rivals (Thompson & Dreyer 2012) start
disputes far more often than other politically relevant pairs.

* **Record**: dyadic MID onsets between politically relevant pairs (the
  calibration's own counts, ``ddsim.calibration.targets.load_record``), split
  by whether the pair was a strategic rival that year (a rivalry the data end
  in 2010 is taken as still open to 2014, as ``world_2014`` takes it), per
  dyad-year at risk.
* **Model**: ``scenarios/world_2014.yaml`` at its defaults, ``--runs`` runs of
  ten years (as the calibration runs it), MID onsets counted as the
  calibration counts them (``ddsim.core.disputes.dispute_counts``: one a pair
  and year, only disputes that start in the run), between the relevant pairs
  among the 42 that start as rivals and between the other relevant pairs.

Rates get exact Poisson intervals and the ratio of two rates an exact interval
conditional on their sum (Clopper-Pearson on the rivals' share of the onsets),
both at 95%. Run from the repository root::

    PYTHONPATH=$PWD python docs/rivalry_check.py --runs 20
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from ddsim.calibration.data import load_table
from ddsim.calibration.moments import STEPS_PER_YEAR
from ddsim.calibration.targets import (
    CONTIGUOUS,
    PERIODS,
    contiguous_years,
    is_relevant,
    load_record,
    major_years,
    poisson_rate,
    state_years,
)
from ddsim.core.disputes import dispute_counts

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "world_2014.yaml"
YEARS = 10


def ratio_interval(a: float, exposure_a: float, b: float, exposure_b: float) -> tuple[float, ...]:
    """Rate ratio (a / exposure_a) / (b / exposure_b) with its exact 95% interval."""
    low, high = (
        stats.beta.ppf(0.025, a, b + 1) if a > 0 else 0.0,
        stats.beta.ppf(0.975, a + 1, b) if b > 0 else 1.0,
    )
    scale = exposure_b / exposure_a
    odds = (lambda p: p / (1 - p) * scale) if b > 0 else (lambda p: np.inf)
    return a / exposure_a / (b / exposure_b), odds(low), odds(high)


def rival_years(first: int, last: int) -> pd.DataFrame:
    """(year, ccode1, ccode2) of every strategic rivalry open that year
    between a politically relevant pair of system members, ``ccode1 < ccode2``."""
    r = load_table("rivalries")
    end = r.endyear.where(r.endyear < r.endyear.max(), last)  # open when the data end
    rows = {
        (year, min(a, b), max(a, b))
        for a, b, start, stop in zip(r.ccode1, r.ccode2, r.styear, end, strict=True)
        for year in range(max(first, int(start)), min(last, int(stop)) + 1)
        for a, b in [(int(a), int(b))]
    }
    years = pd.DataFrame(sorted(rows), columns=["year", "ccode1", "ccode2"])
    members = state_years(load_table("states"))
    keys = set(zip(members.year, members.ccode, strict=True))
    both = [(y, a) in keys and (y, b) in keys for y, a, b in years.itertuples(index=False)]
    years = years[both]
    majors = major_years(load_table("majors"))
    contiguous = contiguous_years(load_table("contiguity"), CONTIGUOUS)
    return years[is_relevant(years, majors, contiguous)]


def record_rows() -> list[tuple[str, float, float, float, float]]:
    """Per period: rivals' onsets and dyad-years, other relevant pairs' onsets and dyad-years."""
    record = load_record()
    rows = []
    for period, (first, last) in PERIODS.items():
        rivals = rival_years(first, last)
        keys = set(rivals.itertuples(index=False, name=None))
        onsets = record.onsets[record.onsets.year.between(first, last) & record.onsets.relevant]
        between = [
            k in keys
            for k in onsets[["year", "ccode1", "ccode2"]].itertuples(index=False, name=None)
        ]
        n_rival = float(np.sum(between))
        relevant_years = float(record.counts.loc[first:last, "relevant"].sum())
        rows.append(
            (
                f"record {period}",
                n_rival,
                len(rivals),
                len(onsets) - n_rival,
                relevant_years - len(rivals),
            )
        )
    return rows


def model_row(runs: int) -> tuple[str, float, float, float, float]:
    """The same counts on ``runs`` ten-year runs of ``world_2014`` at the defaults."""
    import ddsim

    scenario = ddsim.load_scenario(SCENARIO)
    spec = scenario.variant(None)
    index = {state.id: k for k, state in enumerate(spec.states)}
    rivals_at_start = [p for p in spec.relations.pairs if p.trust < spec.relations.defaults.trust]
    seeds = np.random.SeedSequence(scenario.seed).spawn(runs)
    counts = np.zeros(4)
    for seed in seeds:
        model = ddsim.DiplomacyModel(scenario, rng=np.random.default_rng(seed))
        steps = int(YEARS * STEPS_PER_YEAR[model.spec.step_unit])
        model.run_for(steps)
        rival = np.zeros((model.n, model.n), dtype=bool)
        for p in rivals_at_start:
            i, j = index[p.between[0]], index[p.between[1]]
            rival[i, j] = rival[j, i] = True
        relevant = model.relevance[model.pairs] >= 1.0
        rival = rival[model.pairs] & relevant
        other = relevant & ~rival
        records = model.dispute_log.records()
        per_year = STEPS_PER_YEAR[model.spec.step_unit]
        counts += [
            dispute_counts(records, rival, per_year)["mid_onsets_relevant"],
            rival.sum() * YEARS,
            dispute_counts(records, other, per_year)["mid_onsets_relevant"],
            other.sum() * YEARS,
        ]
    return (f"model, world_2014, {runs} x {YEARS} years", *counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="ten-year runs of world_2014")
    args = parser.parse_args()
    columns = ("MID onsets per dyad-year, rivals", "other relevant pairs", "rivals / others")
    print(f"| | {' | '.join(columns)} | rivals' share of onsets |")
    print("|---|---:|---:|---:|---:|")
    for name, a, exposure_a, b, exposure_b in [*record_rows(), model_row(args.runs)]:
        ra, rb = poisson_rate(int(a), exposure_a), poisson_rate(int(b), exposure_b)
        ratio = ratio_interval(a, exposure_a, b, exposure_b)
        print(
            f"| {name} | {ra[0]:.3f} [{ra[1]:.3f}, {ra[2]:.3f}] ({a:.0f} in {exposure_a:,.0f}) "
            f"| {rb[0]:.4f} [{rb[1]:.4f}, {rb[2]:.4f}] ({b:.0f} in {exposure_b:,.0f}) "
            f"| {ratio[0]:.1f} [{ratio[1]:.1f}, {ratio[2]:.1f}] | {a / (a + b):.1%} |"
        )


if __name__ == "__main__":
    main()
