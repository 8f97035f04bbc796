"""The debrief's figures: the class's path drawn among the model's runs.

Each function returns a matplotlib Figure with a caption saying what to look
at (``fig.caption``), in the style of :mod:`ddsim.outputs.figures`, but in
larger print: the debrief is projected, and its text must stay readable
(about 19 px letters in a figure shown 1024 px wide). The turns with an
incident are shaded and named, and the turns a team's orders were missing
are marked on the class's line, so that no one blames a team for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ddsim.outputs.figures import COLOURS, band

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ddsim.play.debrief import Debrief

CLASS_COLOUR = "black"
INCIDENT_COLOUR = "#d62728"
#: Projected: letters of 13 pt at 110 dpi are 20 px in the PNG.
PRINT = {"font.size": 13, "axes.titlesize": 14, "legend.fontsize": 12}
#: Horizontal boxes: ``orientation=`` since Matplotlib 3.10 (``vert=`` is deprecated there).
_MPL = tuple(int(x) for x in matplotlib.__version__.split(".")[:2])
HORIZONTAL = {"orientation": "horizontal"} if _MPL >= (3, 10) else {"vert": False}


def caption(fig: Figure, text: str) -> Figure:
    """Put ``text`` under the figure in print as large as the axes' (the
    figure keeps it as ``fig.caption`` too, for the PNG's description)."""
    fig.caption = text  # type: ignore[attr-defined]
    fig.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=12, wrap=True, color="0.2")
    return fig


def mark_turns(ax: Axes, debrief: Debrief, column: str) -> None:
    """Shade and name each turn with an incident; mark with a cross the
    class's value at each turn whose orders were missing."""
    for turn, incidents in debrief.incidents.items():
        ax.axvspan(turn - 0.5, turn + 0.5, color=INCIDENT_COLOUR, alpha=0.12, lw=0)
        ax.annotate(
            "incident\n" + "\n".join(incidents),
            (turn, 1),
            xycoords=("data", "axes fraction"),
            ha="center",
            va="top",
            fontsize=11,
            color=INCIDENT_COLOUR,
        )
    path = debrief.path.set_index("step")[column]
    missed = [t for t in debrief.missed if t in path.index]
    if missed:
        ax.plot(
            missed, path.loc[missed], "x", color="#ff7f0e", ms=14, mew=3, label="orders missing"
        )


def path_figure(debrief: Debrief, column: str, label: str, text: str) -> Figure:
    """The class's path (black) over the mean of each group's runs (thin
    lines) and the 10-90% band of all runs (grey)."""
    ts = debrief.results.timeseries
    with plt.rc_context(PRINT):
        fig, ax = plt.subplots(figsize=(9, 6.2))
        everyone = band(ts.assign(variant="all"), column).loc["all"]
        ax.fill_between(
            everyone.index,
            everyone["low"],
            everyone["high"],
            color="0.85",
            lw=0,
            label="10-90% of runs",
        )
        means = ts.groupby(["variant", "step"], sort=False)[column].mean()
        for k, group in enumerate(debrief.groups):
            m = means.loc[group]
            ax.plot(m.index, m.to_numpy(), color=COLOURS[k % len(COLOURS)], lw=1.5, label=group)
        path = debrief.path
        ax.plot(
            path["step"],
            path[column],
            color=CLASS_COLOUR,
            lw=3.5,
            marker="o",
            ms=6,
            label="your game",
        )
        mark_turns(ax, debrief, column)
        ax.set(xlabel=f"turn ({debrief.step_unit}s)", ylabel=label)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
        ax.legend(
            title="runs where your states play",
            loc="upper center",
            bbox_to_anchor=(0.5, -0.13),
            ncol=4,
        )
        fig.subplots_adjust(top=0.97, bottom=0.42, left=0.1, right=0.97)
    return caption(fig, text)


