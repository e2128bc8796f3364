"""The fast paths of the built-in metrics find exactly what the plain ones do.

Phrase patterns are compiled as tries and skipped when a text lacks every word they
need; tokens are lower-cased in one pass; several regexes are tried only on texts that
hold a word they need. Each is checked here against a plain reference on texts built to
hit the edges: case, curly apostrophes, hyphens, Unicode letters that fold unusually.
"""

from __future__ import annotations

import random
import re

import pytest

from truthlens import Document
from truthlens.plugins import (
    _lexicon,
    _sourcing,
    _subjectivity_features,
    accuracy,
    summary_extractive,
    transparency,
)
from truthlens.plugins._lexicon import find_hits, phrase_pattern, search_phrases, word_runs
from truthlens.plugins._phrases import _TOKEN, tokenize
from truthlens.sentences import split_sentences

PHRASES = (
    "said", "says", "told", "told reporters", "according to", "in a statement",
    "so-called", "can't", "100%", "a source said", "a source close to", "sources say",
    "it is said", "proof", "proof that", "cover-up", "cover", "fact-check", "fact",
)  # fmt: skip
FILLERS = ("", " ", "  ", "\n", "-", "'", "\u2019", ".", "s ", "x", "-b", ", ")
ODD_LETTERS = "\u0130\u0131\u017f\u212a\u03a3\u00df"  # dotted I, dotless i, long s, Kelvin, ..


def _flat(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """The plain pattern: one alternation of every phrase, longest first."""
    parts = []
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        words = [re.escape(w).replace("'", "['\u2019]") for w in phrase.split()]
        parts.append(r"\s+".join(words))
    return re.compile(
        r"(?<![\w'\u2019-])(?:" + "|".join(parts) + r")(?![\w'\u2019]|-\w)", re.IGNORECASE
    )


def _texts(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    texts = []
    for _ in range(count):
        words = [rnd.choice(PHRASES) for _ in range(rnd.randint(1, 4))]
        text = rnd.choice(FILLERS).join(words)
        text = "".join(c.upper() if rnd.random() < 0.2 else c for c in text)
        if rnd.random() < 0.1:
            text = text.replace("s", "\u017f").replace("i", "\u0131")
        texts.append(rnd.choice(FILLERS) + text + rnd.choice(FILLERS))
    return texts


def test_trie_pattern_and_prefilter_find_what_a_flat_alternation_finds() -> None:
    fast, plain = phrase_pattern(PHRASES), _flat(PHRASES)
    texts = _texts(1, 3000)
    assert any(plain.search(t) for t in texts)
    assert any(not plain.search(t) for t in texts)
    for text in texts:
        expected = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in fast.finditer(text)] == expected, text
        hits = find_hits(fast, text, "x", 1.0, word_runs(text))
        assert [(h.start, h.end) for h in hits] == expected, text
        found = search_phrases(fast, text, word_runs(text))
        assert (found.span() if found else None) == (expected[0] if expected else None)


def test_longer_phrases_win_and_whole_words_only() -> None:
    pattern = phrase_pattern(PHRASES)
    text = "He TOLD  reporters: proof that the cover-up (not the fact-checked cover) was 100%."
    assert [m.group() for m in pattern.finditer(text)] == [
        "TOLD  reporters",
        "proof that",
        "cover-up",
        "cover",
        "100%",
    ]


def test_word_runs_stand_aside_for_letters_that_fold_unusually() -> None:
    assert word_runs("Sources SAY so-called") == frozenset({"sources", "say", "so", "called"})
    assert word_runs("\u017fources say") is None  # long s matches "s" in `re` only
    pattern = phrase_pattern(["sources say"])
    assert len(find_hits(pattern, "\u017fources say", "x", 1.0, word_runs("\u017fources say")))


def test_tokens_are_lowered_as_one_token_at_a_time_would_be() -> None:
    rnd = random.Random(2)
    alphabet = "aB\u2019'- .\n" + ODD_LETTERS + "\u0391\u03c3\u01c5"
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 12)))
        expected = [
            (m.start(), m.end(), m.group().lower().replace("\u2019", "'"))
            for m in _TOKEN.finditer(text)
        ]
        assert [tuple(t) for t in tokenize(text)] == expected, text


SENTENCES = [
    "Correction: an earlier version of this story misstated the date.",
    "Editor\u2019s note: the writer is a paid contributor to the campaign.",
    "This article was UPDATED on March 3, 2024 at https://example.com/a.",
    "She owns shares in the company, a conflict of interest, sources say.",
    "Mayor Ana Ruiz said on Tuesday that 40% of the budget was spent.",
    "According to police, the suspect fled, critics said.",
    "The plan was reckless, officials argued in a statement by Sen. Jo Lee.",
    "Nothing here names anyone or anything in particular at all.",
    "It was the best of times, the most remarkable of all time, ever.",
    "WE ARE ANGRY and I think you should be too, frankly!",
    "\u0130stanbul's mayor told reporters the \u017fame thing on Monday.",
]


@pytest.mark.parametrize("sentence", SENTENCES)
def test_prefilters_skip_only_texts_that_cannot_match(sentence: str) -> None:
    """Each prefiltered pattern, run anyway, finds nothing the prefilter skipped."""
    if not transparency._maybe_dated(sentence):
        assert not transparency._DATED.search(sentence)
    if not transparency._maybe_disclosure(sentence, sentence.lower()):
        assert not transparency._DISCLOSURE.search(sentence)
    if not _subjectivity_features._SAY_WORDS.intersection(re.findall(r"\w+", sentence)):
        assert not _subjectivity_features._REPORTED_AFTER.search(sentence)
        assert not _subjectivity_features._REPORTED_BEFORE.search(sentence)
    runs = _lexicon.raw_runs(sentence)
    if runs.isdisjoint(_lexicon.NAMED_SOURCE_WORDS):
        assert not _lexicon.NAMED_SOURCE.search(sentence)
    if runs.isdisjoint(_sourcing._SAY_WORDS):
        assert not _sourcing._SUBJECT_SAYS.search(sentence)
        assert not _sourcing._SAYS_NAME.search(sentence)
    if not re.search(r"\d", sentence) and runs.isdisjoint(accuracy._DAYS):
        assert not accuracy._FIGURES.search(sentence)


def test_prefilters_let_real_matches_through() -> None:
    assert transparency._maybe_disclosure(SENTENCES[0], SENTENCES[0].lower())
    assert transparency._DISCLOSURE.search(SENTENCES[1])
    assert transparency._maybe_disclosure(SENTENCES[1], SENTENCES[1].lower())
    assert transparency._maybe_dated(SENTENCES[4])
    assert _subjectivity_features.reported_spans(SENTENCES[5]) != []
    named = _sourcing.named_sources(SENTENCES[4], "named", 1.0)
    assert {key for _, key in named} == {"ruiz"}


def test_headline_and_summary_share_candidates_per_document_only() -> None:
    first = "The council approved the new budget on Tuesday. It funds schools and roads."
    second = "A storm closed the harbour on Friday. Ferries will resume on Sunday morning."
    one = Document(text=first, sentences=split_sentences(first))
    two = Document(text=second, sentences=split_sentences(second))
    for _ in range(2):
        assert "budget" in (summary_extractive.summarize(one) or "")
        assert "harbour" in (summary_extractive.summarize(two) or "").lower()
        assert "storm" in (summary_extractive.suggest_headline(two) or "").lower()
