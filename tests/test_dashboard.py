"""The dashboard: its controls come from the declared parameters, and, end to
end, ``ddsim dashboard`` serves a page that shows the model and steps it in a
real (headless) Chromium.

The end-to-end test needs Chromium (Debian's ``chromium`` package, or
``DDSIM_CHROMIUM``), Playwright and, offline, Solara's front-end files in its
cache folder (``.ci/solara_assets.py``); ``.ci/test`` installs all three. Where
they are missing it is skipped, except in CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ddsim.cli import main
from ddsim.dashboard import (
    DashboardModel,
    initial_values,
    model_params,
    scenario_files,
    slider_step,
)
from ddsim.parameters import PARAMETERS
from ddsim.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
RIVALS = "scenarios/rivals.yaml"
IN_CI = os.environ.get("CI", "").lower() in {"true", "1", "yes"}
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# --------------------------------------------------------------------------
# without a browser
# --------------------------------------------------------------------------
def test_every_declared_parameter_gets_a_slider_with_its_range():
    sc = load_scenario(RIVALS)
    params = model_params(sc, RIVALS)
    for p in PARAMETERS.values():
        slider = params[p.name]
        assert (slider["min"], slider["max"]) == (p.low, p.high)
        assert slider["value"] == sc.parameters.get(p.name, p.default)
        assert 0 < slider["step"] <= (p.high - p.low) / 50
    assert [params[f"strategy_{s.id}"]["value"] for s in sc.states] == [
        "noncoercive",
        "reciprocal",
        "grit",
    ]


def test_slider_steps_are_round_numbers():
    assert slider_step(PARAMETERS["forgetting"]) == pytest.approx(0.001)
    assert slider_step(PARAMETERS["prior_weight"]) == pytest.approx(0.1)


def test_the_dashboard_model_is_rebuilt_from_its_controls_as_reset_does():
    from mesa.experimental.scenarios import Scenario as MesaScenario

    values = initial_values(model_params(load_scenario(RIVALS), RIVALS))
    a = DashboardModel(**values)
    # RESET passes Mesa's own Scenario object and the controls' values
    values |= {"strategy_ALD": "coercive", "forgetting": 0.1}
    b = DashboardModel(scenario=MesaScenario(), **values)
    assert a.states_by_index[0].strategy.name == "noncoercive"
    assert b.states_by_index[0].strategy.name == "coercive"
    assert b.params.forgetting == 0.1
    # a state whose strategy is unchanged keeps its parameters (grit step 0.1)
    assert b.spec.states[2].strategy == {"name": "grit", "step": 0.1}
    # the same seed replays the same run
    c = DashboardModel(**values)
    b.run_for(24)
    c.run_for(24)
    assert (b.hostility == c.hostility).all() and (b.trust == c.trust).all()


def test_the_dropdown_lists_small_valid_scenarios_first_the_chosen_one(tmp_path):
    (tmp_path / "broken.yaml").write_text("name: [")
    shutil.copy(ROOT / RIVALS, tmp_path / "b.yaml")
    shutil.copy(ROOT / "scenarios" / "world.yaml", tmp_path / "world.yaml")
    chosen = str(tmp_path / "b.yaml")
    assert scenario_files(tmp_path, chosen) == [chosen]


def test_a_bad_scenario_is_refused_before_the_server_starts(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nstates: []\n")
    assert main(["dashboard", str(bad), "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err


# --------------------------------------------------------------------------
# end to end, in headless Chromium
# --------------------------------------------------------------------------
def unavailable(reason: str) -> None:
    """Skip when a browser dependency is missing; in CI, fail instead."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def chromium() -> str:
    path = os.environ.get("DDSIM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        unavailable("Chromium is not installed (apt-get install chromium, or set DDSIM_CHROMIUM)")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(proc: subprocess.Popen, url: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the dashboard exited ({proc.returncode}):\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"the dashboard did not answer at {url} within {timeout} s:\n{log.read_text()}")


@pytest.fixture
def dashboard(tmp_path):
    """A dashboard server on a free port (always stopped afterwards); yields its
    URL, its log and the Chromium to look at it with."""
    for module in ("solara", "playwright"):
        try:
            __import__(module)
        except ImportError:
            unavailable(f"{module} is not installed (pip install -e '.[test]')")
    browser_path = chromium()
    port = free_port()
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ddsim", "dashboard", RIVALS, "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so it can be stopped whole
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_serving(proc, url, log)
        yield url, log, browser_path
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_the_dashboard_shows_the_model_and_steps_it(dashboard, tmp_path):
    from playwright.sync_api import sync_playwright

    url, log, browser_path = dashboard
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            page.goto(url)
            try:
                page.get_by_text("Time: 0.0").wait_for(timeout=60_000)
            except Exception:
                page.screenshot(path=tmp_path / "failed.png")
                missing = sorted(set(re.findall(r"Could not load URL: '([^']+)'", log.read_text())))
                pytest.fail(
                    "the page did not show the model; files Solara could not fetch "
                    f"(offline, run .ci/solara_assets.py): {', '.join(missing) or 'none'}",
                    pytrace=False,
                )
            # the controls: Mesa's buttons, our strategy choices and parameter sliders
            for text in ["RESET", "STEP", "strategy of Aldoria", "forgetting", "Two rivals"]:
                assert page.get_by_text(text).first.is_visible(), text
            # the two figures (network; hostility and trust) and their captions
            figures = page.locator("img.widget-image")
            assert figures.count() >= 2
            assert page.get_by_text("Trust network after 0 months").is_visible()
            before = figures.first.get_attribute("src")

            page.locator("button:has-text('STEP')").click()
            page.get_by_text("Time: 1.0").wait_for(timeout=30_000)
            page.get_by_text("Trust network after 1 months").wait_for(timeout=30_000)
            assert figures.first.get_attribute("src") != before  # the network was redrawn
            page.screenshot(path=tmp_path / "dashboard.png")
        finally:
            browser.close()
    assert "Traceback" not in log.read_text()
