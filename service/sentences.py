"""Sentence splitting with character offsets (pysbd, per paragraph)."""

from __future__ import annotations

import re
import threading

import pysbd

from truthlens.document import Sentence

_PARAGRAPH = re.compile(r"[^\n]+")
_SUPPORTED = frozenset(pysbd.languages.LANGUAGE_CODES)


_local = threading.local()


def _segmenter(language: str) -> pysbd.Segmenter:
    """One segmenter per thread and language: pysbd keeps per-call state on the object,
    so a shared one mixes up the sentences of concurrent analyses."""
    cache: dict[str, pysbd.Segmenter] | None = getattr(_local, "segmenters", None)
    if cache is None:
        cache = _local.segmenters = {}
    if language not in cache:
        cache[language] = pysbd.Segmenter(language=language, clean=False)
    return cache[language]


def split_sentences(text: str, language: str | None = None) -> tuple[Sentence, ...]:
    """Split `text` into sentences whose offsets index into `text`.

    Line breaks always end a sentence (extracted articles put headings, captions
    and paragraphs on lines of their own).
    """
    lang = (language or "en").split("-")[0].lower()
    segmenter = _segmenter(lang if lang in _SUPPORTED else "en")
    sentences: list[Sentence] = []
    for paragraph in _PARAGRAPH.finditer(text):
        base = paragraph.start()
        chunk = paragraph.group()
        cursor = 0
        for piece in segmenter.segment(chunk):
            stripped = piece.strip()
            if not stripped:
                continue
            found = chunk.find(stripped, cursor)
            if found < 0:  # pysbd altered the text; fall back to the whole paragraph rest
                stripped = chunk[cursor:].strip()
                if not stripped:
                    break
                found = chunk.find(stripped, cursor)
            start, end = base + found, base + found + len(stripped)
            sentences.append(Sentence(start=start, end=end, text=text[start:end]))
            cursor = found + len(stripped)
    return tuple(sentences)
