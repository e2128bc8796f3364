"""The objectivity plugin's sentence model: judgements, reported speech, evidence, model file."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from truthlens import Document, MetricResult
from truthlens.plugins._linear_model import (
    MODEL_FORMAT,
    ModelFileError,
    dump_model,
    load_model,
    parse_model,
)
from truthlens.plugins._phrases import PhraseLists, PhraseMatcher, tokenize
from truthlens.plugins._subjectivity_features import HASH_BUCKETS, reported_spans
from truthlens.plugins.objectivity import (
    MODEL_FILE,
    Objectivity,
    is_subjective,
    sentence_features_of,
    sentence_subjectivity,
)
from truthlens.sentences import split_sentences

OPINION = [
    "This reckless, incompetent government has utterly failed us all.",
    "We should be ashamed that our leaders keep ignoring the poor.",
    "Frankly, nobody believes these pathetic excuses anymore.",
    "The plan is a disgraceful and shameful mess.",
]
FACT = [
    "The council approved the budget on Tuesday by a vote of 7 to 2.",
    "Police said the man was arrested near the station at 3 p.m.",
    "The ministry published its annual report on Monday.",
    "The company reported revenue of $3.2 billion, up 4% on a year earlier.",
]
QUOTED = (
    "\u201cThis reckless, incompetent government has utterly failed us all,\u201d Ana Ruiz said."
)
REPORTED = "Opposition leader Ana Ruiz said the government was reckless and incompetent."
OWN = "The government was reckless and incompetent."


def score(text: str) -> MetricResult:
    result = Objectivity().score(Document(text=text, sentences=split_sentences(text)))
    assert isinstance(result, MetricResult)
    return result


@pytest.mark.parametrize("sentence", OPINION)
def test_opinion_sentences_are_subjective(sentence: str) -> None:
    assert is_subjective(sentence)


@pytest.mark.parametrize("sentence", FACT)
def test_factual_sentences_are_objective(sentence: str) -> None:
    assert not is_subjective(sentence)


def test_quoted_and_reported_opinions_are_not_the_writers() -> None:
    own = sentence_subjectivity(OWN)
    assert own >= 0.5
    assert sentence_subjectivity(QUOTED) < 0.5 < own
    assert sentence_subjectivity(REPORTED) < 0.5


def test_reported_spans_cover_the_reported_clause_only() -> None:
    def parts(sentence: str) -> list[str]:
        return [sentence[a:b].strip(" .,") for a, b in reported_spans(sentence)]

    assert parts(REPORTED) == ["the government was reckless and incompetent"]
    assert "The plan was a mess" in parts("The plan was a mess, critics said.")
    assert parts("According to the report, the plan failed.") == ["the plan failed"]
    assert parts("I said the plan was a mess.") == []
    assert parts("The plan was a mess.") == []


def test_subjective_sentences_are_evidence_with_their_probability() -> None:
    text = " ".join([FACT[0], OPINION[0], FACT[2], OPINION[3]])
    result = score(text)
    sentences = [e for e in result.evidence if e.label == "subjective"]
    assert [e.text for e in sentences] == [OPINION[0], OPINION[3]]
    for e in sentences:
        assert text[e.start : e.end] == e.text
        assert e.weight == round(sentence_subjectivity(e.text), 2)
        assert e.weight is not None
        assert 0.5 <= e.weight <= 1.0
    assert "2 of 4 sentences read as objective" in result.explanation


def test_loaded_words_stay_evidence_of_their_own() -> None:
    text = f"{FACT[0]} {OPINION[0]}"
    result = score(text)
    words = {(e.text.lower(), e.label) for e in result.evidence if e.label != "subjective"}
    assert ("reckless", "loaded language") in words
    assert ("incompetent", "loaded language") in words
    for e in result.evidence:
        assert text[e.start : e.end] == e.text


def test_one_sentence_gets_a_real_judgement() -> None:
    assert any(e.label == "subjective" for e in score(OPINION[1]).evidence)
    assert not any(e.label == "subjective" for e in score(FACT[1]).evidence)


def test_the_shipped_model_loads_and_matches_the_features() -> None:
    model = load_model(MODEL_FILE)
    assert model.name == "subjectivity"
    assert model.hash_buckets == HASH_BUCKETS
    assert 0.0 < model.threshold < 1.0
    assert all(0 <= k < HASH_BUCKETS for k in model.hashed)
    # Every named weight is a feature the plugin computes (training used the same code).
    seen: set[str] = set()
    for sentence in [*OPINION, *FACT, QUOTED, REPORTED, "Is this it?!", "WE WANT ANSWERS NOW"]:
        named, _ = sentence_features_of(sentence)
        seen.update(named)
    assert set(model.named) <= seen
    assert "bias" in model.named


@pytest.mark.parametrize("filename", ["subjectivity.json", "clickbait.json"])
def test_shipped_model_files_are_in_the_training_scripts_format(filename: str) -> None:
    path = resources.files("truthlens.plugins").joinpath("models", filename)
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == dump_model(data)  # written by scripts/_training.write_model, unedited
    assert data["format"] == MODEL_FORMAT
    assert data["provenance"]["script"].startswith("scripts/train_")
    assert len(text) < 1_000_000


def test_a_malformed_model_file_is_a_typed_error() -> None:
    with pytest.raises(ModelFileError):
        parse_model({"format": MODEL_FORMAT, "name": "x"})
    with pytest.raises(ModelFileError):
        parse_model({"format": 99, "name": "x"})


def test_phrase_matching_is_whole_word_and_longest_first() -> None:
    tokens = tokenize("The so-called reform is far too timid, far from it; a well-known fact.")
    matcher = PhraseMatcher(["far", "far too", "so-called", "known", "reform"])
    text = "The so-called reform is far too timid, far from it; a well-known fact."
    assert [text[a:b] for a, b in matcher.spans(tokens)] == [
        "so-called",
        "reform",
        "far too",
        "far",
    ]
    lists = PhraseLists({"a": ["far", "far too"], "b": ["too timid"]})
    found = lists.find(tokens)
    assert [text[a:b] for a, b in found["a"]] == ["far too", "far"]
    assert [text[a:b] for a, b in found["b"]] == ["too timid"]


def test_curly_apostrophes_match_straight_ones() -> None:
    tokens = tokenize("You can\u2019t be serious.")
    assert PhraseMatcher(["can't"]).count(tokens) == 1
