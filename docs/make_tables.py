"""Write the tables of docs/model.md and docs/calibration.md from the code.

In docs/model.md the parameter table comes from
``ddsim.core.parameters.PARAMETERS``, the action table from
``ddsim.core.actions.DEFAULT_ACTIONS`` and the strategy table from the strategy
registry. In docs/calibration.md the targets table comes from the stored
``ddsim/calibration/targets.json`` and the cross-checks from
``ddsim.calibration.targets.cross_checks``. Each table sits between marker
comments (``<!-- parameters:start -->`` ... ``<!-- parameters:end -->``); this
script replaces what is between them. ``tests/test_docs.py`` checks that the
files hold exactly what this script would write, so they cannot drift.

Run from the repository root::

    PYTHONPATH=$PWD python docs/make_tables.py
"""

from __future__ import annotations

import re
from pathlib import Path

from ddsim.calibration.targets import PERIODS, Target, cross_checks, load_targets
from ddsim.core.actions import DEFAULT_ACTIONS
from ddsim.core.parameters import PARAMETERS
from ddsim.core.strategies import STRATEGIES
from ddsim.core.strategies.base import ON_DEMAND

MODEL_MD = Path(__file__).parent / "model.md"
CALIBRATION_MD = Path(__file__).parent / "calibration.md"
GROUP_ORDER = ("trust", "ties", "escalation", "war", "metrics")


def _number(value: float) -> str:
    return f"{value:.4g}"


def parameter_table() -> str:
    """Every declared model parameter, grouped by the part of the model that reads it."""
    lines = [
        "| parameter | default | range | unit | meaning | source |",
        "|---|---|---|---|---|---|",
    ]
    for group in GROUP_ORDER:
        for p in PARAMETERS.values():
            if p.group == group:
                lines.append(
                    f"| `{p.name}` ({group}) | {_number(p.default)} | "
                    f"[{_number(p.low)}, {_number(p.high)}] | {p.unit} | {p.meaning} | {p.source} |"
                )
    missing = [p.name for p in PARAMETERS.values() if p.group not in GROUP_ORDER]
    if missing:
        raise ValueError(f"parameters in an unknown group: {missing}")
    return "\n".join(lines)


