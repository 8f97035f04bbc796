"""The intervals of the calibration targets: rates, rate ratios, shares and quantiles.

Every interval is 95%: exact Poisson (Garwood 1936) for rates, exact
conditional for rate ratios (Clopper & Pearson 1934), Wilson (1927) for
shares, percentile bootstrap (Efron & Tibshirani 1993) with a fixed seed for
medians and quartiles, and for a share of members of clusters (the pairs of
a war) a bootstrap that resamples whole clusters (Davison & Hinkley 1997).
The targets (:mod:`ddsim.calibration.targets`) and the simulated moments
(:mod:`ddsim.calibration.moments`) both use them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

from ddsim.analysis.intervals import wilson_interval

#: Confidence level of every interval.
LEVEL = 0.95
#: Seed and number of draws of the bootstrap (fixed, so the intervals are reproducible).
BOOTSTRAP_SEED = 20_141_231
BOOTSTRAP_DRAWS = 4000


def poisson_rate(events: int, exposure: float, level: float = LEVEL) -> tuple[float, float, float]:
    """Rate ``events / exposure`` with the exact Poisson interval (Garwood 1936).

    The interval comes from the chi-square quantiles of the count: 0 events
    give a lower end of 0. Without exposure (a class of pair the record
    never holds) the rate is undefined: NaN, without numpy's warning.
    """
    if exposure == 0:
        return math.nan, math.nan, math.nan
    alpha = 1 - level
    low = stats.chi2.ppf(alpha / 2, 2 * events) / 2 if events > 0 else 0.0
    high = stats.chi2.ppf(1 - alpha / 2, 2 * events + 2) / 2
    return events / exposure, float(low) / exposure, float(high) / exposure


def rate_ratio(
    events_a: int, exposure_a: float, events_b: int, exposure_b: float, level: float = LEVEL
) -> tuple[float, float, float]:
    """Ratio of two rates, ``(events_a / exposure_a) / (events_b / exposure_b)``,
    with the exact interval conditional on ``events_a + events_b`` (Clopper &
    Pearson 1934 on the share of the events that are a's)."""
    alpha, scale = 1 - level, exposure_b / exposure_a
    if events_b == 0:
        return math.inf, math.inf, math.inf
    low = stats.beta.ppf(alpha / 2, events_a, events_b + 1) if events_a > 0 else 0.0
    high = stats.beta.ppf(1 - alpha / 2, events_a + 1, events_b)
    odds = [scale * share / (1 - share) for share in (low, high)]
    return events_a / exposure_a / (events_b / exposure_b), float(odds[0]), float(odds[1])


def wilson_share(events: int, n: int) -> tuple[float, float, float]:
    """Share ``events / n`` with the Wilson (1927) 95% interval."""
    low, high = wilson_interval(events, n)
    return events / n, float(low), float(high)


def bootstrap_quantile(
    values: Sequence[float],
    q: float,
    seed: int = BOOTSTRAP_SEED,
    draws: int = BOOTSTRAP_DRAWS,
    level: float = LEVEL,
) -> tuple[float, float, float]:
    """Quantile ``q`` of ``values`` with a percentile bootstrap interval (Efron & Tibshirani 1993).

    The resamples come from ``numpy.random.default_rng(seed)`` in fixed
    batches, so the same values and seed give the same interval.
    """
    x = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    estimates = []
    for start in range(0, draws, 500):
        idx = rng.integers(0, len(x), size=(min(500, draws - start), len(x)))
        estimates.append(np.quantile(x[idx], q, axis=1))
    low, high = np.quantile(np.concatenate(estimates), [(1 - level) / 2, (1 + level) / 2])
    return float(np.quantile(x, q)), float(low), float(high)


def bootstrap_cluster_share(
    events: Sequence[float],
    sizes: Sequence[float],
    seed: int = BOOTSTRAP_SEED,
    draws: int = BOOTSTRAP_DRAWS,
    level: float = LEVEL,
) -> tuple[float, float, float]:
    """Share ``sum(events) / sum(sizes)`` of the members of clusters, with a
    percentile bootstrap interval that resamples whole clusters (Davison &
    Hinkley 1997, section 3.8): the members of one cluster (the pairs of one
    war) are not independent, so an interval that treats them as independent
    draws would be too narrow. ``events[c]`` of the ``sizes[c]`` members of
    cluster c have the property. Same values and seed, same interval."""
    e, n = np.asarray(events, dtype=float), np.asarray(sizes, dtype=float)
    rng = np.random.default_rng(seed)
    shares = []
    for start in range(0, draws, 500):
        idx = rng.integers(0, len(e), size=(min(500, draws - start), len(e)))
        shares.append(e[idx].sum(axis=1) / n[idx].sum(axis=1))
    low, high = np.quantile(np.concatenate(shares), [(1 - level) / 2, (1 + level) / 2])
    value = float(e.sum() / n.sum())
    return value, min(float(low), value), max(float(high), value)
