"""Draw the figures of docs/model.md into docs/img/.

Run from the repository root::

    PYTHONPATH=$PWD python docs/make_figures.py

Figures:
    img/step.png: a schematic of one step of the model.
    img/trust_dyad.png: how a state's trust in another evolves when the other
        engages it steadily, does nothing, or coerces it steadily, and how
        many runs have been at war, made with the model itself (many
        replications of a two-state scenario).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ddsim import DiplomacyModel, load_scenario
from ddsim.analysis.intervals import proportion_interval
from ddsim.experiments.jobs import replication_seed

IMG = Path(__file__).parent / "img"

#: The boxes of the step schematic: (title, what happens), in order.
STAGES = [
    ("1. Scheduled events", "incidents push a pair up the\nMID ladder; strategy switches"),
    ("2. Forums meet", "members pay dues; every member\nengages every other"),
    ("3. States decide", "in bulk, from the world as it\nwas at the start of the step"),
    ("4. One allocator", "each state goes down its plan and\nstops at the first it cannot afford"),
    (
        "5. Engagements apply",
        "acts read as evidence of intent;\nmisreading; audiences; ties;\n"
        "a show of force is a display (MID 3)",
    ),
    ("6. Trust updates", "trust = (r + W a) / (r + s + W)\nafter forgetting"),
    (
        "7. Disputes",
        "force answered climbs, shown force\nkeeps open, others end; new ones\n"
        "start at their highest level",
    ),
    ("8. Data collected", "mean trust, MID shares, wars,\nactions by kind ..."),
]


def step_schematic() -> plt.Figure:
    """A flow chart of one step (``DiplomacyModel.step``)."""
    fig, ax = plt.subplots(figsize=(12, 4.6))
    ax.set(xlim=(0, 4), ylim=(0, 2), aspect="auto")
    ax.axis("off")
    width, height = 0.9, 0.62
    # A snake: left to right on top, then right to left below.
    centres = [(0.5 + k, 1.5) for k in range(4)] + [(3.5 - k, 0.55) for k in range(4)]
    for k, ((title, text), (x, y)) in enumerate(zip(STAGES, centres, strict=True)):
        colour = "#dbe9f6" if k in (2, 3) else "#fde7d6" if k in (4, 5, 6) else "#eeeeee"
        ax.add_patch(
            FancyBboxPatch(
                (x - width / 2, y - height / 2),
                width,
                height,
                boxstyle="round,pad=0.02",
                fc=colour,
                ec="0.4",
            )
        )
        ax.text(x, y + 0.17, title, ha="center", va="center", fontsize=9.5, weight="bold")
        ax.text(x, y - 0.08, text, ha="center", va="center", fontsize=7.5)
    for k in range(len(STAGES) - 1):
        (x0, y0), (x1, y1) = centres[k], centres[k + 1]
        if y0 != y1:  # down from the top row to the bottom row
            start, end = (x0, y0 - height / 2), (x1, y1 + height / 2)
        else:
            side = width / 2 if x1 > x0 else -width / 2
            start, end = (x0 + side, y0), (x1 - side, y1)
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, color="0.3"))
    ax.text(
        2.0,
        0.05,
        "Blue: decisions, simultaneous (everyone decides from the same start-of-step world). "
        "Orange: the world responds, vectorised over all pairs.",
        ha="center",
        fontsize=8,
        color="0.3",
    )
    fig.suptitle("One step of ddsim (a month by default)", fontsize=12)
    return fig


def dyad_scenario(strategy: str) -> dict:
    """Two equal security seekers in a low-level dispute; Aldoria plays
    ``strategy``, Borea does nothing, so Borea's trust shows Aldoria's effect."""
    return {
        "name": f"dyad-{strategy}",
        "steps": 120,
        "states": [
            {"id": "ALD", "strategy": strategy, "region": "r"},
            {"id": "BOR", "strategy": "passive", "region": "r"},
        ],
        "relations": {"defaults": {"trust": 0.35, "hostility": 1}},
    }


def dyad_paths(strategy: str, replications: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Borea's trust in Aldoria and their MID level, step by step, per replication."""
    scenario = load_scenario(dyad_scenario(strategy))
    trust, hostility = [], []
    for k in range(replications):
        model = DiplomacyModel(scenario, rng=replication_seed(2026, k))
        t, h = [model.trust[1, 0]], [model.hostility[0, 1]]
        for _ in range(scenario.steps):
            model.step()
            t.append(model.trust[1, 0])
            h.append(model.hostility[0, 1])
        trust.append(t)
        hostility.append(h)
    return np.array(trust), np.array(hostility, dtype=float)


