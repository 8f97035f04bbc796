"""Serving a Solara app from the command line: ``ddsim dashboard`` and
``ddsim play --teams`` share this (the port check and the server's start).

Solara is imported inside the functions, so ``ddsim --help`` stays light.
"""

from __future__ import annotations

import importlib.util
import os
import socket

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
    no telemetry, no version check)."""
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
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
