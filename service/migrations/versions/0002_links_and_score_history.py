"""Article body links (for rescoring from the store) and the append-only score history.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from truthlens.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.add_column(sa.Column("links", JSON, nullable=False, server_default="[]"))

    op.create_table(
        "score_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=63), nullable=False),
        sa.Column("label", sa.String(length=255), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("explanation", sa.String(), nullable=False),
        sa.Column("evidence", JSON, nullable=False),
        sa.Column("plugin", sa.String(length=255), nullable=False),
        sa.Column("plugin_version", sa.String(length=64), nullable=False),
        sa.Column("metric_version", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("error", sa.String(), nullable=True),
        sa.Column("computed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name="fk_score_history_article_id_article",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_score_history"),
    )
    op.create_index(
        "ix_score_history_article_metric_time",
        "score_history",
        ["article_id", "metric", "computed_at"],
    )
    # Scores computed before this migration start the history.
    op.execute(
        "INSERT INTO score_history (article_id, metric, label, value, confidence, explanation,"
        " evidence, plugin, plugin_version, metric_version, status, error, computed_at)"
        " SELECT article_id, metric, label, value, confidence, explanation, evidence, plugin,"
        " plugin_version, metric_version, status, error, computed_at FROM score"
    )


def downgrade() -> None:
    op.drop_index("ix_score_history_article_metric_time", table_name="score_history")
    op.drop_table("score_history")
    with op.batch_alter_table("article") as batch:
        batch.drop_column("links")
