"""Accuracy: verifiability signals, not fact-checked truth (nothing is checked offline).

Careful reporting names the people it relies on, quotes them, gives specific figures,
dates and names a reader could check, and hedges what is uncertain. Careless or
manipulative writing hides behind vague sources ("sources say", "many believe"),
asserts absolutes without support, leans on sensational words and puts claims in the
headline that the body never backs.

Support counts *distinct* named sources, quotes, figures and names, each saturating
(the tenth named source adds less than the second), so a long, well-sourced report is
not penalized for its length. Problems are judged per claim: one vague source among
thirty attributed claims is not the same as one among three.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from truthlens import Document, Metric, MetricResult, Sentence, hookimpl
from truthlens.plugins._lexicon import (
    ATTRIBUTION,
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
    raw_runs,
    select_evidence,
    sentences_of,
    strongest,
    word_runs,
)
from truthlens.plugins._sourcing import (
    length_factor,
    missing_from,
    named_sources,
    numbers,
    saturating,
    shouting,
    specific_names,
)
from truthlens.plugins._text import term_set

ATTRIBUTED = "attributed claim"
FIGURE = "specific figure"
NAMED = "named source"
QUOTED = "direct quote"
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

_DIGIT = re.compile(r"\d")
_DAYS = frozenset(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
"""Every `_FIGURES` match holds a digit or a day's name as a whole word."""

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
_SENSATIONAL = phrase_pattern(
    (
        "shocking", "bombshell", "jaw-dropping", "mind-blowing", "unbelievable", "miracle",
        "miraculous", "they don't want you to know", "what happened next",
        "you won't believe", "exposed", "exposes", "cover-up", "coverup", "hoax", "slams",
        "destroys", "epic", "horrifying", "terrifying", "wake up", "mainstream media",
        "fake news", "the truth about", "game changer", "game-changer", "cure", "cures",
        "doctors hate", "explosive", "outrageous", "insane", "catastrophe", "apocalypse",
        "end of the world", "crisis of epic", "sheeple", "plandemic", "deep state",
    )
)  # fmt: skip

_WEIGHT = {
    ATTRIBUTED: 0.6,
    FIGURE: 0.5,
    NAMED: 0.7,
    QUOTED: 0.6,
    HEDGED: 0.3,
    ABSOLUTE: 0.9,
    SENSATIONAL: 0.7,
    VAGUE: 0.8,
}
_OVERSTATED = frozenset({ABSOLUTE, SENSATIONAL})
_CLAIM_WORDS = 6  # shorter sentences are headings, captions or asides, not claims
_HEADLINE_SUPPORT = 0.5  # share of the headline's content words the body must contain

# How much each kind of support is worth (sums to 1) and the count that earns ~63% of it
# (in an article of ten claims or more; briefs are expected less, see `length_factor`).
_SUPPORT = {
    "named": (0.25, 3.0),
    "quotes": (0.10, 3.0),
    "figures": (0.25, 6.0),
    "names": (0.20, 12.0),
    "hedges": (0.20, 3.0),
}


@dataclass
class _Tally:
    hits: list[Hit] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    figures: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    claims: int = 0


def _sentence_hits(text: str) -> tuple[list[Hit], set[str]]:
    """Accuracy cues in one sentence and the named sources' keys.

    Absolutes only count when nothing in the sentence attributes them to someone.
    """
    runs = word_runs(text)
    vague = find_hits(VAGUE_SOURCES, text, VAGUE, _WEIGHT[VAGUE], runs)
    vague_spans = [(h.start, h.end) for h in vague]
    attributed = [
        h
        for h in find_hits(ATTRIBUTION, text, ATTRIBUTED, _WEIGHT[ATTRIBUTED], runs)
        if not overlaps(h, vague_spans)
    ]
    quotes = [Hit(s, e, QUOTED, _WEIGHT[QUOTED]) for s, e in find_quotes(text)]
    named = [] if vague else named_sources(text, NAMED, _WEIGHT[NAMED])
    hits = [
        *vague,
        *attributed,
        *quotes,
        *(hit for hit, _ in named),
        *(
            find_hits(_FIGURES, text, FIGURE, _WEIGHT[FIGURE])
            if _DIGIT.search(text) is not None or not raw_runs(text).isdisjoint(_DAYS)
            else ()
        ),
        *find_hits(_HEDGES, text, HEDGED, _WEIGHT[HEDGED], runs),
        *(find_hits(_MAY, text, HEDGED, _WEIGHT[HEDGED]) if "may" in text else ()),
        *find_hits(_SENSATIONAL, text, SENSATIONAL, _WEIGHT[SENSATIONAL], runs),
    ]
    if not attributed and not quotes:  # what someone is quoted as saying is reported
        hits += find_hits(_ABSOLUTES, text, ABSOLUTE, _WEIGHT[ABSOLUTE], runs)
    return strongest(hits), {key for _, key in named}


