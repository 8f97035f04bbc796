"""A discovery read back from its folder, to look at it again without running it.

PRIM is meant to be used interactively (Bryant & Lempert 2010): once the
cases are run, one tries other density thresholds, the other question (the
variants swapped) or another outcome. ``read_discovery(folder).rebox(...)``
does so from what ``ddsim discover`` wrote (``runs.csv`` holds every
outcome of every run), with nothing run again.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd

from ddsim.experiments.discovery import Discovery
from ddsim.experiments.discovery_factors import DiscoveryError, read_factors
from ddsim.scenarios import load_scenario


def read_discovery(folder: str | Path) -> Discovery:
    """The :class:`Discovery` a folder of ``ddsim discover`` holds.

    The scenario is read from the file the manifest names, or, if that file
    is not on this machine, by its name (a packaged scenario).

    Raises:
        DiscoveryError: The folder is not a discovery's, or its scenario file
            has changed since (its hash differs from the manifest's).
    """
    folder = Path(folder)
    try:
        info = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        tables = {
            name: pd.read_csv(folder / f"{name}.csv", keep_default_na=False, na_values=[""])
            for name in ("cases", "boxes", "trajectory", "runs")
        }
    except (OSError, ValueError) as exc:
        raise DiscoveryError(f"{folder}: not the folder of a discovery ({exc})") from None
    if info.get("kind") != "discover":
        raise DiscoveryError(
            f"{folder}: not the folder of a discovery (it holds {info.get('kind')})"
        )
    where = info["file"] if info.get("file") and Path(info["file"]).is_file() else info["scenario"]
    sc = load_scenario(where).replace(steps=info["steps"], seed=info["root_seed"])
    if sc.digest != info["scenario_sha256"]:
        raise DiscoveryError(f"{folder}: the scenario {info['file']} has changed since it was run")
    factors = []
    for name, spread in info["factors"].items():
        given = list(spread["values"]) if "values" in spread else (spread["low"], spread["high"])
        factor = read_factors({name: given}, sc)[0]
        factors.append(dataclasses.replace(factor, source=spread["source"]))
    runs = tables["runs"]
    runs["first_war_step"] = runs["first_war_step"].astype("Int64")
    tables["boxes"]["values"] = tables["boxes"]["values"].fillna("").astype(str)
    settings = {k: v for k, v in info["prim"].items() if k != "library"}
    return Discovery(
        sc,
        (info["variants"][0], info["variants"][1]),
        info["outcome"],
        factors,
        runs,
        tables["cases"],
        tables["boxes"],
        tables["trajectory"],
        int(info["replications"]),
        int(info["root_seed"]),
        settings,
    )


__all__ = ["read_discovery"]
