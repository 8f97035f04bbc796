"""The model's side of docs/calibration.md's fit table, made again at the chosen parameters.

``ddsim calibrate`` searched on the engine of its day and wrote
``docs/calibration_fit/`` (every trial, the fit and the chosen parameters).
When a change to the engine moves results in the last bits
(docs/decisions.md, entry 37), the search is not run again (that is for the
next calibration), but the model's moments at the chosen parameters are: this
script runs the calibration's own confirmation again, as
``ddsim.calibration.fit`` makes it (the scenario, variant, horizon, root seed
and replications of ``manifest.json``, on the fresh seeds that follow the
search's: replications 3, 4 and 5 of root seed 0), with the chosen trial's
exact values (the row of ``trials.csv`` that ``parameters.yaml`` rounds), and
writes ``docs/calibration_fit/fit.csv`` and ``docs/img/calibration_fit.png``.
It prints the fit table and the distance (the fitted targets only). Run from
the repository root (a minute or two)::

    PYTHONPATH=$PWD python docs/calibration_moments.py
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import yaml

from ddsim.calibration.distance import distance, fit_table, targets_for
from ddsim.calibration.moments import MEASURES, run_disputes, simulated
from ddsim.experiments.jobs import Job, replication_seed
from ddsim.outputs.calibration import fit_figure
from ddsim.outputs.figures import save_figures
from ddsim.scenarios import load_scenario

DOCS = Path(__file__).resolve().parent
FIT = DOCS / "calibration_fit"


def chosen(trials: pd.DataFrame, block: dict[str, float]) -> dict[str, float]:
    """The exact values of the trial that ``parameters.yaml`` holds rounded."""
    names = list(block)
    close = (trials[names] - pd.Series(block)).abs().div(pd.Series(block).abs()).max(axis=1)
    row = trials.loc[close.idxmin()]
    if close.min() > 1e-5:
        raise SystemExit(f"no trial in trials.csv matches parameters.yaml (closest {close.min()})")
    return {n: float(row[n]) for n in names}


def main() -> None:
    settings = json.loads((FIT / "manifest.json").read_text())["calibration"]
    block = yaml.safe_load((FIT / "parameters.yaml").read_text())["parameters"]
    values = chosen(pd.read_csv(FIT / "trials.csv"), block)
    sc = load_scenario("world_2014").replace(steps=settings["steps"], seed=settings["seed"])
    n = settings["replications"]
    fresh = range(n, 2 * n)  # the seeds the calibration confirms on
    jobs = [
        Job(sc, settings["variant"], k, replication_seed(settings["seed"], k), parameters=values)
        for k in fresh
    ]
    moments = simulated(run_disputes(jobs), list(MEASURES))
    goal = targets_for(settings["period"])
    fitted = [t for t in goal if t.name not in set(settings["hold_out"])]
    fit = fit_table(goal, moments, held_out=settings["hold_out"])
    fit.to_csv(FIT / "fit.csv", index=False)
    save_figures({"calibration_fit.png": fit_figure(fit)}, DOCS / "img")
    print(fit[["target", "observed", "simulated", "simulated_low", "simulated_high", "ratio"]])
    print(f"distance {distance(moments, fitted):.1f} (fitted targets)")


if __name__ == "__main__":
    main()
