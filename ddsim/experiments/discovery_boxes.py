"""PRIM boxes: where, among the cases, the cases of interest gather.

The Patient Rule Induction Method (Friedman & Fisher 1999) as scenario
discovery uses it (Bryant & Lempert 2010): starting from the box that holds
every case, it peels off, one factor at a time, the thin slice (``peel_alpha``
of the cases) whose removal raises the share of cases of interest the most,
until the box holds ``mass_min`` of the cases; it then pastes back what helps.
Every box along the way is a step of the *peeling trajectory*, with

* **coverage**: the share of all cases of interest that are inside the box;
* **density**: the share of the cases inside the box that are of interest;
* **mass**: the share of all cases inside the box.

Peeling trades coverage for density. ddsim takes, on each trajectory, the
step with the highest coverage among those whose density reaches
``threshold`` (or, if none does, the densest step, and says so); a next box is
then sought among the cases the earlier boxes left, as long as one reaches the
threshold.

The algorithm is the EMA Workbench's (Kwakkel 2017,
``ema_workbench.analysis.prim``; ``pip install 'ddsim[discovery]'``), not
written here. Its quasi-p values (Bryant & Lempert 2010: a one-sided binomial
test of whether a limit matters) are given per restricted limit.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

from ddsim.experiments.discovery_factors import DiscoveryError

#: Columns of the boxes table (one row per box and factor).
BOX_COLUMNS = [
    "box",
    "step",
    "coverage",
    "density",
    "mass",
    "cases",
    "of_interest",
    "dimensions",
    "meets_threshold",
    "factor",
    "restricted",
    "low",
    "high",
    "values",
    "qp_low",
    "qp_high",
]
#: Columns of the peeling trajectories (one row per box and step).
TRAJECTORY_COLUMNS = [
    "box",
    "step",
    "coverage",
    "density",
    "mass",
    "cases",
    "of_interest",
    "dimensions",
    "chosen",
]


def prim_module() -> Any:
    """``ema_workbench.analysis.prim``, or a one-line error saying how to get it."""
    try:
        with warnings.catch_warnings():  # optional extras it lacks (altair, ipyparallel)
            warnings.simplefilter("ignore")
            from ema_workbench.analysis import prim
    except ImportError:
        raise DiscoveryError(
            "discover needs the EMA Workbench's PRIM: pip install 'ddsim[discovery]'"
        ) from None
    return prim


def chosen_step(trajectory: pd.DataFrame, threshold: float) -> tuple[int, bool]:
    """The step of a peeling trajectory to report, and whether it reaches
    ``threshold``: the highest coverage among the steps dense enough (then the
    highest density, then the earliest), else the densest step."""
    ranked = trajectory.assign(_step=np.arange(len(trajectory)))
    dense = ranked[ranked["density"] >= threshold]
    if len(dense):
        best = dense.sort_values(["coverage", "density", "_step"], ascending=[False, False, True])
        return int(best["_step"].iloc[0]), True
    best = ranked.sort_values(["density", "coverage", "_step"], ascending=[False, False, True])
    return int(best["_step"].iloc[0]), False


def find_boxes(
    x: pd.DataFrame,
    y: np.ndarray,
    *,
    threshold: float,
    boxes: int,
    peel_alpha: float,
    mass_min: float,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """PRIM's boxes of the cases ``x`` (one column per factor) where ``y`` is true.

    Returns:
        The boxes (:data:`BOX_COLUMNS`, one row per box and factor) and their
        peeling trajectories (:data:`TRAJECTORY_COLUMNS`). Both are empty
        when no case is of interest.
    """
    y = np.asarray(y, dtype=bool)
    limits, steps = [], []
    if y.any():
        prim = prim_module()
        with warnings.catch_warnings():  # pandas' notices of its next major version
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", FutureWarning)
            found = prim.Prim(
                x, y, peel_alpha=peel_alpha, paste_alpha=peel_alpha, mass_min=mass_min
            )
            covered = np.zeros(len(y), dtype=bool)
            for number in range(1, boxes + 1):
                if not y[~covered].any():
                    break
                box = found.find_box()
                if box is None:
                    break
                step, meets = chosen_step(box.peeling_trajectory, threshold)
                if not meets and number > 1:
                    break
                box.select(step)
                covered[box.yi] = True
                steps.append(_trajectory(box.peeling_trajectory, number, step))
                limits.append(_limits(box, step, found.box_init, number, meets))
                if not meets:
                    break
    return _frame(limits, BOX_COLUMNS), _frame(steps, TRAJECTORY_COLUMNS)


def _frame(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    return pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)


def _trajectory(trajectory: pd.DataFrame, number: int, step: int) -> pd.DataFrame:
    t = trajectory.reset_index(drop=True)
    return pd.DataFrame(
        {
            "box": number,
            "step": np.arange(len(t)),
            "coverage": t["coverage"].astype(float),
            "density": t["density"].astype(float),
            "mass": t["mass"].astype(float),
            "cases": t["n"].astype(int),
            "of_interest": t["k"].astype(int),
            "dimensions": t["res_dim"].astype(int),
            "chosen": np.arange(len(t)) == step,
        }
    )


def _limits(box: Any, step: int, init: pd.DataFrame, number: int, meets: bool) -> pd.DataFrame:
    """One row per factor: the box's limits at ``step`` and its statistics."""
    row = box.peeling_trajectory.iloc[step]
    lims, qp = box.box_lims[step], box.p_values[step]
    rows = []
    for name in init.columns:
        low, high = lims.loc[0, name], lims.loc[1, name]
        categorical = isinstance(low, set)
        restricted = bool(low != init.loc[0, name] or high != init.loc[1, name])
        q = [np.nan if v == -1 else float(v) for v in qp.get(name, [-1, -1])]
        rows.append(
            {
                "factor": name,
                "restricted": restricted,
                "low": np.nan if categorical else float(low),
                "high": np.nan if categorical else float(high),
                "values": "|".join(sorted(map(str, low))) if categorical else "",
                "qp_low": q[0],
                "qp_high": q[1] if len(q) > 1 else np.nan,
            }
        )
    stats = {
        "box": number,
        "step": step,
        "coverage": float(row["coverage"]),
        "density": float(row["density"]),
        "mass": float(row["mass"]),
        "cases": int(row["n"]),
        "of_interest": int(row["k"]),
        "dimensions": int(row["res_dim"]),
        "meets_threshold": meets,
    }
    return pd.DataFrame(rows).assign(**stats)


__all__ = ["BOX_COLUMNS", "TRAJECTORY_COLUMNS", "chosen_step", "find_boxes", "prim_module"]
