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

Rules of a submission (a :class:`PlayError` otherwise, and nothing changes):
known team; the game neither over nor paused; when ``turn=`` is given, it is
the open turn; known actions that a state can choose (not forum meetings);
partners that are other states of the scenario; at most one of each action
per partner; no peacetime cooperation (visits, exchanges, exercises,
announcements) with a state it is fighting (use of force or war, counting
this turn's incidents), as the model drops it; no more engagements than the
state's capacity; a total cost within this turn's budget (after forum dues).
**A second submission in the same turn replaces the first** (the log keeps
both, the second marked ``"replaces": true``): teams may change their minds
until the turn closes.

Everything that happens is an event in :attr:`Game.log` (plain dicts, written
as JSON lines); :meth:`Game.replay` rebuilds the game from it and checks that
every turn ends in the same state, to the byte.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ddsim._version import __version__
from ddsim.core.escalation import FORCE, MID_LABELS, WAR
from ddsim.core.model import DiplomacyModel
from ddsim.core.strategies import Engagement, Strategy, View
from ddsim.play.errors import PlayError
from ddsim.scenarios import EventSpec, Scenario, ScenarioError, load_scenario

if TYPE_CHECKING:
    import pandas as pd

    from ddsim.play.debrief import Debrief

#: Version of the log's layout (the ``start`` event records it).
LOG_FORMAT = 1
#: Longest memo a team may send with a turn (characters).
MEMO_LIMIT = 4000
#: What the class's own path is called in tables and figures.
CLASS_LABEL = "class"
#: The arrays of a :class:`View` (copied into a team's view, which must not change later).
VIEW_ARRAYS = (
    "capability",
    "trust",
    "hostility",
    "ties",
    "allies",
    "partners",
    "received",
    "coerced",
    "announced",
)
#: What the model's time series reports each turn, in the log (never NaN).
TURN_OUTCOMES = ("mean_trust", "mean_hostility", "max_hostility", "wars", "new_disputes")


class TeamStrategy(Strategy):
    """The engagements a team of people chose for its state this turn, in the
    order they gave them; nothing for a turn they did not submit. Not in the
    registry: a scenario cannot name it, and tournaments never meet it."""

    name = "team"
    classifier = {"coercive": True, "reciprocal": True, "stochastic": False, "memory": -1}

    def __init__(self, team: str) -> None:
        super().__init__()
        self.team = team
        self.orders: list[Engagement] = []

    def decide(self, view: View) -> list[Engagement]:
        plan, self.orders = self.orders, []
        return plan

    def spec(self) -> dict[str, Any]:
        return {"name": self.name, "team": self.team}

    def clone(self) -> TeamStrategy:
        return TeamStrategy(self.team)

    def __repr__(self) -> str:
        return f"TeamStrategy({self.team!r})"


# --------------------------------------------------------------------------
# what a team sees
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class Relation:
    """How a played state sees one other state at the start of a turn.

    Attributes:
        id, name: The other state.
        trust: How far the played state trusts it (its own belief, 0-1).
        hostility: MID level between the two (0 no dispute ... 5 war).
        hostility_label: That level in words.
        ties: Mil-to-mil ties between their defence establishments (0-1).
        ally: True if they are allies.
        relevant: True if it is relevant to the played state (same region,
            ally, forum member, or in a dispute with it).
        received: What it did to the played state last turn, as the played
            state perceived it: ``cooperative``, ``hostile`` (possibly a friendly
            act misread) or ``nothing``.
        coerced: True if it really made a show of force or a deployment
            against the played state last turn (force is never misread).
        capability: Its current military capability.
        announced: Turns still to go of the conciliatory initiative the played
            state announced to it (0: none); each turn without a conciliatory
            act towards it, or with force against it, breaks the announcement.
    """

    id: str
    name: str
    trust: float
    hostility: int
    hostility_label: str
    ties: float
    ally: bool
    relevant: bool
    received: str
    coerced: bool
    capability: float
    announced: int


@dataclass(frozen=True)
class TeamView:
    """A played state's view of the world at the start of a turn: what its
    perception holds, not the truth (others' trust in it, their budgets and
    strategies are hidden).

    Attributes:
        team, state, name: Who is playing which state.
        turn: The turn being decided (1 for the first); ``turns``: how many the game has.
        budget: Budget units it may spend this turn (forum dues already paid).
        dues: Forum dues paid this turn out of its budget.
        capacity: Most engagements its defence establishment can carry out a turn.
        disposition, capability: Its own.
        relations: One :class:`Relation` per other state, in scenario order.
        news: What happens this turn whatever anyone decides (forum meetings,
            incidents) and the announced initiatives it has to keep, in plain words.
        submitted: What it has submitted for this turn (None if nothing yet).
        memo: The memo sent with it.
        last_turn: What it carried out last turn.
        over, paused: The game's state.
        view: The model's own :class:`~ddsim.core.strategies.View`, as a
            strategy deciding for this state would get it (read only).
    """

    team: str
    state: str
    name: str
    turn: int
    turns: int
    budget: float
    dues: float
    capacity: int
    disposition: str
    capability: float
    relations: list[Relation]
    news: list[str]
    submitted: list[dict[str, str]] | None
    memo: str
    last_turn: list[dict[str, str]]
    over: bool
    paused: bool
    view: View = field(repr=False, compare=False)

    def relation(self, state_id: str) -> Relation:
        """The relation with the state ``state_id``."""
        for r in self.relations:
            if r.id == state_id:
                return r
        raise KeyError(state_id)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-serialisable), without the model's ``view``."""
        out = {k: v for k, v in asdict(self).items() if k != "view"}
        out["relations"] = [asdict(r) for r in self.relations]
        return out


