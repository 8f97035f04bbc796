"""Parameters are declared once, checked, and read by the model."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ddsim import DiplomacyModel, load_scenario
from ddsim.core.parameters import PARAMETERS, Params
from ddsim.scenarios import ScenarioError

PACKAGE = Path(__file__).resolve().parent.parent / "ddsim"


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_every_declaration_is_complete(name):
    p = PARAMETERS[name]
    assert p.name == name
    assert p.low <= p.default <= p.high
    assert p.unit.strip() and p.meaning.strip() and p.source.strip()
    assert p.group in {"trust", "ties", "escalation", "war", "metrics"}
    assert p.check(p.default) is None


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_every_parameter_is_read_by_the_model(name):
    declarations = PACKAGE / "core" / "parameters"
    code = "\n".join(f.read_text() for f in PACKAGE.rglob("*.py") if declarations not in f.parents)
    assert re.search(rf"\.{name}\b", code), f"{name} is declared but nothing reads it"


def test_check_refuses_out_of_range_and_non_numbers():
    p = PARAMETERS["forgetting"]
    assert "out of range" in p.check(0.5)
    assert "[0.0, 0.2]" in p.check(-0.1)
    assert "must be a number" in p.check("a lot")
    assert "must be a number" in p.check(True)
    assert p.check(0) is None and p.check(0.2) is None


def test_params_defaults_and_overrides():
    p = Params()
    assert p.as_dict() == {n: d.default for n, d in PARAMETERS.items()}
    q = Params({"forgetting": 0.1, "war_cost": 0})
    assert q.forgetting == 0.1 and q.war_cost == 0.0 and isinstance(q.war_cost, float)
    assert q.tie_decay == PARAMETERS["tie_decay"].default
    assert "forgetting" in repr(q) and "tie_decay" not in repr(q)


def test_params_refuses_unknown_and_out_of_range():
    with pytest.raises(KeyError, match="forgeting"):
        Params({"forgeting": 0.1})
    with pytest.raises(ValueError, match=r"forgetting.*out of range"):
        Params({"forgetting": 0.9})


def test_model_keywords_override_the_scenario():
    data = load_scenario("scenarios/rivals.yaml").raw
    data["parameters"] = {"forgetting": 0.1, "war_cost": 0.05}
    sc = load_scenario(data)
    m = DiplomacyModel(sc, rng=1, forgetting=0.0)
    assert m.params.forgetting == 0.0
    assert m.params.war_cost == 0.05
    with pytest.raises(ValueError, match="onset_rate"):
        DiplomacyModel(sc, rng=1, onset_rate=2.0)


@pytest.mark.parametrize("name", ["escalation_rate", "deescalation_rate", "dispute_fatigue"])
def test_parameters_of_the_old_ladder_are_refused(name):
    """Model 2 replaced the one-rung ladder (escalation_rate, deescalation_rate,
    dispute_fatigue) by onsets, highest levels and ends: a scenario that still
    names them is told so instead of being run with the value ignored."""
    with pytest.raises(KeyError, match=name):
        Params({name: 0.1})
    data = {"name": "old", "states": [{"id": "A"}, {"id": "B"}], "parameters": {name: 0.1}}
    with pytest.raises(ScenarioError, match=rf"parameters\.{name}: unknown parameter"):
        load_scenario(data)
