"""SQL statements per GraphQL request for the home list at page sizes 1, 10 and 100.

    .venv/bin/python benchmarks/query_count.py [--data PATH] [--articles 200]

Seeds a throw-away SQLite database (benchmarks/seed.py), then counts the statements
SQLAlchemy sends (`before_cursor_execute`) while the app answers `articles(first: N)`
with summaries and scores, in-process. The count must not grow with N.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from benchmarks import machine, queries, seed  # noqa: E402
from truthlens.app import create_app  # noqa: E402
from truthlens.settings import Settings  # noqa: E402

SIZES = (1, 10, 100)


def count(database_url: str) -> list[tuple[int, int, int, int]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    rows = []
    event.listen(Engine, "before_cursor_execute", record)
    try:
        app = create_app(Settings(database_url=database_url))
        with TestClient(app, client=("127.0.0.1", 50000)) as client:
            for first in SIZES:
                seen.clear()
                response = client.post(
                    "/graphql", json={"query": queries.HOME, "variables": {"first": first}}
                )
                body = response.json()
                if response.status_code != 200 or "errors" in body:
                    raise SystemExit(f"query failed: {response.status_code} {body}")
                edges = len(body["data"]["articles"]["edges"])
                selects = sum(1 for s in seen if s.lstrip().upper().startswith("SELECT"))
                rows.append((first, edges, selects, len(seen)))
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        asyncio.run(seed.seed(url, args.data, args.articles))
        rows = count(url)
    print(machine.describe())
    print(f"articles stored: {args.articles}; query: home list with summaries and scores\n")
    print(machine.table(("first", "edges returned", "SELECT statements", "all statements"), rows))
    constant = len({r[2] for r in rows}) == 1
    print(f"\nconstant in page size: {'yes' if constant else 'NO'}")
    return 0 if constant else 1


if __name__ == "__main__":
    raise SystemExit(main())
