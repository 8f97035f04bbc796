"""``report.html``: one self-contained page from a results folder.

The page has no external assets (figures are embedded as base64 PNG, the style
is inline), so it can be projected in a classroom or sent by mail. It is built
from the folder alone: ``manifest.json``, ``comparison.csv`` (computed from
``summary.csv`` when a folder from ``ddsim run`` has none) and the PNG figures,
whose captions are read from their ``Description`` text field (or, failing
that, from the file name). ``ddsim report DIR`` rebuilds it.

The page is the Jinja2 template ``templates/report.html`` (package data),
rendered with autoescape: every value that comes from a scenario file, a
manifest or a figure is escaped, so it shows as text and never as markup.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ddsim.errors import InputError

if TYPE_CHECKING:
    from jinja2 import Environment

#: Figures in the order a reader should see them; others follow alphabetically.
FIGURE_ORDER = (
    "war_probability.png",
    "outcomes.png",
    "differences.png",
    "hostility.png",
    "trust.png",
    "mid_levels.png",
)


class ReportError(InputError):
    """The folder is not a results folder (exit 2)."""


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(
            f"{folder}: not a results folder (no manifest.json); give the folder that "
            "'ddsim run' or 'ddsim compare' wrote"
        ) from None
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path}: not valid JSON (line {exc.lineno})") from None


def comparison_table(folder: Path, info: dict[str, Any]) -> pd.DataFrame:
    """``comparison.csv`` of the folder, or the same table computed from ``summary.csv``."""
    from ddsim.analysis.statistics import (
        default_horizons,
        differences,
        outcome_means,
        tidy_table,
        time_to_first_war,
        war_probability,
    )

    if (folder / "comparison.csv").exists():
        return pd.read_csv(folder / "comparison.csv")
    try:
        summary = pd.read_csv(folder / "summary.csv")
    except FileNotFoundError:
        raise ReportError(f"{folder}: neither comparison.csv nor summary.csv is here") from None
    steps = int(info.get("steps") or 0)
    variants = list(dict.fromkeys(summary["variant"]))
    horizons = {v: default_horizons(steps, info.get("step_unit", "month")) for v in variants}
    boot = info.get("bootstrap") or {}
    from ddsim.analysis.statistics import BOOTSTRAP_DRAWS, BOOTSTRAP_SEED

    return tidy_table(
        war_probability(summary, horizons),
        time_to_first_war(summary, dict.fromkeys(variants, steps)),
        outcome_means(summary),
        differences(
            summary,
            info.get("reference") or variants[0],
            draws=boot.get("draws", BOOTSTRAP_DRAWS),
            seed=boot.get("seed", BOOTSTRAP_SEED),
        ),
    )


def _figure_files(folder: Path) -> list[Path]:
    pngs = {p.name: p for p in folder.glob("*.png")}
    first = [pngs.pop(n) for n in FIGURE_ORDER if n in pngs]
    return first + [pngs[n] for n in sorted(pngs)]


def figure_caption(path: Path) -> str:
    """The caption stored in a PNG's ``Description`` field ('' if none)."""
    from PIL import Image

    with Image.open(path) as image:
        return str(getattr(image, "text", {}).get("Description", ""))


def _figure(path: Path) -> dict[str, str]:
    caption = figure_caption(path) or path.stem.replace("_", " ")
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return {"name": path.name, "caption": caption, "data": data}


def _table(frame: pd.DataFrame) -> dict[str, Any]:
    """A DataFrame as the template's ``table`` macro takes it: the index is the
    first column (row headers), every cell shown as text."""
    return {
        "columns": [frame.index.name or "", *map(str, frame.columns)],
        "rows": [(str(index), [str(v) for v in row]) for index, row in frame.iterrows()],
    }


def _details(info: dict[str, Any]) -> list[tuple[str, str]]:
    seeds = info.get("seeds") or {}
    shown = list(seeds.items())[:5]
    seed_text = ", ".join(f"{k}: {v}" for k, v in shown) + (" …" if len(seeds) > 5 else "")
    rows: list[tuple[str, str]] = [
        ("scenario", f"{info.get('scenario', '')} ({info.get('file') or 'no file'})"),
        ("scenario sha256", info.get("scenario_sha256", "")),
        ("root seed", str(info.get("root_seed", ""))),
        ("replication seeds", f"{len(seeds)} seeds ({seed_text})"),
        ("replications per variant", str(info.get("replications", ""))),
        ("steps", f"{info.get('steps', '')} {info.get('step_unit', 'month')}s"),
    ]
    for sc in info.get("scenarios") or []:
        if len(info.get("scenarios") or []) > 1:
            rows.append(
                (
                    f"scenario {sc['name']}",
                    f"{sc.get('file')}, sha256 {sc['sha256']}, root seed {sc['root_seed']}",
                )
            )
    boot = info.get("bootstrap")
    if boot:
        rows.append(("bootstrap", f"{boot['draws']} resamples, numpy default_rng({boot['seed']})"))
    versions = info.get("versions") or {}
    rows.append(("versions", ", ".join(f"{k} {v}" for k, v in versions.items())))
    rows.append(("command", " ".join(info.get("command") or [])))
    rows.append(("created", info.get("created", "")))
    return rows


