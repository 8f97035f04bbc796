"""How far simulated disputes are from the record: the distance a fit
minimises, the distance within which a fit is as good as the record can
tell, and the table of one against the other (:mod:`ddsim.calibration.fit`
searches with them; docs/calibration.md reads them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from ddsim.analysis.intervals import Z95
from ddsim.calibration.moments import NOT_SIMULATED, Moment
from ddsim.calibration.targets import PERIODS, TARGETS_JSON, Target, load_targets
from ddsim.errors import InputError


class CalibrationError(InputError):
    """A calibration that cannot run as asked (exit 2)."""


def targets_for(period: str, path: str | Path | None = None) -> list[Target]:
    """The targets of one period that the model can be measured on."""
    if period not in PERIODS:
        raise CalibrationError(f"--period {period}: allowed: {', '.join(PERIODS)}")
    chosen = [t for t in load_targets(path or TARGETS_JSON) if t.period == period]
    if not chosen:
        raise CalibrationError(f"{path or TARGETS_JSON}: no targets for the period {period}")
    return chosen


def distance(moments: Mapping[str, Moment], targets: Sequence[Target]) -> float:
    """Sum of squared standardised differences, over the targets simulated.

    A moment the runs could not measure (no war to take a duration of) counts
    as zero, so a parameter set that produces nothing is far from the record.
    """
    total = 0.0
    for t in targets:
        m = moments.get(t.name)
        if m is None:
            continue
        value = 0.0 if np.isnan(m.value) else m.value
        sim_se = 0.0 if np.isnan(m.low) else (m.high - m.low) / (2 * Z95)
        obs_se = (t.high - t.low) / (2 * Z95)
        scale = np.hypot(obs_se, sim_se) or 1.0
        total += ((value - t.value) / scale) ** 2
    return float(total)


def acceptance(targets: Sequence[Target]) -> float:
    """The distance within which a fit is as good as the record can tell:
    the 95% quantile of a chi-square with one degree of freedom a target."""
    fitted = [t for t in targets if t.name not in NOT_SIMULATED]
    return float(stats.chi2.ppf(0.95, len(fitted)))


def fit_table(
    targets: Sequence[Target], moments: Mapping[str, Moment], held_out: Sequence[str] = ()
) -> pd.DataFrame:
    """Per target: observed and simulated with 95% intervals, and simulated/observed;
    the targets ``held_out`` of the fit are noted as such."""
    rows = []
    for t in targets:
        m = moments.get(t.name)
        note = NOT_SIMULATED.get(t.name, "" if m else "no such pairs in the scenario")
        if t.name in held_out:
            note = "held out of the fit (out-of-sample check)"
        rows.append(
            {
                "target": t.name,
                "unit": t.unit,
                "observed": t.value,
                "observed_low": t.low,
                "observed_high": t.high,
                "simulated": m.value if m else np.nan,
                "simulated_low": m.low if m else np.nan,
                "simulated_high": m.high if m else np.nan,
                "ratio": (m.value / t.value) if m and t.value else np.nan,
                "within": bool(m and t.low <= m.value <= t.high),
                "note": note,
            }
        )
    return pd.DataFrame(rows)


__all__ = ["CalibrationError", "acceptance", "distance", "fit_table", "targets_for"]
