"""Differences between variants across the parameter sets the calibration accepts.

A comparison run on one parameter set has intervals over seeds only: it says
how sure we are *if* those parameters are right. Run on K sets that the record
cannot tell apart (``ddsim compare --across-fit K``), each with the same seeds,
it can also say how much the answer depends on which of them is right.

For each variant against the reference and each outcome, :func:`across_fit`
gives:

* the mean paired difference over every (set, seed);
* a two-level bootstrap 95% interval (Davison & Hinkley 1997, section 3.8;
  Ren et al. 2010): resample the sets, then the seeds within each resampled
  set, so the interval spans both the luck of the runs and the spread of the
  sets;
* the per-set mean differences: their lowest and highest, and in how many
  sets the difference has the sign of the overall one ("deterring adds war in
  31 of 32 accepted parameter sets").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ddsim.analysis.outcomes import OUTCOMES
from ddsim.analysis.statistics import COMPARED
from ddsim.defaults import BOOTSTRAP_DRAWS, BOOTSTRAP_SEED

#: The column of a summary that says which accepted set a replication ran.
SET_COLUMN = "parameter_set"

COLUMNS = [
    "variant",
    "reference",
    "outcome",
    "sets",
    "replications",
    "difference",
    "low",
    "high",
    "set_low",
    "set_high",
    "sets_same_sign",
    "method",
]


def paired_by_set(
    summary: pd.DataFrame, reference: str, variant: str, outcome: str
) -> np.ndarray | None:
    """Per-replication differences ``variant - reference`` as a (sets, seeds)
    array, paired by set and seed; None if the outcome is missing or not numeric."""
    ref = summary[summary["variant"] == reference]
    other = summary[summary["variant"] == variant]
    if outcome not in summary or ref[outcome].isna().all():
        return None
    keys = [SET_COLUMN, "seed"]
    both = ref[[*keys, outcome]].merge(
        other[[*keys, outcome]], on=keys, suffixes=("_ref", "_var"), validate="one_to_one"
    )
    both = both.sort_values(keys, kind="stable")
    d = both[f"{outcome}_var"].astype(float) - both[f"{outcome}_ref"].astype(float)
    sets = both[SET_COLUMN].nunique()
    if len(both) == 0 or len(both) % sets:
        raise ValueError("across the fit, every parameter set needs the same seeds")
    return d.to_numpy().reshape(sets, len(both) // sets)


def two_level_bootstrap(d: np.ndarray, draws: int, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap means of ``d`` (sets x seeds): sets resampled, then seeds within each."""
    k, r = d.shape
    sets = rng.integers(0, k, size=(draws, k))
    seeds = rng.integers(0, r, size=(draws, k, r))
    return d[sets[:, :, None], seeds].mean(axis=(1, 2))


def across_fit(
    summary: pd.DataFrame,
    reference: str,
    outcomes: Sequence[str] = COMPARED,
    draws: int = BOOTSTRAP_DRAWS,
    seed: int = BOOTSTRAP_SEED,
) -> pd.DataFrame:
    """Each variant minus ``reference``, per outcome, over seeds *and* accepted sets.

    Args:
        summary: One row per replication with ``variant``, ``seed``,
            :data:`SET_COLUMN` and the outcomes (a comparison across the fit).
        reference: The variant the others are compared against.
        outcomes: Which outcomes.
        draws, seed: The bootstrap; the same resamples serve every outcome.
    """
    rows = []
    method = f"two-level bootstrap 95% over sets and seeds ({draws} draws, seed {seed})"
    for variant in dict.fromkeys(summary["variant"]):
        if variant == reference:
            continue
        for outcome in outcomes:
            d = paired_by_set(summary, reference, variant, outcome)
            if d is None:
                continue
            per_set = d.mean(axis=1)
            estimate = float(d.mean())
            low, high = np.quantile(
                two_level_bootstrap(d, draws, np.random.default_rng(seed)), [0.025, 0.975]
            )
            rows.append(
                {
                    "variant": variant,
                    "reference": reference,
                    "outcome": outcome,
                    "sets": d.shape[0],
                    "replications": d.shape[1],
                    "difference": estimate,
                    "low": float(low),
                    "high": float(high),
                    "set_low": float(per_set.min()),
                    "set_high": float(per_set.max()),
                    "sets_same_sign": int((np.sign(per_set) == np.sign(estimate)).sum()),
                    "method": method,
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def sentence(row: pd.Series | dict) -> str:
    """One row of :func:`across_fit` in words, e.g. "deter adds months at a use
    of force or war (+3.1 [+2.3, +3.9]) in 31 of 32 accepted parameter sets"."""
    label = OUTCOMES[row["outcome"]].label if row["outcome"] in OUTCOMES else row["outcome"]
    if row["difference"] == 0:
        verb = "leaves unchanged"
    else:
        verb = "adds to" if row["difference"] > 0 else "takes from"
    return (
        f"{row['variant']} {verb} {label[:1].lower() + label[1:]} against {row['reference']} "
        f"({row['difference']:+.3g} [{row['low']:+.3g}, {row['high']:+.3g}]) "
        f"in {row['sets_same_sign']} of {row['sets']} accepted parameter sets"
    )


__all__ = ["SET_COLUMN", "across_fit", "paired_by_set", "sentence", "two_level_bootstrap"]
