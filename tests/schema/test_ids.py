from datetime import UTC, datetime

import pytest

from truthlens.schema.ids import InvalidIdError, decode_cursor, decode_id, encode_cursor, encode_id


def test_global_id_round_trip() -> None:
    assert decode_id("Article", encode_id("Article", 42)) == 42


@pytest.mark.parametrize("bad", ["42", "!!", encode_id("Score", 1), "QXJ0aWNsZTp4"])
def test_invalid_ids_rejected(bad: str) -> None:
    with pytest.raises(InvalidIdError):
        decode_id("Article", bad)


def test_cursor_round_trip_keeps_timezone() -> None:
    moment = datetime(2026, 3, 14, 14, 30, 0, 123456, tzinfo=UTC)
    assert decode_cursor(encode_cursor(moment, 7)) == (moment, 7)


@pytest.mark.parametrize("bad", ["", "abc", "bm90LWEtY3Vyc29y"])
def test_invalid_cursor_rejected(bad: str) -> None:
    with pytest.raises(InvalidIdError):
        decode_cursor(bad)
