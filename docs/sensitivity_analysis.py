"""What drives escalation? Morris screening, then Sobol indices on the top parameters.

Outcomes, per parameter set, averaged over ``REPLICATIONS`` replications (the
same seeds for every set: common random numbers):

* ``war``: share of pairs of states that fight a war at some step (the
  chance that a given pair goes to war within the horizon; whether *any* war
  happens in the region is nearly always yes at the defaults, so it carries
  no information);
* ``hostility``: mean MID level over all pairs and steps.

Inputs: every model parameter of ``ddsim.core.parameters.PARAMETERS`` over
its declared range, except ``community_threshold`` (it only changes a metric).

Run from the repository root. The full budget (20 Morris trajectories, Sobol
N = 256: the budget of docs/validation.md) took 40 minutes with 2 workers on
a busy machine with Model 3's 43 parameters; ``--trajectories 10 --sobol-n
64`` about a third of that::

    PYTHONPATH=. python docs/sensitivity_analysis.py [--workers 2] [--plot-only]
        [--trajectories 20] [--sobol-n 256]

It writes ``docs/img/validation/morris.png``, ``sobol.png`` and the tables
``morris.csv`` and ``sobol.csv`` beside them. When ``ddsim sweep --method
morris|sobol`` exists this script can call it instead of SALib directly.
"""

from __future__ import annotations

import argparse
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

from ddsim import DiplomacyModel, load_scenario
from ddsim.core.parameters import PARAMETERS
from ddsim.experiments.jobs import replication_seed

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "validation" / "regional.yaml"
OUT = ROOT / "docs" / "img" / "validation"
EXCLUDED = {"community_threshold"}
REPLICATIONS = 3
TRAJECTORIES = 20  # Morris: (parameters + 1) x TRAJECTORIES sets
SOBOL_N = 256  # Sobol: SOBOL_N x (top + 2) sets (first and total order)
TOP = 5
OUTCOMES = ("war", "hostility")


def problem() -> dict:
    names = [n for n in PARAMETERS if n not in EXCLUDED]
    return {
        "num_vars": len(names),
        "names": names,
        "bounds": [[PARAMETERS[n].low, PARAMETERS[n].high] for n in names],
    }


def evaluate(args: tuple[dict[str, float], list[int]]) -> tuple[float, float]:
    """War share and mean hostility of the regional scenario under ``params``."""
    params, seeds = args
    scenario = load_scenario(SCENARIO)
    wars, hostility = [], []
    for seed in seeds:
        model = DiplomacyModel(scenario, rng=seed, **params)
        fought = np.zeros(len(model.pair_hostility), dtype=bool)
        for _ in range(scenario.steps):
            model.step()
            fought |= model.pair_hostility == 5
        wars.append(fought.mean())
        hostility.append(np.mean(model.datacollector.model_vars["mean_hostility"][1:]))
    return float(np.mean(wars)), float(np.mean(hostility))


def run_all(names: list[str], x: np.ndarray, workers: int, fixed: dict | None = None) -> np.ndarray:
    seeds = [replication_seed(load_scenario(SCENARIO).seed, k) for k in range(REPLICATIONS)]
    jobs = [
        ({**(fixed or {}), **dict(zip(names, map(float, row), strict=True))}, seeds) for row in x
    ]
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        return np.array(list(pool.map(evaluate, jobs, chunksize=4)))


def morris(workers: int, trajectories: int = TRAJECTORIES) -> pd.DataFrame:
    prob = problem()
    x = morris_sample.sample(prob, trajectories, num_levels=4, seed=1)
    y = run_all(prob["names"], x, workers)
    frames = []
    for k, outcome in enumerate(OUTCOMES):
        res = morris_analyze.analyze(prob, x, y[:, k], num_levels=4, seed=2)
        frames.append(res.to_df().assign(outcome=outcome))
    return pd.concat(frames).rename_axis("parameter").reset_index()


def top_parameters(screen: pd.DataFrame, k: int = TOP) -> list[str]:
    """The ``k`` parameters with the largest mu* (scaled per outcome, summed)."""
    scaled = screen.assign(
        score=screen["mu_star"] / screen.groupby("outcome")["mu_star"].transform("max")
    )
    return list(scaled.groupby("parameter")["score"].sum().nlargest(k).index)


