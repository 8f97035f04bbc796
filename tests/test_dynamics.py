"""Shows of force have two faces (DESIGN.md section 1, Escalation): against
security seekers they feed a spiral, against a revisionist facing a stronger,
resolute side they deter. Statistical, over many seeds, so marked slow."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import ddsim

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def mean_and_error(path: str, replications: int) -> dict[str, tuple[float, float]]:
    """Mean of ``mean_hostility`` per variant and its standard error."""
    res = ddsim.run(SCENARIOS / path, replications=replications, progress=False)
    out = {}
    for variant, group in res.summary.groupby("variant"):
        values = group["mean_hostility"].to_numpy()
        out[variant] = (values.mean(), values.std(ddof=1) / np.sqrt(len(values)))
    return out


def gap_in_errors(higher: tuple[float, float], lower: tuple[float, float]) -> float:
    """How many combined standard errors ``higher`` lies above ``lower``."""
    return (higher[0] - lower[0]) / np.hypot(higher[1], lower[1])


@pytest.mark.slow
def test_force_feeds_the_spiral_between_security_seekers():
    """rivals.yaml: deterring a security seeker raises hostility over engaging it.
    Tolerance: the gap must exceed 3 standard errors over 100 seeds (disputes
    are rarer at the calibrated rates: 20 seeds gave 2.5 errors)."""
    h = mean_and_error("rivals.yaml", 100)
    assert gap_in_errors(h["deterrence"], h["engagement"]) > 3


# Deterring a revisionist (deterrence.yaml) is judged by the months at use of
# force or war, not by mean hostility (a show of force is itself a display of
# force since Model 3): tests/validation/test_spiral_deterrence.py.
