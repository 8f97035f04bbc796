"""The scenario object: variants, replace, digest, errors (the valid paths;
malformed files are in test_scenario_errors.py)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from ddsim import Scenario, ScenarioError, load_scenario
from ddsim.scenarios import format_path

RIVALS = Path(__file__).resolve().parent.parent / "scenarios" / "rivals.yaml"


@pytest.fixture
def rivals() -> Scenario:
    return load_scenario(RIVALS)


def test_fields_read_directly(rivals):
    assert rivals.name == "rivals" and rivals.steps == 240 and rivals.seed == 7
    assert rivals.state_ids == ["ALD", "BOR", "CET"]
    assert rivals.file == str(RIVALS)
    assert "3 states, 240 steps" in repr(rivals)


def test_a_variant_applies_its_changes_and_leaves_the_base_alone(rivals):
    deterrence = rivals.variant("deterrence")
    assert deterrence.variant_name == "deterrence"
    assert deterrence.states[0].strategy == "coercive"
    assert deterrence.states[1] == rivals.states[1]
    assert rivals.states[0].strategy == "noncoercive"
    assert rivals.variant("engagement").spec.states == rivals.spec.states
    assert deterrence.variants == {}


def test_variant_changes_to_lists_replace_and_to_tables_merge():
    data = copy.deepcopy(load_scenario(RIVALS).raw)
    data["parameters"] = {"forgetting": 0.05, "war_cost": 0.02}
    data["actions"] = {"csbm": {"cost": 3}}
    data["variants"] = {
        "v": {
            "parameters": {"forgetting": 0.1},
            "actions": {"csbm": {"channel": 0.5}},
            "alliances": [],
            "states": {"CET": {"capability": 0.9}},
        }
    }
    v = load_scenario(data).variant("v")
    assert v.parameters == {"forgetting": 0.1, "war_cost": 0.02}
    assert v.actions == {"csbm": {"cost": 3, "channel": 0.5}}
    assert v.alliances == []
    assert v.states[2].capability == 0.9 and v.states[2].strategy == {"name": "grit", "step": 0.1}


def test_variant_names_and_baseline(rivals):
    assert rivals.variant_names == ["engagement", "deterrence"]
    plain = load_scenario({"name": "plain", "states": [{"id": "A"}, {"id": "B"}]})
    assert plain.variant_names == ["baseline"]
    assert plain.variant("baseline") is plain and plain.variant(None) is plain


def test_unknown_variant(rivals):
    with pytest.raises(ScenarioError) as error:
        rivals.variant("nope")
    assert str(error.value) == (
        f"{RIVALS}: variants: no variant 'nope'; variants: engagement, deterrence"
    )


def test_replace_checks_and_drops_events_past_the_new_horizon(rivals):
    short = rivals.replace(steps=30)
    assert short.steps == 30 and short.events == []
    assert rivals.steps == 240 and len(rivals.events) == 1
    assert rivals.replace(steps=60).events == rivals.events
    with pytest.raises(ScenarioError, match="steps"):
        rivals.replace(steps=0)


def test_replace_keeps_the_variant_name(rivals):
    assert rivals.variant("deterrence").replace(seed=3).variant_name == "deterrence"


def test_digest_follows_the_content(rivals):
    assert rivals.digest == load_scenario(RIVALS).digest
    assert len(rivals.digest) == 64
    assert rivals.replace(seed=8).digest != rivals.digest
    assert rivals.variant("deterrence").digest != rivals.digest


def test_loading_a_dict_equals_loading_the_file(rivals):
    assert load_scenario(rivals.raw).digest == rivals.digest


def test_error_format():
    error = ScenarioError("bad", file="x.yaml", line=3, path="states[2].strategy")
    assert str(error) == "x.yaml:3: states[2].strategy: bad"
    assert str(ScenarioError("bad")) == "<scenario>: bad"
    assert format_path(("states", 2, "strategy")) == "states[2].strategy"
    assert format_path(("variants", "a", "states", "X", "strategy")) == (
        "variants.a.states.X.strategy"
    )
