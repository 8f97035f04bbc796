"""Draw the figures of the lesson plans into docs/teaching/img/.

Run from the repository's root (about five minutes on one core of a busy machine)::

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
import pandas as pd
from matplotlib.figure import Figure

import ddsim
from ddsim import plots
from ddsim.analysis.intervals import wilson_interval
from ddsim.core.actions import DEFAULT_ACTIONS
from ddsim.experiments.jobs import replication_seed
from ddsim.outputs.figures import add_caption as caption

ROOT = Path(__file__).resolve().parents[2]
IMG = Path(__file__).resolve().parent / "img"
REPLICATIONS = 20
#: Runs per strategy in the benchmark of lesson 3.
RANKING_RUNS = 20
#: How likely a benign and a hostile sender are to hold staff talks (the
#: catalogue's cheap talk): the cheap_talk variant gives these to every
#: reassuring act, so that each weighs ln(0.9 / 0.8) = 0.12 nats as evidence.
CHEAP_TALK = {
    "benign": DEFAULT_ACTIONS["staff_talks"].benign,
    "hostile": DEFAULT_ACTIONS["staff_talks"].hostile,
}
#: The cooperative acts the built-in strategies use to reassure a rival.
REASSURANCE = ["csbm", "high_level_visit", "arms_control_talks", "personnel_exchange"]
#: Where to put the labels that would overlap in the catalogue figure (points, alignment).
LABEL_OFFSETS = {
    "arms_control_talks": (6, 0, "left"),
    "ship_visit": (6, -9, "left"),
    "personnel_exchange": (-6, -3, "right"),
    "humanitarian_assistance": (-6, -3, "right"),
    "staff_talks": (6, 2, "left"),
    "regional_forum": (6, -10, "left"),
    "announcement": (0, -14, "center"),
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


def one_history(sc: ddsim.Scenario, runs: int = 4) -> Figure:
    """The ALD-BOR MID level month by month in the first runs of each variant."""
    fig, axes = plt.subplots(runs, 1, figsize=(8, 1.6 * runs + 1), sharex=True, sharey=True)
    for k, ax in enumerate(axes):
        seed = replication_seed(sc.seed, k)  # the seed of ``ddsim run``'s run k
        for variant, colour, lw in zip(
            sc.variant_names, ("tab:blue", "tab:red"), (1.2, 2.5), strict=True
        ):
            model = ddsim.DiplomacyModel(sc, rng=seed, variant=variant)
            ald, bor = model.ids.index("ALD"), model.ids.index("BOR")
            levels = [model.hostility[ald, bor]]
            for _ in range(sc.steps):
                model.step()
                levels.append(model.hostility[ald, bor])
            ax.step(
                range(len(levels)),
                levels,
                where="post",
                lw=lw,
                color=colour,
                label=variant,
                zorder=3 if lw < 2 else 2,
            )
        ax.set_yticks([0, 2, 4, 5], ["0 none", "2 threat", "4 force", "5 war"], fontsize=8)
        ax.set_ylim(-0.3, 5.3)
        ax.set_ylabel(f"run {k + 1}", fontsize=9)
        ax.grid(alpha=0.3)
    axes[0].legend(title="variant", loc="upper right", fontsize=8, ncol=2)
    axes[0].set_title("Aldoria and Borea: MID level in the first four runs of each variant")
    axes[-1].set_xlabel("month")
    fig.subplots_adjust(left=0.15, hspace=0.15, bottom=0.17, top=0.94)
    return caption(
        fig,
        "The dispute between Aldoria and Borea, month by month, in the first four runs of "
        "each variant (the seeds of `ddsim run`, the same for both variants). Look at how "
        "rarely either line leaves 0: the threat they start with ends within the first months, "
        "the incident the scenario schedules at month 60 makes a short dispute in every run, "
        "and the disputes that use force (level 4 and 5) come almost only under deterrence.",
    )


def signal_catalogue() -> Figure:
    """Cost against evidence weight, ln(benign / hostile), of every action kind."""
    fig, ax = plt.subplots(figsize=(8, 5))
    for action in DEFAULT_ACTIONS.values():
        colour = "tab:green" if action.cooperative else "tab:red"
        ax.scatter(action.cost, action.evidence, s=60, color=colour)
        dx, dy, align = LABEL_OFFSETS.get(action.kind, (6, -3, "left"))
        ax.annotate(
            action.kind.replace("_", " "),
            (action.cost, action.evidence),
            textcoords="offset points",
            xytext=(dx, dy),
            ha=align,
            fontsize=8,
        )
    ax.axhline(0, color="0.5", lw=1)
    ax.scatter([], [], color="tab:green", label="cooperative")
    ax.scatter([], [], color="tab:red", label="coercive")
    ax.set(
        xlabel="cost to the sender (budget units)",
        ylabel="evidence weight ln(benign / hostile), nats",
        xlim=(0, 5.5),
        ylim=(-2.6, 2.6),
        title="The action catalogue: costly signals say more",
    )
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left")
    return caption(
        fig,
        "Every action kind by its cost and its weight as evidence of intent: the log of how "
        "much likelier a benign sender is to take it than a hostile one (ddsim/core/actions.py, "
        "after Kydd 2005). Above the line: a sign of benign intent; below: of hostile intent. "
        "Look at the cooperative acts: the costly ones (aid, exercises, CSBMs) say much more "
        "than cheap staff talks, forum meetings or announcements, which a hostile state would "
        "make almost as readily.",
    )


def cheap_talk_experiment() -> ddsim.Results:
    """rivals.yaml with Aldoria engaging, with and without credible reassurance."""
    sc = scenario("rivals")
    variants = {
        "costly_signals": {"description": "the default catalogue"},
        "cheap_talk": {
            "description": "reassuring acts say no more about intent than staff talks",
            "actions": {kind: dict(CHEAP_TALK) for kind in REASSURANCE},
        },
    }
    return ddsim.run(sc.replace(variants=variants), replications=REPLICATIONS)


def with_disputes_so_far(results: ddsim.Results) -> ddsim.Results:
    """Add ``disputes_so_far``: each run's new disputes summed up to each step."""
    ts = results.timeseries
    ts["disputes_so_far"] = ts.groupby(["variant", "replication"])["new_disputes"].cumsum()
    return results


