"""A checked scenario, ready to run: :class:`Scenario`.

Built from a scenario's content (:meth:`Scenario.from_dict`; from a file,
:func:`ddsim.scenarios.load_scenario`), checked completely before anything
runs: structure, types and ranges by the schema (:mod:`ddsim.scenarios.schema`),
then the cross-references (:mod:`ddsim.scenarios.checks`). Every problem
becomes one :class:`~ddsim.scenarios.errors.ScenarioError`.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from functools import cached_property
from typing import Any

import yaml
from pydantic import ValidationError

from ddsim.errors import did_you_mean
from ddsim.scenarios.checks import Problem, check_scenario
from ddsim.scenarios.errors import ScenarioError, describe_validation, format_path, line_of
from ddsim.scenarios.schema import ScenarioSpec
from ddsim.scenarios.variants import apply_variant


class Scenario:
    """A checked scenario, ready to run.

    Build one with :func:`load_scenario` (from a file) or :meth:`from_dict`.

    Attributes:
        spec: The validated content (a pydantic model; read only).
        raw: The plain data it was built from.
        file: The file it came from, if any.
        variant_name: Which variant this is, or None for the base.
    """

    def __init__(
        self,
        spec: ScenarioSpec,
        raw: dict[str, Any],
        file: str | None = None,
        variant_name: str | None = None,
    ) -> None:
        self.spec, self.raw, self.file, self.variant_name = spec, raw, file, variant_name

    # --- construction ----------------------------------------------------
    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], *, file: str | None = None, _node: yaml.Node | None = None
    ) -> Scenario:
        """Check ``data`` (the content of a scenario file) and build a scenario.

        Raises:
            ScenarioError: Anything wrong with it, located as precisely as possible.
        """
        if not isinstance(data, Mapping):
            raise ScenarioError(
                "a scenario must be a mapping of keys (name:, steps:, states: ...), "
                f"not {type(data).__name__}",
                file=file,
            )
        raw = copy.deepcopy(dict(data))
        try:
            spec = ScenarioSpec.model_validate(raw)
            check_scenario(spec)
        except ValidationError as exc:
            loc, message = describe_validation(exc)
        except Problem as problem:
            loc, message = problem.loc, problem.message
        else:
            return cls(spec, raw, file)
        raise ScenarioError(message, file=file, line=line_of(_node, loc), path=format_path(loc))

    # --- variants --------------------------------------------------------
    @property
    def variant_names(self) -> list[str]:
        """Names of the variants to compare; ``["baseline"]`` if none are defined."""
        return list(self.spec.variants) or ["baseline"]

    def variant(self, name: str | None) -> Scenario:
        """Return the scenario with variant ``name`` applied (None or 'baseline': as is).

        Raises:
            ScenarioError: No variant of that name.
        """
        if name is None or (name == "baseline" and not self.spec.variants):
            return self
        if name not in self.spec.variants:
            raise ScenarioError(
                f"no variant {name!r}; {did_you_mean(name, self.variant_names)}"
                f"variants: {', '.join(self.variant_names)}",
                file=self.file,
                path="variants",
            )
        data = apply_variant(self.raw, self.spec.variants[name])
        resolved = Scenario.from_dict(data, file=self.file)
        resolved.variant_name = name
        return resolved

    # --- conveniences ----------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        """Fields of the content read directly: ``sc.steps``, ``sc.states``."""
        if name.startswith("_") or name == "spec":
            raise AttributeError(name)
        return getattr(self.spec, name)

    @property
    def state_ids(self) -> list[str]:
        return [s.id for s in self.spec.states]

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the scenario's content (canonical JSON), for manifests."""
        text = json.dumps(self.spec.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

    def replace(self, **changes: Any) -> Scenario:
        """Return a copy with top-level fields replaced (``steps=``, ``seed=`` ...), checked."""
        data = {**copy.deepcopy(self.raw), **changes}
        if "steps" in changes:  # a shorter horizon never reaches the later events
            for holder in [data, *(data.get("variants") or {}).values()]:
                if holder.get("events"):
                    holder["events"] = [e for e in holder["events"] if e["step"] <= data["steps"]]
        out = Scenario.from_dict(data, file=self.file)
        out.variant_name = self.variant_name
        return out

    def __repr__(self) -> str:
        variant = f", variant={self.variant_name!r}" if self.variant_name else ""
        size = f"{len(self.spec.states)} states, {self.spec.steps} steps"
        return f"<Scenario {self.name!r}: {size}{variant}>"
