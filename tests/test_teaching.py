"""The teaching guide: its example strategies load and behave as documented,
and every figure a lesson shows is in the repository."""

from __future__ import annotations

import copy
import re
import runpy
from pathlib import Path

import pytest

import ddsim
from ddsim.core.strategies import CLASSIFIER_KEYS

ROOT = Path(__file__).resolve().parent.parent
TEACHING = ROOT / "docs" / "teaching"
EXAMPLES = ("confidence_builder", "patient_reciprocator")


@pytest.fixture
def example_strategies():
    """Register the example strategies for one test, then restore the registry."""
    before = dict(ddsim.STRATEGIES)
    runpy.run_path(str(TEACHING / "example_strategies.py"))
    yield
    ddsim.STRATEGIES.clear()
    ddsim.STRATEGIES.update(before)


def rivals_with(ald: str, bor: str) -> ddsim.Scenario:
    sc = ddsim.load_scenario(ROOT / "scenarios" / "rivals.yaml")
    states = {"ALD": {"strategy": ald}, "BOR": {"strategy": bor}}
    return sc.replace(variants={"match": {"states": states}}).variant("match")


def aldoria_moves(scenario: ddsim.Scenario, steps: int, seed: int = 1) -> list[list[tuple]]:
    """What Aldoria's establishment carried out, step by step: [(kind, target id), ...]."""
    model = ddsim.DiplomacyModel(scenario, rng=seed)
    moves = []
    for _ in range(steps):
        model.step()
        moves.append([(k, model.ids[j]) for k, j in model.establishments_by_index[0].done])
    return moves


def test_example_file_registers_two_documented_strategies(example_strategies):
    for name in EXAMPLES:
        cls = ddsim.STRATEGIES[name]
        assert set(CLASSIFIER_KEYS) <= set(cls.classifier)
        assert "19" in cls.__doc__  # names its source (author, year)


def test_confidence_builder_never_coerces_even_when_coerced(example_strategies):
    moves = aldoria_moves(rivals_with("confidence_builder", "coercive"), steps=60)
    kinds = {kind for month in moves for kind, _ in month}
    assert kinds, "it should engage"
    assert not kinds & {"show_of_force", "coercive_deployment"}
    assert kinds & {"csbm", "high_level_visit", "arms_control_talks"}


def test_patient_reciprocator_answers_only_the_second_show_of_force(example_strategies):
    moves = aldoria_moves(rivals_with("patient_reciprocator", "coercive"), steps=6)
    force_at = [k for k, month in enumerate(moves, 1) if ("show_of_force", "BOR") in month]
    # Borea shows force from month 1; Aldoria perceives it from month 2, and
    # answers only once it has seen it two months running (month 3).
    assert force_at and force_at[0] == 3


def test_patient_reciprocator_never_coerces_a_cooperative_partner(example_strategies):
    moves = aldoria_moves(rivals_with("patient_reciprocator", "noncoercive"), steps=60)
    assert not any(kind == "show_of_force" for month in moves for kind, _ in month)


@pytest.mark.parametrize("name", EXAMPLES)
def test_a_student_strategy_decides_for_many_states_as_for_one(example_strategies, name):
    """The examples write only ``decide(view)``; when half the states of a
    ten-state region play one, the model asks each in turn, and its plan for
    every state is what that state decides alone, in valid engagements."""
    sc = ddsim.load_scenario(ROOT / "scenarios" / "regional.yaml")
    states = {s.id: {"strategy": name} for s in sc.states[::2]}
    sc = sc.replace(variants={"class": {"states": states}}).variant("class")
    m = ddsim.DiplomacyModel(sc, rng=3)
    bilateral = {k for k, a in m.catalogue.items() if a.mode == "bilateral"}
    for _ in range(24):
        plan = copy.deepcopy(m).decide_all()
        twin = copy.deepcopy(m)
        for state in twin.states_by_index:
            mine = plan.engagements(state.index)
            assert state.decide() == mine, (state.sid, m.steps)
            if state.strategy.name == name:
                partners = m.partners_of(state.index)
                assert all(k in bilateral and partners[j] for k, j in mine)
        m.step()
    done = [e for est in m.establishments_by_index[::2] for e in est.done]
    assert done, "the students' states should engage"


@pytest.mark.parametrize("lesson", sorted(TEACHING.glob("*.md")), ids=lambda p: p.name)
def test_every_figure_a_lesson_shows_exists(lesson):
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", lesson.read_text(encoding="utf-8")):
        assert (TEACHING / image).is_file(), f"{lesson.name} shows missing {image}"


def test_every_lesson_has_the_required_sections():
    for lesson in sorted(TEACHING.glob("lesson_*.md")):
        text = lesson.read_text(encoding="utf-8")
        for heading in (
            "## Learning goals",
            "## Scenario files",
            "## What to show",
            "## Questions for students",
            "## What the model leaves out",
        ):
            assert heading in text, f"{lesson.name} lacks '{heading}'"
