"""The model's side of docs/calibration.md's fit table, made again at the chosen parameters.

``ddsim calibrate`` searched on the engine of its day and wrote
``docs/calibration_joint_fit/`` (every trial, the fit and the chosen
parameters; the older folders, ``calibration_fit/`` and
``calibration_model2_fit/``, are history: their parameters not fitted were
other defaults, and their targets another list: this script reads the joint fit only).
When a change to the engine moves results in the last bits
(docs/decisions.md, entry 37), the search is not run again (that is for the
next calibration), but the model's moments at the chosen parameters are: this
script runs the calibration's own confirmation again, as
``ddsim.calibration.fit`` makes it (the scenario, variant, horizon, root seed
and replications of ``manifest.json``, on the fresh seeds that follow the
search's: replications 3, 4 and 5 of root seed 0), with the chosen trial's
exact values (``ranges.csv``'s ``best``, which ``parameters.yaml`` rounds), and
writes the folder's ``fit.csv`` and ``docs/img/calibration_joint_fit.png``.
It prints the fit table and the distance (the fitted targets only). Run from
the repository root (a few minutes)::

    PYTHONPATH=$PWD python docs/calibration_moments.py
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd

from ddsim.calibration.distance import distance, fit_table, targets_for
from ddsim.calibration.moments import MEASURES, run_disputes, simulated
from ddsim.experiments.jobs import Job, replication_seed
from ddsim.outputs.calibration import fit_figure
from ddsim.outputs.figures import save_figures
from ddsim.scenarios import load_scenario

DOCS = Path(__file__).resolve().parent
FIT = DOCS / "calibration_joint_fit"


def main() -> None:
    settings = json.loads((FIT / "manifest.json").read_text())["calibration"]
    best = pd.read_csv(FIT / "ranges.csv")  # the chosen trial's exact values
    values = dict(zip(best["parameter"], best["best"].astype(float), strict=True))
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
    save_figures({f"{FIT.name}.png": fit_figure(fit)}, DOCS / "img")
    print(fit[["target", "observed", "simulated", "simulated_low", "simulated_high", "ratio"]])
    print(f"distance {distance(moments, fitted):.1f} (fitted targets)")


if __name__ == "__main__":
    main()
