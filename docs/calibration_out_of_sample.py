"""docs/calibration.md, "Out of sample": each fit checked on the other period.

The fits of ``docs/calibration_out_of_sample/`` (1946-1989 and 1990-2014) and
the joint fit (1946-2014) each confirm their best on fresh seeds
(``fit.csv``'s simulated side). A simulated moment does not depend on the
period, only the targets do, so each fit's moments are measured against the
targets of every period here, with the distance of the fit (the same targets
held out). The last line measures the record of one period as if it were a
model of the other: how far apart the two periods are. Run from the
repository root (a second)::

    PYTHONPATH=$PWD python docs/calibration_out_of_sample.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ddsim.calibration.distance import acceptance, distance, targets_for
from ddsim.calibration.moments import Moment

DOCS = Path(__file__).resolve().parent
FITS = {
    "1946-1989": DOCS / "calibration_out_of_sample" / "fit_1946-1989",
    "1990-2014": DOCS / "calibration_out_of_sample" / "fit_1990-2014",
    "1946-2014": DOCS / "calibration_joint_fit",
}
#: Held out of every fit (the totals are the sum of the classes; reciprocation as before).
HELD_OUT = {"share_reciprocated", "mid_onset_rate_all", "mid_onset_rate_relevant"}


def fitted(period: str) -> list:
    return [t for t in targets_for(period) if t.name not in HELD_OUT]


def simulated(folder: Path) -> dict[str, Moment]:
    fit = pd.read_csv(folder / "fit.csv")
    return {
        r.target: Moment(r.simulated, r.simulated_low, r.simulated_high)
        for r in fit.itertuples()
        if not np.isnan(r.simulated)
    }


def main() -> None:
    periods = list(FITS)
    print("| fitted on | " + " | ".join(f"distance to {p}" for p in periods) + " |")
    print("|---|" + "---:|" * len(periods))
    for name, folder in FITS.items():
        moments = simulated(folder)
        cells = [f"{distance(moments, fitted(p)):.0f}" for p in periods]
        cells = [f"**{c}**" if p == name else c for c, p in zip(cells, periods, strict=True)]
        print(f"| {name} | " + " | ".join(cells) + " |")
    early = {t.name: Moment(t.value, t.low, t.high) for t in targets_for("1946-1989")}
    apart = distance(early, fitted("1990-2014"))
    print(f"\nthe record of 1946-1989 as a model of 1990-2014: {apart:.0f}")
    print(f"acceptance distance (every period): {acceptance(fitted('1946-2014')):.1f}")


if __name__ == "__main__":
    main()
