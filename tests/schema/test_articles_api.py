"""The API for frontends: article filters and orders, keyset pages, sources, global nodes.

Articles are stored through the repository from hand-built analyses, so every number below
is known in advance; each test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.test_app import gql
from truthlens import Document, repository
from truthlens.analysis import Analysis, Produced, ScoreOutcome, ScoreStatus
from truthlens.app import create_app
from truthlens.db import WRITE
from truthlens.schema.ids import encode_cursor, encode_id
from truthlens.settings import Settings

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def day(month: int, dom: int) -> datetime:
    return datetime(2026, month, dom, tzinfo=UTC)


@dataclass(frozen=True)
class Story:
    title: str | None
    site: str | None
    kind: str
    language: str
    published: datetime | None
    scores: dict[str, float | None]  # None: the metric failed
    average: float | None
    analyzed: int  # minutes after NOW
    text: str = field(default="")


STORIES = [
    Story("Council approves 100% budget", "alpha", "news", "en", day(3, 1),
          {"objectivity": 8, "accuracy": 6}, 7.0, 0),
    Story("Bridge_repairs delayed", "alpha", "opinion", "en", None,
          {"objectivity": 3, "accuracy": 5}, 4.0, 1),
    Story("Mayor resigns", "bravo", "news", "de", day(3, 5),
          {"objectivity": 9, "accuracy": 9}, 9.0, 2),
    Story("Flood warning issued", "bravo", "news", "en", day(2, 20),
          {"objectivity": 5, "accuracy": None}, 5.0, 3),
    Story("The council debates", "charlie", "analysis", "en", day(3, 5),
          {"objectivity": 6, "accuracy": 8}, 7.0, 4),
    Story("Untitled", None, "news", "en", None,
          {"objectivity": None, "accuracy": None}, None, 5),
    Story("School COUNCIL votes", "alpha", "news", "fr", day(3, 10),
          {"objectivity": 2, "accuracy": 4}, 3.0, 6),
    Story(None, "charlie", "blog", "en", day(1, 15), {"objectivity": 7}, 7.0, 6),
]  # fmt: skip

# Hand-derived from STORIES (index = position in STORIES).
NEWEST = [7, 6, 5, 4, 3, 2, 1, 0]  # analyzed desc; 6 and 7 tie, higher id first
PUBLISHED = [6, 4, 2, 0, 3, 7, 5, 1]  # 4 and 2 tie; 5 and 1 are undated
SCORE = [2, 7, 4, 0, 3, 1, 6, 5]  # 7, 4, 0 tie at 7.0; 5 has no average


def outcome(metric: str, value: float | None, at: datetime) -> ScoreOutcome:
    return ScoreOutcome(
        metric=metric,
        label=metric.title(),
        value=value,
        confidence=None if value is None else 0.5,
        explanation="hand-made",
        evidence=(),
        plugin=metric,
        plugin_version="0.1.0",
        metric_version="1.0.0",
        status=ScoreStatus.OK if value is not None else ScoreStatus.ERROR,
        error=None if value is not None else "failed",
        computed_at=at,
    )


def analysis(story: Story, number: int) -> Analysis:
    at = NOW + timedelta(minutes=story.analyzed)
    text = story.text or f"Story {number}: {story.title or 'untitled'} was reported."
    return Analysis(
        document=Document(
            text=text,
            title=story.title,
            site_name=story.site,
            kind=story.kind,
            language=story.language,
            published_at=story.published,
        ),
        source="text",
        headline=Produced("A headline", "summary_extractive", "1.0.0"),
        summary=Produced(text, "summary_extractive", "1.0.0"),
        scores=tuple(outcome(m, v, at) for m, v in story.scores.items()),
        average_score=story.average,
        analyzed_at=at,
    )


async def _store(database_url: str, stories: list[Story]) -> list[int]:
    from truthlens import db

    engine = db.create_engine(database_url)
    ids: list[int] = []
    try:
        await db.migrate(engine)
        sessions = db.create_sessionmaker(engine)
        for number, story in enumerate(stories):
            async with sessions() as session:
                await session.connection(execution_options=WRITE)
                row = await repository.save_analysis(session, analysis=analysis(story, number))
                await session.commit()
            assert row.id is not None
            ids.append(row.id)
    finally:
        await engine.dispose()
    return ids


def store(database_url: str, stories: list[Story]) -> list[str]:
    """Store the stories in order; their global IDs."""
    return [encode_id("Article", pk) for pk in asyncio.run(_store(database_url, stories))]


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=database_url))) as test_client:
        yield test_client


@pytest.fixture
def ids(client: TestClient, database_url: str) -> list[str]:
    return store(database_url, STORIES)


ARTICLES = """query($first: Int, $after: String, $filter: ArticleFilter, $orderBy: ArticleOrder) {
  articles(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id title } } } }"""


def articles(client: TestClient, **variables: Any) -> dict[str, Any]:
    page: dict[str, Any] = gql(client, ARTICLES, **variables)["articles"]
    return page


def errors(client: TestClient, query: str, **variables: Any) -> list[str]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    body = response.json()
    assert "errors" in body, body
    return [error["message"] for error in body["errors"]]


def walk(client: TestClient, first: int, **variables: Any) -> list[str]:
    """Every article id, page after page, checking the page info on the way."""
    seen: list[str] = []
    after = None
    for _ in range(20):
        page = articles(client, first=first, after=after, **variables)
        info = page["pageInfo"]
        assert info["hasPreviousPage"] is (after is not None)
        cursors = [edge["cursor"] for edge in page["edges"]]
        assert info["startCursor"] == (cursors[0] if cursors else None)
        assert info["endCursor"] == (cursors[-1] if cursors else None)
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not info["hasNextPage"]:
            return seen
        after = info["endCursor"]
    raise AssertionError("pagination does not end")


FILTERS: list[tuple[dict[str, Any], list[int]]] = [
    ({}, NEWEST),
    ({"site": "alpha"}, [6, 1, 0]),
    ({"site": "nowhere"}, []),
    ({"kind": "news"}, [6, 5, 3, 2, 0]),
    ({"language": "de"}, [2]),
    ({"publishedAfter": "2026-03-05T00:00:00Z"}, [6, 4, 2]),  # inclusive
    ({"publishedBefore": "2026-03-05T00:00:00Z"}, [7, 3, 0]),  # exclusive
    (
        {"publishedAfter": "2026-03-01T01:00:00+01:00", "publishedBefore": "2026-03-05T00:00:00Z"},
        [0],
    ),  # an offset is honoured: 01:00+01:00 is midnight UTC
    ({"minAverageScore": 7}, [7, 4, 2, 0]),
    ({"maxAverageScore": 5}, [6, 3, 1]),  # unscored articles never match a bound
    ({"minAverageScore": 4.5, "maxAverageScore": 7}, [7, 4, 3, 0]),
    ({"minScore": {"metric": "accuracy", "value": 8}}, [4, 2]),
    ({"minScore": {"metric": "objectivity", "value": 7}}, [7, 2, 0]),
    ({"minScore": {"metric": "accuracy", "value": 0}}, [6, 4, 2, 1, 0]),  # failed ones never
    ({"minScore": {"metric": "nope", "value": 0}}, []),
    ({"titleContains": "council"}, [6, 4, 0]),  # case-insensitive
    ({"titleContains": "100%"}, [0]),
    ({"titleContains": "%"}, [0]),  # a literal percent, not a wildcard
    ({"titleContains": "_"}, [1]),  # a literal underscore, not a wildcard
    ({"titleContains": "c_uncil"}, []),
    ({"titleContains": "\\"}, []),
    ({"site": "alpha", "kind": "news", "minAverageScore": 5}, [0]),
    ({"kind": "news", "language": "en", "titleContains": "i"}, [5, 3, 0]),
]


def test_each_filter_and_its_total_count(client: TestClient, ids: list[str]) -> None:
    for filter_, expected in FILTERS:
        page = articles(client, first=100, filter=filter_)
        got = [edge["node"]["id"] for edge in page["edges"]]
        assert got == [ids[i] for i in expected], filter_
        assert page["totalCount"] == len(expected), filter_


def test_filters_with_an_order(client: TestClient, ids: list[str]) -> None:
    page = articles(client, filter={"kind": "news", "language": "en"}, orderBy="SCORE")
    assert [edge["node"]["id"] for edge in page["edges"]] == [ids[i] for i in (0, 3, 5)]
    assert page["totalCount"] == 3
    walked = walk(client, 2, filter={"minAverageScore": 5}, orderBy="SCORE")
    assert walked == [ids[i] for i in (2, 7, 4, 0, 3)]


@pytest.mark.parametrize(
    ("order", "expected"), [(None, NEWEST), ("NEWEST", NEWEST), ("PUBLISHED", PUBLISHED),
                            ("SCORE", SCORE)],
)  # fmt: skip
def test_orders_page_through_everything_once(
    client: TestClient, ids: list[str], order: str | None, expected: list[int]
) -> None:
    variables = {} if order is None else {"orderBy": order}
    whole = articles(client, first=100, **variables)
    assert [edge["node"]["id"] for edge in whole["edges"]] == [ids[i] for i in expected]
    for first in (1, 2, 3):
        assert walk(client, first, **variables) == [ids[i] for i in expected], first


def test_a_cursor_only_works_with_its_own_order(client: TestClient, ids: list[str]) -> None:
    cursor = articles(client, first=2)["pageInfo"]["endCursor"]
    (message,) = errors(client, ARTICLES, first=2, after=cursor, orderBy="SCORE")
    assert "orderBy: NEWEST" in message
    assert "not SCORE" in message
    sources_cursor = encode_cursor("SOURCES", 3, "alpha")
    assert errors(client, ARTICLES, after=sources_cursor)[0].startswith("invalid cursor")
    assert errors(client, ARTICLES, after="bm90LWEtY3Vyc29y")[0].startswith("invalid cursor")
    mistyped = encode_cursor("SCORE", "seven", 3)
    assert errors(client, ARTICLES, after=mistyped, orderBy="SCORE")[0].startswith("invalid")


def test_first_release_cursor_still_pages(client: TestClient, ids: list[str]) -> None:
    """Cursors handed out before orders existed ("<analyzed_at>|<id>") keep working."""
    import base64

    third = articles(client, first=3)["edges"][2]["node"]["id"]
    pk = int(base64.urlsafe_b64decode(third + "==").decode().split(":")[1])
    moment = (NOW + timedelta(minutes=STORIES[5].analyzed)).isoformat()
    legacy = base64.urlsafe_b64encode(f"{moment}|{pk}".encode()).decode()
    rest = articles(client, first=100, after=legacy)
    assert [edge["node"]["id"] for edge in rest["edges"]] == [ids[i] for i in NEWEST[3:]]


def test_limits_and_bad_times(client: TestClient, ids: list[str]) -> None:
    assert errors(client, ARTICLES, first=101) == ["first must be between 0 and 100"]
    assert errors(client, ARTICLES, first=-1) == ["first must be between 0 and 100"]
    assert len(articles(client, first=100)["edges"]) == 8
    empty = articles(client, first=0)
    assert empty["edges"] == []
    assert empty["pageInfo"]["hasNextPage"] is True
    assert empty["totalCount"] == 8
    (message,) = errors(client, ARTICLES, filter={"publishedAfter": "2026-03-05T00:00:00"})
    assert "publishedAfter needs a UTC offset" in message


def test_a_full_page_of_100_says_whether_more_follow(client: TestClient, database_url: str) -> None:
    many = [
        Story(f"Item {i}", "bulk", "news", "en", None, {"objectivity": 5}, 5.0, i)
        for i in range(101)
    ]
    store(database_url, many)
    page = articles(client, first=100, orderBy="SCORE")
    assert len(page["edges"]) == 100
    assert page["pageInfo"]["hasNextPage"] is True
    rest = articles(client, first=100, orderBy="SCORE", after=page["pageInfo"]["endCursor"])
    assert len(rest["edges"]) == 1
    assert rest["pageInfo"]["hasNextPage"] is False


SOURCES = """query($first: Int, $after: String) { sources(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id site articleCount averageScore latestAnalyzedAt
                          metrics { metric average count } } } } }"""

# Hand-computed from STORIES; the article without a site is in no source.
EXPECTED_SOURCES = [
    {
        "site": "alpha",
        "articleCount": 3,
        "averageScore": (7.0 + 4.0 + 3.0) / 3,
        "latestAnalyzedAt": "2026-11-28T12:06:00+00:00",
        "metrics": [
            {"metric": "accuracy", "average": 5.0, "count": 3},
            {"metric": "objectivity", "average": (8 + 3 + 2) / 3, "count": 3},
        ],
    },
    {
        "site": "bravo",
        "articleCount": 2,
        "averageScore": 7.0,
        "latestAnalyzedAt": "2026-11-28T12:03:00+00:00",
        "metrics": [  # the failed accuracy score counts nowhere
            {"metric": "accuracy", "average": 9.0, "count": 1},
            {"metric": "objectivity", "average": 7.0, "count": 2},
        ],
    },
    {
        "site": "charlie",
        "articleCount": 2,
        "averageScore": 7.0,
        "latestAnalyzedAt": "2026-11-28T12:06:00+00:00",
        "metrics": [
            {"metric": "accuracy", "average": 8.0, "count": 1},
            {"metric": "objectivity", "average": 6.5, "count": 2},
        ],
    },
]


def _same(got: dict[str, Any], expected: dict[str, Any]) -> None:
    assert got["site"] == expected["site"]
    assert got["articleCount"] == expected["articleCount"]
    assert got["averageScore"] == pytest.approx(expected["averageScore"])
    assert got["latestAnalyzedAt"] == expected["latestAnalyzedAt"]
    assert [m["metric"] for m in got["metrics"]] == [m["metric"] for m in expected["metrics"]]
    for metric, wanted in zip(got["metrics"], expected["metrics"], strict=True):
        assert metric["average"] == pytest.approx(wanted["average"]), expected["site"]
        assert metric["count"] == wanted["count"], expected["site"]
    assert got["id"] == encode_id("Source", expected["site"])


def test_sources_roll_up(client: TestClient, ids: list[str]) -> None:
    page = gql(client, SOURCES)["sources"]
    assert page["totalCount"] == 3
    assert page["pageInfo"]["hasNextPage"] is False
    assert len(page["edges"]) == 3
    for edge, expected in zip(page["edges"], EXPECTED_SOURCES, strict=True):
        _same(edge["node"], expected)


def test_sources_pages(client: TestClient, ids: list[str]) -> None:
    for first in (1, 2):
        seen: list[str] = []
        after = None
        while True:
            page = gql(client, SOURCES, first=first, after=after)["sources"]
            assert page["totalCount"] == 3
            seen += [edge["node"]["site"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        assert seen == ["alpha", "bravo", "charlie"], first
    assert errors(client, SOURCES, first=101) == ["first must be between 0 and 100"]
    article_cursor = articles(client, first=1)["pageInfo"]["endCursor"]
    assert errors(client, SOURCES, after=article_cursor)[0].startswith("invalid cursor")


def test_no_sources_yet(client: TestClient) -> None:
    page = gql(client, SOURCES)["sources"]
    assert page == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "hasPreviousPage": False, "endCursor": None},
        "edges": [],
    }


NODE = """query($id: ID!) { node(id: $id) { __typename id
    ... on Article { title siteName }
    ... on Source { site articleCount metrics { metric count } } } }"""


def test_node_finds_articles_and_sources(client: TestClient, ids: list[str]) -> None:
    article = gql(client, NODE, id=ids[2])["node"]
    assert article == {
        "__typename": "Article",
        "id": ids[2],
        "title": "Mayor resigns",
        "siteName": "bravo",
    }
    source_id = gql(client, SOURCES, first=1)["sources"]["edges"][0]["node"]["id"]
    source = gql(client, NODE, id=source_id)["node"]
    assert source["__typename"] == "Source"
    assert source["site"] == "alpha"
    assert source["articleCount"] == 3
    assert source["metrics"] == [
        {"metric": "accuracy", "count": 3},
        {"metric": "objectivity", "count": 3},
    ]


def test_node_unknown_is_null_and_malformed_is_an_error(client: TestClient, ids: list[str]) -> None:
    assert gql(client, NODE, id=encode_id("Article", 999_999))["node"] is None
    assert gql(client, NODE, id=encode_id("Source", "nowhere"))["node"] is None
    for malformed in ("!!!", "42", encode_id("Score", 1), encode_id("Article", "x")):
        (message,) = errors(client, NODE, id=malformed)
        assert message.startswith("invalid"), malformed