@dataclass(frozen=True)
class ActionOption:
    """An action a team may choose: its cost and what it signals."""

    kind: str
    cost: float
    cooperative: bool
    credibility: float
    meaning: str


@dataclass(frozen=True)
class Options:
    """What a team may choose this turn.

    Attributes:
        actions: Every action it may take towards a partner, cheapest first.
        partners: Every other state, the relevant ones first.
        budget, capacity: This turn's limits (total cost, number of engagements).
    """

    team: str
    state: str
    turn: int
    budget: float
    capacity: int
    actions: list[ActionOption]
    partners: list[Relation]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------
# the game
# --------------------------------------------------------------------------
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
        self.teams: dict[str, str] = _check_teams(teams, played.state_ids)
        turns = played.steps if turns is None else turns
        if isinstance(turns, bool) or not isinstance(turns, int) or not 1 <= turns <= played.steps:
            raise PlayError(
                f"turns must be a whole number from 1 to {played.steps} "
                f"(the scenario's steps), got {turns!r}"
            )
        self.scenario, self.variant, self.seed, self.turns = scenario, variant, seed, turns
        #: The scenario the model runs: the variant applied, without strategy
        #: switches for the played states (their teams decide for them).
        self.played_scenario = _without_strategy_events(played, set(self.teams))
        self.model = DiplomacyModel(self.played_scenario, rng=seed)
        self._index = {sid: k for k, sid in enumerate(self.model.ids)}
        self._state_of = {team: sid for sid, team in self.teams.items()}
        for sid, team in self.teams.items():
            self.model.states_by_index[self._index[sid]].strategy = TeamStrategy(team)
        self._orders: dict[str, tuple[list[Engagement], str]] = {}
        self._last: dict[str, list[dict[str, str]]] = {}
        self._dropped: dict[str, list[dict[str, str]]] = {}
        self.incidents: list[EventSpec] = []
        self.log: list[dict[str, Any]] = []
        self._over = self._paused = False
        self._lock = threading.RLock()
        self._debriefs: dict[tuple[int, int], Debrief] = {}
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
            received = {1: "cooperative", -1: "hostile", 0: "nothing"}
            relations = [
                Relation(
                    id=other.sid,
                    name=other.name,
                    trust=float(v.trust[j]),
                    hostility=int(v.hostility[j]),
                    hostility_label=MID_LABELS[int(v.hostility[j])],
                    ties=float(v.ties[j]),
                    ally=bool(v.allies[j]),
                    relevant=bool(v.partners[j]),
                    received=received[int(v.received[j])],
                    coerced=bool(v.coerced[j]),
                    capability=float(v.capability[j]),
                    announced=int(v.announced[j]),
                )
                for j, other in enumerate(m.states_by_index)
                if j != i
            ]
            news = [
                f"{forum.name} meets this turn: "
                + (f"you attend (dues {dues[i]:g})" if i in present else "you are not there")
                for forum, present in attending
                if i in set(self._index[s] for s in forum.members)
            ]
            news += [
                f"incident between {a} and {b} this turn (hostility +{e.severity})"
                for e in self._incidents_at(self.turn)
                for a, b in [e.between]
            ]
            news += [
                f"last turn's incident brought fighting with {e['partner']}: "
                f"your {e['kind']} with it was not carried out"
                for e in self._dropped.get(sid, [])
            ]
            news += [
                f"you announced conciliatory steps to {r.id}: {r.announced} to go; a turn "
                f"without a conciliatory act towards {r.id}, or with force against it, breaks "
                "your word"
                for r in relations
                if r.announced
            ]
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
            actions = sorted(
                (
                    ActionOption(
                        a.kind, float(a.cost), a.cooperative, float(a.credibility), a.meaning
                    )
                    for a in self.model.catalogue.values()
                    if a.mode == "bilateral"
                ),
                key=lambda a: (a.cost, not a.cooperative, a.kind),
            )
            partners = sorted(v.relations, key=lambda r: not r.relevant)
            return Options(team, v.state, v.turn, v.budget, v.capacity, actions, partners)

    def submit(
        self,
        team: str,
        engagements: Iterable[Any],
        memo: str = "",
        turn: int | None = None,
        state: str | None = None,
    ) -> list[dict[str, str]]:
        """Submit ``team``'s engagements for this turn, most wanted first.

        A second submission in the same turn replaces the first (the log keeps
        both; the later one says ``"replaces": true``).

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
            if not isinstance(memo, str):
                raise PlayError(f"{team}: the memo must be text, not {type(memo).__name__}")
            if len(memo) > MEMO_LIMIT:
                raise PlayError(
                    f"{team}: the memo has {len(memo)} characters; at most {MEMO_LIMIT}"
                )
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
            for sid, team in self.teams.items():
                i = self._index[sid]
                orders = list(self._orders.get(team, ([], ""))[0])
                self.model.states_by_index[i].strategy.orders = orders
                # an incident added after the submission may start the fighting
                stopped = [e for e in orders if self._stopped_by_fighting(i, *e)]
                expected[sid] = [(k, int(j)) for k, j in orders if (k, j) not in stopped]
                dropped[sid] = self._plain(stopped)
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
            for s in (a, b):
                if s not in self._index:
                    raise PlayError(f"unknown state {s!r}; states: {', '.join(self.model.ids)}")
            if a == b:
                raise PlayError(f"an incident needs two different states, got {a} twice")
            if (
                isinstance(severity, bool)
                or not isinstance(severity, int)
                or not 1 <= severity <= 5
            ):
                raise PlayError(f"severity must be a whole number from 1 to 5, got {severity!r}")
            event = EventSpec(step=self.turn, kind="incident", between=[a, b], severity=severity)
            self.model.add_event(event)
            self.incidents.append(event)
            self._record("incident", turn=self.turn, between=[a, b], severity=severity)

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
        m = self.model
        h = hashlib.sha256()
        for a in (
            m.trust,
            m.hostility,
            m.ties,
            m.channels,
            m.capability,
            m.evidence_pos,
            m.evidence_neg,
            m.force,
            m.received,
            m.coerced,
            m.announced,
            m.dispute_memory,
            m.months_at_war,
        ):
            h.update(a.tobytes())
        return h.hexdigest()

    def memos(self) -> dict[str, list[dict[str, Any]]]:
        """Each team's memos, one per played turn (the last submission of the
        turn counts), with the engagements it carried out."""
        out: dict[str, list[dict[str, Any]]] = {t: [] for t in self.teams.values()}
        pending: dict[str, dict[str, Any]] = {}
        for event in self.log:
            if event["event"] == "submit":
                pending[event["team"]] = event
            elif event["event"] == "advance":
                for sid, team in self.teams.items():
                    sub = pending.pop(team, None)
                    out[team].append(
                        {
                            "turn": event["turn"],
                            "memo": sub["memo"] if sub else "",
                            "submitted": sub is not None,
                            "engagements": event["applied"][sid],
                        }
                    )
        return out

    def debrief(
        self, replications: int = 50, *, workers: int = 1, progress: bool | None = False
    ) -> Debrief:
        """Run the same start ``replications`` times with the played states
        under each built-in strategy (and under the scenario's own) and place
        the class's path among those runs. See :mod:`ddsim.play.debrief`.

        The result is kept: asking again before anything else happens in the
        game returns it at once. The runs are made without holding the game's
        lock, so teams can go on reading their views meanwhile.

        Raises:
            PlayError: No turn has been played yet.
        """
        from ddsim.play.debrief import make_debrief

        with self._lock:
            kept = self._debriefs.get((len(self.log), replications))
        if kept is not None:
            return kept
        debrief = make_debrief(self, replications, workers, progress)
        with self._lock:
            self._debriefs = {(debrief.events, replications): debrief}
        return debrief

    def write_log(self, path: str | Path) -> Path:
        """Write the log as JSON lines (one event a line)."""
        path = Path(path)
        with self._lock:
            text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in self.log)
        path.write_text(text, encoding="utf-8")
        return path

    def write(
        self,
        folder: str | Path,
        debrief: Debrief | None = None,
        replications: int = 50,
        command: Sequence[str] | None = None,
    ) -> Path:
        """Write the instructor's folder: ``log.jsonl``, ``memos/<team>.md``,
        ``debrief.html`` (self-contained), the debrief's figures,
        ``timeseries.csv`` (the class's path), ``debrief.csv`` and
        ``manifest.json``. Written whole or not at all.

        Args:
            folder: Where (replaced if it exists).
            debrief: A debrief already made; default one of ``replications``.
            command: The command line, for the manifest.
        """
        from ddsim.play.report import write_game_folder

        if debrief is None:
            debrief = self.debrief(replications)
        with self._lock:
            return write_game_folder(self, debrief, Path(folder), command)

    # --- replay -----------------------------------------------------------------
    @classmethod
    def replay(cls, log: Iterable[Mapping[str, Any]] | str | Path) -> Game:
        """Rebuild a game from its log (the events, or a ``log.jsonl`` file),
        checking after every turn that the world is the same to the byte.

        Raises:
            PlayError: The log is not a game log, or does not replay (it was
                edited, or made by a ddsim whose model differs).
        """
        where = "the log"
        if isinstance(log, str | Path):
            where = str(log)
            events = _read_log(Path(log))
        else:
            events = [dict(e) for e in log]
        if not events or events[0].get("event") != "start":
            raise PlayError(f"{where}: not a game log (it must begin with a 'start' event)")
        start = events[0]
        if start.get("format") != LOG_FORMAT:
            raise PlayError(
                f"{where}: log format {start.get('format')!r}; this ddsim reads format {LOG_FORMAT}"
            )
        try:
            scenario = Scenario.from_dict(start["scenario"], file=start.get("file"))
            game = cls(
                scenario,
                start["teams"],
                rng=start["seed"],
                variant=start.get("variant"),
                turns=start["turns"],
            )
        except (KeyError, TypeError, ScenarioError) as exc:
            raise PlayError(f"{where}: the start event is broken ({exc})") from None
        if scenario.digest != start.get("scenario_sha256"):
            raise PlayError(f"{where}: the scenario does not match its recorded sha256")
        for n, event in enumerate(events[1:], start=2):
            kind = event.get("event")
            try:
                if kind == "submit":
                    pairs = [(e["kind"], e["partner"]) for e in event["engagements"]]
                    game.submit(event["team"], pairs, event.get("memo", ""), turn=event["turn"])
                elif kind == "incident":
                    game.inject_incident(*event["between"], severity=event["severity"])
                elif kind == "pause":
                    game.pause()
                elif kind == "resume":
                    game.resume()
                elif kind == "advance":
                    result = game.advance()
                    if result["state_sha256"] != event.get("state_sha256"):
                        raise PlayError(
                            f"turn {event.get('turn')} ends in another state than "
                            "the log recorded (was the log edited, or is this "
                            "another version of ddsim?)"
                        )
                elif kind == "end":
                    if not game.over:
                        game.end(event.get("reason", ""))
                else:
                    raise PlayError(f"unknown event {kind!r}")
            except PlayError as exc:
                raise PlayError(f"{where}, event {n}: {exc}") from None
            except (KeyError, TypeError, ValueError) as exc:
                raise PlayError(f"{where}, event {n}: broken {kind!r} event ({exc})") from None
        return game

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
        """The submission as engagements, or a PlayError naming the first rule it breaks."""
        i = self._index[sid]
        m, state = self.model, self.model.states_by_index[i]
        catalogue = m.catalogue
        if isinstance(engagements, str | bytes | Mapping) or not isinstance(engagements, Iterable):
            raise PlayError(f"{team}: engagements must be a list of (action, partner) pairs")
        plan: list[Engagement] = []
        for n, item in enumerate(engagements, start=1):
            kind, partner = _pair(item, team, n)
            if kind not in catalogue:
                choosable = [k for k, a in catalogue.items() if a.mode == "bilateral"]
                raise PlayError(f"{team}: unknown action {kind!r}; actions: {', '.join(choosable)}")
            if catalogue[kind].mode != "bilateral":
                raise PlayError(
                    f"{team}: {kind} happens only when a forum meets; it cannot be chosen"
                )
            if partner not in self._index:
                others = [s for s in m.ids if s != sid]
                raise PlayError(
                    f"{team}: unknown partner {partner!r}; partners: {', '.join(others)}"
                )
            if partner == sid:
                raise PlayError(f"{team}: {sid} cannot engage itself")
            if self._stopped_by_fighting(i, kind, self._index[partner]):
                crisis = [k for k, a in catalogue.items() if a.crisis_channel]
                level = self._hostility_this_turn(i, self._index[partner])
                raise PlayError(
                    f"{team}: {kind} with {partner}: {sid} and {partner} are at "
                    f"{MID_LABELS[level]} this turn; while they fight, only crisis channels "
                    f"({', '.join(crisis)}) and coercion go on"
                )
            engagement = Engagement(kind, self._index[partner])
            if engagement in plan:
                raise PlayError(
                    f"{team}: {kind} with {partner} is listed twice; "
                    "one of each action per partner and turn"
                )
            plan.append(engagement)
        if len(plan) > state.capacity:
            raise PlayError(
                f"{team}: {len(plan)} engagements, but the defence establishment "
                f"of {sid} can carry out at most {state.capacity} a turn"
            )
        dues = m.forum_attendance(self.turn)[0][i]
        budget = left = float(m.budget_left(self.turn)[i])
        for kind, _ in plan:  # as the defence establishment spends it (DiplomacyModel.carry_out)
            if catalogue[kind].cost > left:
                total = sum(catalogue[k].cost for k, _ in plan)
                after = f" after {dues:g} of forum dues" if dues else ""
                raise PlayError(
                    f"{team}: over budget: these engagements cost {total:g}, "
                    f"{sid} has {budget:g} this turn{after}"
                )
            left -= catalogue[kind].cost
        return plan

    def _hostility_this_turn(self, i: int, j: int) -> int:
        """The MID level of states i and j when this turn's engagements are
        carried out: the level now, raised by this turn's incidents (which
        fire before the engagements)."""
        level = int(self.model.hostility[i, j])
        pair = {self.model.ids[i], self.model.ids[j]}
        for e in self._incidents_at(self.turn):
            if set(e.between) == pair:
                level = min(WAR, level + e.severity)
        return level

    def _stopped_by_fighting(self, i: int, kind: str, j: int) -> bool:
        """True for peacetime cooperation (every cooperative act but the
        crisis channels) of state i with a state j it is fighting this turn,
        which the model's allocator does not carry out."""
        action = self.model.catalogue[kind]
        return (
            action.cooperative
            and not action.crisis_channel
            and self._hostility_this_turn(i, j) >= FORCE
        )

    def _plain(self, plan: Iterable[tuple[str, int]]) -> list[dict[str, str]]:
        return [{"kind": k, "partner": self.model.ids[int(j)]} for k, j in plan]

    def _incidents_at(self, step: int) -> list[EventSpec]:
        scheduled = [e for e in self.played_scenario.events if e.kind == "incident"]
        return [e for e in [*scheduled, *self.incidents] if e.step == step]

    def __repr__(self) -> str:
        teams = ", ".join(f"{s}={t}" for s, t in self.teams.items()) or "no teams"
        return (
            f"<Game {self.scenario.name!r}: turn {self.turn} of {self.turns}, {teams}"
            f"{', over' if self._over else ''}>"
        )


def _pair(item: Any, team: str, n: int) -> tuple[str, str]:
    """``(kind, partner)`` from a pair or a dict; a PlayError otherwise."""
    if isinstance(item, Mapping):
        unknown = set(item) - {"kind", "partner"}
        if unknown or not {"kind", "partner"} <= set(item):
            raise PlayError(
                f"{team}: engagement {n} must have the keys kind and partner, got {sorted(item)}"
            )
        kind, partner = item["kind"], item["partner"]
    elif isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 2:
        kind, partner = item
    else:
        raise PlayError(f"{team}: engagement {n} must be an (action, partner) pair, got {item!r}")
    if not isinstance(kind, str) or not isinstance(partner, str):
        raise PlayError(
            f"{team}: engagement {n}: the action and the partner are named by "
            f"text (e.g. ('staff_talks', 'BOR')), got {item!r}"
        )
    return kind, partner


def _check_teams(teams: Mapping[str, str], ids: list[str]) -> dict[str, str]:
    if not isinstance(teams, Mapping):
        raise PlayError("teams must map state ids to team names: {'ALD': 'team-a'}")
    seen: dict[str, str] = {}
    for sid, team in teams.items():
        if sid not in ids:
            raise PlayError(f"teams: unknown state {sid!r}; states: {', '.join(ids)}")
        if not isinstance(team, str) or not team.strip() or not team.isprintable():
            raise PlayError(f"teams: the team of {sid} needs a printable name, got {team!r}")
        if len(team) > 40 or any(c in team for c in "/\\"):
            raise PlayError(f"teams: team name {team!r}: at most 40 characters, no / or \\")
        if team in seen:
            raise PlayError(f"teams: {team!r} plays both {seen[team]} and {sid}; one state a team")
        seen[team] = sid
    return dict(teams)


def _without_strategy_events(scenario: Scenario, played: set[str]) -> Scenario:
    """The scenario without strategy switches for the played states."""
    events = scenario.raw.get("events") or []
    kept = [e for e in events if not (e.get("kind") == "strategy" and e.get("state") in played)]
    if len(kept) == len(events):
        return scenario
    data = {**copy.deepcopy(scenario.raw), "events": kept}
    out = Scenario.from_dict(data, file=scenario.file)
    out.variant_name = scenario.variant_name
    return out


def _read_log(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise PlayError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlayError(f"{path}: cannot read it ({exc})") from None
    events = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PlayError(f"{path}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(event, dict):
            raise PlayError(f"{path}:{n}: an event must be a JSON object")
        events.append(event)
    return events


__all__ = [
    "CLASS_LABEL",
    "ActionOption",
    "Game",
    "Options",
    "PlayError",
    "Relation",
    "TeamStrategy",
    "TeamView",
]
