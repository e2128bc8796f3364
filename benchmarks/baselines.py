"""Off-the-shelf trafilatura on the extraction pages: the baselines our extractor must beat.

These run in a worker process, beside the pipeline in the main one, so the two cores
share the work. Each call parses one page with trafilatura's default options.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import trafilatura


def extract_text(page: tuple[bytes, str | None]) -> str:
    """`trafilatura.extract` with its defaults: the aeb baseline."""
    html, url = page
    result: str | None = trafilatura.extract(html, url=url)
    return result or ""


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    author: str | None
    date: str | None


def bare_extraction(page: tuple[bytes, str | None]) -> Extracted:
    """`trafilatura.bare_extraction(with_metadata=True)`: the trafilatura_eval baseline."""
    html, url = page
    found = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    if found is None:
        return Extracted("", None, None)
    return Extracted(
        text=getattr(found, "text", None) or "",
        author=getattr(found, "author", None) or None,
        date=getattr(found, "date", None) or None,
    )


def quiet_logging() -> None:
    """trafilatura and htmldate log every page they find hard; the table is what counts."""
    for name in ("trafilatura", "htmldate", "courlan", "readability", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
