"""Accuracy: textual proxies for factual care (we cannot check facts offline).

Careful reporting attributes its claims, gives specific figures and dates, names the
people it relies on and hedges what is uncertain. Careless or manipulative writing
asserts absolutes without support, leans on sensational claims and hides behind vague
sources ("sources say", "many believe"). The value weighs the first against the second,
each as a rate per sentence so that long articles are not favoured by length alone.
"""

from __future__ import annotations

import math
import re

from truthlens import Document, Metric, MetricResult, hookimpl
from truthlens.plugins._lexicon import (
    ATTRIBUTION,
    NAMED_SOURCE,
    VAGUE_SOURCES,
    Hit,
    clamp_score,
    confidence,
    counted,
    find_hits,
    find_quotes,
    join_phrases,
    overlaps,
    phrase_pattern,
    select_evidence,
    sentences_of,
    strongest,
)

ATTRIBUTED = "attributed claim"
FIGURE = "specific figure"
NAMED = "named source"
HEDGED = "hedged claim"
ABSOLUTE = "unsupported absolute"
SENSATIONAL = "sensational claim"
VAGUE = "vague source"

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_NUMBER = r"\d+(?:[.,]\d+)*"
_SCALE = r"(?:\s?(?:million|billion|trillion|thousand|hundred|bn|m|k)\b)?"
_FIGURES = re.compile(
    rf"(?<![\w.])(?:"
    rf"[$\u20ac\u00a3\u00a5]\s?{_NUMBER}{_SCALE}"  # currency amounts
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"  # March 5, 2024
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+\d{{4}})?"  # 5 March 2024
    rf"|{_MONTH}\s+\d{{4}}"  # March 2024
    rf"|{_NUMBER}\s?(?:%|percent\b|per\s+cent\b)"  # percentages
    rf"|{_NUMBER}{_SCALE}"  # other numbers
    rf"|(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    rf")(?!\w)"
)

_HEDGES = phrase_pattern(
    (
        "might", "could", "appears to", "appear to", "seems to", "suggests", "suggest",
        "likely", "unlikely", "possibly", "probably", "estimated", "an estimated",
        "approximately", "roughly", "preliminary", "allegedly", "alleged", "unclear",
        "not yet known", "could not be independently verified", "has not been confirmed",
        "have not been confirmed", "unconfirmed", "it is not clear", "according to early",
        "at least", "up to", "as many as", "nearly", "almost",
    )
)  # fmt: skip
_MAY = re.compile(r"(?<![\w'\u2019-])may(?!\w)")  # lower-case only: "May" is a month

_ABSOLUTES = phrase_pattern(
    (
        "everyone knows", "everybody knows", "as everyone knows", "no one can deny",
        "nobody can deny", "proven", "proves", "proof that", "undeniable", "undeniably",
        "indisputable", "irrefutable", "beyond doubt", "beyond any doubt", "without a doubt",
        "without question", "unquestionably", "100%", "100 percent", "guaranteed",
        "the truth is", "the fact is", "it is a fact", "settled science",
        "the science is settled", "zero evidence", "completely safe", "totally safe",
    )
)  # fmt: skip
_WEAK_ABSOLUTES = phrase_pattern(
    (
        "always", "never", "definitely", "certainly", "absolutely", "impossible",
        "all of them", "every single", "everyone", "everybody", "nothing", "none of them",
    )
)  # fmt: skip

_SENSATIONAL = phrase_pattern(
    (
        "shocking", "bombshell", "jaw-dropping", "mind-blowing", "unbelievable", "miracle",
        "miraculous", "secret", "secrets", "they don't want you to know", "what happened next",
        "you won't believe", "exposed", "exposes", "cover-up", "coverup", "hoax", "slams",
        "destroys", "epic", "horrifying", "terrifying", "wake up", "mainstream media",
        "fake news", "the truth about", "game changer", "game-changer", "cure", "cures",
        "doctors hate", "explosive", "outrageous", "insane", "catastrophe", "apocalypse",
        "end of the world", "crisis of epic", "sheeple", "plandemic", "deep state",
    )
)  # fmt: skip

