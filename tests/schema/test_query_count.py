"""DataLoaders: a page of N articles with summaries and scores costs a constant number of
SQL statements, whatever N is."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from tests.schema.test_articles_api import Story, day, store
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


FILTERED = """query($first: Int) { articles(first: $first, orderBy: SCORE, filter: {
    titleContains: "report", minScore: {metric: "objectivity", value: 0}, kind: "news",
    publishedAfter: "2026-01-01T00:00:00Z", minAverageScore: 0}) {
    totalCount edges { cursor node { id title summary { headline } scores { metric value } } }
    } }"""

SOURCES = """query($first: Int) { sources(first: $first) { totalCount edges { cursor node {
    id site articleCount averageScore latestAnalyzedAt metrics { metric average count } } } } }"""


def _selects(statements: list[str]) -> int:
    return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])


def test_filtered_ordered_page_and_sources_page_cost_is_constant(
    database_url: str, statements: list[str]
) -> None:
    stories = [
        Story(f"Report {i}", f"site{i:02d}", "news", "en", day(3, 1 + i),
              {"objectivity": i % 10, "accuracy": 5}, (i % 10 + 5) / 2, i)
        for i in range(12)
    ]  # fmt: skip
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        store(database_url, stories)
        articles: dict[int, int] = {}
        sources: dict[int, int] = {}
        for first in (1, 5, 12):
            statements.clear()
            page = gql(client, FILTERED, first=first)["articles"]
            assert len(page["edges"]) == first
            articles[first] = _selects(statements)
            statements.clear()
            listing = gql(client, SOURCES, first=first)["sources"]
            assert len(listing["edges"]) == first
            assert all(len(edge["node"]["metrics"]) == 2 for edge in listing["edges"])
            sources[first] = _selects(statements)
    assert articles[1] == articles[5] == articles[12] <= 4, articles  # page, count, 2 loaders
    assert sources[1] == sources[5] == sources[12] <= 3, sources  # page, count, metrics
