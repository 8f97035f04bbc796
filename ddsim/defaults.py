"""Defaults the command line shows in its help, declared once and kept light.

``ddsim --help`` builds every subcommand's options, and an option's help says
its default. If that default lived in the module that uses it (which imports
pandas, scipy or Mesa), printing the help would import them all and the
command would take seconds to start. So the defaults live here, in a module
that imports nothing, and the modules that use them import them from here:
each is still written down in one place only.
"""

from __future__ import annotations

#: The packaged scenario ``ddsim tournament`` plays in (two equal security seekers).
TOURNAMENT_SCENARIO = "dyad"
#: The packaged scenario ``ddsim dashboard`` opens first.
DASHBOARD_SCENARIO = "rivals"

#: Seed of the bootstrap's random draws (fixed so intervals are reproducible).
BOOTSTRAP_SEED = 20_260_101
#: Bootstrap resamples per comparison.
BOOTSTRAP_DRAWS = 2000

#: Sensitivity designs (SALib): Morris screening and Sobol' indices.
SENSITIVITY_METHODS = ("morris", "sobol")
#: Designs of ``ddsim sweep``: a full grid, a Latin hypercube, and the sensitivity designs.
SWEEP_METHODS = ("grid", "lhs", *SENSITIVITY_METHODS)
#: Points (lhs), trajectories (morris) or base samples (sobol) when not given.
DEFAULT_SAMPLES = {"lhs": 10, "morris": 10, "sobol": 32}

#: Periods of the conflict record a calibration can aim at: name -> (first, last year).
CALIBRATION_PERIODS = {
    "1946-2014": (1946, 2014),
    "1946-1989": (1946, 1989),
    "1990-2014": (1990, 2014),
}

__all__ = [
    "BOOTSTRAP_DRAWS",
    "BOOTSTRAP_SEED",
    "CALIBRATION_PERIODS",
    "DASHBOARD_SCENARIO",
    "DEFAULT_SAMPLES",
    "SENSITIVITY_METHODS",
    "SWEEP_METHODS",
    "TOURNAMENT_SCENARIO",
]
