"""The folder of a scenario discovery, and its report in plain words.

:func:`write_discovery` takes the discovery's tables (``cases``, ``boxes``,
``trajectory``, ``runs``) and what its manifest records, not the class that
made them, and writes the folder atomically; :func:`render_discovery` builds
``report.html`` from the folder alone, as ``ddsim compare``'s report is built.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ddsim.analysis.outcomes import OUTCOMES
from ddsim.outputs.discovery_figures import discovery_figures, whole_box
from ddsim.outputs.figures import save_figures
from ddsim.outputs.folders import atomic_folder
from ddsim.outputs.report import ReportError, _figure, _table, environment

#: The tables of the folder, written in this order.
TABLES = ("cases", "boxes", "trajectory", "runs")


# --------------------------------------------------------------------------
# words
# --------------------------------------------------------------------------
def fewer(outcome: str, step_unit: str = "month") -> str:
    """``fewer months at use of force or war``, ``a lower mean hostility (MID level)``."""
    spec = OUTCOMES[outcome]
    label = spec.label.replace("steps", f"{step_unit}s")
    return f"fewer {label}" if spec.unit in ("steps", "disputes") else f"a lower {label}"


def interest(
    variants: Sequence[str], outcome: str, step_unit: str, settings: Mapping[str, Any]
) -> str:
    """What makes a case of interest, in words."""
    first, second = variants
    sure = " (its whole 95% interval below zero)" if settings.get("significant") else ""
    return f"{first} gives {fewer(outcome, step_unit)} than {second}{sure}"


def conditions(rows: pd.DataFrame, init: pd.DataFrame) -> str:
    """A box's restrictions in words (``onset_rate is at least 0.0121 and ...``)."""
    parts = []
    for r in rows[rows["restricted"].astype(bool)].itertuples():
        whole = init[r.factor]
        if isinstance(whole[0], set):
            values = str(r.values).split("|")
            parts.append(f"{r.factor} is {' or '.join(values)}")
        elif r.low > whole[0] and r.high < whole[1]:
            parts.append(f"{r.factor} is {r.low:.3g} to {r.high:.3g}")
        elif r.low > whole[0]:
            parts.append(f"{r.factor} is at least {r.low:.3g}")
        else:
            parts.append(f"{r.factor} is at most {r.high:.3g}")
    return " and ".join(parts) or "anywhere (the box restricts no factor)"


def box_summary(boxes: pd.DataFrame, cases: pd.DataFrame) -> pd.DataFrame:
    """One row per box: its statistics and its conditions in words."""
    columns = ["coverage", "density", "mass", "cases", "of_interest", "step", "meets_threshold"]
    if boxes.empty:
        return pd.DataFrame(columns=[*columns, "conditions"]).rename_axis("box")
    init = whole_box(cases, list(dict.fromkeys(boxes["factor"])))
    rows = []
    for box, part in boxes.groupby("box", sort=True):
        rows.append(
            {"box": box, **part.iloc[0][columns].to_dict(), "where": conditions(part, init)}
        )
    return pd.DataFrame(rows).set_index("box").rename(columns={"where": "conditions"})


def sentences(boxes: pd.DataFrame, cases: pd.DataFrame, info: Mapping[str, Any]) -> dict[str, Any]:
    """The report's plain words: the overall count and one sentence per box."""
    first, second = info["variants"]
    unit = info.get("step_unit", "month")
    what = interest(info["variants"], info["outcome"], unit, info.get("prim", {}))
    hits, total = int(cases["interest"].astype(bool).sum()), len(cases)
    overall = f"In {hits} of {total} cases ({hits / total:.0%}) {what}."
    lines = []
    for box, row in box_summary(boxes, cases).iterrows():
        line = (
            f"Box {box}: where {row['conditions']}, {first} gives {fewer(info['outcome'], unit)} "
            f"than {second} in {row['density']:.0%} of the cases (density: "
            f"{int(row['of_interest'])} of the {int(row['cases'])} cases in the box), and the box "
            f"holds {row['coverage']:.0%} of all the cases where it does (coverage); it spans "
            f"{row['mass']:.0%} of all cases (mass)."
        )
        if not row["meets_threshold"]:
            line += (
                f" No box reached the density asked for ({info['prim']['threshold']:.0%}): this "
                "is the densest PRIM found, a tendency rather than a rule."
            )
        lines.append(line)
    if not lines:
        lines = [f"PRIM found no box: {'no' if not hits else 'too few'} cases of interest."]
    return {"overall": overall, "boxes": lines, "interest": what}


def _words(info: Mapping[str, Any]) -> dict[str, str]:
    first, second = info["variants"]
    unit = info.get("step_unit", "month")
    label = OUTCOMES[info["outcome"]].label.replace("steps", f"{unit}s")
    return {
        "interest": interest(info["variants"], info["outcome"], unit, info.get("prim", {})),
        "other": "the other cases",
        "difference": f"{label}: {first} minus {second}",
    }


