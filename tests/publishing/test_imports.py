"""No stage of the bake needs another stage's private names (that no module of the bake
is in an import loop is checked for all of `cms/` by tests/project/test_import_cycles.py)."""

import ast
from pathlib import Path

import cms.publishing

PACKAGE = "cms.publishing"


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
