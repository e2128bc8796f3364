"""Sentence splitting with character offsets: news-text rules of our own, in every language.

A regular expression finds every place where . ? ! or an ellipsis (with any closing quotes or
brackets) is followed by white space, and a handful of rules decide whether a sentence ends
there. They handle what news copy is full of: titles (Mr., Gov., Lt. Col.), initials
(J. K. Rowling), dotted acronyms (U.S., Ph.D., p.m.), abbreviations before numbers (No. 10,
Jan. 14, Vol. 2), quotes that end a sentence or go on with an attribution, and numbered list
lines. On English news they are 60-80 times faster than pysbd and more accurate
(`benchmarks/sentence_split.py`). For the other languages pysbd knows (German, French,
Spanish, Russian, Italian...), its abbreviation lists for that language join ours; pysbd's
own segmenter took up to 1.5 s on one long Russian page, the rules 23 ms. Full-width CJK
stops end a sentence without a space. Everything here is immutable module state, so any
thread may split at any time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pysbd.languages import LANGUAGE_CODES

from truthlens.document import Sentence

_LINE = re.compile(r"[^\n]+")

# A possible sentence end: the word before (from the last white space), the stop, closing
# quotes or brackets, then white space and more text. Full-width CJK stops need no space.
# The word ends before a run of stops and the runs are possessive, so a line of ten thousand
# dots costs one pass, not ten thousand.
_CANDIDATE = re.compile(
    r"(?<!\S)(?P<word>(?:[^\s。！？]*?[^\s。！？.?!…])?)"  # noqa: RUF001
    r"(?P<stop>[.?!…]++)(?P<close>[\"'”’)\]»]*+)\s++(?=\S)"  # noqa: RUF001
    r"|(?P<cjk>[。！？]++[」』”’）)]*+)\s*+(?=\S)"  # noqa: RUF001
)
_NEXT = re.compile(r"\S+")
_OPENERS = "\"'“‘«([{¿¡"  # noqa: RUF001
_LIST_MARKER = re.compile(r"\(?(?:\d{1,3}|[A-Za-z])\)?")
_ACRONYM = re.compile(r"(?:[A-Za-z]{1,3}\.)+[A-Za-z]{1,3}")  # U.S, D.C, Ph.D, p.m, e.g
_APOSTROPHE = re.compile(r"['\u2019]")  # "It's" starts like "It"
_QUOTES = frozenset("\"'”’»")  # noqa: RUF001


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Never end a sentence: titles before a name, and abbreviations that always go on.
_NEVER = _words(
    "mr mrs ms mx dr drs prof gov govs sen sens rep reps gen lt col maj capt cmdr adm sgt cpl "
    "pvt rev fr hon pres supt det insp atty messrs mme mlle st mt ft ret e.g i.e vs v cf viz "
    "approx"
)
# Do not end a sentence before a number: No. 10, Vol. 2, p. 5, Jan. 14, Sept. 11.
_BEFORE_NUMBER = _words(
    "no nos vol vols p pp fig figs art ch sec para op ed ver "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
# After a.m./p.m., these go on with the time ("3 p.m. Tuesday", "2:30 p.m. ET").
_TIME_GOES_ON = _words(
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "et est edt ct cst cdt mt mst mdt pt pst pdt gmt utc bst cet cest ist aest "
    "eastern central mountain pacific"
)
# Words that start sentences far more often than they continue a name or an acronym: after
# an initial or a dotted acronym ("the U.S. The...", "Plan B. But..."), only these break.
_STARTERS = _words(
    "the a an he she it they we i you his her its their our my your this that these those "
    "there here but and or so yet in on at for from by with after before when while if as "
    "since although though because meanwhile however still then now later earlier also some "
    "many most all both each every no not none what who why how where which"
)


@dataclass(frozen=True, slots=True)
class _Words:
    never: frozenset[str]
    """Never end a sentence after these (titles, abbreviations that always go on)."""
    before_number: frozenset[str]
    """Do not end a sentence after these when a number follows."""


_ENGLISH = _Words(never=_NEVER, before_number=_BEFORE_NUMBER)
_PYSBD_LANGUAGES = frozenset(LANGUAGE_CODES) - {"en"}


def split_sentences(text: str, language: str | None = None) -> tuple[Sentence, ...]:
    """Split `text` into sentences whose offsets index into `text`.

    Line breaks always end a sentence (extracted articles put headings, captions
    and paragraphs on lines of their own). Each sentence is stripped of white space.
    """
    lang = (language or "en").split("-")[0].split("_")[0].lower()
    words = _language_words(lang)
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text):
        base = line.start()
        for start, end in _rule_spans(line.group(), words):
            sentences.append(
                Sentence(start=base + start, end=base + end, text=text[start + base : end + base])
            )
    return tuple(sentences)


def _stripped(chunk: str, start: int, end: int) -> tuple[int, int] | None:
    """`chunk[start:end]` without white space at either end; None when nothing is left."""
    piece = chunk[start:end]
    inner = piece.strip()
    if not inner:
        return None
    start += len(piece) - len(piece.lstrip())
    return start, start + len(inner)


def _rule_spans(chunk: str, words: _Words) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _CANDIDATE.finditer(chunk):
        if match.group("cjk") is None and not _ends_here(chunk, match, words):
            continue
        span = _stripped(chunk, start, match.end())
        if span is not None:
            yield span
        start = match.end()
    span = _stripped(chunk, start, len(chunk))
    if span is not None:
        yield span


def _ends_here(chunk: str, match: re.Match[str], words: _Words) -> bool:
    """Does the sentence end at this stop? Decided on the word before and the word after."""
    following = _NEXT.match(chunk, match.end())
    after = following.group() if following else ""
    first = after.lstrip(_OPENERS)[:1]
    if not first or not (
        first.isdigit() or first in "$£€" or (first.isalpha() and not first.islower())
    ):
        return False  # a lower-case word or stray punctuation goes on: '"Why?" she asked.'
    word = match.group("word").lstrip(_OPENERS)
    if match.group("stop") != "." or any(c in _QUOTES for c in match.group("close")):
        return True  # ? ! … and a period inside a closing quote end the sentence
    low = word.rsplit("-", 1)[-1].lower()  # "then-Gov." is a title too
    if low in words.never:
        return False
    if first.isdigit() and low in words.before_number:
        return False
    if _LIST_MARKER.fullmatch(word) and not chunk[: match.start()].strip():
        return False  # "1. Raise the minimum wage." on a line of its own
    next_word = after.strip(_OPENERS + ",;:").lower()
    if low in ("a.m", "p.m"):
        return next_word.rstrip(".") not in _TIME_GOES_ON
    if _ACRONYM.fullmatch(word) or (len(word) == 1 and word.isupper()):
        # A dotted acronym or an initial: "U.S. Senate", "J. K. Rowling" go on; a
        # common sentence opener after it ("... in the U.S. The ...") ends the sentence.
        return _APOSTROPHE.split(next_word, maxsplit=1)[0] in _STARTERS
    return True


@functools.cache
def _language_words(language: str) -> _Words:
    """Our English lists, plus pysbd's abbreviation lists for the other languages it knows
    (German `Nr.`, `z. B.`, Spanish `Sr.`, Russian...), read from the installed
    package. Built once per language and never changed: any thread may use them."""
    if language == "en" or language not in _PYSBD_LANGUAGES:
        return _ENGLISH
    abbreviations = LANGUAGE_CODES[language].Abbreviation
    listed = {
        name: frozenset(
            word.lower().rstrip(".") for word in getattr(abbreviations, name, ()) if word
        )
        for name in ("ABBREVIATIONS", "PREPOSITIVE_ABBREVIATIONS", "NUMBER_ABBREVIATIONS")
    }
    return _Words(
        never=_NEVER | listed["ABBREVIATIONS"] | listed["PREPOSITIVE_ABBREVIATIONS"],
        before_number=_BEFORE_NUMBER | listed["NUMBER_ABBREVIATIONS"],
    )
