"""Figures. Each function returns a matplotlib Figure with a caption that
says what to look at (``fig.caption``, also drawn under the plot)."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .escalation import MID_LABELS
from .experiment import Results

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
    trust, pairs in a militarized dispute (MID 3 and up) drawn dashed red.

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
        "distrust; dashed red = a militarized dispute (MID 3 or more). Node size = capability; "
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
        "Where pairs of states stand on the MID ladder at the end, averaged over "
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
