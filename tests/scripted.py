"""A strategy that does what a test tells it, for checks of the model's
mechanisms by hand (tests/test_model.py, tests/validation/test_beta_reputation.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ddsim import Strategy
from ddsim.core.strategies import Engagement, View

Wanted = Sequence[tuple[str, str]]


class Scripted(Strategy):
    """Asks for the engagements it is given, as (kind, target id) pairs: the
    same list every step, or one list per step (a mapping from step to list;
    nothing at the steps it leaves out). A test fixture, never registered;
    put it in place with ``model.states_by_index[k].strategy = Scripted(...)``."""

    name = "test_scripted"
    classifier = {"coercive": True, "reciprocal": False, "stochastic": False, "memory": 0}

    def __init__(self, wanted: Wanted | Mapping[int, Wanted]) -> None:
        super().__init__()
        self.wanted = wanted

    def decide(self, view: View) -> list[Engagement]:
        wanted = self.wanted.get(view.step, []) if isinstance(self.wanted, Mapping) else self.wanted
        return [Engagement(kind, view.index(target)) for kind, target in wanted]
