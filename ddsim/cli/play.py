"""``ddsim play``: play a scenario as one of its states.

- In the terminal, for one student alone: ``ddsim play SCENARIO --as ALD``
  prints the state's view each turn, lists the actions with numbers, reads
  the choices and a memo line from the keyboard, plays the turn, and at the
  end prints the debrief and writes the instructor's folder (log, memos,
  ``debrief.html``, figures).
- In the browser, for a class: ``ddsim play SCENARIO --teams ALD,BOR``
  (options added by :func:`add_browser_options`, run by :func:`cmd_browser`).
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ddsim.cli.common import (
    EXIT_OK,
    add_output_options,
    check_output_folder,
    positive_int,
    progress_flag,
    say,
    seed_number,
)
from ddsim.errors import InputError

if TYPE_CHECKING:
    from ddsim.play.folder import GameFolder
    from ddsim.play.game import Game
    from ddsim.play.views import Options, TeamView

#: The terminal player's team name.
PLAYER = "you"
#: Turns of a terminal game unless --turns says otherwise (a lesson plays 8-12).
DEFAULT_TURNS = 12
#: Runs per group in the debrief unless --replications says otherwise.
DEFAULT_REPLICATIONS = 50
#: What the player types to end the game early.
QUIT = {"q", "quit", "exit", "end"}


# --------------------------------------------------------------------------
# the terminal game
# --------------------------------------------------------------------------
def cmd_play(args: argparse.Namespace) -> int:
    """``ddsim play``: in the terminal with ``--as``, in the browser with ``--teams``."""
    if getattr(args, "as_state", None):
        return cmd_terminal(args)
    if getattr(args, "teams", None):
        return cmd_browser(args)
    raise InputError("say which state you play: --as STATE (e.g. --as ALD)")


def cmd_terminal(args: argparse.Namespace) -> int:
    """Play one state in the terminal, then debrief. The game's folder,
    ``--out/<date-time>``, is written after every turn, so a game stopped
    at any point keeps every turn played; ``--resume`` goes on with the
    latest unfinished game in ``--out``."""
    from ddsim.play.debrief import make_debrief
    from ddsim.play.report import write_game_folder

    game, home = _terminal_game(args)
    play_in_terminal(game, PLAYER, save=lambda: home.save(game))
    if game.played_turns == 0 and len(game.log) <= 2:  # start and end: nothing to keep
        shutil.rmtree(home.path, ignore_errors=True)
        print("No turn was played: nothing to debrief.")
        return EXIT_OK
    reps = args.replications or DEFAULT_REPLICATIONS
    say(args, f"debrief: {reps} runs for each way the model could have played {args.as_state} ...")
    debrief = make_debrief(game, reps, workers=args.workers, progress=progress_flag(args))
    print()
    print("\n".join(debrief.headline()))
    write_game_folder(game, debrief, home.path, command=["ddsim", *args.argv])
    print(f"\nWrote {home.path}/: debrief.html, the figures, log.jsonl and your memos.")
    return EXIT_OK


def _terminal_game(args: argparse.Namespace) -> tuple[Game, GameFolder]:
    """A new game in a new folder of ``--out``, or with ``--resume`` the
    latest unfinished one there, replayed from its log.

    Raises:
        InputError: An unknown state, turns out of the scenario's range, or
            nothing to resume.
    """
    from ddsim.play.folder import GameFolder, new_game_folder, unfinished_games
    from ddsim.play.game import Game
    from ddsim.play.log import replay
    from ddsim.scenarios import load_scenario

    sc = load_scenario(args.scenario)
    if args.as_state not in sc.state_ids:
        raise InputError(
            f"--as {args.as_state}: no such state in {sc.name}; states: {', '.join(sc.state_ids)}"
        )
    played = sc.variant(args.variant)
    if args.turns is not None and args.turns > played.steps:
        raise InputError(f"--turns {args.turns}: {sc.name} has turns 1 to {played.steps}")
    out = check_output_folder(Path(args.out or Path("results") / f"play-{sc.name}"))
    mine = [
        f
        for f in unfinished_games(out)
        if (about := f.describe())
        and about["teams"] == {args.as_state: PLAYER}
        and about["scenario_sha256"] == sc.digest
    ]
    if args.resume:
        if not mine:
            raise InputError(f"--resume: no unfinished game of {args.as_state} in {out}/")
        home = mine[-1]
        game = replay(home.path / "log.jsonl")
        print(f"Resuming {home.path}/ at turn {game.turn} of {game.turns}.")
        return game, home
    if mine:
        print(f"(An unfinished game is in {mine[-1].path}/; --resume goes on with it.)")
    turns = args.turns or min(DEFAULT_TURNS, played.steps)
    game = Game(sc, {args.as_state: PLAYER}, rng=args.seed, variant=args.variant, turns=turns)
    home = GameFolder(new_game_folder(out, datetime.now().strftime("%Y-%m-%d-%H%M%S")))
    home.save(game)
    return game, home


def play_in_terminal(
    game: Game,
    team: str,
    read: Callable[[str], str] | None = None,
    write: Callable[[str], None] = print,
    save: Callable[[], None] = lambda: None,
) -> None:
    """Play ``team``'s state turn by turn: view, options, choices, memo, advance.

    The game ends after its last turn, when the player types ``q``, or at the
    end of the input (Ctrl-D). A choice the rules refuse is explained and
    asked again. ``save`` is called after every submission and turn.
    """
    read = read or input  # looked up now, so that a test can replace input
    view = game.view(team)
    title = game.scenario.title or game.scenario.name
    write(
        f"You play {_label(view.state, view.name)} in '{title}' "
        f"for {_count(game.turns, 'turn')} ({game.scenario.step_unit}s). Each turn: choose "
        "engagements within your budget, write a one-line memo, and the turn is played."
    )
    first = True
    while not game.over:
        view, options = game.view(team), game.options(team)
        write(format_view(view))
        write(format_options(options) if first else format_options(options, short=True))
        first = False
        try:
            while True:
                line = read("Your engagements > ").strip()
                if line.lower() in QUIT:
                    game.end("the player ended the game")
                    return
                if line == "?":
                    write(format_options(options))
                    continue
                try:
                    choices = parse_choices(line, options)
                    game.check(team, choices)  # refused now, before the memo is asked
                except InputError as exc:  # the game names the team: here, the player
                    write(f"  refused: {str(exc).removeprefix(f'{team}: ')}")
                    continue
                break
            memo = read("Memo for this turn (one line, Enter for none) > ").strip()
        except EOFError:
            write("")
            game.end("the input ended")
            return
        game.submit(team, choices, memo=memo, turn=view.turn)
        save()
        result = game.advance()
        save()
        o = result["outcome"]
        write(
            f"Turn {result['turn']} played: mean hostility {o['mean_hostility']:.2f}, "
            f"mean trust {o['mean_trust']:.2f}, pairs at war {o['wars']}."
        )


def parse_choices(line: str, options: Options) -> list[tuple[str, str]]:
    """``"2 BOR, csbm BOR"`` -> ``[("staff_talks", "BOR"), ("csbm", "BOR")]``:
    an action by its number in the list or by its name, then a partner id.

    Raises:
        InputError: A part that is not ``ACTION PARTNER``, or an action number
            out of the list (the game checks the rest).
    """
    from ddsim.play.errors import PlayError

    out = []
    for part in (p.strip() for p in line.replace(";", ",").split(",")):
        if not part:
            continue
        words = part.split()
        if len(words) != 2:
            raise PlayError(f"{part!r}: write an action (number or name) and a partner, e.g. 1 BOR")
        action, partner = words
        if action.isdigit():
            k = int(action)
            if not 1 <= k <= len(options.actions):
                raise PlayError(f"{part!r}: action numbers go from 1 to {len(options.actions)}")
            action = options.actions[k - 1].kind
        ids = {r.id.lower(): r.id for r in options.partners}
        out.append((action, ids.get(partner.lower(), partner)))
    return out


def format_view(view: TeamView) -> str:
    """The state's view as a few lines of text."""
    lines = [
        "",
        f"=== Turn {view.turn} of {view.turns}: {_label(view.state, view.name)} ===",
        f"Budget {view.budget:g}"
        + (f" (after {view.dues:g} of forum dues)" if view.dues else "")
        + f", at most {view.capacity} engagements.",
    ]
    lines += [f"News: {n}" for n in view.news]
    if view.last_turn:
        did = ", ".join(f"{e['kind']} with {e['partner']}" for e in view.last_turn)
        lines.append(f"Last turn you did: {did}.")
    lines.append(
        f"  {'state':<22}{'your trust':>10}  {'hostility':<22}{'ties':>5}  "
        f"{'ally':<5}what they did to you last turn"
    )
    shown = [r for r in view.relations if r.relevant or r.received != "nothing"]
    for r in shown:
        did = r.received + (" (force)" if r.coerced else "")
        lines.append(
            f"  {_label(r.id, r.name)[:21]:<22}{r.trust:>10.2f}  "
            f"{(str(r.hostility) + ' ' + r.hostility_label)[:21]:<22}{r.ties:>5.2f}  "
            f"{'yes' if r.ally else '':<5}{did}"
        )
    if len(shown) < len(view.relations):
        lines.append(f"  ({len(view.relations) - len(shown)} more states, not relevant to you)")
    return "\n".join(lines)


