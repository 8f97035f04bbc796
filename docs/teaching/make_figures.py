"""Draw the figures of the lesson plans into docs/teaching/img/ and print the
numbers the lessons quote.

Run from the repository's root (about two minutes on one core of a busy machine)::

    python docs/teaching/make_figures.py

Every number comes from the model with fixed seeds (each scenario's own seed, on
ddsim's usual replication seeds, shared by the variants: common random numbers),
so running this again gives the same pictures and prints the same numbers. Each
figure carries a caption that says what to look at.

What the lessons read off a run is the pair Aldoria-Borea (and Borea-Cetia):
the months it spends at a use of force or war (MID levels 4 and 5), what
deterrence is meant to prevent, whether it goes to war, its mean MID level and
the trust between the two. A show of force is itself a display of force (MID
level 3), so the mean MID level of a deterrer's pair is high even when it
prevents force and war: the lessons read the months at use of force or war.
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
from ddsim.analysis.intervals import mean_interval, wilson_interval
from ddsim.core.actions import DEFAULT_ACTIONS
from ddsim.core.replica import Replication
from ddsim.experiments.jobs import replication_seed
from ddsim.experiments.validation_runs import paired_diff, track_all
from ddsim.outputs.figures import add_caption as caption

ROOT = Path(__file__).resolve().parents[2]
IMG = Path(__file__).resolve().parent / "img"
#: Runs per variant of every experiment lessons 1 and 2 quote.
REPLICATIONS = 200
#: Runs per strategy in the benchmark of lesson 3.
RANKING_RUNS = 20
#: "War within the first decade": by month 120.
DECADE = 120
#: The month of the incident rivals.yaml schedules: wars before it came from a drive.
INCIDENT = 60
#: Aldoria's strategy in each variant of the deterrence comparison: the two
#: variants of rivals.yaml and deterrence.yaml, and two more for the questions.
ALDORIA = {
    "engagement": "noncoercive",
    "deterrence": "coercive",
    "passive": "passive",
    "hedging": "hedging",
}
#: Where deterring the revisionist of deterrence.yaml helps less, fails, and
#: works best: Model 3 parameters at an end of their declared ranges (the
#: settings of docs/validation.md, deterrence, and the two together).
SETTINGS = {
    "revisionist_insecurity=1": {"revisionist_insecurity": 1.0},
    "weakness_gain=0": {"weakness_gain": 0.0},
    "revisionist_insecurity=1, weakness_gain=0": {
        "revisionist_insecurity": 1.0,
        "weakness_gain": 0.0,
    },
    "revisionist_insecurity=0": {"revisionist_insecurity": 0.0},
}
#: Misperception in lesson 2: perception_noise (0.5 is the default).
NOISE = (0.0, 0.5, 1.0)
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
VARIANT_COLOURS = {"engagement": "tab:blue", "deterrence": "tab:red"}
MID_TICKS = ([0, 2, 3, 4, 5], ["0 none", "2 threat", "3 display", "4 force", "5 war"])


def scenario(name: str) -> ddsim.Scenario:
    return ddsim.load_scenario(ROOT / "scenarios" / f"{name}.yaml")


# ----------------------------------------------------------------------
# running: the pair Aldoria-Borea, month by month
# ----------------------------------------------------------------------
def pair(model: Replication) -> dict[str, float]:
    """What the lessons read off a run each month: the MID level between
    Aldoria and Borea and between Borea and Cetia (0 where there is no
    Cetia), and the trust between Aldoria and Borea, both ways averaged."""
    ids = model.ids
    ald, bor = ids.index("ALD"), ids.index("BOR")
    cetia = int(model.hostility[bor, ids.index("CET")]) if "CET" in ids else 0
    return {
        "level": int(model.hostility[ald, bor]),
        "cetia_level": cetia,
        "trust": float(model.trust[ald, bor] + model.trust[bor, ald]) / 2,
    }


def track(scenarios: dict[str, ddsim.Scenario]) -> dict[str, pd.DataFrame]:
    """Every variant of every scenario, :data:`REPLICATIONS` runs each, in one
    pool: :func:`pair` at every step, by the scenarios' names."""
    series = track_all(list(scenarios.values()), pair, replications=REPLICATIONS, progress=False)
    return dict(zip(scenarios, series, strict=True))


