"""``report.html``: one self-contained page from a results folder.

The page has no external assets (figures are embedded as base64 PNG, the style
is inline), so it can be projected in a classroom or sent by mail. It is built
from the folder alone: ``manifest.json``, ``comparison.csv`` (computed from
``summary.csv`` when a folder from ``ddsim run`` has none) and the PNG figures,
whose captions are read from their ``Description`` text field (or, failing
that, from the file name). ``ddsim report DIR`` rebuilds it.
"""

from __future__ import annotations

import base64
import html
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from ddsim.errors import InputError

#: Figures in the order a reader should see them; others follow alphabetically.
FIGURE_ORDER = (
    "war_probability.png",
    "outcomes.png",
    "differences.png",
    "hostility.png",
    "trust.png",
    "mid_levels.png",
)

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
max-width:1000px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5;font-size:18px}
h1{font-size:1.9em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:2px solid #ddd}
.lead{color:#555;font-size:1.05em}table{border-collapse:collapse;margin:1em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.35em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3}figure{margin:1.5em 0;page-break-inside:avoid}
img{max-width:100%;height:auto;border:1px solid #eee}figcaption{color:#444;font-size:.95em}
.note{color:#666;font-size:.85em}code{background:#f5f5f5;padding:0 .2em}
@media print{body{font-size:12pt;max-width:none}}
"""


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


def _figure_html(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    caption = figure_caption(path) or path.stem.replace("_", " ")
    alt = html.escape(caption[:200], quote=True)
    return (
        f'<figure><img src="data:image/png;base64,{data}" alt="{alt}">'
        f"<figcaption><b>{html.escape(path.name)}</b>: {html.escape(caption)}</figcaption>"
        "</figure>"
    )


def _table_html(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in [frame.index.name or "", *frame])
    rows = []
    for index, row in frame.iterrows():
        cells = "".join(f"<td>{html.escape(str(v))}</td>" for v in row)
        rows.append(f"<tr><th>{html.escape(str(index))}</th>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _variants_html(info: dict[str, Any], labels: list[str]) -> str:
    described = info.get("variant_descriptions") or {}
    items = "".join(
        f"<li><b>{html.escape(v)}</b>"
        + (f": {html.escape(described[v])}" if described.get(v) else "")
        + "</li>"
        for v in labels
    )
    return f"<ul>{items}</ul>"


def _details_html(info: dict[str, Any]) -> str:
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
    body = "".join(
        f"<tr><th>{html.escape(k)}</th><td><code>{html.escape(v)}</code></td></tr>" for k, v in rows
    )
    return f"<table>{body}</table>"


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
    title = info.get("title") or info.get("scenario") or "ddsim results"
    description = info.get("description") or ""
    reference = info.get("reference") or (labels[0] if labels else "")
    n = info.get("replications", "")
    how_to_read = (
        f"Each variant was run {n} times over the same random seeds (common random numbers), "
        "so differences come from the strategies, not from luck. Numbers in brackets are 95% "
        "intervals: if an interval of a difference does not include zero, the replications "
        f"support a real difference from the reference variant <b>{html.escape(reference)}</b>."
    )
    diffs = table[table["statistic"] == "difference"]
    diff_html = ""
    if len(diffs):
        shown = diffs.assign(
            outcome=[OUTCOMES[o].label if o in OUTCOMES else o for o in diffs["outcome"]],
            difference=[
                f"{r.estimate:+.3f} [{r.low:+.3f}, {r.high:+.3f}]" for r in diffs.itertuples()
            ],
            reading=[reading(r) for _, r in diffs.iterrows()],
        ).set_index("variant")[["outcome", "difference", "reading"]]
        diff_html = (
            f"<h2>Differences from {html.escape(reference)}</h2>"
            "<p>Each row: the variant's mean minus the reference's, with a 95% interval "
            f"({html.escape(str(diffs['method'].iloc[0]))}; paired on replication when the "
            "seeds are shared). <i>Clearly higher/lower</i>: the interval does not include "
            "zero.</p>" + _table_html(shown)
        )
    figures = "".join(_figure_html(p) for p in _figure_files(folder))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="lead">{html.escape(description)}</p>' if description else "",
        "<h2>Variants compared</h2>",
        _variants_html(info, labels),
        "<h2>Headline results</h2>",
        f"<p>{how_to_read}</p>",
        _table_html(head),
        diff_html,
        "<h2>Figures</h2>",
        figures,
        "<h2>How these results were made</h2>",
        "<p>Re-running the command below with the same ddsim version gives the same numbers.</p>",
        _details_html(info),
        '<p class="note">Made with ddsim. The folder also holds the tables behind this page: '
        "comparison.csv, summary.csv, timeseries.csv.</p>",
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def write_report(folder: str | Path) -> Path:
    """(Re)write ``report.html`` in a results folder, atomically; return its path."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ReportError(f"{folder}: no such folder")
    text = render_report(folder)
    fd, tmp = tempfile.mkstemp(prefix=".report.", suffix=".html.tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, folder / "report.html")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return folder / "report.html"


__all__ = ["ReportError", "figure_caption", "render_report", "write_report"]
