"""Readability: how easy the text is to read for a general audience.

Flesch Reading Ease (FRE) = 206.835 - 1.015 x (words per sentence) - 84.6 x (syllables per
word). It runs from about 100 (very easy) down to 0 and below (very hard), and the metric's
value is clamp(FRE, 0, 100) / 10. Syllables come from a spelling heuristic (vowel groups,
silent final e, -le, -ed and -es endings, a few vowel pairs spoken as two syllables) rather
than a dictionary: it is off by one on some words, which barely moves an article's average,
and it needs no data files. Numbers are not counted as words. The formula was built for
English, so text marked as another language gets half the confidence.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from truthlens import Document, Evidence, Metric, MetricResult, Sentence, hookimpl, split_sentences

HARD_TO_READ = "hard to read"
MAX_EVIDENCE = 5
MIN_EVIDENCE_WORDS = 5  # shorter lines (headings, captions) are never flagged
HARD_SENTENCE = 50.0  # a sentence whose own reading ease is below this is hard to read

# A word: letters (any script), joined by apostrophes or hyphens; digits are not words.
_WORD = re.compile("[^\\W\\d_]+(?:['\u2019-][^\\W\\d_]+)*")
_NOT_A_TO_Z = re.compile("[^a-z]+")
# A vowel letter: y only after the first letter and not before a vowel ("yes", "player");
# u not after q ("quite") nor between g and a vowel ("guess", "language").
_VOWEL = re.compile(r"[aeio]|(?<!q)(?!(?<=g)u[aeiou])u|(?<=.)y(?![aeiou])")
_VOWEL_GROUP = re.compile("V+")
# Vowel pairs usually spoken as two syllables ("media", "radio", "actual", "stadium",
# "fluent", "audience", "quiet"); the exceptions in the lookbehinds are one
# syllable ("special", "nation", "region", "million", "fashion", "patient").
_SPLIT_PAIRS = re.compile(
    r"(?<![cst])ia|(?<![cstxglnh])io|iu|ua|ue(?![sd]?$)|(?<![ct])ie(?=n[ct])|ie(?=t)"
)
_SILENT_E_SUFFIXES = ("ly", "ful", "ment", "ness", "less")  # "lovely", "statement"...

# Flesch's bands, each with an everyday comparison.
_BANDS = (
    (90.0, "very easy, like a children's book"),
    (80.0, "easy, like everyday conversation"),
    (70.0, "fairly easy, like a tabloid"),
    (60.0, "plain English, like a mainstream newspaper"),
    (50.0, "fairly difficult, like a quality magazine"),
    (30.0, "difficult, like an academic journal"),
    (-math.inf, "very difficult, like a legal contract or a scientific paper"),
)


@lru_cache(maxsize=65536)
def count_syllables(word: str) -> int:
    """Syllables in one word (hyphenated parts are added up); 0 for an empty string.

    Accented letters count as their base letter ("café" is read as "cafe"); a part with
    no Latin letters at all counts as one syllable.
    """
    parts = [_letters(part) for part in word.split("-") if part.strip()]
    return sum(_count_part(part) if part else 1 for part in parts)


def _letters(word: str) -> str:
    lower = word.lower()
    if not lower.isascii():
        lower = unicodedata.normalize("NFKD", lower)
    return _NOT_A_TO_Z.sub("", lower)


def _count_part(w: str) -> int:
    mask = _VOWEL.sub("V", w)  # vowels as "V", consonants as themselves
    groups = len(_VOWEL_GROUP.findall(mask))
    if groups == 0:
        return 1  # "hmm", "BBC"
    splits = sum(mask[m.start() : m.end()] == "VV" for m in _SPLIT_PAIRS.finditer(w))
    splits += groups > 1 and w.endswith("ea")  # "idea", "area", but "sea"
    silent = groups > 1 and _silent_e(w, mask)
    return max(1, groups + splits - silent)


def _silent_e(w: str, mask: str) -> bool:
    """Whether the word has a silent e that formed a vowel group of its own."""
    n = len(w)

    def consonant(k: int) -> bool:
        return 0 <= k < n and mask[k] != "V"

    def lone(k: int) -> bool:  # an "e" between consonants (or at the end)
        return w[k] == "e" and consonant(k - 1) and (k + 1 == n or consonant(k + 1))

    def syllabic_le(k: int) -> bool:  # "table", "tables", "handled", "centre"
        return w[k - 1] in "lr" and consonant(k - 2)

    if w.endswith("e") and lone(n - 1):
        return not syllabic_le(n - 1)
    if w.endswith("ed") and lone(n - 2):
        return w[n - 3] not in "td" and not syllabic_le(n - 2)  # "jumped", but "wanted"
    if w.endswith("es") and lone(n - 2):
        sibilant = w[n - 3] in "sxzcg" or w[n - 4 : n - 2] in ("ch", "sh")  # "boxes", "pages"
        return not sibilant and not syllabic_le(n - 2)
    for suffix in _SILENT_E_SUFFIXES:
        k = n - len(suffix) - 1
        if w.endswith(suffix) and k > 1 and lone(k) and "V" in mask[: k - 1]:
            return not syllabic_le(k)
    return False


def reading_ease(words: int, sentences: int, syllables: int) -> float:
    """Flesch Reading Ease; higher is easier (about 100 very easy, below 30 very hard)."""
    if words <= 0 or sentences <= 0:
        raise ValueError("reading ease needs at least one word and one sentence")
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def describe(ease: float) -> str:
    """Flesch's band for a reading ease, in plain English."""
    return next(text for floor, text in _BANDS if ease >= floor)