def per_run(ts: pd.DataFrame) -> pd.DataFrame:
    """One row per variant and run: months at use of force or war (MID 4 or
    5) between Aldoria and Borea, whether they went to war (within the run,
    within the first decade, before month :data:`INCIDENT`), their mean MID
    level, the disputes they began, the months at use of force or war between
    Borea and Cetia, and the final trust between Aldoria and Borea."""
    ts = ts.sort_values(["replication", "step"], kind="stable")  # variants keep their order
    began = (ts["level"] > 0) & (ts.groupby(["variant", "replication"])["level"].shift() == 0)
    after = ts.assign(
        force=ts["level"] >= 4,
        war=ts["level"] == 5,
        war_decade=(ts["level"] == 5) & (ts["step"] <= DECADE),
        war_early=(ts["level"] == 5) & (ts["step"] < INCIDENT),
        began=began,
        cetia_force=ts["cetia_level"] >= 4,
    )
    after = after[after["step"] >= 1]
    return (
        after.groupby(["variant", "replication"], sort=False)
        .agg(
            force_months=("force", "sum"),
            war=("war", "max"),
            war_decade=("war_decade", "max"),
            war_early=("war_early", "max"),
            level=("level", "mean"),
            disputes=("began", "sum"),
            cetia_force_months=("cetia_force", "sum"),
            trust=("trust", "last"),
        )
        .reset_index()
    )


def values(per: pd.DataFrame, variant: str, column: str) -> np.ndarray:
    return per.loc[per["variant"] == variant].sort_values("replication")[column].to_numpy(float)


def share(per: pd.DataFrame, variant: str, column: str) -> tuple[int, float, float, float]:
    """Runs with ``column`` true: (count, share, Wilson 95% low, high)."""
    x = values(per, variant, column)
    low, high = wilson_interval(x.sum(), len(x))
    return int(x.sum()), x.mean(), float(low), float(high)


def mean(per: pd.DataFrame, variant: str, column: str) -> tuple[float, float, float]:
    ci = mean_interval(values(per, variant, column))
    return ci.estimate, ci.low, ci.high


def describe(name: str, per: pd.DataFrame, reference: str = "engagement") -> None:
    """Print what the lessons quote of one scenario: per variant, and each
    variant minus ``reference`` paired on seed."""
    print(f"\n{name} ({REPLICATIONS} runs per variant, the pair Aldoria-Borea):")
    for variant in dict.fromkeys(per["variant"]):
        wars, p, low, high = share(per, variant, "war")
        decade, pd_, dlow, dhigh = share(per, variant, "war_decade")
        force, flow, fhigh = mean(per, variant, "force_months")
        level, llow, lhigh = mean(per, variant, "level")
        disputes = "{:.2f} [{:.2f}, {:.2f}]".format(*mean(per, variant, "disputes"))
        trust = "{:.3f} [{:.3f}, {:.3f}]".format(*mean(per, variant, "trust"))
        cetia = values(per, variant, "cetia_force_months").mean()
        print(
            f"  {variant:12s} war {wars} of {REPLICATIONS} = {p:.1%} [{low:.1%}, {high:.1%}]"
            f"; in the first decade {decade} = {pd_:.1%} [{dlow:.1%}, {dhigh:.1%}]"
            f"; before month {INCIDENT} {int(values(per, variant, 'war_early').sum())}"
            f"; months at use of force or war {force:.2f} [{flow:.2f}, {fhigh:.2f}]"
            f"; mean MID level {level:.3f} [{llow:.3f}, {lhigh:.3f}]"
            f"; disputes begun {disputes}; final trust {trust}"
            f"; Borea-Cetia months at use of force or war {cetia:.2f}"
        )
    if reference not in set(per["variant"]):
        return
    for variant in dict.fromkeys(per["variant"]):
        if variant == reference:
            continue
        for column, what in (
            ("force_months", "months at use of force or war"),
            ("war", "share with a war"),
            ("cetia_force_months", "Borea-Cetia months at use of force or war"),
        ):
            d, low, high = paired_diff(values(per, variant, column), values(per, reference, column))
            print(f"  {variant} - {reference}, {what}: {d:+.3f} [{low:+.3f}, {high:+.3f}]")


