"""Data access: every SQL statement of the service lives here.

Functions are keyword-only and take the session from the caller, who owns the transaction.
The listing queries (filters, orders, the per-site roll-up) live in `listing`; the article
listing is re-exported here.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, fields
from functools import cache
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from truthlens.averaging import weighted_average
from truthlens.identity import canonical_identity, content_hash, normalize_url
from truthlens.listing import (
    ARTICLE_COLUMNS,
    SUMMARY_COLUMNS,
    ArticleRecord,
    SummaryRecord,
    article_records,
)
from truthlens.models import Article, Score, ScoreHistory, Summary, utcnow

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping
    from datetime import datetime

    from sqlalchemy.ext.asyncio import AsyncSession

    from truthlens.analysis import Analysis, ScoreOutcome


_ARTICLE_COLUMNS = (
    "identity_key",
    "url",
    "normalized_url",
    "content_hash",
    "source",
    "title",
    "author",
    "site_name",
    "published_at",
    "modified_at",
    "language",
    "kind",
    "description",
    "text",
    "word_count",
    "links",
    "average_score",
    "updated_at",
    "analyzed_at",
)
_KEPT_COLUMNS = ("url", "normalized_url")
"""Pasted text that matches a fetched article must not erase where it came from."""

_SUMMARY_COLUMNS = (
    "headline",
    "text",
    "plugin",
    "plugin_version",
    "headline_plugin",
    "headline_plugin_version",
    "created_at",
)


def _upsert(dialect: str, model: Any, key: list[str], columns: tuple[str, ...]) -> Any:
    """INSERT … ON CONFLICT (key) DO UPDATE of `columns`, on the Core table of `model`.

    Built once per dialect and executed with values as parameters, so SQLAlchemy
    compiles it once (values baked into `.values()` are part of every cache key).
    """
    module = postgresql if dialect == "postgresql" else sqlite
    table = sa.inspect(model).local_table
    insert = module.insert(table)
    updated = {
        name: sa.func.coalesce(insert.excluded[name], table.c[name])
        if name in _KEPT_COLUMNS and model is Article
        else insert.excluded[name]
        for name in columns
    }
    return insert.on_conflict_do_update(index_elements=key, set_=updated)


@cache
def _analysis_statements(dialect: str) -> tuple[Any, Any]:
    article = _upsert(dialect, Article, ["identity_key"], _ARTICLE_COLUMNS)
    summary = _upsert(dialect, Summary, ["article_id"], _SUMMARY_COLUMNS)
    return article.returning(*sa.inspect(Article).local_table.c), summary


async def save_analysis(session: AsyncSession, *, analysis: Analysis) -> Article:
    """Insert or update the article, its summary and scores (one call per transaction).

    Upserts keyed on unique columns make concurrent analyses of one URL race-free.
    """
    document = analysis.document
    digest = content_hash(document.text)
    identity_url = canonical_identity(document.url, document.canonical_url)
    identity = identity_url or await _text_identity(session, digest)
    now = analysis.analyzed_at
    upsert_article, upsert_summary = _analysis_statements(session.get_bind().dialect.name)
    values: dict[str, Any] = {
        "identity_key": identity,
        "url": _normalized_or_none(document.url),
        "normalized_url": identity_url,
        "content_hash": digest,
        "source": analysis.source,
        "title": document.title,
        "author": document.author,
        "site_name": document.site_name,
        "published_at": document.published_at,
        "modified_at": document.modified_at,
        "language": document.language,
        "kind": document.kind,
        "description": document.description,
        "text": document.text,
        "word_count": document.word_count,
        "links": [{"url": link.url, "text": link.text} for link in document.links],
        "average_score": analysis.average_score,
        "updated_at": now,
        "analyzed_at": now,
        "created_at": now,
    }
    # RETURNING every column saves reading the row back.
    article = Article.model_validate((await session.execute(upsert_article, values)).one()._mapping)
    article_id = article.id
    assert article_id is not None
    summary = {
        "article_id": article_id,
        "headline": analysis.headline.text,
        "text": analysis.summary.text,
        "plugin": analysis.summary.plugin,
        "plugin_version": analysis.summary.plugin_version,
        "headline_plugin": analysis.headline.plugin,
        "headline_plugin_version": analysis.headline.plugin_version,
        "created_at": now,
    }
    await session.execute(upsert_summary, summary)
    await _write_scores(session, article_id=article_id, scores=analysis.scores)
    return article


_SCORE_COLUMNS = (
    "label",
    "value",
    "confidence",
    "explanation",
    "evidence",
    "plugin",
    "plugin_version",
    "metric_version",
    "status",
    "error",
    "computed_at",
)


@cache
def _score_statements(dialect: str) -> tuple[Any, Any]:
    """The score upsert and the history insert, built once per dialect.

    Values travel as parameters of one executemany each, so a whole analysis's scores
    cost two round trips and SQLAlchemy compiles each statement once.
    """
    upsert = _upsert(dialect, Score, ["article_id", "metric"], _SCORE_COLUMNS)
    history: sa.Table = sa.inspect(ScoreHistory).local_table  # type: ignore[assignment]
    return upsert, sa.insert(history)


async def _write_scores(
    session: AsyncSession, *, article_id: int, scores: Iterable[ScoreOutcome]
) -> None:
    """Upsert the current score of each metric and append it to the history."""
    rows = [
        {
            "article_id": article_id,
            "metric": score.metric,
            "label": score.label,
            "value": score.value,
            "confidence": score.confidence,
            "explanation": score.explanation,
            "evidence": [asdict(e) for e in score.evidence],
            "plugin": score.plugin,
            "plugin_version": score.plugin_version,
            "metric_version": score.metric_version,
            "status": score.status.value,
            "error": score.error,
            "computed_at": score.computed_at,
        }
        for score in scores
    ]
    if not rows:
        return
    upsert, history = _score_statements(session.get_bind().dialect.name)
    await session.execute(upsert, rows)
    await session.execute(history, rows)


async def save_rescore(
    session: AsyncSession,
    *,
    article_id: int,
    scores: Iterable[ScoreOutcome],
    weights: Mapping[str, float],
    active_metrics: Collection[str],
) -> Article:
    """Store recomputed scores and refresh the article's average over its active metrics."""
    now = utcnow()
    await _write_scores(session, article_id=article_id, scores=scores)
    current = await session.execute(
        select(col(Score.metric), col(Score.value), col(Score.confidence)).where(
            col(Score.article_id) == article_id,
            col(Score.status) == "ok",
            col(Score.metric).in_(list(active_metrics)),
        )
    )
    average = weighted_average(((m, v, c) for m, v, c in current), weights)
    await session.execute(
        sa.update(Article)
        .where(col(Article.id) == article_id)
        .values(average_score=average, updated_at=now)
    )
    article = await session.get(Article, article_id, populate_existing=True)
    assert article is not None
    return article


