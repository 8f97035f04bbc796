"""ddsim: an agent-based simulation of trust building through defence diplomacy.

The small API a notebook needs::

    import ddsim
    sc = ddsim.load_scenario("scenarios/rivals.yaml")
    res = ddsim.run(sc, replications=20)     # Results: .timeseries, .summary
    cmp = ddsim.compare(sc)                  # Comparison: variants side by side, with CIs
    m = ddsim.DiplomacyModel(sc, rng=1); m.run_for(12); m.trust_graph
"""

__version__ = "0.1.0"  # first: ddsim.cli reads it while the package loads

from .compare import Comparison, compare
from .experiment import Results, run
from .model import DiplomacyModel
from .parameters import PARAMETERS, Parameter, Params
from .scenario import Scenario, ScenarioError, load_scenario
from .strategies import STRATEGIES, Engagement, Strategy, View, register_strategy

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
    "View",
    "__version__",
    "compare",
    "load_scenario",
    "register_strategy",
    "run",
]
