"""The action catalogue: data, the required kinds, overrides."""

from __future__ import annotations

import copy

import pytest

from ddsim import DiplomacyModel, load_scenario
from ddsim.core.actions import (
    ACTION_KINDS,
    COERCIVE_KINDS,
    COOPERATIVE_KINDS,
    DEFAULT_ACTIONS,
    OVERRIDABLE,
    build_catalogue,
)
from ddsim.core.metrics import reporters

REQUIRED = {
    "personnel_exchange",
    "staff_talks",
    "high_level_visit",
    "ship_visit",
    "joint_exercise",
    "regional_forum",
    "csbm",
    "humanitarian_assistance",
    "arms_control_talks",
    "show_of_force",
    "coercive_deployment",
}


def test_the_eleven_required_kinds_are_there():
    assert set(ACTION_KINDS) >= REQUIRED
    assert set(COERCIVE_KINDS) == {"show_of_force", "coercive_deployment"}
    assert set(COOPERATIVE_KINDS) | set(COERCIVE_KINDS) == set(ACTION_KINDS)


@pytest.mark.parametrize("kind", sorted(DEFAULT_ACTIONS))
def test_every_row_is_in_range(kind):
    a = DEFAULT_ACTIONS[kind]
    assert a.kind == kind
    assert a.mode in ("bilateral", "multilateral")
    assert a.valence in (-1, 1)
    assert a.dimension in ("ability", "benevolence", "integrity")
    assert a.meaning.strip()
    for name, (low, high) in OVERRIDABLE.items():
        assert low <= getattr(a, name) <= high, name
    assert (a.ties < 0) == (not a.cooperative)  # coercion strains ties, engagement builds them


def test_only_forums_are_multilateral():
    multilateral = {k for k, a in DEFAULT_ACTIONS.items() if a.mode == "multilateral"}
    assert multilateral == {"regional_forum"}


def test_costly_signals_are_more_credible():
    # Kydd: a deployment is a costlier, more credible threat than a show of force
    a = DEFAULT_ACTIONS
    assert a["coercive_deployment"].credibility > a["show_of_force"].credibility
    assert a["staff_talks"].credibility < a["joint_exercise"].credibility


def test_overrides_apply_and_leave_the_defaults_alone():
    before = copy.deepcopy(DEFAULT_ACTIONS)
    catalogue = build_catalogue({"ship_visit": {"cost": 7.0, "visibility": 0.1}})
    assert catalogue["ship_visit"].cost == 7.0 and catalogue["ship_visit"].visibility == 0.1
    assert catalogue["ship_visit"].credibility == before["ship_visit"].credibility
    assert catalogue["csbm"] == before["csbm"]
    assert before == DEFAULT_ACTIONS
    assert build_catalogue() == DEFAULT_ACTIONS


def test_a_scenario_and_its_variant_override_the_catalogue():
    data = load_scenario("scenarios/rivals.yaml").raw
    data["actions"] = {"csbm": {"cost": 5}}
    data["variants"] = {"cheap": {"actions": {"csbm": {"channel": 0.9}}}}
    sc = load_scenario(data)
    base = DiplomacyModel(sc, rng=1).catalogue["csbm"]
    assert (base.cost, base.channel) == (5, DEFAULT_ACTIONS["csbm"].channel)
    cheap = DiplomacyModel(sc, rng=1, variant="cheap").catalogue["csbm"]
    assert (cheap.cost, cheap.channel) == (5, 0.9)


def test_every_kind_has_a_timeseries_column():
    assert {f"actions_{k}" for k in ACTION_KINDS} <= set(reporters())
