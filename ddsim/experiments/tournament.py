"""A strategy tournament, after Axelrod's computer tournaments.

Every strategy plays every other (and itself) in a dyad scenario: two states,
one strategy each, over many seeds. A strategy's score is how the dyads it
takes part in fare: mean hostility (MID level, lower is better), the share of
games that reach war, and the trust the two sides end with. Every match is
played with the same seeds (common random numbers), so differences between
strategies are not differences in luck.

A class holds a contest by writing strategies in Python files and entering
them with ``ddsim tournament --strategies alice.py bob.py``; each file is
executed and registers its strategies with :func:`ddsim.register_strategy`.

Source: Axelrod (1984), *The Evolution of Cooperation*, ch. 2 (the round-robin
tournament, every entrant also meeting its own twin); Knight et al. (2016), the
Axelrod library.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import json
import re
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ddsim.analysis.intervals import interval
from ddsim.analysis.outcomes import OUTCOMES, OutcomeSpec
from ddsim.core.strategies import STRATEGIES, Engagement, Strategy, View
from ddsim.defaults import TOURNAMENT_SCENARIO
from ddsim.errors import InputError, did_you_mean
from ddsim.experiments.jobs import Executor, Results, collect, plan_jobs
from ddsim.experiments.store import ReplicationStore, replicate
from ddsim.scenarios import Scenario, load_scenario, shown_name

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: The packaged dyad the strategies meet in (a name for :func:`ddsim.load_scenario`).
DEFAULT_SCENARIO = TOURNAMENT_SCENARIO
#: What a strategy is scored on: the column of ``ranking.csv`` -> the declared
#: outcome (``ddsim list outcomes``), whose ``better`` says which way ranks first
#: and whose ``kind`` which 95% interval it gets.
SCORES: dict[str, OutcomeSpec] = {
    "mean_hostility": OUTCOMES["mean_hostility"],
    "war_rate": OUTCOMES["war_by_horizon"],
    "final_trust": OUTCOMES["final_mean_trust"],
}


class StrategyFileError(InputError):
    """A student's strategy file that cannot be used (one line: file and problem)."""


# --------------------------------------------------------------------------
# loading strategies from a student's file
# --------------------------------------------------------------------------
#: Strategies loaded from files: name -> the file that registered it.
LOADED_FROM: dict[str, str] = {}


def load_strategies(path: str | Path) -> list[str]:
    """Execute a Python file that registers strategies; return their names.

    Args:
        path: The file, e.g. ``alice.py``, using ``@ddsim.register_strategy``.

    Raises:
        StrategyFileError: The file is missing, does not compile, raises while
            loading, or registers no strategy. The message names the file.
    """
    path = Path(path)
    if not path.exists():
        raise StrategyFileError(f"{path}: no such file")
    if not path.is_file():
        raise StrategyFileError(f"{path}: is a folder, not a Python file")
    module_name = "ddsim_entry_" + re.sub(r"\W", "_", path.stem) + f"_{len(LOADED_FROM)}"
    before = dict(STRATEGIES)
    try:
        source = path.read_text(encoding="utf-8")
        code = compile(source, str(path), "exec")
    except UnicodeDecodeError:
        raise StrategyFileError(f"{path}: not UTF-8 text (a Python file was expected)") from None
    except SyntaxError as exc:
        raise StrategyFileError(f"{path}:{exc.lineno}: syntax error: {exc.msg}") from None
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[module_name] = module
    try:
        exec(code, module.__dict__)
    except BaseException as exc:  # the student's code may raise anything, even SystemExit
        sys.modules.pop(module_name, None)
        for name in set(STRATEGIES) - set(before):
            del STRATEGIES[name]
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise StrategyFileError(
            f"{_where(exc, path)}: raised {type(exc).__name__} while loading: {exc}"
        ) from None
    names = [n for n in STRATEGIES if STRATEGIES[n] is not before.get(n)]
    if not names:
        raise StrategyFileError(
            f"{path}: registers no strategy; decorate a subclass of ddsim.Strategy "
            "with @ddsim.register_strategy"
        )
    for name in names:
        LOADED_FROM[name] = str(path)
        guard(STRATEGIES[name], path)
    return names


def _where(exc: BaseException, path: Path) -> str:
    """``path:line`` of the deepest frame of ``exc`` in ``path`` (or just ``path``)."""
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename) == path]
    return f"{path}:{lines[-1]}" if lines else str(path)


def guard(cls: type[Strategy], path: Path) -> None:
    """Wrap ``cls.decide`` so that a failure, or engagements the model cannot
    carry out, become a StrategyFileError naming the file (and the line)."""
    decide = cls.decide

    @functools.wraps(decide)
    def checked(self: Strategy, view: View) -> list[Engagement]:
        try:
            plan = list(decide(self, view))
        except Exception as exc:
            raise StrategyFileError(
                f"{_where(exc, path)}: strategy {cls.name!r} raised {type(exc).__name__} "
                f"during a game: {exc}"
            ) from None
        for item in plan:
            problem = _bad_engagement(item, view)
            if problem:
                raise StrategyFileError(
                    f"{path}: strategy {cls.name!r} returned a bad engagement {item!r}: {problem}"
                )
        return plan

    cls.decide = checked  # type: ignore[method-assign]


def _bad_engagement(item: object, view: View) -> str | None:
    """What is wrong with one engagement a strategy returned, or None."""
    if not (isinstance(item, tuple) and len(item) == 2):
        return "an engagement is Engagement(kind, target)"
    kind, target = item
    bilateral = [k for k, a in view.catalogue.items() if a.mode == "bilateral"]
    if kind not in bilateral:
        return f"unknown or forum-only action {kind!r}; allowed: {', '.join(bilateral)}"
    if isinstance(target, bool) or not isinstance(target, int | np.integer):
        return f"target must be a state's index (an int), got {type(target).__name__}"
    if not 0 <= target < len(view.ids) or target == view.me:
        others = f"0-{len(view.ids) - 1}, not its own, {view.me}"
        return f"target {target} is not another state's index ({others})"
    return None


# --------------------------------------------------------------------------
# the tournament
# --------------------------------------------------------------------------
@dataclass
class TournamentResults:
    """What a tournament produced.

    Attributes:
        ranking: One row per strategy, best first: mean hostility, war rate and
            final trust with 95% confidence intervals.
        matches: One row per match (strategy_a vs strategy_b), averaged over replications.
        plays: One row per match and replication (the raw outcomes).
        scenario: The dyad scenario the games were played in.
    """

    ranking: pd.DataFrame
    matches: pd.DataFrame
    plays: pd.DataFrame
    scenario: Scenario

    def __repr__(self) -> str:  # a line, not the 60 rows of the tables
        games = len(self.plays) // max(len(self.matches), 1)
        return (
            f"<TournamentResults in {self.scenario.name!r}: {len(self.ranking)} strategies, "
            f"{len(self.matches)} matches x {games} games; first: "
            f"{self.ranking['strategy'].iloc[0]} (see .ranking)>"
        )


def check_dyad(scenario: Scenario) -> None:
    """Refuse a scenario that is not a dyad (exactly two states)."""
    if len(scenario.states) != 2:
        raise StrategyFileError(
            f"{shown_name(scenario.file or scenario.name)}: a tournament needs a dyad scenario "
            f"(exactly 2 states); this one has {len(scenario.states)}"
        )


def pairings(strategies: Sequence[str], both_seats: bool) -> list[tuple[str, str]]:
    """The matches: every pair of strategies once, each also meeting itself
    (Axelrod's round robin). If the two seats differ (``both_seats``), every
    pair plays twice, once from each seat."""
    if both_seats:
        return list(itertools.product(strategies, repeat=2))
    return list(itertools.combinations_with_replacement(strategies, 2))


def seats_differ(scenario: Scenario) -> bool:
    """True if the two states differ in more than id, name and strategy, or
    their relation is set one way only: then the seat a strategy sits in matters."""
    same = {"id", "name", "strategy"}
    a, b = (s.model_dump(exclude=same) for s in scenario.states)
    return a != b or any(not p.symmetric for p in scenario.relations.pairs)


def match_scenario(scenario: Scenario, pairs: Sequence[tuple[str, str]]) -> Scenario:
    """The dyad scenario with one variant per match, the two states' strategies
    overridden (the scenario's own variants are dropped)."""
    first, second = scenario.state_ids
    data = {k: v for k, v in scenario.raw.items() if k != "variants"}
    data["variants"] = {
        f"match-{k:04d}": {"states": {first: {"strategy": a}, second: {"strategy": b}}}
        for k, (a, b) in enumerate(pairs)
    }
    return Scenario.from_dict(data, file=scenario.file)


