"""The readability metric: ordering, evidence offsets, syllables, edge cases, registration."""

from __future__ import annotations

import ast
import inspect
from importlib.metadata import entry_points

import pluggy
import pytest
from truthlens_readability import plugin
from truthlens_readability.plugin import (
    HARD_TO_READ,
    Readability,
    count_syllables,
    describe,
    reading_ease,
)

import truthlens
from truthlens import Document, Metric, MetricResult, Sentence, hookspecs, split_sentences

SIMPLE = (
    "The cat sat on the mat. It was a warm day. The sun was out and the sky was blue.\n"
    "Tom went to the park with his dog. They ran and played all day. Then they went home."
)
NEWS = (
    "The city council voted 7-2 on Tuesday to repair the Elm Street bridge, which has been "
    "closed to heavy trucks since March.\n"
    "The repairs will cost about $4 million and should take eight months, the city's chief "
    "engineer told reporters.\n"
    "Residents who live near the bridge said the detours had added twenty minutes to their "
    "daily commute."
)
HARD_SENTENCES = (
    "Notwithstanding the aforementioned considerations, the committee's comprehensive "
    "evaluation of the institutional infrastructure necessitated a fundamental "
    "reconsideration of the organizational methodology.",
    "Consequently, representatives of the participating municipalities unanimously "
    "recommended the implementation of substantially more rigorous accountability "
    "mechanisms regarding intergovernmental appropriations.",
    "The administration's preliminary documentation demonstrated considerable "
    "inconsistencies between the projected expenditures and the authorized allocations.",
)
COMPLEX = " ".join(HARD_SENTENCES)


def score(text: str, language: str | None = None) -> MetricResult:
    """Score a document the way the host builds it: sentences filled in."""
    document = Document(text=text, language=language, sentences=split_sentences(text))
    return Readability().score(document)


def test_simple_text_reads_easier_than_news_and_news_easier_than_academic_prose() -> None:
    simple, news, complex_ = score(SIMPLE), score(NEWS), score(COMPLEX)
    assert simple.value > news.value > complex_.value
    assert simple.value >= 9.0
    assert complex_.value <= 2.0
    assert "very easy" in simple.explanation
    assert "very difficult" in complex_.explanation


def test_explanation_names_reading_ease_sentence_length_and_syllables() -> None:
    explanation = score(NEWS).explanation
    assert explanation.startswith("Reading ease ")
    assert "of 100" in explanation
    assert "words on average" in explanation
    assert "syllables per word" in explanation


def test_value_is_clamped_reading_ease_over_ten() -> None:
    result = score(NEWS)
    assert 0.0 <= result.value <= 10.0
    ease = float(result.explanation.split()[2])  # "Reading ease 57 of 100: ..."
    assert result.value == pytest.approx(ease / 10.0, abs=0.05)
    assert score("The cat sat on the mat.").value == 10.0  # FRE above 100
    assert score("Institutional accountability.").value == 0.0  # FRE below 0


def test_reading_ease_formula_and_bands() -> None:
    assert reading_ease(100, 5, 150) == pytest.approx(206.835 - 1.015 * 20 - 84.6 * 1.5)
    assert describe(95.0).startswith("very easy")
    assert describe(75.0) == "fairly easy, like a tabloid"
    assert describe(65.0).startswith("plain English")
    assert describe(-20.0).startswith("very difficult")
    with pytest.raises(ValueError, match="at least one word"):
        reading_ease(0, 1, 0)


def test_evidence_spans_slice_the_text_even_after_an_emoji() -> None:
    text = "Hi \N{GRINNING FACE}. The dog ran.\n" + HARD_SENTENCES[0] + "\nWe sat down."
    result = score(text)
    assert [e.text for e in result.evidence] == [HARD_SENTENCES[0]]
    for evidence in result.evidence:
        assert text[evidence.start : evidence.end] == evidence.text
        assert evidence.label == HARD_TO_READ
        assert evidence.weight is not None
        assert 0.0 <= evidence.weight <= 1.0