class Readability(Metric):
    name = "readability"
    label = "Readability"
    description = (
        "How easy the text is to read for a general audience: Flesch Reading Ease, from "
        "sentence length and syllables per word (10 very easy, 0 very difficult)."
    )
    version = "1.0.0"

    def score(self, document: Document) -> MetricResult:
        counts = [(s, *_count(s.text)) for s in _sentences(document)]
        counts = [c for c in counts if c[1] > 0]
        n_words = sum(words for _, words, _ in counts)
        if not counts:
            return MetricResult(
                value=5.0, explanation="There are no words to judge readability on.", confidence=0.0
            )
        n_syllables = sum(syllables for _, _, syllables in counts)
        ease = min(100.0, max(0.0, reading_ease(n_words, len(counts), n_syllables)))
        english = (document.language or "en").split("-")[0].lower() == "en"
        explanation = _explain(ease, n_words / len(counts), n_syllables / n_words)
        if not english:
            explanation += (
                f" The formula was built for English and this text is marked"
                f" {document.language!r}, so take it as a rough guide."
            )
        confidence = _confidence(len(counts), n_words) * (1.0 if english else 0.5)
        return MetricResult(
            value=round(ease / 10.0, 2),
            explanation=explanation,
            evidence=_hardest(document.text, counts),
            confidence=round(confidence, 2),
        )


def _sentences(document: Document) -> tuple[Sentence, ...]:
    """The host's sentences when they index into the text, else a fresh split."""
    text = document.text
    given = document.sentences
    if given and all(text[s.start : s.end] == s.text for s in given):
        return given
    return split_sentences(text, document.language)


def _count(text: str) -> tuple[int, int]:
    """Words and syllables in a piece of text."""
    words = _WORD.findall(text)
    return len(words), sum(map(count_syllables, words))


def _hardest(text: str, counts: list[tuple[Sentence, int, int]]) -> list[Evidence]:
    """Up to five sentences whose own reading ease is lowest (long, many long words)."""
    hard = []
    for sentence, words, syllables in counts:
        ease = reading_ease(words, 1, syllables)
        if words >= MIN_EVIDENCE_WORDS and ease < HARD_SENTENCE:
            hard.append((ease, sentence))
    hard.sort(key=lambda pair: (pair[0], pair[1].start))
    return [
        Evidence(
            start=s.start,
            end=s.end,
            text=text[s.start : s.end],
            label=HARD_TO_READ,
            weight=round(min(1.0, (100.0 - ease) / 150.0), 2),
        )
        for ease, s in hard[:MAX_EVIDENCE]
    ]


def _explain(ease: float, words_per_sentence: float, syllables_per_word: float) -> str:
    if words_per_sentence < 12:
        length = "short"
    elif words_per_sentence < 18:
        length = "of moderate length"
    elif words_per_sentence < 25:
        length = "long"
    else:
        length = "very long"
    if syllables_per_word < 1.35:
        vocabulary = "mostly short, everyday words"
    elif syllables_per_word < 1.55:
        vocabulary = "everyday words"
    elif syllables_per_word < 1.75:
        vocabulary = "many long words"
    else:
        vocabulary = "mostly long, technical words"
    return (
        f"Reading ease {ease:.0f} of 100: {describe(round(ease))}. Sentences are {length}"
        f" ({words_per_sentence:.1f} words on average) with {vocabulary}"
        f" ({syllables_per_word:.2f} syllables per word)."
    )


def _confidence(n_sentences: int, n_words: int) -> float:
    """Grows with the text: one sentence stays below 0.25, 150 words in 4+ sentences reach 0.6."""
    by_sentences = 1.0 - math.exp(-n_sentences / 4.0)
    by_words = 1.0 - math.exp(-n_words / 150.0)
    return min(by_sentences, by_words)


@hookimpl
def register_metrics() -> list[Metric]:
    return [Readability()]


__all__ = ["Readability", "count_syllables", "describe", "reading_ease", "register_metrics"]
