"""Who and what an article relies on: named sources, specific names, headline checks.

Shared by the accuracy and transparency metrics. Both count *distinct* things an
article gives a reader to check (a named person who said something, a name, a
figure), because a long report naming twenty people is not less careful than a short
one naming two, which is what a per-sentence rate would say.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from truthlens.plugins._lexicon import NAMED_SOURCE, NAMED_SOURCE_WORDS, Hit, raw_runs


def _split(words: str) -> list[str]:
    return words.split()


_HONORIFIC = r"(?:(?:Mr|Ms|Mrs|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Prof|Rev|St)\.?\s+)"
_CAP = r"[A-Z][\w\u2019'.&-]*"
_NAME = rf"{_HONORIFIC}?{_CAP}(?:\s+(?:of\s+|de\s+|al-)?{_CAP}){{0,3}}"
_SAY = (
    r"(?:said|says|told|tells|wrote|writes|added|explained|noted|argued|stated|testified|"
    r"tweeted|posted|announced|confirmed|acknowledged|admitted|insisted|warned|replied|"
    r"recalled|estimated|reported|reports|concluded|denied)"
)
_SUBJECT_SAYS = re.compile(
    rf"(?<![\w\u2019'-])({_NAME})(?:,[^,\n]{{1,80}},)?\s+(?:has\s+|had\s+|also\s+)?{_SAY}\b"
)
_SAYS_NAME = re.compile(rf"\b{_SAY}\s+({_NAME})")
_SAY_WORDS = frozenset(_SAY[3:-1].split("|"))
"""The verbs of `_SAY`, each a whole word wherever the two patterns above match."""
_ACCORDING_TO = re.compile(rf"\baccording\s+to\s+(?:the\s+)?({_NAME})")

# Capitalized words that do not make a name on their own (sentence openers, pronouns,
# calendar words); stripped from the front of a candidate name.
_NOT_NAMES = frozenset(
    _split(
        """a an the this that these those it its he she they we i you his her their our my your
    but and or so yet if when while after before as at on in of for by with from to then
    there here what which who why how where also however meanwhile now still just even
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december today yesterday tonight last next
    mr ms mrs dr sen rep gov gen lt col sgt prof rev st some many most all both one two
    several other another each every officials police experts critics sources"""
    )
)
_SPECIFIC_NAME = re.compile(  # the capital first, so `re` jumps from capital to capital
    r"[A-Z](?<=[\w,;:)\u201d\"]\s[A-Z])[a-z\u2019'-]+(?:\s+[A-Z][a-z\u2019'-]+)*"
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")
_SHOUT_MARKERS = re.compile(
    r"\b(?:breaking|just in|urgent|revealed|exposed|bombshell|shocking|you won'?t believe|"
    r"must see|must watch|what happened next)\b|!",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.,])\d[\d,]*(?:\.\d+)?")


def saturating(count: float, scale: float) -> float:
    """0 for nothing, about 0.63 at `scale`, approaching 1: more helps, with diminishing returns."""
    return 1.0 - math.exp(-max(count, 0.0) / scale)


def length_factor(sentences: int, full: int = 10) -> float:
    """Scale down the counts expected of a brief: three sentences cannot name ten sources."""
    return min(1.0, math.sqrt(max(sentences, 1) / full))


def _trimmed(name: str) -> str:
    words = name.replace(",", " ").split()
    while words and words[0].lower().strip(".") in _NOT_NAMES:
        words.pop(0)
    return " ".join(words)


def source_key(name: str) -> str:
    """'Donald J. Trump', 'Mr. Trump' and 'Trump' are one source: the last name, lower-cased."""
    words = [w for w in _trimmed(name).split() if not w.endswith(".") or len(w) > 3]
    return words[-1].lower().strip(".\u2019'") if words else ""


def named_sources(text: str, label: str, weight: float) -> list[tuple[Hit, str]]:
    """Spans naming who said something, each with its source key ("smith")."""
    found: list[tuple[Hit, str]] = []
    runs = raw_runs(text)  # skip the patterns whose words the text lacks
    patterns: tuple[re.Pattern[str], ...] = (
        () if runs.isdisjoint(_SAY_WORDS) else (_SUBJECT_SAYS, _SAYS_NAME)
    )
    if "according" in runs:
        patterns += (_ACCORDING_TO,)
    for pattern in patterns:
        for match in pattern.finditer(text):
            name = match.group(1)
            trimmed = _trimmed(name)
            key = source_key(name)
            if not trimmed or not key or key in _NOT_NAMES:
                continue
            start = match.start(1) + name.index(trimmed.split()[0])
            found.append((Hit(start, match.start(1) + len(name), label, weight), key))
    if runs.isdisjoint(NAMED_SOURCE_WORDS):
        return found
    for match in NAMED_SOURCE.finditer(text):  # "Mayor Ana Ruiz", titles without a verb
        key = source_key(match.group())
        if key and key not in _NOT_NAMES:
            found.append((Hit(match.start(), match.end(), label, weight), key))
    return found


def specific_names(text: str) -> set[str]:
    """Distinct capitalized names inside sentences (sentence-initial words are ambiguous)."""
    names = set()
    for match in _SPECIFIC_NAME.finditer(text):
        trimmed = _trimmed(match.group())
        if trimmed and len(trimmed) > 2:
            names.add(trimmed.lower())
    return names


def shouting(title: str) -> bool:
    """A headline in capitals, with exclamation marks or "BREAKING"-style markers."""
    words = [w for w in _WORD.findall(title) if len(w) >= 2]
    capitals = sum(w.isupper() for w in words)
    return bool(_SHOUT_MARKERS.search(title)) or (len(words) >= 3 and capitals / len(words) >= 0.4)


def numbers(text: str) -> set[str]:
    return {m.group().replace(",", "") for m in _NUMBER.finditer(text)}


def missing_from(title_terms: Iterable[str], body_terms: set[str]) -> list[str]:
    return [t for t in title_terms if t not in body_terms]
