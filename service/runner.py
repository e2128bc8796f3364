"""The embedded job runner: the job functions of `truthlens.jobs`, in-process.

Used on SQLite (the laptop default, no configuration): the app's lifespan or the CLI
owns one runner. Bounded concurrency, the same per-site lock slots as the
procrastinate worker (so one URL is never fetched twice at once), retries after a
backoff by sleeping. Nothing survives the process: items left queued or running are
resumed by the next app start (`resume`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from truthlens import jobs, jobstore

if TYPE_CHECKING:
    from collections.abc import Sequence

    from truthlens.jobs import JobServices

log = logging.getLogger(__name__)


class EmbeddedRunner:
    kind = "embedded"

    def __init__(self, services: JobServices, concurrency: int) -> None:
        self._services = services
        self._slots = asyncio.Semaphore(concurrency)
        self._locks: dict[str, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def enqueue_items(self, items: Sequence[tuple[int, str]]) -> None:
        """Run each (item id, normalized URL) soon, in the order given."""
        cap = self._services.settings.site_concurrency
        for item_id, url in items:
            lock = self._locks.setdefault(jobs.site_lock(url, cap), asyncio.Lock())
            task = asyncio.create_task(self._run(item_id, lock), name=f"item-{item_id}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def enqueue_rescores(self, article_ids: Sequence[int], metrics: list[str] | None) -> None:
        for article_id in article_ids:
            task = asyncio.create_task(self._rescore(article_id, metrics))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def resume(self) -> int:
        """Enqueue the items a previous process left unfinished; returns how many."""
        async with self._services.sessions() as session:
            left = await jobstore.unfinished_items(session)
        await self.enqueue_items(left)
        return len(left)

    async def _run(self, item_id: int, lock: asyncio.Lock) -> None:
        while True:
            async with lock, self._slots:
                try:
                    delay = await jobs.analyze_item(self._services, item_id)
                except Exception:
                    log.exception("job for item %s failed; it stays unfinished", item_id)
                    return
            if delay is None:
                return
            await asyncio.sleep(delay)

    async def _rescore(self, article_id: int, metrics: list[str] | None) -> None:
        async with self._slots:
            try:
                await jobs.rescore_article(self._services, article_id, metrics)
            except Exception:
                log.exception("rescoring article %s failed", article_id)

    async def drain(self) -> None:
        """Wait until every job enqueued so far has finished."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aclose(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
