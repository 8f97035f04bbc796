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
Wilson 1927), and where the hostility and trust of the class's own
relations fall among the runs (:mod:`ddsim.play.focus`), then those of all
pairs: the share of runs below, equal to and above the class, so that ties
(many runs at no hostility at all, say) are said as they are.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ddsim.analysis.statistics import war_probability
from ddsim.experiments.jobs import collect, plan_jobs, summarise, tabulate
from ddsim.experiments.store import replicate
from ddsim.play import history
from ddsim.play.errors import PlayError
from ddsim.play.focus import (
    FOCUS,
    class_path,
    focus_label,
    measured,
    placed,
    placement,
    summarise_focus,
)
from ddsim.play.game import CLASS_LABEL, Game
from ddsim.scenarios import Scenario

if TYPE_CHECKING:
    from ddsim.experiments.jobs import Results

#: The group where the played states keep the scenario's own strategies.
OWN = "scenario"
#: Outcomes on which the class's path is placed among the runs: its own
#: relations first (:mod:`ddsim.play.focus`), then every pair of the scenario.
PLACED = (*FOCUS, "mean_hostility", "final_mean_trust")


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
        results: The runs (``Results``: ``timeseries`` with the focus columns,
            ``summary`` with the focus outcomes), variant = group.
        path: The class's time series (variant ``class``), measured like the runs.
        path_summary: The class's path summarised like a run.
        table: One row per group: runs, wars, war probability with its Wilson
            95% interval, mean outcomes, and the class's placement in it
            (``class_<outcome>_below/equal/above``: percent of the group's runs).
        placements: The class's placement among all runs, per outcome of :data:`PLACED`.
        teams: Which team played which state; ``focus``: their relations in words.
        turns: Turns played; ``replications``: runs per group.
        incidents, missed: Per turn, its incidents and the teams whose orders were missing.
        seconds: How long the runs took.
        events: How many events the game's log held when the debrief was made.
    """

    results: Results
    path: pd.DataFrame
    path_summary: dict[str, Any]
    table: pd.DataFrame
    placements: dict[str, dict[str, float]]
    teams: dict[str, str]
    turns: int
    replications: int
    seconds: float
    title: str = ""
    step_unit: str = "month"
    events: int = 0
    focus: str = ""
    incidents: dict[int, list[str]] = field(default_factory=dict)
    missed: dict[int, list[str]] = field(default_factory=dict)

    @property
    def groups(self) -> list[str]:
        return list(self.table["group"])

    @property
    def runs(self) -> int:
        return len(self.results.summary)

    def headline(self) -> list[str]:
        """The debrief in a few plain sentences: the class's own relations
        first, every pair of the scenario last."""
        s, p = self.path_summary, self.placements
        who = ", ".join(f"{sid} ({team})" for sid, team in self.teams.items()) or "no state"
        war = (
            f"war broke out (first at turn {s['first_war_step']})"
            if s["war_by_horizon"]
            else "no war broke out"
        )
        out = [
            f"You played {self.turns} turn{'s' if self.turns != 1 else ''} of {self.title}, "
            f"as {who}: {war}.",
            placed(
                f"Hostility {self.focus} (MID level)",
                s["pair_hostility"],
                p["pair_hostility"],
                self.runs,
            ),
            placed(
                f"Trust {self.focus} at the end",
                s["final_pair_trust"],
                p["final_pair_trust"],
                self.runs,
            ),
        ]
        if len(self.teams) > 2:  # each team's state on its own
            out += [
                placed(
                    f"{sid}'s hostility with the others",
                    s[f"hostility_{sid}"],
                    p[f"hostility_{sid}"],
                    self.runs,
                )
                for sid in self.teams
            ]
        if self.incidents:
            struck = "; ".join(f"turn {t}: {', '.join(i)}" for t, i in self.incidents.items())
            out.append(f"Incidents no one decided (the runs met them too): {struck}.")
        out.append(
            f"The same start, run {self.replications} times with your states played by the model:"
        )
        for row in self.table.itertuples():
            out.append(
                f"  {row.group:<20} war in {row.war_probability:4.0%} of runs "
                f"(95% CI {row.war_low:.0%}-{row.war_high:.0%}); hostility {self.focus} "
                f"{row.pair_hostility:.2f}; trust {row.final_pair_trust:.2f}"
            )
        out.append(
            "All pairs of the scenario (states no one played included): "
            + placed("mean hostility", s["mean_hostility"], p["mean_hostility"], self.runs)
        )
        return out

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-serialisable): the headline numbers and the table."""
        table = self.table.astype(object).where(self.table.notna(), None)
        return {
            "teams": dict(self.teams),
            "focus": self.focus,
            "turns": self.turns,
            "replications": self.replications,
            "class": {k: _plain(v) for k, v in self.path_summary.items()},
            "placements": self.placements,
            "groups": [{k: _plain(v) for k, v in r.items()} for r in table.to_dict("records")],
        }


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value


def make_debrief(
    game: Game, replications: int, workers: int = 1, progress: bool | None = False
) -> Debrief:
    """Run the debrief's groups and place the class's path among them (see
    the module's docstring)."""
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise PlayError(f"replications must be a whole number of 1 or more, got {replications!r}")
    with game._lock:  # the game as it is now; the runs need no lock
        scenario = debrief_scenario(game)
        log = list(game.log)
        mine = summarise(tabulate(game.model, CLASS_LABEL, 0), CLASS_LABEL, 0, game.seed)
        teams, turns = dict(game.teams), game.played_turns
        played_turns = history.turns(game)
    incidents = {t["turn"]: t["incidents"] for t in played_turns if t["incidents"]}
    missed = {t["turn"]: t["missing"] for t in played_turns if t["missing"]}
    played = list(teams)
    path = class_path(log)
    mine |= summarise_focus(path, played)
    started = time.perf_counter()
    results = _run(scenario, game, replications, workers, progress)
    seconds = time.perf_counter() - started
    outcomes = [*PLACED, *(f"hostility_{s}" for s in played)]
    return Debrief(
        results=results,
        path=path,
        path_summary=mine,
        table=_table(results, scenario, mine, outcomes, turns),
        placements={o: placement(results.summary[o], mine[o]) for o in outcomes},
        teams=teams,
        turns=turns,
        replications=replications,
        seconds=seconds,
        title=game.scenario.title or game.scenario.name,
        step_unit=game.scenario.step_unit,
        events=len(log),
        focus=focus_label(played),
        incidents=incidents,
        missed=missed,
    )


def _run(
    scenario: Scenario, game: Game, replications: int, workers: int, progress: bool | None
) -> Results:
    """The groups' runs, as ``ddsim.run`` makes them, each also measuring the focus."""
    names = scenario.variant_names
    jobs = [measured(j, game) for j in plan_jobs(scenario, names, replications, game.seed)]
    results = collect(scenario, replicate(jobs, workers=workers, progress=progress), names)
    focus = [
        summarise_focus(ts, list(game.teams))
        for _, ts in results.timeseries.groupby(["variant", "replication"], sort=False)
    ]
    for column, values in pd.DataFrame(focus).items():
        results.summary[column] = values.to_numpy()
    return results


def _table(
    results: Results, scenario: Scenario, mine: dict[str, Any], outcomes: list[str], turns: int
) -> pd.DataFrame:
    """One row per group (see :attr:`Debrief.table`)."""
    summary = results.summary
    wars = war_probability(summary, {v: [turns] for v in results.variants})
    rows = []
    for group, runs in summary.groupby("variant", sort=False):
        w = wars[wars["variant"] == group].iloc[0]
        row = {
            "group": group,
            "description": scenario.spec.variants[group].description,
            "runs": len(runs),
            "wars": int(w["wars"]),
            "war_probability": float(w["probability"]),
            "war_low": float(w["low"]),
            "war_high": float(w["high"]),
            **{o: float(runs[o].mean()) for o in outcomes},
        }
        for o in outcomes:
            row |= {f"class_{o}_{k}": v for k, v in placement(runs[o], mine[o]).items()}
        rows.append(row)
    return pd.DataFrame(rows)


__all__ = ["OWN", "PLACED", "Debrief", "built_in_strategies", "debrief_scenario", "make_debrief"]
