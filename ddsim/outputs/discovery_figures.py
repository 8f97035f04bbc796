"""The figures of a scenario discovery, drawn from its tables.

Two are the EMA Workbench's own (``ema_workbench.analysis.scenario_discovery_util``,
Kwakkel 2017), fed from the tables: the peeling trajectory (``plot_tradeoff``:
coverage against density at every step, coloured by how many factors the box
restricts) and the box's limits (``plot_box``: each restricted factor's range
inside its whole range, with the quasi-p value of its limits). The third shows
the cases themselves on the two factors that matter most.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ddsim.outputs.figures import add_caption


def sdutil() -> Any:
    """``ema_workbench.analysis.scenario_discovery_util`` (its optional extras' warnings hushed)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import scenario_discovery_util

    return scenario_discovery_util


def whole_box(cases: pd.DataFrame, factors: Sequence[str]) -> pd.DataFrame:
    """Each factor's whole range over the cases (rows 0 and 1: low and high;
    a set of the values for a choice), as the library's boxes are."""
    columns = {}
    for name in factors:
        x = cases[name]
        if pd.api.types.is_numeric_dtype(x):
            columns[name] = pd.Series([x.min(), x.max()], dtype=float)
        else:
            columns[name] = pd.Series([set(map(str, x)), set(map(str, x))], dtype=object)
    return pd.DataFrame(columns)


def box_limits(rows: pd.DataFrame, init: pd.DataFrame) -> pd.DataFrame:
    """One box's limits (its rows of ``boxes.csv``) in the library's shape."""
    lims = init.copy()
    for r in rows.itertuples():
        if isinstance(init.loc[0, r.factor], set):
            chosen = set(str(r.values).split("|"))
            lims[r.factor] = pd.Series([chosen, chosen], dtype=object)
        else:
            lims[r.factor] = pd.Series([r.low, r.high], dtype=float)
    return lims


def _share(lims: pd.DataFrame, init: pd.DataFrame, name: str) -> float:
    """How much of its whole range a factor keeps inside the box (0 to 1)."""
    low, high = lims.loc[0, name], lims.loc[1, name]
    if isinstance(low, set):
        return len(low) / len(init.loc[0, name])
    span = init.loc[1, name] - init.loc[0, name]
    return float((high - low) / span) if span else 1.0


def restricted(rows: pd.DataFrame, init: pd.DataFrame) -> list[str]:
    """The factors a box restricts, the most restricted first."""
    lims = box_limits(rows, init)
    names = list(rows.loc[rows["restricted"].astype(bool), "factor"])
    return sorted(names, key=lambda n: (_share(lims, init, n), names.index(n)))


def trajectory_figure(steps: pd.DataFrame, box: int, threshold: float, caption: str) -> Figure:
    """The library's peeling trajectory, the chosen step ringed."""
    lib = sdutil()
    table = steps.rename(columns={"dimensions": "res_dim", "step": "id"}).reset_index(drop=True)
    fig = lib.plot_tradeoff(table, annotated=True)
    fig.set_size_inches(7, 6)
    ax = fig.axes[0]
    chosen = table[table["chosen"].astype(bool)]
    ax.scatter(chosen["coverage"], chosen["density"], s=220, facecolors="none", edgecolors="red")
    ax.axhline(threshold, color="0.5", ls="--", lw=1)
    ax.set_title(f"Box {box}: peeling trajectory (red ring: the box reported)")
    return add_caption(fig, caption)


def limits_figure(
    rows: pd.DataFrame, init: pd.DataFrame, names: list[str], box: int, caption: str
) -> Figure:
    """The library's figure of one box's limits within the whole ranges."""
    lib = sdutil()
    lims = box_limits(rows, init)
    qp = {
        r.factor: [-1 if pd.isna(r.qp_low) else r.qp_low, -1 if pd.isna(r.qp_high) else r.qp_high]
        for r in rows.itertuples()
        if r.factor in names
    }
    first = rows.iloc[0]
    stats = {"coverage": float(first["coverage"]), "density": float(first["density"])}
    fig, ax = plt.subplots(figsize=(10, 2.6 + 0.7 * len(names)))
    lib.plot_box(lims, qp, init, names, stats, ax)
    fig.subplots_adjust(left=0.3, right=0.8)
    ax.set_title(f"Box {box}: the limits of each factor it restricts (grey: the whole range)")
    return add_caption(fig, caption)


def cases_figure(
    cases: pd.DataFrame, rows: pd.DataFrame, names: list[str], words: dict[str, str], box: int
) -> Figure | None:
    """The cases on the two numeric factors the box restricts most (or one
    against the difference), cases of interest in colour, the box drawn; when
    the box also restricts choices, only the cases that make those choices."""
    numeric = [n for n in names if pd.api.types.is_numeric_dtype(cases[n])]
    if not numeric:
        return None
    limits = rows.set_index("factor")
    choices = {n: str(limits.loc[n, "values"]).split("|") for n in names if n not in numeric}
    shown = cases
    for name, values in choices.items():
        shown = shown[shown[name].astype(str).isin(values)]
    x = numeric[0]
    y = numeric[1] if len(numeric) > 1 else "difference"
    fig, ax = plt.subplots(figsize=(7, 5.5))
    hit = shown["interest"].astype(bool).to_numpy()
    ax.scatter(shown.loc[~hit, x], shown.loc[~hit, y], s=12, c="0.6", label=words["other"])
    ax.scatter(shown.loc[hit, x], shown.loc[hit, y], s=12, c="tab:blue", label=words["interest"])
    x0, x1 = limits.loc[x, "low"], limits.loc[x, "high"]
    if y == "difference":
        ax.axvspan(x0, x1, color="tab:blue", alpha=0.08, lw=0)
        ax.axhline(0, color="0.3", lw=0.8)
        ax.set_ylabel(words["difference"])
    else:
        y0, y1 = limits.loc[y, "low"], limits.loc[y, "high"]
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec="tab:red", lw=1.5))
        ax.set_ylabel(y)
    ax.set(xlabel=x, title=f"Box {box}: the cases")
    ax.legend(loc="best", fontsize=8)
    ax.grid(alpha=0.3)
    only = " and ".join(f"{n} is {' or '.join(v)}" for n, v in choices.items())
    return add_caption(fig, _cases_caption(box, words, only, len(shown), len(cases)))


