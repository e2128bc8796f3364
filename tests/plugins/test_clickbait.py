"""The clickbait metric: scores the original title, says so when there is none."""

from __future__ import annotations

from typing import Any

import pytest

from truthlens import Document, Metric, MetricResult
from truthlens.plugins import clickbait
from truthlens.plugins._clickbait_features import cue_names, headline_features
from truthlens.plugins._linear_model import load_model
from truthlens.plugins.clickbait import MODEL_FILE, Clickbait, clickbait_probability

BAIT = [
    "You Won't Believe What This Cat Did Next",
    "17 Things Only People Who Love Pizza Will Understand",
    "Which Disney Princess Are You?",
    "This Is Why You Should Never Skip Breakfast",
]
PLAIN = [
    "Parliament passes budget bill after lengthy debate",
    "Earthquake kills 12 in northern Chile",
    "Central bank raises interest rates by a quarter point",
    "Court upholds ruling on state election maps",
]
BODY = (
    "The council voted 7-2 on Tuesday to repair the bridge, officials said.\n"
    "Work starts in March and should take eight months."
)


def score(text: str = BODY, **kwargs: Any) -> MetricResult:
    result = Clickbait().score(Document(text=text, **kwargs))
    assert isinstance(result, MetricResult)
    return result


def test_register_metrics_returns_the_metric() -> None:
    metrics = clickbait.register_metrics()
    assert len(metrics) == 1
    assert isinstance(metrics[0], Metric)
    assert (metrics[0].name, metrics[0].label) == ("clickbait", "Clickbait")


@pytest.mark.parametrize("title", BAIT)
def test_obvious_clickbait_titles_score_low(title: str) -> None:
    result = score(title=title)
    assert result.value < 3.0
    assert "reads as clickbait" in result.explanation
    assert result.confidence > 0.5


@pytest.mark.parametrize("title", PLAIN)
def test_plain_titles_score_high(title: str) -> None:
    result = score(title=title)
    assert result.value > 7.0
    assert "plain headline" in result.explanation


def test_the_title_is_judged_not_the_body() -> None:
    plain = score(title=PLAIN[0])
    bait = score(title=BAIT[0])
    assert plain.value > bait.value + 5.0
    assert list(plain.evidence) == list(bait.evidence) == []


def test_no_title_says_so_with_zero_confidence() -> None:
    result = score()
    assert result.value == 5.0
    assert result.confidence == 0.0
    assert "no title" in result.explanation


def test_a_one_line_text_without_title_is_judged_as_a_headline() -> None:
    result = score(BAIT[1])
    assert result.value < 3.0
    assert 0.0 < result.confidence <= 0.5
    assert [(e.start, e.end, e.label) for e in result.evidence] == [
        (0, len(BAIT[1]), "clickbait headline")
    ]
    assert score(PLAIN[1]).value > 7.0


def test_devices_are_named_in_the_explanation() -> None:
    assert "opens with a number (a list)" in cue_names(BAIT[1])
    assert "addresses the reader" in cue_names(BAIT[3])
    assert "asks a question" in cue_names(BAIT[2])
    assert cue_names(PLAIN[1]) == []
    assert "addresses the reader" in score(title=BAIT[3]).explanation


def test_capitalization_is_not_a_feature() -> None:
    title = PLAIN[2]
    assert headline_features(title) == headline_features(title.title())
    assert clickbait_probability(title) == clickbait_probability(title.upper())


def test_value_follows_probability_and_is_deterministic() -> None:
    for title in [*BAIT, *PLAIN]:
        p = clickbait_probability(title)
        assert score(title=title).value == round(10.0 * (1.0 - p), 2)
        assert score(title=title) == score(title=title)


def test_the_shipped_model_matches_the_features() -> None:
    model = load_model(MODEL_FILE)
    assert model.name == "clickbait"
    seen: set[str] = set()
    for title in [*BAIT, *PLAIN]:
        seen.update(headline_features(title)[0])
    assert set(model.named) <= seen
