"""ddsim: an agent-based simulation of trust building through defence diplomacy.

The small API a notebook needs::

    import ddsim
    sc = ddsim.load_scenario("rivals")       # a packaged scenario, or a path to a file
    res = ddsim.run(sc, replications=20)     # Results: .timeseries, .summary
    cmp = ddsim.compare(sc)                  # Comparison: variants side by side, with CIs
    sw = ddsim.sweep(sc, {"forgetting": [0.01, 0.05]})  # SweepResults: .runs, .points
    d = ddsim.discover(sc, ["onset_rate=0.005:0.02"])  # Discovery: .cases, .boxes (PRIM)
    m = ddsim.DiplomacyModel(sc, rng=1); m.run_for(12); m.trust_graph

The package is built in layers, one way down (docs/decisions.md): ``core``
(the model), ``scenarios``, ``analysis``, ``outputs``, ``experiments``,
``calibration``, ``play``, and the interfaces (``cli``, ``dashboard``). This module only
re-exports; each name is imported when first used, so that ``import ddsim``
(and the ``ddsim`` command's start) stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ddsim._version import __version__

#: Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    "PARAMETERS": "ddsim.core.parameters",
    "Parameter": "ddsim.core.parameters",
    "Params": "ddsim.core.parameters",
    "DiplomacyModel": "ddsim.core.model",
    "STRATEGIES": "ddsim.core.strategies",
    "Engagement": "ddsim.core.strategies",
    "Strategy": "ddsim.core.strategies",
    "View": "ddsim.core.strategies",
    "register_strategy": "ddsim.core.strategies",
    "Scenario": "ddsim.scenarios",
    "ScenarioError": "ddsim.scenarios",
    "load_scenario": "ddsim.scenarios",
    "InputError": "ddsim.errors",
    "OUTCOMES": "ddsim.analysis.outcomes",
    "OutcomeSpec": "ddsim.analysis.outcomes",
    "Results": "ddsim.experiments.jobs",
    "run": "ddsim.experiments.run",
    "Comparison": "ddsim.experiments.compare",
    "compare": "ddsim.experiments.compare",
    "SweepResults": "ddsim.experiments.sweep",
    "sweep": "ddsim.experiments.sweep",
    "Discovery": "ddsim.experiments.discovery",
    "discover": "ddsim.experiments.discovery",
    "read_discovery": "ddsim.experiments.discovery_read",
    "tournament": "ddsim.experiments.tournament",
    "Game": "ddsim.play.game",
    "Target": "ddsim.calibration.targets",
    "compute_targets": "ddsim.calibration.targets",
    "load_targets": "ddsim.calibration.targets",
}
#: Subpackages and modules reachable as attributes (``ddsim.plots.hostility_figure``).
_MODULES: dict[str, str] = {
    "plots": "ddsim.outputs.figures",
    "report": "ddsim.outputs.report",
    "dashboard": "ddsim.dashboard",
}

if TYPE_CHECKING:  # for type checkers and editors: the same names, eagerly
    from ddsim.analysis.outcomes import OUTCOMES, OutcomeSpec
    from ddsim.calibration.targets import Target, compute_targets, load_targets
    from ddsim.core.model import DiplomacyModel
    from ddsim.core.parameters import PARAMETERS, Parameter, Params
    from ddsim.core.strategies import STRATEGIES, Engagement, Strategy, View, register_strategy
    from ddsim.errors import InputError
    from ddsim.experiments.compare import Comparison, compare
    from ddsim.experiments.discovery import Discovery, discover
    from ddsim.experiments.discovery_read import read_discovery
    from ddsim.experiments.jobs import Results
    from ddsim.experiments.run import run
    from ddsim.experiments.sweep import SweepResults, sweep
    from ddsim.experiments.tournament import tournament
    from ddsim.play.game import Game
    from ddsim.scenarios import Scenario, ScenarioError, load_scenario


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name in _MODULES:
        value = importlib.import_module(_MODULES[name])
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value  # next time, no look-up
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS, *_MODULES])


__all__ = [
    "OUTCOMES",
    "PARAMETERS",
    "STRATEGIES",
    "Comparison",
    "DiplomacyModel",
    "Discovery",
    "Engagement",
    "Game",
    "InputError",
    "OutcomeSpec",
    "Parameter",
    "Params",
    "Results",
    "Scenario",
    "ScenarioError",
    "Strategy",
    "SweepResults",
    "Target",
    "View",
    "__version__",
    "compare",
    "compute_targets",
    "discover",
    "load_scenario",
    "load_targets",
    "read_discovery",
    "register_strategy",
    "run",
    "sweep",
    "tournament",
]