def tournament(
    strategies: Sequence[str] | None = None,
    scenario: Scenario | str | Path = DEFAULT_SCENARIO,
    replications: int | None = None,
    seed: int | None = None,
    steps: int | None = None,
    *,
    players: Sequence[str] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    executor: Executor | None = None,
    store: str | Path | ReplicationStore | None = None,
    resume: bool = False,
    progress: bool | None = None,
    batch: int | None = None,
) -> TournamentResults:
    """Play every strategy against every other (and itself) in a dyad scenario.

    Every game of every match is one job, and all of them run in one go (one
    pool of processes, or one Dask cluster, for the whole tournament).

    Args:
        strategies: Names of registered strategies (default: all registered).
        scenario: A dyad scenario, its file or a packaged scenario's name (default ``dyad``).
        replications: Games per match (default: the scenario's).
        seed: Root seed (default: the scenario's); every match uses the same seeds.
        steps: Horizon (default: the scenario's).
        players: Play only the matches that include one of these (default: all).
        workers: Local processes (or local Dask workers with ``scheduler="local"``).
        scheduler: Run on Dask: a scheduler address, or ``"local"``.
        executor: Runs the jobs (overrides ``workers`` and ``scheduler``).
        store: Keep each finished game in this folder, so an interrupted
            tournament can resume (see :mod:`ddsim.experiments.store`); it is
            left in place (delete it once the results are written).
        resume: Continue from what ``store`` holds.
        progress: False for silence; default a progress bar on a terminal,
            a line about every tenth of the work elsewhere.
        batch: Replications per batch of the engine (default: as many as memory
            and the workers' shares allow); the results do not depend on it.

    Returns:
        TournamentResults with the ranking, the matches and the raw plays.

    Raises:
        StrategyFileError: Not a dyad, an unknown strategy name, or a strategy
            loaded from a file that fails or returns bad engagements during a game.

    Example:
        >>> res = ddsim.tournament(["noncoercive", "coercive"], replications=5)  # doctest: +SKIP
        >>> res.ranking  # doctest: +SKIP
    """
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    check_dyad(scenario)
    names = list(dict.fromkeys(strategies or sorted(STRATEGIES)))
    unknown = [n for n in names if n not in STRATEGIES]
    if unknown:
        raise StrategyFileError(
            f"unknown strategy {unknown[0]!r}; {did_you_mean(unknown[0], STRATEGIES)}"
            f"known: {', '.join(sorted(STRATEGIES))}"
        )
    strangers = [p for p in players or () if p not in names]
    if strangers:
        raise StrategyFileError(
            f"player {strangers[0]!r} is not in the tournament; it has: {', '.join(names)}"
        )
    pairs = pairings(names, seats_differ(scenario))
    if players is not None:
        pairs = [(a, b) for a, b in pairs if a in players or b in players]
    games = match_scenario(scenario, pairs)
    played = games
    if steps is not None:
        played = played.replace(steps=steps)
    if seed is not None:
        played = played.replace(seed=seed)
    matches = played.variant_names
    jobs = [  # a game's summary is all a tournament keeps
        replace(job, keep_graph=False, timeseries=False)
        for job in plan_jobs(played, matches, replications or played.replications, played.seed)
    ]
    outcomes = replicate(
        jobs,
        workers=workers,
        scheduler=scheduler,
        executor=executor,
        store=store,
        resume=resume,
        batch=batch,
        progress=progress,
    )
    plays = tabulate_plays(collect(played, outcomes, matches), pairs)
    return TournamentResults(rank(plays, names), summarise_matches(plays), plays, games)


