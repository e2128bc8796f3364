"""The Document: what every plugin receives, built once per analysis by the host."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

_WORD = re.compile("\\w+(?:[-'\u2019]\\w+)*")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of `Document.text`; `text == document.text[start:end]`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink found in the article body (not navigation or footer)."""

    url: str
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """An extracted article.

    Offsets everywhere (sentences, evidence) are Python string indices into `text`,
    i.e. Unicode code points.
    """

    text: str
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    modified_at: datetime | None = None
    site_name: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    kind: str | None = None
    description: str | None = None
    links: tuple[Link, ...] = ()
    sentences: tuple[Sentence, ...] = field(default=())

    @property
    def word_count(self) -> int:
        return count_words(self.text)


def count_words(text: str) -> int:
    return len(_WORD.findall(text))
