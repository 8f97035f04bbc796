"""The defaults of ``ddsim discover``, kept light (no imports): the command's
help shows them without importing pandas (see :mod:`ddsim.defaults`), and
:func:`ddsim.experiments.discovery.discover` uses the same ones."""

from __future__ import annotations

#: Cases of the Latin hypercube (Bryant & Lempert 2010 used a few hundred).
DISCOVERY_CASES = 400
#: Replications per case and variant (the same seeds in every case and variant).
DISCOVERY_REPLICATIONS = 20
#: The outcome whose paired difference decides a case (what deterrence is meant to prevent).
DISCOVERY_OUTCOME = "force_steps"
#: A box is reported when this share of the cases in it are cases of interest
#: (the density threshold of the EMA Workbench's earlier PRIM, Kwakkel 2017).
DISCOVERY_THRESHOLD = 0.8
#: At most this many boxes, each found among the cases the earlier ones left.
DISCOVERY_BOXES = 3
#: PRIM's peeling step (share of the cases peeled off at a time; Friedman &
#: Fisher 1999 recommend 0.05 to 0.1) and the smallest box (share of all cases).
PEEL_ALPHA = 0.05
MASS_MIN = 0.05

__all__ = [
    "DISCOVERY_BOXES",
    "DISCOVERY_CASES",
    "DISCOVERY_OUTCOME",
    "DISCOVERY_REPLICATIONS",
    "DISCOVERY_THRESHOLD",
    "MASS_MIN",
    "PEEL_ALPHA",
]
