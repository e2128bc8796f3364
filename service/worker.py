"""procrastinate on PostgreSQL: the tasks, the queue the API defers to, and the worker.

Jobs live in procrastinate's tables in the service's own database (applied by our
migrations, see `truthlens.jobschema`), so scaling out needs nothing but more
`truthlens worker` processes pointed at the same PostgreSQL. Workers fetch jobs with
`SELECT … FOR UPDATE SKIP LOCKED`; jobs sharing a lock (a site slot, see
`jobs.site_lock`) never run at the same time, whichever worker holds them. Each worker
sends a heartbeat; every worker also looks for jobs whose worker stopped sending one
(killed, machine lost) and puts them back in the queue, and re-queues unfinished items
that have no job at all (a submitter that died between recording and deferring).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from procrastinate import App, JobContext, PsycopgConnector
from procrastinate.retry import BaseRetryStrategy, RetryDecision
from sqlalchemy.engine import make_url

from truthlens import db, jobs, jobstore
from truthlens.db import WRITE
from truthlens.errors import ErrorCode
from truthlens.jobs import JobServices
from truthlens.jobstore import ItemState
from truthlens.models import utcnow
from truthlens.pipeline import Pipeline, Request
from truthlens.plugin_manager import create_plugin_host

if TYPE_CHECKING:
    from collections.abc import Sequence

    from procrastinate.jobs import Job
    from procrastinate.types import JSONValue
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from truthlens.settings import Settings

log = logging.getLogger(__name__)

QUEUE = "truthlens"
ANALYZE = "truthlens.analyze_item"
RESCORE = "truthlens.rescore_article"
_DEFER_CHUNK = 500


class RetryLaterError(Exception):
    """Raised by a task whose job function asked to be run again after `delay` seconds."""

    def __init__(self, delay: float) -> None:
        super().__init__(f"retry in {delay:.1f} s")
        self.delay = delay


class TransientRetry(BaseRetryStrategy):
    """Retry exactly when the job function asked to, after the delay it chose.

    The job function (`jobs.analyze_item`) already told transient failures from
    permanent ones and counted attempts on its item; anything else raised is a bug, and
    retrying a bug only repeats it.
    """

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        if isinstance(exception, RetryLaterError):
            return RetryDecision(retry_at=utcnow() + timedelta(seconds=exception.delay))
        return None


def libpq_url(database_url: str) -> str:
    """The SQLAlchemy URL (postgresql+asyncpg://…) as libpq conninfo for psycopg."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        raise ValueError("procrastinate needs PostgreSQL (TRUTHLENS_DATABASE_URL)")
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _services(context: JobContext) -> JobServices:
    services = context.additional_context["services"]
    assert isinstance(services, JobServices)
    return services


async def _analyze_task(context: JobContext, item_id: int) -> None:
    delay = await jobs.analyze_item(_services(context), item_id)
    if delay is not None:
        raise RetryLaterError(delay)


async def _rescore_task(context: JobContext, article_id: int, metrics: list[str] | None) -> None:
    await jobs.rescore_article(_services(context), article_id, metrics)


def build_app(settings: Settings, *, pool_size: int = 4) -> App:
    """A procrastinate App on the service's database, with our tasks registered."""
    connector = PsycopgConnector(
        conninfo=libpq_url(settings.database_url), min_size=1, max_size=max(2, pool_size)
    )
    app = App(connector=connector)
    app.task(name=ANALYZE, queue=QUEUE, pass_context=True, retry=TransientRetry())(_analyze_task)
    app.task(name=RESCORE, queue=QUEUE, pass_context=True)(_rescore_task)
    return app


class ProcrastinateQueue:
    """Defers jobs for `truthlens worker` processes; runs nothing itself."""

    kind = "procrastinate"

    def __init__(self, app: App, settings: Settings) -> None:
        self._app = app
        self._settings = settings

    @classmethod
    async def open(cls, settings: Settings) -> ProcrastinateQueue:
        app = build_app(settings)
        await app.open_async()
        return cls(app, settings)

    async def enqueue_items(self, items: Sequence[tuple[int, str]]) -> None:
        cap = self._settings.site_concurrency
        new = [
            self._app.configure_task(ANALYZE, lock=jobs.site_lock(url, cap)).make_new_job(
                item_id=item_id
            )
            for item_id, url in items
        ]
        await self._defer(new)

    async def enqueue_rescores(self, article_ids: Sequence[int], metrics: list[str] | None) -> None:
        names = cast("JSONValue", metrics)
        new = [
            self._app.configure_task(RESCORE).make_new_job(article_id=pk, metrics=names)
            for pk in article_ids
        ]
        await self._defer(new)

    async def _defer(self, new: list[Job]) -> None:
        for start in range(0, len(new), _DEFER_CHUNK):
            await self._app.job_manager.batch_defer_jobs_async(new[start : start + _DEFER_CHUNK])

    async def drain(self) -> None:
        """Nothing to wait for here: workers run the jobs."""

    async def aclose(self) -> None:
        await self._app.close_async()


async def retry_stalled_jobs(app: App, stalled_after: float) -> int:
    """Put back in the queue the running jobs of workers that stopped beating."""
    retried = 0
    for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after):
        try:
            await app.job_manager.retry_job(job)
        except Exception as exc:  # another worker retried it first
            log.debug("stalled job %s not retried here: %s", job.id, exc)
        else:
            retried += 1
            log.warning("job %s (%s) of a stalled worker is queued again", job.id, job.task_name)
    return retried


