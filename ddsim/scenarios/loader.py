"""Loading a scenario: from a file, a packaged scenario's name, or a dict.

A scenario is a YAML file (format in ``docs/scenarios.md``), or the name of
one that ships with ddsim (``load_scenario("rivals")``; ``ddsim list
scenarios`` lists them). A file that cannot be read, is not text, not YAML or
gives a key twice is refused here, with a :class:`ScenarioError` naming it;
what it holds is checked by :meth:`Scenario.from_dict`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from ddsim.errors import did_you_mean
from ddsim.scenarios.errors import ScenarioError
from ddsim.scenarios.packaged import SUFFIXES, packaged_scenarios
from ddsim.scenarios.scenario import Scenario


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key given twice in one mapping.

    Merge keys (``<<: *defaults``) are left to PyYAML, which lets the mapping's
    own keys override merged ones; unhashable keys are left to PyYAML's own error.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                continue
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def find_scenario(source: str | Path | Traversable) -> Path | Traversable:
    """Where the scenario ``source`` names is: a file that exists wins; a bare
    name (no folder; ``rivals`` or ``rivals.yaml``) that is not a file is looked
    up among the packaged scenarios (:func:`packaged_scenarios`).

    Raises:
        ScenarioError: A bare name that is neither a file, a folder nor a
            packaged scenario (the message lists the packaged ones). Any other
            path is returned as it is: reading it says what is wrong.
    """
    if not isinstance(source, str | Path):
        return source  # a packaged file already (importlib.resources)
    path = Path(source)
    if path.is_file() or len(path.parts) != 1:
        return path
    name = path.name.removesuffix(path.suffix) if path.suffix in SUFFIXES else path.name
    known = packaged_scenarios()
    if name in known:
        return known[name]
    if path.exists():
        return path  # a folder: reading it says so
    raise ScenarioError(
        f"no such file, and no packaged scenario of that name; {did_you_mean(name, known)}"
        "packaged scenarios: " + ", ".join(known),
        file=str(source),
    )


def load_scenario(source: str | Path | Traversable | Mapping[str, Any]) -> Scenario:
    """Load and check a scenario from a YAML file, a packaged scenario's name,
    or a dict.

    Args:
        source: Path to a ``.yaml`` file; or the name of a scenario that ships
            with ddsim (``"rivals"``; see :func:`find_scenario`); or the
            scenario's content as a dict.

    Raises:
        ScenarioError: The file is missing, unreadable, not YAML, or not a valid
            scenario, or no packaged scenario has that name; the message says
            where and what is allowed.

    Example:
        >>> sc = load_scenario("rivals")  # doctest: +SKIP
        >>> sc = load_scenario("scenarios/deterrence.yaml")  # doctest: +SKIP
    """
    if isinstance(source, Mapping):
        return Scenario.from_dict(source)
    path = find_scenario(source)
    # the file as the user named it, or where a packaged scenario's name led
    file = str(source) if isinstance(source, str | Path) and Path(source) == path else str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(
            "no such file (a scenario that ships with ddsim is named without a folder: "
            f"{', '.join(packaged_scenarios())})",
            file=file,
        ) from None
    except IsADirectoryError:
        raise ScenarioError("is a folder, not a scenario file", file=file) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read: {exc.strerror}", file=file) from None
    if b"\x00" in data:
        raise ScenarioError("not a text file (a YAML scenario was expected)", file=file)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"not UTF-8 text (byte {exc.start})", file=file) from None
    if not text.strip():
        raise ScenarioError(
            "the file is empty; a scenario needs at least name: and states:", file=file
        )
    try:
        node = yaml.compose(text, Loader=_UniqueKeyLoader)
        content = yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(
            f"not valid YAML: {problem}", file=file, line=mark.line + 1 if mark else None
        ) from None
    if content is None:
        raise ScenarioError(
            "the file holds no data; a scenario needs at least name: and states:", file=file
        )
    return Scenario.from_dict(content, file=file, _node=node)
