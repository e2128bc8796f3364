"""Pages are read through their (key, id) index, never by sorting the whole table.

With sorting disabled, PostgreSQL still sorts when no index gives the order: a Sort node in
the plan means every page costs a scan and sort of all articles. This caught the default
order asking for `analyzed_at DESC NULLS LAST`, which the ascending index cannot give.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import event

from truthlens import db, listing
from truthlens.listing import ArticleOrder


async def _plan(database_url: str, order: ArticleOrder) -> str:
    engine = db.create_engine(database_url)
    try:
        await db.migrate(engine)
        statements: list[tuple[str, Any]] = []

        def capture(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
            statements.append((statement, parameters))

        event.listen(engine.sync_engine, "before_cursor_execute", capture)
        sessions = db.create_sessionmaker(engine)
        async with sessions() as session:
            await listing.article_page(session, first=21, order=order, summaries=True)
        event.remove(engine.sync_engine, "before_cursor_execute", capture)
        statement, parameters = next(s for s in statements if "FROM article" in s[0])
        async with engine.connect() as conn:
            raw = await conn.get_raw_connection()
            driver = raw.driver_connection
            assert driver is not None
            await driver.execute("SET enable_sort = off")
            rows = await driver.fetch("EXPLAIN " + statement, *parameters)
        return "\n".join(row[0] for row in rows)
    finally:
        await engine.dispose()


def test_newest_first_page_is_an_index_scan_on_postgresql(postgres_url: str) -> None:
    plan = asyncio.run(_plan(postgres_url, ArticleOrder.NEWEST))
    assert "ix_article_analyzed_at_id" in plan, plan
    assert "Sort" not in plan, plan


@pytest.mark.parametrize("order", [ArticleOrder.PUBLISHED, ArticleOrder.SCORE])
def test_nullable_orders_still_put_nulls_last(postgres_url: str, order: ArticleOrder) -> None:
    """Known limit: these orders sort (no NULLS LAST index yet); the order itself is kept."""
    plan = asyncio.run(_plan(postgres_url, order))
    assert "NULLS LAST" in plan, plan
