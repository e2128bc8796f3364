"""normalized_url: a plain index instead of a second unique constraint.

Uniqueness of a normalized URL comes from identity_key (equal to it whenever it is set);
upserts arbitrate on identity_key, and on PostgreSQL a second unique constraint turned
concurrent upserts of one URL into unique violations.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.drop_constraint("uq_article_normalized_url", type_="unique")
        batch.create_index("ix_article_normalized_url", ["normalized_url"])


def downgrade() -> None:
    with op.batch_alter_table("article") as batch:
        batch.drop_index("ix_article_normalized_url")
        batch.create_unique_constraint("uq_article_normalized_url", ["normalized_url"])
