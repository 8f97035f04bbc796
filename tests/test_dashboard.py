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

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser import (
    CHROMIUM_FLAGS,
    MISSING,
    choose,
    chromium,
    ddsim_server,
    free_port,
    missing_assets,
)
from patience import patience
from sessions import NO_LOOP, Session

from ddsim.cli import main
from ddsim.core.parameters import PARAMETERS
from ddsim.core.strategies import STRATEGIES
from ddsim.dashboard import (
    AS_IN_SCENARIO,
    DashboardModel,
    controls,
    scenario_files,
    slider_step,
    start_values,
)
from ddsim.scenarios import load_scenario

ROOT = Path(__file__).resolve().parent.parent
RIVALS = "scenarios/rivals.yaml"


# --------------------------------------------------------------------------
# without a browser
# --------------------------------------------------------------------------
def test_every_declared_parameter_gets_a_slider_with_its_range():
    sc = load_scenario(RIVALS)
    params = controls(RIVALS)
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


def test_only_the_chosen_scenarios_states_get_a_strategy_choice():
    assert [k for k in controls("scenarios/dyad.yaml") if k.startswith("strategy_")] == [
        "strategy_EST",
        "strategy_WES",
    ]
    # a world of 193 states gets no per-state choices
    assert not any(k.startswith("strategy_") for k in controls("scenarios/world.yaml"))
    # RESET starts from the chosen scenario's own values, not the first one's
    dyad, rivals = load_scenario("scenarios/dyad.yaml"), load_scenario(RIVALS)
    values = start_values("scenarios/dyad.yaml")
    assert values["scenario_file"] == "scenarios/dyad.yaml" and values["seed"] == dyad.seed
    differ = [p for p in PARAMETERS if dyad.parameters.get(p) != rivals.parameters.get(p)]
    for p in differ:
        assert values[p] == dyad.parameters.get(p, PARAMETERS[p].default)


def test_slider_steps_are_round_numbers():
    assert slider_step(PARAMETERS["forgetting"]) == pytest.approx(0.001)
    assert slider_step(PARAMETERS["prior_weight"]) == pytest.approx(0.1)


def test_the_dashboard_model_is_rebuilt_from_its_controls_as_reset_does():
    from mesa.experimental.scenarios import Scenario as MesaScenario

    values = start_values(RIVALS)
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
    assert scenario_files(tmp_path, chosen) == {  # by name, as `ddsim run` takes them
        "rivals": chosen,
        "deterrence": str(tmp_path / "deterrence.yaml"),
        "dyad": str(tmp_path / "dyad.yaml"),
    }


