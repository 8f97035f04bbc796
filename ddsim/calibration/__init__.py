"""Calibration to the conflict record: data, targets (and, later, the fit).

``ddsim.calibration.data`` holds the packaged Correlates of War tables and
reads them with their columns checked; ``ddsim.calibration.targets`` computes
the calibration targets from them (``targets.json``), with the tables reshaped
by ``ddsim.calibration.record``, the intervals of ``ddsim.calibration.intervals``
and the file written and read by ``ddsim.calibration.targets_file``;
``ddsim.calibration.distance`` measures a model against them and
``ddsim.calibration.fit`` searches parameters that bring it closer. The layer
sits above ``ddsim.experiments`` (a fit runs simulations) and below the
interfaces.
"""
