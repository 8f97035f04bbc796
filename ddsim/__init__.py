"""ddsim: an agent-based simulation of trust building through defence diplomacy.

The small API a notebook needs::

    import ddsim
    sc = ddsim.load_scenario("scenarios/rivals.yaml")
    res = ddsim.run(sc, replications=20)     # Results: .timeseries, .summary
    sw = ddsim.sweep(sc, {"forgetting": [0.01, 0.05]})  # SweepResults: .runs, .points
    m = ddsim.DiplomacyModel(sc, rng=1); m.run_for(12); m.trust_graph
"""

from .experiment import Results, run
from .model import DiplomacyModel
from .parameters import PARAMETERS, Parameter, Params
from .scenario import Scenario, ScenarioError, load_scenario
from .strategies import STRATEGIES, Engagement, Strategy, View, register_strategy
from .sweep import SweepResults, sweep

__version__ = "0.1.0"

__all__ = [
    "PARAMETERS",
    "STRATEGIES",
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
    "load_scenario",
    "register_strategy",
    "run",
    "sweep",
]
