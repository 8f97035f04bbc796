"""Waits that a busy machine cannot run out (a test must not fail because
the machine is busy).

Work that ends by itself (a notebook, a subprocess running replications) has
no time limit in the tests: the CI job's own limit catches a real hang. A wait
for something that might never come (a server's first answer, a text on a
page, a replication to be stored) waits :func:`patience`: its limit on a quiet
machine, stretched by how busy this one is.
"""

from __future__ import annotations

import os

#: Multiplies every limit (``DDSIM_TEST_PATIENCE=3`` on a very slow machine).
FACTOR = float(os.environ.get("DDSIM_TEST_PATIENCE", "1"))


def patience(limit: float) -> float:
    """``limit`` (seconds or milliseconds: it is only scaled) times the load per
    core when that is above 1, and times ``FACTOR``: on a machine with twice as
    many runnable processes as cores, a wait gets twice as long."""
    busy = os.getloadavg()[0] / (os.cpu_count() or 1)
    return limit * max(1.0, busy) * FACTOR
