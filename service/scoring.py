"""Runs each metric on its own, with a time limit, and turns any failure into an error score."""

from __future__ import annotations

import asyncio
import inspect
import logging
import math
from collections import defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from truthlens.analysis import ScoreOutcome, ScoreStatus
from truthlens.metric import Evidence, MetricResult
from truthlens.models import utcnow

if TYPE_CHECKING:
    from collections.abc import Sequence

    from truthlens.document import Document
    from truthlens.plugin_manager import RegisteredMetric

log = logging.getLogger(__name__)

MAX_EVIDENCE = 50
MAX_OVERDUE = 2
"""Calls of one sync metric that may run on past their time limit before it is skipped."""


class MetricBusyError(RuntimeError):
    """A metric's earlier calls are still running past their time limit."""


class InvalidResultError(ValueError):
    """A metric returned something that breaks the result contract."""


class MetricRunner:
    """Scores documents with every registered metric, isolated from one another.

    Sync metrics run in a dedicated thread pool so that a slow one never blocks the
    event loop; a metric that overruns its time limit is reported as an error (its
    thread cannot be killed and finishes in the background).
    """

    def __init__(self, metrics: list[RegisteredMetric], timeout: float) -> None:
        self.metrics = metrics
        self.timeout = timeout
        # Room for every metric's overdue calls plus normal work, so a hanging metric
        # can never take the threads the others need.
        threads = 4 + len(metrics) * (MAX_OVERDUE + 1)
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="metric")
        self._overdue: dict[str, set[Future[object]]] = defaultdict(set)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def score_all(
        self, document: Document, metrics: Sequence[RegisteredMetric] | None = None
    ) -> tuple[ScoreOutcome, ...]:
        """Every metric (or the given ones) on `document`, concurrently, in metric order."""
        chosen = self.metrics if metrics is None else metrics
        return tuple(await asyncio.gather(*(self.score(m, document) for m in chosen)))

    async def score(self, registered: RegisteredMetric, document: Document) -> ScoreOutcome:
        metric = registered.metric
        try:
            async with asyncio.timeout(self.timeout):
                result = await self._call(registered, document)
            checked = _validate(result, document)
        except TimeoutError:
            log.error("metric %s (plugin %s) timed out", metric.name, registered.plugin)
            return self._error(registered, f"timed out after {self.timeout:g} s")
        except MetricBusyError as exc:
            log.error("metric %s (plugin %s) %s", metric.name, registered.plugin, exc)
            return self._error(registered, str(exc))
        except InvalidResultError as exc:
            log.error(
                "metric %s (plugin %s) returned an invalid result: %s",
                metric.name,
                registered.plugin,
                exc,
            )
            return self._error(registered, f"invalid result: {exc}")
        except Exception as exc:
            log.exception("metric %s (plugin %s) failed", metric.name, registered.plugin)
            return self._error(registered, f"{type(exc).__name__}: {exc}")
        return ScoreOutcome(
            metric=metric.name,
            label=metric.label,
            value=checked.value,
            confidence=checked.confidence,
            explanation=checked.explanation,
            evidence=tuple(checked.evidence),
            plugin=registered.plugin,
            plugin_version=registered.plugin_version,
            metric_version=metric.version,
            status=ScoreStatus.OK,
            error=None,
            computed_at=utcnow(),
        )

    async def _call(self, registered: RegisteredMetric, document: Document) -> object:
        score = registered.metric.score
        if inspect.iscoroutinefunction(score):
            return await score(document)
        name = registered.metric.name
        overdue = self._overdue[name]
        if len(overdue) >= MAX_OVERDUE:
            raise MetricBusyError(
                f"skipped: {len(overdue)} earlier calls are still running past the time limit"
            )
        future: Future[object] = self._executor.submit(score, document)
        try:
            result = await asyncio.wrap_future(future)
        except asyncio.CancelledError:  # the time limit: the thread runs on, counted
            if not future.done():
                overdue.add(future)
                future.add_done_callback(overdue.discard)
            raise
        if inspect.isawaitable(result):
            return await result
        return result

    def _error(self, registered: RegisteredMetric, message: str) -> ScoreOutcome:
        metric = registered.metric
        return ScoreOutcome(
            metric=metric.name,
            label=metric.label,
            value=None,
            confidence=None,
            explanation=f"{metric.label} could not be computed.",
            evidence=(),
            plugin=registered.plugin,
            plugin_version=registered.plugin_version,
            metric_version=metric.version,
            status=ScoreStatus.ERROR,
            error=message,
            computed_at=utcnow(),
        )


def _validate(result: object, document: Document) -> MetricResult:
    """The result, checked against the contract, with numbers rounded and evidence capped."""
    if not isinstance(result, MetricResult):
        raise InvalidResultError(f"expected MetricResult, got {type(result).__name__}")
    value = _number(result.value, "value", 0.0, 10.0)
    confidence = _number(result.confidence, "confidence", 0.0, 1.0)
    if not isinstance(result.explanation, str) or not result.explanation.strip():
        raise InvalidResultError("explanation must be a non-empty string")
    text = document.text
    evidence = []
    for item in list(result.evidence)[:MAX_EVIDENCE]:
        if not isinstance(item, Evidence):
            raise InvalidResultError(f"evidence items must be Evidence, got {type(item).__name__}")
        if not (0 <= item.start < item.end <= len(text)):
            raise InvalidResultError(
                f"evidence span {item.start}..{item.end} is outside the text (0..{len(text)})"
            )
        weight = None if item.weight is None else _number(item.weight, "weight", -1e6, 1e6)
        # The offsets are the truth: the stored span text is always the slice they name.
        evidence.append(
            Evidence(item.start, item.end, text[item.start : item.end], str(item.label), weight)
        )
    return MetricResult(round(value, 4), result.explanation, tuple(evidence), round(confidence, 4))


def _number(value: object, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidResultError(f"{name} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise InvalidResultError(f"{name} {number!r} is outside {low:g}..{high:g}")
    return number
