"""The JSON shape of an analysis, shared by `truthlens analyze --json` and `--batch`."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from truthlens.analysis import Analysis
    from truthlens.errors import AnalysisError


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    document = analysis.document
    return {
        "article": {
            "title": document.title,
            "author": document.author,
            "site_name": document.site_name,
            "published_at": (  # in UTC, as stored; the extractor keeps the page's offset
                document.published_at.astimezone(UTC).isoformat() if document.published_at else None
            ),
            "url": document.url,
            "language": document.language,
            "kind": document.kind,
            "word_count": document.word_count,
            "text": document.text,
        },
        "headline": analysis.headline.text,
        "summary": analysis.summary.text,
        "scores": [
            {
                "metric": score.metric,
                "label": score.label,
                "value": score.value,
                "confidence": score.confidence,
                "explanation": score.explanation,
                "evidence": [
                    {
                        "start": e.start,
                        "end": e.end,
                        "text": e.text,
                        "label": e.label,
                        "weight": e.weight,
                    }
                    for e in score.evidence
                ],
                "status": score.status.value,
                "error": score.error,
            }
            for score in analysis.scores
        ],
        "average_score": analysis.average_score,
        "error": None,
    }


def error_to_dict(error: AnalysisError) -> dict[str, Any]:
    return {
        "article": None,
        "headline": None,
        "summary": None,
        "scores": [],
        "average_score": None,
        "error": {"code": error.code.value, "message": error.message},
    }