async def requeue_orphans(
    app: App, sessions: async_sessionmaker[AsyncSession], settings: Settings
) -> int:
    """Defer jobs again for unfinished items that have none; returns how many.

    Items out of attempts are failed instead (INTERNAL_ERROR), so a job that keeps
    failing on an unexpected error cannot come back forever.
    """
    async with sessions() as session:
        await session.connection(execution_options=WRITE)
        orphans = await jobstore.orphaned_items(
            session, task_name=ANALYZE, older_than=settings.stalled_after
        )
        again = []
        for item in orphans:
            assert item.id is not None
            if item.attempts >= settings.job_max_attempts:
                await jobstore.finish_item(
                    session,
                    item_id=item.id,
                    state=ItemState.FAILED,
                    error_code=ErrorCode.INTERNAL_ERROR.value,
                    error_message=f"its job was lost {item.attempts} times",
                )
            else:
                again.append((item.id, item.normalized_url or ""))
        await session.commit()
    if again:
        log.warning("%d unfinished items had no job; queued again", len(again))
        await ProcrastinateQueue(app, settings).enqueue_items(again)
    return len(again)


async def recover(app: App, sessions: async_sessionmaker[AsyncSession], settings: Settings) -> None:
    """Forever: recover jobs of dead workers, and items left without a job."""
    interval = max(0.5, settings.stalled_after / 3)
    while True:
        await asyncio.sleep(interval)
        try:
            await retry_stalled_jobs(app, settings.stalled_after)
            await requeue_orphans(app, sessions, settings)
        except Exception:
            log.exception("job recovery failed; trying again later")


_WARM_UP = (
    "<html><head><title>Warm-up</title></head><body><article><p>The council met on "
    "Tuesday to discuss the budget for the new bridge, officials said.</p></article></body></html>"
)


async def _warm_up(pipeline: Pipeline) -> None:
    """Analyze one built-in page before taking jobs.

    First use imports the extractor and starts its helpers, which can hold the event
    loop for seconds; done while jobs run, the heartbeat would lag and other workers
    could take this one's jobs for stalled.
    """
    try:
        await pipeline.analyze(Request(source="html", html=_WARM_UP))
    except Exception:
        log.warning("warm-up analysis failed; starting anyway", exc_info=True)


async def run_worker(
    settings: Settings, *, concurrency: int, name: str | None = None, wait: bool = True
) -> None:
    """One worker process: runs jobs until stopped (SIGINT/SIGTERM), or drained if not wait."""
    engine = db.create_engine(settings.database_url)
    try:
        await db.migrate(engine)
        sessions = db.create_sessionmaker(engine)
        host = create_plugin_host(disabled=settings.disabled_plugins)
        pipeline = Pipeline(host, settings, sessions)
        services = JobServices(pipeline=pipeline, sessions=sessions, settings=settings)
        await _warm_up(pipeline)
        app = build_app(settings, pool_size=concurrency + 2)
        try:
            async with app.open_async():
                recovery = asyncio.create_task(recover(app, sessions, settings))
                try:
                    await app.run_worker_async(
                        queues=[QUEUE],
                        concurrency=concurrency,
                        name=name or "worker",
                        wait=wait,
                        additional_context={"services": services},
                        update_heartbeat_interval=settings.worker_heartbeat,
                        stalled_worker_timeout=settings.stalled_after,
                        fetch_job_polling_interval=1.0,
                        delete_jobs="successful",
                    )
                finally:
                    recovery.cancel()
        finally:
            await pipeline.aclose()
    finally:
        await engine.dispose()


def run_processes(processes: int, concurrency: int) -> int:
    """Start `processes` single-process workers and wait for them; signals are passed on.

    One process per core: extraction and scoring are CPU work, and one event loop (with
    its threads) uses one core at a time for Python code.
    """
    script = Path(sys.executable).with_name("truthlens")  # the console script, if installed
    program = [str(script)] if script.exists() else [sys.executable, "-m", "truthlens.cli"]
    command = [*program, "worker", "--processes", "1"]
    command += ["--concurrency", str(concurrency)]
    children = [
        subprocess.Popen([*command, "--name", f"worker-{os.getpid()}-{n}"])  # noqa: S603
        for n in range(processes)
    ]

    def forward(signum: int, _frame: Any) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        codes = [child.wait() for child in children]
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return max(codes, default=0)
