"""The query cost limit: estimates, the frontend's operations, refusal before any resolver."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from graphql import parse
from starlette.testclient import TestClient

from truthlens.app import create_app
from truthlens.schema import build_schema
from truthlens.schema.cost import DEFAULT_MAX_COST, MAX_FIRST, estimate_costs
from truthlens.settings import Settings

OPERATIONS = Path(__file__).parents[2] / "schema" / "operations"
SCHEMA = build_schema()._schema
DEEP = "{ articles(first: %s) { edges { node { scores { evidence { start } } } } } }"


def cost(query: str, **variables: Any) -> int:
    ((_operation, estimate),) = estimate_costs(SCHEMA, parse(query), variables)
    return estimate


@pytest.fixture
def listings(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Calls of the article listing, so a test can tell no resolver ran."""
    from truthlens import listing

    calls: list[object] = []
    real = listing.article_page

    async def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return await real(*args, **kwargs)

    monkeypatch.setattr(listing, "article_page", counted)
    return calls


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_fields_cost_one_and_lists_multiply() -> None:
    assert cost("{ __typename }") == 1
    assert cost("{ metrics { name } }") == 1 + 10 * 1  # a list without `first`: 10
    # articles 1 + totalCount 1 + edges (1 + first x (node 1 + id 1))
    assert cost("{ articles(first: 5) { totalCount edges { node { id } } } }") == 1 + 1 + 11
    assert cost("{ articles { edges { node { id } } } }") == 1 + 1 + 20 * 2  # default first


def test_first_comes_from_variables_then_defaults() -> None:
    query = "query($n: Int = 3) { articles(first: $n) { edges { node { id } } } }"
    assert cost(query) == 1 + 1 + 3 * 2
    assert cost(query, n=50) == 1 + 1 + 50 * 2
    assert cost(query, n=10_000) == 1 + 1 + MAX_FIRST * 2  # over 100 is refused anyway
    assert cost(query, n="lots") == 1 + 1 + MAX_FIRST * 2
    history = '{ article(id: "x") { scoreHistory(first: 40) { value } } }'
    assert cost(history) == 1 + 1 + 40 * 1


def test_fragments_are_costed_where_they_are_spread() -> None:
    inline = "{ articles(first: 50) { edges { node { id title } } } }"
    spread = (
        "{ articles(first: 50) { ...Page } } "
        "fragment Page on ArticleConnection { edges { node { ...Card } } } "
        "fragment Card on Article { id title }"
    )
    assert cost(spread) == cost(inline) == 1 + 1 + 50 * 3


def test_frontend_operations_stay_under_the_limit_even_at_100_a_page() -> None:
    document = parse("\n".join(p.read_text() for p in sorted(OPERATIONS.glob("*.graphql"))))
    costs = {
        op.name.value: estimate
        for op, estimate in estimate_costs(SCHEMA, document, {"first": MAX_FIRST})
        if op.name is not None
    }
    assert set(costs) >= {"HomeList", "ArticlePage", "Sources", "AnalyzeUrl", "AnalyzeText"}
    assert max(costs.values()) <= DEFAULT_MAX_COST, costs


def test_a_costly_query_is_refused_before_any_resolver(
    client: TestClient, listings: list[object]
) -> None:
    aliases = " ".join(
        f"h{i}: scoreHistory(first: 100) {{ evidence {{ start end text }} }}" for i in range(10)
    )
    query = f"{{ articles(first: 100) {{ edges {{ node {{ {aliases} }} }} }} }}"
    body = client.post("/graphql", json={"query": query}).json()
    assert body.get("data") is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["maxCost"] == DEFAULT_MAX_COST
    assert error["extensions"]["cost"] > DEFAULT_MAX_COST
    assert "too complex" in error["message"]
    assert listings == []


def test_the_same_query_passes_or_not_by_its_variables(
    client: TestClient, listings: list[object]
) -> None:
    query = DEEP % "$n"
    query = query.replace("{ articles", "query($n: Int) { articles", 1)
    small = client.post("/graphql", json={"query": query, "variables": {"n": 20}}).json()
    assert "errors" not in small
    big = client.post("/graphql", json={"query": query, "variables": {"n": 100}}).json()
    assert big["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert len(listings) == 1


def test_fragment_bombs_are_refused(client: TestClient, listings: list[object]) -> None:
    # F30 spreads F29 twice, ..., F1 spreads F0 twice: 2^30 fields once expanded.
    fragments = ["fragment F0 on Query { metrics { name } }"]
    fragments += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 31)]
    query = "{ ...F30 } " + " ".join(fragments)
    body = client.post("/graphql", json={"query": query}).json()
    codes = {e.get("extensions", {}).get("code") for e in body["errors"]}
    assert "QUERY_TOO_COMPLEX" in codes
    assert body.get("data") is None


def test_an_empty_page_cannot_hide_a_fragment_bomb(
    client: TestClient, listings: list[object]
) -> None:
    fragments = ["fragment F0 on Article { id }"]
    fragments += [f"fragment F{i} on Article {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 31)]
    query = "{ articles(first: 0) { edges { node { ...F30 } } } } " + " ".join(fragments)
    body = client.post("/graphql", json={"query": query}).json()
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert listings == []


def test_the_ide_introspection_query_passes(client: TestClient) -> None:
    from graphql import get_introspection_query

    query = get_introspection_query(descriptions=True, input_value_deprecation=True)
    assert cost(query) < DEFAULT_MAX_COST
    body = client.post("/graphql", json={"query": query}).json()
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_the_maximum_is_a_setting(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}", max_query_cost=150
    )
    with TestClient(create_app(settings)) as client:
        assert "errors" not in client.post("/graphql", json={"query": DEEP % 1}).json()
        body = client.post("/graphql", json={"query": DEEP % 2}).json()
    assert body["errors"][0]["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "cost": cost(DEEP % 2),
        "maxCost": 150,
    }
