"""Idempotent, race-free writes: concurrent analyses of one URL make one article."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, select

from truthlens.models import Article, Score, ScoreHistory, Summary
from truthlens.pipeline import Pipeline, Request
from truthlens.plugin_manager import create_plugin_host
from truthlens.settings import Settings


async def test_fifty_concurrent_analyses_of_one_url(sessions: Any, page_server: str) -> None:
    pipeline = Pipeline(create_plugin_host(), Settings(allow_private_addresses=True), sessions)
    url = f"{page_server}/harbor_bridge.html"
    try:
        results = await asyncio.gather(
            *(
                pipeline.analyze_and_store(Request(source="url", url=url, force=True))
                for _ in range(50)
            ),
            return_exceptions=True,
        )
    finally:
        await pipeline.aclose()
    errors = [r for r in results if isinstance(r, BaseException)]
    assert errors == []
    assert len({r.article_id for r in results if not isinstance(r, BaseException)}) == 1

    async with sessions() as session:

        async def count(model: type) -> int:
            return int(await session.scalar(select(func.count()).select_from(model)))

        metrics = len(pipeline.host.metrics)
        assert await count(Article) == 1
        assert await count(Summary) == 1
        assert await count(Score) == metrics
        assert await count(ScoreHistory) == 50 * metrics
