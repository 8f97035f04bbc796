"""Validation experiments about disputes: Jervis' spiral and deterrence
models, war in the example scenarios, and how many coercive acts a dispute
holds (``docs/validation.md``). Re-exported by
:mod:`ddsim.experiments.validation`, where the other experiments live.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ddsim.analysis.intervals import mean_interval, proportion_interval
from ddsim.core.replica import Replication
from ddsim.experiments.compare import compare
from ddsim.experiments.validation_runs import (
    column,
    dyad,
    mean_ci,
    paired_diff,
    per_replication,
    scenario,
    track,
    track_all,
)
from ddsim.scenarios import PACKAGED, load_scenario


def spiral(replications: int = 100, workers: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Spiral model, engagement vs force: per replication (mean hostility,
    war, final trust) and the time series."""
    ts = track(scenario("spiral"), dyad, replications=replications, workers=workers)
    return per_replication(ts), ts


#: The Model 3 parameters the deterrence claims are judged over (issue 18):
#: each at both ends of its declared range (``ddsim list parameters``), the
#: others at their defaults, and all at their defaults first. Declared before
#: the claims were measured; none of them is tuned to make a claim pass.
DETERRENCE_SETTINGS: dict[str, dict[str, float]] = {
    "defaults": {},
    "revisionist_insecurity=0": {"revisionist_insecurity": 0.0},
    "revisionist_insecurity=1": {"revisionist_insecurity": 1.0},
    "weakness_gain=0": {"weakness_gain": 0.0},
    "weakness_gain=5": {"weakness_gain": 5.0},
}


