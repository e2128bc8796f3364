"""What every row of the quality table shares: the run context, the pipeline calls, the table."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Sequence
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from truthlens.analysis import Analysis
from truthlens.errors import AnalysisError, ErrorCode
from truthlens.pipeline import Pipeline, Request

log = logging.getLogger("benchmarks.quality")

Outcome = Analysis | AnalysisError
T = TypeVar("T")
Figures = dict[str, Any]


class UnavailableError(Exception):
    """A row cannot run here (data or the `bench` extra missing); its line says why."""


@dataclass
class Context:
    data: Path
    limit: int | None
    pipeline: Pipeline
    concurrency: int
    pool: Executor | None = None
    """One worker process for the trafilatura baselines, beside the pipeline."""
    background: dict[str, list[Future[Any]]] = field(default_factory=dict)
    loaded: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the table; `figures` holds the unrounded numbers for `--json`."""

    measure: str
    data: str
    n: str
    ours: str
    baselines: str
    target: str
    met: str
    figures: Figures = field(default_factory=dict)


HEADER = ("measure", "data", "n", "ours", "baseline(s)", "target", "met?")


def render(lines: Sequence[Line]) -> str:
    """A Markdown table, columns padded so it also reads well in a terminal."""
    rows = [HEADER]
    rows.extend(
        (ln.measure, ln.data, ln.n, ln.ours, ln.baselines, ln.target, ln.met) for ln in lines
    )
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]

    def fmt(row: Sequence[str]) -> str:
        return "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([fmt(rows[0]), rule, *(fmt(row) for row in rows[1:])])


def verdict(ok: bool) -> str:
    return "yes" if ok else "no"


def pct(value: float) -> str:
    return f"{100 * value:.1f}%"


async def analyze_all(ctx: Context, requests: Sequence[Request]) -> list[Outcome]:
    """Run the real pipeline on every request, `ctx.concurrency` at a time, in input order.

    An expected failure (nothing to extract, say) is returned as its AnalysisError; an
    unexpected exception is logged and returned as an INTERNAL_ERROR, as the batch
    CLI does, so one bad item never stops a row.
    """
    limit = asyncio.Semaphore(ctx.concurrency)

    async def one(request: Request) -> Outcome:
        async with limit:
            try:
                try:
                    return await ctx.pipeline.analyze(request)
                except AnalysisError as exc:
                    if exc.code is not ErrorCode.INVALID_INPUT or request.url is None:
                        raise
                    # A page URL the service would refuse: analyze the page without it.
                    return await ctx.pipeline.analyze(_without_url(request))
            except AnalysisError as exc:
                return exc
            except Exception as exc:
                log.exception("the pipeline failed unexpectedly")
                return AnalysisError(ErrorCode.INTERNAL_ERROR, repr(exc))

    return list(await asyncio.gather(*(one(r) for r in requests)))


def _without_url(request: Request) -> Request:
    return dataclasses.replace(request, url=None)


def failures(outcomes: Sequence[Outcome]) -> int:
    return sum(isinstance(o, AnalysisError) for o in outcomes)


def score_value(outcome: Outcome, metric: str) -> float | None:
    """A metric's value on one analysis; None when the analysis or the score failed."""
    if isinstance(outcome, AnalysisError):
        return None
    for score in outcome.scores:
        if score.metric == metric:
            return score.value
    return None


async def collect(futures: Sequence[Future[T]]) -> list[T]:
    """Results of work running in the worker process, without blocking the event loop."""
    return list(await asyncio.gather(*(asyncio.wrap_future(f) for f in futures)))
