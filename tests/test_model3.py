"""Model 3's mechanisms in whole steps (the formulas are in test_escalation.py).

Shows of force are militarized incidents; a dispute has a course that acts
change; once force is used, acts build neither trust nor ties; a misread
friendly act is evidence, not force; onlookers judge betrayal as the victim
does; contention settles and hardens. Each test runs the batched engine on a
small scenario and could fail.
"""

from __future__ import annotations

import numpy as np
import pytest

from ddsim import load_scenario
from ddsim.core import escalation, onlookers
from ddsim.core.batch import Batch
from ddsim.core.parameters import Params
from ddsim.core.strategies.base import KIND_CODE


def pair(strategies=("coercive", "passive"), hostility=0, contention=0.0, trust=0.3, **params):
    """Two (or more) neighbours, rivals by their trust (below the threat
    threshold, so a coercive state shows them force); parameters override
    the defaults."""
    states = [{"id": f"S{k}", "strategy": s, "region": "north"} for k, s in enumerate(strategies)]
    spec = load_scenario(
        {
            "name": "pair",
            "steps": 60,
            "states": states,
            "relations": {
                "defaults": {"trust": trust, "hostility": hostility, "contention": contention}
            },
            "parameters": params,
        }
    )
    return spec


def batch(spec, reps=8):
    return Batch(spec, Params(spec.parameters), list(range(reps)))


def test_a_show_of_force_opens_a_dispute_at_display_and_the_log_counts_it():
    b = batch(pair(incident_rate=0.0, onset_rate=0.0))
    b.step()
    assert (b.coerced[:, 1, 0]).all()  # S0 showed force to S1 in every replication
    assert (b.pair_hostility[:, 0] >= escalation.DISPLAY).all()
    assert (b.step_new_disputes == 1).all()
    records = b.dispute_log.records(0)
    assert records["highest"].tolist() == [escalation.DISPLAY]
    assert not records["left_censored"][0]


def test_shows_of_force_keep_the_dispute_open_and_passive_states_end_it():
    """A dispute does not end in a step a side shows force; between two
    passive states it ends by its hazard (0.6+ a month)."""
    b = batch(pair(incident_rate=0.0, onset_rate=0.0))
    b.run_for(24)
    assert (b.pair_hostility[:, 0] >= escalation.DISPLAY).all()
    assert len(b.dispute_log.records(0)["onset"]) == 1  # one dispute, still open
    calm = batch(pair(("passive", "passive"), hostility=3, incident_rate=0.0, onset_rate=0.0))
    calm.run_for(24)
    assert (calm.pair_hostility == 0).all()


def test_answering_force_with_force_climbs():
    """Two coercive states: every step both show force, so the dispute climbs
    past a display (climb_chance a step, less with channels); without a drive's
    militarized move or an incident it goes no higher: it falls back to a
    display and climbs again."""
    b = batch(pair(("coercive", "coercive"), incident_rate=0.0, onset_rate=0.0), reps=40)
    highest = np.zeros(40, dtype=int)
    for _ in range(24):
        b.step()
        highest = np.maximum(highest, b.pair_hostility[:, 0])
    assert (highest >= escalation.FORCE).mean() > 0.9
    assert (highest < escalation.WAR).all()
    assert b.dispute_log.records(0)["reciprocated"][0]
    one_sided = batch(pair(incident_rate=0.0, onset_rate=0.0), reps=40)
    one_sided.run_for(24)
    assert (one_sided.pair_hostility[:, 0] == escalation.DISPLAY).all()  # nothing climbs


def test_at_use_of_force_friendly_acts_build_neither_trust_nor_ties():
    spec = pair(("noncoercive", "noncoercive"), hostility=escalation.FORCE, dispute_end=0.01)
    b = batch(spec)
    pos = b.evidence_pos.copy()
    b.step()
    at_force = b.start_hostility[:, 0] >= escalation.FORCE
    assert at_force.all()
    assert (b.ties == 0).all()
    assert np.array_equal(b.evidence_pos[:, 0, 1] > pos[:, 0, 1], np.zeros(8, dtype=bool))
    peace = batch(pair(("noncoercive", "noncoercive")))
    peace.step()
    assert (peace.ties[:, 0, 1] > 0).all() and (peace.evidence_pos[:, 0, 1] > 0).all()


def test_a_misread_friendly_act_is_not_force():
    """With friendly acts often misread, the target gathers negative evidence
    but perceives no force: a reciprocal strategy has nothing to answer, and
    no dispute opens."""
    spec = pair(("noncoercive", "reciprocal"), perception_noise=1.0, incident_rate=0.0)
    b = batch(spec)
    misread = 0
    for _ in range(12):
        b.step()
        misread += b.misread.sum()
        assert (b.received[:, 1, 0] >= 0).all()
        assert not b.coerced.any()
    assert misread > 0 and (b.evidence_neg[:, 1, 0] > 0).sum() >= 4


def test_onlookers_judge_betrayal_of_a_trusted_partner_as_the_victim_does():
    """The same show of force, seen by the same onlooker holding the same
    record of the actor, costs the actor more of that onlooker's trust when
    the victim had trusted it: part of the onlooker's good record turns to
    distrust (``betrayal``); with ``betrayal`` 0 only the evidence counts."""

    def drop(record_with_victim: float, betrayal: float) -> float:
        spec = pair(("passive", "passive", "passive"), betrayal=betrayal)
        b = batch(spec, reps=1)
        b.evidence_pos[0, 2, 0], b.evidence_neg[0, 2, 0] = 6.0, 2.0  # onlooker S2 of actor S0
        b.evidence_pos[0, 1, 0] = record_with_victim  # what the victim S1 had seen of S0
        b.update_trust()
        before = b.trust[0, 2, 0]
        act = np.array([0])
        kind = np.array([KIND_CODE["show_of_force"]])
        onlookers.spread_reputation(b, act, act, act + 1, kind, np.array([False]))
        b.update_trust()
        return before - b.trust[0, 2, 0]

    assert drop(20.0, 0.3) > drop(20.0, 0.0) > 0
    assert drop(0.0, 0.3) == pytest.approx(drop(0.0, 0.0))  # no record: no betrayal
    assert drop(20.0, 0.3) > 1.5 * drop(0.0, 0.3)


def test_contention_settles_with_ties_and_hardens_at_war():
    engaged = batch(pair(("noncoercive", "noncoercive"), contention=0.8, incident_rate=0.0))
    engaged.run_for(60)
    assert (engaged.contention < 0.8).all()
    at_war = batch(pair(("passive", "passive"), hostility=5, contention=0.5, war_exhaustion=0.001))
    at_war.run_for(3)
    still = at_war.pair_hostility[:, 0] == escalation.WAR
    assert still.any() and (at_war.contention[still, 0] > 0.5).all()
