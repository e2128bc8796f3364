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
from typing import Any, NamedTuple

from truthlens import Document, Evidence, Sentence, split_sentences

MAX_EVIDENCE = 25

_APOSTROPHE = "['\u2019]"
# Whole-word edges: no word character (or hyphen-joined word, or apostrophe) around.
_BEFORE = r"(?<![\w'\u2019-])"
_AFTER = r"(?![\w'\u2019]|-\w)"


class Hit(NamedTuple):
    """A matched span before it becomes Evidence (offsets into the searched text).

    A named tuple: metrics make hundreds per article, and tuples are the cheapest to build.
    """

    start: int
    end: int
    label: str
    weight: float

    def shifted(self, offset: int, factor: float = 1.0) -> Hit:
        return Hit(self.start + offset, self.end + offset, self.label, self.weight * factor)


def phrase_pattern(phrases: Iterable[str], *, ignore_case: bool = True) -> re.Pattern[str]:
    """Compile phrases into one whole-word regex; longer phrases win over their prefixes.

    The alternation is written as a character trie (shared prefixes once, a longer
    continuation tried before a phrase ends), which finds exactly what a flat alternation
    of the phrases, longest first, finds, at a fraction of the cost: among phrases that can
    match at one position only nested ones (word-wise prefixes of one another) can both
    match, and the trie, like the flat list, takes the longest. The words every phrase
    needs are registered for `find_hits`' prefilter (see `word_runs`).
    """
    unique = {" ".join(p.split()) for p in phrases}
    unique = {p.lower() for p in unique} if ignore_case else unique
    trie: dict[str, Any] = {}
    for phrase in unique:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    flags = re.IGNORECASE if ignore_case else 0
    pattern = re.compile(_BEFORE + _trie_regex(trie) + _AFTER, flags)
    if ignore_case and all(p.isascii() for p in unique):
        _NEEDED[pattern] = frozenset(max(_RUN.findall(p), key=len) for p in unique)
    return pattern


def _trie_regex(node: dict[str, Any]) -> str:
    alternatives = [
        (r"\s+" if char == " " else _APOSTROPHE if char == "'" else re.escape(char))
        + _trie_regex(child)
        for char, child in sorted(node.items())
        if char
    ]
    if "" in node:  # the phrase may end here, after every longer continuation failed
        alternatives.append("")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


_RUN = re.compile(r"\w+")
_NEEDED: dict[re.Pattern[str], frozenset[str]] = {}
"""For each `phrase_pattern`: one whole word of every phrase (lower-case), so a text none of
these words occurs in cannot match."""
_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")
"""Characters that match ASCII letters case-insensitively in `re` but not under `str.lower`."""


def raw_runs(text: str) -> frozenset[str]:
    """The runs of word characters in `text` as written, for case-sensitive prefilters."""
    return frozenset(_RUN.findall(text))


def word_runs(text: str) -> frozenset[str] | None:
    """The lower-cased runs of word characters in `text`, for `find_hits`' prefilter.

    Every word of a `phrase_pattern` match is a whole run of word characters in the text
    (the pattern's edges and the phrase's own spaces, apostrophes and hyphens delimit it),
    so a pattern none of whose needed words is among the runs cannot match. None when the
    text holds a character that `re` folds to an ASCII letter but `str.lower` does not
    (then nothing is skipped).
    """
    if text.isascii():
        return frozenset(_RUN.findall(text.lower()))
    if _FOLDS.search(text) is not None:
        return None
    return frozenset(run.lower() for run in _RUN.findall(text))


def find_hits(
    pattern: re.Pattern[str],
    text: str,
    label: str,
    weight: float,
    runs: frozenset[str] | None = None,
) -> list[Hit]:
    """Every match as a Hit; `runs` (`word_runs(text)`) lets phrase patterns skip a text
    that cannot match."""
    if runs is not None:
        needed = _NEEDED.get(pattern)
        if needed is not None and runs.isdisjoint(needed):
            return []
    return [Hit(m.start(), m.end(), label, weight) for m in pattern.finditer(text)]


def search_phrases(
    pattern: re.Pattern[str], text: str, runs: frozenset[str] | None = None
) -> re.Match[str] | None:
    """`pattern.search(text)`, skipped like `find_hits` when `runs` (the word runs of `text`,
    or of a text whose word runs include all of `text`'s) rule a phrase pattern out."""
    if runs is not None:
        needed = _NEEDED.get(pattern)
        if needed is not None and runs.isdisjoint(needed):
            return None
    return pattern.search(text)


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

NAMED_SOURCE_WORDS = frozenset(
    re.sub(r"\\.", "", _TITLES).replace("|", " ").split() + _SAY[3:-1].split("|")
)
"""Whole words (case as written) one of which every `NAMED_SOURCE` match contains."""

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
