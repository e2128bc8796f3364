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
from itertools import compress
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
    within the list); lists may overlap one another. Phrases of several words are looked
    up by their first two words, so a token costs one dictionary lookup unless it starts a
    phrase, and a longer phrase is compared word by word only when its first two match.
    """

    def __init__(self, lists: Mapping[str, Iterable[str]]) -> None:
        self.names = tuple(lists)
        single: dict[str, list[str]] = {}
        longer: dict[str, dict[str, list[tuple[int, list[str], str]]]] = {}
        for name, phrases in lists.items():
            for phrase in set(phrases):
                words = [t.norm for t in tokenize(phrase)]
                if len(words) == 1:
                    single.setdefault(words[0], []).append(name)
                elif words:
                    by_second = longer.setdefault(words[0], {})
                    by_second.setdefault(words[1], []).append((-len(words), words[2:], name))
        self._single = {first: tuple(sorted(names)) for first, names in single.items()}
        self._longer = {
            first: {second: sorted(options) for second, options in by_second.items()}
            for first, by_second in longer.items()
        }
        self._first = frozenset(self._single) | frozenset(self._longer)

    def find(self, tokens: list[Token]) -> dict[str, list[tuple[int, int]]]:
        found: dict[str, list[tuple[int, int]]] = {name: [] for name in self.names}
        norms = [t.norm for t in tokens]
        starts = list(compress(range(len(norms)), map(self._first.__contains__, norms)))
        if not starts:
            return found
        busy_until = dict.fromkeys(self.names, 0)  # next free token index per list
        n = len(norms)
        single, longer = self._single, self._longer
        for i in starts:
            word = norms[i]
            by_second = longer.get(word)
            if by_second is not None and i + 1 < n:
                options = by_second.get(norms[i + 1])
                if options is not None:  # longest first; a list's first match wins
                    for negative_length, rest, name in options:
                        k = -negative_length
                        if i < busy_until[name] or i + k > n:
                            continue
                        if k == 2 or norms[i + 2 : i + k] == rest:
                            found[name].append((tokens[i].start, tokens[i + k - 1].end))
                            busy_until[name] = i + k
            names = single.get(word)
            if names is not None:
                span = (tokens[i].start, tokens[i].end)
                for name in names:
                    if i >= busy_until[name]:
                        found[name].append(span)
                        busy_until[name] = i + 1
        return found
