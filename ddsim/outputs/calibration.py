"""A calibration's folder: tables, figures and a one-page report.

``write_calibration`` writes, atomically (all or nothing):

* ``trials.csv``: every trial (parameter values, distance, simulated moments);
* ``fit.csv``: per target, observed and simulated with 95% intervals;
* ``ranges.csv``: the best value of each parameter and its accepted range;
* ``accepted.csv``: the accepted parameter sets, best first
  (what ``python -m ddsim.calibration.accept`` installs in the package);
* ``parameters.yaml``: the best values as a ``parameters:`` block;
* ``fit.png`` and ``search.png``; ``report.html`` (self-contained);
* ``manifest.json``: scenario, settings, versions, command.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ddsim.outputs.figures import COLOURS, add_caption, save_figures
from ddsim.outputs.folders import atomic_folder, provenance
from ddsim.outputs.report import environment


class CalibrationResult(Protocol):
    """What the writer reads of a calibration (``ddsim.calibration.fit.Calibration``
    is one; outputs sit below calibration, so they know it by this shape only)."""

    scenario: Any
    trials: pd.DataFrame
    fit: pd.DataFrame
    settings: dict[str, Any]

    @property
    def threshold(self) -> float: ...

    @property
    def bound(self) -> float: ...

    @property
    def accepted_rule(self) -> str: ...

    def ranges(self) -> pd.DataFrame: ...

    def accepted(self) -> pd.DataFrame: ...

    def parameters_block(self) -> str: ...


def fit_figure(fit: pd.DataFrame) -> Figure:
    """Simulated over observed, per target, on a log scale (1: a perfect fit)."""
    rows = fit[fit["simulated"].notna() & (fit["observed"] > 0)].iloc[::-1]
    fig, ax = plt.subplots(figsize=(7.5, 0.35 * len(rows) + 1.8))
    y = np.arange(len(rows))
    obs = rows["observed"].to_numpy()
    ax.scatter(rows["observed_low"] / obs, y, marker="|", color="0.4", s=120)
    ax.scatter(rows["observed_high"] / obs, y, marker="|", color="0.4", s=120, label="record, 95%")
    ratio = np.clip(rows["simulated"].to_numpy() / obs, 1e-3, 1e3)
    low = np.clip(rows["simulated_low"].to_numpy() / obs, 1e-3, 1e3)
    high = np.clip(rows["simulated_high"].to_numpy() / obs, 1e-3, 1e3)
    ax.errorbar(ratio, y, xerr=[ratio - low, high - ratio], fmt="o", color=COLOURS[0],
                label="model, 95%")  # fmt: skip
    ax.axvline(1.0, color="0.2", lw=0.8)
    ax.set_xscale("log")
    ax.set_yticks(y, rows["target"])
    ax.set_xlabel("simulated / observed (1 = the record)")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return add_caption(
        fig,
        "Each target of the record (grey ticks: its 95% interval) against the model at the "
        "best parameters, run again on fresh seeds (dot and bar: 95% interval).",
    )


def search_figure(trials: pd.DataFrame, threshold: float, bound: float | None = None) -> Figure:
    """The distance of every trial, the best so far, the acceptance distance
    and (when it differs) the bound of the accepted trials."""
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    ax.scatter(trials["trial"], trials["distance"], s=10, color=COLOURS[0], label="trial")
    ax.plot(trials["trial"], trials["distance"].cummin(), color=COLOURS[1], label="best so far")
    ax.axhline(threshold, color="0.4", ls="--", lw=0.8, label="acceptable (chi-square 95%)")
    if bound is not None and bound != threshold:
        ax.axhline(
            bound, color=COLOURS[2], ls=":", lw=1.0, label="accepted (best + chi-square 95%)"
        )
    ax.set_yscale("log")
    ax.set_xlabel("trial")
    ax.set_ylabel("distance to the record")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return add_caption(
        fig,
        "How the search converged: the distance of each parameter set tried, the best so far, "
        "the distance within which a fit is as good as the record can tell and, when no set "
        "comes that close, the bound of the sets the record cannot tell from the best.",
    )


def write_calibration(cal: CalibrationResult, out: Path, command: Sequence[str] | None) -> Path:
    """Write the folder of a calibration (see the module docstring)."""
    ranges = cal.ranges()
    with atomic_folder(out) as tmp:
        cal.trials.to_csv(tmp / "trials.csv", index=False)
        cal.fit.to_csv(tmp / "fit.csv", index=False)
        ranges.to_csv(tmp / "ranges.csv", index=False)
        cal.accepted().to_csv(tmp / "accepted.csv", index=False)
        (tmp / "parameters.yaml").write_text(cal.parameters_block())
        drawn = save_figures(
            {
                "fit.png": fit_figure(cal.fit),
                "search.png": search_figure(cal.trials, cal.threshold, cal.bound),
            },
            tmp,
        )
        info = provenance(
            cal.scenario,
            None,
            command,
            calibration=cal.settings,
            acceptance=cal.threshold,
            accepted_within=cal.bound,
            accepted_rule=cal.accepted_rule,
        )
        (tmp / "manifest.json").write_text(json.dumps(info, indent=2) + "\n")
        (tmp / "report.html").write_text(_report(cal, ranges, drawn))
    return out


def _report(cal: CalibrationResult, ranges: pd.DataFrame, figures: list[Path]) -> str:
    env = environment()
    images = [
        {"data": base64.b64encode(p.read_bytes()).decode("ascii"), "name": p.name} for p in figures
    ]
    return env.get_template("calibration.html").render(
        cal=cal,
        title=cal.scenario.title or cal.scenario.name,
        fit=cal.fit.to_dict("records"),
        ranges=ranges.to_dict("records"),
        best_distance=float(cal.trials["distance"].min()),
        images=images,
        block=cal.parameters_block(),
    )


__all__ = ["CalibrationResult", "fit_figure", "search_figure", "write_calibration"]