def war_figure(debrief: Debrief) -> Figure:
    """Probability of war by the last turn in each group, with Wilson 95%
    intervals; the class's outcome in the title."""
    t = debrief.table
    with plt.rc_context(PRINT):
        height = 2.6 + 0.5 * len(t)
        fig, ax = plt.subplots(figsize=(9, height))
        y = np.arange(len(t))[::-1]
        colours = [COLOURS[k % len(COLOURS)] for k in range(len(t))]
        ax.hlines(y, t["war_low"], t["war_high"], colors=colours, lw=4)
        ax.scatter(t["war_probability"], y, color=colours, s=70, zorder=3)
        ax.set(
            yticks=y,
            yticklabels=t["group"],
            xlim=(-0.02, 1.02),
            xlabel=f"probability of a war within {debrief.turns} turns",
        )
        s = debrief.path_summary
        happened = f"war at turn {s['first_war_step']}" if s["war_by_horizon"] else "no war"
        ax.set_title(f"Your game: {happened}")
        ax.grid(alpha=0.3, axis="x")
        fig.subplots_adjust(left=0.25, right=0.97, bottom=2.0 / height, top=1 - 0.5 / height)
    return caption(
        fig,
        f"Share of the {debrief.replications} runs per group with a war within the turns "
        "you played (dot), with its Wilson 95% interval (bar). Where most groups rarely have "
        "a war and you had one, ask which decision made the difference.",
    )


def placement_figure(debrief: Debrief) -> Figure:
    """The hostility and final trust of the class's own relations in every
    run, per group (boxes), with the class's value as a black line."""
    summary = debrief.results.summary
    groups = debrief.groups
    panels = (
        ("pair_hostility", f"hostility {debrief.focus}"),
        ("final_pair_trust", f"final trust {debrief.focus}"),
    )
    with plt.rc_context(PRINT):
        height = 3.2 + 0.5 * len(groups)
        fig, axes = plt.subplots(1, 2, figsize=(11, height), sharey=True)
        y = np.arange(len(groups))[::-1]
        for ax, (column, label) in zip(axes, panels, strict=True):
            data = [summary.loc[summary["variant"] == g, column].to_numpy() for g in groups]
            boxes = ax.boxplot(
                data,
                positions=y,
                **HORIZONTAL,
                widths=0.6,
                patch_artist=True,
                flierprops={"markersize": 4},
            )
            for k, patch in enumerate(boxes["boxes"]):
                patch.set(facecolor=COLOURS[k % len(COLOURS)], alpha=0.35)
            mine = debrief.path_summary[column]
            where = debrief.placements[column]
            ax.axvline(mine, color=CLASS_COLOUR, lw=3)
            ax.set_title(
                f"{label}: yours {mine:.2f}\nruns lower {where['below']:.0f}%, the same "
                f"{where['equal']:.0f}%, higher {where['above']:.0f}%",
                fontsize=13,
            )
            ax.set(yticks=y, yticklabels=groups)
            ax.grid(alpha=0.3, axis="x")
        # room in inches, whatever the number of groups: names left, titles above, caption below
        fig.subplots_adjust(
            left=0.2, right=0.98, wspace=0.1, top=1 - 1.0 / height, bottom=1.5 / height
        )
    return caption(
        fig,
        "Each box holds the runs of one group (middle half of the runs, line = median, "
        "whiskers and dots = the rest); the black line is your game. The title says how many "
        "runs were below, the same as, or above yours.",
    )


def debrief_figures(debrief: Debrief) -> dict[str, Figure]:
    """Every figure of the debrief, by file name, in reading order: the
    class's own relations first, every pair of the scenario last."""
    focus = debrief.focus
    return {
        "debrief_war.png": war_figure(debrief),
        "debrief_placement.png": placement_figure(debrief),
        "debrief_pair_hostility.png": path_figure(
            debrief,
            "pair_hostility",
            f"hostility {focus} (MID level)",
            f"Hostility between {focus} (0 peace ... 5 war), turn by turn: your game (black) "
            "against the runs in which the model plays your states. Red bands are incidents no "
            "one decided; crosses, turns a team's orders were missing. Read your memos of the "
            "turns where your line jumps.",
        ),
        "debrief_pair_trust.png": path_figure(
            debrief,
            "pair_trust",
            f"trust {focus} (0 none, 1 full)",
            f"Trust between {focus}, both ways, turn by turn: your game (black) against the "
            "model's runs. Trust is built slowly and lost fast: where did your line leave "
            "the band?",
        ),
        "debrief_hostility.png": path_figure(
            debrief,
            "mean_hostility",
            "mean hostility, all pairs",
            "Mean hostility over every pair of the scenario, states no one played included: "
            "your game (black) against the model's runs.",
        ),
    }


__all__ = [
    "caption",
    "debrief_figures",
    "mark_turns",
    "path_figure",
    "placement_figure",
    "war_figure",
]