async def article_ids(
    session: AsyncSession,
    *,
    after_id: int = 0,
    limit: int = 500,
    stale_for: Mapping[str, tuple[str, str]] | None = None,
) -> list[int]:
    """Article ids in id order, from `after_id` on.

    With `stale_for` ({metric: (plugin_version, metric_version)}), only articles where
    one of those metrics has no score or a score from another version.
    """
    query = select(col(Article.id)).where(col(Article.id) > after_id)
    if stale_for:
        query = query.where(_stale(stale_for))
    ids = await session.scalars(query.order_by(col(Article.id)).limit(limit))
    return [article_id for article_id in ids if article_id is not None]


async def count_article_ids(
    session: AsyncSession, *, stale_for: Mapping[str, tuple[str, str]] | None = None
) -> int:
    """How many articles `article_ids` would walk through."""
    ids = select(col(Article.id))
    if stale_for:
        ids = ids.where(_stale(stale_for))
    return int(await session.scalar(select(sa.func.count()).select_from(ids.subquery())) or 0)


def _stale(stale_for: Mapping[str, tuple[str, str]]) -> sa.ColumnElement[bool]:
    """Articles where a metric has no score from its current plugin and metric version."""
    return sa.or_(
        *(
            ~sa.exists().where(
                col(Score.article_id) == col(Article.id),
                col(Score.metric) == metric,
                col(Score.plugin_version) == plugin_version,
                col(Score.metric_version) == metric_version,
            )
            for metric, (plugin_version, metric_version) in stale_for.items()
        )
    )


async def score_history(
    session: AsyncSession, *, article_ids: list[int], metric: str | None, limit: int
) -> dict[int, list[ScoreRecord]]:
    """Past and present scores per article, newest first, at most `limit` per article."""
    table = _columns(ScoreHistory)
    query = sa.select(*_score_columns(ScoreHistory)).where(table.article_id.in_(article_ids))
    if metric is not None:
        query = query.where(table.metric == metric)
    rows = await session.execute(query.order_by(table.computed_at.desc(), table.id.desc()))
    grouped: dict[int, list[ScoreRecord]] = defaultdict(list)
    for row in rows:
        found = grouped[row[0]]
        if len(found) < limit:
            found.append(ScoreRecord(*row))
    return grouped


async def _text_identity(session: AsyncSession, digest: str) -> str:
    """Text without a URL is the article that already has this text, or a new one."""
    existing = await session.scalar(
        select(Article.identity_key)
        .where(Article.content_hash == digest)
        .order_by(col(Article.id))
        .limit(1)
    )
    return existing or f"sha256:{digest}"


def _normalized_or_none(url: str | None) -> str | None:
    if url is None:
        return None
    try:
        return normalize_url(url)
    except ValueError:
        return url


async def get_article(session: AsyncSession, *, article_id: int) -> Article | None:
    return await session.get(Article, article_id)


async def find_article_by_url(session: AsyncSession, *, url: str) -> Article | None:
    """The article stored under this URL: its canonical identity or the URL it was fetched from."""
    try:
        normalized = normalize_url(url)
    except ValueError:
        return None
    return (
        await session.scalars(
            select(Article)
            .where(
                sa.or_(col(Article.normalized_url) == normalized, col(Article.url) == normalized)
            )
            .order_by(col(Article.id))
            .limit(1)
        )
    ).first()


