import base64
import json

import pytest

from truthlens.schema.ids import (
    InvalidIdError,
    decode_cursor,
    decode_id,
    decode_node_id,
    encode_cursor,
    encode_id,
)


def test_global_id_round_trip() -> None:
    assert decode_id("Article", encode_id("Article", 42)) == 42


def test_string_keys_round_trip() -> None:
    site = "Rivertón Ledger: news|views"
    assert decode_node_id(encode_id("Source", site)) == ("Source", site)


@pytest.mark.parametrize("bad", ["42", "!!", encode_id("Score", 1), "QXJ0aWNsZTp4"])
def test_invalid_ids_rejected(bad: str) -> None:
    with pytest.raises(InvalidIdError):
        decode_id("Article", bad)


@pytest.mark.parametrize("bad", ["", "!!", "bm8tY29sb24", encode_id("", 1), encode_id("X", "")])
def test_malformed_node_ids_rejected(bad: str) -> None:
    with pytest.raises(InvalidIdError):
        decode_node_id(bad)


@pytest.mark.parametrize(
    ("key", "tiebreak"), [("2026-03-14T14:30:00.123456+00:00", 7), (7.25, 3), (None, 1), (4, "x|y")]
)
def test_cursor_round_trip(key: str | float | None, tiebreak: int | str) -> None:
    assert decode_cursor(encode_cursor("KIND", key, tiebreak)) == ("KIND", key, tiebreak)


def test_first_release_cursors_are_newest() -> None:
    legacy = base64.urlsafe_b64encode(b"2026-03-14T14:30:00+00:00|7").decode()
    assert decode_cursor(legacy) == ("NEWEST", "2026-03-14T14:30:00+00:00", 7)


def _raw(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


@pytest.mark.parametrize(
    "bad",
    ["", "abc", "bm90LWEtY3Vyc29y", _raw([1, 2, 3]), _raw(["K", 1]), _raw(["K", [1], 2]),
     _raw(["K", 1, True]), _raw({"k": 1})],
)  # fmt: skip
def test_invalid_cursor_rejected(bad: str) -> None:
    with pytest.raises(InvalidIdError):
        decode_cursor(bad)
