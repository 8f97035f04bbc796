"""Scenario files: the schema, the loader and variants.

A scenario is a YAML file (format in ``docs/scenarios.md``), or the name of
one that ships with ddsim (``load_scenario("rivals")``; ``ddsim list
scenarios`` lists them). It is checked
completely before anything runs: structure, types and ranges by pydantic, then
the cross-references (state ids, strategies, parameters, action kinds).
Every problem becomes one :class:`ScenarioError` naming the file, the line, the
field path and what is allowed. Unknown keys are errors.

The package's modules, one job each (their public names are all importable
from ``ddsim.scenarios``):

- :mod:`~ddsim.scenarios.schema`: the pydantic models of a scenario file;
- :mod:`~ddsim.scenarios.checks`: the cross-references pydantic cannot check;
- :mod:`~ddsim.scenarios.errors`: :class:`ScenarioError`, and where a problem is;
- :mod:`~ddsim.scenarios.scenario`: :class:`Scenario`, a checked scenario;
- :mod:`~ddsim.scenarios.variants`: applying a variant to its base;
- :mod:`~ddsim.scenarios.packaged`: the scenarios that ship with ddsim;
- :mod:`~ddsim.scenarios.loader`: :func:`load_scenario` and :func:`find_scenario`;
- :mod:`~ddsim.scenarios.make_world`: how the packaged ``world.yaml`` was made.
"""

from ddsim.scenarios.errors import ScenarioError, format_path
from ddsim.scenarios.loader import find_scenario, load_scenario
from ddsim.scenarios.packaged import PACKAGED, SUFFIXES, packaged_scenarios, shown_name
from ddsim.scenarios.scenario import Scenario
from ddsim.scenarios.schema import (
    ActionPatch,
    AllianceSpec,
    Budget,
    Capability,
    Capacity,
    Disposition,
    EventSpec,
    ForumSpec,
    Number,
    Pair,
    PairSpec,
    Probability,
    RelationDefaults,
    Relations,
    Rung,
    ScenarioSpec,
    Slug,
    StateId,
    StatePatch,
    StateSpec,
    StrategyField,
    VariantSpec,
    Whole,
)

__all__ = [
    "PACKAGED",
    "SUFFIXES",
    "ActionPatch",
    "AllianceSpec",
    "Budget",
    "Capability",
    "Capacity",
    "Disposition",
    "EventSpec",
    "ForumSpec",
    "Number",
    "Pair",
    "PairSpec",
    "Probability",
    "RelationDefaults",
    "Relations",
    "Rung",
    "Scenario",
    "ScenarioError",
    "ScenarioSpec",
    "Slug",
    "StateId",
    "StatePatch",
    "StateSpec",
    "StrategyField",
    "VariantSpec",
    "Whole",
    "find_scenario",
    "format_path",
    "load_scenario",
    "packaged_scenarios",
    "shown_name",
]
