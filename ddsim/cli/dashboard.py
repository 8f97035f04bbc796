"""``ddsim dashboard``: serve the interactive dashboard (Mesa SolaraViz)."""

from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import sys
from pathlib import Path

from ddsim.cli.common import (
    positive_int,
)
from ddsim.defaults import DASHBOARD_SCENARIO
from ddsim.errors import InputError


# --------------------------------------------------------------------------
# the command
# --------------------------------------------------------------------------
def cmd_dashboard(args: argparse.Namespace) -> int:

    if importlib.util.find_spec("solara") is None:
        raise InputError("the dashboard needs Mesa's visualisation extra: pip install 'ddsim[viz]'")
    from ddsim.dashboard import FOLDER_ENV, SCENARIO_ENV
    from ddsim.scenarios import load_scenario

    # a bad file or name is refused before the server starts
    path = Path(load_scenario(args.scenario).file)
    _check_port(args.host, args.port)
    os.environ[SCENARIO_ENV] = str(path)
    os.environ[FOLDER_ENV] = str(path.parent)
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    print(f"ddsim dashboard: http://{args.host}:{args.port}/ (Ctrl-C stops it)", file=sys.stderr)
    from solara.__main__ import cli as solara_cli

    solara_cli.main(
        [
            "run",
            "ddsim.dashboard.app",
            "--host",
            args.host,
            "--port",
            str(args.port),
            "--no-open" if not args.open else "--open",
            "--no-check-version",
            "--production",
            "--log-level",
            "warning",
        ],
        prog_name="ddsim dashboard",
        standalone_mode=False,
    )
    return 0


def _check_port(host: str, port: int) -> None:

    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            s.bind((host, port))
        except OSError as exc:
            raise InputError(
                f"cannot listen on {host}:{port} ({exc.strerror}); choose another --port"
            ) from None


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    """Add ``ddsim dashboard``."""
    p = sub.add_parser(
        "dashboard",
        help="interactive dashboard in the browser (Mesa SolaraViz)",
        description="Start Mesa's SolaraViz on this machine: choose a scenario and each "
        "state's strategy, move the parameters, step or play the model and watch the trust "
        "network and the hostility and trust curves. Needs the viz extra (pip install "
        "'ddsim[viz]').",
    )
    p.add_argument(
        "scenario",
        nargs="?",
        default=DASHBOARD_SCENARIO,
        help="scenario to open first: a file, or the name of one that ships with ddsim "
        f"(default: {DASHBOARD_SCENARIO}); the dropdown lists the other scenarios in its folder",
    )
    p.add_argument("--port", type=positive_int, default=8765, help="port (default 8765)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--open", action="store_true", help="open a browser tab")
    p.set_defaults(func=cmd_dashboard)