# --------------------------------------------------------------------------
# the folder
# --------------------------------------------------------------------------
def write_discovery(
    out: str | Path,
    tables: Mapping[str, pd.DataFrame],
    factors: Sequence[str],
    info: dict[str, Any],
) -> Path:
    """Write a discovery's folder atomically: the :data:`TABLES` as CSV,
    figures, ``manifest.json`` (``info`` and the figures' names) and ``report.html``."""
    out = Path(out)
    with atomic_folder(out) as tmp:
        for name in TABLES:
            tables[name].to_csv(tmp / f"{name}.csv", index=False)
        drawn = save_figures(figures_of(tables, factors, info), tmp)
        info = {**info, "figures": [p.name for p in drawn]}
        (tmp / "manifest.json").write_text(json.dumps(info, indent=2) + "\n")
        (tmp / "report.html").write_text(render_discovery(tmp), encoding="utf-8")
    return out


def figures_of(
    tables: Mapping[str, pd.DataFrame], factors: Sequence[str], info: Mapping[str, Any]
) -> dict[str, Any]:
    """The figures of a discovery's tables, by file name (matplotlib Figures,
    closed in pyplot: a notebook shows the one asked for, not all of them)."""
    import matplotlib.pyplot as plt

    drawn = discovery_figures(
        tables["cases"],
        tables["boxes"],
        tables["trajectory"],
        factors,
        _words(info),
        info["prim"]["threshold"],
    )
    for fig in drawn.values():
        plt.close(fig)
    return drawn


def render_discovery(folder: str | Path) -> str:
    """The HTML of a discovery folder's report (nothing is written).

    Raises:
        ReportError: The folder is not a discovery's.
    """
    folder = Path(folder)
    try:
        info = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        cases = pd.read_csv(folder / "cases.csv")
        boxes = pd.read_csv(folder / "boxes.csv", keep_default_na=False, na_values=[""])
    except (OSError, ValueError) as exc:
        raise ReportError(f"{folder}: not a discovery's folder ({exc})") from None
    boxes["values"] = boxes["values"].fillna("").astype(str)
    first, second = info["variants"]
    summary = box_summary(boxes, cases)
    shown = summary.assign(
        coverage=[f"{v:.0%}" for v in summary["coverage"]],
        density=[f"{v:.0%}" for v in summary["density"]],
        mass=[f"{v:.0%}" for v in summary["mass"]],
    )
    page = environment().get_template("discovery.html")
    return page.render(
        title=info.get("title") or info.get("scenario") or "ddsim discovery",
        description=info.get("description") or "",
        info=info,
        first=first,
        second=second,
        label=OUTCOMES[info["outcome"]].label.replace("steps", f"{info.get('step_unit')}s"),
        fewer=fewer(info["outcome"], info.get("step_unit", "month")),
        words=sentences(boxes, cases, info),
        factors=_table(_factor_table(info)),
        boxes=_table(shown) if len(shown) else None,
        figures=[_figure(folder / name) for name in info.get("figures", [])],
        details=_details(info),
    )


def _factor_table(info: Mapping[str, Any]) -> pd.DataFrame:
    rows = []
    for name, f in info["factors"].items():
        spread = (
            ", ".join(map(str, f["values"])) if "values" in f else f"{f['low']:g} to {f['high']:g}"
        )
        rows.append({"factor": name, "sampled over": spread, "from": f.get("source", "given")})
    return pd.DataFrame(rows).set_index("factor")


def _details(info: Mapping[str, Any]) -> list[tuple[str, str]]:
    prim = info.get("prim", {})
    versions = info.get("versions") or {}
    return [
        ("scenario", f"{info.get('scenario', '')} ({info.get('file') or 'no file'})"),
        ("scenario sha256", info.get("scenario_sha256", "")),
        ("root seed", str(info.get("root_seed", ""))),
        ("cases", f"{info.get('cases')} (Latin hypercube, seeded with the root seed)"),
        ("replications", f"{info.get('replications')} per case and variant, the same seeds"),
        ("steps", f"{info.get('steps', '')} {info.get('step_unit', 'month')}s"),
        ("difference", f"{info.get('difference')}, Student t 95% interval over replications"),
        (
            "PRIM",
            f"{prim.get('library')}: peel_alpha "
            f"{prim.get('peel_alpha')}, mass_min {prim.get('mass_min')}, density threshold "
            f"{prim.get('threshold')}, at most {prim.get('boxes')} boxes",
        ),
        ("versions", ", ".join(f"{k} {v}" for k, v in versions.items())),
        ("command", " ".join(info.get("command") or [])),
        ("created", info.get("created", "")),
    ]


__all__ = [
    "box_summary",
    "conditions",
    "fewer",
    "figures_of",
    "interest",
    "render_discovery",
    "sentences",
    "write_discovery",
]
