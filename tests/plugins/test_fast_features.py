"""The fast paths of the objectivity features and the summary's terms match plain references.

Phrase lists are looked up by their first two words, the hashed n-grams are counted with
column-wise C loops, the reported-speech prefilter reuses the sentence's lower-cased word
runs, and the summary folds a sentence's words into terms without a second regex scan.
Each is checked here against a plain, obviously correct version on random texts built to
hit the edges: overlapping phrases of several lists, phrases cut by the end of the text,
quotes, case, curly apostrophes and Unicode letters that fold unusually.
"""

from __future__ import annotations

import math
import random
import re
import sys
import zlib
from collections import Counter

from truthlens.plugins import _text
from truthlens.plugins._lexicon import find_quotes, word_runs
from truthlens.plugins._phrases import PhraseLists, Token, tokenize
from truthlens.plugins._subjectivity_features import (
    HASH_BUCKETS,
    LISTS,
    _inside,
    reported_spans,
    sentence_features,
)

LISTS_UNDER_TEST = {
    "a": ("in", "in fact", "in fact it is", "of course", "fact", "so-called"),
    "b": ("fact it", "it is", "is", "course", "in fact it was", "can't"),
    "c": ("it", "in", "in part", "of", "of course not"),
}
VOCABULARY: tuple[str, ...] = ("in", "fact", "it", "is", "was", "of", "course", "not", "part")
VOCABULARY += ("so-called", "can\u2019t", "CAN'T", "In", "x")


def _plain_find(
    lists: dict[str, tuple[str, ...]], tokens: list[Token]
) -> dict[str, list[tuple[int, int]]]:
    """Every list on its own: at each free position, its longest phrase that matches."""
    norms = [t.norm for t in tokens]
    found: dict[str, list[tuple[int, int]]] = {}
    for name, phrases in lists.items():
        options = sorted({tuple(t.norm for t in tokenize(p)) for p in phrases}, key=len)[::-1]
        spans, i = [], 0
        while i < len(norms):
            for words in options:
                if tuple(norms[i : i + len(words)]) == words:
                    spans.append((tokens[i].start, tokens[i + len(words) - 1].end))
                    i += len(words)
                    break
            else:
                i += 1
        found[name] = spans
    return found


def test_phrase_lists_find_what_each_list_alone_finds() -> None:
    lists = PhraseLists(LISTS_UNDER_TEST)
    rnd = random.Random(3)
    matched = 0
    for _ in range(5000):
        words = [rnd.choice(VOCABULARY) for _ in range(rnd.randint(0, 9))]
        tokens = tokenize(" ".join(words))
        expected = _plain_find(dict(LISTS_UNDER_TEST), tokens)
        assert lists.find(tokens) == expected, words
        matched += sum(len(spans) for spans in expected.values())
    assert matched > 1000


SENTENCE_WORDS = (
    "I", "we", "you", "US", "us", "said", "Said", "SAID", "officials", "critics", "argued",
    "according", "to", "the", "plan", "was", "reckless", "clearly", "really", "very",
    "isn't", "don\u2019t", "beautiful", "quickly", "famous", "according to", "2024", "40%",
    "BREAKING", "NEWS", "in", "fact", "not", "never", "\u0130stanbul", "\u017fays",
    "Ma\u00dfe", "\u212aelvin", "so-called",
)  # fmt: skip
MARKS = ("", "", "", ",", ".", "!", "?", ":", ";", " -", "\u2026")