# ----------------------------------------------------------------------
# figures
# ----------------------------------------------------------------------
def lines(ax: plt.Axes, ts: pd.DataFrame, column: str, label: str, where: str = "best") -> None:
    """Per variant: the mean over runs, month by month, and the 10-90% band."""
    for k, (variant, runs) in enumerate(ts.groupby("variant", sort=False)):
        g = runs.groupby("step")[column]
        colour = VARIANT_COLOURS.get(variant, f"C{k + 2}")
        ax.plot(g.mean().index, g.mean(), color=colour, lw=2, label=variant)
        ax.fill_between(
            g.mean().index, g.quantile(0.1), g.quantile(0.9), color=colour, alpha=0.15, lw=0
        )
    ax.set(xlabel="month", ylabel=label)
    ax.grid(alpha=0.3)
    ax.legend(title="variant (mean, 10-90% of runs)", fontsize=8, loc=where)


def force_so_far(ax: plt.Axes, ts: pd.DataFrame) -> None:
    """Per variant: each run's months at use of force or war (MID 4-5) up to
    each month, the mean over runs with its 95% interval."""
    ts = ts.sort_values(["replication", "step"], kind="stable")  # variants keep their order
    force = (ts["level"] >= 4) & (ts["step"] >= 1)
    ts = ts.assign(so_far=force.groupby([ts["variant"], ts["replication"]]).cumsum())
    for k, (variant, runs) in enumerate(ts.groupby("variant", sort=False)):
        g = runs.groupby("step")["so_far"]
        ci = [mean_interval(x.to_numpy()) for _, x in g]
        colour = VARIANT_COLOURS.get(variant, f"C{k + 2}")
        steps = list(g.groups)
        ax.plot(steps, [c.estimate for c in ci], color=colour, lw=2, label=variant)
        ax.fill_between(
            steps, [c.low for c in ci], [c.high for c in ci], color=colour, alpha=0.2, lw=0
        )
    ax.set(xlabel="month", ylabel="months at use of force or war so far")
    ax.grid(alpha=0.3)
    ax.legend(title="variant (mean, 95% interval)", fontsize=8, loc="upper left")


def over_time(
    ts: pd.DataFrame, column: str, label: str, title: str, text: str, where: str = "best"
) -> Figure:
    fig, ax = plt.subplots(figsize=(8, 4.5))
    if column == "force_so_far":
        force_so_far(ax, ts)
    else:
        lines(ax, ts, column, label, where)
    ax.set_title(title)
    return caption(fig, text)


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
        ax.set_yticks(*MID_TICKS, fontsize=8)
        ax.set_ylim(-0.3, 5.3)
        ax.set_ylabel(f"run {k + 1}", fontsize=9)
        ax.grid(alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.55, 0.955), ncol=2)
    fig.suptitle("Aldoria and Borea: MID level in the first four runs of each variant", y=0.99)
    axes[-1].set_xlabel("month")
    fig.subplots_adjust(left=0.15, hspace=0.15, bottom=0.17, top=0.9)
    return caption(
        fig,
        "The dispute between Aldoria and Borea, month by month, in the first four runs of "
        "each variant (the seeds of `ddsim run`, the same for both variants). Look at the two "
        "colours. Engagement (blue): the threat they start with ends in the first months, and "
        "the pair is at peace but for a few short disputes (the incident of month 60 in every "
        "run). Deterrence (red): Aldoria's first show of force is a display of force (3), "
        "Borea answers in kind, and while they keep at it the dispute does not end: it climbs "
        "to a use of force (4), falls back, climbs again, and goes to war (5); when a war "
        "ends (0), the next show of force opens a new dispute.",
    )


