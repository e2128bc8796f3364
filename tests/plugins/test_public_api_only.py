"""Built-in plugins use only the public API, so each could move to its own distribution."""

from __future__ import annotations

import ast
from pathlib import Path

import truthlens.plugins

PLUGINS = Path(truthlens.plugins.__file__ or "").parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_plugins_import_truthlens_only_through_its_top_level() -> None:
    offenders = {
        f"{path.name}: {module}"
        for path in PLUGINS.glob("*.py")
        for module in imported_modules(path)
        if module.startswith("truthlens.") and not module.startswith("truthlens.plugins")
    }
    assert offenders == set()
