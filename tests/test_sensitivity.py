"""Sensitivity analysis: our SALib wrapper against known answers, and on the model."""

import numpy as np
import pytest

import ddsim
from ddsim.cli import main
from ddsim.core.parameters import PARAMETERS
from ddsim.experiments import sensitivity

ISHIGAMI = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    """Ishigami & Homma (1990): y = sin x1 + a sin^2 x2 + b x3^4 sin x1."""
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_problem_is_built_from_the_declared_parameters():
    prob = sensitivity.problem()
    assert prob["names"] == list(PARAMETERS)
    assert prob["bounds"] == [[p.low, p.high] for p in PARAMETERS.values()]
    sub = sensitivity.problem({"forgetting": (0.01, 0.1)})
    assert sub == {"num_vars": 1, "names": ["forgetting"], "bounds": [[0.01, 0.1]]}
    assert sensitivity.problem(["tie_decay"])["bounds"] == [[0.0, 0.2]]
    with pytest.raises(KeyError, match="nonsense"):
        sensitivity.problem(["nonsense"])


def test_sobol_indices_of_the_ishigami_function_match_the_published_values():
    """Analytic values (Ishigami & Homma 1990; Saltelli et al. 2008, Global
    Sensitivity Analysis: The Primer, sec. 4.5): S1 = 0.314, 0.442, 0.0 and
    ST = 0.558, 0.442, 0.244. Tolerance 0.04 at 4096 base samples (61,440 runs),
    several times the Monte Carlo error of Saltelli's estimator at that size."""
    x = sensitivity.sample("sobol", ISHIGAMI, 4096, seed=11)
    assert x.shape == (sensitivity.design_size("sobol", 4096, 3), 3)
    table = sensitivity.analyse("sobol", ISHIGAMI, x, ishigami(x), seed=11)
    np.testing.assert_allclose(table["S1"], [0.314, 0.442, 0.0], atol=0.04)
    np.testing.assert_allclose(table["ST"], [0.558, 0.442, 0.244], atol=0.04)
    assert (table["S1_conf"] > 0).all() and (table["S1_conf"] < 0.1).all()


def test_morris_recovers_the_slopes_of_a_linear_function():
    """For y = 3 x1 + 0 x2 - x3 on [0, 1]^3 every elementary effect is the slope:
    mu* = (3, 0, 1), mu = (3, 0, -1), sigma = 0, whatever the trajectories."""
    prob = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[0, 1]] * 3}
    x = sensitivity.sample("morris", prob, 20, seed=3)
    assert x.shape == (sensitivity.design_size("morris", 20, 3), 3)
    table = sensitivity.analyse("morris", prob, x, 3 * x[:, 0] - x[:, 2], seed=3)
    np.testing.assert_allclose(table["mu_star"], [3, 0, 1], atol=1e-9)
    np.testing.assert_allclose(table["mu"], [3, 0, -1], atol=1e-9)
    np.testing.assert_allclose(table["sigma"], [0, 0, 0], atol=1e-9)


def test_morris_ranks_the_ishigami_inputs():
    """x1 and x2 dominate x3 in mu* (Campolongo et al. 2007, table 2 ranks x1 > x2 > x3)."""
    x = sensitivity.sample("morris", ISHIGAMI, 200, seed=5)
    table = sensitivity.analyse("morris", ISHIGAMI, x, ishigami(x), seed=5)
    mu_star = dict(zip(table["parameter"], table["mu_star"], strict=True))
    assert min(mu_star["x1"], mu_star["x2"]) > mu_star["x3"]


def test_samples_are_checked():
    assert sensitivity.check_samples("sobol", 64) is None
    assert "power of 2" in sensitivity.check_samples("sobol", 48)
    assert "try 64" in sensitivity.check_samples("sobol", 48)
    assert sensitivity.check_samples("morris", 1)


def test_a_small_morris_run_on_rivals_ranks_every_declared_parameter(tmp_path):
    res = ddsim.sweep(
        "scenarios/rivals.yaml",
        method="morris",
        samples=2,
        replications=1,
        steps=24,
        outcome="mean_hostility",
    )
    assert len(res.points) == 2 * (len(PARAMETERS) + 1)
    table = res.sensitivity
    assert set(table["outcome"]) == {"war_probability", "mean_hostility", "final_mean_trust"}
    hostility = table[table["outcome"] == "mean_hostility"]
    assert list(hostility["parameter"]) == list(PARAMETERS)
    assert np.isfinite(hostility["mu_star"]).all()
    assert (hostility["mu_star"] > 0).any()  # something moves the outcome


def test_sobol_command_writes_indices_and_a_figure(tmp_path):
    out = tmp_path / "sobol"
    argv = ["sweep", "scenarios/rivals.yaml", "-m", "sobol", "--samples", "4"]
    argv += ["-p", "perception_noise", "-p", "onset_rate=0.005:0.05"]
    assert main([*argv, "-n", "1", "--steps", "24", "-o", str(out), "-q"]) == 0
    files = {p.name for p in out.iterdir()}
    assert {"sensitivity.csv", "sensitivity_war_probability.png", "points.csv"} <= files
    import pandas as pd

    table = pd.read_csv(out / "sensitivity.csv")
    assert list(table.columns) == ["outcome", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
    assert len(table) == 3 * 2
    points = pd.read_csv(out / "points.csv")
    assert len(points) == 4 * (2 + 2)
    assert points["onset_rate"].between(0.005, 0.05).all()
