"""`truthlens analyze --batch`: JSON lines in, one JSON line out per input, in input order."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from truthlens.errors import AnalysisError, ErrorCode
from truthlens.pipeline import Request
from truthlens.serialize import analysis_to_dict, error_to_dict

if TYPE_CHECKING:
    from collections.abc import Iterable

    from truthlens.analysis import Analysis, Source
    from truthlens.pipeline import Pipeline

log = logging.getLogger(__name__)


def decode_line(line: str | bytes) -> dict[str, Any]:
    """The JSON object on one input line; raises AnalysisError when there is none."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8-sig")  # -sig: a BOM some editors put before line 1
        except UnicodeDecodeError as exc:
            raise AnalysisError(
                ErrorCode.INVALID_INPUT, f"line is not UTF-8 (byte {exc.start})"
            ) from exc
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise AnalysisError(ErrorCode.INVALID_INPUT, f"line is not JSON: {exc.msg}") from exc
    if not isinstance(item, dict):
        raise AnalysisError(ErrorCode.INVALID_INPUT, "line must be a JSON object")
    return item


def item_request(item: dict[str, Any]) -> Request:
    """The request one decoded line asks for; raises AnalysisError for bad fields."""
    fields = {k: item.get(k) for k in ("url", "html", "text", "title", "author", "published_at")}
    for key, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise AnalysisError(ErrorCode.INVALID_INPUT, f"{key} must be a string")
    published = _datetime(fields["published_at"])
    source: Source
    if fields["text"] is not None:
        source = "text"
    elif fields["html"] is not None:
        source = "html"
    elif fields["url"] is not None:
        source = "url"
    else:
        raise AnalysisError(ErrorCode.INVALID_INPUT, "each line needs one of text, html or url")
    return Request(
        source=source,
        url=fields["url"],
        html=fields["html"],
        text=fields["text"],
        title=fields["title"],
        author=fields["author"],
        published_at=published,
        force=True,
    )


def _datetime(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise AnalysisError(
            ErrorCode.INVALID_INPUT, f"published_at is not ISO 8601: {value!r}"
        ) from exc
    if moment.tzinfo is None:
        raise AnalysisError(ErrorCode.INVALID_INPUT, "published_at needs a UTC offset")
    return moment


async def run_batch(
    pipeline: Pipeline,
    lines: Iterable[str] | Iterable[bytes],
    out: TextIO,
    *,
    store: bool,
    concurrency: int = 4,
    progress: TextIO | None = None,
) -> tuple[int, int]:
    """Analyze every line; returns (succeeded, failed). Output keeps the input order.

    Lines may be bytes, so that one line that is not UTF-8 is an error of its own.
    Progress goes to `progress`, by default the standard error of the moment.
    """
    if progress is None:
        progress = sys.stderr
    inputs: list[str | bytes] = [line for line in lines if line.strip()]
    total = len(inputs)
    limit = asyncio.Semaphore(concurrency)
    done = failed = 0

    async def one(line: str | bytes) -> dict[str, Any]:
        item_id: Any = None
        async with limit:
            try:
                item = decode_line(line)
                item_id = item.get("id")  # echoed even when the rest of the line is bad
                request = item_request(item)
                analysis = await _analyze(pipeline, request, store=store)
                result = analysis_to_dict(analysis)
            except AnalysisError as exc:
                result = error_to_dict(exc)
            except Exception as exc:  # one bad input never stops the batch
                log.exception("unexpected failure on batch item %r", item_id)
                result = error_to_dict(
                    AnalysisError(ErrorCode.INTERNAL_ERROR, f"unexpected: {exc}")
                )
        return {"id": item_id, **result}

    tasks = [asyncio.create_task(one(line)) for line in inputs]
    for index, task in enumerate(tasks, start=1):
        result = await task
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
        if result["error"] is None:
            done += 1
        else:
            failed += 1
        progress.write(f"\r[{index}/{total}] {done} analyzed, {failed} failed")
        progress.flush()
    if total:
        progress.write("\n")
    return done, failed


async def _analyze(pipeline: Pipeline, request: Request, *, store: bool) -> Analysis:
    if not store:
        return await pipeline.analyze(request)
    stored = await pipeline.analyze_and_store(request)
    assert stored.analysis is not None  # batch requests are forced
    return stored.analysis