def _count(n: int, word: str) -> str:
    """``1 turn``, ``2 turns``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def _label(sid: str, name: str) -> str:
    """``ALD Aldoria``, or just the id when the state has no other name."""
    return sid if name == sid else f"{sid} {name}"


def format_options(options: Options, short: bool = False) -> str:
    """The numbered list of actions and how to choose (``short``: one line)."""
    if short:
        listed = ", ".join(f"{k} {a.kind} ({a.cost:g})" for k, a in enumerate(options.actions, 1))
        return f"Actions (cost): {listed}. Type ? for the full list."
    lines = ["Actions (number, cost, what it is):"]
    for k, a in enumerate(options.actions, start=1):
        kind = "" if a.cooperative else " [coercive]"
        lines.append(f"  {k:>2} {a.kind:<24} cost {f'{a.cost:g}':<4} {a.meaning}{kind}")
    relevant = [r.id for r in options.partners if r.relevant]
    lines.append(
        f"Partners: {', '.join(relevant) or 'none relevant'}"
        + (" (others also possible)" if len(relevant) < len(options.partners) else "")
    )
    example = ", ".join(f"{k} {r.id}" for k, r in zip((1, 3), options.partners, strict=False))
    lines.append(
        f'Type engagements as ACTION PARTNER, several separated by commas (e.g. "{example}"); '
        'an empty line to do nothing; "?" for this list; "q" to end the game.'
    )
    return "\n".join(lines)


# --------------------------------------------------------------------------
# browser mode: ``ddsim play SCENARIO --teams ALD,BOR`` (the web pages' helper
# fills these two functions in; ddsim/play/web.py serves the pages)
# --------------------------------------------------------------------------
def add_browser_options(p: argparse.ArgumentParser) -> None:
    """Add the options of browser mode (``--teams``, ``--host``, ``--port`` ...)."""
    from ddsim.cli.serve import add_classroom_options

    add_classroom_options(p)


def cmd_browser(args: argparse.Namespace) -> int:
    """Serve the game in the browser (:func:`ddsim.cli.serve.cmd_classroom`)."""
    from ddsim.cli.serve import cmd_classroom

    defaults = {
        "turns": DEFAULT_TURNS,
        "replications": DEFAULT_REPLICATIONS,
        "out": str(Path("results") / "play-{name}"),
    }
    return cmd_classroom(args, defaults)


# --------------------------------------------------------------------------
# the parser
# --------------------------------------------------------------------------
def add_subcommands(sub: argparse._SubParsersAction) -> None:
    """Add ``ddsim play``."""
    p = sub.add_parser(
        "play",
        help="play a scenario as one of its states, then see how likely your path was",
        description="Play a scenario turn by turn: you decide a state's engagements, the "
        "model's strategies play the other states. At the end, the debrief runs the same "
        "start many times with your state played by each of the model's strategies and "
        "shows where your path falls; the folder --out gets debrief.html, its figures, the "
        "game's log (it replays to the byte) and your memos.",
    )
    p.add_argument("scenario", help="scenario file (e.g. scenarios/rivals.yaml)")
    p.add_argument(
        "--as",
        dest="as_state",
        metavar="STATE",
        help="play this state in the terminal (its id, e.g. ALD)",
    )
    p.add_argument(
        "--turns",
        type=positive_int,
        help=f"turns to play (default {DEFAULT_TURNS}, at most the scenario's steps)",
    )
    p.add_argument("--seed", type=seed_number, help="seed of the game (default: the scenario's)")
    p.add_argument("--variant", help="play one of the scenario's variants (default: the base)")
    p.add_argument(
        "--replications",
        "-n",
        type=positive_int,
        help=f"debrief runs per strategy (default {DEFAULT_REPLICATIONS})",
    )
    p.add_argument(
        "--workers", "-j", type=positive_int, default=1, help="local processes (default 1)"
    )
    p.add_argument(
        "--out",
        "-o",
        help="folder of the games: each gets its own folder inside, written after every turn "
        "(default: results/play-<scenario>)",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="in the terminal: go on with the latest unfinished game of --as in --out",
    )
    add_output_options(p)
    add_browser_options(p)
    p.set_defaults(func=cmd_play)
