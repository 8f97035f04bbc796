"""The validation-only strategies (``talk_only``, ``richardson``) never leak
into the global registry that tournaments, ``ddsim list strategies`` and the
dashboard list."""

import subprocess
import sys

import pytest

from ddsim import STRATEGIES, DiplomacyModel
from ddsim.experiments import validation as v

OWN = {cls.name for cls in v.INSTRUMENTS}


def test_importing_ddsim_validation_leaves_the_registry_unchanged():
    code = (
        "import ddsim; before = dict(ddsim.STRATEGIES); import ddsim.experiments.validation; "
        "assert ddsim.STRATEGIES == before, set(ddsim.STRATEGIES) ^ set(before)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_validation_strategies_exist_only_inside_the_block():
    before = dict(STRATEGIES)
    with v.validation_strategies():
        assert set(STRATEGIES) >= OWN
        DiplomacyModel(v.scenario("costly_signals"), rng=1).step()
    assert before == STRATEGIES


def test_they_are_removed_even_when_the_block_raises():
    before = dict(STRATEGIES)
    with pytest.raises(RuntimeError), v.validation_strategies():
        raise RuntimeError("boom")
    assert before == STRATEGIES


def test_an_experiment_leaves_the_registry_as_it_found_it():
    before = dict(STRATEGIES)
    v.richardson(reactions=(0.1,), replications=2, steps=12)
    assert before == STRATEGIES
