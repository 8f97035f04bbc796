"""Figures. Each function returns a matplotlib Figure with a caption that
says what to look at (``fig.caption``, also drawn under the plot)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ddsim.analysis.outcomes import OUTCOMES
from ddsim.analysis.results import Results
from ddsim.analysis.statistics import war_probability
from ddsim.core.escalation import MID_LABELS


class Comparison(Protocol):
    """What the comparison figures read (``ddsim.experiments.compare.Comparison``
    is one; outputs sit below experiments, so they know it by this shape only):
    the runs, the 95% bands over time, and the arms compared (each with its
    ``label`` and ``scenario``)."""

    results: Results
    timeseries_stats: pd.DataFrame
    outcomes: pd.DataFrame
    differences: pd.DataFrame
    reference: str
    arms: Sequence[Any]

    @property
    def labels(self) -> list[str]: ...


COLOURS = plt.get_cmap("tab10").colors


def add_caption(fig: Figure, text: str) -> Figure:
    fig.caption = text  # type: ignore[attr-defined]
    fig.text(0.01, 0.005, text, ha="left", va="bottom", fontsize=8, wrap=True, color="0.3")
    fig.subplots_adjust(bottom=0.22)
    return fig


def band(ts: pd.DataFrame, column: str, low: float = 0.1, high: float = 0.9) -> pd.DataFrame:
    """Mean and quantile band of ``column`` across replications, per variant and step."""
    g = ts.groupby(["variant", "step"], sort=False)[column]
    return pd.DataFrame({"mean": g.mean(), "low": g.quantile(low), "high": g.quantile(high)})


def over_time(
    results: Results,
    column: str,
    label: str,
    caption: str,
    stats: pd.DataFrame | None = None,
    band_label: str = "10-90% band",
) -> Figure:
    """One line per variant (mean over replications) with a band.

    Args:
        stats: Per variant and step (index), columns ``mean``, ``low``, ``high``;
            default :func:`band` (10-90% of replications).
        band_label: What the band is, for the legend.
    """
    fig, ax = plt.subplots(figsize=(8, 4.5))
    if stats is None:
        stats = band(results.timeseries, column)
    for k, variant in enumerate(results.variants):
        s = stats.loc[variant]
        colour = COLOURS[k % len(COLOURS)]
        ax.plot(s.index, s["mean"], color=colour, lw=2, label=variant)
        ax.fill_between(s.index, s["low"], s["high"], color=colour, alpha=0.2, lw=0)
    unit = results.scenario.step_unit
    ax.set(
        xlabel=f"time ({unit}s)",
        ylabel=label,
        title=results.scenario.title or results.scenario.name,
    )
    ax.grid(alpha=0.3)
    ax.legend(title=f"variant (mean, {band_label})")
    return add_caption(fig, caption)


def hostility_figure(results: Results) -> Figure:
    """Mean hostility over time, per variant."""
    n = results.summary.groupby("variant").size().min()
    return over_time(
        results,
        "mean_hostility",
        "mean hostility (MID level, 0 = peace, 5 = war)",
        f"Mean MID level over all pairs of states; line = mean of {n} replications, band = "
        "10-90% of replications. Look at which variant stays lower, and how wide the bands are: "
        "wide bands mean luck matters as much as strategy.",
    )


def trust_figure(results: Results) -> Figure:
    """Mean trust over time, per variant."""
    column = "rival_trust" if results.timeseries["rival_trust"].notna().any() else "mean_trust"
    who = "between states that started as rivals" if column == "rival_trust" else "over all pairs"
    return over_time(
        results,
        column,
        "trust (0 = none, 1 = full)",
        f"Mean trust {who}, per variant (10-90% band across replications). Trust is built "
        "slowly and lost fast: look for the variant where it climbs, and whether it holds.",
    )


def network_figure(
    graph: nx.DiGraph,
    title: str = "",
    seed: int = 0,
    pos: dict | None = None,
    when: str = "at the end of replication 0",
) -> Figure:
    """The trust network: nodes sized by capability, edges coloured by mutual
    trust, pairs at a display of force or more (MID 3 and up) drawn dashed red.

    ``pos`` fixes the node positions (the dashboard keeps them still from step
    to step); by default a spring layout pulls mutually trusting states together.
    ``when`` says in the caption which moment the figure shows."""
    fig, ax = plt.subplots(figsize=(7, 7))
    g = graph.to_undirected(as_view=False)
    for u, v, data in g.edges(data=True):
        data["mutual"] = min(graph[u][v]["trust"], graph[v][u]["trust"])
    layout_graph = nx.Graph()
    layout_graph.add_nodes_from(g)
    layout_graph.add_weighted_edges_from((u, v, d["mutual"] ** 2) for u, v, d in g.edges(data=True))
    if pos is None:
        pos = nx.spring_layout(layout_graph, seed=seed, weight="weight")
    many = g.number_of_nodes() > 30
    shown = [(u, v) for u, v, d in g.edges(data=True) if not many or d["mutual"] > 0.7]
    colours = [g[u][v]["mutual"] for u, v in shown]
    hostile = [(u, v) for u, v, d in g.edges(data=True) if d["hostility"] >= 3]
    sizes = [200 + 600 * graph.nodes[v]["capability"] for v in g]
    nx.draw_networkx_edges(
        g,
        pos,
        edgelist=shown,
        edge_color=colours,
        edge_cmap=plt.cm.RdYlGn,
        edge_vmin=0,
        edge_vmax=1,
        width=1.5 if not many else 0.3,
        ax=ax,
        alpha=0.9 if not many else 0.5,
    )
    nx.draw_networkx_edges(
        g, pos, edgelist=hostile, edge_color="red", style="dashed", width=2.5, ax=ax
    )
    node_colour = [
        "#d62728" if graph.nodes[v]["disposition"] == "revisionist" else "#1f77b4" for v in g
    ]
    nx.draw_networkx_nodes(g, pos, node_size=sizes, node_color=node_colour, alpha=0.85, ax=ax)
    if not many:
        nx.draw_networkx_labels(g, pos, font_color="white", font_size=9, ax=ax)
    sm = plt.cm.ScalarMappable(cmap=plt.cm.RdYlGn, norm=plt.Normalize(0, 1))
    fig.colorbar(sm, ax=ax, shrink=0.6, label="mutual trust (lower of the two directions)")
    ax.set_title(title)
    ax.axis("off")
    what = "pairs trusting each other above 0.7" if many else "every pair"
    return add_caption(
        fig,
        f"Trust network {when}. Lines: {what}, green = mutual trust, red = "
        "distrust; dashed red = a display of force or more (MID 3 and up). Node size = capability; "
        "red nodes are revisionists. Look for clusters of green (security communities).",
    )


def mid_shares_figure(results: Results) -> Figure:
    """Share of pairs on each MID rung at the horizon, per variant."""
    ts = results.timeseries
    last = ts[ts["step"] == ts["step"].max()]
    shares = last.groupby("variant", sort=False)[[f"share_mid_{k}" for k in range(6)]].mean()
    fig, ax = plt.subplots(figsize=(8, 4.5))
    left = np.zeros(len(shares))
    cmap = plt.get_cmap("YlOrRd")
    for k in range(6):
        ax.barh(
            shares.index,
            shares[f"share_mid_{k}"],
            left=left,
            color=cmap(k / 5),
            label=f"{k} {MID_LABELS[k]}",
        )
        left += shares[f"share_mid_{k}"].to_numpy()
    ax.set(xlabel="share of pairs at the horizon", xlim=(0, 1))
    ax.legend(ncols=3, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, 1.18))
    return add_caption(
        fig,
        "Where pairs of states stand on the MID scale at the end, averaged over "
        "replications. Look at the red end: the share of pairs at war or using force.",
    )


def standard_figures(results: Results, folder: Path) -> list[Path]:
    """Draw the standard figures of a run into ``folder``; return their paths."""
    figures = {
        "hostility.png": hostility_figure(results),
        "trust.png": trust_figure(results),
        "mid_levels.png": mid_shares_figure(results),
    }
    for variant, graph in results.graphs.items():
        figures[f"network_{variant}.png"] = network_figure(graph, f"Trust network: {variant}")
    return save_figures(figures, folder)


def save_figures(figures: dict[str, Figure], folder: Path) -> list[Path]:
    """Save each figure as PNG under its file name (its caption goes into the
    PNG's Description), close it, and return the paths."""
    paths = []
    for name, fig in figures.items():
        path = Path(folder) / name
        caption = getattr(fig, "caption", "")
        fig.savefig(path, dpi=110, metadata={"Software": None, "Description": caption})
        plt.close(fig)
        paths.append(path)
    return paths


# --------------------------------------------------------------------------
# a comparison's figures
# --------------------------------------------------------------------------
def comparison_figures(cmp: Comparison, folder: Path) -> list[Path]:
    """Draw the comparison's figures into ``folder``; return their paths.

    Each PNG carries its caption in its ``Description`` text field, which the
    report reads.
    """

    figures = {
        "hostility.png": _band_figure(
            cmp,
            "mean_hostility",
            "mean hostility (MID level, 0 = peace, 5 = war)",
            "Mean MID level over all pairs of states, per variant. Line = mean of the "
            "replications; band = 95% confidence interval of that mean. Where the bands do "
            "not overlap, the variants really differ; single runs spread much wider.",
        ),
        "trust.png": _trust_figure(cmp),
        "war_probability.png": war_probability_figure(cmp),
        "outcomes.png": outcomes_figure(cmp),
    }
    if len(cmp.labels) > 1:
        figures["differences.png"] = differences_figure(cmp)
    figures["mid_levels.png"] = mid_shares_figure(cmp.results)
    for label, graph in cmp.results.graphs.items():
        name = "network_" + "".join(c if c.isalnum() or c in "-_" else "_" for c in label)
        figures[f"{name}.png"] = network_figure(graph, f"Trust network: {label}")
    return save_figures(figures, folder)


def _band_figure(cmp: Comparison, column: str, label: str, caption: str):

    s = cmp.timeseries_stats
    s = s[s["metric"] == column].set_index(["variant", "step"])
    stats = s.rename(columns={"ci_low": "low", "ci_high": "high"})[["mean", "low", "high"]]
    fig = over_time(cmp.results, column, label, caption, stats, "95% CI of the mean")
    if len({a.scenario.digest for a in cmp.arms}) > 1:
        names = dict.fromkeys(a.scenario.name for a in cmp.arms)
        fig.axes[0].set_title("Comparison of " + ", ".join(names))
    return fig


def _trust_figure(cmp: Comparison):
    ts = cmp.results.timeseries
    rivals = "rival_trust" in ts and ts["rival_trust"].notna().any()
    column = "rival_trust" if rivals else "mean_trust"
    who = "between states that started as rivals" if rivals else "over all pairs of states"
    return _band_figure(
        cmp,
        column,
        "trust (0 = none, 1 = full)",
        f"Mean trust {who}, per variant, with the 95% confidence interval of the mean. "
        "Trust is built slowly and lost fast: look for the variant where it climbs, and "
        "whether it holds.",
    )


def war_probability_figure(cmp: Comparison):
    """Cumulative probability of a first war by each step, with Wilson 95% bands."""

    steps = {a.label: a.scenario.steps for a in cmp.arms}
    curve = war_probability(cmp.results.summary, {v: range(s + 1) for v, s in steps.items()})
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for k, (variant, c) in enumerate(curve.groupby("variant", sort=False)):
        colour = COLOURS[k % len(COLOURS)]
        ax.step(c["horizon"], c["probability"], where="post", color=colour, lw=2, label=variant)
        ax.fill_between(
            c["horizon"], c["low"], c["high"], step="post", color=colour, alpha=0.2, lw=0
        )
    unit = cmp.results.scenario.step_unit
    ax.set(xlabel=f"time ({unit}s)", ylabel="probability of a war so far", ylim=(0, 1))
    ax.axhline(0.5, color="0.6", lw=0.8, ls=":")
    ax.grid(alpha=0.3)
    ax.legend(title="variant (Wilson 95% band)", loc="center right")
    n = int(cmp.results.summary.groupby("variant").size().min())
    return add_caption(
        fig,
        f"Share of the {n} replications per variant that have had at least one war by each "
        "time (Kaplan-Meier; every run reaches the horizon). Read the right end for the "
        "risk of war by the horizon; where a line crosses the dotted 50% line is the median "
        "time to the first war.",
    )


def outcomes_figure(cmp: Comparison):
    """Key outcomes per variant: mean and 95% interval, one panel each."""

    shown = [
        o
        for o in ("war_by_horizon", "mean_hostility", "final_mean_trust")
        if o in set(cmp.outcomes["outcome"])
    ]
    fig, axes = plt.subplots(1, len(shown), figsize=(9, 3.8), sharey=True, squeeze=False)
    labels = cmp.labels
    for ax, outcome in zip(axes[0], shown, strict=True):
        o = cmp.outcomes[cmp.outcomes["outcome"] == outcome].set_index("variant").loc[labels]
        y = np.arange(len(labels))[::-1]
        colours = [COLOURS[k % len(COLOURS)] for k in range(len(labels))]
        _whiskers(ax, o["mean"], o["low"], o["high"], y, colours)
        ax.set(yticks=y, yticklabels=labels)
        ax.set_title(textwrap.fill(OUTCOMES[outcome].label, 24), fontsize=10)
        ax.grid(alpha=0.3, axis="x")
    return add_caption(
        fig,
        "Per variant: the mean over replications (dot) and its 95% interval (bar): "
        "Wilson for the war probability, Student t for the others. Bars that do not "
        "overlap mark a clear difference.",
    )


def _whiskers(ax, centre, low, high, y, colours) -> None:
    """Dots at ``centre`` with bars from ``low`` to ``high``, one colour each."""
    for c, lo, hi, yy, colour in zip(centre, low, high, y, colours, strict=True):
        ax.plot([lo, hi], [yy, yy], color=colour, lw=2.5, solid_capstyle="butt")
        ax.plot([lo, lo], [yy - 0.12, yy + 0.12], color=colour, lw=1.5)
        ax.plot([hi, hi], [yy - 0.12, yy + 0.12], color=colour, lw=1.5)
        ax.scatter([c], [yy], color=[colour], s=45, zorder=3)
    ax.set_ylim(min(y) - 0.6, max(y) + 0.6)


def differences_figure(cmp: Comparison):
    """Each variant minus the reference, with bootstrap 95% intervals."""

    shown = [
        o
        for o in ("war_by_horizon", "mean_hostility", "final_mean_trust", "final_rival_trust")
        if o in set(cmp.differences["outcome"])
    ]
    height = 2.2 + 0.4 * len(cmp.labels)
    fig, axes = plt.subplots(1, len(shown), figsize=(10, height), squeeze=False)
    # room for titles of two lines (0.5 inch) and for the longest variant label
    longest = max(map(len, cmp.labels), default=0)
    fig.subplots_adjust(top=1 - 0.5 / height, left=min(0.4, 0.03 + 0.0085 * longest))
    others = [v for v in cmp.labels if v != cmp.reference]
    for ax, outcome in zip(axes[0], shown, strict=True):
        d = cmp.differences[cmp.differences["outcome"] == outcome].set_index("variant")
        d = d.loc[[v for v in others if v in d.index]]
        y = np.arange(len(d))[::-1]
        colours = [
            "0.55" if lo <= 0 <= hi else "#08306b"
            for lo, hi in zip(d["low"], d["high"], strict=True)
        ]
        _whiskers(ax, d["difference"], d["low"], d["high"], y, colours)
        ax.axvline(0, color="0.3", lw=1)
        ax.set(yticks=y, yticklabels=d.index if ax is axes[0][0] else [""] * len(d))
        ax.set_title(textwrap.fill(OUTCOMES[outcome].label, 22), fontsize=10)
        ax.xaxis.set_major_locator(MaxNLocator(3))  # few ticks: their labels do not touch
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(alpha=0.3, axis="x")
    paired = bool(cmp.differences["paired"].all()) if len(cmp.differences) else False
    return add_caption(
        fig,
        f"Each variant minus the reference '{cmp.reference}' (dot), with a "
        f"{'paired ' if paired else ''}bootstrap 95% interval (bar). An interval that does not "
        "cross the zero line (dark blue) is a difference the replications support; grey bars "
        "cross it: no clear difference.",
    )
