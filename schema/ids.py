"""Global node IDs ("Article:42", base64) and opaque pagination cursors."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime


class InvalidIdError(ValueError):
    pass


def encode_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def decode_id(type_name: str, global_id: str) -> int:
    """The primary key inside a global ID of the given type."""
    try:
        raw = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InvalidIdError(f"invalid {type_name} id: {global_id!r}") from exc
    prefix, _, pk = raw.partition(":")
    if prefix != type_name or not pk.isdigit():
        raise InvalidIdError(f"invalid {type_name} id: {global_id!r}")
    return int(pk)


def encode_cursor(moment: datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{pk}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor).decode()
        moment, _, pk = raw.rpartition("|")
        return datetime.fromisoformat(moment), int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InvalidIdError(f"invalid cursor: {cursor!r}") from exc
