"""Fetch the offline GraphiQL IDE's files from the npm registry into service/static/ide/.

strawberry's IDEs load their scripts from a CDN; ours are served by the service itself. This
script downloads the npm tarballs pinned in `scripts/ide-assets.lock.json`, checks each against
its pinned `integrity` (SRI sha512, as the registry publishes it) and extracts only the files
the lock names (bundles and licenses). Nothing third-party is committed: the folder is
gitignored and rebuilt by `make` (a stamp target) and by the Dockerfile.

Standard library only, so it runs before any virtualenv exists. The registry is
https://registry.npmjs.org unless `npm_config_registry` says otherwise, as for npm itself.
The folder is replaced whole only after every package checked out, so a failed run leaves
the previous assets as they were.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "scripts" / "ide-assets.lock.json"
DEST = ROOT / "service" / "static" / "ide"
STAMP = ".stamp"
DEFAULT_REGISTRY = "https://registry.npmjs.org"
MAX_TARBALL_BYTES = 64 * 1024 * 1024
TIMEOUT = 60.0


class AssetError(Exception):
    """A package could not be fetched, verified or extracted; the message says which."""


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str
    files: dict[str, str]

    @property
    def tarball_name(self) -> str:
        return f"{self.name.rpartition('/')[2]}-{self.version}.tgz"


def registry_url() -> str:
    # npm's own spelling is lower case; accept the upper-case one too.
    url = os.environ.get("npm_config_registry") or os.environ.get("NPM_CONFIG_REGISTRY")  # noqa: SIM112
    return (url or DEFAULT_REGISTRY).rstrip("/")


def load_lock(path: Path) -> list[Package]:
    data = json.loads(path.read_text(encoding="utf-8"))
    packages = [
        Package(p["name"], p["version"], p["integrity"], dict(p["files"])) for p in data["packages"]
    ]
    names: set[str] = set()
    for package in packages:
        for target in package.files.values():
            # Flat, plain names only: a lock entry must not write outside the folder.
            if target in names or Path(target).name != target or target.startswith("."):
                raise AssetError(f"{path}: bad or duplicate file name {target!r}")
            names.add(target)
    return packages


def tarball_url(registry: str, package: Package) -> str:
    return f"{registry}/{urllib.parse.quote(package.name)}/-/{package.tarball_name}"


def download(url: str) -> bytes:
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise AssetError(f"refusing to fetch {url}: only http(s) registries")
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            body: bytes = response.read(MAX_TARBALL_BYTES + 1)
    except OSError as exc:
        raise AssetError(f"cannot download {url}: {exc}") from exc
    if len(body) > MAX_TARBALL_BYTES:
        raise AssetError(f"{url} is larger than {MAX_TARBALL_BYTES} bytes")
    return body


def verify(package: Package, body: bytes) -> None:
    """Check the tarball against the lock's SRI string ("sha512-<base64>")."""
    algorithm, _, expected = package.integrity.partition("-")
    if algorithm != "sha512" or not expected:
        raise AssetError(f"{package.name}: lock integrity must be sha512-<base64>")
    actual = base64.b64encode(hashlib.sha512(body).digest()).decode()
    if not hmac.compare_digest(actual, expected):
        raise AssetError(
            f"{package.name}@{package.version}: integrity mismatch "
            f"(expected sha512-{expected}, got sha512-{actual})"
        )


def extract(package: Package, body: bytes, dest: Path) -> None:
    """Write the lock's files of this tarball into dest; nothing else is extracted."""
    wanted = dict(package.files)
    with tarfile.open(fileobj=io.BytesIO(body), mode="r:gz") as archive:
        for member in archive:
            target = wanted.get(member.name)
            if target is None:
                continue
            source = archive.extractfile(member) if member.isfile() else None
            if source is None:
                raise AssetError(f"{package.name}: {member.name} is not a regular file")
            (dest / target).write_bytes(source.read())
            del wanted[member.name]
    if wanted:
        raise AssetError(f"{package.name}@{package.version} lacks {sorted(wanted)}")


def lock_digest(lock: Path) -> str:
    return hashlib.sha256(lock.read_bytes()).hexdigest()


def is_current(lock: Path, dest: Path) -> bool:
    stamp = dest / STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == lock_digest(lock)


def fetch(lock: Path, dest: Path, registry: str) -> None:
    packages = load_lock(lock)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".ide-", dir=dest.parent))
    try:
        for package in packages:
            url = tarball_url(registry, package)
            print(f"fetching {package.name}@{package.version} from {url}", file=sys.stderr)
            body = download(url)
            verify(package, body)
            extract(package, body, staging)
        (staging / STAMP).write_text(lock_digest(lock) + "\n", encoding="utf-8")
        staging.chmod(0o755)
        if dest.exists():
            shutil.rmtree(dest)
        staging.rename(dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lock", type=Path, default=LOCK, help="lock file (JSON)")
    parser.add_argument("--dest", type=Path, default=DEST, help="asset folder to (re)create")
    parser.add_argument("--force", action="store_true", help="fetch even if up to date")
    args = parser.parse_args(argv)
    if not args.force and is_current(args.lock, args.dest):
        (args.dest / STAMP).touch()  # make compares times: newer than the lock and script
        print(f"IDE assets in {args.dest} are up to date", file=sys.stderr)
        return 0
    try:
        fetch(args.lock, args.dest, registry_url())
    except (AssetError, tarfile.TarError, KeyError, ValueError) as exc:
        print(f"fetch_ide_assets: {exc}", file=sys.stderr)
        return 1
    print(f"IDE assets written to {args.dest}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
