"""Strategies: a registry of small classes, one decision method each.

Register your own::

    import ddsim
    from ddsim.strategies import Engagement

    @ddsim.register_strategy
    class Appeaser(ddsim.Strategy):
        \"\"\"Sends aid to whoever it fears most. Source: my seminar paper.\"\"\"
        name = "appeaser"
        classifier = {"coercive": False, "reciprocal": False, "stochastic": False, "memory": 0}

        def decide(self, view):
            return [Engagement("humanitarian_assistance", j)
                    for j in view.most_pressing(view.partners, 2)]
"""

from . import engagement, grit, instruments, reciprocal  # noqa: F401  (registers the built-ins)
from .base import (
    CLASSIFIER_KEYS,
    STRATEGIES,
    Engagement,
    Plan,
    Strategy,
    View,
    Views,
    check_strategy_spec,
    make_strategy,
    register_strategy,
)

__all__ = [
    "CLASSIFIER_KEYS",
    "STRATEGIES",
    "Engagement",
    "Plan",
    "Strategy",
    "View",
    "Views",
    "check_strategy_spec",
    "make_strategy",
    "register_strategy",
]
