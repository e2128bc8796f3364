"""The bulk-analysis commands: `truthlens submit`, `truthlens worker` and queued rescoring."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import TYPE_CHECKING, TextIO

from truthlens import db, jobstore, repository
from truthlens.jobs import JobServices
from truthlens.jobstore import ItemState
from truthlens.pipeline import Pipeline
from truthlens.plugin_manager import create_plugin_host
from truthlens.submission import Progress, backend, batch_progress, open_queue, submit_urls

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from truthlens.settings import Settings
    from truthlens.submission import JobQueue

BAR = 30
PAGE = 500


def progress_line(progress: Progress) -> str:
    """`[#####-----] 12/40 done 10, failed 2, running 4, queued 24`."""
    counts = progress.counts
    finished = counts[ItemState.DONE] + counts[ItemState.FAILED]
    total = progress.total
    filled = BAR * finished // total if total else BAR
    return (
        f"[{'#' * filled}{'-' * (BAR - filled)}] {finished}/{total} "
        f"done {counts[ItemState.DONE]}, failed {counts[ItemState.FAILED]}, "
        f"running {counts[ItemState.RUNNING]}, queued {counts[ItemState.QUEUED]}"
    )


async def submit(
    settings: Settings,
    urls: Sequence[str],
    *,
    force: bool,
    wait: bool,
    out: TextIO,
    progress: TextIO,
    poll: float = 0.5,
) -> int:
    """Submit one batch; with `wait`, show progress until it is finished. Exit code."""
    from truthlens.schema.ids import encode_id

    engine = db.create_engine(settings.database_url)
    try:
        await db.migrate(engine)
        sessions = db.create_sessionmaker(engine)
        pipeline = Pipeline(
            create_plugin_host(disabled=settings.disabled_plugins), settings, sessions
        )
        queue = await open_queue(settings, JobServices(pipeline, sessions, settings))
        try:
            state = await submit_urls(sessions, queue, urls, force=force)
            out.write(f"batch {encode_id('AnalysisBatch', state.batch_id)}: {state.total} URLs\n")
            out.flush()
            if not wait:
                if queue.kind == "embedded":
                    out.write("queued; the next `truthlens serve` on this database runs them\n")
                return 0
            if queue.kind == "procrastinate":
                async with sessions() as session:
                    alive = await jobstore.live_workers(session, within=settings.stalled_after)
                if not alive:
                    progress.write("no live worker yet: start `truthlens worker` to run the jobs\n")
            state = await _watch(sessions, state.batch_id, progress, poll)
            await queue.drain()
            await _report_failures(sessions, state.batch_id, out)
        finally:
            await queue.aclose()
            await pipeline.aclose()
    finally:
        await engine.dispose()
    return 0 if state.counts[ItemState.FAILED] == 0 else 1


async def _watch(
    sessions: async_sessionmaker[AsyncSession], batch_id: int, stream: TextIO, poll: float
) -> Progress:
    while True:
        state = await batch_progress(sessions, batch_id)
        stream.write("\r" + progress_line(state))
        stream.flush()
        if state.finished:
            stream.write("\n")
            return state
        await asyncio.sleep(poll)


async def _report_failures(
    sessions: async_sessionmaker[AsyncSession], batch_id: int, out: TextIO
) -> None:
    position = -1
    while True:
        async with sessions() as session:
            rows = await jobstore.list_items(
                session,
                batch_id=batch_id,
                after_position=position,
                limit=PAGE,
                state=ItemState.FAILED,
            )
        for item, _article in rows:
            out.write(f"failed {item.url}: {item.error_code} {item.error_message}\n")
        if len(rows) < PAGE:
            return
        position = rows[-1][0].position


def worker(
    settings: Settings, *, concurrency: int | None, processes: int | None, name: str | None
) -> int:
    """`truthlens worker`: one process per core by default, each running `concurrency` jobs."""
    if backend(settings) != "procrastinate":
        print(
            "truthlens worker: workers need PostgreSQL (TRUTHLENS_DATABASE_URL=postgresql+asyncpg"
            "://...); on SQLite, `serve` and `submit` run jobs in-process",
            file=sys.stderr,
        )
        return 2
    from truthlens.worker import run_processes, run_worker

    jobs = concurrency or settings.job_concurrency
    count = processes or os.cpu_count() or 1
    if count == 1:
        asyncio.run(run_worker(settings, concurrency=jobs, name=name))
        return 0
    return run_processes(count, jobs)


async def enqueue_rescores(
    sessions: async_sessionmaker[AsyncSession],
    queue: JobQueue,
    *,
    metrics: list[str],
    stale_for: dict[str, tuple[str, str]] | None,
) -> int:
    """Queue one rescoring job per (stale) article for the workers; returns how many."""
    after = 0
    total = 0
    while True:
        async with sessions() as session:
            ids = await repository.article_ids(
                session, after_id=after, limit=PAGE, stale_for=stale_for
            )
        if not ids:
            return total
        await queue.enqueue_rescores(ids, metrics)
        total += len(ids)
        after = ids[-1]


async def rescore_via_workers(
    settings: Settings, *, metrics: list[str] | None, stale: bool
) -> int | None:
    """Queue rescoring for the worker pool; None (do it here) when no worker is alive."""
    if backend(settings) != "procrastinate":
        return None
    engine = db.create_engine(settings.database_url)
    try:
        await db.migrate(engine)
        sessions = db.create_sessionmaker(engine)
        async with sessions() as session:
            alive = await jobstore.live_workers(session, within=settings.stalled_after)
        if not alive:
            return None
        pipeline = Pipeline(
            create_plugin_host(disabled=settings.disabled_plugins), settings, sessions
        )
        try:
            selected = pipeline.select_metrics(metrics)
            names = [m.metric.name for m in selected]
            stale_for = (
                {m.metric.name: (m.plugin_version, m.metric.version) for m in selected}
                if stale
                else None
            )
            queue = await open_queue(settings, JobServices(pipeline, sessions, settings))
            try:
                return await enqueue_rescores(sessions, queue, metrics=names, stale_for=stale_for)
            finally:
                await queue.aclose()
        finally:
            await pipeline.aclose()
    finally:
        await engine.dispose()
