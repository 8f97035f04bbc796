"""A scenario's problems as the user sees them: :class:`ScenarioError`.

Every problem with a scenario, found by the schema (pydantic), by the
cross-reference checks or by the loader, becomes one :class:`ScenarioError`
naming the file, the line, the field path and what is allowed. This module
says where a problem is (:func:`format_path`, :func:`line_of`) and puts
pydantic's first error into those words (:func:`describe_validation`).
"""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ddsim.errors import InputError
from ddsim.scenarios.packaged import shown_name
from ddsim.scenarios.schema import ScenarioSpec


class ScenarioError(InputError):
    """A scenario that cannot be run, with where and why.

    ``str(error)`` is one line: ``file:line: field.path: what is wrong``, the
    file as the user named it (a packaged scenario by its name: :func:`shown_name`).
    """

    def __init__(
        self, message: str, *, file: str | None = None, line: int | None = None, path: str = ""
    ) -> None:
        self.message, self.file, self.line, self.path = message, file, line, path
        super().__init__(str(self))

    def __str__(self) -> str:
        where = shown_name(self.file) if self.file else "<scenario>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.path + ': ' if self.path else ''}{self.message}"


# --------------------------------------------------------------------------
# Paths and lines
# --------------------------------------------------------------------------
def format_path(loc: tuple[Any, ...]) -> str:
    """Render a location tuple as ``states[2].strategy``."""
    out = ""
    for part in loc:
        if part == "[key]":  # pydantic's marker for a bad key: the key itself names it
            continue
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        text = str(part) if str(part).isprintable() else repr(part)  # keep it one line
        out += f".{text}" if out else text
    return out


def line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """Line (1-based) of the YAML node at ``loc``, or of its nearest parent."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == str(part)), None)
            if child is None:  # an unknown key: point at the key itself
                child = next((k for k, _ in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if part < len(node.value) else None
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


# --------------------------------------------------------------------------
# What pydantic found, in the user's words
# --------------------------------------------------------------------------
def describe_validation(exc: ValidationError) -> tuple[tuple[Any, ...], str]:
    """Where the first of pydantic's errors is, and what is wrong there (with
    the allowed keys after an unknown one, and how many more problems there are)."""
    errors = exc.errors()
    first = errors[0]
    loc = tuple(first["loc"])
    message = _describe(first)
    if first["type"] == "extra_forbidden":
        message += _allowed_keys(loc)
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' * (len(errors) > 2)})"
    return loc, message


def _describe(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "extra_forbidden":
        return "unknown key"  # the allowed keys are added by the caller
    if kind == "missing":
        return "required field is missing"
    if kind == "literal_error":
        return f"{error['input']!r} is not allowed; allowed: {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        return (
            f"{error['input']!r} is not a valid identifier (letters, digits, _ or -, "
            "starting with a letter; scenario names in lower case)"
        )
    return f"{error['msg'].replace('Input should', 'should')} (got {error['input']!r})"


def _allowed_keys(loc: tuple[Any, ...]) -> str:
    """``; allowed: a, b, c`` for the mapping that holds the unknown key at ``loc``."""
    model: type[BaseModel] | None = ScenarioSpec
    skip_key = False  # the next part is a key of a dict (a variant name, a state id)
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        if skip_key:
            skip_key = False
            continue
        field = model.model_fields.get(str(part)) if model else None
        if field is None:
            return ""
        skip_key = _is_dict(field.annotation)
        model = next(iter(_inner_models(field.annotation)), None)
    return f"; allowed: {', '.join(model.model_fields)}" if model else ""


def _is_dict(annotation: Any) -> bool:
    if getattr(annotation, "__origin__", None) is dict:
        return True
    return any(_is_dict(arg) for arg in getattr(annotation, "__args__", ()))


def _inner_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()):
        out += _inner_models(arg)
    return out
