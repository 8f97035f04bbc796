"""Write the packaged world_2014.yaml: the real state system of 2014, from the data.

Run ``python -m ddsim.calibration.world_2014 [DATA_FOLDER]``. It reads the
Correlates of War tables that ship with ddsim (``ddsim/calibration/data/``,
provenance and citations in its README; :func:`ddsim.calibration.data.load_table`
checks their columns) and writes ``ddsim/scenarios/files/world_2014.yaml``;
the output is committed and the same every time. What comes from the data,
and what is an assumption:

From the data (year 2014):
    - every member of the COW state system (v2016): id = ``stateabb``,
      name = ``statenme``, region from the COW country code;
    - capability: the Composite Index of National Capability (NMC v6.0,
      Singer, Bremer & Stuckey 1972), times 100;
    - major powers (COW) and direct contiguity (COW Direct Contiguity v3.2,
      Stinnett et al. 2002, any type: land or water up to 400 miles): together
      they make the politically relevant pairs (Lemke & Reed 2001);
    - alliances: ATOP v5.1 defence pacts in force (Leeds et al. 2002),
      written as the maximal groups of states all allied with each other;
    - rivalries: the strategic rivalries of Thompson & Dreyer (2012) still
      open at the end of their data (2010) start with low trust and a dispute
      history, and with the contention of their types: what the rivals
      dispute (spatial: territory; positional: standing; ideological;
      interventionary), each type weighted by :data:`CONTENTION` and combined
      as independent sources of dispute (``1 - prod(1 - weight)``).

Assumptions (labelled in the scenario's description, not in the data):
    - the weights of the rivalry types (:data:`CONTENTION`): territory most
      (Vasquez 1993; Hensel 2001), position next, the rest least;
    - dispositions are not in the data: a share :data:`REVISIONIST_SHARE` of
      the states, drawn once with the seed ``YEAR``, are revisionists;
    - engagement budgets grow with the square root of capability;
    - starting trust 0.5 between non-rivals, 0.25 between rivals, who start at
      MID level 1;
    - the strategies of the variants.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from ddsim.calibration.data import load_table, still_open
from ddsim.calibration.record import CONTIGUOUS
from ddsim.scenarios.make_world import write_generated

YEAR = 2014
#: COW country-code ranges of the regions (COW's own regional breakdown).
REGIONS = (
    (2, 199, "americas"),
    (200, 399, "europe"),
    (400, 626, "africa"),
    (630, 699, "middle_east"),
    (700, 899, "asia"),
    (900, 999, "oceania"),
)
RIVAL_TRUST, RIVAL_LEVEL = 0.25, 1
#: How much each Thompson & Dreyer rivalry type adds to a pair's contention:
#: territory is the issue most prone to disputes and war (Vasquez 1993, *The
#: War Puzzle*; Hensel 2001), position next (Thompson & Dreyer 2012). Assumptions.
CONTENTION = {"spatial": 0.8, "positional": 0.5, "ideological": 0.3, "interventionary": 0.3}
#: Share of revisionist states where the data say nothing: a minority (Schweller
#: 1994, *Bandwagoning for profit*); one in ten is an assumption.
REVISIONIST_SHARE = 0.1
#: The script that writes the scenario, as its first line names it.
GENERATOR = "calibration/world_2014.py"


def region(ccode: int) -> str:
    return next(name for low, high, name in REGIONS if low <= ccode <= high)


def members(data: Path | None) -> pd.DataFrame:
    """System members in ``YEAR``: ccode, stateabb, statenme, with the CINC."""
    states = load_table("states", data)
    states = states[(states.styear <= YEAR) & (states.endyear >= YEAR)]
    states = states.drop_duplicates("ccode").astype({"ccode": int})
    nmc = load_table("capabilities_2014", data)
    cinc = nmc[nmc.year == YEAR].astype({"ccode": int}).set_index("ccode")["cinc"]
    states["cinc"] = states["ccode"].map(cinc).fillna(0.0)
    return states.sort_values("ccode").reset_index(drop=True)


def majors(data: Path | None) -> set[int]:
    m = load_table("majors", data)
    return set(m[(m.styear <= YEAR) & (m.endyear >= YEAR)].ccode.astype(int))


def contiguity(data: Path | None, codes: set[int]) -> list[tuple[int, int]]:
    """Contiguous pairs in force during ``YEAR`` (dates are days since 1970),
    of the classes the record counts as contiguous (land or up to 400 miles of
    water: :data:`ddsim.calibration.record.CONTIGUOUS`; the table also lists
    pairs whose contiguity ended, class 0), so model and record classify
    pairs alike."""
    c = load_table("contiguity", data)
    c = c[c.conttype.isin(CONTIGUOUS)]
    first = (date(YEAR, 1, 1) - date(1970, 1, 1)).days
    last = (date(YEAR, 12, 31) - date(1970, 1, 1)).days
    c = c[(c.stdate <= last) & (c.enddate >= first)]
    pairs = {tuple(sorted((int(a), int(b)))) for a, b in zip(c.ccode1, c.ccode2, strict=True)}
    return sorted(p for p in pairs if p[0] in codes and p[1] in codes and p[0] != p[1])


def pacts(data: Path | None, codes: set[int]) -> list[list[int]]:
    """Defence pacts in force in ``YEAR`` as maximal groups of mutual allies."""
    a = load_table("defence_pacts_2014", data)
    a = a[(a.year == YEAR) & (a.atop_defense == 1)]
    g = nx.Graph()
    g.add_edges_from(
        (int(x), int(y))
        for x, y in zip(a.ccode1, a.ccode2, strict=True)
        if int(x) in codes and int(y) in codes and x != y
    )
    cliques = [sorted(c) for c in nx.find_cliques(g) if len(c) > 1]
    return sorted(cliques, key=lambda c: (-len(c), c))


def rivalries(data: Path | None, codes: set[int]) -> list[tuple[int, int, float]]:
    """Strategic rivalries still open at the end of the data: the pair and
    its contention (from the rivalry's types, :data:`CONTENTION`)."""
    r = load_table("rivalries", data)
    r = r[still_open(r)]
    out = {}
    for row in r.itertuples():
        a, b = int(row.ccode1), int(row.ccode2)
        if a in codes and b in codes:
            types = {getattr(row, t) for t in ("type1", "type2", "type3")} & CONTENTION.keys()
            calm = 1.0
            for t in types:
                calm *= 1.0 - CONTENTION[t]
            out[(min(a, b), max(a, b))] = round(1.0 - calm, 3)
    return sorted((a, b, c) for (a, b), c in out.items())


def dispositions(ids: list[str], share: float = REVISIONIST_SHARE) -> dict[str, str]:
    """Each state's disposition: revisionist for a share drawn once with the
    seed ``YEAR`` (the data say nothing about it), else security seeker."""
    rng = np.random.default_rng(YEAR)
    drawn = rng.random(len(ids)) < share
    return {
        sid: "revisionist" if d else "security_seeker" for sid, d in zip(ids, drawn, strict=True)
    }


def world_2014(data: Path | None = None) -> dict:
    """The content of the 2014 world scenario, from the tables in ``data``
    (default: the packaged ones)."""
    states = members(data)
    codes = set(states.ccode)
    abb = dict(zip(states.ccode, states.stateabb, strict=True))
    big = majors(data) & codes
    disposition = dispositions(list(states.stateabb))
    entries = []
    for row in states.itertuples():
        capability = max(round(100 * float(row.cinc), 4), 0.001)
        entries.append(
            {
                "id": row.stateabb,
                "name": row.statenme,
                "capability": capability,
                "budget": round(2 + min(capability**0.5, 4.0), 1),
                "capacity": 3,
                "strategy": "reciprocal",
                "disposition": disposition[row.stateabb],
                "region": region(row.ccode),
                **({"major": True} if row.ccode in big else {}),
            }
        )
    rivals = rivalries(data, codes)
    groups = pacts(data, codes)
    majors_ids = sorted(abb[c] for c in big)
    major_rivalries = [(a, b) for a, b, _ in rivals if a in big or b in big]
    return {
        "name": "world_2014",
        "title": "The state system of 2014",
        "description": (
            f"The {len(states)} members of the Correlates of War state system in {YEAR}, with "
            "their capabilities (CINC), contiguity, major powers, ATOP defence pacts and the "
            f"{len(rivals)} strategic rivalries (Thompson & Dreyer) still open, with the "
            "contention of their types. Assumptions, not data: every state plays reciprocal "
            "(tit for tat) unless a variant says otherwise; one state in ten, drawn once, is "
            "revisionist; "
            "budgets grow with the square root of capability; rivals "
            f"start at trust {RIVAL_TRUST} and MID level {RIVAL_LEVEL}; territory weighs most "
            "in a rivalry's contention. Generated by "
            "ddsim/calibration/world_2014.py from ddsim/calibration/data."
        ),
        "steps": 240,
        "seed": YEAR,
        "replications": 10,
        "states": entries,
        "relations": {
            "defaults": {"trust": 0.5, "hostility": 0},
            "pairs": [
                {
                    "between": [abb[a], abb[b]],
                    "trust": RIVAL_TRUST,
                    "hostility": RIVAL_LEVEL,
                    "contention": contention,
                }
                for a, b, contention in rivals
            ],
        },
        "contiguity": [[abb[a], abb[b]] for a, b in contiguity(data, codes)],
        "alliances": [
            {"name": f"Defence pacts {k + 1} ({len(g)} states)", "members": [abb[c] for c in g]}
            for k, g in enumerate(groups)
        ],
        "variants": {
            "status_quo": {
                "description": "Every state reciprocates: engages, and answers force with force."
            },
            "everyone_engages": {
                "description": "Every state engages and never shows force (noncoercive).",
                "states": {s["id"]: {"strategy": "noncoercive"} for s in entries},
            },
            "majors_coerce": {
                "description": (
                    f"The major powers ({', '.join(majors_ids)}) deter: they show force to "
                    f"their rivals ({len(major_rivalries)} open rivalries involve one); the "
                    "rest reciprocate."
                ),
                "states": {sid: {"strategy": "coercive"} for sid in majors_ids},
            },
        },
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    data = Path(args[0]) if args else None
    print(f"wrote {write_generated(world_2014(data), GENERATOR)}")


if __name__ == "__main__":
    main()
