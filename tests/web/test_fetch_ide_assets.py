"""scripts/fetch_ide_assets.py against a local registry (npm_config_registry)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "fetch_ide_assets.py"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A static npm-like registry on 127.0.0.1: (URL, folder it serves)."""
    folder = tmp_path / "registry"
    folder.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", folder
    server.shutdown()
    server.server_close()
    thread.join()


def publish(folder: Path, name: str, version: str, files: dict[str, bytes]) -> bytes:
    data = tarball(files)
    path = folder / name / "-" / f"{name}-{version}.tgz"
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    return data


def run(registry_url: str, lock: Path, dest: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--lock", str(lock), "--dest", str(dest)],
        env={"PATH": "/usr/bin:/bin", "npm_config_registry": registry_url},
        capture_output=True,
        text=True,
        check=False,
    )


def write_lock(path: Path, integrity: str) -> None:
    package = {
        "name": "widget",
        "version": "1.2.3",
        "integrity": integrity,
        "files": {
            "package/dist/widget.min.js": "widget.min.js",
            "package/LICENSE": "LICENSE.widget.txt",
        },
    }
    path.write_text(json.dumps({"packages": [package]}), encoding="utf-8")


def test_fetches_verifies_and_extracts_only_the_named_files(
    registry: tuple[str, Path], tmp_path: Path
) -> None:
    url, folder = registry
    data = publish(
        folder,
        "widget",
        "1.2.3",
        {
            "package/dist/widget.min.js": b"window.widget = 1;",
            "package/LICENSE": b"MIT License",
            "package/src/secret.js": b"not wanted",
        },
    )
    lock, dest = tmp_path / "lock.json", tmp_path / "static" / "ide"
    write_lock(lock, sri(data))
    result = run(url, lock, dest)
    assert result.returncode == 0, result.stderr
    assert "widget/-/widget-1.2.3.tgz" in result.stderr
    assert sorted(p.name for p in dest.iterdir()) == [
        ".stamp",
        "LICENSE.widget.txt",
        "widget.min.js",
    ]
    assert (dest / "widget.min.js").read_bytes() == b"window.widget = 1;"
    # A second run with the same lock is a no-op, even with the registry gone.
    again = run("http://127.0.0.1:9/", lock, dest)
    assert again.returncode == 0, again.stderr
    assert "up to date" in again.stderr


def test_an_integrity_mismatch_fails_and_keeps_the_old_assets(
    registry: tuple[str, Path], tmp_path: Path
) -> None:
    url, folder = registry
    publish(
        folder,
        "widget",
        "1.2.3",
        {"package/dist/widget.min.js": b"tampered", "package/LICENSE": b"x"},
    )
    lock, dest = tmp_path / "lock.json", tmp_path / "ide"
    dest.mkdir()
    (dest / "widget.min.js").write_bytes(b"previous")
    write_lock(lock, sri(b"the published tarball"))
    result = run(url, lock, dest)
    assert result.returncode == 1
    assert "integrity mismatch" in result.stderr
    assert [p.name for p in dest.iterdir()] == ["widget.min.js"]
    assert (dest / "widget.min.js").read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ide-")] == []


def test_a_missing_file_in_the_tarball_fails(registry: tuple[str, Path], tmp_path: Path) -> None:
    url, folder = registry
    data = publish(folder, "widget", "1.2.3", {"package/LICENSE": b"MIT"})
    lock, dest = tmp_path / "lock.json", tmp_path / "ide"
    write_lock(lock, sri(data))
    result = run(url, lock, dest)
    assert result.returncode == 1
    assert "lacks ['package/dist/widget.min.js']" in result.stderr
    assert not dest.exists()


def test_an_unreachable_registry_fails_clearly(tmp_path: Path) -> None:
    lock, dest = tmp_path / "lock.json", tmp_path / "ide"
    write_lock(lock, sri(b""))
    result = run("http://127.0.0.1:9/", lock, dest)
    assert result.returncode == 1
    assert "cannot download http://127.0.0.1:9/widget/-/widget-1.2.3.tgz" in result.stderr


def test_the_committed_lock_pins_sha512_for_every_package() -> None:
    lock = json.loads((ROOT / "scripts" / "ide-assets.lock.json").read_text(encoding="utf-8"))
    names = {package["name"] for package in lock["packages"]}
    assert names == {"react", "react-dom", "graphiql"}
    for package in lock["packages"]:
        assert package["integrity"].startswith("sha512-")
        assert len(base64.b64decode(package["integrity"].removeprefix("sha512-"))) == 64
        assert any(target.startswith("LICENSE") for target in package["files"].values())
