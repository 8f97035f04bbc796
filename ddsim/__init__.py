"""ddsim: an agent-based simulation of trust building through defence diplomacy.

The small API a notebook needs::

    import ddsim
    sc = ddsim.load_scenario("scenarios/rivals.yaml")
    res = ddsim.run(sc, replications=20)     # Results: .timeseries, .summary
    cmp = ddsim.compare(sc)                  # Comparison: variants side by side, with CIs
    sw = ddsim.sweep(sc, {"forgetting": [0.01, 0.05]})  # SweepResults: .runs, .points
    m = ddsim.DiplomacyModel(sc, rng=1); m.run_for(12); m.trust_graph
"""

__version__ = "0.1.0"  # first: ddsim.cli reads it while the package loads

from .compare import Comparison, compare
from .experiment import Results, run
from .model import DiplomacyModel
from .parameters import PARAMETERS, Parameter, Params
from .scenario import Scenario, ScenarioError, load_scenario
from .strategies import STRATEGIES, Engagement, Strategy, View, register_strategy
from .sweep import SweepResults, sweep
from .tournament import tournament


def __getattr__(name: str):
    """Load the heavier modules (figures, dashboard) only when first used:
    ``ddsim.plots.hostility_figure(res)`` works without importing matplotlib
    at ``import ddsim``."""
    if name in {"plots", "report", "dashboard"}:
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "PARAMETERS",
    "STRATEGIES",
    "Comparison",
    "DiplomacyModel",
    "Engagement",
    "Parameter",
    "Params",
    "Results",
    "Scenario",
    "ScenarioError",
    "Strategy",
    "SweepResults",
    "View",
    "__version__",
    "compare",
    "load_scenario",
    "register_strategy",
    "run",
    "sweep",
    "tournament",
]
