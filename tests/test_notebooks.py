"""The tutorial notebooks: committed without outputs, and each runs top to bottom.

Execution starts a Jupyter kernel with the interpreter running the tests (so it
imports this checkout's ddsim and its dependencies), in ``notebooks/`` as a
student's Jupyter would. Any error in any cell fails the test, naming the cell.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = {
    "01_quickstart.ipynb",
    "02_engagement_vs_coercion.ipynb",
    "03_trust_network.ipynb",
    "04_build_your_own.ipynb",
    "05_sensitivity.ipynb",
    "06_scenario_discovery.ipynb",
}


def test_every_tutorial_notebook_is_there():
    assert {nb.name for nb in NOTEBOOKS} >= EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs(path):
    """Outputs and execution counts are stripped before committing."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for k, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name} cell {k} has outputs"
            assert cell["execution_count"] is None, f"{path.name} cell {k} has an execution count"


@pytest.fixture(scope="module")
def kernel_of_this_interpreter(tmp_path_factory):
    """A ``python3`` kernel spec that runs ``sys.executable``, found before any
    other (JUPYTER_PATH comes first), so a user-wide kernel cannot stand in."""
    ipykernel_spec = pytest.importorskip("ipykernel.kernelspec")
    data = tmp_path_factory.mktemp("jupyter")
    ipykernel_spec.write_kernel_spec(data / "kernels" / "python3")
    spec = json.loads((data / "kernels" / "python3" / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(data))
        yield


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path, kernel_of_this_interpreter):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        timeout=None,  # no time limit: a busy machine only makes it slower (tests/patience.py)
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on any error
    executed = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in executed)
    errors = [o for c in executed for o in c.outputs if o.output_type == "error"]
    assert errors == []
    images = [o for c in executed for o in c.outputs if "image/png" in o.get("data", {})]
    assert images, f"{path.name} drew no figure"
