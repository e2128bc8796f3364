"""procrastinate's own tables and functions, applied through our Alembic migrations.

procrastinate ships its schema (`schema.sql`) and, for each release that changed it,
migration scripts (`sql/migrations/<version>_<n>_<name>.sql`) inside the installed
package. We never copy that SQL: migration 0006 applies the installed package's
`schema.sql` and records its version in `truthlens_procrastinate_schema`; after an
upgrade of procrastinate, a new Alembic revision calls `apply_pending_migrations`, which
applies the package's scripts newer than the recorded version, in order, and records the
new version. PostgreSQL only: the embedded SQLite mode does not use procrastinate.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.util import await_only

if TYPE_CHECKING:
    from alembic.runtime.environment import NameFilterParentNames, NameFilterType
    from sqlalchemy.engine import Connection

VERSION_TABLE = "truthlens_procrastinate_schema"
_SCRIPT = re.compile(r"(\d+)\.(\d+)\.(\d+)_(\d+)_.*\.sql\Z")


def include_name(
    name: str | None, type_: NameFilterType, parent_names: NameFilterParentNames
) -> bool:
    """Alembic's autogenerate filter: procrastinate's tables are not our models' business."""
    table = name if type_ == "table" else parent_names.get("table_name")
    return not (table or "").startswith(("procrastinate_", VERSION_TABLE))


def installed_version() -> tuple[int, int, int]:
    import procrastinate

    return _parse_version(procrastinate.__version__)


def _parse_version(text: str) -> tuple[int, int, int]:
    numbers = re.match(r"(\d+)\.(\d+)\.(\d+)", text)
    if numbers is None:
        raise ValueError(f"unexpected procrastinate version {text!r}")
    major, minor, patch = (int(n) for n in numbers.groups())
    return major, minor, patch


def _execute_script(connection: Connection, sql: str) -> None:
    """Run a multi-statement script in the migration's transaction.

    SQLAlchemy's asyncpg adapter prepares statements, which allows one statement only,
    and its `text()` would read `:name` as bind parameters; asyncpg's own `execute`
    without arguments runs a whole script. We are inside `run_sync`, so `await_only`
    may wait on the driver.
    """
    driver = connection.connection.driver_connection
    execute = getattr(driver, "execute", None)
    if connection.dialect.driver != "asyncpg" or execute is None:
        raise RuntimeError("procrastinate's schema is applied through asyncpg only")
    await_only(execute(sql))


def apply_schema(connection: Connection) -> None:
    """Create procrastinate's schema as the installed package defines it."""
    from procrastinate.schema import SchemaManager

    _execute_script(connection, SchemaManager.get_schema())
    connection.execute(sa.text(f"CREATE TABLE {VERSION_TABLE} (version VARCHAR(32) NOT NULL)"))
    _record(connection, installed_version())


def _record(connection: Connection, version: tuple[int, int, int]) -> None:
    connection.execute(sa.text(f"DELETE FROM {VERSION_TABLE}"))  # noqa: S608
    connection.execute(
        sa.text(f"INSERT INTO {VERSION_TABLE} (version) VALUES (:v)"),  # noqa: S608
        {"v": ".".join(map(str, version))},
    )


def recorded_version(connection: Connection) -> tuple[int, int, int]:
    value = connection.execute(sa.text(f"SELECT version FROM {VERSION_TABLE}")).scalar_one()  # noqa: S608
    return _parse_version(str(value))


def pending_scripts(
    migrations: Path, applied: tuple[int, int, int]
) -> list[tuple[tuple[int, int, int, int], Path]]:
    """The package's migration scripts newer than `applied`, oldest first."""
    found = []
    for path in migrations.iterdir():
        match = _SCRIPT.match(path.name)
        if match is None:
            continue
        major, minor, patch, step = (int(n) for n in match.groups())
        if (major, minor, patch) > applied:
            found.append(((major, minor, patch, step), path))
    return sorted(found)


def apply_pending_migrations(connection: Connection) -> list[str]:
    """Bring procrastinate's schema up to the installed package; returns the scripts run."""
    from procrastinate.schema import SchemaManager

    scripts = pending_scripts(
        Path(SchemaManager.get_migrations_path()), recorded_version(connection)
    )
    for _key, path in scripts:
        _execute_script(connection, path.read_text(encoding="utf-8"))
    _record(connection, installed_version())
    return [path.name for _key, path in scripts]
