"""Alembic environment: runs on the connection that `truthlens.db.migrate` hands over."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import truthlens.models  # noqa: F401  (registers the tables on the metadata)
from truthlens.jobschema import include_name

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - migrations only run through truthlens.db
    raise RuntimeError("run migrations through truthlens.db.migrate(), not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=include_name,  # procrastinate's own tables are applied from its SQL
)
with context.begin_transaction():
    context.run_migrations()
