"""`truthlens submit`, `truthlens worker` and queued `truthlens rescore`, through `main()`."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from truthlens import db
from truthlens.cli import main
from truthlens.settings import Settings
from truthlens.worker import run_worker

from .article_site import ArticleSite
from .test_workers import reset_postgres


@pytest.fixture
def site() -> Iterator[ArticleSite]:
    with ArticleSite() as running:
        yield running


@pytest.fixture
def sqlite_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("TRUTHLENS_DATABASE_URL", url)
    monkeypatch.setenv("TRUTHLENS_ALLOW_PRIVATE_ADDRESSES", "true")
    monkeypatch.setenv("TRUTHLENS_JOB_RETRY_DELAY", "0.01")
    return url


def _count(url: str, query: str) -> int:
    """The single value a statement returns, committed (it may write)."""

    async def run() -> int:
        engine = db.create_engine(url)
        try:
            async with engine.begin() as conn:
                return int((await conn.execute(sa.text(query))).scalar_one())
        finally:
            await engine.dispose()

    return asyncio.run(run())


def test_submit_waits_with_progress_and_lists_failures(
    sqlite_env: str, site: ArticleSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "urls.txt"
    lines = [site.url("a", n) for n in range(4)] + [site.url("status", 404)]
    listing.write_text("# to analyze\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert main(["submit", str(listing)]) == 1  # one URL failed
    out, err = capsys.readouterr()
    assert out.startswith("batch ")
    assert "5 URLs" in out
    assert f"failed {site.url('status', 404)}: FETCH_FAILED" in out
    assert err.rstrip().endswith("5/5 done 4, failed 1, running 0, queued 0")
    assert _count(sqlite_env, "SELECT count(*) FROM article") == 4


def test_submit_reads_json_lines_and_exits_0_when_all_done(
    sqlite_env: str, site: ArticleSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "urls.jsonl"
    listing.write_text(
        "".join(json.dumps({"url": site.url("a", n), "id": n}) + "\n" for n in range(3)),
        encoding="utf-8",
    )
    assert main(["submit", str(listing)]) == 0
    assert "3 URLs" in capsys.readouterr().out
    assert sorted(site.hits.values()) == [1, 1, 1]


def test_submit_no_wait_in_embedded_mode_leaves_the_batch_queued(
    sqlite_env: str, site: ArticleSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(site.url("a", 1) + "\n", encoding="utf-8")
    assert main(["submit", "--no-wait", str(listing)]) == 0
    assert "next `truthlens serve`" in capsys.readouterr().out
    assert _count(sqlite_env, "SELECT count(*) FROM analysis_item WHERE state = 'queued'") == 1
    assert not site.hits


@pytest.mark.parametrize(
    ("content", "message"),
    [("", "no URLs"), ('{"link": 1}\n', "line 1"), (None, "cannot read")],
)
def test_submit_usage_errors(
    sqlite_env: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    message: str,
) -> None:
    listing = tmp_path / "urls.txt"
    if content is not None:
        listing.write_text(content, encoding="utf-8")
    assert main(["submit", str(listing)]) == 2
    assert message in capsys.readouterr().err


def test_worker_needs_postgres_and_sane_numbers(
    sqlite_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["worker"]) == 2
    assert "workers need PostgreSQL" in capsys.readouterr().err
    assert main(["worker", "--concurrency", "0"]) == 2
    assert "at least 1" in capsys.readouterr().err


@pytest.fixture
def postgres_env(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    reset_postgres(postgres_url)
    monkeypatch.setenv("TRUTHLENS_DATABASE_URL", postgres_url)
    return postgres_url


def test_rescore_is_queued_for_live_workers_and_run_by_one(
    postgres_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(2):
        story = tmp_path / f"story{n}.txt"
        story.write_text(f"The council voted {n} times on Tuesday, officials said.\n")
        assert main(["analyze", str(story)]) == 0
    history = _count(postgres_env, "SELECT count(*) FROM score_history")

    assert main(["rescore"]) == 0  # no worker alive: rescored here, as before
    assert "2 articles rescored" in capsys.readouterr().out
    after_local = _count(postgres_env, "SELECT count(*) FROM score_history")
    assert after_local == 2 * history

    # A worker that beat recently makes `rescore` queue jobs instead.
    _count(postgres_env, "INSERT INTO procrastinate_workers DEFAULT VALUES RETURNING 1")
    assert main(["rescore"]) == 0
    assert "2 rescoring jobs queued" in capsys.readouterr().out
    assert _count(postgres_env, "SELECT count(*) FROM procrastinate_jobs") == 2
    assert _count(postgres_env, "SELECT count(*) FROM score_history") == after_local

    settings = Settings(database_url=postgres_env)
    asyncio.run(run_worker(settings, concurrency=2, wait=False))  # drains, then stops
    assert _count(postgres_env, "SELECT count(*) FROM score_history") == 3 * history
    assert _count(postgres_env, "SELECT count(*) FROM procrastinate_jobs") == 0


def test_submit_on_postgres_queues_jobs_for_workers(
    postgres_env: str,
    site: ArticleSite,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TRUTHLENS_ALLOW_PRIVATE_ADDRESSES", "true")
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(site.url("a", n) for n in range(3)) + "\n", encoding="utf-8")
    assert main(["submit", "--no-wait", str(listing)]) == 0
    assert "3 URLs" in capsys.readouterr().out
    assert not site.hits  # nothing runs in the submitting process
    locks = "SELECT count(DISTINCT lock) FROM procrastinate_jobs WHERE lock LIKE 'site:127.0.0.1:%'"
    assert _count(postgres_env, "SELECT count(*) FROM procrastinate_jobs") == 3
    assert 1 <= _count(postgres_env, locks) <= 2  # TRUTHLENS_SITE_CONCURRENCY slots

    settings = Settings(database_url=postgres_env, allow_private_addresses=True)
    done = "SELECT count(*) FROM analysis_item WHERE state = 'done'"
    for _ in range(5):  # a drain-mode worker stops when the jobs left wait behind a site lock
        asyncio.run(run_worker(settings, concurrency=2, wait=False))
        if _count(postgres_env, done) == 3:
            break
    assert _count(postgres_env, done) == 3
    assert sorted(site.hits.values()) == [1, 1, 1]
