"""Analysis jobs: batches of URLs and their items; on PostgreSQL, procrastinate's schema.

procrastinate's SQL comes from the installed package (see `truthlens.jobschema`); a later
procrastinate release is brought in by a new revision calling
`jobschema.apply_pending_migrations(op.get_bind())`.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from truthlens.models import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analysis_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_analysis_batch"),
    )
    op.create_table(
        "analysis_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("normalized_url", sa.String(length=2048), nullable=True),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("error_code", sa.String(length=32), nullable=True),
        sa.Column("error_message", sa.String(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=True),
        sa.Column("finished_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["analysis_batch.id"],
            name="fk_analysis_item_batch_id_analysis_batch",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name="fk_analysis_item_article_id_article",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_analysis_item"),
        sa.UniqueConstraint("batch_id", "normalized_url", name="uq_analysis_item_batch_url"),
    )
    op.create_index("ix_analysis_item_batch_position", "analysis_item", ["batch_id", "position"])
    op.create_index("ix_analysis_item_url_state", "analysis_item", ["normalized_url", "state"])

    if op.get_bind().dialect.name == "postgresql":
        from truthlens import jobschema

        jobschema.apply_schema(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # procrastinate's objects all carry its prefix: tables, functions, then types.
        op.execute(
            "DROP TABLE IF EXISTS truthlens_procrastinate_schema, procrastinate_events, "
            "procrastinate_periodic_defers, procrastinate_jobs, procrastinate_workers CASCADE"
        )
        op.execute(
            "DO $$ DECLARE f regprocedure; BEGIN "
            "FOR f IN SELECT oid::regprocedure FROM pg_proc "
            "WHERE proname LIKE 'procrastinate%' LOOP "
            "EXECUTE 'DROP FUNCTION IF EXISTS ' || f || ' CASCADE'; END LOOP; END $$"
        )
        op.execute(
            "DROP TYPE IF EXISTS procrastinate_job_status, procrastinate_job_event_type, "
            "procrastinate_job_to_defer_v1 CASCADE"
        )
    op.drop_index("ix_analysis_item_url_state", table_name="analysis_item")
    op.drop_index("ix_analysis_item_batch_position", table_name="analysis_item")
    op.drop_table("analysis_item")
    op.drop_table("analysis_batch")
