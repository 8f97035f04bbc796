"""The interactive dashboard: ``ddsim dashboard [SCENARIO]``.

It serves a Solara page (:mod:`ddsim.dashboard.app`) built from Mesa's
SolaraViz parts on localhost. In the browser one chooses a scenario and the
strategy of each of its states, moves the model parameters' sliders, steps or
plays the model, and watches the trust network and the hostility and trust
curves.

This module holds what does not need a browser: the model as RESET
re-creates it (:class:`DashboardModel`) and the controls of a scenario,
derived from its states and the declared parameters (:func:`controls`). The
page is imported only when the server starts, so ``ddsim`` works without the
``viz`` extra.
"""

from __future__ import annotations

import copy
import math
import os
from pathlib import Path
from typing import Any

from ddsim.core.model import DiplomacyModel
from ddsim.core.parameters import PARAMETERS, Parameter
from ddsim.core.strategies import STRATEGIES
from ddsim.defaults import DASHBOARD_SCENARIO
from ddsim.scenarios import Scenario, ScenarioError, find_scenario, load_scenario

#: The scenario file opened first: the packaged one of that name.
DEFAULT_SCENARIO = find_scenario(DASHBOARD_SCENARIO)
#: Environment variables through which the command tells the app what to show.
SCENARIO_ENV, FOLDER_ENV = "DDSIM_DASHBOARD_SCENARIO", "DDSIM_DASHBOARD_FOLDER"
#: The dropdown offers scenarios while their states number at most this many.
MAX_STRATEGY_CHOICES = 12
STRATEGY_PREFIX = "strategy_"
#: The strategy choice that keeps the scenario's own strategy.
AS_IN_SCENARIO = "as in the scenario"


class DashboardModel(DiplomacyModel):
    """A DiplomacyModel built from keyword arguments only, as SolaraViz's
    RESET button re-creates it: ``DashboardModel(scenario_file=..., seed=...,
    strategy_ALD="coercive", forgetting=0.05, ...)``.

    Args:
        scenario: Ignored unless it is a ddsim Scenario: on RESET, SolaraViz
            passes Mesa's own ``Scenario`` object here (``model.scenario`` is
            Mesa's; ours is ``model.spec``).
        scenario_file: The scenario file to run.
        seed: Seed of the model's random generator.
        **values: ``strategy_<STATE ID>`` (a strategy name for that state, or
            ``as in the scenario``) and declared model parameters.
    """

    def __init__(
        self,
        scenario: Any = None,
        *,
        scenario_file: str | Path | None = None,
        seed: int | None = None,
        **values: Any,
    ) -> None:
        strategies = {
            key.removeprefix(STRATEGY_PREFIX): values.pop(key)
            for key in list(values)
            if key.startswith(STRATEGY_PREFIX)
        }
        if not isinstance(scenario, Scenario):
            scenario = load_scenario(scenario_file or DEFAULT_SCENARIO)
        self.scenario_file = str(scenario_file or scenario.file)
        super().__init__(with_strategies(scenario, strategies), rng=seed, **values)


def strategy_name(spec: str | dict[str, Any]) -> str:
    """The name in a scenario's strategy field (``grit`` or ``{name: grit, ...}``)."""
    return spec if isinstance(spec, str) else spec["name"]


def with_strategies(scenario: Scenario, strategies: dict[str, str]) -> Scenario:
    """The scenario with some states' strategies replaced (by name). A state
    whose strategy keeps its name keeps its parameters too."""
    data = copy.deepcopy(scenario.raw)
    changed = False
    for state in data["states"]:
        new = strategies.get(state["id"], AS_IN_SCENARIO)
        if new != AS_IN_SCENARIO and new != strategy_name(state.get("strategy", "noncoercive")):
            state["strategy"], changed = new, True
    return Scenario.from_dict(data, file=scenario.file) if changed else scenario


def slider_step(p: Parameter) -> float:
    """A round step giving about a hundred positions between ``low`` and ``high``."""
    return 10.0 ** math.floor(math.log10((p.high - p.low) / 100))


def controls(file: str | Path) -> dict[str, Any]:
    """The controls the sidebar shows for one scenario, in the format of Mesa's
    ``model_params`` (what its ``UserInputs`` draws): the seed, a strategy
    choice for each of the scenario's states (none when it has more than
    ``MAX_STRATEGY_CHOICES``, as the world does), and a slider for every
    declared parameter (range and default from :data:`ddsim.PARAMETERS`; the
    scenario's own value where it sets one).

    The sidebar rebuilds these when another scenario is chosen, so a picker
    never names a state the scenario does not have. Like every control, they
    take effect at RESET. A strategy choice starts at ``as in the scenario``,
    which keeps the scenario's own strategy (with its parameters).
    """
    sc = load_scenario(file)
    out: dict[str, Any] = {
        "seed": {
            "type": "SliderInt",
            "value": sc.seed,
            "min": 0,
            "max": 999,
            "step": 1,
            "label": "seed (random stream)",
        },
    }
    names = [AS_IN_SCENARIO, *sorted(STRATEGIES)]
    states = sc.states if len(sc.states) <= MAX_STRATEGY_CHOICES else []
    for state in states:
        out[STRATEGY_PREFIX + state.id] = {
            "type": "Select",
            "value": AS_IN_SCENARIO,
            "values": names,
            "label": f"strategy of {state.name or state.id} ({state.id})",
        }
    for p in PARAMETERS.values():
        out[p.name] = {
            "type": "SliderFloat",
            "value": float(sc.parameters.get(p.name, p.default)),
            "min": p.low,
            "max": p.high,
            "step": slider_step(p),
            "label": f"{p.name} ({p.unit})",
        }
    return out


def start_values(file: str | Path) -> dict[str, Any]:
    """What RESET builds the model from before any control is touched: the
    scenario file and its controls' starting values."""
    return {"scenario_file": str(file), **initial_values(controls(file))}


def initial_values(params: dict[str, Any]) -> dict[str, Any]:
    """The values the controls start from (what ModelCreator starts with)."""
    return {k: v["value"] if isinstance(v, dict) else v for k, v in params.items()}


def scenario_files(folder: str | Path, chosen: str | Path) -> dict[str, str]:
    """Scenario files offered in the dropdown, by the name it shows (the file's
    name without ``.yaml``, as ``ddsim run`` takes it): ``chosen`` first, then
    the valid ``*.yaml`` files in ``folder`` with at most
    ``MAX_STRATEGY_CHOICES`` states (each gets a strategy picker; the world's
    193 states would not). A name taken twice shows the second one's path."""
    found = {Path(chosen).stem: _short(chosen)}
    for path in sorted(Path(folder).glob("*.y*ml")):
        try:
            sc = load_scenario(path)
        except ScenarioError:
            continue
        if _short(path) not in found.values() and len(sc.states) <= MAX_STRATEGY_CHOICES:
            found[path.stem if path.stem not in found else _short(path)] = _short(path)
    return found


def _short(path: str | Path) -> str:
    """``path`` relative to the working folder when it is inside it (shorter to read)."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative
