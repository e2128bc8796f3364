"""Run `mypy --strict` on the installed layout.

`service/`, `schema/` and `plugins/` install as `truthlens`, `truthlens.schema` and
`truthlens.plugins`; mypy cannot follow setuptools' editable import hook, so this
mirrors that layout with symlinks in `.mypy_tree/` and checks the package there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / ".mypy_tree"
PACKAGE_DIRS = {
    "truthlens": "service",
    "truthlens/schema": "schema",
    "truthlens/plugins": "plugins",
}


def build_tree() -> None:
    shutil.rmtree(TREE, ignore_errors=True)
    for target, source in PACKAGE_DIRS.items():
        dest = TREE / target
        dest.mkdir(parents=True, exist_ok=True)
        src = ROOT / source
        for path in src.rglob("*"):
            if "__pycache__" in path.parts or path.is_dir():
                continue
            if path.suffix not in {".py", ".pyi"} and path.name != "py.typed":
                continue
            link = dest / path.relative_to(src)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(path)


def main() -> int:
    build_tree()
    extra = [p for p in ("tests", "benchmarks", "examples", "scripts") if (ROOT / p).exists()]
    command = [sys.executable, "-m", "mypy", str(TREE / "truthlens"), *extra, *sys.argv[1:]]
    return subprocess.call(command, cwd=ROOT, env={**os.environ, "MYPYPATH": str(TREE)})


if __name__ == "__main__":
    raise SystemExit(main())