def two_faces(per: dict[str, pd.DataFrame]) -> Figure:
    """Engaging and deterring in rivals.yaml and deterrence.yaml: months at
    use of force or war, share of runs with a war, mean MID level."""
    rows = [
        ("force_months", "months at use of force\nor war (MID 4-5) a run", "mean"),
        ("war", "share of runs\nwith a war", "share"),
        ("level", "mean MID level\n(0 peace ... 5 war)", "mean"),
    ]
    columns = {
        "rivals": "rivals.yaml: Borea a security seeker\n(deterring is wrong)",
        "deterrence": "deterrence.yaml: Borea a revisionist\n(deterring is right)",
    }
    fig, axes = plt.subplots(3, 2, figsize=(9, 8.2))
    variants = ["engagement", "deterrence"]
    for c, (name, title) in enumerate(columns.items()):
        for r, (column, label, kind) in enumerate(rows):
            ax = axes[r, c]
            est, low, high = [], [], []
            for variant in variants:
                if kind == "share":
                    _, p, lo, hi = share(per[name], variant, column)
                else:
                    p, lo, hi = mean(per[name], variant, column)
                est.append(p)
                low.append(p - lo)
                high.append(hi - p)
            x = np.arange(len(variants))
            colours = [VARIANT_COLOURS[v] for v in variants]
            ax.bar(x, est, color=colours, alpha=0.75, width=0.6)
            ax.errorbar(x, est, yerr=[low, high], fmt="none", ecolor="black", capsize=4)
            for xi, e, h in zip(x, est, high, strict=True):
                text = f"{e:.0%}" if kind == "share" else f"{e:.2f}" if e < 10 else f"{e:.0f}"
                ax.annotate(
                    text,
                    (xi, e + h),
                    textcoords="offset points",
                    xytext=(0, 3),
                    ha="center",
                    fontsize=9,
                )
            ax.set_xticks(x, variants)
            ax.set_ylim(0, max(e + h for e, h in zip(est, high, strict=True)) * 1.25)
            ax.grid(axis="y", alpha=0.3)
            if c == 0:
                ax.set_ylabel(label, fontsize=9)
            if r == 0:
                ax.set_title(title, fontsize=10)
    fig.suptitle(f"The two faces of a show of force ({REPLICATIONS} runs per bar, 95% intervals)")
    fig.subplots_adjust(top=0.87, hspace=0.35, left=0.14)
    caption(
        fig,
        "Aldoria engages Borea (blue) or deters it with shows of force (red); the pair "
        "Aldoria-Borea over twenty years. Look at the top row: deterring fills a security "
        "seeker's twenty years with force and war, and cuts the months at use of force or war "
        "of a revisionist by about two thirds (note the different scales). The middle row: the "
        "revisionist's wars are rarer, and their intervals still touch: the months say more. "
        "The bottom row: deterring raises the mean MID level in both, because every show of "
        "force is a display of force (level 3): read the top row, not the bottom one.",
    )
    fig.subplots_adjust(bottom=0.14)  # the caption is short for so tall a figure
    return fig