def action_table() -> str:
    """The default action catalogue, with each kind's evidence weight and
    credibility (both derived from ``benign`` and ``hostile``)."""
    lines = [
        "| kind | cost | mode | valence | benign | hostile | evidence (nats) | credibility "
        "| visibility | ties | channel | crisis channel | ambiguity | dimension | what it is |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for a in DEFAULT_ACTIONS.values():
        valence = "cooperative" if a.cooperative else "coercive"
        crisis = "yes" if a.crisis_channel else "no"
        lines.append(
            f"| `{a.kind}` | {_number(a.cost)} | {a.mode} | {valence} | "
            f"{_number(a.benign)} | {_number(a.hostile)} | {a.evidence:+.2f} | "
            f"{a.credibility:.2f} | {_number(a.visibility)} | {_number(a.ties)} | "
            f"{_number(a.channel)} | {crisis} | {_number(a.ambiguity)} | {a.dimension} | "
            f"{a.meaning} |"
        )
    return "\n".join(lines)


def strategy_table() -> str:
    """The registered strategies, their classifiers and parameters."""
    lines = [
        "| strategy | coercive | reciprocal | stochastic | memory | parameters (default, range) |",
        "|---|---|---|---|---|---|",
    ]
    for name in sorted(set(STRATEGIES) - set(ON_DEMAND)):
        cls = STRATEGIES[name]
        c = cls.classifier
        params = ", ".join(
            f"`{p.name}` ({_number(p.default)}, [{_number(p.low)}, {_number(p.high)}])"
            for p in cls.parameters.values()
        )
        lines.append(
            f"| `{name}` | {c['coercive']} | {c['reciprocal']} | {c['stochastic']} | "
            f"{c['memory']} | {params or 'none'} |"
        )
    return "\n".join(lines)


TABLES = {"parameters": parameter_table, "actions": action_table, "strategies": strategy_table}


def _estimate(t: Target) -> str:
    """A target's value and interval in the unit a reader takes in: per 1,000, %, days."""
    if t.unit == "onsets per dyad-year":
        scale, fmt, suffix = 1000, "{:#.3g}", ""
    elif t.unit == "ratio of rates":
        scale, fmt, suffix = 1, "{:.2f}", ""
    elif t.unit.startswith("share"):
        scale, fmt, suffix = 100, "{:.1f}", "%"
    else:
        scale, fmt, suffix = 1, "{:.0f}", ""
    v, lo, hi = (fmt.format(x * scale).removesuffix(".") for x in (t.value, t.low, t.high))
    return f"{v}{suffix} ({lo}–{hi})"


def _basis(t: Target) -> str:
    if t.unit == "onsets per dyad-year":
        return f"{t.events:,} in {t.observations:,} dyad-years"
    if t.unit == "ratio of rates":
        return f"two decades of {t.events:,} onsets ({t.observations:,} in the period)"
    if t.unit == "share of war pairs":
        return f"{t.events:,} of {t.observations:,} pairs at war"
    if t.events is not None:
        return f"{t.events:,} of {t.observations:,} disputes"
    if t.name.startswith("war_duration"):
        return f"{t.observations:,} disputes that reached war"
    return f"{t.observations:,} disputes"


_UNITS = {
    "onsets per dyad-year": "per 1,000 dyad-years",
    "share of disputes": "% of disputes",
    "ratio of rates": "second half / first half",
    "share of war pairs": "% of pairs at war",
    "days": "days",
}


def targets_table() -> str:
    """The stored calibration targets, the two periods side by side."""
    targets = load_targets()
    by = {(t.name, t.period): t for t in targets}
    periods = list(PERIODS)
    names = list(dict.fromkeys(t.name for t in targets))
    lines = [
        "| target | unit | "
        + " | ".join(f"{p} (95% interval)" for p in periods)
        + " | based on ("
        + "; ".join(periods)
        + ") |",
        "|---|---|" + "---|" * len(periods) + "---|",
    ]
    for name in names:
        row = [by.get((name, p)) for p in periods]
        first = next(t for t in row if t is not None)
        cells = [_estimate(t) if t else "–" for t in row]
        basis = "; ".join(_basis(t) if t else "–" for t in row)
        lines.append(f"| `{name}` | {_UNITS[first.unit]} | " + " | ".join(cells) + f" | {basis} |")
    return "\n".join(lines)


#: Rows of the cross-check table: (name, label), stored targets and cross-checks mixed.
CROSS_CHECK_ROWS = (
    ("war_onset_rate", "war onsets: MID pairs where both reached war (the target)"),
    ("war_onset_rate_cow", "war onsets: COW inter-state war pairs"),
    ("mid_onset_rate_relevant", "relevant pairs, contiguity up to 400 miles of water (the target)"),
    ("mid_onset_rate_relevant_150mi", "relevant pairs, contiguity up to 150 miles of water"),
    ("mid_onset_rate_relevant_land", "relevant pairs, land contiguity only"),
    ("mid_onset_rate_rivals", "MID onsets, strategic rivals (a target)"),
    ("mid_onset_rate_not_rivals", "MID onsets, relevant pairs that were not rivals"),
    ("war_onset_rate_rivals", "war onsets, strategic rivals"),
    ("war_onset_rate_not_rivals", "war onsets, relevant pairs that were not rivals"),
)


def cross_check_table() -> str:
    """Targets counted other ways (``cross_checks``) beside the stored targets."""
    by = {(t.name, t.period): t for t in [*load_targets(), *cross_checks()]}
    lines = ["| count | " + " | ".join(PERIODS) + " |", "|---|" + "---|" * len(PERIODS)]
    for name, label in CROSS_CHECK_ROWS:
        cells = []
        for period in PERIODS:
            t = by[(name, period)]
            cells.append(f"{_estimate(t)}; {t.events:,} in {t.observations:,}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


CALIBRATION_TABLES = {"targets": targets_table, "cross-checks": cross_check_table}


def fill(text: str, tables: dict = TABLES) -> str:
    """Return ``text`` with every marked table replaced by the code's current one."""
    for name, make in tables.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        if not pattern.search(text):
            raise ValueError(f"no <!-- {name}:start --> ... <!-- {name}:end --> markers")
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + "\n" + m.group(2), text)
    return text


def main() -> None:
    for path, tables in ((MODEL_MD, TABLES), (CALIBRATION_MD, CALIBRATION_TABLES)):
        path.write_text(fill(path.read_text(encoding="utf-8"), tables), encoding="utf-8")
        print(f"filled the tables of {path}")


if __name__ == "__main__":
    main()
