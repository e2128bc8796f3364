"""Bylines: the author names a page shows, cleaned, and the choice of the article's author.

Pages wrap their authors' names in labels, dates, handles and picture credits ("By Jane
Doe | 5 May 2024"); this cuts those away, judges whether what is left reads as names,
finds byline markup in the HTML, and prefers people over the publication's own name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml.etree import _Element

from truthlens.plugins._html_text import clean, element_text, inside_boilerplate

_BYLINE_PREFIX = re.compile(
    r"^(?:(?:written|posted|published|reported|words|story|text)\s+by|"
    r"(?:veröffentlicht|erstellt|geschrieben|verfasst|artikel|beitrag|text)\s+von|"
    r"(?:publié|écrit|rédigé)\s+par|(?:publicado|escrito)\s+por|"
    r"by|von|par|por|door|przez|di|author|autor|autorin|auteur|text)\s*[:\-]?\s+",
    re.IGNORECASE,
)
# A byline label inside a longer byline text: "10 May 2024 · by Jane Doe".
_BYLINE_INSIDE = re.compile(r"(?:^|[\s·|•,:])(?:by|von|par|por|door|przez)\s+", re.IGNORECASE)
# Where a byline's name ends: a separator, a date or a "published/updated" note.
_BYLINE_END = re.compile(
    r"\s*[|•·\n]\s*|\s+[-\u2013\u2014]\s+|\s+(?=\d)|"
    r"\s+(?:[Uu]pdated|[Pp]ublished|[Pp]osted|[Aa]ktualisiert|[Vv]eröffentlicht|on|am|le|el)\b"
)
# What byline markup holds besides names: labels, months, placeholders, picture credits.
_NOT_A_NAME = re.compile(
    r"by|von|par|por|door|przez|di|author|autor|autorin|auteur|text|posted|published|"
    r"publiziert|veröffentlicht|datum|date|quelle|source|unknown|unbekannt|unbenannt|"
    r"anonym(?:ous)?|admin(?:istrator)?|none|null|january|february|march|april|june|july|"
    r"august|september|october|november|december|januar|februar|märz|juni|juli|oktober|"
    r"dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|"
    r"décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
    r"noviembre|diciembre",
    re.IGNORECASE,
)
_CREDIT = re.compile(r"(?:fotos?|photos?|bild|image|credits?|quelle|source)\s*:", re.IGNORECASE)
_BYLINE_CLASS = re.compile(r"byline|author|autor|auteur|writer", re.IGNORECASE)
_COMMENTS_LABEL = re.compile(r"\bcomment", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b|\bund\b|\bet\b|\by\b|\bi\b)\s*")
_NAME_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
_NOT_BYLINE_TAGS = {"html", "head", "body", "article", "main", "script", "style", "meta", "link"}


def pick_author(candidates: Iterable[tuple[str, bool]], publishers: set[str]) -> str | None:
    """The first candidate naming people; organizations and the publication's own name
    only when no source names a person."""
    fallback = None
    for name, maybe_person in candidates:
        if maybe_person and name_key(name) not in publishers and not _DOMAIN.fullmatch(name):
            return name
        fallback = fallback or name
    return fallback


def name_key(name: str) -> str:
    return re.sub(r"\W+", "", name.casefold())


def html_author(tree: _Element) -> str | None:
    """rel=author and itemprop=author elements, then byline-like elements."""
    for element in tree.xpath(
        "//*[contains(concat(' ', normalize-space(@rel), ' '), ' author ') or @itemprop='author']"
        "[not(self::link) and not(self::meta)]"
    ):
        if inside_boilerplate(element) or _in_comments(element):
            continue
        named = element.xpath(".//*[@itemprop='name']")
        name = strip_byline(element_text(named[0] if named else element))
        if name and _plausible_name(name, strict=False):
            return name
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _NOT_BYLINE_TAGS:
            continue
        labelled = _BYLINE_CLASS.search(f"{element.get('class', '')} {element.get('id', '')}")
        if not (labelled or _BYLINE_PREFIX.match((element.text or "").lstrip())):
            continue
        if inside_boilerplate(element) or _in_comments(element):
            continue
        text = element_text(element, 200)
        if len(text) > 150:
            continue
        after_label = _BYLINE_INSIDE.search(text)
        name = strip_byline(text[after_label.end() :] if after_label else text)
        if name and _plausible_name(name, strict=not labelled):
            return name
    return None


def _in_comments(element: _Element) -> bool:
    """Reader comments carry author markup too (WordPress: class="comment-author")."""
    for depth, node in enumerate((element, *element.iterancestors())):
        if depth > 8 or node.tag in {"body", "html"}:
            break
        if _COMMENTS_LABEL.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False


def strip_byline(text: str) -> str:
    """Reduce "By Jane Doe | 5 May 2024" to "Jane Doe", and a bare label ("By") to ""."""
    text = clean(text)
    if _CREDIT.match(text):
        return ""
    text = _BYLINE_END.split(text, maxsplit=1)[0]
    text = " ".join(word for word in text.split() if not word.startswith("@")) or text
    previous = None
    while previous != text:
        previous = text
        text = _BYLINE_PREFIX.sub("", text).strip(" :,-\u2013\u2014")
    if _BYLINE_PREFIX.fullmatch(f"{text} ") or _NOT_A_NAME.fullmatch(text):
        return ""
    return text if any(char.isalpha() for char in text) else ""


def clean_authors(value: str) -> str | None:
    """Clean a "; "-separated author string from another reader the same way as ours."""
    return join_names(strip_byline(name) for name in value.split(";"))


def _plausible_name(text: str, *, strict: bool) -> bool:
    """A few short names of a few words each; `strict` (free text) also wants capitals."""
    names = [n for n in _NAME_SPLIT.split(text) if n]
    if not names or len(names) > 6:
        return False
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 5 or len(name) > 60 or _NOT_A_NAME.fullmatch(name):
            return False
        if strict and not (all(_NAME_WORD.fullmatch(w) for w in words) and name[0].isupper()):
            return False
    return True


def join_names(names: Iterable[str]) -> str | None:
    unique: dict[str, str] = {}
    for name in names:
        name = clean(name)
        if name:
            unique.setdefault(name_key(name), name)
    return "; ".join(unique.values()) or None
