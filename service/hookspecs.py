"""Every hook a TruthLens plugin can implement.

`firstresult` hooks pick one provider: the most recently registered plugin that
returns something other than None wins (third-party plugins load after the
built-ins, so they override them). The host calls those providers one at a time
itself, so a raising provider is logged and skipped instead of failing the analysis.
"""

from __future__ import annotations

from collections.abc import Iterable

import pluggy

from truthlens.document import Document
from truthlens.metric import Metric

PROJECT_NAME = "truthlens"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec(firstresult=True)
def extract_article(html: str | bytes, url: str | None) -> Document | None:
    """Turn an HTML page into a Document (text and metadata), or return None to pass.

    `html` is the page as fetched (bytes, encoding undetected) or as pasted (str);
    `url` is where it came from, when known. Leave `sentences` empty: the host splits
    the text into sentences after extraction. Return a Document with empty text when
    the page has no article; the host reports that as NO_CONTENT.
    """


@hookspec(firstresult=True)
def suggest_headline(document: Document) -> str | None:
    """Write a neutral, informative headline for the document, or return None to pass."""


@hookspec(firstresult=True)
def summarize(document: Document) -> str | None:
    """Write a short summary of the document, or return None to pass."""


@hookspec
def register_metrics() -> Iterable[Metric]:  # type: ignore[empty-body]
    """Return the metrics this plugin provides.

    Called once at startup. Each metric is run by the host on its own, with a time
    limit; an exception or an invalid result becomes an error score for that metric.
    """
