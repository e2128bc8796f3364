"""The customer's top level installs as one package, `truthlens`."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_installed_package_maps_the_top_level_folders() -> None:
    truthlens = importlib.import_module("truthlens")
    plugins = importlib.import_module("truthlens.plugins")
    schema = importlib.import_module("truthlens.schema")
    assert Path(truthlens.__file__ or "").parent == ROOT / "service"
    assert Path(plugins.__file__ or "").parent == ROOT / "plugins"
    assert Path(schema.__file__ or "").parent == ROOT / "schema"


def test_wheel_contains_all_three_packages_and_data(tmp_path: Path) -> None:
    # Build from a copy: setuptools leaves build/ and *.egg-info beside the sources.
    source = tmp_path / "src"
    for name in ("pyproject.toml", "README.md"):
        source.mkdir(exist_ok=True)
        shutil.copy(ROOT / name, source / name)
    for folder in ("service", "schema", "plugins"):
        shutil.copytree(
            ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("truthlens-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "truthlens/__init__.py",
        "truthlens/py.typed",
        "truthlens/templates/new_plugin/plugin.py.tmpl",
        "truthlens/schema/__init__.py",
        "truthlens/schema/schema.graphql",
        "truthlens/plugins/__init__.py",
        "truthlens/plugins/objectivity.py",
        "truthlens/plugins/GUIDE.md",
        "truthlens/migrations/env.py",
        "truthlens/migrations/script.py.mako",
        "truthlens/migrations/versions/0001_initial_schema.py",
    ):
        assert expected in names, expected
    assert not any(name.startswith(("service/", "schema/", "plugins/", "tests/")) for name in names)
