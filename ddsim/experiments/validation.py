"""Validation experiments: does ddsim reproduce the results it draws on?

Each function here runs one experiment of ``docs/validation.md`` on its
scenario under ``scenarios/validation/`` and returns a tidy DataFrame, one row
per replication (and variant). The tests in ``tests/validation/`` assert on
these tables; ``docs/validation_figures.py`` plots them. Nothing is tuned to
pass: the scenarios use the default parameters unless they say otherwise.

Two small strategies exist only for these experiments: ``talk_only`` (one
kind of signal, for the costly-signals experiment) and ``richardson`` (shows
of force at a rate that reacts to force received, for the arms-race
experiment). They are not in the global registry (``ddsim.STRATEGIES``), so
tournaments, ``ddsim list strategies`` and the dashboard never see them; the
experiments register them only while they run, with
:func:`validation_strategies`. Use it too to load the scenarios that name
them::

    with validation_strategies():
        model = DiplomacyModel(scenario("richardson"), rng=1)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ddsim.analysis.intervals import (
    kaplan_meier_median,
    proportion_interval,
)
from ddsim.core.actions import COOPERATIVE_KINDS, DEFAULT_ACTIONS
from ddsim.core.replica import Replication
from ddsim.core.strategies import STRATEGIES
from ddsim.core.strategies.instruments import INSTRUMENTS, RichardsonReactor, TalkOnly
from ddsim.experiments.tournament import tournament as play_tournament
from ddsim.experiments.validation_conflict import (
    DETERRENCE_CLAIMS,
    DETERRENCE_SETTINGS,
    coercion,
    coercive_acts,
    deterrence,
    deterrence_effects,
    spiral,
    war_risk,
)
from ddsim.experiments.validation_runs import (
    DECLARED,
    SCENARIOS,
    column,
    dyad,
    mean_ci,
    outcome_intervals,
    paired_diff,
    per_replication,
    scenario,
    track,
    track_all,
    validation_strategies,
    welch_diff,
)
from ddsim.scenarios import Scenario

#: Strategies of the round-robin tournament: every built-in one.
TOURNAMENT = (
    "passive",
    "noncoercive",
    "coercive",
    "hedging",
    "reciprocal",
    "generous_reciprocal",
    "grit",
)


# ----------------------------------------------------------------------
# the experiments
# ----------------------------------------------------------------------
def grit(replications: int = 100, workers: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """GRIT vs reciprocity from a hostile start.

    Returns:
        Per replication (mean hostility, war, final trust, ``months_to_calm``:
        first step at which the pair is at MID level 1 or lower, the horizon +
        1 if never), and the time series.
    """
    sc = scenario("grit")
    ts = track(sc, dyad, replications=replications, workers=workers)
    out = per_replication(ts)
    calm = ts[ts["hostility"] <= 1].groupby(["variant", "replication"], sort=False)["step"].min()
    keys = pd.MultiIndex.from_frame(out[["variant", "replication"]])
    out["months_to_calm"] = calm.reindex(keys).fillna(sc.steps + 1).to_numpy()
    return out, ts


def costly_signals(replications: int = 100, workers: int = 1) -> pd.DataFrame:
    """Borea's trust in Aldoria at every step, per variant and replication
    (one signal a month; ``prior`` is Borea's starting trust)."""
    sc = scenario("costly_signals")
    ts = track(sc, dyad, replications=replications, workers=workers)
    ts["trust"] = ts["trust_10"]
    ts[["signal", "prior"]] = ts["variant"].str.extract(r"(\w+)-(\w+)-prior")
    return ts[["variant", "signal", "prior", "replication", "step", "trust"]]


@validation_strategies()
def richardson(
    reactions: Sequence[float] = (0.1, 0.25),
    replications: int = 100,
    workers: int = 1,
    steps: int | None = None,
) -> pd.DataFrame:
    """Two ``richardson`` states, both with reaction rate ``k`` for each k in
    ``reactions``: per replication and k, the mean rate of shows of force per
    state and step and the mean force memory over the second half of the run."""
    base = scenario("richardson").variant("settles")
    if steps:
        base = base.replace(steps=steps)
    races = []
    for k in reactions:
        data = base.raw | {"name": "richardson", "variants": {}}
        strategy = {**data["states"][0]["strategy"], "reaction": float(k)}
        data["states"] = [{**s, "strategy": strategy} for s in data["states"]]
        races.append(Scenario.from_dict(data))
    tracked = track_all(races, dyad, replications=replications, workers=workers)
    frames = []
    for k, ts in zip(reactions, tracked, strict=True):
        late = ts[ts["step"] > base.steps // 2]
        g = late.groupby("replication")
        frames.append(
            pd.DataFrame(
                {
                    "reaction": k,
                    "replication": g.size().index,
                    "rate": g["shows_of_force"].mean().to_numpy() / 2,
                    "force": g[["force_01", "force_10"]].mean().mean(axis=1).to_numpy(),
                    "mean_hostility": g["hostility"].mean().to_numpy(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def richardson_theory(
    reaction: float, grievance: float, restraint: float, credibility: float
) -> float:
    """Richardson's equilibrium rate of shows of force per state and step,
    ``g / (1 - c k / a)``, or 1 (every step, the most a state can) where the
    race runs away (``c k >= a``). ``c`` is what one show of force adds to the
    memory of force: its credibility (:data:`SHOW_OF_FORCE`)."""
    ratio = credibility * reaction / restraint
    return 1.0 if ratio >= 1 else min(1.0, grievance / (1.0 - ratio))


#: What one show of force adds to the memory of force received: the credibility
#: the catalogue derives from its likelihoods (1 - 0.1 / 0.4 = 0.75).
SHOW_OF_FORCE = DEFAULT_ACTIONS["show_of_force"].credibility

GROUP = ("ALD", "BOR", "CET", "DAL")


def community(model: Replication) -> dict[str, float]:
    """Inside ``GROUP``: the lowest mutual trust, the highest MID level and the
    pairs at war; outside it, the pairs at war; the pairs at war whose two
    sides trust each other above ``community_threshold`` (a community's
    members, wherever they are); and the largest community."""
    idx = [model.ids.index(s) for s in GROUP]
    inside = np.zeros((model.n, model.n), dtype=bool)
    inside[np.ix_(idx, idx)] = True
    i, j = model.pairs
    in_pairs = inside[i, j]
    trust = np.minimum(model.trust, model.trust.T)[i, j]
    h = model.pair_hostility
    return {
        "min_trust_inside": float(trust[in_pairs].min()),
        "max_hostility_inside": int(h[in_pairs].max()),
        "wars_inside": int(np.sum(h[in_pairs] == 5)),
        "wars_outside": int(np.sum(h[~in_pairs] == 5)),
        "wars_in_community": int(np.sum((h == 5) & (trust > model.params.community_threshold))),
        "community_size": model.latest["security_community_size"],
    }


def security_community(
    replications: int = 100, workers: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Dense vs sparse engagement inside a group of four.

    Returns:
        Per replication (final lowest mutual trust inside the group, whether it
        is a community at the end, war-months inside and outside the group,
        war-months between states that trusted each other above the community
        threshold that month), and the time series.
    """
    sc = scenario("security_community")
    ts = track(sc, community, replications=replications, workers=workers)
    return community_outcomes(ts), ts


def community_outcomes(ts: pd.DataFrame) -> pd.DataFrame:
    """Per replication of a :func:`community` run (see :func:`security_community`)."""
    threshold = 0.7  # PARAMETERS["community_threshold"].default
    g = ts.groupby(["variant", "replication"], sort=False)
    return pd.DataFrame(
        {
            "final_min_trust": g["min_trust_inside"].last(),
            "community": g["min_trust_inside"].last() > threshold,
            "war_months_inside": g["wars_inside"].sum(),
            "war_months_outside": g["wars_outside"].sum(),
            "war_months_in_community": g["wars_in_community"].sum(),
            "peak_hostility_inside": g["max_hostility_inside"].max(),
        }
    ).reset_index()


def tournament(
    strategies: Sequence[str] = TOURNAMENT,
    replications: int = 100,
    workers: int = 1,
    parameters: dict[str, float] | None = None,
    steps: int | None = None,
    players: Sequence[str] | None = None,
    *,
    scheduler: str | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Round robin: every pair of ``strategies`` (each against itself too) in
    the dyad of ``scenarios/validation/tournament.yaml``.

    It is ``ddsim tournament`` (:func:`ddsim.experiments.tournament.tournament`)
    on that dyad: every game of every pairing runs in one pool.

    Args:
        parameters: Model parameters over the scenario's (e.g. no perception noise).
        steps: Horizon (default: the scenario's).
        players: Play only the pairings that include one of these (all if None).

    Returns:
        One row per pairing and replication: ``strategy``, ``opponent`` (each
        pairing appears from both sides), ``replication``, ``seed``,
        ``mean_hostility`` (the pair's mean MID level over the run, lower is
        better for both), ``war`` and ``final_trust``.
    """
    base = scenario("tournament")
    data = base.raw | {"parameters": {**base.raw.get("parameters", {}), **(parameters or {})}}
    if steps:
        data["steps"] = steps
    played = play_tournament(
        list(strategies),
        Scenario.from_dict(data, file=base.file),
        replications,
        players=players,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    columns = ["replication", "seed", "mean_hostility", "war", "final_trust"]
    rows = []
    for (a, b), games in played.plays.groupby(["strategy_a", "strategy_b"], sort=False):
        for x, y in dict.fromkeys([(a, b), (b, a)]):
            rows.append(games[columns].assign(strategy=x, opponent=y))
    return pd.concat(rows, ignore_index=True)


def tournament_scores(games: pd.DataFrame) -> pd.DataFrame:
    """Each strategy's score: its mean hostility over all opponents (each
    opponent weighted equally), per replication; then mean and 95% CI."""
    per_rep = games.groupby(["strategy", "replication"])["mean_hostility"].mean()
    rows = {s: mean_ci(v.to_numpy()) for s, v in per_rep.groupby(level=0)}
    out = pd.DataFrame(rows, index=["mean_hostility", "low", "high"]).T
    return out.sort_values("mean_hostility")


# ----------------------------------------------------------------------
# Kydd's reassurance: how soon a benign sender is recognised
# ----------------------------------------------------------------------
#: Trust above which the receiver counts the sender as benign (indifference).
RECOGNISED = 0.5


def reassurance(replications: int = 200, workers: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cheap vs costly signals from a low prior, escalation off.

    Returns:
        Per variant and replication, ``months_to_recognition``: the first month
        at which the receiver's trust in the sender is above :data:`RECOGNISED`
        (NaN if not by the horizon); and the time series of :func:`dyad`.
    """
    ts = track(scenario("reassurance"), dyad, replications=replications, workers=workers)
    above = ts[ts["trust_10"] > RECOGNISED].groupby(["variant", "replication"], sort=False)
    first = above["step"].min()
    keys = ts[["variant", "replication"]].drop_duplicates()
    out = keys.assign(
        months_to_recognition=first.reindex(pd.MultiIndex.from_frame(keys)).to_numpy(dtype=float)
    )
    return out.reset_index(drop=True), ts


def recognition(per_rep: pd.DataFrame, horizon: int, by: Sequence[int] = (12, 24)) -> pd.DataFrame:
    """Per variant of :func:`reassurance`: the Kaplan-Meier median month of
    recognition (runs not recognised by ``horizon`` are censored there) with its
    interval, and the share recognised by each month in ``by`` and by the
    horizon, with Wilson intervals."""
    rows = []
    for variant, runs in per_rep.groupby("variant", sort=False):
        months = runs["months_to_recognition"].to_numpy(dtype=float)
        median = kaplan_meier_median(months, horizon)
        row = {"variant": variant, "n": median.n}
        row |= {"median": median.estimate, "median_low": median.low, "median_high": median.high}
        for h in (*by, horizon):
            share = proportion_interval((months <= h).astype(float))
            row |= {f"by_{h}": share.estimate, f"by_{h}_low": share.low, f"by_{h}_high": share.high}
        rows.append(row)
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------
# misperception in crises: misreadings per act by MID level and ties
# ----------------------------------------------------------------------
#: Months compared: early (no ties yet) and late (ties grown), first and last.
EARLY = (1, 12)
LATE = (49, 60)


def perception(model: Replication) -> dict[str, float]:
    """In a two-state scenario: the friendly acts misread this step, the acts
    carried out, and the MID level, ties and trust after it."""
    return {
        "misread": model.misread,
        "acts": sum(model.step_actions[k] for k in COOPERATIVE_KINDS),
        "hostility": int(model.hostility[0, 1]),
        "ties": float(model.ties[0, 1]),
        "trust_10": float(model.trust[1, 0]),
    }


def misperception(replications: int = 200, workers: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The same friendly act at peace and in a display of force, early and late.

    An act of step t is read at the MID level in force when the step began
    (the level after step t - 1), so each step is counted under that level.
    A display variant counts only the steps it was still at its starting level.

    Returns:
        Per variant and replication: ``early`` and ``late``, the share of acts
        misread in the months :data:`EARLY` and :data:`LATE` (NaN when none was
        read at the starting level then), ``ties_early`` and ``ties_late`` (mean
        ties when the acts were read); and the time series, with ``level`` and
        ``ties_before`` (when the act was read).
    """
    sc = scenario("misperception")
    ts = track(sc, perception, replications=replications, workers=workers)
    runs = ts.groupby(["variant", "replication"], sort=False)
    ts["level"] = runs["hostility"].shift(1)
    ts["ties_before"] = runs["ties"].shift(1)
    start = {name: sc.variant(name).relations.defaults.hostility for name in sc.variant_names}
    read = ts[(ts["step"] >= 1) & (ts["level"] == ts["variant"].map(start)) & (ts["acts"] > 0)]
    out = ts[["variant", "replication"]].drop_duplicates().set_index(["variant", "replication"])
    for label, (first, last) in (("early", EARLY), ("late", LATE)):
        window = read[read["step"].between(first, last)].groupby(["variant", "replication"])
        out[label] = window["misread"].sum() / window["acts"].sum()
        out[f"ties_{label}"] = window["ties_before"].mean()
    return out.reset_index(), ts


# ----------------------------------------------------------------------
# war in the example scenarios
# ----------------------------------------------------------------------
__all__: list[str] = [
    "DECLARED",
    "DETERRENCE_CLAIMS",
    "DETERRENCE_SETTINGS",
    "EARLY",
    "GROUP",
    "INSTRUMENTS",
    "LATE",
    "RECOGNISED",
    "SCENARIOS",
    "SHOW_OF_FORCE",
    "STRATEGIES",
    "TOURNAMENT",
    "RichardsonReactor",
    "TalkOnly",
    "coercion",
    "coercive_acts",
    "column",
    "community_outcomes",
    "costly_signals",
    "deterrence",
    "deterrence_effects",
    "dyad",
    "grit",
    "mean_ci",
    "misperception",
    "outcome_intervals",
    "paired_diff",
    "per_replication",
    "perception",
    "reassurance",
    "recognition",
    "richardson",
    "richardson_theory",
    "scenario",
    "security_community",
    "spiral",
    "tournament",
    "tournament_scores",
    "track",
    "track_all",
    "validation_strategies",
    "war_risk",
    "welch_diff",
]