def sobol(names: list[str], workers: int, n: int = SOBOL_N) -> pd.DataFrame:
    prob = {
        "num_vars": len(names),
        "names": names,
        "bounds": [[PARAMETERS[n].low, PARAMETERS[n].high] for n in names],
    }
    x = sobol_sample.sample(prob, n, calc_second_order=False, seed=3)
    y = run_all(names, x, workers)
    frames = []
    for k, outcome in enumerate(OUTCOMES):
        res = sobol_analyze.analyze(prob, y[:, k], calc_second_order=False, seed=4)
        total, first = res.to_df()
        frames.append(first.join(total).assign(outcome=outcome))
    return pd.concat(frames).rename_axis("parameter").reset_index()


def label_top(ax, top: pd.DataFrame) -> None:
    """Name the top points, labels spread upwards so that close points stay
    readable, each tied to its point by a thin line."""
    span = max(top["sigma"].max(), 1e-9)
    y_prev = -np.inf
    for _, row in top.sort_values("sigma").iterrows():
        y = max(row["sigma"], y_prev + 0.06 * span)
        ax.annotate(
            row["parameter"],
            (row["mu_star"], row["sigma"]),
            xytext=(row["mu_star"] + 0.03 * top["mu_star"].max(), y),
            fontsize=8,
            va="center",
            arrowprops={"arrowstyle": "-", "lw": 0.5, "color": "grey"},
        )
        y_prev = y


def plot_morris(screen: pd.DataFrame) -> None:
    fig, axes = plt.subplots(1, 2, figsize=(11, 5))
    for ax, outcome in zip(axes, OUTCOMES, strict=True):
        d = screen[screen["outcome"] == outcome]
        ax.scatter(d["mu_star"], d["sigma"], color="tab:blue")
        label_top(ax, d.nlargest(6, "mu_star"))
        ax.set_xlabel("mu* (mean absolute elementary effect)")
        ax.set_ylabel("sigma (interaction / non-linearity)")
        ax.set_title(
            {"war": "share of pairs that fight a war", "hostility": "mean MID level"}[outcome]
        )
    fig.suptitle(
        "Morris screening, regional scenario: parameters to the right matter most; "
        "high up, they act through interactions"
    )
    fig.tight_layout()
    fig.savefig(OUT / "morris.png", dpi=110)
    plt.close(fig)


def plot_sobol(indices: pd.DataFrame) -> None:
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), sharey=True)
    for ax, outcome in zip(axes, OUTCOMES, strict=True):
        d = indices[indices["outcome"] == outcome].set_index("parameter")
        pos = np.arange(len(d))
        ax.barh(pos - 0.2, d["S1"], 0.4, xerr=d["S1_conf"], label="first order S1")
        ax.barh(pos + 0.2, d["ST"], 0.4, xerr=d["ST_conf"], label="total ST")
        ax.set_yticks(pos, d.index)
        ax.set_xlabel("share of the outcome's variance")
        ax.set_title(
            {"war": "share of pairs that fight a war", "hostility": "mean MID level"}[outcome]
        )
    axes[0].legend()
    fig.suptitle("Sobol indices of the top parameters (bars: 95% bootstrap CI)")
    fig.tight_layout()
    fig.savefig(OUT / "sobol.png", dpi=110)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--plot-only", action="store_true", help="redraw the figures from the saved CSVs"
    )
    parser.add_argument("--trajectories", type=int, default=TRAJECTORIES, help="Morris")
    parser.add_argument("--sobol-n", type=int, default=SOBOL_N, help="Sobol base sample")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.plot_only:
        plot_morris(pd.read_csv(OUT / "morris.csv"))
        plot_sobol(pd.read_csv(OUT / "sobol.csv"))
        return
    start = time.time()
    screen = morris(args.workers, args.trajectories)
    screen.to_csv(OUT / "morris.csv", index=False, float_format="%.4g")
    plot_morris(screen)
    top = top_parameters(screen)
    print(f"Morris done in {time.time() - start:.0f} s; top parameters: {', '.join(top)}")
    indices = sobol(top, args.workers, args.sobol_n)
    indices.to_csv(OUT / "sobol.csv", index=False, float_format="%.4g")
    plot_sobol(indices)
    print(f"Sobol done; total {time.time() - start:.0f} s")
    print(screen.sort_values(["outcome", "mu_star"], ascending=False).to_string(index=False))
    print(indices.to_string(index=False))


if __name__ == "__main__":
    main()
