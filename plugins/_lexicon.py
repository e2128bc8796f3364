"""Shared helpers for the built-in metrics: phrase matching, evidence, confidence.

The three metrics match words the same way (whole words, case-insensitive, straight
or curly apostrophes) and report evidence the same way, so those rules live here once.
Evidence weights are magnitudes in 0..1 (how much a span moved the score); the label
says in which direction.

The word lists here are the ones more than one metric needs: attribution, quotes,
vague sources and named sources.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from truthlens import Document, Evidence, Sentence, split_sentences

MAX_EVIDENCE = 25

_APOSTROPHE = "['\u2019]"
# Whole-word edges: no word character (or hyphen-joined word, or apostrophe) around.
_BEFORE = r"(?<![\w'\u2019-])"
_AFTER = r"(?![\w'\u2019]|-\w)"


@dataclass(frozen=True, slots=True)
class Hit:
    """A matched span before it becomes Evidence (offsets into the searched text)."""

    start: int
    end: int
    label: str
    weight: float

    def shifted(self, offset: int, factor: float = 1.0) -> Hit:
        return Hit(self.start + offset, self.end + offset, self.label, self.weight * factor)


def phrase_pattern(phrases: Iterable[str], *, ignore_case: bool = True) -> re.Pattern[str]:
    """Compile phrases into one whole-word regex; longer phrases win over their prefixes."""
    parts = []
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        words = [re.escape(w).replace("'", _APOSTROPHE) for w in phrase.split()]
        parts.append(r"\s+".join(words))
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(_BEFORE + "(?:" + "|".join(parts) + ")" + _AFTER, flags)


def find_hits(pattern: re.Pattern[str], text: str, label: str, weight: float) -> list[Hit]:
    return [Hit(m.start(), m.end(), label, weight) for m in pattern.finditer(text)]


def overlaps(hit: Hit, spans: Iterable[tuple[int, int]]) -> bool:
    return any(hit.start < end and start < hit.end for start, end in spans)


def sentences_of(document: Document) -> tuple[Sentence, ...]:
    """The host's sentences when they index into the text, else a fresh split."""
    text = document.text
    given = document.sentences
    if given and all(text[s.start : s.end] == s.text for s in given):
        return given
    return split_sentences(text, document.language)


def strongest(hits: Iterable[Hit], limit: int | None = None) -> list[Hit]:
    """Non-overlapping hits, highest weight first, then by position (longer on ties)."""
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-h.weight, h.start, h.start - h.end)):
        if limit is not None and len(chosen) >= limit:
            break
        if hit.end > hit.start and not overlaps(hit, ((c.start, c.end) for c in chosen)):
            chosen.append(hit)
    return chosen


def select_evidence(text: str, hits: Iterable[Hit], limit: int = MAX_EVIDENCE) -> list[Evidence]:
    """The strongest non-overlapping hits as Evidence, in `strongest` order."""
    return [
        Evidence(
            start=h.start,
            end=h.end,
            text=text[h.start : h.end],
            label=h.label,
            weight=round(min(1.0, h.weight), 2),
        )
        for h in strongest(hits, limit)
    ]


def confidence(n_sentences: int, n_words: int) -> float:
    """Grows with the amount of text: one sentence stays below 0.25, ~10 reach 0.9."""
    if n_sentences <= 0 or n_words <= 0:
        return 0.0
    by_sentences = 1.0 - math.exp(-n_sentences / 4.0)
    by_words = 1.0 - math.exp(-n_words / 150.0)
    return round(min(by_sentences, by_words), 2)


def clamp_score(value: float) -> float:
    return round(min(10.0, max(0.0, value)), 2)


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """'1 quote', '3 quotes'."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def join_phrases(parts: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


# --- shared word lists -------------------------------------------------------------

ATTRIBUTION = phrase_pattern(
    (
        "said", "says", "say", "told", "tells", "according to", "reported", "reports",
        "stated", "states", "announced", "confirmed", "testified", "wrote", "writes",
        "explained", "added", "noted", "argued", "claimed", "insisted", "acknowledged",
        "admitted", "denied", "warned", "estimated", "concluded", "tweeted", "posted",
        "told reporters", "in a statement", "in an interview", "in a letter",
        "in a press release", "at a news conference", "at a press conference",
    )
)  # fmt: skip

VAGUE_SOURCES = phrase_pattern(
    (
        "sources say", "sources said", "sources claim", "sources told", "a source said",
        "a source close to", "sources close to", "some people say", "some say",
        "people are saying", "many people are saying", "many believe", "many people believe",
        "many say", "many think", "some believe", "some claim", "it is said", "it is believed",
        "it is rumored", "it is rumoured", "rumor has it", "rumour has it", "experts say",
        "experts agree", "scientists say", "studies show", "research shows", "critics say",
        "observers say", "insiders say", "an insider", "anonymous sources", "unnamed sources",
        "reportedly", "they say", "everyone is saying", "a lot of people", "word is",
    )
)  # fmt: skip

_TITLES = (
    r"President|Vice President|Prime Minister|Minister|Senator|Sen\.|Rep\.|"
    r"Representative|Governor|Gov\.|Mayor|Dr\.|Prof\.|Professor|Judge|Justice|"
    r"Secretary|Chancellor|Ambassador|Commissioner|Chief|General|Gen\.|Inspector|"
    r"spokesperson|spokesman|spokeswoman|CEO|chairman|chairwoman|director|economist|"
    r"analyst|researcher|scientist"
)
_NAME = r"[A-Z][\w\u2019'.-]*(?:\s+[A-Z][\w\u2019'-]+){0,2}"
_SAY = r"(?:said|says|told|wrote|added|explained|noted)"
NAMED_SOURCE = re.compile(
    rf"(?<![\w-])(?:(?:(?!(?:The|A|An)\b)[A-Z][a-z]+\s+)?(?:{_TITLES})\s+{_NAME}"
    rf"|[A-Z][a-z\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+){{1,2}},?\s+{_SAY}"
    rf"|{_SAY}\s+[A-Z][a-z\u2019'-]+\s+[A-Z][\w\u2019'-]+)(?!\w)"
)

_QUOTE = re.compile(
    "\u201c[^\u201d\n]+\u201d"  # curly double
    '|"[^"\n]+"'  # straight double
    "|\u2018(?:[^\u2019\n]|\u2019(?=\\w))+\u2019(?!\\w)"  # curly single (skips apostrophes)
)


def find_quotes(text: str, min_words: int = 3) -> list[tuple[int, int]]:
    """Quoted passages of at least `min_words` words (shorter ones are scare quotes)."""
    return [
        (m.start(), m.end()) for m in _QUOTE.finditer(text) if len(m.group().split()) >= min_words
    ]
