"""Job functions: plain async functions that both job runners call.

The embedded runner (`truthlens.runner`, SQLite, in-process) and the procrastinate
worker (`truthlens.worker`, PostgreSQL) run the same functions here; only how a job is
queued, locked and retried differs. A job never raises for an expected failure: it
records it on its item. A transient failure (timeout, network error, HTTP 408, 429, 5xx)
asks to be run again after a backoff; a permanent one (blocked address, 404,
unsupported content...) fails the item at once.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from truthlens import jobstore, repository
from truthlens.db import WRITE
from truthlens.errors import AnalysisError, ErrorCode
from truthlens.fetch import FetchError
from truthlens.jobstore import ItemState
from truthlens.pipeline import Request

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from truthlens.pipeline import Pipeline
    from truthlens.settings import Settings

log = logging.getLogger(__name__)

MAX_RETRY_AFTER = 3600.0
"""A server's Retry-After is honoured up to an hour; beyond that the item fails."""


@dataclass(frozen=True, slots=True)
class JobServices:
    """What a job function needs; built once per process by its runner."""

    pipeline: Pipeline
    sessions: async_sessionmaker[AsyncSession]
    settings: Settings


@dataclass(frozen=True, slots=True)
class Verdict:
    transient: bool
    retry_after: float | None = None


def classify(error: AnalysisError) -> Verdict:
    """Whether trying again later may help; only fetch failures can be transient."""
    cause = error.__cause__
    if isinstance(cause, FetchError):
        return Verdict(cause.transient, cause.retry_after)
    return Verdict(False)


def retry_delay(verdict: Verdict, attempts: int, settings: Settings) -> float | None:
    """Seconds to wait before attempt `attempts + 1`, or None when the item should fail."""
    if not verdict.transient or attempts >= settings.job_max_attempts:
        return None
    backoff = min(settings.job_retry_delay * 2.0 ** (attempts - 1), settings.job_retry_max_delay)
    if verdict.retry_after is None:
        return backoff
    if verdict.retry_after > MAX_RETRY_AFTER:
        return None
    return max(backoff, verdict.retry_after)


def site_lock(normalized_url: str, site_concurrency: int) -> str:
    """The lock a URL's job holds: one of `site_concurrency` slots of its site.

    Jobs sharing a lock run one at a time, so a site never sees more than
    `site_concurrency` fetches at once, and one URL (always the same slot) is never
    fetched twice at the same time: the second job finds the first one's result.
    """
    host = urlsplit(normalized_url).netloc
    digest = hashlib.sha256(normalized_url.encode()).digest()
    slot = int.from_bytes(digest[:4], "big") % site_concurrency
    return f"site:{host}#{slot}"


async def analyze_item(services: JobServices, item_id: int) -> float | None:
    """Analyze one batch item; returns seconds after which to run it again, or None."""
    async with services.sessions() as session:
        await session.connection(execution_options=WRITE)
        item = await jobstore.start_item(session, item_id=item_id)
        if item is None:  # done already (a recovered job that had finished), or gone
            await session.commit()
            return None
        batch = await jobstore.get_batch(session, batch_id=item.batch_id)
        force = batch is not None and batch.force
        reuse = await jobstore.reusable_outcome(session, item=item, force=force)
        if reuse is not None:
            await jobstore.finish_item(
                session,
                item_id=item_id,
                state=reuse.state,
                article_id=reuse.article_id,
                error_code=reuse.error_code,
                error_message=reuse.error_message,
            )
        await session.commit()
    if reuse is not None:
        return None
    try:
        analysis = await services.pipeline.analyze(Request(source="url", url=item.url, force=True))
    except AnalysisError as exc:
        return await _failed(services, item_id, item.attempts, exc)
    except Exception as exc:
        log.exception("analysis of item %s (%s) failed unexpectedly", item_id, item.url)
        await _finish(services, item_id, ItemState.FAILED, ErrorCode.INTERNAL_ERROR, repr(exc))
        return None
    async with services.sessions() as session:
        # The article and the item's outcome commit together.
        await session.connection(execution_options=WRITE)
        article = await repository.save_analysis(session, analysis=analysis)
        await jobstore.finish_item(
            session, item_id=item_id, state=ItemState.DONE, article_id=article.id
        )
        await session.commit()
    return None


async def _failed(
    services: JobServices, item_id: int, attempts: int, error: AnalysisError
) -> float | None:
    delay = retry_delay(classify(error), attempts, services.settings)
    async with services.sessions() as session:
        await session.connection(execution_options=WRITE)
        if delay is None:
            await jobstore.finish_item(
                session,
                item_id=item_id,
                state=ItemState.FAILED,
                error_code=error.code.value,
                error_message=error.message,
            )
        else:
            log.info("item %s: %s; retrying in %.1f s", item_id, error.message, delay)
            await jobstore.requeue_item(
                session, item_id=item_id, error_code=error.code.value, error_message=error.message
            )
        await session.commit()
    return delay


async def _finish(
    services: JobServices, item_id: int, state: ItemState, code: ErrorCode, message: str
) -> None:
    async with services.sessions() as session:
        await session.connection(execution_options=WRITE)
        await jobstore.finish_item(
            session, item_id=item_id, state=state, error_code=code.value, error_message=message
        )
        await session.commit()


async def rescore_article(
    services: JobServices, article_id: int, metrics: Sequence[str] | None
) -> bool:
    """Recompute one article's scores; False when the article is gone."""
    try:
        await services.pipeline.rescore(article_id, metrics)
    except AnalysisError as exc:
        log.warning("article %s not rescored: %s", article_id, exc.message)
        return False
    return True
