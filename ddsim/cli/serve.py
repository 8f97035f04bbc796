"""Serving a Solara app from the command line: ``ddsim dashboard`` and
``ddsim play --teams`` share this (the port check and the server's start);
the classroom server's options and start are here too, called by
:mod:`ddsim.cli.play`.

Solara is imported inside the functions, so ``ddsim --help`` stays light.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import sys
import warnings
from pathlib import Path
from typing import Any

from ddsim.errors import InputError


def need_solara(what: str) -> None:
    """Refuse (exit 2) when Solara, from the viz extra, is not installed."""
    if importlib.util.find_spec("solara") is None:
        raise InputError(f"{what} needs Mesa's visualisation extra: pip install 'ddsim[viz]'")


def check_port(host: str, port: int) -> None:
    """Refuse (exit 2) a port that cannot be listened on, before the server starts."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            s.bind((host, port))
        except OSError as exc:
            raise InputError(
                f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port"
            ) from None


def local_address() -> str:
    """This machine's address on the local network (what students' laptops
    reach it by); ``127.0.0.1`` if it has none. Nothing is sent: connecting a
    UDP socket only picks the outgoing interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1 (RFC 5737): never routed for real
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def run_solara(app: str, host: str, port: int, *, open_browser: bool, prog: str) -> None:
    """Serve the Solara app module ``app`` until Ctrl-C (production mode,
    no telemetry, no version check). ``open_browser`` on a machine without a
    browser says so, and serves all the same."""
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    # Solara warns, in 12 lines on the first page load, that its session cookie
    # falls back to samesite=lax when served over http at an address other than
    # "localhost". That only matters for a page embedded in another site's
    # iframe, which ours never is: the warning would only alarm a teacher.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
    if open_browser and not has_browser():
        print(
            f"ddsim: --open: no web browser found on this machine; "
            f"open http://{host}:{port}/ in one yourself",
            file=sys.stderr,
        )
        open_browser = False
    from solara.__main__ import cli as solara_cli

    solara_cli.main(
        [
            "run",
            app,
            "--host",
            host,
            "--port",
            str(port),
            "--open" if open_browser else "--no-open",
            "--no-check-version",
            "--production",
            "--log-level",
            "warning",
        ],
        prog_name=prog,
        standalone_mode=False,
    )


def has_browser() -> bool:
    """Whether Python's webbrowser module finds a browser to open a page with."""
    import webbrowser

    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


# --------------------------------------------------------------------------
# ``ddsim play SCENARIO --teams ALD,BOR``: the classroom server
# --------------------------------------------------------------------------
def add_classroom_options(p: argparse.ArgumentParser) -> None:
    """The options of ``ddsim play`` in the browser (``--teams`` selects it)."""
    from ddsim.cli.common import positive_int

    g = p.add_argument_group(
        "in the browser, for a class",
        "With --teams, serve the game on the local network: students open the address "
        "printed at start and join with their team's code; the instructor page is opened "
        "with the instructor code printed at start.",
    )
    g.add_argument(
        "--teams",
        metavar="STATES",
        help="states played by teams, comma-separated (e.g. ALD,BOR; ALD=Blue team names "
        "a team); the instructor page can change them per game",
    )
    g.add_argument(
        "--host",
        default="0.0.0.0",
        help="address to listen on (default 0.0.0.0: every network of this machine, so "
        "students' laptops reach it; 127.0.0.1 for this machine only)",
    )
    g.add_argument("--port", type=positive_int, default=8765, help="port (default 8765)")
    g.add_argument("--open", action="store_true", help="open its start page in a browser")
    g.add_argument(
        "--code",
        help="the instructor code (default: a new random one, printed at start)",
    )


def cmd_classroom(args: argparse.Namespace, defaults: dict[str, Any]) -> int:
    """Check the scenario, teams and port, print the addresses and the
    instructor code, then serve the classroom's pages until Ctrl-C.

    Args:
        args: ``ddsim play``'s options.
        defaults: ``turns``, ``replications`` and ``out`` when the options
            leave them out.
    """
    need_solara("playing in the browser")
    from ddsim.cli.common import check_output_folder
    from ddsim.play.classroom import Classroom, new_code, parse_teams
    from ddsim.scenarios import load_scenario

    sc = load_scenario(args.scenario)
    played = sc.variant(args.variant)
    parse_teams(args.teams, played)  # bad teams are refused before the server starts
    if args.turns is not None and args.turns > played.steps:
        raise InputError(f"--turns {args.turns}: {sc.name} has turns 1 to {played.steps}")
    out = check_output_folder(Path(args.out or defaults["out"].format(name=sc.name)))
    if args.code is not None and not args.code.strip():
        raise InputError("--code: give a code, or leave it out for a random one")
    from ddsim.dashboard import scenario_files

    registry = Classroom(
        sc,
        args.teams,
        files=offered_files(sc.file, scenario_files),
        code=args.code.strip() if args.code else new_code(8),
        turns=args.turns or min(defaults["turns"], played.steps),
        seed=args.seed,
        variant=args.variant,
        replications=args.replications or defaults["replications"],
        workers=args.workers,
        out=out,
    )
    check_teams_game(registry)
    check_port(args.host, args.port)
    where = local_address() if args.host in ("0.0.0.0", "") else args.host
    url = registry.address = f"http://{where}:{args.port}/"
    registry.to_environment()
    waiting = registry.resumable()
    print(
        f"ddsim play: starting the server for {sc.title or sc.name} ...\n"
        f"  each game's folder (log, memos, debrief.html) is {out}/<game id>/, "
        "written after every turn"
        + (
            f"\n  {len(waiting)} unfinished game(s) there: the instructor page offers to "
            "resume them"
            if waiting
            else ""
        ),
        file=sys.stderr,
        flush=True,
    )
    local = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '') else args.host}:{args.port}/"
    say_when_ready(
        local,
        f"ddsim play: ready at {url} (Ctrl-C stops it)\n"
        f"  students: open {url} and type their team's join code\n"
        f"  instructor: open {url}instructor with the code  {registry.code}",
    )
    run_solara("ddsim.play.web", args.host, args.port, open_browser=args.open, prog="ddsim play")
    return 0


def offered_files(first: str, scenario_files: Any) -> list[str]:
    """The other scenarios a new game may play, however the server was
    started (a path or a packaged name): those beside ``first``, then the
    packaged ones."""
    from ddsim.scenarios import PACKAGED

    out, seen = [], {Path(first).resolve()}
    beside, packaged = scenario_files(Path(first).parent, first), scenario_files(PACKAGED, first)
    for f in [*beside.values(), *packaged.values()]:
        if Path(f).resolve() not in seen:  # one entry a file, links (scenarios/) included
            seen.add(Path(f).resolve())
            out.append(f)
    return out


def check_teams_game(registry: Any) -> None:
    """Make (and forget) a first game: teams, seed and turns are refused now,
    before the server starts, not when the instructor creates a game."""
    out, registry.out = registry.out, None  # no folder for it
    try:
        registry.create()
    finally:
        registry.out = out
        registry.rooms.clear()


def say_when_ready(url: str, message: str, timeout: float = 300.0) -> None:
    """Print ``message`` once ``url`` answers (the server accepts
    connections and serves its page), from a thread of its own."""
    import threading
    import time
    import urllib.request

    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy

    def wait() -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                with direct.open(url, timeout=5) as reply:
                    if reply.status == 200:
                        print(message, file=sys.stderr, flush=True)
                        return
            except OSError:
                pass
            time.sleep(0.3)

    threading.Thread(target=wait, name="ready", daemon=True).start()
