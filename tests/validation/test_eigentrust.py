"""Kamvar, Schlosser & Garcia-Molina (2003), EigenTrust: the global
reputation is the stationary vector of t = d C^T t + (1 - d) p, with C the
row-normalised local trust and p the pre-trust; this is PageRank with
damping d and personalisation p.

Hand-solvable test vector: a star of three peers where peers 2 and 3 trust
only peer 1 and peer 1 trusts 2 and 3 equally. With d = 0.85:
* uniform pre-trust: t1 = (d + (1 - d)/3) / (1 + d) = 18/37, t2 = t3 = 19/74;
* all pre-trust on peer 1: t1 = 1 / (1 + d) = 20/37, t2 = t3 = 17/74.
"""

import networkx as nx
import numpy as np
import pytest

from ddsim import DiplomacyModel, load_scenario
from ddsim.core import trust

STAR = np.array([[1.0, 0.4, 0.4], [0.9, 1.0, 0.0], [0.7, 0.0, 1.0]])  # scale is irrelevant


@pytest.mark.parametrize(
    ("pretrust", "expected"),
    [
        (None, [18 / 37, 19 / 74, 19 / 74]),
        ([1.0, 0.0, 0.0], [20 / 37, 17 / 74, 17 / 74]),
    ],
)
def test_star_by_hand(pretrust, expected):
    got = trust.global_reputation(STAR, damping=0.85, pretrust=pretrust)
    assert np.allclose(got, expected, rtol=0, atol=1e-10)


def _graph(matrix):
    g = nx.DiGraph()
    n = len(matrix)
    g.add_weighted_edges_from(
        (i, j, matrix[i, j]) for i in range(n) for j in range(n) if i != j and matrix[i, j] > 0
    )
    g.add_nodes_from(range(n))
    return g


@pytest.mark.parametrize("pretrust", [None, [1.0, 0.0, 0.0], [0.2, 0.5, 0.3]])
def test_star_equals_networkx_pagerank(pretrust):
    personal = None if pretrust is None else dict(enumerate(pretrust))
    ref = nx.pagerank(_graph(STAR), alpha=0.85, personalization=personal, tol=1e-12, max_iter=1000)
    got = trust.global_reputation(STAR, damping=0.85, pretrust=pretrust)
    assert np.allclose(got, [ref[k] for k in range(3)], rtol=0, atol=1e-9)


def test_a_peer_that_trusts_nobody_passes_its_share_by_pretrust():
    """Kamvar et al. sec. 4.3; networkx does the same with dangling nodes."""
    matrix = np.array([[1, 0.5, 0.2, 0.0], [0.3, 1, 0.6, 0.1], [0, 0, 1, 0], [0.9, 0.1, 0.4, 1]])
    pretrust = [0.1, 0.2, 0.3, 0.4]
    ref = nx.pagerank(
        _graph(matrix),
        alpha=0.85,
        personalization=dict(enumerate(pretrust)),
        tol=1e-12,
        max_iter=1000,
    )
    got = trust.global_reputation(matrix, damping=0.85, pretrust=pretrust)
    assert np.allclose(got, [ref[k] for k in range(4)], rtol=0, atol=1e-9)


def test_model_reputation_equals_pagerank_of_its_trust_graph():
    model = DiplomacyModel(load_scenario("scenarios/rivals.yaml"), rng=5, variant="deterrence")
    model.run_for(36)
    ref = nx.pagerank(model.trust_graph, alpha=0.85, weight="trust", tol=1e-12, max_iter=1000)
    got = model.global_reputation()
    assert got.keys() == ref.keys()
    assert all(abs(got[k] - ref[k]) < 1e-9 for k in got), (got, ref)
