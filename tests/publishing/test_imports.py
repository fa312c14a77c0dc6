"""The bake's modules import each other in one direction only: a newcomer can read the
pipeline from the bottom up, and no stage needs another stage's private names."""

import ast
import graphlib
from pathlib import Path

import grimp

import cms.publishing

PACKAGE = "cms.publishing"


def publishing_graph() -> dict[str, set[str]]:
    """Every module of the package and those of the package it imports, function-level
    imports included (grimp reads them all)."""
    graph = grimp.build_graph("cms", include_external_packages=False)
    return {module: {imported for imported in graph.find_modules_directly_imported_by(module)
                     if imported.startswith(PACKAGE)}
            for module in graph.modules if module.startswith(PACKAGE)}


def test_no_module_of_the_bake_is_in_an_import_loop():
    graph = publishing_graph()
    assert {"cms.publishing.services", "cms.publishing.incremental", "cms.publishing.signals",
            "cms.publishing.tasks", "cms.publishing.records"} <= set(graph)
    try:
        order = list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        raise AssertionError(f"import loop: {' → '.join(error.args[1])}") from None
    assert set(order) == set(graph)


def test_no_private_name_is_imported_from_another_module_of_the_bake():
    root = Path(cms.publishing.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (
                    node.level or (node.module or "").startswith(PACKAGE)):
                offenders += [f"{path.relative_to(root)}: {alias.name}" for alias in node.names
                              if alias.name.startswith("_")]
    assert offenders == []
