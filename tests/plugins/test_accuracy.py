from __future__ import annotations

import pytest

from truthlens import Document, Metric, MetricResult
from truthlens.plugins import accuracy
from truthlens.plugins.accuracy import Accuracy
from truthlens.sentences import split_sentences

CAREFUL = (
    "The city council voted 7-2 on Tuesday to approve a $4.5 million budget for road repairs, "
    "according to meeting records. Mayor Ana Ruiz said the work would begin in March and could "
    "last about eight months. \u201cWe expect some lane closures on Main Street,\u201d she told "
    "reporters. A state report published on January 12, 2024 rated 38% of the roads as poor."
)
CARELESS = (
    "Everyone knows the council always wastes our money. Sources say the mayor is hiding a "
    "shocking secret. It is undeniable that the roads are the worst in the country. Many believe "
    "the whole budget is a hoax. This is proven beyond doubt."
)


def doc(text: str) -> Document:
    return Document(text=text, sentences=split_sentences(text))


def score(text: str) -> MetricResult:
    result = Accuracy().score(doc(text))
    assert isinstance(result, MetricResult)
    return result


def labels(result: MetricResult) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for e in result.evidence:
        found.setdefault(e.label, set()).add(e.text)
    return found


def test_register_metrics_returns_the_metric() -> None:
    (metric,) = accuracy.register_metrics()
    assert isinstance(metric, Metric)
    assert (metric.name, metric.label, metric.version) == ("accuracy", "Accuracy", "1.0.0")


def test_careful_reporting_scores_higher_than_unsupported_claims() -> None:
    careful, careless = score(CAREFUL), score(CARELESS)
    assert careful.value >= 7.0
    assert careless.value <= 3.0
    assert "attributed claim" in careful.explanation
    assert "unsupported absolute" in careless.explanation
    assert "vague source" in careless.explanation


def test_evidence_labels_claims_figures_absolutes_and_vague_sources() -> None:
    good = labels(score(CAREFUL))
    assert {"according to", "said", "told reporters"} <= good["attributed claim"]
    assert {"$4.5 million", "38%", "January 12, 2024"} <= good["specific figure"]
    assert "Mayor Ana Ruiz" in good["named source"]
    bad = labels(score(CARELESS))
    assert {"Everyone knows", "undeniable", "proven"} <= bad["unsupported absolute"]
    assert {"Sources say", "Many believe"} <= bad["vague source"]
    assert "shocking" in bad["sensational claim"]


def test_attributed_absolute_is_reported_not_asserted() -> None:
    result = score('The minister said the new bridge "will never fail".')
    assert "unsupported absolute" not in labels(result)
    assert "unsupported absolute" in labels(score("The new bridge will never fail."))


def test_month_may_is_a_date_not_a_hedge() -> None:
    found = labels(score("The law took effect in May 2021."))
    assert found.get("specific figure") == {"May 2021"}
    assert "hedged claim" not in found
    assert "may" in labels(score("The law may take effect soon."))["hedged claim"]


def test_evidence_offsets_slice_to_text_after_emoji() -> None:
    text = "🚨😀 Breaking: everyone knows it! Sources say 12 people, according to 👍 police."
    result = score(text)
    assert len(result.evidence) >= 3
    for e in result.evidence:
        assert text[e.start : e.end] == e.text


def test_evidence_is_capped_and_ordered() -> None:
    evidence = list(score(" ".join([CAREFUL, CARELESS] * 8)).evidence)
    assert 0 < len(evidence) <= 25
    keys = [(-(e.weight or 0.0), e.start) for e in evidence]
    assert keys == sorted(keys)


def test_deterministic() -> None:
    assert score(CAREFUL) == score(CAREFUL)
    assert score(CARELESS) == score(CARELESS)


def test_single_sentence_has_low_confidence() -> None:
    result = score("Officials said the bridge would reopen on Monday.")
    assert 0.0 < result.confidence <= 0.3
    assert 0.0 <= result.value <= 10.0
    assert result.explanation
    assert score(CAREFUL).confidence > result.confidence


@pytest.mark.parametrize("text", ["", " \n "])
def test_empty_text_is_safe(text: str) -> None:
    result = score(text)
    assert (result.value, result.confidence, tuple(result.evidence)) == (5.0, 0.0, ())
    assert result.explanation


@pytest.mark.parametrize(
    "text", [CAREFUL, CARELESS, "100% 100% 100%", "Never! Always! Everyone knows!", "1 2 3"]
)
def test_value_bounds(text: str) -> None:
    result = score(text)
    assert 0.0 <= result.value <= 10.0
    assert 0.0 <= result.confidence <= 1.0
    assert result.value == round(result.value, 2)
