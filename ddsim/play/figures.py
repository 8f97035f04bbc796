"""The debrief's figures: the class's path drawn among the model's runs.

Each function returns a matplotlib Figure with a caption saying what to look
at (``fig.caption``), in the style of :mod:`ddsim.outputs.figures`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ddsim.outputs.figures import COLOURS, add_caption, band

if TYPE_CHECKING:
    from ddsim.play.debrief import Debrief

CLASS_COLOUR = "black"
#: Horizontal boxes: ``orientation=`` since Matplotlib 3.10 (``vert=`` is deprecated there).
_MPL = tuple(int(x) for x in matplotlib.__version__.split(".")[:2])
HORIZONTAL = {"orientation": "horizontal"} if _MPL >= (3, 10) else {"vert": False}


def path_figure(debrief: Debrief, column: str, label: str, caption: str) -> Figure:
    """The class's path (black) over the mean of each group's runs (thin
    lines) and the 10-90% band of all runs (grey)."""
    ts = debrief.results.timeseries
    fig, ax = plt.subplots(figsize=(8, 4.5))
    everyone = band(ts.assign(variant="all"), column).loc["all"]
    ax.fill_between(
        everyone.index,
        everyone["low"],
        everyone["high"],
        color="0.85",
        lw=0,
        label="10-90% of all runs",
    )
    means = ts.groupby(["variant", "step"], sort=False)[column].mean()
    for k, group in enumerate(debrief.groups):
        m = means.loc[group]
        ax.plot(m.index, m.to_numpy(), color=COLOURS[k % len(COLOURS)], lw=1.2, label=group)
    path = debrief.path
    ax.plot(
        path["step"], path[column], color=CLASS_COLOUR, lw=3, marker="o", ms=4, label="your game"
    )
    ax.set(xlabel=f"turn ({debrief.step_unit}s)", ylabel=label, title=debrief.title)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend(
        title="mean of runs where your states play",
        fontsize=8,
        title_fontsize=8,
        loc="center left",
        bbox_to_anchor=(1.01, 0.5),
    )
    fig.subplots_adjust(right=0.72)
    return add_caption(fig, caption)


def war_figure(debrief: Debrief) -> Figure:
    """Probability of war by the last turn in each group, with Wilson 95%
    intervals; the class's outcome in the title."""
    t = debrief.table
    fig, ax = plt.subplots(figsize=(8, 0.9 + 0.42 * len(t)))
    y = np.arange(len(t))[::-1]
    colours = [COLOURS[k % len(COLOURS)] for k in range(len(t))]
    ax.hlines(y, t["war_low"], t["war_high"], colors=colours, lw=3)
    ax.scatter(t["war_probability"], y, color=colours, s=50, zorder=3)
    ax.set(
        yticks=y,
        yticklabels=t["group"],
        xlim=(-0.02, 1.02),
        xlabel=f"probability of a war within {debrief.turns} turns",
    )
    s = debrief.path_summary
    happened = f"war at turn {s['first_war_step']}" if s["war_by_horizon"] else "no war"
    ax.set_title(f"Your game: {happened}", fontsize=11)
    ax.grid(alpha=0.3, axis="x")
    fig.subplots_adjust(left=0.24)
    return add_caption(
        fig,
        f"Share of the {debrief.replications} runs per group that had a war within the turns "
        "you played (dot), with its Wilson 95% interval (bar). Groups: your states under the "
        "scenario's strategies, or all playing one strategy. If your game had a war where "
        "most groups rarely do, ask which decision made the difference; if not, ask whether "
        "you were lucky.",
    )


def placement_figure(debrief: Debrief) -> Figure:
    """Mean hostility and final trust of every run, per group (boxes), with
    the class's value as a black line and its percentile rank."""
    summary = debrief.results.summary
    groups = debrief.groups
    panels = (
        ("mean_hostility", "mean hostility (MID level)"),
        ("final_mean_trust", "final mean trust"),
    )
    fig, axes = plt.subplots(1, 2, figsize=(9.5, 1.2 + 0.42 * len(groups)), sharey=True)
    y = np.arange(len(groups))[::-1]
    for ax, (column, label) in zip(axes, panels, strict=True):
        data = [summary.loc[summary["variant"] == g, column].to_numpy() for g in groups]
        boxes = ax.boxplot(
            data,
            positions=y,
            **HORIZONTAL,
            widths=0.6,
            patch_artist=True,
            showfliers=True,
            flierprops={"markersize": 3},
        )
        for k, patch in enumerate(boxes["boxes"]):
            patch.set(facecolor=COLOURS[k % len(COLOURS)], alpha=0.35)
        mine = debrief.path_summary[column]
        ax.axvline(mine, color=CLASS_COLOUR, lw=2.5)
        ax.set_title(
            f"{label}\nyours: {mine:.2f}, above {debrief.percentiles[column]:.0f}% of runs",
            fontsize=10,
        )
        ax.set(yticks=y, yticklabels=groups)
        ax.grid(alpha=0.3, axis="x")
    fig.subplots_adjust(left=0.2, wspace=0.08)
    return add_caption(
        fig,
        "Each box holds the runs of one group (middle half of the runs, line = median, "
        "whiskers and dots = the rest); the black line is your game. Far to the right on "
        "hostility, or to the left on trust, means your path was rarer than the model's "
        "strategies make it.",
    )


def debrief_figures(debrief: Debrief) -> dict[str, Figure]:
    """Every figure of the debrief, by file name, in reading order."""
    trust_caption = (
        "Mean trust over all pairs of states, turn by turn: your game (black) against the "
        "mean of the runs in which the model plays your states (one line per strategy) and "
        "the spread of all runs (grey). Trust is built slowly and lost fast: where did "
        "your line leave the band?"
    )
    hostility_caption = (
        "Mean hostility (MID level, 0 = peace, 5 = war) over all pairs, turn by turn: your "
        "game (black) against the model's runs. Look for the turns where your line jumps, "
        "and read your memos of those turns."
    )
    return {
        "debrief_war.png": war_figure(debrief),
        "debrief_placement.png": placement_figure(debrief),
        "debrief_hostility.png": path_figure(
            debrief, "mean_hostility", "mean hostility (MID level)", hostility_caption
        ),
        "debrief_trust.png": path_figure(
            debrief, "mean_trust", "mean trust (0 = none, 1 = full)", trust_caption
        ),
    }


__all__ = ["debrief_figures", "path_figure", "placement_figure", "war_figure"]
