"""The documentation and the shipped scenarios agree with the code.

- every scenario in scenarios/ loads, and every one of its variants applies;
- docs/model.md names every declared parameter, every action kind and every
  strategy, and its generated tables are exactly what docs/make_tables.py
  writes from the code today;
- docs/calibration.md's targets tables are what docs/make_tables.py writes
  from the stored targets.json;
- docs/scenarios.md names every top-level key of the scenario schema, and its
  worked example is a valid scenario;
- the figures that docs/model.md shows exist.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

from ddsim.cli import main
from ddsim.core.actions import ACTION_KINDS, OVERRIDABLE
from ddsim.core.parameters import PARAMETERS
from ddsim.core.strategies import STRATEGIES
from ddsim.scenarios import ScenarioSpec, VariantSpec, load_scenario

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="module")
def model_md() -> str:
    return (DOCS / "model.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def scenarios_md() -> str:
    return (DOCS / "scenarios.md").read_text(encoding="utf-8")


def _load_module(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the scenarios ------------------------------------------------------------
def test_there_are_scenarios():
    names = {p.stem for p in SCENARIOS}
    assert {"rivals", "deterrence", "regional", "blocs", "world"} <= names


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_scenario_and_variant_validates(path):
    sc = load_scenario(path)
    assert sc.description and len(sc.description.split()) >= 20, "a student needs a description"
    for name in sc.variant_names:
        assert sc.variant(name).spec.states  # applying the variant is checked too


def test_validate_command_accepts_every_scenario(capsys):
    assert main(["validate", *map(str, SCENARIOS)]) == 0
    out = capsys.readouterr().out
    assert out.count(": ok (") == len(SCENARIOS)


@pytest.mark.parametrize("name", ["regional", "blocs"])
def test_new_scenarios_have_variants_with_descriptions(name):
    sc = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    assert len(sc.variant_names) >= 3
    assert all(sc.spec.variants[v].description for v in sc.variant_names)


def test_regional_scenario_is_a_security_complex():
    sc = load_scenario(ROOT / "scenarios" / "regional.yaml")
    assert 8 <= len(sc.states) <= 12
    assert sc.forums and sc.forums[0].every == 12
    assert {s.disposition for s in sc.states} == {"security_seeker", "revisionist"}
    assert len({str(s.strategy) for s in sc.states}) >= 4  # a mix of strategies
    assert sc.variant("forum_doubled").forums[0].every == 6
    assert sc.variant("no_forum").forums == []


def test_blocs_scenario_has_two_blocs_and_a_cross_bloc_rivalry():
    sc = load_scenario(ROOT / "scenarios" / "blocs.yaml")
    blocs = [set(a.members) for a in sc.alliances]
    assert len(blocs) == 2 and not blocs[0] & blocs[1]
    assert all(3 <= len(b) <= 4 for b in blocs)
    north, south = blocs
    assert any(
        p.hostility
        and {p.between[0] in north, p.between[1] in north} == {True, False}
        and set(p.between) <= north | south
        for p in sc.relations.pairs
    ), "no rivalry across the blocs"


# --- docs/model.md ------------------------------------------------------------
@pytest.mark.parametrize("name", list(PARAMETERS))
def test_model_md_mentions_every_parameter(model_md, name):
    assert f"`{name}`" in model_md


@pytest.mark.parametrize("kind", ACTION_KINDS)
def test_model_md_mentions_every_action(model_md, kind):
    assert f"`{kind}`" in model_md


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_model_md_mentions_every_strategy(model_md, name):
    assert f"`{name}`" in model_md


def test_model_md_tables_match_the_code(model_md):
    tables = _load_module(DOCS / "make_tables.py")
    assert tables.fill(model_md) == model_md, "run: PYTHONPATH=$PWD python docs/make_tables.py"


def test_calibration_md_tables_match_the_stored_targets():
    calibration_md = (DOCS / "calibration.md").read_text(encoding="utf-8")
    tables = _load_module(DOCS / "make_tables.py")
    assert tables.fill(calibration_md, tables.CALIBRATION_TABLES) == calibration_md, (
        "run: PYTHONPATH=$PWD python docs/make_tables.py"
    )


def test_parameter_table_rows_hold_the_declared_values():
    tables = _load_module(DOCS / "make_tables.py")
    rows = {
        re.match(r"\| `(\w+)`", line).group(1): line
        for line in tables.parameter_table().splitlines()[2:]
    }
    assert set(rows) == set(PARAMETERS)
    for name, p in PARAMETERS.items():
        assert f"| {p.default:.4g} | [{p.low:.4g}, {p.high:.4g}] |" in rows[name]


def test_model_md_has_the_odd_sections(model_md):
    headings = re.findall(r"^## (.+)$", model_md, flags=re.MULTILINE)
    for section in [
        "Purpose and patterns",
        "Entities, state variables and scales",
        "Process overview and scheduling",
        "Design concepts",
        "Initialization",
        "Input data",
        "Submodels",
    ]:
        assert any(section in h for h in headings), section


def test_model_md_figures_exist(model_md):
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", model_md)
    assert images
    for image in images:
        assert (DOCS / image).is_file(), image


# --- docs/scenarios.md ----------------------------------------------------------
@pytest.mark.parametrize("key", list(ScenarioSpec.model_fields))
def test_scenarios_md_mentions_every_top_level_key(scenarios_md, key):
    assert f"`{key}`" in scenarios_md


@pytest.mark.parametrize("key", list(VariantSpec.model_fields))
def test_scenarios_md_mentions_every_variant_key(scenarios_md, key):
    assert f"`{key}`" in scenarios_md


@pytest.mark.parametrize("field", list(OVERRIDABLE))
def test_scenarios_md_mentions_every_overridable_action_field(scenarios_md, field):
    assert f"`{field}`" in scenarios_md


def test_scenarios_md_worked_example_is_valid(scenarios_md):
    block = re.search(r"```yaml\n(name: strait.*?)```", scenarios_md, flags=re.DOTALL)
    assert block, "the worked example is missing"
    sc = load_scenario(yaml.safe_load(block.group(1)))
    assert sc.variant_names == ["engagement", "deterrence", "no_dialogue"]
    for name in sc.variant_names:
        sc.variant(name)
