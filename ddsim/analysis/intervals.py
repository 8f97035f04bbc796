"""95% intervals: one function per kind of outcome.

Every command that puts an interval on an outcome (compare, sweep, tournament,
validation, the report) calls these, so the same replications get the same
interval whichever command made them:

- a **proportion** (did a war happen by the horizon?) gets the Wilson score
  interval (Wilson 1927), which stays inside [0, 1] and does not collapse at 0
  or n successes as the normal interval does (Brown, Cai & DasGupta 2001);
- a **mean** (mean hostility, final trust) gets the Student t interval of the
  mean (Student 1908), which is wider than the normal (z) interval when there
  are few replications, as it should be;
- a **time to event** (steps to the first war, with runs that had none by
  the horizon) gets the Kaplan-Meier median (Kaplan & Meier 1958) with the
  interval where the pointwise Wilson band crosses one half (Brookmeyer &
  Crowley 1982).

:func:`interval` picks the right one from an outcome's declared ``kind``
(:mod:`ddsim.analysis.outcomes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import stats as st

if TYPE_CHECKING:
    from ddsim.analysis.outcomes import OutcomeSpec

#: z for a two-sided 95% interval (used by the Wilson interval).
Z95 = 1.959963984540054
#: The confidence level of every interval ddsim reports.
LEVEL = 0.95


@dataclass(frozen=True)
class Interval:
    """An estimate with its 95% interval.

    Attributes:
        estimate: The share, the mean, or the median time.
        low: Lower end (NaN when it cannot be computed, e.g. one replication).
        high: Upper end (NaN when it cannot be computed or, for a median, not
            reached by the horizon).
        n: How many values it rests on.
        method: How it was computed, in words (e.g. ``Wilson 95%``).
    """

    estimate: float
    low: float
    high: float
    n: int
    method: str


# --------------------------------------------------------------------------
# the formulas (vectorised: they take arrays as well as numbers)
# --------------------------------------------------------------------------
def wilson_interval(k: Any, n: Any, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion ``k / n`` (Wilson 1927).

    It stays inside [0, 1] and behaves well at 0 and n successes, where the
    normal interval collapses to a point (Brown, Cai & DasGupta 2001).
    """
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def t_half_width(sd: Any, n: Any, level: float = LEVEL) -> np.ndarray:
    """Half-width of the Student t interval of a mean: ``t(n-1) sd / sqrt(n)``
    (``scipy.stats.t``); NaN when n < 2, where no interval can be computed."""
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        df = np.where(n > 1, n - 1, np.nan)
        return st.t.ppf(0.5 + level / 2, df) * np.asarray(sd) / np.sqrt(n)


# --------------------------------------------------------------------------
# one function per kind
# --------------------------------------------------------------------------
def _z(level: float) -> float:
    return Z95 if level == LEVEL else float(st.norm.ppf(0.5 + level / 2))


def _values(values: Any) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    return x[~np.isnan(x)]


def mean_interval(values: Sequence[float] | np.ndarray, level: float = LEVEL) -> Interval:
    """The mean of ``values`` (missing ones dropped) with its Student t interval."""
    x = _values(values)
    mean = float(x.mean()) if len(x) else float("nan")
    sd = float(x.std(ddof=1)) if len(x) > 1 else float("nan")
    half = float(t_half_width(sd, len(x), level))
    return Interval(mean, mean - half, mean + half, len(x), f"Student t {level:.0%}")


def proportion_interval(
    values: Sequence[float] | np.ndarray, level: float = LEVEL, trials: int = 1
) -> Interval:
    """The share of ``values`` that are true (1), with its Wilson interval.

    Args:
        values: 0 or 1 per replication (missing ones dropped).
        level: Confidence level.
        trials: When each value is itself the share of several trials (a
            strategy's games in one replication of a tournament), how many:
            the trials of one replication share its seed, so the replication
            is the unit and the interval is the Student t interval of the
            mean share, cut to [0, 1].

    Raises:
        ValueError: A value other than 0 or 1 with ``trials=1``.
    """
    x = _values(values)
    if trials > 1:
        ci = mean_interval(x, level)
        return Interval(ci.estimate, max(ci.low, 0.0), min(ci.high, 1.0), ci.n, ci.method)
    if not np.isin(x, (0.0, 1.0)).all():
        raise ValueError("a proportion's values are 0 or 1; for shares give trials=")
    low, high = wilson_interval(x.sum(), len(x), _z(level))
    share = float(x.mean()) if len(x) else float("nan")
    return Interval(share, float(low), float(high), len(x), f"Wilson {level:.0%}")


