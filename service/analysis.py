"""The outcome of analyzing one article, before it is stored."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from datetime import datetime

    from truthlens.document import Document
    from truthlens.metric import Evidence

Source = Literal["url", "html", "text"]


class ScoreStatus(StrEnum):
    OK = "ok"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class ScoreOutcome:
    """One metric's result, or the error that replaced it."""

    metric: str
    label: str
    value: float | None
    confidence: float | None
    explanation: str
    evidence: tuple[Evidence, ...]
    plugin: str
    plugin_version: str
    metric_version: str
    status: ScoreStatus
    error: str | None
    computed_at: datetime


@dataclass(frozen=True, slots=True)
class Produced:
    """A text written by a plugin, with who wrote it."""

    text: str
    plugin: str
    plugin_version: str


@dataclass(frozen=True, slots=True)
class Analysis:
    document: Document
    source: Source
    headline: Produced
    summary: Produced
    scores: tuple[ScoreOutcome, ...]
    average_score: float | None
    """Weighted mean of the scores that succeeded (`TRUTHLENS_METRIC_WEIGHTS`)."""
    analyzed_at: datetime
