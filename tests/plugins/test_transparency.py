from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from truthlens import Document, Link, Metric, MetricResult
from truthlens.plugins import transparency
from truthlens.plugins.transparency import Transparency
from truthlens.sentences import split_sentences

SOURCED = (
    "The ministry said in a statement on Monday that exports fell by 3% in March. "
    "Data from the national statistics office show the decline began last year. "
    "\u201cWe are watching the figures closely,\u201d Finance Minister Lena Park told reporters. "
    "A study published in the Journal of Trade found similar trends in neighbouring countries. "
    "Exports are expected to recover next year."
)
UNSOURCED = (
    "Exports fell sharply this spring. The decline began last year and is getting worse. "
    "Sources say the government is worried. Many believe a recovery is far away. "
    "Nobody expects things to improve soon."
)
META: dict[str, Any] = {
    "author": "Jo Smith",
    "published_at": datetime(2024, 4, 2, 9, 30, tzinfo=UTC),
    "links": (
        Link(url="https://stats.example/exports", text="statistics office"),
        Link(url="https://journal.example/trade", text="study"),
    ),
}


def doc(text: str, **kwargs: Any) -> Document:
    return Document(text=text, sentences=split_sentences(text), **kwargs)


def score(document: Document) -> MetricResult:
    result = Transparency().score(document)
    assert isinstance(result, MetricResult)
    return result


def test_register_metrics_returns_the_metric() -> None:
    (metric,) = transparency.register_metrics()
    assert isinstance(metric, Metric)
    assert (metric.name, metric.label, metric.version) == (
        "transparency",
        "Transparency",
        "1.0.0",
    )


def test_in_text_sourcing_raises_the_score() -> None:
    sourced, unsourced = score(doc(SOURCED)), score(doc(UNSOURCED))
    assert sourced.value > unsourced.value + 3.0
    found = {(e.label, e.text) for e in sourced.evidence}
    assert ("source reference", "in a statement") in found
    assert ("source reference", "Data from") in found
    assert ("named source", "Finance Minister Lena Park") in found
    assert any(label == "quote" for label, _ in found)
    assert ("unnamed source", "Sources say") in {(e.label, e.text) for e in unsourced.evidence}


def test_metadata_raises_the_score_and_is_explained() -> None:
    bare, full = score(doc(SOURCED)), score(doc(SOURCED, **META))
    assert full.value > bare.value + 2.0
    assert full.value >= 8.0
    assert "No author is named" in bare.explanation
    assert "no publication date" in bare.explanation
    assert "author and publication date are given" in full.explanation
    assert "2 outbound links" in full.explanation
    assert full.evidence == bare.evidence  # metadata has no span in the text


def test_missing_date_only_is_named() -> None:
    result = score(doc(SOURCED, author="Jo Smith"))
    assert "no publication date" in result.explanation
    assert "No author" not in result.explanation


def test_evidence_offsets_slice_to_text_after_emoji() -> None:
    text = "📈😀 Exports fell, the ministry said in a statement. 🙂 Data from the agency agree."
    result = score(doc(text))
    assert result.evidence
    for e in result.evidence:
        assert text[e.start : e.end] == e.text


def test_deterministic() -> None:
    assert score(doc(SOURCED, **META)) == score(doc(SOURCED, **META))


def test_single_sentence_has_low_confidence() -> None:
    result = score(doc("The ministry said exports fell by 3% in March.", **META))
    assert 0.0 < result.confidence <= 0.3
    assert 0.0 <= result.value <= 10.0
    assert result.explanation
    assert score(doc(SOURCED)).confidence > result.confidence


@pytest.mark.parametrize("text", ["", "\n\n"])
def test_empty_text_is_safe(text: str) -> None:
    result = score(doc(text, **META))
    assert (result.value, result.confidence, tuple(result.evidence)) == (5.0, 0.0, ())
    assert result.explanation


@pytest.mark.parametrize("text", [SOURCED, UNSOURCED, "Sources say. " * 20, '"a b c" ' * 30])
@pytest.mark.parametrize("with_meta", [False, True])
def test_value_bounds_and_evidence_cap(text: str, with_meta: bool) -> None:
    result = score(doc(text, **(META if with_meta else {})))
    assert 0.0 <= result.value <= 10.0
    assert 0.0 <= result.confidence <= 1.0
    assert result.value == round(result.value, 2)
    assert len(result.evidence) <= 25