def deterrence(
    replications: int = 100,
    workers: int = 1,
    settings: Sequence[str] = ("defaults",),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Deterrence model: the four variants of ``validation/deterrence.yaml``
    (Borea's disposition x Aldoria's strategy) and the two of the packaged
    ``deterrence.yaml``, under each of ``settings`` (names of
    :data:`DETERRENCE_SETTINGS`). Every setting runs on the same seeds.

    Returns:
        Per replication (:func:`per_replication`, with ``force_months``) with
        ``scenario`` (``validation`` or ``packaged``) and ``setting``
        columns, and the time series with the same two columns.
    """
    bases = {"validation": scenario("deterrence"), "packaged": load_scenario("deterrence")}
    runs = [
        (name, setting, sc.replace(parameters={**sc.parameters, **DETERRENCE_SETTINGS[setting]}))
        for setting in settings
        for name, sc in bases.items()
    ]
    series = track_all([sc for *_, sc in runs], dyad, replications=replications, workers=workers)
    pers, tss = [], []
    for (name, setting, _), ts in zip(runs, series, strict=True):
        per = per_replication(ts)
        pers.append(per.assign(scenario=name, setting=setting))
        tss.append(ts.assign(scenario=name, setting=setting))
    return pd.concat(pers, ignore_index=True), pd.concat(tss, ignore_index=True)


#: The deterrence claims as (scenario, coerced variant, engaged variant, sign):
#: the sign the difference in months at use of force or war should have.
DETERRENCE_CLAIMS: dict[str, tuple[str, str, str, int]] = {
    "revisionist": ("validation", "revisionist-coerced", "revisionist-engaged", -1),
    "security seeker": ("validation", "seeker-coerced", "seeker-engaged", +1),
    "deterrence.yaml": ("packaged", "deterrence", "engagement", -1),
}


def deterrence_effects(per_rep: pd.DataFrame) -> pd.DataFrame:
    """Each claim of :data:`DETERRENCE_CLAIMS` under each setting of a
    :func:`deterrence` table: coerced minus engaged months at use of force or
    war, paired on seed (:func:`paired_diff`), and whether its interval
    excludes 0 on the claimed side (``holds``)."""
    rows = []
    for setting, runs in per_rep.groupby("setting", sort=False):
        for claim, (name, coerced, engaged, sign) in DETERRENCE_CLAIMS.items():
            of = runs[runs["scenario"] == name].sort_values("replication")
            deterring = column(of, coerced, "force_months")
            engaging = column(of, engaged, "force_months")
            diff, low, high = paired_diff(deterring, engaging)
            holds = high < 0 if sign < 0 else low > 0
            rows.append(
                {
                    "setting": setting,
                    "claim": claim,
                    "coerced": deterring.mean(),
                    "engaged": engaging.mean(),
                    "difference": diff,
                    "low": low,
                    "high": high,
                    "holds": holds,
                }
            )
    return pd.DataFrame(rows)


def war_risk(
    name: str,
    variants: Sequence[str] | None = None,
    replications: int | None = None,
    workers: int = 1,
    within: int = 12,
    progress: bool | None = None,
) -> pd.DataFrame:
    """War in a packaged scenario, per variant, as ``ddsim compare`` reports it.

    Returns:
        One row per variant: ``n``; ``by_horizon`` (share of runs with a war by
        the horizon) and ``within`` (by month ``within``), each with Wilson
        ``_low``/``_high``; ``median`` month of the first war (Kaplan-Meier,
        NaN when fewer than half the runs had one) with ``median_low`` and
        ``median_high``; ``horizon``; ``wars`` (wars under way in a month, the
        mean over the run) with its Student t ``wars_low``/``wars_high``, which
        still tells variants apart where some war starts in every run.
    """
    sc = load_scenario(PACKAGED / f"{name}.yaml")
    cmp = compare(
        sc, replications=replications, variants=variants, workers=workers, progress=progress
    )
    first = cmp.time_to_first_war.set_index("variant")
    rows = []
    for variant, runs in cmp.results.summary.groupby("variant", sort=False):
        times = pd.to_numeric(runs["first_war_step"], errors="coerce").to_numpy(dtype=float)
        row = {"scenario": name, "variant": variant, "n": len(times)}
        for label, h in (("by_horizon", sc.steps), ("within", within)):
            share = proportion_interval((times <= h).astype(float))
            row |= {label: share.estimate, f"{label}_low": share.low, f"{label}_high": share.high}
        row |= first.loc[variant, ["median", "median_low", "median_high", "horizon"]].to_dict()
        ts = cmp.results.timeseries
        run = ts[(ts["variant"] == variant) & (ts["step"] >= 1)]
        wars = mean_interval(run.groupby("replication")["wars"].mean().to_numpy())
        row |= {"wars": wars.estimate, "wars_low": wars.low, "wars_high": wars.high}
        rows.append(row)
    return pd.DataFrame(rows)


def coercion(model: Replication) -> dict[str, float]:
    """The world's shows of force and coercive deployments this step, the
    pairs in a militarized dispute (MID 2 or higher) and those of them in
    which either side showed force this step, and the disputes begun so far
    (the dispute log's, as the calibration counts them: from step 1, reaching
    MID 2 or higher)."""
    open_ = model.pair_hostility >= 2
    i, j = model.pairs
    shown = model.coerced[i, j] | model.coerced[j, i]
    log = model.dispute_log.records()
    return {
        "coercive_acts": model.step_actions["show_of_force"]
        + model.step_actions["coercive_deployment"],
        "open_disputes": int(open_.sum()),
        "disputes_with_force": int((open_ & shown).sum()),
        "disputes_begun": int(np.sum((log["onset"] >= 1) & (log["highest"] >= 2))),
    }


def coercive_acts(
    name: str,
    variants: Sequence[str],
    replications: int,
    steps: int | None = None,
    workers: int = 1,
) -> pd.DataFrame:
    """How many coercive acts a dispute holds in a packaged scenario.

    Returns:
        One row per variant: ``acts_per_year`` (shows of force and coercive
        deployments in the world), ``disputes_per_year`` (begun),
        ``acts_per_dispute`` (their ratio, pooled over the runs),
        ``force_share`` (share of the months of militarized disputes in which
        either side showed force), each mean with its Student t interval over
        replications (``_low``, ``_high``) except the pooled ratio.
    """
    sc = load_scenario(PACKAGED / f"{name}.yaml")
    sc = sc.replace(steps=steps) if steps else sc
    ts = track(sc, coercion, variants=variants, replications=replications, workers=workers)
    ts = ts[ts["step"] >= 1]
    rows = []
    for variant, run in ts.groupby("variant", sort=False):
        per = run.groupby("replication").agg(
            acts=("coercive_acts", "sum"),
            begun=("disputes_begun", "last"),
            months=("open_disputes", "sum"),
            forced=("disputes_with_force", "sum"),
        )
        years = sc.steps / 12
        row: dict[str, float | str] = {"scenario": name, "variant": variant, "n": len(per)}
        for label, values in (
            ("acts_per_year", per["acts"] / years),
            ("disputes_per_year", per["begun"] / years),
            ("force_share", per["forced"] / per["months"].where(per["months"] > 0)),
        ):
            row |= dict(
                zip((label, f"{label}_low", f"{label}_high"), mean_ci(values.dropna()), strict=True)
            )
        row["acts_per_dispute"] = per["acts"].sum() / max(per["begun"].sum(), 1)
        rows.append(row)
    return pd.DataFrame(rows)