def _sentences(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    sentences = []
    for _ in range(count):
        words = [rnd.choice(SENTENCE_WORDS) + rnd.choice(MARKS) for _ in range(rnd.randint(0, 14))]
        if len(words) > 4 and rnd.random() < 0.3:
            a = rnd.randrange(len(words) - 3)
            words[a] = "\u201c" + words[a]
            words[a + 3] += "\u201d"
        sentences.append(" ".join(words))
    return sentences


def _plain_hashed(own: list[str]) -> dict[int, float]:
    """Word, bigram and suffix grams as strings, each hashed on its own."""
    grams = ["w:" + w for w in own]
    grams += ["b:" + a + " " + b for a, b in zip(["<s>", *own], [*own, "</s>"], strict=True)]
    grams += ["s:" + w[-3:] for w in own if len(w) > 5 and w.isalpha()]
    counts = Counter(zlib.crc32(g.encode("utf-8")) % HASH_BUCKETS for g in grams)
    norm = math.sqrt(sum(v * v for v in counts.values()))
    return {k: v / norm for k, v in counts.items()}


def test_sentence_features_count_as_the_plain_definitions_do() -> None:
    sentences = _sentences(4, 3000)
    seen_masked = seen_person = seen_negated = 0
    for sentence in sentences:
        tokens = tokenize(sentence)
        named, hashed = sentence_features(sentence, tokens, {"x": []})
        masked = [*find_quotes(sentence), *reported_spans(sentence)]
        own_tok = [t for t in tokens if not _inside(t.start, t.end, masked)]
        own = [t.norm for t in own_tok]
        # the same buckets in the same order (the model sums them in this order)
        assert list(hashed.items()) == list(_plain_hashed(own).items()), sentence
        persons = [
            sum(t.norm in forms and sentence[t.start : t.end] != "US" for t in own_tok)
            for forms in (
                {"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"},
                {"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'll"},
                {"you", "your", "yours", "yourself", "you're", "you've", "you'll"},
            )
        ]
        found = LISTS.find(tokens)
        negations = sum(not _inside(a, b, masked) for a, b in found["negations"])
        negations += sum(w.endswith("n't") for w in own)
        adverbs = sum(w.endswith("ly") and len(w) > 4 for w in own)
        digits = len(re.findall(r"\d", sentence))
        assert named["person_1"] == math.log1p(persons[0]), sentence
        assert named["person_1p"] == math.log1p(persons[1]), sentence
        assert named["person_2"] == math.log1p(persons[2]), sentence
        assert named["negations"] == math.log1p(negations), sentence
        assert named["adverbs_ly"] == math.log1p(adverbs), sentence
        assert named["digits"] == math.log1p(digits), sentence
        assert named["has_digit"] == float(digits > 0), sentence
        assert named["lex_x"] == 0.0, sentence
        assert ("lexq_x" in named) == bool(masked), sentence
        for name in ("hedges", "modals", "intensifiers", "connectives", "generalizers"):
            count = sum(not _inside(a, b, masked) for a, b in found[name])
            assert named[name] == math.log1p(count), (sentence, name)
        seen_masked += bool(masked)
        seen_person += any(persons)
        seen_negated += negations > 0
    assert min(seen_masked, seen_person, seen_negated) > 100


def test_reported_speech_prefilter_with_word_runs_changes_nothing() -> None:
    found = 0
    for sentence in _sentences(5, 3000):
        expected = reported_spans(sentence)
        assert reported_spans(sentence, word_runs(sentence)) == expected, sentence
        found += bool(expected)
    assert found > 100


def test_terms_of_words_are_the_terms_of_the_text() -> None:
    rnd = random.Random(6)
    alphabet = "aB\u2019'- .\n_1\u00e9\u00c9\u0130\u0131\u017f\u212a\u03a3\u00df\u01c5\u2160\u24b6"
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        words = _text.WORD.findall(text)
        assert _text.terms_of_words(text, words) == _text.terms(text), text
    for text in ("Police said 40 people were hurt.", "\u201cIt\u2019s over,\u201d she said."):
        assert _text.terms_of_words(text, _text.WORD.findall(text)) == _text.terms(text)


def test_only_non_ascii_letters_change_class_or_length_when_lowered() -> None:
    """What `terms_of_words` relies on, over every code point."""
    word = re.compile(r"[^\W_]")
    for code in range(0x80, sys.maxunicode + 1):
        char = chr(code)
        lower = char.lower()
        if lower == char or _text._NON_ASCII_LETTER.match(char):
            continue
        assert len(lower) == 1, hex(code)
        assert not word.match(char), hex(code)
        assert not word.match(lower), hex(code)


def test_known_alone_finds_what_its_regex_finds() -> None:
    rnd = random.Random(7)
    pieces = ("Blair", "Mr", "Mr Blair", " ", "-", "'", "\u2019", "_", "x", "\u00e9", "2", ".")
    found = 0
    for _ in range(20000):
        article = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 8)))
        last, previous = rnd.choice((("Blair", "Mr"), ("Blair", "Tony"), ("Mr", "Blair")))
        expected = _text._known_alone_pattern(last, previous).search(article) is not None
        assert _text._known_alone(last, previous, article) == expected, (article, last, previous)
        found += expected
    assert 1000 < found < 19000


def test_word_characters_of_re_are_alphanumerics_and_the_underscore() -> None:
    """What `_text._is_edge` relies on, over every code point."""
    word = re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert bool(word.match(char)) == (char.isalnum() or char == "_"), hex(code)
