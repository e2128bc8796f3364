"""Global node IDs ("Article:42", "Source:example.org", base64) and opaque cursors."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any


class InvalidIdError(ValueError):
    pass


def _b64encode(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _b64decode(text: str) -> str:
    """Raises ValueError (binascii.Error, UnicodeDecodeError) on anything but base64 UTF-8."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()


def encode_id(type_name: str, key: int | str) -> str:
    return _b64encode(f"{type_name}:{key}")


def decode_node_id(global_id: str) -> tuple[str, str]:
    """(type name, key) inside any global ID."""
    try:
        raw = _b64decode(global_id)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InvalidIdError(f"invalid id: {global_id!r}") from exc
    type_name, colon, key = raw.partition(":")
    if not colon or not type_name.isidentifier() or not key:
        raise InvalidIdError(f"invalid id: {global_id!r}")
    return type_name, key


def decode_id(type_name: str, global_id: str) -> int:
    """The primary key inside a global ID of the given type."""
    try:
        prefix, pk = decode_node_id(global_id)
    except InvalidIdError as exc:
        raise InvalidIdError(f"invalid {type_name} id: {global_id!r}") from exc
    if prefix != type_name or not (pk.isascii() and pk.isdigit()):
        raise InvalidIdError(f"invalid {type_name} id: {global_id!r}")
    return int(pk)


Scalar = str | int | float | None


def encode_cursor(kind: str, key: Scalar, tiebreak: str | int) -> str:
    """A cursor for position (key, tiebreak) of a list sorted as `kind` (e.g. an order)."""
    return _b64encode(json.dumps([kind, key, tiebreak], separators=(",", ":")))


def decode_cursor(cursor: str) -> tuple[str, Scalar, str | int]:
    """(kind, key, tiebreak); cursors of the first release ("<iso time>|<id>") are NEWEST."""
    try:
        raw = _b64decode(cursor)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InvalidIdError(f"invalid cursor: {cursor!r}") from exc
    try:
        decoded: Any = json.loads(raw)
    except ValueError:
        moment, bar, pk = raw.rpartition("|")
        if bar and pk.isascii() and pk.isdigit():
            try:
                return "NEWEST", datetime.fromisoformat(moment).isoformat(), int(pk)
            except ValueError:
                pass
        raise InvalidIdError(f"invalid cursor: {cursor!r}") from None
    if (
        isinstance(decoded, list)
        and len(decoded) == 3
        and isinstance(decoded[0], str)
        and isinstance(decoded[1], str | int | float | None)
        and not isinstance(decoded[1], bool)
        and isinstance(decoded[2], str | int)
        and not isinstance(decoded[2], bool)
    ):
        return decoded[0], decoded[1], decoded[2]
    raise InvalidIdError(f"invalid cursor: {cursor!r}")
