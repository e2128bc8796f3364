"""API keys: creation, lookup, listing and revocation.

A key is `tlk_<id>_<secret>`: `tlk_<id>` is its public prefix (stored, shown by `keys list`,
used to find the row), and the whole token is stored only as its SHA-256. The secret has 256
random bits, so a fast hash is enough (no password-style stretching is needed), and the
stored hash is compared in constant time. The token is returned once, at creation.

Functions are keyword-only and take the session from the caller, who owns the transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlmodel import col, select

from truthlens.models import ApiKey, utcnow

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy.ext.asyncio import AsyncSession

TOKEN_PREFIX = "tlk_"  # noqa: S105 - the public marker of a token, not a secret
_TOKEN = re.compile(r"^(tlk_[0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
_PREFIX = re.compile(r"^tlk_[0-9a-f]{12}$")


class Scope(StrEnum):
    """What a key may do; admin implies the others."""

    READ = "read"
    ANALYZE = "analyze"
    ADMIN = "admin"


class ApiKeyError(ValueError):
    """A request about keys that cannot be met (bad scopes or name, no such key)."""


@dataclass(frozen=True)
class KeyInfo:
    """A key as it may be shown: everything but the secret."""

    id: int
    name: str
    prefix: str
    scopes: frozenset[Scope]
    created_at: datetime
    revoked_at: datetime | None

    def allows(self, scope: Scope) -> bool:
        return scope in self.scopes or Scope.ADMIN in self.scopes

    @classmethod
    def from_row(cls, row: ApiKey) -> KeyInfo:
        assert row.id is not None
        return cls(
            id=row.id,
            name=row.name,
            prefix=row.prefix,
            scopes=frozenset(Scope(s) for s in row.scopes.split(",") if s),
            created_at=row.created_at,
            revoked_at=row.revoked_at,
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "prefix": self.prefix,
            "scopes": sorted(self.scopes),
            "created_at": self.created_at.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        }


def parse_scopes(text: str | Iterable[str]) -> frozenset[Scope]:
    """`read,analyze` (or an iterable of names) as scopes; unknown names are an error."""
    names = text.split(",") if isinstance(text, str) else list(text)
    scopes: set[Scope] = set()
    for name in (n.strip().lower() for n in names):
        if not name:
            continue
        try:
            scopes.add(Scope(name))
        except ValueError:
            known = ", ".join(s.value for s in Scope)
            raise ApiKeyError(f"unknown scope {name!r} (known: {known})") from None
    if not scopes:
        raise ApiKeyError("give at least one scope: read, analyze or admin")
    return frozenset(scopes)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_well_formed(token: str) -> bool:
    return _TOKEN.match(token) is not None


async def create_key(
    session: AsyncSession, *, name: str, scopes: Iterable[Scope]
) -> tuple[KeyInfo, str]:
    """A new key and its token; the token is not stored and cannot be shown again."""
    name = name.strip()
    if not name or len(name) > 255:
        raise ApiKeyError("a key needs a name of 1 to 255 characters")
    chosen = sorted({Scope(s) for s in scopes})
    if not chosen:
        raise ApiKeyError("give at least one scope: read, analyze or admin")
    prefix = f"{TOKEN_PREFIX}{secrets.token_hex(6)}"
    token = f"{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiKey(
        name=name,
        prefix=prefix,
        secret_hash=_digest(token),
        scopes=",".join(chosen),
        created_at=utcnow(),
    )
    session.add(row)
    await session.flush()
    return KeyInfo.from_row(row), token


async def authenticate(session: AsyncSession, *, token: str) -> KeyInfo | None:
    """The live key this token belongs to; None when malformed, unknown or revoked."""
    match = _TOKEN.match(token)
    if match is None:
        return None
    found = await session.execute(select(ApiKey).where(col(ApiKey.prefix) == match.group(1)))
    row = found.scalars().first()
    # Hash even when there is no row, so a miss costs the same as a wrong secret.
    presented = _digest(token)
    stored = row.secret_hash if row is not None else _digest("")
    if not hmac.compare_digest(presented, stored) or row is None or row.revoked_at is not None:
        return None
    return KeyInfo.from_row(row)


async def list_keys(session: AsyncSession, *, include_revoked: bool = True) -> list[KeyInfo]:
    query = select(ApiKey).order_by(col(ApiKey.id))
    if not include_revoked:
        query = query.where(col(ApiKey.revoked_at).is_(None))
    rows = (await session.execute(query)).scalars().all()
    return [KeyInfo.from_row(row) for row in rows]


async def revoke_key(session: AsyncSession, *, id_or_prefix: str) -> KeyInfo:
    """Revoke a key by its id or prefix (or a whole token); revoking twice keeps the first time."""
    wanted = id_or_prefix.strip()
    match = _TOKEN.match(wanted)
    if match is not None:
        wanted = match.group(1)
    if wanted.isdigit():
        condition = col(ApiKey.id) == int(wanted)
    elif _PREFIX.match(wanted):
        condition = col(ApiKey.prefix) == wanted
    else:
        raise ApiKeyError(f"{id_or_prefix!r} is neither a key id nor a key prefix (tlk_...)")
    row = (await session.execute(select(ApiKey).where(condition))).scalars().first()
    if row is None:
        raise ApiKeyError(f"no key {id_or_prefix!r}")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        await session.flush()
    return KeyInfo.from_row(row)
