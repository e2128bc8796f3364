"""Initial schema: articles, summaries and scores.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from truthlens.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity_key", sa.String(length=2100), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=True),
        sa.Column("normalized_url", sa.String(length=2048), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("author", sa.String(), nullable=True),
        sa.Column("site_name", sa.String(length=255), nullable=True),
        sa.Column("published_at", UTCDateTime(), nullable=True),
        sa.Column("modified_at", UTCDateTime(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("average_score", sa.Float(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("analyzed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_article"),
        sa.UniqueConstraint("identity_key", name="uq_article_identity_key"),
        sa.UniqueConstraint("normalized_url", name="uq_article_normalized_url"),
    )
    op.create_index("ix_article_analyzed_at_id", "article", ["analyzed_at", "id"])
    op.create_index("ix_article_content_hash", "article", ["content_hash"])
    op.create_index("ix_article_published_at", "article", ["published_at"])
    op.create_index("ix_article_site_name", "article", ["site_name"])

    op.create_table(
        "summary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("headline", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("plugin", sa.String(length=255), nullable=False),
        sa.Column("plugin_version", sa.String(length=64), nullable=False),
        sa.Column("headline_plugin", sa.String(length=255), nullable=False),
        sa.Column("headline_plugin_version", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name="fk_summary_article_id_article",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_summary"),
        sa.UniqueConstraint("article_id", name="uq_summary_article_id"),
    )

    op.create_table(
        "score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=63), nullable=False),
        sa.Column("label", sa.String(length=255), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("explanation", sa.String(), nullable=False),
        sa.Column(
            "evidence",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("plugin", sa.String(length=255), nullable=False),
        sa.Column("plugin_version", sa.String(length=64), nullable=False),
        sa.Column("metric_version", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("error", sa.String(), nullable=True),
        sa.Column("computed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name="fk_score_article_id_article",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_score"),
        sa.UniqueConstraint("article_id", "metric", name="uq_score_article_metric"),
    )


def downgrade() -> None:
    op.drop_table("score")
    op.drop_table("summary")
    op.drop_index("ix_article_site_name", table_name="article")
    op.drop_index("ix_article_published_at", table_name="article")
    op.drop_index("ix_article_content_hash", table_name="article")
    op.drop_index("ix_article_analyzed_at_id", table_name="article")
    op.drop_table("article")
