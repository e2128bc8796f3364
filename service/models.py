"""Persistence rows (SQLModel tables). These are not API types: the schema builds its own."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Column, Field, SQLModel


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC; SQLite keeps no zone, so convert here."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; TruthLens stores aware datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


def _time(*, nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


class Article(SQLModel, table=True):
    __tablename__ = "article"
    # One index per article order (key, id), for keyset pagination.
    __table_args__ = (
        sa.Index("ix_article_analyzed_at_id", "analyzed_at", "id"),
        sa.Index("ix_article_published_at_id", "published_at", "id"),
        sa.Index("ix_article_average_score_id", "average_score", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    identity_key: str = Field(max_length=2100, unique=True)
    url: str | None = Field(default=None, max_length=2048)
    # Unique through identity_key, which equals it whenever it is set. A second unique
    # constraint here made concurrent upserts fail on PostgreSQL: ON CONFLICT arbitrates
    # one constraint only.
    normalized_url: str | None = Field(default=None, max_length=2048, index=True)
    content_hash: str = Field(max_length=64, index=True)
    source: str = Field(max_length=8)
    title: str | None = None
    author: str | None = None
    site_name: str | None = Field(default=None, max_length=255, index=True)
    published_at: datetime | None = _time(index=True)
    modified_at: datetime | None = _time()
    language: str | None = Field(default=None, max_length=16)
    kind: str | None = Field(default=None, max_length=32)
    description: str | None = None
    text: str
    word_count: int
    links: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSONType, nullable=False, server_default="[]")
    )
    average_score: float | None = None
    created_at: datetime = _time(nullable=False)
    updated_at: datetime = _time(nullable=False)
    analyzed_at: datetime = _time(nullable=False)


class Summary(SQLModel, table=True):
    __tablename__ = "summary"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", unique=True, ondelete="CASCADE")
    headline: str
    text: str
    plugin: str = Field(max_length=255)
    plugin_version: str = Field(max_length=64)
    headline_plugin: str = Field(max_length=255)
    headline_plugin_version: str = Field(max_length=64)
    created_at: datetime = _time(nullable=False)


class ScoreFields(SQLModel):
    """What a score is; shared by the current scores and their history.

    Columns are declared with `sa_type`, not `sa_column`: a Column object can belong to
    one table only.
    """

    article_id: int = Field(foreign_key="article.id", ondelete="CASCADE")
    metric: str = Field(max_length=63)
    label: str = Field(max_length=255)
    value: float | None = None
    confidence: float | None = None
    explanation: str
    evidence: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSONType, nullable=False)
    plugin: str = Field(max_length=255)
    plugin_version: str = Field(max_length=64)
    metric_version: str = Field(max_length=64)
    status: str = Field(max_length=8)
    error: str | None = None
    computed_at: datetime = Field(sa_type=UTCDateTime, nullable=False)


class Score(ScoreFields, table=True):
    """The current score of each metric of an article."""

    __tablename__ = "score"
    __table_args__ = (sa.UniqueConstraint("article_id", "metric", name="uq_score_article_metric"),)

    id: int | None = Field(default=None, primary_key=True)


class ScoreHistory(ScoreFields, table=True):
    """Every score ever computed, append-only, so a frontend can show how a score changed."""

    __tablename__ = "score_history"
    __table_args__ = (
        sa.Index("ix_score_history_article_metric_time", "article_id", "metric", "computed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)


class AnalysisBatch(SQLModel, table=True):
    """URLs submitted together for analysis by the job layer (`truthlens.jobs`)."""

    __tablename__ = "analysis_batch"

    id: int | None = Field(default=None, primary_key=True)
    force: bool = False
    created_at: datetime = _time(nullable=False)


class AnalysisItem(SQLModel, table=True):
    """One URL of a batch and where its analysis stands: queued, running, done or failed."""

    __tablename__ = "analysis_item"
    __table_args__ = (
        # One item per normalized URL in a batch; NULL (an invalid URL) never collides.
        sa.UniqueConstraint("batch_id", "normalized_url", name="uq_analysis_item_batch_url"),
        sa.Index("ix_analysis_item_batch_position", "batch_id", "position"),
        sa.Index("ix_analysis_item_url_state", "normalized_url", "state"),
    )

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="analysis_batch.id", ondelete="CASCADE")
    position: int
    url: str = Field(sa_type=sa.Text)
    normalized_url: str | None = Field(default=None, max_length=2048)
    state: str = Field(max_length=8)
    error_code: str | None = Field(default=None, max_length=32)
    error_message: str | None = None
    article_id: int | None = Field(default=None, foreign_key="article.id", ondelete="SET NULL")
    attempts: int = 0
    created_at: datetime = _time(nullable=False)
    started_at: datetime | None = _time()
    finished_at: datetime | None = _time()


class ApiKey(SQLModel, table=True):
    """An API key: its public prefix and the SHA-256 of the whole token, never the token."""

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=255)
    prefix: str = Field(max_length=32, unique=True)
    secret_hash: str = Field(max_length=64)
    scopes: str = Field(max_length=255)
    """Comma-separated: read, analyze, admin."""
    created_at: datetime = _time(nullable=False)
    revoked_at: datetime | None = _time()
