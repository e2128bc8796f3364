"""Indexes for the article orders (published date, average score), keyset-paginated on id.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_article_published_at_id", "article", ["published_at", "id"])
    op.create_index("ix_article_average_score_id", "article", ["average_score", "id"])


def downgrade() -> None:
    op.drop_index("ix_article_average_score_id", table_name="article")
    op.drop_index("ix_article_published_at_id", table_name="article")