def tabulate_plays(results: Results, pairs: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """One row per match and replication, with the two strategies named."""
    s = results.summary
    index = s["variant"].str.removeprefix("match-").astype(int)
    return pd.DataFrame(
        {
            "strategy_a": [pairs[k][0] for k in index],
            "strategy_b": [pairs[k][1] for k in index],
            "replication": s["replication"],
            "seed": s["seed"],
            "mean_hostility": s["mean_hostility"],
            "peak_hostility": s["peak_hostility"],
            "force_steps": s["force_steps"],
            "war": s["war_by_horizon"].astype(bool),
            "first_war_step": s["first_war_step"],
            "final_trust": s["final_mean_trust"],
        }
    )


def summarise_matches(plays: pd.DataFrame) -> pd.DataFrame:
    """Each match's :data:`SCORES` over its replications, with 95% intervals
    (``_low``, ``_high``; Wilson for the war rate, Student t for the means)."""
    rows = []
    for (a, b), games in plays.groupby(["strategy_a", "strategy_b"], sort=False):
        scores = games.assign(war_rate=games["war"].astype(float))
        rows.append(
            {"strategy_a": a, "strategy_b": b, "replications": len(games)}
            | _with_intervals(scores, games=1)
        )
    return pd.DataFrame(rows)


def rank(plays: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """Score each strategy over every game it took part in, and rank them.

    A strategy's score in replication k is the mean over the games it played
    in replication k (a game against itself counts once); the score and its
    95% interval are those of the declared outcome's kind over these
    per-replication scores, which are independent across replications
    (:func:`ddsim.analysis.intervals.interval`): Student t for mean hostility
    and final trust; for the war rate Wilson if the strategy played one game
    per replication, else (a share of its games in each replication) the
    Student t interval of the mean share, cut to [0, 1].
    Ranked by mean hostility, then war rate, then final trust (higher first).
    """
    rows = []
    for name in names:
        mine = plays[(plays["strategy_a"] == name) | (plays["strategy_b"] == name)]
        by_replication = mine.assign(war_rate=mine["war"].astype(float)).groupby("replication")
        per_rep = by_replication[list(SCORES)].mean()
        row: dict[str, object] = {"strategy": name, "replications": len(per_rep)}
        row |= _with_intervals(per_rep, games=int(by_replication.size().max()))
        row["from_file"] = LOADED_FROM.get(name, "")
        rows.append(row)
    table = pd.DataFrame(rows).sort_values(
        list(SCORES),
        ascending=[o.better == "lower" for o in SCORES.values()],
        kind="stable",
    )
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return table.reset_index(drop=True)


def _with_intervals(scores: pd.DataFrame, games: int) -> dict[str, float]:
    """Every score's estimate, ``_low`` and ``_high`` over the rows of ``scores``
    (one per replication, each the mean over ``games`` games)."""
    out: dict[str, float] = {}
    for score, outcome in SCORES.items():
        ci = interval(outcome, scores[score].to_numpy(dtype=float), trials=games)
        out |= {score: ci.estimate, f"{score}_low": ci.low, f"{score}_high": ci.high}
    return out


# --------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------
def ranking_figure(res: TournamentResults) -> Figure:
    """Three panels, strategies best first: mean hostility, war rate, final trust (95% CIs)."""
    import matplotlib.pyplot as plt

    from ddsim.outputs.figures import add_caption

    table = res.ranking.iloc[::-1]
    fig, axes = plt.subplots(1, 3, figsize=(11, 0.45 * len(table) + 2.6), sharey=True)
    titles = {
        "mean_hostility": "mean hostility (MID 0-5)\nlower is better",
        "war_rate": "share of games ending in war\nlower is better",
        "final_trust": "trust at the end (0-1)\nhigher is better",
    }
    labels = [f"{r}. {s}" for r, s in zip(table["rank"], table["strategy"], strict=True)]
    for ax, (score, title) in zip(axes, titles.items(), strict=True):
        err = np.vstack(
            [table[score] - table[f"{score}_low"], table[f"{score}_high"] - table[score]]
        )
        colour = ["#d62728" if f else "#1f77b4" for f in table["from_file"]]
        ax.barh(labels, table[score], xerr=err, color=colour, alpha=0.85, capsize=3)
        ax.set_title(title, fontsize=10)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_xlim(0, 5)
    axes[1].set_xlim(0, 1)
    axes[2].set_xlim(0, 1)
    sc = res.scenario
    n = int(res.ranking["replications"].max())
    fig.suptitle(f"Strategy tournament in '{sc.title or sc.name}' ({n} seeds per match)")
    entries = " Red bars are entries from a file." if table["from_file"].any() else ""
    fig = add_caption(
        fig,
        "Each strategy played every strategy, itself included, on the same seeds. Bars: its "
        f"mean over all its games; whiskers: 95% confidence interval over seeds.{entries} "
        "Look for the strategy that keeps hostility and war low while building trust, and "
        "whether the whiskers of the leaders overlap (then the ranking between them is luck).",
    )
    longest = max(len(label) for label in labels)
    fig.subplots_adjust(left=min(0.35, 0.02 + 0.0085 * longest), top=0.82, wspace=0.12)
    return fig


def write_tournament(res: TournamentResults, out: str | Path, command: Sequence[str]) -> Path:
    """Write ``ranking.csv``, ``matches.csv``, ``plays.csv``, ``ranking.png`` and
    ``manifest.json`` into ``out``, atomically."""

    from ddsim.outputs.figures import save_figures
    from ddsim.outputs.folders import atomic_folder, provenance

    out = Path(out)
    with atomic_folder(out) as tmp:
        res.ranking.to_csv(tmp / "ranking.csv", index=False)
        res.matches.to_csv(tmp / "matches.csv", index=False)
        res.plays.to_csv(tmp / "plays.csv", index=False)
        fig = ranking_figure(res)
        save_figures({"ranking.png": fig}, tmp)
        info = provenance(
            res.scenario,
            None,
            command,
            strategies=list(res.ranking["strategy"]),
            entries_from_files={
                n: LOADED_FROM[n] for n in res.ranking["strategy"] if n in LOADED_FROM
            },
            replications=int(res.ranking["replications"].max()),
            seeds=sorted({int(s) for s in res.plays["seed"]}),
            caption=fig.caption,  # type: ignore[attr-defined]
        )
        (tmp / "manifest.json").write_text(json.dumps(info, indent=2) + "\n")
    return out
