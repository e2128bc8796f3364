from datetime import datetime

import pytest
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite

from truthlens.models import UTCDateTime


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive datetime"):
        UTCDateTime().process_bind_param(datetime(2026, 1, 1), SQLiteDialect_aiosqlite())


def test_sqlite_stores_naive_utc_and_reads_back_aware() -> None:
    from datetime import UTC, timedelta, timezone

    local = datetime(2026, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    stored = UTCDateTime().process_bind_param(local, SQLiteDialect_aiosqlite())
    assert stored == datetime(2026, 1, 1, 10)
    assert UTCDateTime().process_result_value(stored, SQLiteDialect_aiosqlite()) == local
    on_pg = UTCDateTime().process_bind_param(local, PGDialect_asyncpg())  # type: ignore[no-untyped-call]
    assert on_pg is not None
    assert on_pg.tzinfo == UTC