def environment(*packages: str) -> Environment:
    """The Jinja2 environment of every page ddsim writes: the templates of
    ``ddsim/outputs/templates`` and of ``packages`` (e.g. ``"ddsim.play"`` for
    the debrief), autoescape on for HTML, and the one stylesheet
    (``templates/style.css``) as ``style``."""
    from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=ChoiceLoader([PackageLoader(p) for p in (*packages, "ddsim.outputs")]),
        autoescape=select_autoescape(),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["style"] = env.loader.get_source(env, "style.css")[0]
    return env


def render_report(folder: str | Path) -> str:
    """The HTML of the report of a results folder (nothing is written).

    Raises:
        ReportError: The folder lacks what a report needs.
    """
    from ddsim.analysis.outcomes import OUTCOMES
    from ddsim.analysis.statistics import headline, reading

    folder = Path(folder)
    info = _read_manifest(folder)
    table = comparison_table(folder, info)
    head = headline(table, info.get("step_unit", "month"))
    labels = list(head.index)
    described = info.get("variant_descriptions") or {}
    diffs = table[table["statistic"] == "difference"]
    differences = None
    if len(diffs):
        shown = diffs.assign(
            outcome=[OUTCOMES[o].label if o in OUTCOMES else o for o in diffs["outcome"]],
            difference=[
                f"{r.estimate:+.3f} [{r.low:+.3f}, {r.high:+.3f}]" for r in diffs.itertuples()
            ],
            reading=[reading(r) for _, r in diffs.iterrows()],
        ).set_index("variant")[["outcome", "difference", "reading"]]
        differences = _table(shown) | {"method": str(diffs["method"].iloc[0])}
    page = environment().get_template("report.html")
    return page.render(
        across_fit=_across_fit(folder, info),
        title=info.get("title") or info.get("scenario") or "ddsim results",
        description=info.get("description") or "",
        variants=[{"label": v, "description": described.get(v) or ""} for v in labels],
        replications=info.get("replications", ""),
        reference=info.get("reference") or (labels[0] if labels else ""),
        headline=_table(head),
        differences=differences,
        record=info.get("record"),
        figures=[_figure(p) for p in _figure_files(folder)],
        details=_details(info),
    )


def _across_fit(folder: Path, info: dict[str, Any]) -> dict[str, Any] | None:
    """The comparison across the fit in words, when the folder holds one."""
    from ddsim.analysis.across_fit import sentence

    path = folder / "across_fit.csv"
    if not path.exists():
        return None
    table = pd.read_csv(path)
    record = info.get("across_fit") or {}
    return {
        "sentences": [sentence(row) for _, row in table.iterrows()],
        "sets": record.get("sets", int(table["sets"].max()) if len(table) else 0),
        "of": record.get("of", "?"),
        "method": str(table["method"].iloc[0]) if len(table) else "",
    }


def report_kind(folder: str | Path) -> str | None:
    """What command wrote a results folder (its manifest's ``kind``)."""
    return _read_manifest(Path(folder)).get("kind")


def write_report(folder: str | Path, render: Callable[[Path], str] | None = None) -> Path:
    """(Re)write ``report.html`` in a results folder, atomically; return its path.

    Args:
        folder: The folder (of ``ddsim run`` or ``compare`` unless ``render`` says otherwise).
        render: What makes the page from the folder (default :func:`render_report`;
            a discovery's is :func:`ddsim.outputs.discovery.render_discovery`).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ReportError(f"{folder}: no such folder")
    text = (render or render_report)(folder)
    fd, tmp = tempfile.mkstemp(prefix=".report.", suffix=".html.tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, folder / "report.html")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return folder / "report.html"


__all__ = ["ReportError", "figure_caption", "render_report", "report_kind", "write_report"]
