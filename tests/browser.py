"""Helpers for the end-to-end tests in headless Chromium (the dashboard, the
classroom game): start a ``ddsim`` server on a free port, open Chromium.

They need Chromium (Debian's ``chromium`` package, or ``DDSIM_CHROMIUM``),
Playwright and, offline, Solara's front-end files in its cache folder
(``.ci/solara_assets.py``, which needs npm). In CI (``CI=true``) ``.ci/test``
installs chromium and npm and the tests must run: where anything is missing
they fail. Elsewhere ``.ci/test`` installs no system package: it says in one
line what is missing (``DDSIM_SKIP_BROWSER``) and the tests are skipped with
that reason.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from patience import patience

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"true", "1", "yes"}
#: Why the browser tests cannot run; ``.ci/test`` says the same, with ``{what}``
#: and ``{packages}`` filled in the same way.
MISSING = (
    "{what} not installed (Debian: apt-get install {packages} as root, about 480 MB; "
    "CI=true bash .ci/test installs them)"
)
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def choose(page, label: str, option: str | re.Pattern, tries: int = 4) -> None:
    """Pick ``option`` in the Vuetify select labelled ``label``.

    A click on a select can land while the page re-renders after the last
    choice (the server answers it) and open no menu, or a menu that closes at
    once: on a busy machine that happened in CI. So the select is opened again
    until its option shows, and the choice counts once the select shows it.
    """
    from playwright.sync_api import TimeoutError as NotYet
    from playwright.sync_api import expect

    select = page.locator(".v-select").filter(has_text=label)
    item = page.locator(".v-menu__content:visible .v-list-item", has_text=option).first
    for attempt in range(tries):
        select.click()
        try:
            item.wait_for(state="visible", timeout=patience(5_000))
            item.click(timeout=patience(5_000))
            break
        except NotYet:
            if attempt == tries - 1:
                raise
            page.keyboard.press("Escape")
    if isinstance(option, str):  # a pattern may match the item's text, not the select's
        expect(select).to_contain_text(option, timeout=patience(10_000))


def unavailable(reason: str) -> None:
    """Skip when a browser dependency is missing; in CI, fail instead."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def chromium() -> str:
    """The Chromium to drive (skips, or fails in CI, when there is none)."""
    if os.environ.get("DDSIM_SKIP_BROWSER"):  # .ci/test said why, outside CI
        unavailable(os.environ["DDSIM_SKIP_BROWSER"])
    for module in ("solara", "playwright"):
        try:
            __import__(module)
        except ImportError:
            unavailable(f"{module} is not installed (pip install -e '.[test]')")
    path = os.environ.get("DDSIM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        unavailable(MISSING.format(what="chromium", packages="chromium"))
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(proc: subprocess.Popen, url: str, log: Path, timeout: float = 90) -> None:
    timeout = patience(timeout)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited ({proc.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"the server did not answer at {url} within {timeout:.0f} s:\n{log.read_text()}")


@contextlib.contextmanager
def ddsim_server(
    args: Sequence[str], log: Path, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Run ``python -m ddsim ARGS --port <free port>`` from the repository (its
    output into ``log``) until the block ends; yields the server's URL."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        **(env or {}),
    }
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ddsim", *args, "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so it can be stopped whole
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_serving(proc, url, log)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):  # it may have exited already
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def missing_assets(log: Path) -> str:
    """The front-end files the Solara server could not fetch (from its log)."""
    missing = sorted(set(re.findall(r"Could not load URL: '([^']+)'", log.read_text())))
    return (
        "files Solara could not fetch (offline, run .ci/solara_assets.py): "
        f"{', '.join(missing) or 'none'}"
    )