def wars_in(summary: pd.DataFrame) -> pd.DataFrame:
    """Per variant: runs, runs with a war, its share with a 95% Wilson interval,
    mean hostility, disputes a run and final trust between the rivals."""
    g = summary.groupby("variant", sort=False)
    table = pd.DataFrame(
        {
            "runs": g.size(),
            "wars": g.war_by_horizon.sum().astype(int),
            "mean_hostility": g.mean_hostility.mean(),
            "disputes": g.disputes.mean(),
            "rival_trust": g.final_rival_trust.mean(),
        }
    )
    low, high = wilson_interval(table.wars, table.runs)
    return table.assign(war=table.wars / table.runs, war_low=low, war_high=high)


def strategy_ranking() -> Figure:
    """Each built-in strategy for Aldoria against a tit-for-tat Borea."""
    sc = scenario("rivals")
    variants = {name: {"states": {"ALD": {"strategy": name}}} for name in STRATEGY_ORDER}
    summary = ddsim.run(sc.replace(variants=variants), replications=RANKING_RUNS).summary
    ranking = wars_in(summary).sort_values(["war", "mean_hostility"])
    print("strategy ranking (rivals.yaml, Aldoria's strategy):")
    print(ranking.round(3).to_string())
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    y = np.arange(len(ranking))
    left.barh(y, ranking.mean_hostility, color="tab:red", alpha=0.7)
    left.set(xlabel="mean MID level (0 peace ... 5 war)", title="hostility")
    right.barh(y, ranking.war, color="0.4")
    right.errorbar(
        ranking.war,
        y,
        xerr=[ranking.war - ranking.war_low, ranking.war_high - ranking.war],
        fmt="none",
        ecolor="black",
        capsize=3,
    )
    right.set(xlabel="share of runs with a war in 20 years (95% interval)", xlim=(0, 0.6))
    right.set_title("war")
    left.set_yticks(y, ranking.index)
    left.invert_yaxis()
    for ax in (left, right):
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle(
        f"Aldoria's strategy against a tit-for-tat Borea (rivals.yaml, {RANKING_RUNS} runs each)"
    )
    fig.subplots_adjust(left=0.17, top=0.84, bottom=0.27)
    return caption(
        fig,
        "Each built-in strategy for Aldoria, fewest wars first (bars: share of runs with a "
        "war; lines: 95% intervals). Look at the two that answer force with force: against a "
        "partner that does the same, strict tit for tat (reciprocal) and steady coercion "
        "(coercive) led to war most often, in 4 and 3 runs of 20; doing nothing (passive) "
        "once; the others never. But the intervals overlap: with 20 runs the model cannot "
        "rank the strategies that never start force. This is the benchmark a class "
        "tournament tries to beat.",
    )


def main() -> None:
    IMG.mkdir(exist_ok=True)
    rivals = ddsim.run(scenario("rivals"), replications=REPLICATIONS)
    deterrence = with_disputes_so_far(ddsim.run(scenario("deterrence"), replications=REPLICATIONS))
    cheap = with_disputes_so_far(cheap_talk_experiment())
    for name, results in (("rivals", rivals), ("deterrence", deterrence), ("cheap talk", cheap)):
        print(f"{name} ({REPLICATIONS} runs per variant):")
        print(wars_in(results.summary).round(3).to_string())
    figures = {
        "spiral_one_history.png": one_history(scenario("rivals")),
        "spiral_hostility.png": plots.hostility_figure(rivals),
        "spiral_trust.png": plots.trust_figure(rivals),
        "deterrence_hostility.png": plots.over_time(
            deterrence,
            "disputes_so_far",
            "disputes so far (all pairs)",
            "deterrence.yaml: Borea is a revisionist facing a stronger alliance. Line = mean "
            f"of {REPLICATIONS} runs, band = 10-90% of runs. Look at how close the two lines "
            "stay: against this revisionist, Aldoria's shows of force do not bring fewer "
            "disputes than engagement does. Same strategies as in rivals.yaml, different "
            "adversary, and still no clear win for deterrence.",
        ),
        "signal_catalogue.png": signal_catalogue(),
        "cheap_talk_trust.png": plots.over_time(
            cheap,
            "rival_trust",
            "trust between Aldoria and Borea",
            "Aldoria engages Borea in both lines; in cheap_talk its reassuring acts (CSBMs, "
            "visits, arms control talks, exchanges) say no more about intent than staff "
            f"talks. Mean of {REPLICATIONS} runs, band = 10-90%. Look at how little trust "
            "climbs when reassurance costs nothing to fake.",
        ),
        "cheap_talk_hostility.png": plots.over_time(
            cheap,
            "disputes_so_far",
            "disputes so far (all pairs)",
            "The same experiment counted in disputes: each run's disputes so far, month by "
            f"month (mean of {REPLICATIONS} runs, band = 10-90%). Look at whether the lines "
            "part: whether cheap reassurance also brings more disputes, or only less trust.",
        ),
        "strategy_ranking.png": strategy_ranking(),
    }
    for name, fig in figures.items():
        fig.savefig(IMG / name, dpi=100, metadata={"Software": None})
        plt.close(fig)
        print(IMG / name)


if __name__ == "__main__":
    main()