# Reads for the API select Core columns into plain records: hydrating SQLModel rows (and
# decoding evidence that most requests never ask for) cost more than the queries, and so
# does the ORM's statement machinery, which any mapped attribute in a statement brings in.
# The statements are built once, with parameters.


async def article_record(session: AsyncSession, *, article_id: int) -> ArticleRecord | None:
    """The article's API columns (`get_article` loads the whole row)."""
    found = article_records(await session.execute(_ARTICLE_BY_ID, {"article_id": article_id}))
    return found[0] if found else None


@dataclass(frozen=True, slots=True)
class ArticleWithRelations:
    article: ArticleRecord
    summary: SummaryRecord | None
    scores: list[ScoreRecord] | None
    """By metric; None when not asked for."""


async def article_with_relations(
    session: AsyncSession, *, article_id: int, summary: bool, scores: bool
) -> ArticleWithRelations | None:
    """`article_record` with its summary and its scores if asked, in one statement.

    LEFT JOINs: one row per score (the article's columns repeated, at most a handful of
    times), or one row when there is no score or none was asked for. A statement costs
    more than those repeated columns (four hops to aiosqlite's thread and back).
    """
    query = _article_with_relations(summary=summary, scores=scores)
    rows = (await session.execute(query, {"article_id": article_id})).all()
    if not rows:
        return None
    width = len(ARTICLE_COLUMNS)
    found_summary = found_scores = None
    if summary:
        part = rows[0][width : width + len(SUMMARY_COLUMNS)]
        found_summary = None if part[0] is None else SummaryRecord(*part)
        width += len(SUMMARY_COLUMNS)
    if scores:
        # ScoreRecord's first column is the score's article_id: None when there is none.
        found_scores = [ScoreRecord(*row[width:]) for row in rows if row[width] is not None]
    return ArticleWithRelations(
        article=ArticleRecord(*rows[0][: len(ARTICLE_COLUMNS)]),
        summary=found_summary,
        scores=found_scores,
    )


@dataclass(frozen=True, slots=True)
class ScoreRecord:
    """A current or past score; its evidence stays JSON text until someone reads it."""

    article_id: int
    metric: str
    label: str
    value: float | None
    confidence: float | None
    explanation: str
    evidence_json: str
    plugin: str
    plugin_version: str
    metric_version: str
    status: str
    error: str | None
    computed_at: datetime

    @property
    def evidence(self) -> list[dict[str, Any]]:
        decoded: list[dict[str, Any]] = json.loads(self.evidence_json)
        return decoded


def _columns(model: Any) -> Any:
    """The Core columns of a model's table (for statements without ORM machinery)."""
    return model.__table__.c


def _score_columns(model: type[Score] | type[ScoreHistory]) -> tuple[Any, ...]:
    """ScoreRecord's columns; evidence is read as text (a no-op on SQLite, where JSON is
    stored as text; on PostgreSQL the driver would otherwise decode the JSONB)."""
    table = _columns(model)
    return tuple(
        sa.cast(table.evidence, sa.Text) if name == "evidence_json" else table[name]
        for name in (f.name for f in fields(ScoreRecord))
    )


_IDS: Any = sa.bindparam("ids", expanding=True)
_ARTICLE_BY_ID: Any = sa.select(*ARTICLE_COLUMNS).where(
    _columns(Article).id == sa.bindparam("article_id")
)


@cache
def _article_with_relations(*, summary: bool, scores: bool) -> Any:
    """The statement of `article_with_relations`, built once per combination."""
    article = _columns(Article)
    source: Any = Article.__table__  # type: ignore[attr-defined]
    columns = list(ARTICLE_COLUMNS)
    if summary:
        source = source.outerjoin(Summary.__table__, _columns(Summary).article_id == article.id)  # type: ignore[attr-defined]
        columns += SUMMARY_COLUMNS
    query = sa.select(*columns)
    if scores:
        score = _columns(Score)
        source = source.outerjoin(Score.__table__, score.article_id == article.id)  # type: ignore[attr-defined]
        query = sa.select(*columns, *_score_columns(Score)).order_by(score.metric)
    return query.select_from(source).where(article.id == sa.bindparam("article_id"))


_SUMMARIES: Any = sa.select(*SUMMARY_COLUMNS).where(_columns(Summary).article_id.in_(_IDS))
_SCORES: Any = (
    sa.select(*_score_columns(Score))
    .where(_columns(Score).article_id.in_(_IDS))
    .order_by(_columns(Score).article_id, _columns(Score).metric)
)


async def summaries_by_article(
    session: AsyncSession, *, article_ids: list[int]
) -> dict[int, SummaryRecord]:
    rows = await session.execute(_SUMMARIES, {"ids": article_ids})
    return {row[0]: SummaryRecord(*row) for row in rows}


async def scores_by_article(
    session: AsyncSession, *, article_ids: list[int]
) -> dict[int, list[ScoreRecord]]:
    rows = await session.execute(_SCORES, {"ids": article_ids})
    grouped: dict[int, list[ScoreRecord]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(ScoreRecord(*row))
    return grouped
