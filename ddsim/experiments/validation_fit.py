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

from ddsim.analysis.across_fit import SET_COLUMN, across_fit, paired_by_set, two_level_bootstrap
from ddsim.core.parameters.accepted import accepted_sets
from ddsim.defaults import BOOTSTRAP_DRAWS, BOOTSTRAP_SEED
from ddsim.experiments.validation import community, community_outcomes, tournament
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


def tournament_across_fit(
    sets: int = 16, replications: int = 50, workers: int = 1, progress: bool | None = None
) -> pd.DataFrame:
    """The round robin of :func:`~ddsim.experiments.validation.tournament`
    (with noise) on ``sets`` accepted parameter sets, the same seeds in each.

    Returns:
        One row per strategy: its score (mean MID level over its opponents,
        lower is better) over every (set, replication), the lowest and highest
        per-set score, its mean rank, and in how many sets it is worst; and a
        last row, ``generous - plain``, the paired difference of those two
        scores with a two-level bootstrap 95% interval over seeds and sets
        and the number of sets where generous reciprocity scores better.
    """
    scores = []
    for k, values in enumerate(accepted_sets(sets)):
        games = tournament(
            replications=replications, workers=workers, parameters=values, progress=progress
        )
        per_rep = games.groupby(["strategy", "replication"])["mean_hostility"].mean()
        scores.append(per_rep.unstack("strategy").assign(**{SET_COLUMN: k}))
    table = pd.concat(scores)
    by_set = table.groupby(SET_COLUMN).mean()
    ranks = by_set.rank(axis=1)
    strategies = [
        {
            "strategy": name,
            "score": table[name].mean(),
            "set_low": by_set[name].min(),
            "set_high": by_set[name].max(),
            "mean_rank": ranks[name].mean(),
            "sets_worst": int((by_set.idxmax(axis=1) == name).sum()),
        }
        for name in by_set.columns
    ]
    d = np.stack(
        [
            (t["generous_reciprocal"] - t["reciprocal"]).to_numpy()
            for _, t in table.groupby(SET_COLUMN)
        ]
    )
    boot = two_level_bootstrap(d, BOOTSTRAP_DRAWS, np.random.default_rng(BOOTSTRAP_SEED))
    low, high = np.percentile(boot, [2.5, 97.5])
    generous = pd.DataFrame(
        [{
            "strategy": "generous - plain",
            "score": d.mean(),
            "low": low,
            "high": high,
            "set_low": d.mean(axis=1).min(),
            "set_high": d.mean(axis=1).max(),
            "sets_better": int((d.mean(axis=1) < 0).sum()),
        }]
    )  # fmt: skip
    ranked = pd.DataFrame(strategies).sort_values("score", kind="stable")
    return pd.concat([ranked, generous], ignore_index=True)


__all__ = ["FIT_CLAIMS", "claims_across_fit", "tournament_across_fit"]
