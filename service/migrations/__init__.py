"""Alembic migrations, applied at startup."""
