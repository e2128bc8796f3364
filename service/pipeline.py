"""The analysis pipeline: input → Document → headline, summary, scores → (stored) Analysis.

This is the one place that wires I/O together: the fetcher, the plugins and the
repository. Plugins are pure functions of a Document and never see any of them.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from truthlens import __version__, repository
from truthlens.analysis import Analysis, Produced, Source
from truthlens.averaging import weighted_average
from truthlens.db import WRITE
from truthlens.document import Document, Link
from truthlens.errors import AnalysisError, ErrorCode
from truthlens.extraction_pool import HOOK as EXTRACT_HOOK
from truthlens.extraction_pool import ExtractionPool, HostRecipe
from truthlens.fetch import Fetcher, FetchError, FetchLimits
from truthlens.identity import normalize_url
from truthlens.models import utcnow
from truthlens.scoring import MetricRunner
from truthlens.sentences import split_sentences

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime

    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from truthlens.models import Article
    from truthlens.plugin_manager import PluginHost, RegisteredMetric
    from truthlens.settings import Settings

log = logging.getLogger(__name__)

HOST_NAME = "truthlens"
"""Recorded as the producer when no plugin wrote a headline or summary."""


@dataclass(frozen=True, slots=True)
class Request:
    """One thing to analyze: a URL to fetch, HTML in hand, or plain text."""

    source: Source
    url: str | None = None
    html: str | bytes | None = None
    text: str | None = None
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    force: bool = False


@dataclass(frozen=True, slots=True)
class Stored:
    article_id: int
    analysis: Analysis | None
    """None when an earlier analysis was returned without refetching."""


class Pipeline:
    def __init__(
        self,
        host: PluginHost,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession] | None = None,
        fetcher: Fetcher | None = None,
    ) -> None:
        self.host = host
        self.settings = settings
        self.sessions = sessions
        self.fetcher = fetcher or Fetcher(
            FetchLimits(
                max_bytes=settings.max_fetch_bytes,
                total_timeout=settings.fetch_timeout,
                connect_timeout=settings.connect_timeout,
                max_redirects=settings.max_redirects,
                allow_private_addresses=settings.allow_private_addresses,
                allowed_ports=settings.fetch_ports,
                user_agent=settings.user_agent,
            )
        )
        self.runner = MetricRunner(host.metrics, settings.metric_timeout)
        # Started on the first page to extract (or, with analysis_workers, the first
        # analysis); otherwise text-only work never starts a process.
        in_workers = settings.analysis_workers > 0
        self.extraction = ExtractionPool(
            HostRecipe.of(host, settings.disabled_plugins),
            workers=settings.analysis_workers if in_workers else settings.extraction_workers,
            timeout=settings.extraction_timeout,
            settings=settings if in_workers else None,
        )

    async def aclose(self) -> None:
        self.runner.close()
        await self.fetcher.aclose()
        await self.extraction.aclose()

    async def analyze(self, request: Request) -> Analysis:
        """Analyze without storing."""
        document = await self._document(request)
        return await self.analyze_document(document, request.source)

    async def analyze_and_store(self, request: Request) -> Stored:
        """Analyze and store in one transaction; a known URL is not refetched unless forced."""
        if self.sessions is None:
            raise RuntimeError("this pipeline has no database")
        if request.source == "url" and not request.force:
            url = _checked_url(request.url)
            async with self.sessions() as session:
                existing = await repository.find_article_by_url(session, url=url)
            if existing is not None and existing.id is not None:
                return Stored(existing.id, None)
        analysis = await self.analyze(request)
        async with self.sessions() as session:
            await session.connection(execution_options=WRITE)
            article = await repository.save_analysis(session, analysis=analysis)
            await session.commit()
        assert article.id is not None
        return Stored(article.id, analysis)

    def select_metrics(self, names: Sequence[str] | None) -> list[RegisteredMetric]:
        """The active metrics named (all when None); an unknown name is INVALID_INPUT."""
        if names is None:
            return list(self.host.metrics)
        unknown = sorted(set(names) - {m.metric.name for m in self.host.metrics})
        if unknown:
            raise AnalysisError(
                ErrorCode.INVALID_INPUT, f"unknown or inactive metric(s): {', '.join(unknown)}"
            )
        return [m for m in self.host.metrics if m.metric.name in set(names)]

    async def rescore(self, article_id: int, metrics: Sequence[str] | None = None) -> Stored:
        """Recompute scores from the stored text (no refetch); history keeps the old ones."""
        if self.sessions is None:
            raise RuntimeError("this pipeline has no database")
        selected = self.select_metrics(metrics)
        async with self.sessions() as session:
            row = await repository.get_article(session, article_id=article_id)
        if row is None:
            raise AnalysisError(ErrorCode.NOT_FOUND, f"no article with id {article_id}")
        document = await asyncio.to_thread(_document_from_row, row)
        scores = await self.runner.score_all(document, selected)
        async with self.sessions() as session:
            await session.connection(execution_options=WRITE)
            await repository.save_rescore(
                session,
                article_id=article_id,
                scores=scores,
                weights=self.settings.metric_weights,
                active_metrics=[m.metric.name for m in self.host.metrics],
            )
            await session.commit()
        return Stored(article_id, None)

    async def analyze_document(self, document: Document, source: Source) -> Analysis:
        if self.settings.analysis_workers > 0:
            return await self.extraction.analyze(document, source)
        # Sentence splitting, headline and summary are CPU work: keep them off the loop.
        document, headline, summary = await asyncio.to_thread(self._write, document)
        scores = await self.runner.score_all(document)
        return Analysis(
            document=document,
            source=source,
            headline=headline,
            summary=summary,
            scores=scores,
            average_score=weighted_average(
                ((s.metric, s.value, s.confidence) for s in scores),
                self.settings.metric_weights,
            ),
            analyzed_at=utcnow(),
        )

    def _write(self, document: Document) -> tuple[Document, Produced, Produced]:
        if not document.sentences:
            document = replace(
                document, sentences=split_sentences(document.text, document.language)
            )
        headline = self._written("suggest_headline", document) or Produced(
            _fallback_headline(document), HOST_NAME, __version__
        )
        summary = self._written("summarize", document) or Produced(
            _fallback_summary(document), HOST_NAME, __version__
        )
        return document, headline, summary

    async def _document(self, request: Request) -> Document:
        _check_unicode(request)
        if request.source == "text":
            return self._text_document(request)
        if request.source == "url":
            url = _checked_url(request.url)
            try:
                page = await self.fetcher.fetch(url)
            except FetchError as exc:
                raise AnalysisError(ErrorCode(exc.code), exc.message) from exc
            html: str | bytes = page.body
            if page.encoding:  # the server's charset wins over what the page claims
                html = page.body.decode(page.encoding, errors="replace")
            return await self._extract(html, page.url)
        given = request.html
        if given is None or not given.strip():
            raise AnalysisError(ErrorCode.INVALID_INPUT, "html must not be empty")
        size = len(given.encode()) if isinstance(given, str) else len(given)
        if size > self.settings.max_input_bytes:
            raise AnalysisError(ErrorCode.TOO_LARGE, _too_large(self.settings.max_input_bytes))
        page_url = _checked_url(request.url) if request.url else None
        return await self._extract(given, page_url)

    def _text_document(self, request: Request) -> Document:
        text = _without_nul(request.text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text:
            raise AnalysisError(ErrorCode.INVALID_INPUT, "text must not be empty")
        if len(text.encode()) > self.settings.max_input_bytes:
            raise AnalysisError(ErrorCode.TOO_LARGE, _too_large(self.settings.max_input_bytes))
        url = _checked_url(request.url) if request.url else None
        return Document(
            text=text,
            title=_clean(_without_nul(request.title or "")),
            author=_clean(_without_nul(request.author or "")),
            published_at=request.published_at,
            url=url,
            site_name=urlsplit(url).hostname if url else None,
        )

    async def _extract(self, html: str | bytes, url: str | None) -> Document:
        # In a worker process with a hard time limit: see truthlens.extraction_pool.
        document = None
        if self.host.providers(EXTRACT_HOOK):
            document = await self.extraction.extract(html, url)
        if not isinstance(document, Document):
            raise AnalysisError(ErrorCode.EXTRACTION_FAILED, "no extractor could read this page")
        document = _sanitized(document)
        text = document.text.strip()
        if not text:
            raise AnalysisError(ErrorCode.NO_CONTENT, "no article text could be extracted")
        if not _has_prose(text):
            raise AnalysisError(
                ErrorCode.NO_CONTENT,
                "the page has no article text, only links or headings (a homepage or index?)",
            )
        return replace(document, text=text, url=url or document.url, sentences=())

    def _ask(self, hook_name: str, accept: Callable[[Any], bool], **kwargs: Any) -> Any:
        """Ask the providers of a firstresult hook in turn; a raising one is skipped."""
        for provider in self.host.providers(hook_name):
            try:
                result = provider.call(**kwargs)
            except Exception:
                log.exception("plugin %s failed in %s; asking the next", provider.plugin, hook_name)
                continue
            if accept(result):
                return result, provider
        return None

    def _written(self, hook_name: str, document: Document) -> Produced | None:
        found = self._ask(
            hook_name, lambda r: isinstance(r, str) and bool(r.strip()), document=document
        )
        if found is None:
            return None
        text, provider = found
        return Produced(" ".join(text.split()), provider.plugin, provider.plugin_version)


_PROSE = re.compile(
    r"(?:\w+\W+){5,}\w\S*?[.!?\u2026\u0589\u061f\u06d4\u0964\u0965\u1362]"
    r"|[^\s\u3002\uff01\uff1f]{12,}[\u3002\uff01\uff1f]"
)
"""A sentence: six words or more (the last may end in combining marks), then a
sentence-ending mark (Latin, Armenian, Arabic, Urdu, Indic danda, Ethiopic); in scripts
written without spaces (Chinese, Japanese), twelve characters before an ideographic full
stop or a full-width mark."""


def _has_prose(text: str) -> bool:
    """Menus, link lists and headline teasers have lines of words but no sentences."""
    return _PROSE.search(text) is not None


def check_unicode(name: str, value: str) -> None:
    """JSON can spell lone surrogates, which no database can store: refuse them up front."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise AnalysisError(
            ErrorCode.INVALID_INPUT,
            f"{name} is not valid Unicode (a lone surrogate at character {exc.start})",
        ) from exc