_WEIGHT = {
    ATTRIBUTED: 0.7,
    FIGURE: 0.5,
    NAMED: 0.6,
    HEDGED: 0.3,
    ABSOLUTE: 0.9,
    SENSATIONAL: 0.7,
    VAGUE: 0.8,
}
_WEAK_ABSOLUTE = 0.4
_PROBLEMS = frozenset({ABSOLUTE, SENSATIONAL, VAGUE})


def _sentence_hits(text: str) -> list[Hit]:
    """Accuracy cues in one sentence; absolutes only count when nothing supports them."""
    quotes = find_quotes(text)
    vague = find_hits(VAGUE_SOURCES, text, VAGUE, _WEIGHT[VAGUE])
    vague_spans = [(h.start, h.end) for h in vague]
    attributed = [
        h
        for h in find_hits(ATTRIBUTION, text, ATTRIBUTED, _WEIGHT[ATTRIBUTED])
        if not overlaps(h, vague_spans)
    ]
    attributed += [Hit(s, e, ATTRIBUTED, _WEIGHT[ATTRIBUTED]) for s, e in quotes]
    named = [] if vague else find_hits(NAMED_SOURCE, text, NAMED, _WEIGHT[NAMED])
    hits = [
        *vague,
        *attributed,
        *named,
        *find_hits(_FIGURES, text, FIGURE, _WEIGHT[FIGURE]),
        *find_hits(_HEDGES, text, HEDGED, _WEIGHT[HEDGED]),
        *find_hits(_MAY, text, HEDGED, _WEIGHT[HEDGED]),
        *find_hits(_SENSATIONAL, text, SENSATIONAL, _WEIGHT[SENSATIONAL]),
    ]
    if not attributed:  # an absolute someone is quoted as saying is reported, not asserted
        hits += find_hits(_ABSOLUTES, text, ABSOLUTE, _WEIGHT[ABSOLUTE])
        hits += find_hits(_WEAK_ABSOLUTES, text, ABSOLUTE, _WEAK_ABSOLUTE)
    return strongest(hits)


class Accuracy(Metric):
    name = "accuracy"
    label = "Accuracy"
    description = (
        "Signs of factual care: attributed claims, specific figures and dates, named "
        "sources and hedging, against unsupported absolutes, sensational claims and "
        "vague sources."
    )
    version = "1.0.0"

    def score(self, document: Document) -> MetricResult:
        text = document.text
        sentences = sentences_of(document)
        if not sentences:
            return MetricResult(
                value=5.0, explanation="There is no text to judge accuracy on.", confidence=0.0
            )
        hits: list[Hit] = []
        supported = figured = hedged = 0
        for sentence in sentences:
            found = _sentence_hits(sentence.text)
            labels = {h.label for h in found}
            supported += bool(labels & {ATTRIBUTED, NAMED})
            figured += FIGURE in labels
            hedged += HEDGED in labels
            hits.extend(h.shifted(sentence.start) for h in found)
        counts = {label: sum(h.label == label for h in hits) for label in _WEIGHT}
        n = len(sentences)
        support = (supported + 0.6 * figured + 0.25 * hedged) / n
        problems = sum(h.weight for h in hits if h.label in _PROBLEMS) / n
        value = 4.5 + 5.5 * math.tanh(1.5 * support) - 5.0 * math.tanh(2.0 * problems)
        return MetricResult(
            value=clamp_score(value),
            explanation=_explain(counts),
            evidence=select_evidence(text, hits),
            confidence=confidence(n, document.word_count),
        )


def _explain(counts: dict[str, int]) -> str:
    good = [counted(counts[k], k) for k in (ATTRIBUTED, FIGURE, NAMED) if counts[k]]
    bad = [counted(counts[k], k) for k in (ABSOLUTE, SENSATIONAL, VAGUE) if counts[k]]
    first = (
        "Backing the reporting: " + join_phrases(good) + "."
        if good
        else "No attributed claims, named sources or specific figures were found."
    )
    if bad:
        return first + " Weakening it: " + join_phrases(bad) + "."
    return first + " No unsupported absolutes, sensational claims or vague sources."


@hookimpl
def register_metrics() -> list[Metric]:
    return [Accuracy()]
