"""Global sensitivity analysis with SALib, over declared parameters.

Two methods, with the same small surface (:func:`sample`, :func:`analyse`):

* **Morris** elementary effects (Morris 1991, *Factorial sampling plans for
  preliminary computational experiments*, Technometrics 33(2); Campolongo,
  Cariboni & Saltelli 2007, *An effective screening design for sensitivity
  analysis of large models*, Environmental Modelling & Software 22(10)). A cheap
  screening: ``mu_star`` ranks how much each parameter moves the outcome,
  ``sigma`` how much that effect depends on the other parameters (interactions
  or non-linearity). It costs ``samples x (parameters + 1)`` design points.
* **Sobol'** variance-based indices (Sobol' 2001, *Global sensitivity indices
  for nonlinear mathematical models and their Monte Carlo estimates*,
  Mathematics and Computers in Simulation 55; Saltelli et al. 2010, *Variance
  based sensitivity analysis of model output*, Computer Physics Communications
  181(2)). ``S1`` is the share of the outcome's variance a parameter explains on
  its own, ``ST`` its share including every interaction. It costs
  ``samples x (parameters + 2)`` design points; ``samples`` must be a power of 2.

The SALib *problem* (names and bounds) is built from :data:`ddsim.core.parameters.PARAMETERS`,
so names and ranges are typed once. SALib is an optional extra:
``pip install ddsim[sensitivity]``.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ddsim.core.parameters import PARAMETERS
from ddsim.defaults import SENSITIVITY_METHODS

METHODS = SENSITIVITY_METHODS
#: Morris grid levels (SALib's default; Saltelli et al. 2008 recommend 4).
MORRIS_LEVELS = 4
CONFIDENCE = 0.95


def problem(bounds: Mapping[str, tuple[float, float]] | Sequence[str] | None = None) -> dict:
    """The SALib problem for declared parameters.

    Args:
        bounds: Parameter names (their declared ranges are used), or names
            mapped to ``(low, high)`` sub-ranges; None: every declared parameter.

    Returns:
        ``{"num_vars", "names", "bounds"}`` as SALib expects.

    Raises:
        KeyError: A name is not a declared parameter.
    """
    if bounds is None:
        bounds = list(PARAMETERS)
    if not isinstance(bounds, Mapping):
        bounds = {name: (PARAMETERS[name].low, PARAMETERS[name].high) for name in bounds}
    for name in bounds:
        if name not in PARAMETERS:
            raise KeyError(f"unknown parameter {name!r}")
    return {
        "num_vars": len(bounds),
        "names": list(bounds),
        "bounds": [[float(lo), float(hi)] for lo, hi in bounds.values()],
    }


def _salib(kind: str, method: str) -> Any:
    if method not in METHODS:
        raise ValueError(f"unknown sensitivity method {method!r}; known: {', '.join(METHODS)}")
    try:
        return importlib.import_module(f"SALib.{kind}.{method}")
    except ImportError:
        raise ImportError(
            "sensitivity analysis needs SALib: pip install 'ddsim[sensitivity]'"
        ) from None


def design_size(method: str, samples: int, num_vars: int) -> int:
    """How many design points ``sample`` returns."""
    return samples * (num_vars + (1 if method == "morris" else 2))


def check_samples(method: str, samples: int) -> str | None:
    """Why ``samples`` will not do for ``method``, or None."""
    if samples < 2:
        return f"{method} needs --samples of at least 2, got {samples}"
    if method == "sobol" and samples & (samples - 1):
        return (
            f"sobol needs --samples to be a power of 2 (Sobol' sequences are balanced only "
            f"then), got {samples}; try {1 << (samples - 1).bit_length()}"
        )
    return None


def sample(method: str, prob: dict, samples: int, seed: int) -> np.ndarray:
    """The design: one row per point, one column per parameter of ``prob``.

    Args:
        method: ``"morris"`` (``samples`` trajectories) or ``"sobol"``
            (``samples`` base points of a scrambled Sobol' sequence, Saltelli's scheme,
            first and total order only).
        prob: A SALib problem (see :func:`problem`).
        samples: See above.
        seed: Seeds SALib's sampler, so the design is reproducible.
    """
    module = _salib("sample", method)
    if method == "morris":
        return module.sample(prob, samples, num_levels=MORRIS_LEVELS, seed=seed)
    return module.sample(prob, samples, calc_second_order=False, seed=seed)


def analyse(
    method: str, prob: dict, x: np.ndarray, y: np.ndarray, seed: int, resamples: int = 1000
) -> pd.DataFrame:
    """Sensitivity indices of outcome ``y`` at design ``x``, one row per parameter.

    Confidence intervals are bootstrap intervals at 95% (``*_conf`` columns are
    half-widths, as SALib gives them).

    Returns:
        Morris: ``parameter, mu, mu_star, mu_star_conf, sigma``.
        Sobol: ``parameter, S1, S1_conf, ST, ST_conf``.
    """
    module = _salib("analyze", method)
    y = np.asarray(y, dtype=float)
    if method == "morris":
        out = module.analyze(
            prob,
            np.asarray(x),
            y,
            num_resamples=resamples,
            conf_level=CONFIDENCE,
            num_levels=MORRIS_LEVELS,
            seed=seed,
        )
        columns = ["mu", "mu_star", "mu_star_conf", "sigma"]
    else:
        out = module.analyze(
            prob,
            y,
            calc_second_order=False,
            num_resamples=resamples,
            conf_level=CONFIDENCE,
            seed=seed,
        )
        columns = ["S1", "S1_conf", "ST", "ST_conf"]
    table = pd.DataFrame({c: np.asarray(out[c], dtype=float) for c in columns})
    table.insert(0, "parameter", prob["names"])
    return table


def figure(table: pd.DataFrame, outcome: str, method: str):
    """Bar chart of the indices, most influential parameter on top, with 95% CIs."""
    import matplotlib.pyplot as plt

    from ddsim.outputs.figures import add_caption

    if method == "morris":
        table = table.sort_values("mu_star")
        bars = [("mu_star", "mu_star_conf", "mu* (mean |elementary effect|)")]
        how = (
            "Morris screening: mu* is how much the outcome moves when the parameter moves "
            "across its range; the line is a 95% bootstrap interval; sigma (in sensitivity.csv) "
            "says how much that depends on the other parameters."
        )
    else:
        table = table.sort_values("ST")
        bars = [("S1", "S1_conf", "S1 (alone)"), ("ST", "ST_conf", "ST (with interactions)")]
        how = (
            "Sobol' indices: S1 = share of the outcome's variance the parameter explains alone, "
            "ST = including its interactions; lines are 95% bootstrap intervals. A gap between "
            "ST and S1 means the parameter works through others."
        )
    height = 0.3 * len(table) + 2.5
    fig, ax = plt.subplots(figsize=(9, height))
    ypos = np.arange(len(table))
    thick = 0.8 / len(bars)
    for k, (col, conf, label) in enumerate(bars):
        ax.barh(
            ypos + (k - (len(bars) - 1) / 2) * thick,
            table[col],
            height=thick,
            # the lower whisker stops at zero: none of these indices can be negative
            xerr=[np.minimum(table[conf], table[col].clip(lower=0)), table[conf]],
            label=label,
            capsize=2,
        )
    ax.set_yticks(ypos, table["parameter"])
    ax.set(xlabel=f"sensitivity of {outcome.replace('_', ' ')}", title=f"{method.title()} indices")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right")
    fig = add_caption(fig, how + " Look at the top bars: those parameters matter most.")
    fig.subplots_adjust(left=0.27, bottom=1.1 / height, top=1 - 0.45 / height)
    return fig


__all__ = ["METHODS", "analyse", "check_samples", "design_size", "figure", "problem", "sample"]