def _check_unicode(request: Request) -> None:
    for name in ("text", "html", "title", "author", "url"):
        value = getattr(request, name)
        if isinstance(value, str):
            check_unicode(name, value)


def _without_nul(value: str) -> str:
    """NUL never belongs in an article, and PostgreSQL refuses it in text columns."""
    return value.replace("\x00", "")


def _sanitized(document: Document) -> Document:
    def clean(value: str | None) -> str | None:
        return None if value is None else _without_nul(value)

    return replace(
        document,
        text=_without_nul(document.text),
        title=clean(document.title),
        author=clean(document.author),
        site_name=clean(document.site_name),
        description=clean(document.description),
        language=clean(document.language),
        kind=clean(document.kind),
    )


def _document_from_row(row: Article) -> Document:
    """The Document an article was scored on, rebuilt from the store."""
    return Document(
        text=row.text,
        title=row.title,
        author=row.author,
        published_at=row.published_at,
        modified_at=row.modified_at,
        site_name=row.site_name,
        url=row.url,
        canonical_url=row.normalized_url,
        language=row.language,
        kind=row.kind,
        description=row.description,
        links=tuple(Link(url=link["url"], text=link["text"]) for link in row.links),
        sentences=split_sentences(row.text, row.language),
    )


def _checked_url(url: str | None) -> str:
    if not url or not url.strip():
        raise AnalysisError(ErrorCode.INVALID_INPUT, "url must not be empty")
    url = url.strip()
    try:
        normalize_url(url)
    except ValueError as exc:
        raise AnalysisError(ErrorCode.INVALID_INPUT, f"invalid url: {exc}") from exc
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        raise AnalysisError(ErrorCode.INVALID_INPUT, "only http and https URLs are supported")
    return url


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value else None


def _too_large(limit: int) -> str:
    return f"input is larger than the limit of {limit} bytes"


def _fallback_headline(document: Document) -> str:
    if document.title:
        return document.title
    first = document.sentences[0].text if document.sentences else document.text
    words = first.split()
    return " ".join(words[:14]).rstrip(".")


def _fallback_summary(document: Document) -> str:
    return " ".join(s.text for s in document.sentences[:3]) or document.text[:500]
