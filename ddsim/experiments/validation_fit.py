"""The validation's comparisons of coercion and engagement, across the fit (issue 20, item 8).

docs/validation.md judges each claim on the default parameters, with
intervals over seeds. The claims that compare coercion with engagement (the
spiral, deterrence against a revisionist, against a security seeker and in
``deterrence.yaml``, GRIT against reciprocity, and dense engagement against
none in a group of four) are run here on K of the accepted parameter sets too
(:mod:`ddsim.core.parameters.accepted`), with the same seeds in each; a
scenario's own parameter values keep theirs. Each difference gets the
two-level bootstrap interval over seeds *and* sets and the number of sets in
which its sign holds (:func:`ddsim.analysis.across_fit.across_fit`). A claim
holds across the fit when that interval excludes 0 on the claimed side: the
test of the defaults, with the parameters' uncertainty in the interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ddsim.analysis.across_fit import SET_COLUMN, across_fit, paired_by_set
from ddsim.core.parameters.accepted import accepted_sets
from ddsim.experiments.validation import community, community_outcomes
from ddsim.experiments.validation_runs import dyad, per_replication, scenario, track_all
from ddsim.scenarios import Scenario, load_scenario

#: What each scenario is measured by: the measure read every step, and what
#: makes it one row per replication (the validation's own, for that claim).
MEASURES = {"security_community": (community, community_outcomes)}
#: Every other scenario: a pair's MID level, trust and force (:func:`dyad`).
DYAD = (dyad, per_replication)

#: Each claim as (scenario, variant, reference, outcome, sign): the sign that
#: ``variant - reference`` should have. ``packaged:`` names a packaged
#: scenario, any other name one of ``scenarios/validation/``.
FIT_CLAIMS: dict[str, tuple[str, str, str, str, int]] = {
    "spiral: force raises hostility": ("spiral", "force", "engagement", "mean_hostility", +1),
    "spiral: force raises war": ("spiral", "force", "engagement", "war_by_horizon", +1),
    "deterring a revisionist": (
        "deterrence",
        "revisionist-coerced",
        "revisionist-engaged",
        "force_steps",
        -1,
    ),
    "deterring a security seeker": (
        "deterrence",
        "seeker-coerced",
        "seeker-engaged",
        "force_steps",
        +1,
    ),
    "deterrence.yaml": ("packaged:deterrence", "deterrence", "engagement", "force_steps", -1),
    "GRIT calms a hostile pair": (
        "grit",
        "grit-vs-reciprocal",
        "reciprocal-vs-reciprocal",
        "mean_hostility",
        -1,
    ),
    "engagement builds a community": (
        "security_community",
        "dense",
        "sparse",
        "final_min_trust",
        +1,
    ),
}

#: :func:`per_replication`'s columns under the names of the declared outcomes.
AS_DECLARED = {"replication": "seed", "war": "war_by_horizon", "force_months": "force_steps"}


def _load(name: str) -> Scenario:
    packaged = name.removeprefix("packaged:")
    return load_scenario(packaged) if packaged != name else scenario(name)


def claims_across_fit(
    sets: int = 16, replications: int = 100, workers: int = 1, progress: bool | None = None
) -> pd.DataFrame:
    """Run every claim of :data:`FIT_CLAIMS` on ``sets`` accepted parameter sets.

    Returns:
        One row per claim: the columns of
        :func:`~ddsim.analysis.across_fit.across_fit` (``difference``, ``low``,
        ``high``, ``set_low``, ``set_high``, ``sets_same_sign``, ...), the
        claimed ``sign``, in how many sets the mean difference has it
        (``sets_claimed_sign``) and whether the claim ``holds``.
    """
    chosen = accepted_sets(sets)
    names = list(dict.fromkeys(name for name, *_ in FIT_CLAIMS.values()))
    runs = [
        (name, k, base.replace(parameters={**values, **base.parameters}))
        for name, base in ((name, _load(name)) for name in names)
        for k, values in enumerate(chosen)
    ]
    per_set = []
    for measure, outcomes in dict.fromkeys(MEASURES.get(name, DYAD) for name in names):
        mine = [run for run in runs if MEASURES.get(run[0], DYAD) == (measure, outcomes)]
        series = track_all(
            [sc for *_, sc in mine], measure, replications=replications, workers=workers,
            progress=progress,
        )  # fmt: skip
        per_set += [
            outcomes(ts).assign(**{SET_COLUMN: k}).assign(scenario=name)
            for (name, k, _), ts in zip(mine, series, strict=True)
        ]
    summary = pd.concat(per_set, ignore_index=True).rename(columns=AS_DECLARED)
    rows = []
    for claim, (name, variant, reference, outcome, sign) in FIT_CLAIMS.items():
        of = summary[(summary["scenario"] == name) & summary["variant"].isin([variant, reference])]
        row = across_fit(of, reference, [outcome]).set_index("variant").loc[variant]
        holds = row["high"] < 0 if sign < 0 else row["low"] > 0
        per_set = paired_by_set(of, reference, variant, outcome).mean(axis=1)
        claimed = int((np.sign(per_set) == sign).sum())
        rows.append(
            {"claim": claim, "variant": variant, **row, "sign": sign}
            | {"sets_claimed_sign": claimed, "holds": holds}
        )
    return pd.DataFrame(rows)


__all__ = ["FIT_CLAIMS", "claims_across_fit"]
