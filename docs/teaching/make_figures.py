"""Draw the figures of the lesson plans into docs/teaching/img/.

Run from the repository's root (about half a minute)::

    python docs/teaching/make_figures.py

Every figure comes from the model with fixed seeds, so running this again gives
the same pictures. Each carries a caption that says what to look at.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

import ddsim
from ddsim import plots
from ddsim.core.actions import DEFAULT_ACTIONS
from ddsim.core.escalation import MID_LABELS
from ddsim.outputs.figures import add_caption as caption

ROOT = Path(__file__).resolve().parents[2]
IMG = Path(__file__).resolve().parent / "img"
REPLICATIONS = 20
#: The cooperative acts the built-in strategies use to reassure a rival.
REASSURANCE = ["csbm", "high_level_visit", "arms_control_talks", "personnel_exchange"]
#: Where to put the labels that would overlap in the catalogue figure (points, alignment).
LABEL_OFFSETS = {
    "arms_control_talks": (6, -12, "left"),
    "personnel_exchange": (6, 2, "left"),
    "humanitarian_assistance": (-6, -3, "right"),
}
STRATEGY_ORDER = [
    "passive",
    "noncoercive",
    "grit",
    "generous_reciprocal",
    "reciprocal",
    "hedging",
    "coercive",
]


def scenario(name: str) -> ddsim.Scenario:
    return ddsim.load_scenario(ROOT / "scenarios" / f"{name}.yaml")


def one_history(sc: ddsim.Scenario, seed: int = 1) -> Figure:
    """The ALD-BOR MID level month by month in one run of each variant."""
    fig, ax = plt.subplots(figsize=(8, 4))
    for variant in sc.variant_names:
        model = ddsim.DiplomacyModel(sc, rng=seed, variant=variant)
        ald, bor = model.ids.index("ALD"), model.ids.index("BOR")
        levels = [model.hostility[ald, bor]]
        for _ in range(sc.steps):
            model.step()
            levels.append(model.hostility[ald, bor])
        ax.step(range(len(levels)), levels, where="post", lw=2, label=variant)
    ax.set_yticks(range(6), [f"{k} {label}" for k, label in enumerate(MID_LABELS)])
    ax.set(xlabel="month", title=f"Aldoria and Borea, one run of each variant (seed {seed})")
    ax.grid(alpha=0.3)
    ax.legend(title="variant")
    fig.subplots_adjust(left=0.2)
    return caption(
        fig,
        "The dispute between Aldoria and Borea in one run of each variant, on the same "
        "seed. Look at the deterrence line climbing to war within months and staying near "
        "it, while the engagement line, after a rough start, comes down to peace.",
    )


def signal_catalogue() -> Figure:
    """Cost against credibility of every action kind."""
    fig, ax = plt.subplots(figsize=(8, 5))
    for action in DEFAULT_ACTIONS.values():
        colour = "tab:green" if action.cooperative else "tab:red"
        ax.scatter(action.cost, action.credibility, s=60, color=colour)
        dx, dy, align = LABEL_OFFSETS.get(action.kind, (6, -3, "left"))
        ax.annotate(
            action.kind.replace("_", " "),
            (action.cost, action.credibility),
            textcoords="offset points",
            xytext=(dx, dy),
            ha=align,
            fontsize=8,
        )
    ax.scatter([], [], color="tab:green", label="cooperative")
    ax.scatter([], [], color="tab:red", label="coercive")
    ax.set(
        xlabel="cost to the sender (budget units)",
        ylabel="credibility (how much the signal says)",
        xlim=(0.5, 5.5),
        ylim=(0, 1),
        title="The action catalogue: costly signals say more",
    )
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    return caption(
        fig,
        "Every action kind by its cost and its credibility (ddsim/actions.py, after Kydd "
        "2005). Look at the diagonal: the costly acts (aid, exercises, CSBMs) carry more "
        "evidence and are harder to misread than cheap staff talks or forum meetings.",
    )


def cheap_talk_experiment() -> ddsim.Results:
    """rivals.yaml with Aldoria engaging, with and without credible reassurance."""
    sc = scenario("rivals")
    variants = {
        "costly_signals": {"description": "the default catalogue"},
        "cheap_talk": {
            "description": "reassuring acts carry no more credibility than staff talks",
            "actions": {kind: {"credibility": 0.2} for kind in REASSURANCE},
        },
    }
    return ddsim.run(sc.replace(variants=variants), replications=REPLICATIONS)


def strategy_ranking() -> Figure:
    """Each built-in strategy for Aldoria against a tit-for-tat Borea."""
    sc = scenario("rivals")
    variants = {name: {"states": {"ALD": {"strategy": name}}} for name in STRATEGY_ORDER}
    summary = ddsim.run(sc.replace(variants=variants), replications=15).summary
    ranking = (
        summary.groupby("variant")[["mean_hostility", "war_by_horizon"]]
        .mean()
        .sort_values("mean_hostility")
    )
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    y = np.arange(len(ranking))
    left.barh(y, ranking.mean_hostility, color="tab:red", alpha=0.7)
    left.set(xlabel="mean MID level (0 peace ... 5 war)", title="hostility")
    right.barh(y, ranking.war_by_horizon, color="0.4")
    right.set(xlabel="share of runs with a war", xlim=(0, 1), title="war")
    left.set_yticks(y, ranking.index)
    left.invert_yaxis()
    for ax in (left, right):
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle("Aldoria's strategy against a tit-for-tat Borea (rivals.yaml, 15 runs each)")
    fig.subplots_adjust(left=0.17, top=0.84)
    return caption(
        fig,
        "Each built-in strategy for Aldoria, least hostile first. Look at which ones ever "
        "use force: against a partner that answers force with force, steady coercion and "
        "answering in kind (coercive, reciprocal, grit) lock the pair into retaliation and "
        "make war likely; occasional coercion (hedging) ends up no better than doing nothing "
        "(passive), and doing nothing is not reassurance. This is the benchmark a class "
        "tournament tries to beat.",
    )


def main() -> None:
    IMG.mkdir(exist_ok=True)
    rivals = ddsim.run(scenario("rivals"), replications=REPLICATIONS)
    deterrence = ddsim.run(scenario("deterrence"), replications=REPLICATIONS)
    cheap = cheap_talk_experiment()
    figures = {
        "spiral_one_history.png": one_history(scenario("rivals")),
        "spiral_hostility.png": plots.hostility_figure(rivals),
        "spiral_trust.png": plots.trust_figure(rivals),
        "deterrence_hostility.png": plots.over_time(
            deterrence,
            "mean_hostility",
            "mean hostility (MID level, 0 = peace, 5 = war)",
            "deterrence.yaml: Borea is a revisionist facing a stronger alliance. Line = mean "
            f"of {REPLICATIONS} runs, band = 10-90% of runs. Look at the ranking: here "
            "Aldoria's shows of force keep hostility lower than engagement does, the "
            "opposite of rivals.yaml. Same strategies, different adversary.",
        ),
        "signal_catalogue.png": signal_catalogue(),
        "cheap_talk_trust.png": plots.over_time(
            cheap,
            "rival_trust",
            "trust between Aldoria and Borea",
            "Aldoria engages Borea in both lines; in cheap_talk its reassuring acts (CSBMs, "
            "visits, arms control talks, exchanges) carry no more credibility than staff "
            f"talks. Mean of {REPLICATIONS} runs, band = 10-90%. Look at how much slower and "
            "lower trust climbs when reassurance costs nothing to fake.",
        ),
        "cheap_talk_hostility.png": plots.over_time(
            cheap,
            "mean_hostility",
            "mean hostility (MID level)",
            "The same experiment seen through hostility. Look at the first eight years: "
            "misread cheap signals keep feeding the dispute for longer, until trust is won "
            "and both lines come down to peace.",
        ),
        "strategy_ranking.png": strategy_ranking(),
    }
    for name, fig in figures.items():
        fig.savefig(IMG / name, dpi=100, metadata={"Software": None})
        plt.close(fig)
        print(IMG / name)


if __name__ == "__main__":
    main()