def trust_dyad() -> plt.Figure:
    """Trust, and the share of runs that have been to war, under steady
    engagement, nothing, and steady coercion."""
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6.4), sharex=True)
    cases = [
        ("noncoercive", "steady engagement (noncoercive)", "tab:green"),
        ("passive", "nothing (passive)", "tab:gray"),
        ("coercive", "steady coercion (coercive)", "tab:red"),
    ]
    for strategy, label, colour in cases:
        trust, hostility = dyad_paths(strategy)
        steps = np.arange(trust.shape[1])
        low, high = np.quantile(trust, [0.1, 0.9], axis=0)
        top.plot(steps, trust.mean(axis=0), color=colour, lw=2, label=label)
        top.fill_between(steps, low, high, color=colour, alpha=0.15, lw=0)
        been_at_war = np.maximum.accumulate(hostility == 5, axis=1)
        bottom.plot(steps, been_at_war.mean(axis=0), color=colour, lw=2, label=label)
        # The numbers figure 2's caption in docs/model.md quotes (months 1 to the end).
        mean = trust.mean(axis=0)
        wars = proportion_interval(been_at_war[:, -1].astype(int))
        after = hostility[:, 1:]
        print(
            f"{strategy}: mean trust {mean[12]:.2f} at month 12, {mean[24]:.2f} at 24, "
            f"{mean[-1]:.2f} at {steps[-1]}, {mean.mean():.2f} on average; "
            f"{been_at_war[:, -1].sum()} of {len(trust)} runs at war by month {steps[-1]} "
            f"(Wilson 95% {wars.low:.2f}-{wars.high:.2f}); months a run in a dispute "
            f"{(after > 0).sum(axis=1).mean():.1f}, at a display of force or higher "
            f"{(after >= 3).sum(axis=1).mean():.1f}, at a use of force or war "
            f"{(after >= 4).sum(axis=1).mean():.1f}, at war {(after == 5).sum(axis=1).mean():.1f}"
        )
    top.axhline(0.35, color="0.5", ls=":", lw=1)
    top.text(1, 0.36, "base rate a = 0.35", fontsize=8, color="0.4")
    top.set(ylabel="Borea's trust in Aldoria", ylim=(0, 1))
    bottom.legend(title="what Aldoria does", fontsize=8, loc="upper left")
    bottom.set(xlabel="months", ylabel="share of runs that\nhave been at war", ylim=(0, 0.3))
    for ax in (top, bottom):
        ax.grid(alpha=0.3)
    fig.suptitle("Two equal states in a low-level dispute (MID 1, trust 0.35)", fontsize=11)
    fig.text(
        0.01,
        0.005,
        "Made with ddsim: 100 replications each; top: line = mean, band = 10-90%. Engagement "
        "lifts trust over about two years; doing nothing leaves it near the base rate; coercion "
        "destroys it within a year, and each show of force is itself a display of force that "
        "keeps the dispute open. War is likeliest under coercion, least likely under engagement.",
        fontsize=8,
        color="0.3",
        wrap=True,
    )
    fig.subplots_adjust(bottom=0.15, hspace=0.08)
    return fig


def main() -> None:
    IMG.mkdir(exist_ok=True)
    for name, draw in [("step.png", step_schematic), ("trust_dyad.png", trust_dyad)]:
        fig = draw()
        fig.savefig(IMG / name, dpi=110, metadata={"Software": None})
        plt.close(fig)
        print(f"wrote {IMG / name}")


if __name__ == "__main__":
    main()