def discovery_figures(
    cases: pd.DataFrame,
    boxes: pd.DataFrame,
    trajectory: pd.DataFrame,
    factors: Sequence[str],
    words: dict[str, str],
    threshold: float,
) -> dict[str, Figure]:
    """Every box's figures, by file name (none when there is no box).

    Args:
        words: ``interest`` (what a case of interest is), ``other`` and
            ``difference`` (the axis of the difference), for legends and captions.
    """
    if boxes.empty:
        return {}
    init = whole_box(cases, factors)
    drawn: dict[str, Figure] = {}
    for box, rows in boxes.groupby("box", sort=True):
        steps = trajectory[trajectory["box"] == box]
        drawn[f"peeling_trajectory_box{box}.png"] = trajectory_figure(
            steps, int(box), threshold, _trajectory_caption(rows.iloc[0], words, threshold)
        )
        names = restricted(rows, init)
        if names:
            caption = _limits_caption(rows.iloc[0], words)
            drawn[f"box_limits_box{box}.png"] = limits_figure(rows, init, names, int(box), caption)
            fig = cases_figure(cases, rows, names, words, int(box))
            if fig is not None:
                drawn[f"cases_box{box}.png"] = fig
    return drawn


def _trajectory_caption(first: pd.Series, words: dict[str, str], threshold: float) -> str:
    step = int(first["step"])
    return (
        "Each dot is a box PRIM passed through while peeling, numbered by its step: coverage "
        f"(the share of all cases where {words['interest']} that fall inside it) against "
        "density (the share of the cases inside it where that holds); colour: how many "
        "factors it restricts. Peeling trades coverage for density. Ringed: the box reported "
        f"(step {step}), the most coverage at a density of at least {threshold:.0%} (dashed line)."
    )


def _limits_caption(first: pd.Series, words: dict[str, str]) -> str:
    return (
        f"The box: for each factor it restricts, the range kept (blue) within the range sampled "
        f"(grey, from 0 to 1 of it). In brackets the quasi-p values of the limits (Bryant & "
        f"Lempert 2010; small: the limit matters, not luck). In this box {words['interest']} "
        f"in {first['density']:.0%} of the cases (density), and it holds {first['coverage']:.0%} "
        f"of all such cases (coverage)."
    )


def _cases_caption(box: int, words: dict[str, str], only: str, shown: int, total: int) -> str:
    which = f"the {shown} of {total} cases where {only}" if only else f"all {total} cases"
    return (
        f"Each point is a case ({which}), on the factors box {box} restricts most: blue where "
        f"{words['interest']}, grey elsewhere; the shading or frame is the box's range. A case's "
        "values are means over its replications, the same seeds in every case."
    )


__all__ = ["box_limits", "discovery_figures", "restricted", "whole_box"]