def deterrence_over_time(ts: pd.DataFrame) -> Figure:
    """deterrence.yaml, engagement and deterrence: the pair's MID level and its
    months at use of force or war so far, month by month."""
    ts = ts[ts["variant"].isin(["engagement", "deterrence"])]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.3))
    lines(left, ts, "level", "MID level Aldoria-Borea", "upper right")
    left.set_yticks(*MID_TICKS, fontsize=8)
    left.set_ylim(-0.3, 5.9)
    left.set_title("how hostile: the MID level", fontsize=10)
    force_so_far(right, ts)
    right.set_title("how violent: months at use of force or war", fontsize=10)
    right.grid(alpha=0.3)
    right.legend(title="variant (mean, 95% interval)", fontsize=8)
    fig.suptitle("deterrence.yaml: Borea is a revisionist facing a stronger alliance")
    fig.subplots_adjust(top=0.84, bottom=0.3, wspace=0.3)
    return caption(
        fig,
        f"The pair Aldoria-Borea, {REPLICATIONS} runs per variant. Left: under deterrence the "
        "pair sits at a display of force (3) from the first month, since each of Aldoria's "
        "shows of force is one; under engagement it is at peace in most months. Right: look "
        "which line climbs faster: engaged, the revisionist uses force more often, because it "
        "reads engagement from a state that never shows resolve as weakness.",
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


def cheap_talk_scenario() -> ddsim.Scenario:
    """rivals.yaml with Aldoria engaging, with and without credible reassurance."""
    variants = {
        "costly_signals": {"description": "the default catalogue"},
        "cheap_talk": {
            "description": "reassuring acts say no more about intent than staff talks",
            "actions": {kind: dict(CHEAP_TALK) for kind in REASSURANCE},
        },
    }
    return scenario("rivals").replace(variants=variants)


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
    print(f"\nstrategy ranking (rivals.yaml, Aldoria's strategy, {RANKING_RUNS} runs each):")
    print(ranking.round(3).to_string())
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), sharey=True)
    y = np.arange(len(ranking))
    left.barh(y, ranking.mean_hostility, color="tab:red", alpha=0.7)
    left.set(xlabel="mean MID level over all pairs (0 peace ... 5 war)", title="hostility")
    right.barh(y, ranking.war, color="0.4")
    right.errorbar(
        ranking.war,
        y,
        xerr=[ranking.war - ranking.war_low, ranking.war_high - ranking.war],
        fmt="none",
        ecolor="black",
        capsize=3,
    )
    right.set(xlabel="share of runs with a war in 20 years (95% interval)", xlim=(0, 1))
    right.set_title("war")
    left.set_yticks(y, ranking.index)
    left.invert_yaxis()
    for ax in (left, right):
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle(
        f"Aldoria's strategy against a tit-for-tat Borea (rivals.yaml, {RANKING_RUNS} runs each)"
    )
    fig.subplots_adjust(left=0.17, top=0.84, bottom=0.27)
    wars = ", ".join(f"{name} {n} of {RANKING_RUNS}" for name, n in ranking.wars.items() if n)
    return caption(
        fig,
        "Each built-in strategy for Aldoria, fewest wars first (bars: share of runs with a "
        "war; lines: 95% intervals). Look at the two that show force unprovoked (hedging "
        "every third month, coercive every month): each show of force is a display of force, "
        "the tit-for-tat partner answers it, and the dispute climbs (runs with a war: "
        f"{wars or 'none'}). Where the intervals overlap, the model cannot rank the strategies "
        "with these runs. This is the benchmark a class tournament "
        "tries to beat.",
    )


