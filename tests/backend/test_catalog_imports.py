"""The catalog search stands apart from the demo's seed data."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

from tests.fixtures.backend import ROOT

# What the running backend loads to resolve a spoken product name.
RUNTIME_MODULES = (
    "backend.catalog.resolver",
    "backend.services.catalog",
    "backend.app",
)
_LIST_SEED_MODULES = (
    "import importlib, sys\n"
    "for name in sys.argv[1:]:\n"
    "    importlib.import_module(name)\n"
    "print(*sorted(m for m in sys.modules if m.startswith('backend.seed')))\n"
)


def _imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_catalog_search_module_names_the_seed() -> None:
    # Read as text, so an import inside a function counts too.
    modules = sorted((ROOT / "backend" / "catalog").glob("*.py"))
    assert modules, "backend/catalog has no modules"
    for path in modules:
        names = _imported_names(path)
        assert {n for n in names if n.startswith("backend.seed")} == set(), path.name


def test_the_running_service_loads_nothing_of_the_seed() -> None:
    # A fresh interpreter: this test process has long since imported the seed.
    result = subprocess.run(
        [sys.executable, "-c", _LIST_SEED_MODULES, *RUNTIME_MODULES],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.split() == []
