"""What a metric is and what it returns: the contract between the host and metric plugins."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass

from truthlens.document import Document

METRIC_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
"""Valid metric names (use `fullmatch`)."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of `Document.text` that drove a score (`text == document.text[start:end]`)."""

    start: int
    end: int
    text: str
    label: str
    weight: float | None = None


@dataclass(frozen=True, slots=True)
class MetricResult:
    """A metric's verdict on one document.

    `value` is on the 0-10 scale (10 = best); `confidence` is 0-1 and should be low
    when the document gives little to judge (a single sentence, say).
    """

    value: float
    explanation: str
    evidence: Sequence[Evidence] = ()
    confidence: float = 1.0


class Metric(ABC):
    """Base class for metrics returned by the `register_metrics` hook.

    Subclasses set the four class attributes and implement `score`, either as a plain
    method (run in a worker thread) or as `async def` (awaited on the event loop; it
    must not block). `score` must be deterministic: same document, same result.
    """

    name: str
    label: str
    description: str
    version: str

    @abstractmethod
    def score(self, document: Document) -> MetricResult | Awaitable[MetricResult]:
        """Score `document`; raise to report a failure (the host records it)."""