def _tally(document: Document, sentences: tuple[Sentence, ...]) -> _Tally:
    tally = _Tally()
    for sentence in sentences:
        found, sources = _sentence_hits(sentence.text)
        tally.sources |= sources
        tally.names |= specific_names(sentence.text)
        for hit in found:
            if hit.label == FIGURE:
                tally.figures.add(sentence.text[hit.start : hit.end].lower())
        tally.hits.extend(h.shifted(sentence.start) for h in found)
        tally.claims += len(sentence.text.split()) >= _CLAIM_WORDS and "?" not in sentence.text
    return tally


def _headline_problems(title: str | None, text: str) -> list[str]:
    """What is wrong with the headline as a claim about the body."""
    if not title or not title.strip():
        return []
    problems = []
    if shouting(title):
        problems.append("the headline shouts (capitals, exclamation or 'breaking' markers)")
    title_terms = term_set(title)
    body_terms = term_set(text)
    if len(title_terms) >= 3:
        missing = missing_from(sorted(title_terms), body_terms)
        if len(missing) > (1.0 - _HEADLINE_SUPPORT) * len(title_terms):
            problems.append("most of the headline's words never appear in the body")
    in_title = numbers(title)
    in_body = numbers(text) if in_title else set()
    unsupported = sorted(n for n in in_title if n not in in_body)
    if unsupported:
        problems.append(
            "the headline states figures the body never gives (" + ", ".join(unsupported) + ")"
        )
    return problems


class Accuracy(Metric):
    name = "accuracy"
    label = "Accuracy"
    description = (
        "Verifiability signals, not fact-checked truth: named sources, direct quotes, "
        "specific figures, dates and names, and hedging, against vague sources, "
        "unsupported absolutes, sensational claims and headlines the body does not back."
    )
    version = "2.0.0"

    def score(self, document: Document) -> MetricResult:
        text = document.text
        sentences = sentences_of(document)
        if not sentences:
            return MetricResult(
                value=5.0, explanation="There is no text to judge accuracy on.", confidence=0.0
            )
        tally = _tally(document, sentences)
        counts = {label: sum(h.label == label for h in tally.hits) for label in _WEIGHT}
        amounts = {
            "named": len(tally.sources),
            "quotes": counts[QUOTED],
            "figures": len(tally.figures),
            "names": len(tally.names),
            "hedges": counts[HEDGED],
        }
        claims = max(tally.claims, 1)
        expected = length_factor(claims)
        support = sum(
            w * saturating(amounts[k], scale * expected) for k, (w, scale) in _SUPPORT.items()
        )
        overstated = sum(h.weight for h in tally.hits if h.label in _OVERSTATED) / claims
        attributions = counts[ATTRIBUTED] + counts[NAMED] + counts[QUOTED]
        vague = counts[VAGUE] / (counts[VAGUE] + attributions) if counts[VAGUE] else 0.0
        problems = overstated + 0.5 * vague
        headline = _headline_problems(document.title, text)
        value = 2.0 + 8.0 * support - 5.0 * math.tanh(3.0 * problems) - 1.0 * len(headline)
        evidence_amount = sum(amounts.values()) + counts[VAGUE] + counts[ABSOLUTE]
        return MetricResult(
            value=clamp_score(value),
            explanation=_explain(amounts, counts, headline),
            evidence=select_evidence(text, tally.hits),
            confidence=_confidence(document, len(sentences), evidence_amount),
        )


def _confidence(document: Document, n_sentences: int, evidence: int) -> float:
    """Less text, fewer signals or a language the word lists do not cover: less confidence."""
    base = confidence(n_sentences, document.word_count)
    base *= 0.5 + 0.5 * saturating(evidence, 4.0)
    if document.language and not document.language.lower().startswith("en"):
        base *= 0.4
    return round(base, 2)


def _explain(amounts: dict[str, int], counts: dict[str, int], headline: list[str]) -> str:
    good = [
        counted(amounts[k], *names.split("|"))
        for k, names in (
            ("named", "named source"),
            ("quotes", "direct quote"),
            ("figures", "specific figure or date|specific figures or dates"),
            ("names", "specific name"),
            ("hedges", "hedged claim"),
        )
        if amounts[k]
    ]
    bad = [counted(counts[k], k) for k in (VAGUE, ABSOLUTE, SENSATIONAL) if counts[k]]
    first = (
        "These are verifiability signals, not a fact check. Checkable: " + join_phrases(good) + "."
        if good
        else "These are verifiability signals, not a fact check. No named sources, quotes, "
        "specific figures or names were found."
    )
    bad.extend(headline)
    if bad:
        return first + " Weakening it: " + join_phrases(bad) + "."
    return first + " No vague sources, unsupported absolutes or sensational claims."


@hookimpl
def register_metrics() -> list[Metric]:
    return [Accuracy()]
