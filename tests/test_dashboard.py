"""The dashboard: its controls come from the declared parameters, and, end to
end, ``ddsim dashboard`` serves a page that shows the model and steps it in a
real (headless) Chromium.

The end-to-end test needs Chromium (Debian's ``chromium`` package, or
``DDSIM_CHROMIUM``), Playwright and, offline, Solara's front-end files in its
cache folder (``.ci/solara_assets.py``, which needs npm). In CI (``CI=true``)
``.ci/test`` installs chromium and npm and the test must run: where anything
is missing it fails. Elsewhere ``.ci/test`` installs no system package: it
says in one line what is missing (``DDSIM_SKIP_BROWSER``) and the test is
skipped with that reason.
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
from ddsim.core.parameters import PARAMETERS
from ddsim.core.strategies import STRATEGIES
from ddsim.dashboard import (
    AS_IN_SCENARIO,
    DashboardModel,
    initial_values,
    model_params,
    scenario_files,
    slider_step,
)
from ddsim.scenarios import load_scenario

ROOT = Path(__file__).resolve().parent.parent
RIVALS = "scenarios/rivals.yaml"
IN_CI = os.environ.get("CI", "").lower() in {"true", "1", "yes"}
#: Why the browser test cannot run; ``.ci/test`` says the same, with ``{what}``
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


# --------------------------------------------------------------------------
# without a browser
# --------------------------------------------------------------------------
def test_every_declared_parameter_gets_a_slider_with_its_range():
    sc = load_scenario(RIVALS)
    params = model_params([RIVALS])
    for p in PARAMETERS.values():
        slider = params[p.name]
        assert (slider["min"], slider["max"]) == (p.low, p.high)
        assert slider["value"] == sc.parameters.get(p.name, p.default)
        assert 0 < slider["step"] <= (p.high - p.low) / 50
    assert [k for k in params if k.startswith("strategy_")] == [
        "strategy_ALD",
        "strategy_BOR",
        "strategy_CET",
    ]
    assert params["strategy_ALD"]["value"] == AS_IN_SCENARIO
    assert set(params["strategy_ALD"]["values"]) == {AS_IN_SCENARIO, *STRATEGIES}


def test_every_state_of_every_offered_scenario_gets_a_strategy_choice():
    params = model_params([RIVALS, "scenarios/dyad.yaml"])
    assert params["scenario_file"]["values"] == [RIVALS, "scenarios/dyad.yaml"]
    assert {k for k in params if k.startswith("strategy_")} == {
        f"strategy_{i}" for i in ["ALD", "BOR", "CET", "EST", "WES"]
    }
    # a world of 193 states gets no per-state choices
    assert not any(k.startswith("strategy_") for k in model_params(["scenarios/world.yaml"]))


def test_slider_steps_are_round_numbers():
    assert slider_step(PARAMETERS["forgetting"]) == pytest.approx(0.001)
    assert slider_step(PARAMETERS["prior_weight"]) == pytest.approx(0.1)


def test_the_dashboard_model_is_rebuilt_from_its_controls_as_reset_does():
    from mesa.experimental.scenarios import Scenario as MesaScenario

    values = initial_values(model_params([RIVALS, "scenarios/deterrence.yaml"]))
    a = DashboardModel(**values)
    assert [s.strategy.name for s in a.states_by_index] == ["noncoercive", "reciprocal", "grit"]
    # RESET passes Mesa's own Scenario object and the controls' values
    values |= {"strategy_ALD": "coercive", "forgetting": 0.1}
    b = DashboardModel(scenario=MesaScenario(), **values)
    assert b.states_by_index[0].strategy.name == "coercive"
    assert b.params.forgetting == 0.1
    # a state whose strategy is unchanged keeps its parameters (grit step 0.1)
    assert b.spec.states[2].strategy == {"name": "grit", "step": 0.1}
    # the same controls replay the same run
    c = DashboardModel(**values)
    b.run_for(24)
    c.run_for(24)
    assert (b.hostility == c.hostility).all() and (b.trust == c.trust).all()
    # another scenario from the dropdown
    d = DashboardModel(**(values | {"scenario_file": "scenarios/deterrence.yaml"}))
    assert d.spec.name == "deterrence" and d.states_by_index[1].disposition == "revisionist"
    assert d.states_by_index[0].strategy.name == "coercive"


def test_the_dropdown_offers_valid_scenarios_while_their_states_are_few(tmp_path):
    (tmp_path / "broken.yaml").write_text("name: [")
    for name in ["rivals", "deterrence", "dyad", "world"]:
        shutil.copy(ROOT / "scenarios" / f"{name}.yaml", tmp_path / f"{name}.yaml")
    chosen = str(tmp_path / "rivals.yaml")
    assert scenario_files(tmp_path, chosen) == [
        chosen,
        str(tmp_path / "deterrence.yaml"),
        str(tmp_path / "dyad.yaml"),
    ]


def test_a_bad_scenario_is_refused_before_the_server_starts(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nstates: []\n")
    assert main(["dashboard", str(bad), "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err


# --------------------------------------------------------------------------
# end to end, in headless Chromium
# --------------------------------------------------------------------------
def test_ci_test_gives_the_reason_the_browser_test_is_skipped_with():
    script = (ROOT / ".ci" / "test").read_text()
    said = MISSING.format(what="$what", packages="${missing[*]}")
    assert f'export DDSIM_SKIP_BROWSER="{said}"' in script


def unavailable(reason: str) -> None:
    """Skip when a browser dependency is missing; in CI, fail instead."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def chromium() -> str:
    path = os.environ.get("DDSIM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        unavailable(MISSING.format(what="chromium", packages="chromium"))
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
    if os.environ.get("DDSIM_SKIP_BROWSER"):  # .ci/test said why, outside CI
        unavailable(os.environ["DDSIM_SKIP_BROWSER"])
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
                page.get_by_text(text).first.wait_for(timeout=30_000)
            # the two figures (network; hostility and trust), their captions, the states
            figures = page.locator("img.widget-image")
            figures.nth(1).wait_for(timeout=30_000)
            page.get_by_text("Trust network after 0 months").wait_for()
            page.get_by_text("Trust is built slowly").wait_for()
            assert "Borea\treciprocal" in page.locator("table").inner_text()
            before = figures.first.get_attribute("src")

            page.locator("button:has-text('STEP')").click()
            page.get_by_text("Time: 1.0").wait_for(timeout=30_000)
            page.get_by_text("Trust network after 1 months").wait_for(timeout=30_000)
            assert figures.first.get_attribute("src") != before  # the network was redrawn
            page.screenshot(path=tmp_path / "dashboard.png")

            # another scenario from the dropdown, loaded by RESET
            page.locator(".v-select").filter(has_text="scenario (press RESET").click()
            page.locator(".v-menu__content .v-list-item", has_text="deterrence.yaml").click()
            page.locator("button:has-text('RESET')").click()
            page.get_by_text("Deterring a revisionist").wait_for(timeout=30_000)
            page.get_by_text("Time: 0.0").wait_for(timeout=30_000)
        finally:
            browser.close()
    assert "Traceback" not in log.read_text()
