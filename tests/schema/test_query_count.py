"""DataLoaders: a page of N articles with summaries and scores costs a constant number of
SQL statements, whatever N is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from tests.test_app import analyze_text, gql
from truthlens.app import create_app
from truthlens.settings import Settings

PAGE = """query($first: Int) { articles(first: $first) { totalCount edges { node {
    id title summary { headline text } scores { metric value evidence { start end } }
    objectivity: score(metric: "objectivity") { value } } } } }"""


@pytest.fixture
def statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    yield seen
    event.remove(Engine, "before_cursor_execute", record)


def test_page_cost_does_not_grow_with_its_size(database_url: str, statements: list[str]) -> None:
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        for i in range(12):
            analyze_text(client, text=f"Report {i}: the council met on day {i}, officials said.")
        counts = {}
        for first in (1, 5, 12):
            statements.clear()
            page = gql(client, PAGE, first=first)["articles"]
            assert len(page["edges"]) == first
            counts[first] = len([s for s in statements if s.lstrip().upper().startswith("SELECT")])
    assert counts[1] == counts[5] == counts[12], counts
    assert counts[12] <= 5, counts  # page, count, summaries, scores
