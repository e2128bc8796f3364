"""Text out of a parsed page: entities unescaped, whitespace collapsed, chrome recognised.

Shared by the page metadata readers (`_page_metadata`, `_byline`, `_dates`).
"""

from __future__ import annotations

import html

from lxml.etree import _Element

_SKIPPED_ANCESTORS = {"nav", "footer", "aside", "script", "style", "noscript", "form"}


def clean(value: object) -> str:
    """Unescape entities and collapse whitespace; non-strings become ""."""
    if not isinstance(value, str):
        return ""
    return " ".join(html.unescape(value).split())


def element_text(element: _Element, limit: int = 300) -> str:
    parts: list[str] = []
    size = 0
    for piece in element.itertext():
        parts.append(piece)
        size += len(piece)
        if size > limit:
            break
    return " ".join(" ".join(parts).split())


def inside_boilerplate(element: _Element) -> bool:
    return any(
        isinstance(ancestor.tag, str) and ancestor.tag in _SKIPPED_ANCESTORS
        for ancestor in element.iterancestors()
    )
