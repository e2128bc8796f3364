"""Submitting URLs for bulk analysis, shared by GraphQL and the CLI.

`open_queue` picks the job backend: the embedded runner on SQLite (or when
`TRUTHLENS_JOBS_BACKEND=embedded`), procrastinate on PostgreSQL. `submit_urls` records
a batch and enqueues its items; `batch_progress` reads where a batch stands.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from sqlalchemy.engine import make_url

from truthlens import jobstore
from truthlens.db import WRITE
from truthlens.errors import AnalysisError, ErrorCode
from truthlens.jobstore import ItemState
from truthlens.pipeline import check_unicode

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from truthlens.jobs import JobServices
    from truthlens.settings import Settings


class JobQueue(Protocol):
    kind: str

    async def enqueue_items(self, items: Sequence[tuple[int, str]]) -> None: ...

    async def enqueue_rescores(
        self, article_ids: Sequence[int], metrics: list[str] | None
    ) -> None: ...

    async def drain(self) -> None: ...

    async def aclose(self) -> None: ...


def backend(settings: Settings) -> str:
    """ "embedded" or "procrastinate", as configured or implied by the database."""
    if settings.jobs_backend != "auto":
        return settings.jobs_backend
    is_postgres = make_url(settings.database_url).get_backend_name() == "postgresql"
    return "procrastinate" if is_postgres else "embedded"


async def open_queue(settings: Settings, services: JobServices) -> JobQueue:
    if backend(settings) == "procrastinate":
        from truthlens.worker import ProcrastinateQueue

        return await ProcrastinateQueue.open(settings)
    from truthlens.runner import EmbeddedRunner

    return EmbeddedRunner(services, settings.job_concurrency)


@dataclass(frozen=True, slots=True)
class Progress:
    batch_id: int
    counts: dict[ItemState, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def finished(self) -> bool:
        return self.counts[ItemState.QUEUED] == 0 and self.counts[ItemState.RUNNING] == 0


async def submit_urls(
    sessions: async_sessionmaker[AsyncSession],
    queue: JobQueue,
    urls: Sequence[str],
    *,
    force: bool,
) -> Progress:
    """Record a batch (one item per distinct URL) and enqueue its valid items."""
    if not urls:
        raise AnalysisError(ErrorCode.INVALID_INPUT, "give at least one URL")
    for position, url in enumerate(urls, start=1):
        _storable(position, url)
    async with sessions() as session:
        await session.connection(execution_options=WRITE)
        batch, queued = await jobstore.create_batch(session, urls=urls, force=force)
        await session.commit()
    assert batch.id is not None
    await queue.enqueue_items(
        [(item.id, item.normalized_url or "") for item in queued if item.id is not None]
    )
    return await batch_progress(sessions, batch.id)


def _storable(position: int, url: str) -> None:
    """Refuse what no database column can hold: NUL (PostgreSQL) and lone surrogates.

    Other malformed URLs are stored as failed items with their reason; these cannot be.
    """
    if "\x00" in url:
        raise AnalysisError(ErrorCode.INVALID_INPUT, f"URL {position} contains a NUL character")
    check_unicode(f"URL {position}", url)


async def batch_progress(sessions: async_sessionmaker[AsyncSession], batch_id: int) -> Progress:
    async with sessions() as session:
        counts = await jobstore.batch_counts(session, batch_id=batch_id)
    return Progress(batch_id, counts)


def read_urls(lines: Iterable[str]) -> list[str]:
    """URLs from a file: one per line, or JSON lines with a "url" field; blanks and # skipped."""
    urls: list[str] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        if line.startswith("{"):
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"line {number}: not JSON: {exc.msg}") from exc
            url = item.get("url") if isinstance(item, dict) else None
            if not isinstance(url, str):
                raise ValueError(f'line {number}: expected {{"url": "..."}}')
            urls.append(url)
        else:
            urls.append(line)
    return urls
