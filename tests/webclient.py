"""A test client of the app on a throw-away SQLite file, for the web route tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from starlette.testclient import TestClient

from truthlens.app import create_app
from truthlens.settings import Settings

LINKS = re.compile(r"""(?:src|href)="([^"]*)\"""")
"""Every src= and href= of a page."""


def make_client(
    tmp_path: Path, env: Literal["development", "production"] = "development"
) -> TestClient:
    url = f"sqlite+aiosqlite:///{tmp_path}/t.db"
    return TestClient(create_app(Settings(database_url=url, env=env)))
