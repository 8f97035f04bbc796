"""``ddsim dashboard``: serve the interactive dashboard (Mesa SolaraViz)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ddsim.cli.common import positive_int
from ddsim.cli.serve import check_port, need_solara, run_solara
from ddsim.defaults import DASHBOARD_SCENARIO


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Check the scenario and the port, then serve the dashboard until Ctrl-C."""
    need_solara("the dashboard")
    from ddsim.dashboard import FOLDER_ENV, SCENARIO_ENV
    from ddsim.scenarios import load_scenario

    # a bad file or name is refused before the server starts
    path = Path(load_scenario(args.scenario).file)
    check_port(args.host, args.port)
    os.environ[SCENARIO_ENV] = str(path)
    os.environ[FOLDER_ENV] = str(path.parent)
    print(f"ddsim dashboard: http://{args.host}:{args.port}/ (Ctrl-C stops it)", file=sys.stderr)
    run_solara(
        "ddsim.dashboard.app", args.host, args.port, open_browser=args.open, prog="ddsim dashboard"
    )
    return 0


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