def main() -> None:
    IMG.mkdir(exist_ok=True)
    faces = {
        name: scenario(name).replace(
            variants={v: {"states": {"ALD": {"strategy": s}}} for v, s in ALDORIA.items()}
        )
        for name in ("rivals", "deterrence")
    }
    base = scenario("deterrence")
    settings = {
        f"deterrence.yaml, {label}": base.replace(parameters={**base.parameters, **values_})
        for label, values_ in SETTINGS.items()
    }
    validation = {"validation/deterrence.yaml": scenario("validation/deterrence")}
    rivals = scenario("rivals")
    noise = {
        f"rivals.yaml, perception_noise={x}": rivals.replace(
            parameters={**rivals.parameters, "perception_noise": x}
        )
        for x in NOISE
        if x != 0.5  # the default: the runs of rivals.yaml above
    }
    cheap = {"rivals.yaml, cheap talk": cheap_talk_scenario()}
    ts = track({**faces, **settings, **validation, **noise, **cheap})
    per = {name: per_run(series) for name, series in ts.items()}
    for name, table in per.items():
        describe(name, table)
    for a, b in (
        ("revisionist-coerced", "revisionist-engaged"),
        ("seeker-coerced", "seeker-engaged"),
    ):
        of = per["validation/deterrence.yaml"]
        d, low, high = paired_diff(values(of, a, "force_months"), values(of, b, "force_months"))
        print(f"  {a} - {b}, months at use of force or war: {d:+.3f} [{low:+.3f}, {high:+.3f}]")
    of = per["rivals.yaml, cheap talk"]
    d, low, high = paired_diff(
        values(of, "cheap_talk", "trust"), values(of, "costly_signals", "trust")
    )
    print(f"  cheap_talk - costly_signals, final trust: {d:+.3f} [{low:+.3f}, {high:+.3f}]")
    for variant in ("costly_signals", "cheap_talk"):
        print(f"  {variant} final trust {mean(of, variant, 'trust')}")
    rivals_ts = ts["rivals"][ts["rivals"]["variant"].isin(["engagement", "deterrence"])]
    figures = {
        "spiral_one_history.png": one_history(rivals),
        "spiral_hostility.png": over_time(
            rivals_ts,
            "level",
            "MID level Aldoria-Borea (0 peace ... 5 war)",
            "rivals.yaml: two security seekers, Borea playing tit for tat",
            f"The MID level between Aldoria and Borea, month by month (line: mean of "
            f"{REPLICATIONS} runs; band: 10-90% of runs). Look at the red line: deterring puts "
            "the pair at a display of force from the first month and at a use of force soon "
            "after, and the incident of month 60 takes most runs to war; the blue line "
            "leaves 0 only briefly, at the start and at the incident.",
            where="center right",
        ),
        "spiral_trust.png": over_time(
            rivals_ts,
            "trust",
            "trust between Aldoria and Borea (both ways)",
            "rivals.yaml: two security seekers, Borea playing tit for tat",
            f"Trust between the rivals (line: mean of {REPLICATIONS} runs; band: 10-90%). Look "
            "at deterrence: each show of force is read as a sign of hostile intent, trust "
            "collapses and stays down; engagement builds it slowly.",
        ),
        "two_faces.png": two_faces(per),
        "deterrence_force.png": deterrence_over_time(ts["deterrence"]),
        "signal_catalogue.png": signal_catalogue(),
        "cheap_talk_trust.png": over_time(
            ts["rivals.yaml, cheap talk"],
            "trust",
            "trust between Aldoria and Borea (both ways)",
            "rivals.yaml: Aldoria engages, with costly or with cheap reassurance",
            "Aldoria engages Borea in both lines; in cheap_talk its reassuring acts (CSBMs, "
            "visits, arms control talks, exchanges) say no more about intent than staff "
            f"talks. Mean of {REPLICATIONS} runs, band = 10-90%. Look at how little trust "
            "climbs when reassurance costs nothing to fake.",
        ),
        "cheap_talk_hostility.png": over_time(
            ts["rivals.yaml, cheap talk"],
            "force_so_far",
            "",
            "rivals.yaml: Aldoria engages, with costly or with cheap reassurance",
            "The same experiment counted in force: each run's months at use of force or war "
            f"between Aldoria and Borea so far (mean of {REPLICATIONS} runs, 95% interval). Look "
            "at whether the lines part: they hardly do. Cheap reassurance leaves Borea "
            "distrustful, but not enough to fear Aldoria (a security seeker feels threatened "
            "only below a trust of about 0.26, threat_threshold): cheap talk costs trust here, "
            "not force.",
        ),
        "strategy_ranking.png": strategy_ranking(),
    }
    for old in ("deterrence_hostility.png",):  # figures the lessons no longer show
        (IMG / old).unlink(missing_ok=True)
    for name, fig in figures.items():
        fig.savefig(IMG / name, dpi=100, metadata={"Software": None})
        plt.close(fig)
        print(IMG / name)


if __name__ == "__main__":
    main()
