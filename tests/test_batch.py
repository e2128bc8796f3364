"""`truthlens analyze --batch`: JSON lines in, one JSON line out per input, in input order."""

from __future__ import annotations

import contextlib
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from truthlens.batch import run_batch
from truthlens.pipeline import Pipeline
from truthlens.plugin_manager import create_plugin_host
from truthlens.settings import Settings

from . import test_cli
from .conftest import PAGES
from .test_cli import (
    ERROR_KEYS,
    OTHER_STORY,
    STORY,
    assert_analysis_shape,
    count_articles,
    run_cli,
    sqlite_file,
)

cli_env = test_cli.cli_env  # the same fixture: clean TRUTHLENS_* env, test database

ROW_KEYS = ["id", "article", "headline", "summary", "scores", "average_score", "error"]
SINGLE_SENTENCE = "The mayor resigned on Friday."


def write_batch(path: Path, lines: list[Any]) -> str:
    """One line per item: dicts and lists as JSON, str and bytes as they are."""
    raw = []
    for line in lines:
        if isinstance(line, bytes):
            raw.append(line)
        elif isinstance(line, str):
            raw.append(line.encode())
        else:
            raw.append(json.dumps(line).encode())
    path.write_bytes(b"\n".join(raw) + b"\n")
    return str(path)


def rows_of(text: str) -> list[dict[str, Any]]:
    assert text.endswith("\n")
    rows = [json.loads(line) for line in text.splitlines()]
    for row in rows:
        assert list(row) == ROW_KEYS  # exact keys, id first
    return rows


def assert_error_row(row: dict[str, Any], code: str, message: str) -> None:
    assert row["article"] is None
    assert row["headline"] is None
    assert row["summary"] is None
    assert row["scores"] == []
    assert row["average_score"] is None
    assert set(row["error"]) == ERROR_KEYS
    assert row["error"]["code"] == code, row
    assert message in row["error"]["message"]


def assert_ok_row(row: dict[str, Any], **article: Any) -> None:
    assert_analysis_shape({k: v for k, v in row.items() if k != "id"})
    for key, value in article.items():
        assert row["article"][key] == value, key


def assert_progress(err: str, total: int, analyzed: int, failed: int) -> None:
    reports = re.findall(r"\[(\d+)/(\d+)\] (\d+) analyzed, (\d+) failed", err)
    assert [int(r[0]) for r in reports] == list(range(1, total + 1))
    assert {int(r[1]) for r in reports} == {total}
    assert reports[-1][2:] == (str(analyzed), str(failed))
    assert err.endswith("\n")