def test_a_bad_scenario_is_refused_before_the_server_starts(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nstates: []\n")
    assert main(["dashboard", str(bad), "--port", str(free_port())]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "Traceback" not in err


@NO_LOOP
def test_two_sessions_keep_their_own_scenario_and_pickers():
    """Each browser tab has its own sidebar: choosing a scenario in one leaves the other's."""
    solara = pytest.importorskip("solara")
    from ddsim.dashboard import app

    assert "dyad" in app.FILES and "ddsim/scenarios" not in " ".join(app.FILES)
    dyad = "dyad"  # the dropdown offers names, never a path inside the package
    a, b = Session("first"), Session("second")
    try:
        # in the app's layout, as the server renders it (the sidebar lives there)
        a.render(solara.AppLayout(children=[app.Page()]))
        b.render(solara.AppLayout(children=[app.Page()]))
        assert "strategy of Aldoria (ALD)" in a.text() and "strategy of Aldoria (ALD)" in b.text()
        a.choose("scenario (press RESET to load it)", dyad)
        assert "strategy of Estria (EST)" in a.text() and "strategy of Aldoria" not in a.text()
        assert "strategy of Aldoria (ALD)" in b.text() and "Estria" not in b.text()
    finally:
        a.close()
        b.close()


# --------------------------------------------------------------------------
# end to end, in headless Chromium (helpers in tests/browser.py)
# --------------------------------------------------------------------------
def test_ci_test_gives_the_reason_the_browser_tests_are_skipped_with():
    script = (ROOT / ".ci" / "test").read_text()
    said = MISSING.format(what="$what", packages="${missing[*]}")
    assert f'export DDSIM_SKIP_BROWSER="{said}"' in script


@pytest.fixture
def dashboard(tmp_path):
    """A dashboard server on a free port (always stopped afterwards); yields its
    URL, its log and the Chromium to look at it with."""
    browser_path = chromium()
    log = tmp_path / "server.log"
    with ddsim_server(["dashboard", RIVALS], log) as url:
        yield url, log, browser_path


def pickers(page) -> list[str]:
    """The labels of the sidebar's strategy pickers, in order."""
    labels = page.locator(".v-navigation-drawer label", has_text="strategy of")
    return [t.strip() for t in labels.all_inner_texts()]


def test_the_dashboard_shows_the_model_and_steps_it(dashboard, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, log, browser_path = dashboard
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=browser_path, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            page.goto(url)
            try:
                page.get_by_text("Time: 0.0").wait_for(timeout=patience(60_000))
            except Exception:
                page.screenshot(path=tmp_path / "failed.png")
                pytest.fail(
                    f"the page did not show the model; {missing_assets(log)}", pytrace=False
                )
            # the controls: Mesa's buttons, our strategy choices and parameter sliders
            for text in ["RESET", "STEP", "strategy of Aldoria", "forgetting", "Two rivals"]:
                page.get_by_text(text).first.wait_for(timeout=patience(30_000))
            # the loaded scenario's states only (dyad.yaml is offered, its states are not)
            assert pickers(page) == [
                "strategy of Aldoria (ALD)",
                "strategy of Borea (BOR)",
                "strategy of Cetia (CET)",
            ]
            # the two figures (network; hostility and trust), their captions, the states
            figures = page.locator("img.widget-image")
            figures.nth(1).wait_for(timeout=patience(30_000))
            page.get_by_text("Trust network after 0 months").wait_for()
            page.get_by_text("Trust is built slowly").wait_for()
            assert "Borea\treciprocal" in page.locator("table").inner_text()
            before = figures.first.get_attribute("src")

            page.locator("button:has-text('STEP')").click()
            page.get_by_text("Time: 1.0").wait_for(timeout=patience(30_000))
            page.get_by_text("Trust network after 1 months").wait_for(timeout=patience(30_000))
            assert figures.first.get_attribute("src") != before  # the network was redrawn
            page.screenshot(path=tmp_path / "dashboard.png")

            # another scenario from the dropdown: the pickers become its states'
            choose(page, "scenario (press RESET", "dyad")
            page.get_by_text("strategy of Estria (EST)").wait_for(timeout=patience(30_000))
            assert pickers(page) == ["strategy of Estria (EST)", "strategy of Westmark (WES)"]
            # a strategy chosen for one of them is the one RESET loads
            choose(page, "strategy of Westmark", re.compile(r"^coercive$"))
            page.locator("button:has-text('RESET')").click()
            page.get_by_text("Time: 0.0").wait_for(timeout=patience(30_000))
            westmark = page.locator("table tr").filter(has_text="Westmark").locator("td")
            expect(westmark.nth(1)).to_have_text("coercive", timeout=patience(30_000))
            # and back: the first scenario's pickers again
            choose(page, "scenario (press RESET", "deterrence")
            page.locator("button:has-text('RESET')").click()
            page.get_by_text("Deterring a revisionist").wait_for(timeout=patience(30_000))
            page.get_by_text("Time: 0.0").wait_for(timeout=patience(30_000))
            assert "strategy of Estria (EST)" not in pickers(page)
        finally:
            browser.close()
    assert "Traceback" not in log.read_text()


def test_the_dashboard_parser_imports_nothing_heavy():
    """``ddsim --help`` stays light: the model, Solara and pandas load when the server starts."""
    code = (
        "import argparse, sys; from ddsim.cli import dashboard, serve; "
        "dashboard.add_subcommands(argparse.ArgumentParser().add_subparsers()); "
        "print(sorted(m for m in ('pandas', 'mesa', 'solara', 'matplotlib', 'ddsim.dashboard') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --------------------------------------------------------------------------
# serving: --open without a browser, and Solara's cookie warning
# --------------------------------------------------------------------------
@pytest.fixture
def solara_started(monkeypatch):
    """Solara's command line, replaced by one that records what it was asked."""
    pytest.importorskip("solara")
    from solara.__main__ import cli as solara_cli

    asked: list[list[str]] = []
    monkeypatch.setattr(solara_cli, "main", lambda argv, **kw: asked.append(argv))
    return asked


def test_open_without_a_browser_says_so_and_serves(solara_started, monkeypatch, capsys):
    from ddsim.cli import serve

    monkeypatch.setattr(serve, "has_browser", lambda: False)
    serve.run_solara("ddsim.dashboard.app", "127.0.0.1", 8799, open_browser=True, prog="x")
    err = capsys.readouterr().err
    assert err.startswith("ddsim: --open: no web browser found") and "127.0.0.1:8799" in err
    assert "--no-open" in solara_started[0]
    monkeypatch.setattr(serve, "has_browser", lambda: True)
    serve.run_solara("ddsim.dashboard.app", "127.0.0.1", 8799, open_browser=True, prog="x")
    assert "--open" in solara_started[1] and capsys.readouterr().err == ""


def test_solaras_cookie_warning_is_silenced(solara_started):
    import warnings

    from ddsim.cli import serve

    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        serve.run_solara("ddsim.dashboard.app", "127.0.0.1", 8799, open_browser=False, prog="x")
        warnings.warn("Cookies with samesite=none require https, but ...", stacklevel=1)
        warnings.warn("another warning", stacklevel=1)
    assert [str(w.message) for w in said] == ["another warning"]
