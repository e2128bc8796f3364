"""Data access for analysis batches and their items (the job layer's own tables).

Keyword-only functions taking the caller's session, like `truthlens.repository`; the
caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import col, select

from truthlens.fetch import MAX_URL_LENGTH
from truthlens.identity import normalize_url
from truthlens.models import AnalysisBatch, AnalysisItem, Article, utcnow

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.ext.asyncio import AsyncSession


class ItemState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


FINISHED = (ItemState.DONE, ItemState.FAILED)


@dataclass(frozen=True, slots=True)
class Reuse:
    """The outcome another analysis of the same URL already gave (no fetch needed)."""

    state: ItemState
    article_id: int | None
    error_code: str | None
    error_message: str | None


def normalized_or_error(url: str) -> tuple[str | None, str | None]:
    """(normalized URL, None), or (None, why the URL cannot be analyzed)."""
    url = url.strip()
    if not url:
        return None, "url must not be empty"
    if len(url) > MAX_URL_LENGTH:
        return None, f"URL longer than {MAX_URL_LENGTH} characters"
    try:
        return normalize_url(url), None
    except ValueError as exc:
        return None, f"invalid url: {exc}"


async def create_batch(
    session: AsyncSession, *, urls: Sequence[str], force: bool
) -> tuple[AnalysisBatch, list[AnalysisItem]]:
    """A batch with one item per distinct normalized URL, in the order given.

    URLs that cannot be analyzed become failed items (INVALID_INPUT) at once; the
    items returned still queued are the ones to enqueue.
    """
    now = utcnow()
    batch = AnalysisBatch(force=force, created_at=now)
    session.add(batch)
    await session.flush()
    assert batch.id is not None
    seen: set[str] = set()
    items: list[AnalysisItem] = []
    for url in urls:
        normalized, problem = normalized_or_error(url)
        if normalized is not None and normalized in seen:
            continue
        item = AnalysisItem(
            batch_id=batch.id,
            position=len(items),
            url=url.strip()[: MAX_URL_LENGTH + 1],
            normalized_url=normalized,
            state=ItemState.QUEUED if problem is None else ItemState.FAILED,
            error_code=None if problem is None else "INVALID_INPUT",
            error_message=problem,
            created_at=now,
            finished_at=None if problem is None else now,
        )
        if normalized is not None:
            seen.add(normalized)
        items.append(item)
    session.add_all(items)
    await session.flush()
    return batch, [item for item in items if item.state == ItemState.QUEUED]


async def get_batch(session: AsyncSession, *, batch_id: int) -> AnalysisBatch | None:
    return await session.get(AnalysisBatch, batch_id)


async def get_item(session: AsyncSession, *, item_id: int) -> AnalysisItem | None:
    return await session.get(AnalysisItem, item_id)


async def batch_counts(session: AsyncSession, *, batch_id: int) -> dict[ItemState, int]:
    """How many items of the batch are in each state (every state present, maybe 0)."""
    rows = await session.execute(
        sa.select(col(AnalysisItem.state), sa.func.count())
        .where(col(AnalysisItem.batch_id) == batch_id)
        .group_by(col(AnalysisItem.state))
    )
    counts = dict.fromkeys(ItemState, 0)
    for state, count in rows:
        counts[ItemState(state)] = int(count)
    return counts


async def list_items(
    session: AsyncSession,
    *,
    batch_id: int,
    after_position: int,
    limit: int,
    state: ItemState | None = None,
) -> list[tuple[AnalysisItem, Article | None]]:
    """Items of a batch in submission order, after a position, with their articles."""
    query = (
        sa.select(AnalysisItem, Article)
        .outerjoin(Article, col(Article.id) == col(AnalysisItem.article_id))
        .where(col(AnalysisItem.batch_id) == batch_id)
        .where(col(AnalysisItem.position) > after_position)
        .order_by(col(AnalysisItem.position))
        .limit(limit)
    )
    if state is not None:
        query = query.where(col(AnalysisItem.state) == state.value)
    rows = await session.execute(query)
    return [(item, article) for item, article in rows]


async def start_item(session: AsyncSession, *, item_id: int) -> AnalysisItem | None:
    """Mark an item running and count the attempt; None when it needs no more work."""
    item = await session.get(AnalysisItem, item_id, with_for_update=True)
    if item is None or item.state in FINISHED:
        return None
    item.state = ItemState.RUNNING
    item.attempts += 1
    item.started_at = utcnow()
    session.add(item)
    await session.flush()
    return item


async def reusable_outcome(
    session: AsyncSession, *, item: AnalysisItem, force: bool
) -> Reuse | None:
    """An outcome this item may take over instead of fetching again.

    Another item of the same URL that finished after this one was submitted was in
    flight together with it: its result is as fresh as a fetch of ours would be. Without
    `force`, a stored article of the URL is enough.
    """
    other = (
        await session.scalars(
            select(AnalysisItem)
            .where(col(AnalysisItem.normalized_url) == item.normalized_url)
            .where(col(AnalysisItem.id) != item.id)
            .where(col(AnalysisItem.state).in_([s.value for s in FINISHED]))
            .where(col(AnalysisItem.finished_at) >= item.created_at)
            .order_by(col(AnalysisItem.finished_at).desc())
            .limit(1)
        )
    ).first()
    if other is not None and (other.state == ItemState.FAILED or other.article_id is not None):
        return Reuse(
            ItemState(other.state), other.article_id, other.error_code, other.error_message
        )
    if force:
        return None
    # The identity column only: it is indexed (article.url is not), and a page whose
    # canonical URL differs from the submitted one is simply fetched again.
    article_id = (
        await session.scalars(
            select(col(Article.id))
            .where(col(Article.normalized_url) == item.normalized_url)
            .order_by(col(Article.id))
            .limit(1)
        )
    ).first()
    return None if article_id is None else Reuse(ItemState.DONE, article_id, None, None)


async def finish_item(
    session: AsyncSession,
    *,
    item_id: int,
    state: ItemState,
    article_id: int | None = None,
    error_code: str | None = None,
    error_message: str | None = None,
) -> None:
    await session.execute(
        sa.update(AnalysisItem)
        .where(col(AnalysisItem.id) == item_id)
        .values(
            state=state.value,
            article_id=article_id,
            error_code=error_code,
            error_message=error_message,
            finished_at=utcnow(),
        )
    )


async def requeue_item(
    session: AsyncSession, *, item_id: int, error_code: str, error_message: str
) -> None:
    """Back to queued after a transient failure; the last error stays visible."""
    await session.execute(
        sa.update(AnalysisItem)
        .where(col(AnalysisItem.id) == item_id)
        .values(state=ItemState.QUEUED.value, error_code=error_code, error_message=error_message)
    )


async def unfinished_items(session: AsyncSession) -> list[tuple[int, str]]:
    """(id, normalized URL) of every item still queued or running, oldest first."""
    rows = await session.execute(
        sa.select(col(AnalysisItem.id), col(AnalysisItem.normalized_url))
        .where(col(AnalysisItem.state).in_([ItemState.QUEUED.value, ItemState.RUNNING.value]))
        .order_by(col(AnalysisItem.id))
    )
    return [(pk, url or "") for pk, url in rows if pk is not None]


async def live_workers(session: AsyncSession, *, within: float) -> int:
    """procrastinate workers (PostgreSQL) whose last heartbeat is at most `within` s old."""
    count = await session.scalar(
        sa.text(
            "SELECT count(*) FROM procrastinate_workers "
            "WHERE last_heartbeat > now() - make_interval(secs => :within)"
        ),
        {"within": within},
    )
    return int(count or 0)


async def orphaned_items(
    session: AsyncSession, *, task_name: str, older_than: float, limit: int = 500
) -> list[AnalysisItem]:
    """Unfinished items with no procrastinate job waiting or running for them (PostgreSQL).

    A process that stopped between recording a batch and deferring its jobs, or a job
    that failed on an unexpected error, leaves such items behind.
    """
    query = (
        select(AnalysisItem)
        .where(col(AnalysisItem.state).in_([ItemState.QUEUED.value, ItemState.RUNNING.value]))
        .where(
            col(AnalysisItem.created_at)
            < sa.func.now() - sa.func.make_interval(0, 0, 0, 0, 0, 0, older_than)
        )
        .where(
            sa.text(
                "NOT EXISTS (SELECT 1 FROM procrastinate_jobs j WHERE j.task_name = :task "
                "AND j.status IN ('todo', 'doing') "
                "AND (j.args->>'item_id')::bigint = analysis_item.id)"
            ).bindparams(task=task_name)
        )
        .order_by(col(AnalysisItem.id))
        .limit(limit)
    )
    return list(await session.scalars(query))
