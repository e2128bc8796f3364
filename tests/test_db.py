"""Engine setup: SQLite pragmas, migrations, and the health ping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from truthlens import db
from truthlens.jobschema import include_name


async def test_sqlite_connections_are_configured(tmp_path: Path) -> None:
    engine = db.create_engine(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    try:
        async with engine.connect() as conn:
            pragmas = {
                name: (await conn.execute(text(f"PRAGMA {name}"))).scalar()
                for name in ("journal_mode", "busy_timeout", "foreign_keys")
            }
    finally:
        await engine.dispose()
    assert pragmas == {"journal_mode": "wal", "busy_timeout": 30000, "foreign_keys": 1}


async def test_write_transactions_take_the_lock_up_front(tmp_path: Path) -> None:
    engine = db.create_engine(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    statements: list[str] = []
    from sqlalchemy import event

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def record(_c: Any, _cur: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    try:
        async with engine.connect() as conn:
            conn = await conn.execution_options(**db.WRITE)
            async with conn.begin():
                await conn.execute(text("SELECT 1"))
        async with engine.connect() as conn, conn.begin():
            await conn.execute(text("SELECT 2"))
    finally:
        await engine.dispose()
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN"]


async def test_migrations_match_the_models(database_url: str) -> None:
    engine = db.create_engine(database_url)
    try:
        await db.migrate(engine)
        await db.migrate(engine)  # idempotent

        def diff(sync_conn: Any) -> list[Any]:
            context = MigrationContext.configure(
                sync_conn, opts={"compare_type": True, "include_name": include_name}
            )
            return list(compare_metadata(context, SQLModel.metadata))

        async with engine.connect() as conn:
            differences = await conn.run_sync(diff)
    finally:
        await engine.dispose()
    assert differences == []


async def test_ping_fails_on_an_unreachable_database() -> None:
    engine = db.create_engine("postgresql+asyncpg://postgres@127.0.0.1:1/none")
    try:
        assert await db.ping(engine) is False
    finally:
        await engine.dispose()
