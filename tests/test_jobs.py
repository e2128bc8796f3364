"""The job layer: retry classification, site locks, URL files, batches and the embedded runner."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from truthlens import db, jobstore
from truthlens.errors import AnalysisError, ErrorCode
from truthlens.fetch import Fetcher, FetchError, FetchLimits, retry_after_seconds
from truthlens.jobs import MAX_RETRY_AFTER, JobServices, Verdict, classify, retry_delay, site_lock
from truthlens.jobstore import ItemState
from truthlens.models import AnalysisBatch
from truthlens.pipeline import Pipeline
from truthlens.plugin_manager import create_plugin_host
from truthlens.runner import EmbeddedRunner
from truthlens.settings import Settings
from truthlens.submission import backend, read_urls, submit_urls

from .article_site import ArticleSite


@pytest.fixture
def site() -> Iterator[ArticleSite]:
    with ArticleSite(slow_delay=0.2) as running:
        yield running


def _failure(exc: FetchError) -> AnalysisError:
    try:
        raise AnalysisError(ErrorCode(exc.code), exc.message) from exc
    except AnalysisError as error:
        return error


# --- retry classification -------------------------------------------------------------


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Sat, 28 Nov 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Sat, 28 Nov 2026 11:00:00 GMT", now) == 0.0  # in the past
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("  ") is None


async def _fetch_error(url: str, **limits: Any) -> FetchError:
    limits = {"allow_private_addresses": True, "allowed_ports": None, **limits}
    async with Fetcher(FetchLimits(**limits)) as fetcher:
        with pytest.raises(FetchError) as caught:
            await fetcher.fetch(url)
    return caught.value


@pytest.mark.parametrize(
    ("status", "transient", "retry_after"),
    [
        (503, True, 1.0),
        (429, True, 1.0),
        (500, True, None),
        (502, True, None),
        (408, True, None),
        (404, False, None),
        (410, False, None),
        (400, False, None),
    ],
)
async def test_http_statuses_are_transient_or_permanent(
    site: ArticleSite, status: int, transient: bool, retry_after: float | None
) -> None:
    error = await _fetch_error(site.url("status", status))
    assert error.code == "FETCH_FAILED"
    assert error.transient is transient
    assert error.retry_after == retry_after


async def test_refused_connection_is_transient_and_blocked_address_permanent(
    site: ArticleSite,
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    refused = await _fetch_error(f"http://127.0.0.1:{port}/a/1", connect_timeout=2)
    assert (refused.code, refused.transient) == ("FETCH_FAILED", True)
    blocked = await _fetch_error(site.url("a", 1), allow_private_addresses=False)
    assert (blocked.code, blocked.transient) == ("BLOCKED_ADDRESS", False)
    denied = await _fetch_error(site.url("status", 403))
    assert (denied.code, denied.transient) == ("ACCESS_DENIED", False)


def test_classify_reads_the_fetch_failure_behind_an_analysis_error() -> None:
    busy = _failure(FetchError("FETCH_FAILED", "HTTP 503", transient=True, retry_after=7))
    assert classify(busy) == Verdict(True, 7)
    assert classify(_failure(FetchError("FETCH_FAILED", "HTTP 404"))) == Verdict(False)
    assert classify(AnalysisError(ErrorCode.NO_CONTENT, "no text")) == Verdict(False)


def test_retry_delay_backs_off_honours_retry_after_and_stops() -> None:
    settings = Settings(job_max_attempts=4, job_retry_delay=2, job_retry_max_delay=5)
    transient = Verdict(True)
    assert [retry_delay(transient, n, settings) for n in (1, 2, 3, 4)] == [2, 4, 5, None]
    assert retry_delay(Verdict(True, 30), 1, settings) == 30  # the server's wish wins
    assert retry_delay(Verdict(True, 0.5), 2, settings) == 4  # but never below the backoff
    assert retry_delay(Verdict(True, MAX_RETRY_AFTER + 1), 1, settings) is None
    assert retry_delay(Verdict(False), 1, settings) is None


# --- locks, URL files, backends ----------------------------------------------------------


def test_site_lock_slots_bound_a_site_and_keep_one_url_on_one_slot() -> None:
    urls = [f"https://news.example/a/{n}" for n in range(200)]
    locks = {site_lock(url, 3) for url in urls}
    assert len(locks) == 3
    assert all(lock.startswith("site:news.example#") for lock in locks)
    assert site_lock(urls[5], 3) == site_lock(urls[5], 3)
    assert site_lock("https://other.example/a/1", 3).startswith("site:other.example#")
    assert {site_lock(url, 1) for url in urls} == {"site:news.example#0"}


def test_read_urls_takes_lines_and_json_lines() -> None:
    lines = ["https://a.example/1\n", "\n", "# comment\n", '{"url": "https://b.example/2"}\n']
    assert read_urls(lines) == ["https://a.example/1", "https://b.example/2"]
    with pytest.raises(ValueError, match="line 1"):
        read_urls(['{"link": "x"}'])
    with pytest.raises(ValueError, match="line 2: not JSON"):
        read_urls(["https://a.example/1", "{oops"])


def test_backend_follows_the_database_unless_configured() -> None:
    assert backend(Settings(database_url="sqlite+aiosqlite:///x.db")) == "embedded"
    assert backend(Settings(database_url="postgresql+asyncpg://h/db")) == "procrastinate"
    assert (
        backend(Settings(database_url="postgresql+asyncpg://h/db", jobs_backend="embedded"))
        == "embedded"
    )


# --- batches and the embedded runner (SQLite and PostgreSQL) -------------------------------


async def test_a_batch_keeps_one_item_per_normalized_url_and_fails_invalid_ones(
    sessions: Any,
) -> None:
    urls = [
        "https://Example.org/a?utm_source=x",
        "https://example.org/a#top",
        "ftp://example.org/file",
        "https://example.org/b",
    ]
    async with sessions() as session:
        batch, queued = await jobstore.create_batch(session, urls=urls, force=False)
        await session.commit()
        assert batch.id is not None
        counts = await jobstore.batch_counts(session, batch_id=batch.id)
        rows = await jobstore.list_items(session, batch_id=batch.id, after_position=-1, limit=10)
    assert [item.normalized_url for item in queued] == [
        "https://example.org/a",
        "https://example.org/b",
    ]
    assert counts == {
        ItemState.QUEUED: 2,
        ItemState.RUNNING: 0,
        ItemState.DONE: 0,
        ItemState.FAILED: 1,
    }
    invalid = rows[1][0]
    assert (invalid.state, invalid.error_code) == ("failed", "INVALID_INPUT")
    assert [item.position for item, _ in rows] == [0, 1, 2]


class Embedded:
    def __init__(self, database_url: str, **settings: Any) -> None:
        self.settings = Settings(
            database_url=database_url,
            allow_private_addresses=True,
            fetch_ports="*",
            jobs_backend="embedded",
            **settings,
        )

    async def __aenter__(self) -> Embedded:
        self.engine = db.create_engine(self.settings.database_url)
        await db.migrate(self.engine)
        self.sessions = db.create_sessionmaker(self.engine)
        self.pipeline = Pipeline(create_plugin_host(), self.settings, self.sessions)
        self.runner = EmbeddedRunner(
            JobServices(self.pipeline, self.sessions, self.settings), concurrency=4
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.runner.aclose()
        await self.pipeline.aclose()
        await self.engine.dispose()

    async def items(self, batch_id: int) -> list[Any]:
        async with self.sessions() as session:
            rows = await jobstore.list_items(
                session, batch_id=batch_id, after_position=-1, limit=100
            )
        return [item for item, _ in rows]


@pytest.mark.parametrize(
    ("bad", "reason"),
    [("https://example.org/\x00a", "NUL character"), ("https://example.org/\ud800", "Unicode")],
)
async def test_a_url_no_column_can_hold_refuses_the_whole_batch(
    database_url: str, bad: str, reason: str
) -> None:
    # Found by the PostgreSQL fuzz run: a NUL in one URL made the batch insert fail (500).
    async with Embedded(database_url) as env:
        with pytest.raises(AnalysisError) as refused:
            await submit_urls(
                env.sessions, env.runner, ["https://example.org/ok", bad], force=False
            )
        async with env.sessions() as session:
            batches = await session.scalar(select(func.count()).select_from(AnalysisBatch))
    assert refused.value.code == ErrorCode.INVALID_INPUT
    assert "URL 2" in refused.value.message
    assert reason in refused.value.message
    assert batches == 0


async def test_the_same_urls_in_flight_twice_are_fetched_once(
    database_url: str, site: ArticleSite
) -> None:
    urls = [site.url("slow", n) for n in range(6)]
    async with Embedded(database_url, site_concurrency=2) as env:
        first = await submit_urls(env.sessions, env.runner, urls, force=True)
        second = await submit_urls(env.sessions, env.runner, list(reversed(urls)), force=True)
        await env.runner.drain()
        one, two = await env.items(first.batch_id), await env.items(second.batch_id)
    assert sorted(site.hits.values()) == [1] * 6
    assert {i.state for i in one + two} == {"done"}
    assert {i.url: i.article_id for i in one} == {i.url: i.article_id for i in two}
    assert len({i.article_id for i in one}) == 6


async def test_without_force_a_stored_url_is_not_fetched_again(
    database_url: str, site: ArticleSite
) -> None:
    async with Embedded(database_url) as env:
        first = await submit_urls(env.sessions, env.runner, [site.url("a", 1)], force=False)
        await env.runner.drain()
        again = await submit_urls(env.sessions, env.runner, [site.url("a", 1)], force=False)
        await env.runner.drain()
        forced = await submit_urls(env.sessions, env.runner, [site.url("a", 1)], force=True)
        await env.runner.drain()
        ids = [(await env.items(b.batch_id))[0].article_id for b in (first, again, forced)]
    assert site.hits["/a/1"] == 2  # the first submission and the forced one
    assert len(set(ids)) == 1


async def test_transient_failures_are_retried_and_permanent_ones_are_not(
    database_url: str, site: ArticleSite
) -> None:
    urls = [site.url("flaky", 1), site.url("status", 404), site.url("status", 429)]
    async with Embedded(database_url, job_retry_delay=0.01, job_max_attempts=3) as env:
        batch = await submit_urls(env.sessions, env.runner, urls, force=False)
        await env.runner.drain()
        flaky, missing, limited = await env.items(batch.batch_id)
    assert (flaky.state, flaky.attempts, flaky.error_code) == ("done", 3, None)
    assert flaky.article_id is not None
    assert (missing.state, missing.attempts, missing.error_code) == ("failed", 1, "FETCH_FAILED")
    assert "404" in (missing.error_message or "")
    assert site.hits["/status/404"] == 1
    assert (limited.state, limited.attempts) == ("failed", 3)  # Retry-After: 1 honoured, twice
    assert "429" in (limited.error_message or "")


async def test_resume_runs_items_a_previous_process_left_unfinished(
    database_url: str, site: ArticleSite
) -> None:
    async with Embedded(database_url) as env:
        async with env.sessions() as session:
            batch, _queued = await jobstore.create_batch(
                session, urls=[site.url("a", 7), site.url("a", 8)], force=False
            )
            await session.commit()
        assert batch.id is not None
        assert await env.runner.resume() == 2
        await env.runner.drain()
        items = await env.items(batch.id)
    assert [i.state for i in items] == ["done", "done"]
