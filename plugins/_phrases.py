"""Fast whole-word phrase matching over a sentence's tokens.

One regex alternation of hundreds of phrases, with look-arounds, costs a scan of the
whole text per list; the objectivity metric checks a dozen lists per sentence, which
made it the slowest plugin. Here a sentence is tokenized once and every list is a
dictionary lookup per token. Tokens are runs of word characters joined by hyphens or
apostrophes ("so-called", "can't"), so a phrase never matches inside a hyphenated word,
as the regex matcher of `_lexicon.phrase_pattern` also refuses to.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

_TOKEN = re.compile(r"\w+(?:['\u2019-]\w+)*")


class Token(NamedTuple):
    start: int
    end: int
    norm: str


_token = functools.partial(tuple.__new__, Token)
_span = operator.methodcaller("span")


def tokenize(text: str) -> list[Token]:
    """Lower-cased word tokens with offsets (curly apostrophes read as straight)."""
    lowered = text.lower()
    if len(lowered) != len(text) or "\u03a3" in text:
        # A character that lower-cases to several, or a capital sigma (whose lower case
        # depends on its neighbours): lower-case each token on its own.
        return [
            Token(m.start(), m.end(), m.group().lower().replace("\u2019", "'"))
            for m in _TOKEN.finditer(text)
        ]
    # Otherwise lower-casing is per character: slice one lower-cased copy.
    lowered = lowered.replace("\u2019", "'")
    return [_token((a, b, lowered[a:b])) for a, b in map(_span, _TOKEN.finditer(text))]


class PhraseMatcher:
    """Finds phrases (sequences of tokens) case-insensitively, longest first, no overlaps."""

    def __init__(self, phrases: Iterable[str]) -> None:
        by_first: dict[str, set[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(t.norm for t in tokenize(phrase))
            if words:
                by_first.setdefault(words[0], set()).add(words)
        self._by_first = {
            first: sorted(options, key=lambda w: (-len(w), w))
            for first, options in by_first.items()
        }

    def spans(self, tokens: list[Token]) -> list[tuple[int, int]]:
        """(start, end) character spans of the matches, left to right."""
        found = []
        i, n = 0, len(tokens)
        while i < n:
            options = self._by_first.get(tokens[i].norm)
            matched = 0
            if options is not None:
                for words in options:
                    k = len(words)
                    if i + k <= n and all(tokens[i + j].norm == words[j] for j in range(1, k)):
                        matched = k
                        break
            if matched:
                found.append((tokens[i].start, tokens[i + matched - 1].end))
                i += matched
            else:
                i += 1
        return found

    def count(self, tokens: list[Token]) -> int:
        return len(self.spans(tokens))


class PhraseLists:
    """Several named phrase lists matched in one pass over the tokens.

    Each list keeps `PhraseMatcher`'s rule (longest first, left to right, no overlaps
    within the list); lists may overlap one another.
    """

    def __init__(self, lists: Mapping[str, Iterable[str]]) -> None:
        self.names = tuple(lists)
        starts: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}
        for name, phrases in lists.items():
            for phrase in set(phrases):
                words = tuple(t.norm for t in tokenize(phrase))
                if words:
                    starts.setdefault(words[0], []).append((-len(words), words, name))
        self._starts = {first: sorted(options) for first, options in starts.items()}

    def find(self, tokens: list[Token]) -> dict[str, list[tuple[int, int]]]:
        found: dict[str, list[tuple[int, int]]] = {name: [] for name in self.names}
        busy_until = dict.fromkeys(self.names, 0)  # next free token index per list
        n = len(tokens)
        starts = map(self._starts.get, [t.norm for t in tokens])
        for i, options in enumerate(starts):
            if options is None:
                continue
            for negative_length, words, name in options:
                k = -negative_length
                if i < busy_until[name] or i + k > n:
                    continue
                if k == 1 or all(tokens[i + j].norm == words[j] for j in range(1, k)):
                    found[name].append((tokens[i].start, tokens[i + k - 1].end))
                    busy_until[name] = i + k
        return found
