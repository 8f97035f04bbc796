"""A game: one run of a scenario in which some states are played by people.

Each state played by a team gets a :class:`TeamStrategy`, a strategy whose
``decide`` returns what the team submitted for this turn (nothing if it
submitted nothing). Every other state keeps its scenario strategy. So the
model is the one ``ddsim run`` uses, step for step: a turn is one model step,
decisions stay simultaneous, and a team that submits exactly what a strategy
would have done gives the same trajectory as that strategy.

A turn goes like this::

    game = Game(sc, teams={"ALD": "team-a"}, rng=7, turns=12)
    game.view("team-a")        # the state's view of the world, fog included
    game.options("team-a")     # actions with costs, partners, budget, capacity
    game.submit("team-a", [("staff_talks", "BOR")], memo="We talk first.")
    game.advance()             # one step: teams' choices, strategies for the rest

The rules of a submission are in :mod:`ddsim.play.rules`: a refused
submission raises a :class:`PlayError` and changes nothing. **A second
submission in the same turn replaces the first** (the log keeps both, the
second marked ``"replaces": true``): teams may change their minds until the
turn closes.

Everything that happens is an event in :attr:`Game.log` (plain dicts, written
as JSON lines); :func:`ddsim.play.log.replay` rebuilds the game from it and
checks that every turn ends in the same state, to the byte.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ddsim._version import __version__
from ddsim.core.model import DiplomacyModel
from ddsim.core.strategies import Engagement
from ddsim.play.errors import PlayError
from ddsim.play.rules import (
    check_incident,
    check_memo,
    check_plan,
    check_teams,
    stopped_by_fighting,
    without_strategy_events,
)
from ddsim.play.views import (
    VIEW_ARRAYS,
    Options,
    TeamStrategy,
    TeamView,
    news_of,
    options_of,
    relations_of,
)
from ddsim.scenarios import EventSpec, Scenario, load_scenario

if TYPE_CHECKING:
    import pandas as pd

#: Version of the log's layout (the ``start`` event records it).
LOG_FORMAT = 1
#: What the class's own path is called in tables and figures.
CLASS_LABEL = "class"
#: The model's arrays that make up the state of the world (:meth:`Game.state_digest`).
DIGESTED = (
    *("trust", "hostility", "ties", "channels", "capability", "evidence_pos", "evidence_neg"),
    *("force", "received", "coerced", "announced", "dispute_memory", "months_at_war"),
    *("courted", "contention"),
)
#: What the model's time series reports each turn, in the log (never NaN).
TURN_OUTCOMES = ("mean_trust", "mean_hostility", "max_hostility", "wars", "new_disputes")


class Game:
    """One run of a scenario with some states played by teams of people.

    Args:
        scenario: A loaded scenario, or the path of a scenario file.
        teams: Which team plays which state: ``{"ALD": "team-a", "BOR": "team-b"}``
            (one state per team; an empty mapping plays every state by strategy).
        rng: The seed (a whole number), so that the game can be replayed;
            default the scenario's seed (then every class meets the same luck,
            and two classes differ only by their decisions).
        variant: Which of the scenario's variants to play (None: the base).
        turns: How many turns (model steps) to play; default the scenario's steps.

    Raises:
        PlayError: Unknown state, a team playing two states, a bad team name,
            a seed that is not a whole number, or turns beyond the scenario.

    All methods are safe to call from several threads (a web server's
    sessions): each takes the game's lock.
    """

    def __init__(
        self,
        scenario: Scenario | str | Path,
        teams: Mapping[str, str],
        rng: int | None = None,
        variant: str | None = None,
        turns: int | None = None,
    ) -> None:
        if isinstance(scenario, str | Path):
            scenario = load_scenario(scenario)
        if not isinstance(scenario, Scenario):
            raise PlayError(f"a game needs a scenario, not {type(scenario).__name__}")
        seed = scenario.seed if rng is None else rng
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise PlayError(
                f"the seed must be a whole number 0 or more (got {seed!r}): "
                "the game is replayed from it"
            )
        played = scenario.variant(variant)
        self.teams: dict[str, str] = check_teams(teams, played.state_ids)
        turns = played.steps if turns is None else turns
        if isinstance(turns, bool) or not isinstance(turns, int) or not 1 <= turns <= played.steps:
            raise PlayError(
                f"turns must be a whole number from 1 to {played.steps} "
                f"(the scenario's steps), got {turns!r}"
            )
        self.scenario, self.variant, self.seed, self.turns = scenario, variant, seed, turns
        #: The scenario the model runs: the variant applied, without strategy
        #: switches for the played states (their teams decide for them).
        self.played_scenario = without_strategy_events(played, set(self.teams))
        self.model = DiplomacyModel(self.played_scenario, rng=seed)
        self._index = {sid: k for k, sid in enumerate(self.model.ids)}
        self._state_of = {team: sid for sid, team in self.teams.items()}
        for sid, team in self.teams.items():
            self.model.states_by_index[self._index[sid]].strategy = TeamStrategy(team)
        self._orders: dict[str, tuple[list[Engagement], str]] = {}
        self._last: dict[str, list[dict[str, str]]] = {}
        self._dropped: dict[str, list[dict[str, str]]] = {}
        self._missing: set[str] = set()  # teams whose orders did not come last turn
        self.incidents: list[EventSpec] = []
        self.log: list[dict[str, Any]] = []
        self._over = self._paused = False
        self._lock = threading.RLock()
        self._record(
            "start",
            format=LOG_FORMAT,
            ddsim=__version__,
            scenario=copy.deepcopy(scenario.raw),
            file=scenario.file,
            scenario_sha256=scenario.digest,
            variant=variant,
            seed=seed,
            teams=dict(self.teams),
            turns=turns,
        )

    # --- the state of the game ---------------------------------------------
    @property
    def turn(self) -> int:
        """The turn open for submissions (1 for the first); ``turns + 1`` once all are played."""
        return self.model.steps + 1

    @property
    def played_turns(self) -> int:
        """How many turns have been played."""
        return self.model.steps

    @property
    def over(self) -> bool:
        """True once the last turn is played or the game was ended."""
        return self._over

    @property
    def paused(self) -> bool:
        return self._paused

    def status(self) -> dict[str, Any]:
        """Turn, turns, whether over or paused, which teams have submitted and
        which are still awaited this turn."""
        with self._lock:
            return {
                "turn": self.turn,
                "turns": self.turns,
                "over": self._over,
                "paused": self._paused,
                "submitted": [t for t in self.teams.values() if t in self._orders],
                "waiting": [
                    t for t in self.teams.values() if t not in self._orders and not self._over
                ],
            }

    # --- what a team sees and may do ----------------------------------------
    def view(self, team: str) -> TeamView:
        """The view of the world that ``team``'s state has at the start of the turn.

        Raises:
            PlayError: Unknown team.
        """
        with self._lock:
            sid = self._state(team)
            i = self._index[sid]
            m, state = self.model, self.model.states_by_index[i]
            dues, attending = m.forum_attendance(self.turn)
            v = state.view()
            v = replace(  # copies: the model's arrays change in place as turns are played
                v,
                step=self.turn,
                budget=float(m.budget_left(self.turn)[i]),
                **{a: getattr(v, a).copy() for a in VIEW_ARRAYS},
            )
            relations = relations_of(v, m.states_by_index, i)
            news = [
                f"{forum.name} meets this turn: "
                + (f"you attend (dues {dues[i]:g})" if i in present else "you are not there")
                for forum, present in attending
                if i in set(self._index[s] for s in forum.members)
            ]
            missed = self.turn - 1 if team in self._missing else None
            incidents, dropped = self.incidents_at(self.turn), self._dropped.get(sid, [])
            news += news_of(state.name, relations, incidents, missed, dropped)
            plan, memo = self._orders.get(team, (None, ""))
            return TeamView(
                team=team,
                state=sid,
                name=state.name,
                turn=self.turn,
                turns=self.turns,
                budget=float(v.budget),
                dues=float(dues[i]),
                capacity=int(v.capacity),
                disposition=v.disposition,
                capability=float(v.capability[i]),
                relations=relations,
                news=news,
                submitted=None if plan is None else self._plain(plan),
                memo=memo,
                last_turn=list(self._last.get(sid, [])),
                over=self._over,
                paused=self._paused,
                view=v,
            )

    def options(self, team: str) -> Options:
        """The actions and partners ``team`` may choose this turn, with costs,
        budget and capacity.

        Raises:
            PlayError: Unknown team.
        """
        with self._lock:
            v = self.view(team)
            return options_of(v, self.model.catalogue)

    def submit(
        self,
        team: str,
        engagements: Iterable[Any],
        memo: str = "",
        turn: int | None = None,
        state: str | None = None,
    ) -> list[dict[str, str]]:
        """Submit ``team``'s engagements for this turn, most wanted first (a
        second submission in the same turn replaces the first).

        Args:
            team: The team.
            engagements: ``(action, partner)`` pairs (a partner by state id),
                or dicts ``{"kind": ..., "partner": ...}``; empty: do nothing.
            memo: The team's memo for this turn (kept in the log).
            turn: The turn the team means (as its page showed it); a
                submission for a turn that has closed is refused.
            state: The state the team means (as its page showed it); a
                submission for a state the team does not play is refused.

        Returns:
            The engagements as accepted, ``[{"kind": ..., "partner": ...}]``.

        Raises:
            PlayError: The submission breaks a rule (see the module's
                docstring); the game is left as it was.
        """
        with self._lock:
            sid = self._state(team)
            if state is not None and state != sid:
                raise PlayError(f"{team} plays {sid}, not {state!r}: it cannot decide for {state}")
            self._check_open(turn, f"{team} cannot submit")
            check_memo(team, memo)
            plan = self._check_plan(team, sid, engagements)
            replaces = team in self._orders
            self._orders[team] = (plan, memo)
            accepted = self._plain(plan)
            self._record(
                "submit",
                turn=self.turn,
                team=team,
                state=sid,
                engagements=accepted,
                memo=memo,
                replaces=replaces,
            )
            return accepted

    def check(self, team: str, engagements: Iterable[Any]) -> list[dict[str, str]]:
        """Check a submission against the rules without submitting it (a form
        can say at once what is wrong); returns it as :meth:`submit` would.

        Raises:
            PlayError: What :meth:`submit` would refuse.
        """
        with self._lock:
            sid = self._state(team)
            self._check_open(None, f"{team} cannot submit")
            return self._plain(self._check_plan(team, sid, engagements))

    # --- the instructor's moves ---------------------------------------------
    def advance(self) -> dict[str, Any]:
        """Play the open turn: one model step with the teams' submissions for
        their states (nothing for a team that did not submit) and the
        strategies for the rest.

        Returns:
            ``{"turn", "applied": {state: engagements}, "dropped": {state:
            engagements}, "missing": [teams], "outcome": {...},
            "state_sha256"}`` (also logged as ``advance``). ``dropped`` holds
            the peacetime cooperation that an incident added after the
            submission made impossible (the pair came to use of force or war).

        Raises:
            PlayError: The game is over or paused.
        """
        with self._lock:
            self._check_open(None, "cannot advance")
            turn = self.turn
            expected, dropped = {}, {}
            incidents = self.incidents_at(turn)
            for sid, team in self.teams.items():
                i = self._index[sid]
                orders = list(self._orders.get(team, ([], ""))[0])
                self.model.states_by_index[i].strategy.orders = orders
                # an incident added after the submission may start the fighting
                stopped = [e for e in orders if stopped_by_fighting(self.model, i, *e, incidents)]
                expected[sid] = [(k, int(j)) for k, j in orders if (k, j) not in stopped]
                dropped[sid] = self._plain(stopped)
            for event in self.incidents:
                if event.step == turn:
                    self.model.add_event(event)
            self.model.step()
            applied = {}
            for sid in self.teams:
                done = self.model.establishments_by_index[self._index[sid]].done
                if done != expected[sid]:  # a failure of ours, never a team's mistake
                    raise RuntimeError(
                        f"turn {turn}: {sid} carried out {done}, not {expected[sid]}"
                    )
                applied[sid] = self._plain(done)
            self._last, self._dropped = applied, dropped
            missing = [t for t in self.teams.values() if t not in self._orders]
            self._missing = set(missing)
            self._orders = {}
            reported = self.model.datacollector.model_vars
            result = {
                "turn": turn,
                "applied": applied,
                "dropped": dropped,
                "missing": missing,
                "outcome": {k: reported[k][-1] for k in TURN_OUTCOMES},
                "state_sha256": self.state_digest(),
            }
            self._record("advance", **result)
            if self.model.steps >= self.turns:
                self._end("the last turn was played")
            return result

    def inject_incident(self, a: str, b: str, severity: int = 1) -> None:
        """An incident between states ``a`` and ``b`` this turn: their MID
        level goes up ``severity`` rungs when the turn is played, before the
        states' decisions take effect (as a scenario's incidents do). The
        teams see it in their news; the debrief's runs meet it too.

        Raises:
            PlayError: Unknown or equal states, severity not 1-5, game over.
        """
        with self._lock:
            self._check_open(None, "cannot add an incident", paused_ok=True)
            check_incident(self.model.ids, a, b, severity)
            # handed to the model when the turn is played, so it can be undone until then
            event = EventSpec(step=self.turn, kind="incident", between=[a, b], severity=severity)
            self.incidents.append(event)
            self._record("incident", turn=self.turn, between=[a, b], severity=severity)

    def undo_incident(self) -> list[str]:
        """Take back the last incident injected in the open turn (a wrong
        click); returns its states.

        Raises:
            PlayError: No incident was injected in the open turn, or the game is over.
        """
        with self._lock:
            self._check_open(None, "cannot undo an incident", paused_ok=True)
            if not self.incidents or self.incidents[-1].step != self.turn:
                raise PlayError(f"no incident was added in turn {self.turn}: nothing to undo")
            event = self.incidents.pop()
            self._record("undo_incident", turn=self.turn, between=list(event.between))
            return list(event.between)

    def pause(self) -> None:
        """Stop the game: no submission or advance until :meth:`resume`."""
        with self._lock:
            self._check_open(None, "cannot pause")
            self._paused = True
            self._record("pause", turn=self.turn)

    def resume(self) -> None:
        """Let the game go on after :meth:`pause`."""
        with self._lock:
            if not self._paused:
                raise PlayError("the game is not paused")
            self._paused = False
            self._record("resume", turn=self.turn)

    def end(self, reason: str = "the instructor ended the game") -> None:
        """End the game now (the turns played so far are the class's path)."""
        with self._lock:
            if self._over:
                raise PlayError("the game is already over")
            self._end(reason)

    # --- results --------------------------------------------------------------
    @property
    def timeseries(self) -> pd.DataFrame:
        """The class's path: one row per turn played (row 0 = the start), the
        columns of ``ddsim run``'s timeseries, variant ``class``."""
        from ddsim.experiments.jobs import tabulate

        with self._lock:
            return tabulate(self.model, CLASS_LABEL, 0)

    @property
    def summary(self) -> dict[str, Any]:
        """The class's path summarised as ``ddsim run`` summarises a replication."""
        from ddsim.experiments.jobs import summarise

        return summarise(self.timeseries, CLASS_LABEL, 0, self.seed)

    def state_digest(self) -> str:
        """SHA-256 of the world's state (trust, hostility, ties, capability,
        evidence, memories of force and disputes, announced initiatives):
        equal digests mean equal worlds, to the byte."""
        h = hashlib.sha256()
        for name in DIGESTED:
            h.update(getattr(self.model, name).tobytes())
        return h.hexdigest()

    # --- inside ------------------------------------------------------------------
    def _record(self, event: str, **data: Any) -> None:
        self.log.append(
            {"event": event, **data, "at": datetime.now(UTC).isoformat(timespec="seconds")}
        )

    def _end(self, reason: str) -> None:
        self._over, self._paused = True, False
        self._orders = {}
        self._record("end", turn=self.played_turns, reason=reason)

    def _state(self, team: str) -> str:
        if team not in self._state_of:
            known = ", ".join(self._state_of) or "none (no state is played)"
            raise PlayError(f"unknown team {team!r}; teams: {known}")
        return self._state_of[team]

    def _check_open(self, turn: int | None, what: str, paused_ok: bool = False) -> None:
        if self._over:
            raise PlayError(f"{what}: the game is over")
        if self._paused and not paused_ok:
            raise PlayError(f"{what}: the game is paused")
        if turn is not None and turn != self.turn:
            if isinstance(turn, int) and not isinstance(turn, bool) and turn < self.turn:
                raise PlayError(f"{what}: turn {turn} has closed; turn {self.turn} is open")
            raise PlayError(f"{what} for turn {turn!r}: turn {self.turn} is open")

    def _check_plan(self, team: str, sid: str, engagements: Iterable[Any]) -> list[Engagement]:
        return check_plan(self.model, team, sid, engagements, self.incidents_at(self.turn))

    def _plain(self, plan: Iterable[tuple[str, int]]) -> list[dict[str, str]]:
        return [{"kind": k, "partner": self.model.ids[int(j)]} for k, j in plan]

    def incidents_at(self, step: int) -> list[EventSpec]:
        """The incidents of turn ``step``: the scenario's, then the instructor's."""
        scheduled = [e for e in self.played_scenario.events if e.kind == "incident"]
        return [e for e in [*scheduled, *self.incidents] if e.step == step]

    def __repr__(self) -> str:
        teams = ", ".join(f"{s}={t}" for s, t in self.teams.items()) or "no teams"
        over = ", over" if self._over else ""
        return f"<Game {self.scenario.name!r}: turn {self.turn} of {self.turns}, {teams}{over}>"


__all__ = ["CLASS_LABEL", "LOG_FORMAT", "TURN_OUTCOMES", "Game", "PlayError"]
