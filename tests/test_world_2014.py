"""The real world of 2014 (scenarios/world_2014.yaml) is what the data say."""

import pytest

from ddsim import DiplomacyModel, load_scenario
from ddsim.calibration.moments import rival_pairs
from ddsim.calibration.world_2014 import GENERATOR, world_2014
from ddsim.scenarios import PACKAGED
from ddsim.scenarios.make_world import generated_text


@pytest.fixture(scope="module")
def content():
    return world_2014()


def test_the_committed_file_is_what_the_script_makes_from_the_data(content):
    committed = (PACKAGED / "world_2014.yaml").read_text()
    assert committed == generated_text(content, GENERATOR)


def test_the_state_system_of_2014(content):
    ids = [s["id"] for s in content["states"]]
    assert len(ids) == len(set(ids)) == 195  # COW system members in 2014
    majors = sorted(s["id"] for s in content["states"] if s.get("major"))
    assert majors == ["CHN", "FRN", "GMY", "JPN", "RUS", "UKG", "USA"]
    capability = {s["id"]: s["capability"] for s in content["states"]}
    assert capability["CHN"] > capability["USA"] > capability["IND"] > capability["CAN"]
    revisionists = sum(s["disposition"] == "revisionist" for s in content["states"])
    # REVISIONIST_SHARE (0.1) of 195 drawn: between 5% and 15%, and the same every time
    assert 10 <= revisionists <= 29


def test_relevance_rivalries_and_pacts_come_from_the_data(content):
    contiguous = {frozenset(p) for p in content["contiguity"]}
    assert frozenset(["USA", "CAN"]) in contiguous and frozenset(["USA", "MEX"]) in contiguous
    assert frozenset(["USA", "FRN"]) not in contiguous
    rivals = {frozenset(p["between"]): p for p in content["relations"]["pairs"]}
    assert frozenset(["IND", "PAK"]) in rivals and frozenset(["PRK", "ROK"]) in rivals
    assert all(p["trust"] < 0.5 and p["hostility"] >= 1 for p in rivals.values())
    # contention from the rivalry's types: India-Pakistan disputes territory and position
    assert rivals[frozenset(["IND", "PAK"])]["contention"] == pytest.approx(1 - 0.2 * 0.5)
    assert all(0 < p["contention"] <= 1 for p in rivals.values())
    allied = [set(a["members"]) for a in content["alliances"]]
    assert any({"USA", "CAN", "UKG", "FRN", "GMY"} <= group for group in allied)  # NATO
    assert not any({"USA", "RUS"} <= group for group in allied)


def test_it_loads_and_every_variant_checks():
    sc = load_scenario("scenarios/world_2014.yaml")
    assert {s.disposition for s in sc.states} == {"security_seeker", "revisionist"}
    assert sc.variant_names == ["status_quo", "everyone_engages", "majors_coerce"]
    for name in sc.variant_names:
        sc.variant(name)


def test_the_rival_pairs_the_rivalry_check_counts_are_the_scenarios_rivalries(content):
    model = DiplomacyModel(load_scenario("scenarios/world_2014.yaml"), rng=0)
    rival = rival_pairs(model)
    i, j = (side[rival] for side in model.pairs)
    found = {frozenset((model.ids[a], model.ids[b])) for a, b in zip(i, j, strict=True)}
    assert found == {frozenset(p["between"]) for p in content["relations"]["pairs"]}
    assert len(found) == 42
