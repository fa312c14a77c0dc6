"""No module of `cms/` is in an import loop, counting the imports inside functions.

A loop means no module in it can be read, tested or moved without the others; the
layering contracts in pyproject.toml only see arrows between apps, so this walks
the whole graph, module by module, as grimp (import-linter's engine) builds it.
"""

from graphlib import CycleError, TopologicalSorter
from itertools import pairwise

import grimp
import pytest

# Reads the source only, on no database: once is enough (not again in the PostgreSQL run).
pytestmark = pytest.mark.own_databases


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def cms_import_graph() -> dict[str, set[str]]:
    """Every module of `cms` with the `cms` modules it imports (anywhere in its source)."""
    graph = grimp.build_graph("cms", cache_dir=None)
    imports = {module: set(graph.find_modules_directly_imported_by(module))
               for module in graph.modules}
    for module, imported in imports.items():
        # TODO(lead): drop this exclusion once i11pipe (publishing's own loops) is merged.
        if _in(module, "cms.publishing"):
            imported -= {other for other in imported if _in(other, "cms.publishing")}
    return imports


def import_loop(imports: dict[str, set[str]]) -> list[str]:
    """One loop of `imports` as `a -> b -> … -> a` (each module imports the next), or []."""
    try:
        TopologicalSorter(imports).prepare()
    except CycleError as error:
        return list(reversed(error.args[1]))
    return []


def test_no_module_of_cms_is_in_an_import_loop():
    loop = import_loop(cms_import_graph())
    assert not loop, "import loop: " + " -> ".join(loop)


def test_a_loop_through_core_would_be_found_and_named():
    """Were core's models to import the home page again, the loop is caught and named."""
    imports = cms_import_graph()
    imports["cms.core.models"].add("cms.home.models")
    loop = import_loop(imports)
    assert {"cms.core.models", "cms.home.models"} <= set(loop)
    assert loop[0] == loop[-1]
    assert all(after in imports[before] for before, after in pairwise(loop))