def test_evidence_is_at_most_five_sentences_hardest_first() -> None:
    text = "\n".join([*HARD_SENTENCES, *HARD_SENTENCES, "The dog ran home."])
    evidence = score(text).evidence
    assert len(evidence) == 5
    weights = [e.weight or 0.0 for e in evidence]
    assert weights == sorted(weights, reverse=True)
    assert all("dog" not in e.text for e in evidence)


def test_easy_text_and_short_headings_are_not_flagged() -> None:
    assert list(score(SIMPLE).evidence) == []
    heading = "Institutional Accountability Considerations\nThe dog ran home. We sat down."
    assert list(score(heading).evidence) == []


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("the", 1),
        ("cat", 1),
        ("make", 1),
        ("table", 2),
        ("little", 2),
        ("jumped", 1),
        ("wanted", 2),
        ("people", 2),
        ("idea", 3),
        ("beautiful", 3),
        ("readability", 5),
        ("University", 5),
        ("well-known", 2),
        ("don't", 1),
        ("", 0),
    ],
)
def test_syllable_counter(word: str, syllables: int) -> None:
    assert count_syllables(word) == syllables


@pytest.mark.parametrize("text", ["", "   \n  ", "2024 7-2 !!!"])
def test_text_without_words_is_safe(text: str) -> None:
    result = Readability().score(Document(text=text))
    assert 0.0 <= result.value <= 10.0
    assert result.confidence == 0.0
    assert result.explanation
    assert list(result.evidence) == []


def test_confidence_is_low_for_short_texts_and_high_for_long_ones() -> None:
    assert score("The council met on Tuesday.").confidence < 0.3
    long_text = "\n".join([NEWS] * 8)
    assert score(long_text).confidence > 0.8


def test_text_in_another_language_gets_half_the_confidence() -> None:
    text = "\n".join([NEWS] * 8)
    english, marked = score(text, "en"), score(text, "de")
    assert marked.value == english.value
    assert marked.confidence == pytest.approx(english.confidence / 2, abs=0.01)
    assert "built for English" in marked.explanation


def test_empty_or_stale_sentences_fall_back_to_splitting_the_text() -> None:
    text = NEWS + "\n" + COMPLEX
    metric = Readability()
    expected = metric.score(Document(text=text, sentences=split_sentences(text)))
    assert metric.score(Document(text=text)) == expected
    stale = (Sentence(0, 5, "other"),)
    assert metric.score(Document(text=text, sentences=stale)) == expected


def test_scores_are_deterministic() -> None:
    assert score(NEWS + "\n" + COMPLEX) == score(NEWS + "\n" + COMPLEX)


def test_metric_attributes() -> None:
    metric = Readability()
    assert isinstance(metric, Metric)
    assert (metric.name, metric.label, metric.version) == ("readability", "Readability", "1.0.0")
    assert metric.description


def test_registers_through_pluggy() -> None:
    manager = pluggy.PluginManager("truthlens")
    manager.add_hookspecs(hookspecs)
    manager.register(plugin, name="readability")
    manager.check_pending()  # every @hookimpl matches a hook the host defines
    metrics = [m for returned in manager.hook.register_metrics() for m in returned]
    assert [m.name for m in metrics] == ["readability"]
    assert isinstance(metrics[0], Readability)


def test_entry_point_is_declared_by_the_installed_distribution() -> None:
    (ep,) = [ep for ep in entry_points(group="truthlens") if ep.name == "readability"]
    assert ep.value == "truthlens_readability.plugin"
    assert ep.dist is not None
    assert (ep.dist.name, ep.dist.version) == ("truthlens-readability", "1.0.0")
    assert ep.load() is plugin


def test_plugin_imports_only_the_public_api() -> None:
    tree = ast.parse(inspect.getsource(plugin))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("truthlens"):
            assert node.module == "truthlens"
            assert {alias.name for alias in node.names} <= set(truthlens.__all__)
        if isinstance(node, ast.Import):
            assert not any(alias.name.startswith("truthlens") for alias in node.names)
