"""The debrief: was what happened to the class likely?

The same start is run many times, through the path every ddsim experiment
takes (:func:`ddsim.run`: jobs, executors, store), once for each way the
played states could have been played by the model:

- ``scenario``: each played state under the strategy the scenario gives it;
- one group per built-in strategy: every played state plays that strategy.

The other states keep their scenario strategies. Every group uses the same
replication seeds (common random numbers, as ``ddsim compare`` does), the
same horizon (the turns the class played) and the same incidents, those the
instructor injected included. The class's path is then placed among those
runs: the probability of war in each group (with a Wilson 95% interval,
Wilson 1927), and where the class's mean hostility and final trust fall
among the runs (percentile ranks).
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ddsim.analysis.statistics import percentile_rank, war_probability
from ddsim.play.errors import PlayError
from ddsim.play.game import Game
from ddsim.scenarios import Scenario

if TYPE_CHECKING:
    from ddsim.experiments.jobs import Results

#: The group where the played states keep the scenario's own strategies.
OWN = "scenario"
#: Outcomes on which the class's path is placed among the runs.
PLACED = ("mean_hostility", "final_mean_trust")


def built_in_strategies() -> list[str]:
    """Names of the strategies that ship with ddsim (not those a user registered)."""
    from ddsim.core.strategies import STRATEGIES

    return [n for n, c in STRATEGIES.items() if c.__module__.startswith("ddsim.core.strategies")]


def debrief_scenario(game: Game) -> Scenario:
    """The start the class played, as a scenario whose variants are the
    groups of the debrief (``scenario`` and one per built-in strategy),
    with the class's horizon and the instructor's incidents."""
    if game.played_turns < 1:
        raise PlayError("play at least one turn before the debrief")
    played = game.scenario.variant(game.variant)
    data = copy.deepcopy(played.raw)
    data.pop("variants", None)
    data["steps"] = game.played_turns
    events = [e for e in data.get("events") or [] if e["step"] <= game.played_turns]
    events += [e.model_dump(exclude_unset=True) for e in game.incidents]
    data["events"] = events
    by_team = [e for e in events if not (e["kind"] == "strategy" and e["state"] in game.teams)]
    states = ", ".join(game.teams)
    variants: dict[str, Any] = {OWN: {"description": f"{states} under the scenario's strategies"}}
    for name in built_in_strategies():
        variants[name] = {
            "description": f"{states} all play {name}",
            "states": {sid: {"strategy": name} for sid in game.teams},
            "events": by_team,
        }
    data["variants"] = variants
    return Scenario.from_dict(data, file=played.file)


@dataclass
class Debrief:
    """Where the class's path falls among the model's runs of the same start.

    Attributes:
        results: The runs (``Results``: ``timeseries``, ``summary``), variant =
            group (``scenario`` or a strategy name).
        path: The class's time series (variant ``class``).
        path_summary: The class's path summarised like a run.
        table: One row per group: runs, wars, war probability with its Wilson
            95% interval, mean outcomes, and the class's percentile ranks in it.
        percentiles: The class's percentile rank among all runs, per outcome
            (``mean_hostility``, ``final_mean_trust``).
        teams: Which team played which state.
        turns: Turns played; ``replications``: runs per group.
        seconds: How long the runs took.
        events: How many events the game's log held when the debrief was made.
    """

    results: Results
    path: pd.DataFrame
    path_summary: dict[str, Any]
    table: pd.DataFrame
    percentiles: dict[str, float]
    teams: dict[str, str]
    turns: int
    replications: int
    seconds: float
    title: str = ""
    step_unit: str = "month"
    events: int = 0

    @property
    def groups(self) -> list[str]:
        return list(self.table["group"])

    def headline(self) -> list[str]:
        """The debrief in a few plain sentences."""
        s = self.path_summary
        who = ", ".join(f"{sid} ({team})" for sid, team in self.teams.items()) or "no state"
        war = (
            f"war broke out (first at turn {s['first_war_step']})"
            if s["war_by_horizon"]
            else "no war broke out"
        )
        out = [
            f"You played {self.turns} turn{'s' if self.turns != 1 else ''} of {self.title}, "
            f"as {who}: {war}.",
            f"Mean hostility {s['mean_hostility']:.2f} (MID level), final mean trust "
            f"{s['final_mean_trust']:.2f}.",
            f"The same start, run {self.replications} times with your states played by the model:",
        ]
        for row in self.table.itertuples():
            out.append(
                f"  {row.group:<20} war in {row.war_probability:4.0%} of runs "
                f"(95% CI {row.war_low:.0%}-{row.war_high:.0%}); mean hostility "
                f"{row.mean_hostility:.2f}; final trust {row.final_mean_trust:.2f}"
            )
        p = self.percentiles
        out.append(
            f"Your mean hostility was above {p['mean_hostility']:.0f}% of all "
            f"{len(self.results.summary)} runs; your final trust above "
            f"{p['final_mean_trust']:.0f}% of them."
        )
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-serialisable): the headline numbers and the table."""
        table = self.table.astype(object).where(self.table.notna(), None)
        return {
            "teams": dict(self.teams),
            "turns": self.turns,
            "replications": self.replications,
            "class": {k: _plain(v) for k, v in self.path_summary.items()},
            "percentiles": dict(self.percentiles),
            "groups": [{k: _plain(v) for k, v in r.items()} for r in table.to_dict("records")],
        }


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def make_debrief(
    game: Game, replications: int, workers: int = 1, progress: bool | None = False
) -> Debrief:
    """Run the debrief's groups and place the class's path among them (see
    the module's docstring)."""
    from ddsim.experiments.run import run

    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise PlayError(f"replications must be a whole number of 1 or more, got {replications!r}")
    with game._lock:  # the game as it is now; the runs need no lock
        scenario = debrief_scenario(game)
        path, mine, events = game.timeseries, game.summary, len(game.log)
        teams, turns = dict(game.teams), game.played_turns
    started = time.perf_counter()
    results = run(
        scenario, replications=replications, seed=game.seed, workers=workers, progress=progress
    )
    seconds = time.perf_counter() - started
    summary = results.summary
    wars = war_probability(summary, {v: [turns] for v in results.variants})
    rows = []
    for group, runs in summary.groupby("variant", sort=False):
        w = wars[wars["variant"] == group].iloc[0]
        rows.append(
            {
                "group": group,
                "description": scenario.spec.variants[group].description,
                "runs": len(runs),
                "wars": int(w["wars"]),
                "war_probability": float(w["probability"]),
                "war_low": float(w["low"]),
                "war_high": float(w["high"]),
                "mean_hostility": float(runs["mean_hostility"].mean()),
                "final_mean_trust": float(runs["final_mean_trust"].mean()),
                **{f"class_{o}_percentile": percentile_rank(runs[o], mine[o]) for o in PLACED},
            }
        )
    return Debrief(
        results=results,
        path=path,
        path_summary=mine,
        table=pd.DataFrame(rows),
        percentiles={o: percentile_rank(summary[o], mine[o]) for o in PLACED},
        teams=teams,
        turns=turns,
        replications=replications,
        seconds=seconds,
        title=game.scenario.title or game.scenario.name,
        step_unit=game.scenario.step_unit,
        events=events,
    )


__all__ = ["OWN", "Debrief", "built_in_strategies", "debrief_scenario", "make_debrief"]
