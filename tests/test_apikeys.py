"""API key storage: hashed tokens, lookup, listing and revocation, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import sqlalchemy as sa

from truthlens import apikeys
from truthlens.apikeys import ApiKeyError, Scope


async def create(sessions: Any, name: str, *scopes: Scope) -> tuple[apikeys.KeyInfo, str]:
    async with sessions() as session:
        created = await apikeys.create_key(session, name=name, scopes=scopes)
        await session.commit()
    return created


async def lookup(sessions: Any, token: str) -> apikeys.KeyInfo | None:
    async with sessions() as session:
        return await apikeys.authenticate(session, token=token)


async def test_a_key_is_stored_only_as_a_hash(sessions: Any) -> None:
    info, token = await create(sessions, "newsroom", Scope.READ, Scope.ANALYZE)
    assert token.startswith(f"{info.prefix}_")
    assert info.prefix.startswith("tlk_")
    assert len(token) > 50
    async with sessions() as session:
        rows = (await session.execute(sa.text("SELECT * FROM api_key"))).mappings().all()
    (row,) = (r for r in rows if r["id"] == info.id)
    stored = " ".join(str(value) for r in rows for value in r.values())
    secret = token.removeprefix(f"{info.prefix}_")
    assert secret not in stored
    assert row["secret_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert row["scopes"] == "analyze,read"


async def test_tokens_are_unique(sessions: Any) -> None:
    first = await create(sessions, "a", Scope.READ)
    second = await create(sessions, "b", Scope.READ)
    assert first[1] != second[1]
    assert first[0].prefix != second[0].prefix


async def test_authenticate_accepts_the_token_and_nothing_else(sessions: Any) -> None:
    info, token = await create(sessions, "partner", Scope.ANALYZE)
    found = await lookup(sessions, token)
    assert found is not None
    assert (found.id, found.name, found.scopes) == (info.id, "partner", frozenset({Scope.ANALYZE}))
    # The right prefix with another secret of the same shape.
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert await lookup(sessions, forged) is None
    assert await lookup(sessions, token + "x") is None
    assert await lookup(sessions, "tlk_") is None
    assert await lookup(sessions, "") is None
    assert await lookup(sessions, info.prefix) is None


async def test_revoked_keys_stop_working(sessions: Any) -> None:
    info, token = await create(sessions, "old", Scope.READ)
    other, other_token = await create(sessions, "kept", Scope.READ)
    async with sessions() as session:
        revoked = await apikeys.revoke_key(session, id_or_prefix=info.prefix)
        await session.commit()
    assert revoked.revoked_at is not None
    assert await lookup(sessions, token) is None
    assert await lookup(sessions, other_token) is not None
    async with sessions() as session:
        again = await apikeys.revoke_key(session, id_or_prefix=str(info.id))
        await session.commit()
    assert again.revoked_at == revoked.revoked_at  # revoking twice keeps the first time
    async with sessions() as session:
        listed = await apikeys.list_keys(session)
        live = await apikeys.list_keys(session, include_revoked=False)
    # The PostgreSQL database is shared by the session's tests: look at this test's keys.
    mine = {info.id, other.id}
    assert [(k.id, k.revoked_at is not None) for k in listed if k.id in mine] == [
        (info.id, True),
        (other.id, False),
    ]
    assert [k.id for k in live if k.id in mine] == [other.id]


async def test_revoking_an_unknown_key_is_an_error(sessions: Any) -> None:
    async with sessions() as session:
        with pytest.raises(ApiKeyError, match="no key"):
            await apikeys.revoke_key(session, id_or_prefix="tlk_000000000000")
        with pytest.raises(ApiKeyError, match="no key"):
            await apikeys.revoke_key(session, id_or_prefix="999")
        with pytest.raises(ApiKeyError, match="neither"):
            await apikeys.revoke_key(session, id_or_prefix="drop table")


async def test_create_refuses_empty_names_and_scopes(sessions: Any) -> None:
    async with sessions() as session:
        with pytest.raises(ApiKeyError):
            await apikeys.create_key(session, name="  ", scopes=[Scope.READ])
        with pytest.raises(ApiKeyError):
            await apikeys.create_key(session, name="x", scopes=[])


def test_parse_scopes() -> None:
    assert apikeys.parse_scopes("read, Analyze") == {Scope.READ, Scope.ANALYZE}
    with pytest.raises(ApiKeyError, match="unknown scope 'write'"):
        apikeys.parse_scopes("read,write")
    with pytest.raises(ApiKeyError):
        apikeys.parse_scopes(" , ")


def test_admin_implies_every_scope() -> None:
    from datetime import UTC, datetime

    def key(*scopes: Scope) -> apikeys.KeyInfo:
        return apikeys.KeyInfo(1, "k", "tlk_0", frozenset(scopes), datetime.now(UTC), None)

    assert all(key(Scope.ADMIN).allows(s) for s in Scope)
    assert key(Scope.READ).allows(Scope.READ)
    assert not key(Scope.READ).allows(Scope.ANALYZE)
    assert not key(Scope.ANALYZE, Scope.READ).allows(Scope.ADMIN)
