"""Write the tables of docs/model.md from the code, so they cannot drift.

The parameter table comes from ``ddsim.parameters.PARAMETERS``, the action
table from ``ddsim.actions.DEFAULT_ACTIONS`` and the strategy table from the
strategy registry. Each sits in docs/model.md between marker comments
(``<!-- parameters:start -->`` ... ``<!-- parameters:end -->``); this script
replaces what is between them. ``tests/test_docs.py`` checks that the file
holds exactly what this script would write.

Run from the repository root::

    PYTHONPATH=$PWD python docs/make_tables.py
"""

from __future__ import annotations

import re
from pathlib import Path

from ddsim.core.actions import DEFAULT_ACTIONS
from ddsim.core.parameters import PARAMETERS
from ddsim.core.strategies import STRATEGIES
from ddsim.core.strategies.base import ON_DEMAND

MODEL_MD = Path(__file__).parent / "model.md"
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
    """The default action catalogue."""
    lines = [
        "| kind | cost | mode | valence | credibility | visibility | ties | channel "
        "| dimension | what it is |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for a in DEFAULT_ACTIONS.values():
        valence = "cooperative" if a.cooperative else "coercive"
        lines.append(
            f"| `{a.kind}` | {_number(a.cost)} | {a.mode} | {valence} | "
            f"{_number(a.credibility)} | {_number(a.visibility)} | {_number(a.ties)} | "
            f"{_number(a.channel)} | {a.dimension} | {a.meaning} |"
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


def fill(text: str) -> str:
    """Return ``text`` with every marked table replaced by the code's current one."""
    for name, make in TABLES.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL)
        if not pattern.search(text):
            raise ValueError(f"no <!-- {name}:start --> ... <!-- {name}:end --> markers")
        text = pattern.sub(lambda m, make=make: m.group(1) + make() + "\n" + m.group(2), text)
    return text


def main() -> None:
    MODEL_MD.write_text(fill(MODEL_MD.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"filled the tables of {MODEL_MD}")


if __name__ == "__main__":
    main()
