from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from truthlens import Document, Metric, MetricResult
from truthlens.plugins import objectivity
from truthlens.plugins.objectivity import Objectivity, is_subjective, sentence_subjectivity
from truthlens.sentences import split_sentences

WIRE = (
    "The city council voted 7-2 on Tuesday to approve a $4.5 million budget for road repairs, "
    "according to meeting records. Mayor Ana Ruiz said the work would begin in March and last "
    "about eight months. The plan was first proposed in 2022 by the public works department. "
    "Two council members voted against it, citing concerns about the contract process. "
    "A state report published in January rated 38% of the city's roads as in need of repair."
)
RANT = (
    "This is the most outrageous decision I have ever seen! The council is completely corrupt "
    "and utterly incompetent. I think they are a disgraceful bunch of liars. How much longer "
    "will we tolerate this pathetic nonsense? We must throw them all out! It is time to WAKE UP "
    "AND FIGHT."
)


def doc(text: str, **kwargs: Any) -> Document:
    return Document(text=text, sentences=split_sentences(text), **kwargs)


def score(text: str) -> MetricResult:
    result = Objectivity().score(doc(text))
    assert isinstance(result, MetricResult)
    return result


def test_register_metrics_returns_the_metric() -> None:
    metrics = objectivity.register_metrics()
    assert len(metrics) == 1
    metric = metrics[0]
    assert isinstance(metric, Metric)
    assert (metric.name, metric.label, metric.version) == ("objectivity", "Objectivity", "2.0.0")
    assert metric.description


def test_neutral_wire_scores_higher_than_rant() -> None:
    wire, rant = score(WIRE), score(RANT)
    assert wire.value >= 7.0
    assert rant.value <= 3.0
    assert wire.value > rant.value + 4.0
    assert "of 5 sentences read as objective" in wire.explanation
    assert "loaded word" in rant.explanation


def test_rant_evidence_names_the_loaded_words() -> None:
    evidence = score(RANT).evidence
    found = {(e.text.lower(), e.label) for e in evidence}
    assert ("outrageous", "loaded language") in found
    assert ("i think", "opinion phrasing") in found
    assert ("we must", "opinion phrasing") in found
    assert ("!", "exclamation") in found
    assert any(e.label == "all caps" and e.text.startswith("WAKE UP") for e in evidence)
    assert any(e.label == "rhetorical question" for e in evidence)


def test_evidence_offsets_slice_to_text_after_emoji() -> None:
    text = "🔥🔥 Fans 😀 were THRILLED. This is an absolutely disgraceful, shameful result!"
    document = doc(text)
    result = Objectivity().score(document)
    assert isinstance(result, MetricResult)
    assert result.evidence
    for e in result.evidence:
        assert text[e.start : e.end] == e.text
    assert "disgraceful" in {e.text for e in result.evidence}


def test_evidence_is_capped_and_ordered() -> None:
    result = score(" ".join([RANT] * 10))
    evidence = list(result.evidence)
    sentences = [e for e in evidence if e.label == "subjective"]
    words = [e for e in evidence if e.label != "subjective"]
    assert 0 < len(evidence) <= 50
    assert 0 < len(sentences) <= 30
    assert words
    assert [e.start for e in sentences] == sorted(e.start for e in sentences)
    keys = [(-(e.weight or 0.0), e.start) for e in words]
    assert keys == sorted(keys)
    spans = sorted((e.start, e.end) for e in words)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in pairwise(spans))


def test_deterministic() -> None:
    assert score(RANT) == score(RANT)
    assert score(WIRE) == score(WIRE)


def test_single_sentence_has_low_confidence_but_a_real_verdict() -> None:
    result = score("The committee will meet again on Friday.")
    assert 0.0 < result.confidence <= 0.3
    assert 0.0 <= result.value <= 10.0
    assert result.explanation
    assert score(WIRE).confidence > result.confidence


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text_is_safe(text: str) -> None:
    result = score(text)
    assert result.value == 5.0
    assert result.confidence == 0.0
    assert result.evidence == ()
    assert result.explanation


@pytest.mark.parametrize("text", [WIRE, RANT, "!!!", "WOW!!! AMAZING!!! BEST EVER!!!", "?"])
def test_value_bounds(text: str) -> None:
    result = score(text)
    assert 0.0 <= result.value <= 10.0
    assert 0.0 <= result.confidence <= 1.0
    assert result.value == round(result.value, 2)


def test_missing_or_stale_sentences_fall_back_to_splitting() -> None:
    bare = Objectivity().score(Document(text=RANT))
    stale = Objectivity().score(Document(text=RANT, sentences=split_sentences("x" + RANT)))
    assert bare == score(RANT)
    assert stale == score(RANT)


def test_sentence_level_judgement() -> None:
    assert is_subjective("I think this is a disgraceful, pathetic decision!")
    assert is_subjective("We must stop this reckless plan before it is too late.")
    assert not is_subjective("The meeting was held on Tuesday in Paris.")
    assert not is_subjective("The company reported revenue of $3.2 billion, up 4% on a year ago.")
    for text in [WIRE, RANT, "", "Hello."]:
        assert 0.0 <= sentence_subjectivity(text) <= 1.0


def test_quoted_opinion_counts_less_than_the_writers_own() -> None:
    own = sentence_subjectivity("The plan is a disgraceful and shameful mess.")
    quoted = sentence_subjectivity('Critics called the plan "a disgraceful and shameful mess".')
    assert quoted < own
