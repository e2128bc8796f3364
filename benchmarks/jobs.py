"""Bulk-analysis throughput: jobs/s with 1, 2 and 4 `truthlens worker` processes.

Runs against a throw-away PostgreSQL database (created and dropped here; admin URL from
`TRUTHLENS_TEST_POSTGRES_URL`, default postgresql+asyncpg://postgres@127.0.0.1:5432/test)
and the local article site of the tests on 127.0.0.1. For each worker count it starts
that many single-process workers, waits until they are registered, submits `--urls`
distinct URLs and times submit → last item finished. Then it times draining `--drain`
URLs with `--drain-workers` workers, and the embedded SQLite runner on `--urls` URLs for
comparison. Prints a Markdown table; nothing here is a test.

    .venv/bin/python benchmarks/jobs.py [--urls 300] [--drain 1000] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make `tests` importable
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from tests.article_site import ArticleSite  # noqa: E402
from truthlens import db  # noqa: E402
from truthlens.jobs import JobServices  # noqa: E402
from truthlens.jobstore import ItemState  # noqa: E402
from truthlens.pipeline import Pipeline  # noqa: E402
from truthlens.plugin_manager import create_plugin_host  # noqa: E402
from truthlens.runner import EmbeddedRunner  # noqa: E402
from truthlens.settings import Settings  # noqa: E402
from truthlens.submission import batch_progress, submit_urls  # noqa: E402
from truthlens.worker import ProcrastinateQueue  # noqa: E402

ADMIN = os.environ.get(
    "TRUTHLENS_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
TRUTHLENS = str(Path(sys.executable).with_name("truthlens"))


async def _admin(statement: str) -> None:
    import asyncpg

    url = make_url(ADMIN)
    conn = await asyncpg.connect(
        host=url.host, port=url.port or 5432, user=url.username, database=url.database
    )
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def _sql(database_url: str, statement: str) -> Any:
    engine = db.create_engine(database_url)
    try:
        await db.migrate(engine)
        async with engine.begin() as conn:
            result = await conn.execute(sa.text(statement))
            return result.scalar() if result.returns_rows else None
    finally:
        await engine.dispose()


def _settings(database_url: str, site_concurrency: int) -> Settings:
    return Settings(
        database_url=database_url,
        allow_private_addresses=True,
        fetch_ports="*",
        site_concurrency=site_concurrency,
    )


async def _drain(settings: Settings, queue: Any, urls: list[str]) -> float:
    engine = db.create_engine(settings.database_url)
    try:
        await db.migrate(engine)
        sessions = db.create_sessionmaker(engine)
        started = time.perf_counter()
        batch = await submit_urls(sessions, queue, urls, force=True)
        progress = await batch_progress(sessions, batch.batch_id)
        while not progress.finished:  # polled, as a client of the API would
            await asyncio.sleep(0.1)
            progress = await batch_progress(sessions, batch.batch_id)
        elapsed = time.perf_counter() - started
        if progress.counts[ItemState.DONE] != len(urls):
            raise RuntimeError(f"not every URL was analyzed: {progress.counts}")
        return elapsed
    finally:
        await engine.dispose()


def run_workers(
    database_url: str, urls: list[str], workers: int, concurrency: int, site_concurrency: int
) -> float:
    asyncio.run(
        _sql(
            database_url,
            "TRUNCATE article, summary, score, score_history, analysis_item, analysis_batch, "
            "procrastinate_jobs, procrastinate_workers RESTART IDENTITY CASCADE",
        )
    )
    env = {
        **os.environ,
        "TRUTHLENS_DATABASE_URL": database_url,
        "TRUTHLENS_ALLOW_PRIVATE_ADDRESSES": "true",
        "TRUTHLENS_FETCH_PORTS": "*",
        "TRUTHLENS_SITE_CONCURRENCY": str(site_concurrency),
        "TRUTHLENS_LOG_LEVEL": "WARNING",
    }
    command = [TRUTHLENS, "worker", "--processes", "1", "--concurrency", str(concurrency)]
    procs = [subprocess.Popen(command, env=env) for _ in range(workers)]
    try:
        deadline = time.monotonic() + 120
        while asyncio.run(_sql(database_url, "SELECT count(*) FROM procrastinate_workers")) < (
            workers
        ):
            if time.monotonic() > deadline:
                raise RuntimeError("workers did not start")
            time.sleep(0.2)
        time.sleep(1.0)  # past each worker's warm-up analysis

        async def go() -> float:
            settings = _settings(database_url, site_concurrency)
            queue = await ProcrastinateQueue.open(settings)
            try:
                return await _drain(settings, queue, urls)
            finally:
                await queue.aclose()

        return asyncio.run(go())
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=60)


def run_embedded(urls: list[str], concurrency: int, site_concurrency: int) -> float:
    async def go(path: str) -> float:
        settings = _settings(f"sqlite+aiosqlite:///{path}/bench.db", site_concurrency)
        engine = db.create_engine(settings.database_url)
        await db.migrate(engine)
        sessions = db.create_sessionmaker(engine)
        pipeline = Pipeline(create_plugin_host(), settings, sessions)
        runner = EmbeddedRunner(JobServices(pipeline, sessions, settings), concurrency)
        try:
            return await _drain(settings, runner, urls)
        finally:
            await runner.aclose()
            await pipeline.aclose()
            await engine.dispose()

    with tempfile.TemporaryDirectory() as path:
        return asyncio.run(go(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--urls", type=int, default=300, help="URLs per jobs/s run")
    parser.add_argument("--workers", default="1,2,4", help="worker counts to measure")
    parser.add_argument("--drain", type=int, default=1000, help="URLs of the drain run")
    parser.add_argument("--drain-workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=4, help="jobs in flight per worker")
    parser.add_argument("--site-concurrency", type=int, default=32)
    args = parser.parse_args()

    name = f"truthlens_bench_{uuid.uuid4().hex[:8]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    database_url = make_url(ADMIN).set(database=name).render_as_string(hide_password=False)
    rows: list[tuple[str, int, float]] = []
    try:
        asyncio.run(_sql(database_url, "SELECT 1"))
        with ArticleSite() as site:
            offset = 0

            def batch(count: int) -> list[str]:
                nonlocal offset
                offset += count
                return [site.url("a", n) for n in range(offset - count, offset)]

            for workers in (int(w) for w in args.workers.split(",")):
                elapsed = run_workers(
                    database_url,
                    batch(args.urls),
                    workers,
                    args.concurrency,
                    args.site_concurrency,
                )
                rows.append(
                    (f"{workers} worker process(es) x {args.concurrency}", args.urls, elapsed)
                )
                print(f"{rows[-1][0]}: {args.urls / elapsed:.1f} jobs/s", file=sys.stderr)
            elapsed = run_workers(
                database_url,
                batch(args.drain),
                args.drain_workers,
                args.concurrency,
                args.site_concurrency,
            )
            rows.append(
                (f"drain: {args.drain_workers} workers x {args.concurrency}", args.drain, elapsed)
            )
            elapsed = run_embedded(batch(args.urls), 8, args.site_concurrency)
            rows.append(("embedded SQLite, 1 process x 8", args.urls, elapsed))
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    load = os.getloadavg()
    loads = " / ".join(f"{value:.1f}" for value in load)
    print(f"\n{os.cpu_count()} CPUs; load average (1/5/15 min) at the end: {loads}\n")
    print("| configuration | URLs | seconds | jobs/s |")
    print("|---|---|---|---|")
    for label, count, seconds in rows:
        print(f"| {label} | {count} | {seconds:.1f} | {count / seconds:.1f} |")


if __name__ == "__main__":
    main()