def cumulative_incidence(times: Any, horizons: Any) -> tuple[np.ndarray, np.ndarray]:
    """How many of the runs had the event by each horizon, and out of how many.

    ``times`` holds each run's time of the event, NaN (or None) for a run
    without one by the end. Every run reaches the same horizon, so the only
    censoring is at the end and the Kaplan-Meier estimate of the share with
    the event by ``h`` is simply ``events[h] / n`` (Kaplan & Meier 1958).
    """
    first = np.asarray(times, dtype=float)
    hs = np.asarray(horizons)
    return (first[None, :] <= hs[:, None]).sum(axis=1), np.full(len(hs), len(first))


def kaplan_meier_median(times: Any, horizon: int, level: float = LEVEL) -> Interval:
    """Median time to an event, allowing for runs with none by ``horizon``.

    The median is the first step by which half the runs had the event (NaN if
    never, by the horizon); its interval runs from where the upper end of the
    pointwise Wilson band reaches one half to where its lower end does (NaN
    if that is not reached by the horizon): Brookmeyer & Crowley (1982).
    """
    hs = np.arange(horizon + 1)
    events, n = cumulative_incidence(times, hs)
    share = events / n
    low, high = wilson_interval(events, n, _z(level))

    def crossing(curve: np.ndarray) -> float:
        hit = hs[curve >= 0.5]
        return float(hit[0]) if len(hit) else np.nan

    return Interval(
        crossing(share),
        crossing(high),
        crossing(low),
        int(n[0]) if len(n) else 0,
        f"Kaplan-Meier median, Wilson band {level:.0%}",
    )


def interval(
    outcome: OutcomeSpec,
    values: Any,
    horizon: int | None = None,
    level: float = LEVEL,
    trials: int = 1,
) -> Interval:
    """The estimate and 95% interval of an outcome over replications, by its kind.

    Args:
        outcome: A declared outcome (``ddsim.OUTCOMES["mean_hostility"]``).
        values: Its value in each replication (NaN or None: missing, or for a
            time to event, no event by the horizon).
        horizon: For a time to event: the last step every run reached.
        level: Confidence level.
        trials: For a proportion whose values are shares of several trials
            each (see :func:`proportion_interval`).

    Returns:
        Wilson for a proportion, Student t for a mean, the Kaplan-Meier
        median for a time to event.

    Example:
        >>> from ddsim.analysis.outcomes import OUTCOMES
        >>> interval(OUTCOMES["war_by_horizon"], [1, 0, 0, 1, 0]).method
        'Wilson 95%'
    """
    if outcome.kind == "proportion":
        return proportion_interval(values, level, trials)
    if outcome.kind == "mean":
        return mean_interval(values, level)
    if outcome.kind == "time_to_event":
        if horizon is None:
            raise ValueError(f"{outcome.name}: a time to event needs the horizon")
        return kaplan_meier_median(values, horizon, level)
    raise ValueError(f"{outcome.name}: unknown kind {outcome.kind!r}")


def difference_interval(
    a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray, level: float = LEVEL
) -> Interval:
    """``mean(a) - mean(b)`` with its Welch t interval (unequal variances;
    Welch 1947). For 0/1 values it is a normal approximation, fine at 100
    replications unless a share is 0 or 1. Zero width when both samples are
    constant."""
    x, y = _values(a), _values(b)
    va, vb = x.var(ddof=1) / len(x), y.var(ddof=1) / len(y)
    d = float(x.mean() - y.mean())
    se = float(np.sqrt(va + vb))
    method = f"Welch t {level:.0%}"
    if se == 0:
        return Interval(d, d, d, min(len(x), len(y)), method)
    df = (va + vb) ** 2 / (va**2 / (len(x) - 1) + vb**2 / (len(y) - 1))
    half = float(st.t.ppf(0.5 + level / 2, df) * se)
    return Interval(d, d - half, d + half, min(len(x), len(y)), method)


def format_interval(estimate: float, low: float, high: float, digits: int = 2) -> str:
    """``0.42 [0.31, 0.53]``; just the estimate when there is no interval."""
    if np.isnan(low) or np.isnan(high):
        return f"{estimate:.{digits}f}"
    return f"{estimate:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"


__all__ = [
    "LEVEL",
    "Z95",
    "Interval",
    "cumulative_incidence",
    "difference_interval",
    "format_interval",
    "interval",
    "kaplan_meier_median",
    "mean_interval",
    "proportion_interval",
    "t_half_width",
    "wilson_interval",
]
