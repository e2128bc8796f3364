"""Issue API keys straight into a test database, as `truthlens keys create` does."""

from __future__ import annotations

import asyncio

from truthlens import apikeys, db
from truthlens.apikeys import Scope


def issue_key(database_url: str, *scopes: Scope, name: str = "test") -> str:
    """A new key's token (the database is migrated first)."""
    return asyncio.run(_issue(database_url, name, scopes))


def revoke(database_url: str, token: str) -> None:
    asyncio.run(_revoke(database_url, token))


async def _issue(database_url: str, name: str, scopes: tuple[Scope, ...]) -> str:
    engine = db.create_engine(database_url)
    try:
        await db.migrate(engine)
        async with db.create_sessionmaker(engine)() as session:
            _info, token = await apikeys.create_key(session, name=name, scopes=scopes)
            await session.commit()
    finally:
        await engine.dispose()
    return token


async def _revoke(database_url: str, token: str) -> None:
    engine = db.create_engine(database_url)
    try:
        async with db.create_sessionmaker(engine)() as session:
            await apikeys.revoke_key(session, id_or_prefix=token)
            await session.commit()
    finally:
        await engine.dispose()
