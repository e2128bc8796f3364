"""Shared fixtures: databases (SQLite and PostgreSQL), a local page server, the app."""

from __future__ import annotations

import asyncio
import os
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

PAGES = Path(__file__).parent / "pages"
DEFAULT_CI_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session", autouse=True)
def _any_fetch_port() -> Iterator[None]:
    """Let the whole session fetch from any port.

    Production fetches only from ports 80 and 443 (`TRUTHLENS_FETCH_PORTS`), but the local
    page servers listen on random high ports. Setting this in the environment, rather than
    in each `Settings(...)`, keeps the port rule apart from `allow_private_addresses`: loopback
    stays refused unless a test allows it. Tests of the port rule pass `fetch_ports` or
    `FetchLimits.allowed_ports` explicitly.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TRUTHLENS_FETCH_PORTS", "*")
        yield


@pytest.fixture(scope="session", autouse=True)
def _test_clients_are_loopback() -> Iterator[None]:
    """Make Starlette's TestClient report 127.0.0.1 as its address.

    It reports the host name "testclient", which is no address; in development mode only
    loopback clients may call the API without a key, and an in-process test client stands
    for a local one. Tests of the loopback rule pass `client=(address, port)` explicitly.
    """
    from starlette.testclient import TestClient

    defaults = TestClient.__init__.__defaults__ or ()
    assert ("testclient", 50000) in defaults, "Starlette's TestClient default client changed"
    loopback = tuple(("127.0.0.1", 50000) if d == ("testclient", 50000) else d for d in defaults)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TestClient.__init__, "__defaults__", loopback)
        yield


def _postgres_admin_url() -> str | None:
    """Where PostgreSQL tests run: mandatory under CI=true, opt-in otherwise."""
    url = os.environ.get("TRUTHLENS_TEST_POSTGRES_URL")
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        return DEFAULT_CI_POSTGRES
    return None


async def _admin(url: str, statement: str) -> None:
    import asyncpg

    parsed = make_url(url)
    connection = await asyncpg.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        database=parsed.database or "postgres",
        timeout=10,
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped afterwards."""
    admin = _postgres_admin_url()
    if admin is None:
        pytest.skip("PostgreSQL tests need TRUTHLENS_TEST_POSTGRES_URL (mandatory with CI=true)")
    name = f"truthlens_test_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(_admin(admin, f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        pytest.fail(f"PostgreSQL at {admin} is unreachable: {exc!r}", pytrace=False)
    url = make_url(admin).set(database=name).render_as_string(hide_password=False)
    yield url
    asyncio.run(_admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _truncate(url: str) -> None:
    from sqlalchemy import text
    from sqlmodel import SQLModel

    from truthlens import db, models

    # Every table of our models; procrastinate's own tables are left to its tests.
    assert models.Article.__tablename__ == "article"  # the models are loaded
    tables = ", ".join(t.name for t in SQLModel.metadata.sorted_tables)
    engine = db.create_engine(url)
    try:
        await db.migrate(engine)
        async with engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using this runs on SQLite and on PostgreSQL, on an empty database."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'truthlens.db'}"
    url: str = request.getfixturevalue("postgres_url")
    asyncio.run(_truncate(url))
    return url


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[Any]:
    from truthlens import db

    engine = db.create_engine(database_url)
    await db.migrate(engine)
    yield db.create_sessionmaker(engine)
    await engine.dispose()


class _QuietHandler(SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(PAGES), **kwargs)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def page_server() -> Iterator[str]:
    """Serves tests/pages on 127.0.0.1; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every analysis the pipeline starts, so a test can tell nothing ran."""
    from truthlens.pipeline import Pipeline

    started: list[object] = []
    real = Pipeline.analyze_and_store

    async def counted(self: Pipeline, request: Any) -> Any:
        started.append(request)
        return await real(self, request)

    monkeypatch.setattr(Pipeline, "analyze_and_store", counted)
    return started
