"""The package's architecture: layers one way down, and no import cycle.

``lint-imports`` (run by .ci/test) checks the layers contract in
pyproject.toml; these tests check the same from pytest, and what a layers
contract cannot see: a cycle among the modules of one layer.
"""

import grimp
import networkx as nx
import pytest
from importlinter.cli import lint_imports


@pytest.fixture(scope="module")
def imports() -> nx.DiGraph:
    """Every import between ddsim's modules, those inside functions included
    (those for annotations only, under ``TYPE_CHECKING``, are not run)."""
    graph = grimp.build_graph("ddsim", cache_dir=None, exclude_type_checking_imports=True)
    g = nx.DiGraph()
    for module in graph.modules:
        g.add_node(module)
        g.add_edges_from((module, imp) for imp in graph.find_modules_directly_imported_by(module))
    return g


def test_no_module_imports_itself_back(imports):
    cycles = [sorted(c) for c in nx.strongly_connected_components(imports) if len(c) > 1]
    assert cycles == []


def test_the_layers_contract_is_kept():
    assert lint_imports() == 0


def test_a_cycle_is_caught():
    """Control: the check above does find a cycle where there is one."""
    g = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    assert [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1] == [["a", "b"]]


def test_only_the_command_line_parses_command_lines():
    """No module below ddsim.cli imports argparse (or the CLI): a notebook user
    never meets a command-line exception."""
    graph = grimp.build_graph("ddsim", cache_dir=None, include_external_packages=True)
    outside = {
        m
        for m in graph.find_modules_that_directly_import("argparse")
        | graph.find_modules_that_directly_import("ddsim.cli")
        if not (m in ("ddsim.cli", "ddsim.__main__") or m.startswith("ddsim.cli."))
    }
    assert outside == set()


def test_play_has_no_circle_even_through_annotations():
    """Inside ``ddsim.play`` each module reads only those below it, even for
    type hints: game < rules, views; debrief < game; figures < debrief;
    report < figures, folder; room < report; classroom < room; pages < classroom."""
    graph = grimp.build_graph("ddsim", cache_dir=None, exclude_type_checking_imports=False)
    g = nx.DiGraph()
    for module in graph.find_descendants("ddsim.play"):
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith("ddsim.play"):
                g.add_edge(module, imported)
    assert [sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1] == []