def test_mixed_batch_reports_each_line_and_goes_on(
    cli_env: str, page_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines: list[Any] = [
        {"id": 1, "text": STORY},
        "{not json",
        "[1, 2, 3]",
        {"id": "nothing", "title": "Only a title"},
        "",
        "   \t",
        {"id": 5, "text": "  \n "},
        {"id": 6, "url": f"{page_server}/missing.html"},
        {"id": 7, "text": SINGLE_SENTENCE},
        {
            "id": {"ref": [8]},
            "text": OTHER_STORY,
            "title": "  Library expands ",
            "author": "Sam Lee",
            "published_at": "2026-03-14T09:30:00-05:00",
        },
        {"id": 9, "text": 42},
        {"id": 10, "text": STORY, "published_at": "last Tuesday"},
        {"id": 11, "text": STORY, "published_at": "2026-03-14T09:30:00"},
        b'{"id": 12, "text": "Caf\xe9 closes"}',
        {"id": 13, "url": "ftp://example.org/story"},
        {"id": 14, "text": "The ferry resumed service on Monday.", "html": "<p>Ignored</p>"},
        {"text": "Nobody gave this line an id, and it is analyzed all the same."},
    ]
    out = tmp_path / "out.jsonl"
    run = run_cli(
        capsys, "analyze", "--batch", write_batch(tmp_path / "in.jsonl", lines), "--out", str(out)
    )
    assert run.code == 1  # some lines failed
    assert run.out == ""  # the results went to --out
    rows = rows_of(out.read_text(encoding="utf-8"))
    assert [row["id"] for row in rows] == [
        1, None, None, "nothing", 5, 6, 7, {"ref": [8]}, 9, 10, 11, None, 13, 14, None,
    ]  # fmt: skip
    by_id = iter(rows)

    assert_ok_row(next(by_id), text=STORY, url=None, title=None)
    assert_error_row(next(by_id), "INVALID_INPUT", "line is not JSON")
    assert_error_row(next(by_id), "INVALID_INPUT", "line must be a JSON object")
    assert_error_row(next(by_id), "INVALID_INPUT", "each line needs one of text, html or url")
    assert_error_row(next(by_id), "INVALID_INPUT", "text must not be empty")
    fetch = next(by_id)
    assert_error_row(fetch, "FETCH_FAILED", "HTTP 404")

    single = next(by_id)
    assert_ok_row(single, text=SINGLE_SENTENCE, word_count=5)
    for score in single["scores"]:  # a real analysis, with the doubt it deserves
        assert score["value"] is not None
        assert score["confidence"] <= 0.5
    assert single["headline"]
    assert single["summary"] == SINGLE_SENTENCE

    described = next(by_id)
    assert_ok_row(described, text=OTHER_STORY, title="Library expands", author="Sam Lee")
    published = datetime.fromisoformat(described["article"]["published_at"])
    assert published.utcoffset() is not None
    assert published == datetime(2026, 3, 14, 14, 30, tzinfo=UTC)
    assert_error_row(next(by_id), "INVALID_INPUT", "text must be a string")
    assert_error_row(next(by_id), "INVALID_INPUT", "published_at is not ISO 8601")
    assert_error_row(next(by_id), "INVALID_INPUT", "published_at needs a UTC offset")
    assert_error_row(next(by_id), "INVALID_INPUT", "line is not UTF-8")
    assert_error_row(next(by_id), "INVALID_INPUT", "http")
    assert_ok_row(next(by_id), text="The ferry resumed service on Monday.")  # text wins
    assert_ok_row(next(by_id))

    assert_progress(run.err, total=15, analyzed=5, failed=10)
    assert count_articles(cli_env) == 5


def test_all_good_batch_exits_0_and_writes_to_stdout(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stories = [
        STORY,
        OTHER_STORY,
        SINGLE_SENTENCE,
        "Rain is expected on Thursday, forecasters said.",
    ]
    lines = [{"id": f"item-{n}", "text": text} for n, text in enumerate(stories * 3)]
    batch = write_batch(tmp_path / "in.jsonl", lines)
    run = run_cli(capsys, "analyze", "--batch", batch, "--concurrency", "3")
    assert run.code == 0, run.err
    rows = rows_of(run.out)
    assert [row["id"] for row in rows] == [line["id"] for line in lines]
    for row, line in zip(rows, lines, strict=True):
        assert_ok_row(row, text=line["text"])
    # The same text analyzed three times, concurrently, is one article.
    assert rows[0]["scores"] == rows[4]["scores"] == rows[8]["scores"]
    assert_progress(run.err, total=12, analyzed=12, failed=0)
    assert count_articles(cli_env) == len(stories)


def test_output_keeps_input_order_when_later_lines_finish_first(
    cli_env: str, page_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines: list[Any] = []
    for n in range(6):
        lines.append({"id": 2 * n, "url": f"{page_server}/missing-{n}.html"})
        lines.append({"id": 2 * n + 1, "text": f"{SINGLE_SENTENCE} Item {n}."})
    batch = write_batch(tmp_path / "in.jsonl", lines)
    run = run_cli(capsys, "analyze", "--batch", batch, "--no-store", "--concurrency", "4")
    assert run.code == 1
    rows = rows_of(run.out)
    assert [row["id"] for row in rows] == list(range(12))
    for row in rows:
        if row["id"] % 2:
            assert row["error"] is None
        else:
            assert row["error"]["code"] == "FETCH_FAILED"


def test_no_store_batch_leaves_the_database_untouched(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = write_batch(tmp_path / "in.jsonl", [{"id": 1, "text": STORY}])
    out = tmp_path / "out.jsonl"
    run = run_cli(capsys, "analyze", "--batch", batch, "--out", str(out), "--no-store")
    assert run.code == 0, run.err
    (row,) = rows_of(out.read_text(encoding="utf-8"))
    assert_ok_row(row, text=STORY)
    database = sqlite_file(cli_env)
    if database is not None:
        assert not database.exists()
    assert count_articles(cli_env) == 0
    assert run_cli(capsys, "analyze", "--batch", batch, "--out", str(out)).code == 0
    assert count_articles(cli_env) == 1


def test_empty_batch_and_byte_order_mark(
    cli_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n  \n", encoding="utf-8")
    run = run_cli(capsys, "analyze", "--batch", str(empty))
    assert (run.code, run.out) == (0, "")

    with_bom = tmp_path / "bom.jsonl"
    with_bom.write_text(json.dumps({"id": 1, "text": STORY}) + "\r\n", encoding="utf-8-sig")
    run = run_cli(capsys, "analyze", "--batch", str(with_bom), "--no-store")
    assert run.code == 0, run.out
    (row,) = rows_of(run.out)
    assert_ok_row(row, text=STORY)


async def test_run_batch_reports_progress_to_the_current_stderr() -> None:
    """`progress` defaults to sys.stderr as it is when called, not when imported."""
    pipeline = Pipeline(create_plugin_host(), Settings())
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            done, failed = await run_batch(
                pipeline,
                [json.dumps({"id": "a", "text": STORY}) + "\n", "\n", "[]\n"],
                out,
                store=False,
            )
    finally:
        await pipeline.aclose()
    assert (done, failed) == (1, 1)
    assert [row["id"] for row in rows_of(out.getvalue())] == ["a", None]
    assert_progress(err.getvalue(), total=2, analyzed=1, failed=1)


@pytest.mark.usefixtures("cli_env")
def test_batch_with_html_and_url(
    page_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("truthlens.plugins.extract_trafilatura")  # HTML needs the extractor
    page = (PAGES / "harbor_bridge.html").read_text(encoding="utf-8")
    url = f"{page_server}/harbor_bridge.html"
    lines = [
        {"id": "url", "url": url},
        {"id": "html", "html": page, "url": "https://riverton.example/news/harbor"},
        {"id": "empty-html", "html": "  "},
    ]
    run = run_cli(capsys, "analyze", "--batch", write_batch(tmp_path / "in.jsonl", lines))
    assert run.code == 1
    fetched, given, empty = rows_of(run.out)
    assert_ok_row(fetched, url=url, author="Maria Okafor", site_name="Riverton Ledger")
    assert "corroded support beams" in fetched["article"]["text"]
    assert_ok_row(given, url="https://riverton.example/news/harbor", author="Maria Okafor")
    assert given["article"]["text"] == fetched["article"]["text"]
    assert_error_row(empty, "INVALID_INPUT", "html must not be empty")
    assert_progress(run.err, total=3, analyzed=2, failed=1)
