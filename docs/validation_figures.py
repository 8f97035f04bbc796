"""Figures and numbers of docs/validation.md.

Runs every validation experiment of :mod:`ddsim.experiments.validation` with
100 replications (the new claims' with 200, the example scenarios' war with
their own counts), draws one figure per result into ``docs/img/validation/``
and writes the numbers (means with 95% confidence intervals) to
``docs/img/validation/numbers.md``, one section per experiment. Run from the
repository root (several minutes on 2 cores)::

    PYTHONPATH=. python docs/validation_figures.py [--workers 2] [--replications 100]
    PYTHONPATH=. python docs/validation_figures.py --only grit war   # redo two sections
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from ddsim.analysis.intervals import proportion_interval, wilson_interval
from ddsim.experiments import validation as v

OUT = Path(__file__).resolve().parent / "img" / "validation"
NUMBERS = OUT / "numbers.md"
#: The lines each experiment noted, by experiment.
LINES: dict[str, list[str]] = {}
CURRENT = ["?"]


def note(line: str = "") -> None:
    LINES.setdefault(CURRENT[0], []).append(line)
    print(line)


def marker(name: str) -> str:
    return f"<!-- experiment: {name} -->"


def write_numbers(order: list[str]) -> None:
    """Write numbers.md: the sections run now, and the others as they were."""
    sections: dict[str, list[str]] = {}
    if NUMBERS.exists():
        name = None
        for line in NUMBERS.read_text().splitlines():
            if line.startswith("<!-- experiment: "):
                name = line.removeprefix("<!-- experiment: ").removesuffix(" -->")
                sections[name] = []
            elif name is not None:
                sections[name].append(line)
    sections.update(LINES)
    text = [line for name in order if name in sections for line in (marker(name), *sections[name])]
    NUMBERS.write_text("\n".join(text) + "\n")


def fmt(triple: tuple[float, float, float], digits: int = 3) -> str:
    m, lo, hi = triple
    return f"{m:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]"


def band(ax, ts: pd.DataFrame, y: str, label_of=lambda v: v) -> None:
    """Mean of ``y`` over replications per step and variant, with a 95% band."""
    for variant, d in ts.groupby("variant", sort=False):
        g = d.groupby("step")[y]
        m, se = g.mean(), g.std(ddof=1) / np.sqrt(g.size())
        ax.plot(m.index, m, label=label_of(variant))
        ax.fill_between(m.index, m - 1.96 * se, m + 1.96 * se, alpha=0.2)


def save(fig, name: str, caption: str) -> None:
    fig.text(0.01, 0.005, caption, fontsize=8, wrap=True, va="bottom")
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    fig.savefig(OUT / f"{name}.png", dpi=110)
    plt.close(fig)


def table(df: pd.DataFrame, columns: dict[str, str], order: list[str]) -> None:
    note("| variant | " + " | ".join(columns.values()) + " |")
    note("|---|" + "---|" * len(columns))
    for variant in order:
        cells = [fmt(interval(v.column(df, variant, c), share=c in SHARES)) for c in columns]
        note(f"| {variant} | " + " | ".join(cells) + " |")


#: Columns that are 0 or 1 per run: their mean is a share of runs.
SHARES = {"war", "community"}


def interval(values: np.ndarray, share: bool) -> tuple[float, float, float]:
    """Mean with its 95% interval: Wilson for a share of runs, which stays
    inside [0, 1] (a t interval can leave it); t otherwise."""
    if share:
        ci = proportion_interval(values)
        return ci.estimate, ci.low, ci.high
    return v.mean_ci(values)


def diff(df, a, b, name) -> str:
    return fmt(v.welch_diff(v.column(df, a, name), v.column(df, b, name)))


COLUMNS = {
    "mean_hostility": "mean MID level",
    "war": "share with a war",
    "final_trust": "final trust",
}


def spiral(reps: int, workers: int) -> None:
    # War is rare at the calibrated rates: the war-risk claim needs 4 times the
    # replications (as its test, tests/validation/test_spiral_deterrence.py).
    per, ts = v.spiral(4 * reps, workers)
    fig, ax = plt.subplots(figsize=(7, 4))
    band(ax, ts, "hostility")
    ax.set(xlabel="month", ylabel="MID level (mean over replications)", title="Spiral model")
    ax.legend()
    save(
        fig,
        "spiral",
        "Two security seekers, low trust. Look at the gap: under mutual shows of force new "
        "disputes keep coming, and some reach war; mutual engagement ends the dispute and "
        "keeps the pair calm. 95% bands.",
    )
    note("### Spiral\n")
    table(per, COLUMNS, ["engagement", "force"])
    note(
        "\nforce - engagement, mean MID level: "
        f"{diff(per, 'force', 'engagement', 'mean_hostility')}; "
        f"share with a war: {diff(per, 'force', 'engagement', 'war')}\n"
    )


def deterrence(reps: int, workers: int) -> None:
    # Twice the replications, paired, at every declared setting (as the test).
    per, _ = v.deterrence(2 * reps, workers, settings=list(v.DETERRENCE_SETTINGS))
    effects = v.deterrence_effects(per)
    fig, ax = plt.subplots(figsize=(9, 4.5))
    settings = list(v.DETERRENCE_SETTINGS)
    colors = {"revisionist": "tab:blue", "security seeker": "tab:red", "deterrence.yaml": "k"}
    for k, (claim, rows) in enumerate(effects.groupby("claim", sort=False)):
        y = np.arange(len(settings)) + (k - 1) * 0.22
        rows = rows.set_index("setting").loc[settings]
        ax.errorbar(
            rows["difference"],
            y,
            xerr=[rows["difference"] - rows["low"], rows["high"] - rows["difference"]],
            fmt="o",
            color=colors[claim],
            label=f"against a {claim}" if claim != "deterrence.yaml" else "deterrence.yaml",
        )
    ax.axvline(0, color="0.5", lw=1)
    ax.set_yticks(np.arange(len(settings)), settings)
    ax.invert_yaxis()
    ax.set(
        xlabel="deterring minus engaging: months at use of force or war per run",
        title="The sign of deterring depends on the target",
    )
    ax.legend(loc="lower right", fontsize=8)
    save(
        fig,
        "deterrence",
        "Left of the grey line deterring prevents uses of force and wars; right of it, it "
        "provokes them. Against a security seeker (red) it always provokes; against a "
        f"revisionist (blue, black) it prevents them, unless the revisionist is as insecure as "
        f"greedy or never reads engagement as weakness. Paired 95% intervals, {2 * reps} runs.",
    )
    note("### Deterrence\n")
    note("| setting | claim | deterring | engaging | deterring - engaging (paired) | holds |")
    note("|---|---|---|---|---|---|")
    for _, r in effects.iterrows():
        note(
            f"| {r['setting']} | {r['claim']} | {r['coerced']:.2f} | {r['engaged']:.2f} | "
            f"{fmt((r['difference'], r['low'], r['high']), 2)} | {'yes' if r['holds'] else 'no'} |"
        )
    note("\nMonths at use of force or war (MID 4 or 5) per run, means.\n")
    defaults = per[per["setting"] == "defaults"]
    for name, order in (
        (
            "validation",
            ["revisionist-engaged", "revisionist-coerced", "seeker-engaged", "seeker-coerced"],
        ),
        ("packaged", ["engagement", "deterrence"]),
    ):
        note(f"\nAt the defaults, {name}:\n")
        table(defaults[defaults["scenario"] == name], COLUMNS, order)


#: The scenarios whose coercive acts per dispute are counted: variants, runs, steps.
COERCION = {
    "rivals": (["engagement", "deterrence"], 100, None),
    "world_2014": (["status_quo"], 10, 120),
}


def coercion(reps: int, workers: int) -> None:
    note("### Coercive acts and disputes\n")
    note(
        "| scenario | variant | runs | coercive acts a year | disputes begun a year "
        "| acts per dispute | share of dispute-months with a show of force |"
    )
    note("|---|---|---|---|---|---|---|")
    for name, (variants, n, steps) in COERCION.items():
        t = v.coercive_acts(name, variants, n, steps=steps, workers=workers)
        for _, r in t.iterrows():
            cells = [
                fmt((r[c], r[f"{c}_low"], r[f"{c}_high"]), 2)
                for c in ("acts_per_year", "disputes_per_year", "force_share")
            ]
            note(
                f"| {name} | {r['variant']} | {r['n']} | {cells[0]} | {cells[1]} | "
                f"{r['acts_per_dispute']:.1f} | {cells[2]} |"
            )
    note("\nMeans over runs with t intervals; acts per dispute pooled over the runs.\n")


def grit(reps: int, workers: int) -> None:
    per, ts = v.grit(reps, workers)
    fig, ax = plt.subplots(figsize=(7, 4))
    band(ax, ts, "hostility")
    ax.set(
        xlabel="month",
        ylabel="MID level (mean over replications)",
        title="GRIT from a hostile start",
    )
    ax.legend()
    save(
        fig,
        "grit",
        "Hostile start (trust 0.2, MID 2). The first dispute ends within months in every pair, "
        "and no side ever shows force: a misread initiative is not force, so the reciprocal "
        "partner has nothing to answer. GRIT, reciprocity and engagement are equally calm. "
        "95% bands.",
    )
    note("### GRIT\n")
    table(
        per,
        {**COLUMNS, "months_to_calm": "months to MID <= 1"},
        ["grit-vs-reciprocal", "reciprocal-vs-reciprocal", "engagement-vs-engagement"],
    )
    note(
        f"\nGRIT - reciprocal: months to calm "
        f"{diff(per, 'grit-vs-reciprocal', 'reciprocal-vs-reciprocal', 'months_to_calm')}; "
        "mean MID level "
        f"{diff(per, 'grit-vs-reciprocal', 'reciprocal-vs-reciprocal', 'mean_hostility')}\n"
    )
    first_force(reps, workers)


def who_coerces(model) -> dict[str, bool]:
    """Who made a real show of force this step, and whether Borea misread a
    friendly act of Aldoria (perceived hostility without real force)."""
    return {
        "aldoria": bool(model.coerced[1, 0]),
        "borea": bool(model.coerced[0, 1]),
        "borea_misread": bool(model.received[1, 0] < 0 and not model.coerced[1, 0]),
    }


def first_force(reps: int, workers: int) -> None:
    """Who starts the echo of retaliation in grit-vs-reciprocal."""
    ts = v.track(
        v.scenario("grit"),
        who_coerces,
        variants=["grit-vs-reciprocal"],
        replications=reps,
        workers=workers,
    )
    counts = {"Borea (reciprocal)": 0, "Aldoria (GRIT)": 0, "both at once": 0, "nobody": 0}
    after_misread = 0
    for _, d in ts.sort_values("step").groupby("replication"):
        force = d["aldoria"].to_numpy() | d["borea"].to_numpy()
        if not force.any():
            counts["nobody"] += 1
            continue
        t = int(np.argmax(force))
        a, b = bool(d["aldoria"].iloc[t]), bool(d["borea"].iloc[t])
        counts["both at once" if a and b else "Aldoria (GRIT)" if a else "Borea (reciprocal)"] += 1
        after_misread += bool(b and not a and d["borea_misread"].iloc[t - 1])
    note(
        "grit-vs-reciprocal, first show of force by: "
        + ", ".join(f"{k} {n}" for k, n in counts.items())
        + f" (of {reps}); Borea's first show of force follows its misreading of an "
        f"initiative the month before in {after_misread} of {counts['Borea (reciprocal)']}\n"
    )


def costly(reps: int, workers: int) -> None:
    ts = v.costly_signals(reps, workers)
    fig, ax = plt.subplots(figsize=(7, 4))
    band(ax, ts, "trust")
    ax.set(
        xlabel="month (one signal a month)",
        ylabel="Borea's trust in Aldoria",
        title="Costly signals",
    )
    ax.legend()
    save(
        fig,
        "costly_signals",
        "One signal a month, differing only in cost (a hostile sender sends it 1 time in 10 "
        "that a benign one does, vs 9 in 10). Costly signals raise trust many times faster. From "
        "a low prior (0.15) cheap talk still builds trust, slowly: Kydd's claim that it does not "
        "is not reproduced.",
    )
    note("### Costly signals\n")
    note("| variant | gain per action, first 24 months | trust after 24 | trust after 120 |")
    note("|---|---|---|---|")
    for variant in [
        "cheap-low-prior",
        "costly-low-prior",
        "cheap-neutral-prior",
        "costly-neutral-prior",
    ]:
        d = ts[ts["variant"] == variant]
        at = {s: d.loc[d["step"] == s, "trust"].to_numpy() for s in (0, 24, ts["step"].max())}
        gain = (at[24] - at[0]) / 24
        note(
            f"| {variant} | {fmt(v.mean_ci(gain), 4)} | {fmt(v.mean_ci(at[24]))} | "
            f"{fmt(v.mean_ci(at[ts['step'].max()]))} |"
        )
    note()


def tournament(reps: int, workers: int) -> None:
    noisy = v.tournament(replications=reps, workers=workers)
    quiet = v.tournament(replications=reps, workers=workers, parameters={"perception_noise": 0.0})
    s_noisy, s_quiet = v.tournament_scores(noisy), v.tournament_scores(quiet)
    order = list(s_noisy.index)
    fig, ax = plt.subplots(figsize=(8, 4))
    pos = np.arange(len(order))
    for shift, (label, s) in zip(
        (-0.2, 0.2), [("noise 0.5 (default)", s_noisy), ("no noise", s_quiet)], strict=True
    ):
        s = s.loc[order]
        ax.bar(
            pos + shift, s["mean_hostility"], 0.4, yerr=s["mean_hostility"] - s["low"], label=label
        )
    ax.set_xticks(pos, order, rotation=20)
    ax.set(ylabel="mean MID level (lower is better)", title="Round-robin tournament")
    ax.legend()
    save(
        fig,
        "tournament",
        "Every strategy against every other and itself, 100 replications a "
        "pairing. Unconditional coercion does worst by far, then hedging. Plain tit for tat "
        "answers their shows of force in kind, which keeps disputes open and climbing, and "
        "falls behind its generous variant, with perception noise and without.",
    )
    note("### Tournament\n")
    note("| strategy | score, noise 0.5 | score, no noise |")
    note("|---|---|---|")
    for s in order:
        note(f"| {s} | {fmt(tuple(s_noisy.loc[s]))} | {fmt(tuple(s_quiet.loc[s]))} |")
    pairs = (
        noisy.groupby(["strategy", "opponent"])["mean_hostility"].mean().unstack().loc[order, order]
    )
    note("\nMean MID level per pairing (noise 0.5), row against column:\n")
    note("| | " + " | ".join(order) + " |")
    note("|---|" + "---|" * len(order))
    for s in order:
        note(f"| {s} | " + " | ".join(f"{x:.2f}" for x in pairs.loc[s]) + " |")
    note()


#: k / a at which the arms race is run (Richardson's k = c x reaction, so reaction = ratio x a / c).
RATIOS = (0.3, 0.6, 0.78, 0.9, 1.08, 1.2, 1.5, 1.8)


def richardson(reps: int, workers: int) -> None:
    c, a, g = v.SHOW_OF_FORCE, 0.1, 0.05
    critical = a / c
    reactions = [round(r * a / c, 4) for r in RATIOS]
    races = v.richardson(reactions, replications=reps, workers=workers, steps=240)
    summary = races.groupby("reaction")["rate"].apply(lambda x: v.mean_ci(x.to_numpy()))
    fig, ax = plt.subplots(figsize=(7, 4))
    ks = np.linspace(0.01, 1.05 * max(reactions), 200)
    ax.plot(
        ks,
        [v.richardson_theory(k, g, a, c) for k in ks],
        color="grey",
        label="Richardson's equilibrium",
    )
    ax.errorbar(
        reactions,
        [s[0] for s in summary],
        yerr=[s[0] - s[1] for s in summary],
        fmt="o",
        label="ddsim, months 121-240",
    )
    ax.axvline(critical, ls="--", color="k", label="k l = a b")
    ax.set(
        xlabel="reaction rate of each state (strategy `reaction`)",
        ylabel="shows of force per state and month",
        title="Richardson's arms race",
    )
    ax.legend()
    save(
        fig,
        "richardson",
        "Left of the dashed line (c x reaction < force_memory, i.e. kl < ab) "
        "the rate of shows of force settles at Richardson's equilibrium g / (1 - k/a); right of "
        "it, it runs away to the cap of one show a month. Near the line settling takes long.",
    )
    note(
        f"### Richardson (240 months, second half; c = {c:.2f}, "
        f"threshold reaction {critical:.3f})\n"
    )
    note("| reaction | k / a | theory | ddsim rate [95% CI] |")
    note("|---|---|---|---|")
    for k, s in summary.items():
        note(f"| {k} | {c * k / a:.2f} | {v.richardson_theory(k, g, a, c):.3f} | {fmt(s)} |")
    note()


def community(reps: int, workers: int) -> None:
    per, ts = v.security_community(reps, workers)
    fig, ax = plt.subplots(figsize=(7, 4))
    band(ax, ts, "min_trust_inside")
    ax.axhline(0.7, ls="--", color="k", label="community threshold")
    ax.set(
        xlabel="month", ylabel="lowest mutual trust inside the group", title="Security community"
    )
    ax.legend()
    save(
        fig,
        "security_community",
        "Four states that engage densely (dense) vs do nothing "
        "(sparse). Look at the dashed line: with dense engagement every member comes to trust "
        "every other above 0.7 within a few years, and no war breaks out between states that "
        "trust each other that much (one run of 100 has a war in its first months, before).",
    )
    note("### Security community\n")
    cols = {
        "final_min_trust": "lowest mutual trust at the end",
        "community": "share that is a community",
        "war_months_inside": "war-months inside",
        "war_months_outside": "war-months outside",
    }
    table(per, cols, ["dense", "sparse"])
    note()


def share(triple: tuple[float, float, float]) -> str:
    """A share with its interval, in percent."""
    return "{:.0f}% [{:.0f}, {:.0f}]".format(*(100 * x for x in triple))


def months(estimate: float, low: float, high: float) -> str:
    """A Kaplan-Meier median with its interval; '-' where not reached by the horizon."""
    text = [("-" if np.isnan(x) else f"{x:.0f}") for x in (estimate, low, high)]
    return f"{text[0]} [{text[1]}, {text[2]}]"


def reassurance(reps: int, workers: int) -> None:
    horizon = 60
    per, ts = v.reassurance(max(reps, 200), workers)
    table_ = v.recognition(per, horizon, by=(12, 24))
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    band(axes[0], ts, "trust_10")
    axes[0].axhline(v.RECOGNISED, ls="--", color="k", label="recognised as benign")
    axes[0].set(xlabel="month (one signal a month)", ylabel="Borea's trust in Aldoria")
    axes[0].legend()
    hs = np.arange(horizon + 1)
    for variant, runs in per.groupby("variant", sort=False):
        first = runs["months_to_recognition"].to_numpy(dtype=float)
        k = (first[None, :] <= hs[:, None]).sum(axis=1)
        low, high = wilson_interval(k, len(first))
        axes[1].step(hs, k / len(first), where="post", label=variant)
        axes[1].fill_between(hs, low, high, step="post", alpha=0.2)
    axes[1].set(xlabel="month", ylabel="share of runs recognised (trust > 0.5)")
    axes[1].legend()
    save(
        fig,
        "reassurance",
        "A benign Aldoria reassures a suspicious Borea (trust 0.15) with one signal a month. "
        "Costly signals get it recognised within months in every run; cheap talk, in none by "
        "month 60. Bands: 95% (t for the mean trust, Wilson for the share).",
    )
    note("### Reassurance (months until trust > 0.5; censored at 60)\n")
    note("| variant | median month (Kaplan-Meier) | recognised by 12 | by 24 | by 60 |")
    note("|---|---|---|---|---|")
    for _, r in table_.iterrows():
        cells = [months(r["median"], r["median_low"], r["median_high"])]
        cells += [share((r[f"by_{h}"], r[f"by_{h}_low"], r[f"by_{h}_high"])) for h in (12, 24, 60)]
        note(f"| {r['variant']} | " + " | ".join(cells) + " |")
    note()


def misperception(reps: int, workers: int) -> None:
    per, _ = v.misperception(max(reps, 200), workers)
    order = ["peace", "display", "display-no-stress", "display-no-clarity"]
    fig, ax = plt.subplots(figsize=(8, 4))
    pos = np.arange(len(order))
    for shift, window, label in ((-0.2, "early", "months 1-12"), (0.2, "late", "months 49-60")):
        stats_ = [v.mean_ci(v.column(per, o, window)) for o in order]
        ax.bar(
            pos + shift,
            [s[0] for s in stats_],
            0.4,
            yerr=[s[0] - s[1] for s in stats_],
            label=f"{label}",
        )
    ax.set_xticks(pos, order)
    ax.set(ylabel="share of staff talks misread", title="Misperception in crises")
    ax.legend()
    save(
        fig,
        "misperception",
        "The same staff talk a month, at peace or in a display of force (MID 3). Early on, the "
        "crisis misreads it far more often (crisis stress: switch it off and the gap goes); as "
        "the talks build ties the misreading falls, unless ties do not clarify. "
        "Error bars: 95% CI.",
    )
    note("### Misperception (share of acts misread, per replication)\n")
    note(
        "| variant | months 1-12 | months 49-60 | ties, 1-12 | ties, 49-60 "
        "| runs at the level late |"
    )
    note("|---|---|---|---|---|---|")
    for o in order:
        d = per[per["variant"] == o]
        cells = [fmt(v.mean_ci(d[c].to_numpy(dtype=float))) for c in ("early", "late")]
        cells += [f"{d['ties_early'].mean():.2f}", f"{d['ties_late'].mean():.2f}"]
        cells.append(f"{int(d['late'].notna().sum())} of {len(d)}")
        note(f"| {o} | " + " | ".join(cells) + " |")
    late_early = v.column(per, "display", "late") - v.column(per, "display", "early")
    note(
        "\ndisplay - peace, months 1-12: "
        f"{diff(per, 'display', 'peace', 'early')}; display - display-no-stress, months 1-12: "
        f"{diff(per, 'display', 'display-no-stress', 'early')}; display-no-stress - peace, "
        f"months 1-12: {diff(per, 'display-no-stress', 'peace', 'early')}"
    )
    note(
        f"display, late - early (paired): {fmt(v.mean_ci(late_early[~np.isnan(late_early)]))}; "
        "display - display-no-clarity, months 49-60: "
        f"{diff(per, 'display', 'display-no-clarity', 'late')}; display late - peace early: "
        f"{fmt(v.welch_diff(v.column(per, 'display', 'late'), v.column(per, 'peace', 'early')))}\n"
    )


#: The example scenarios' variants without and with coercion, and their replications.
WARS = {
    "rivals": (["engagement", "deterrence"], 100),
    "blocs": (["engagement", "hedging", "one_sided_deterrence", "deterrence"], 50),
    "world": (["all_engage", "mixed", "all_deter"], 10),
}


def war(reps: int, workers: int) -> None:
    note("### War in the example scenarios\n")
    note(
        "| scenario | variant | runs | war by the horizon | war within 12 months "
        "| median month of first war | wars under way, mean |"
    )
    note("|---|---|---|---|---|---|---|")
    for name, (variants, n) in WARS.items():
        start = time.time()
        t = v.war_risk(name, variants, replications=n, workers=workers)
        for _, r in t.iterrows():
            cells = [
                share((r["by_horizon"], r["by_horizon_low"], r["by_horizon_high"])),
                share((r["within"], r["within_low"], r["within_high"])),
                months(r["median"], r["median_low"], r["median_high"]),
                fmt((r["wars"], r["wars_low"], r["wars_high"]), 2),
            ]
            note(f"| {name} | {r['variant']} | {r['n']} | " + " | ".join(cells) + " |")
        print(f"[war, {name}: {time.time() - start:.0f} s]")
    note(
        "\nHorizons: 240 months in each. Wilson 95% intervals; the median is Kaplan-Meier "
        "('-': fewer than half the runs had a war, or the interval's end is past the horizon).\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--replications", type=int, default=100)
    parser.add_argument("--only", nargs="*", help="run only these experiments (by name)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    experiments = (
        spiral,
        deterrence,
        coercion,
        grit,
        costly,
        reassurance,
        misperception,
        richardson,
        community,
        tournament,
        war,
    )
    for experiment in experiments:
        if args.only and experiment.__name__ not in args.only:
            continue
        CURRENT[0] = experiment.__name__
        start = time.time()
        experiment(args.replications, args.workers)
        print(f"[{experiment.__name__}: {time.time() - start:.0f} s]")
    write_numbers([e.__name__ for e in experiments])


if __name__ == "__main__":
    main()
