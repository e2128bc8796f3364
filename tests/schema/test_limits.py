"""Request limits, checked before any resolver runs, and production hardening."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from truthlens.app import create_app
from truthlens.settings import Settings


@pytest.fixture
def client(tmp_path: Any) -> Iterator[TestClient]:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}")
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def production(tmp_path: Any) -> Iterator[TestClient]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}", env="production"
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def post(client: TestClient, query: str) -> dict[str, Any]:
    body: dict[str, Any] = client.post("/graphql", json={"query": query}).json()
    return body


def test_alias_limit(client: TestClient) -> None:
    fifteen = " ".join(f"m{i}: metrics {{ name }}" for i in range(15))
    assert "errors" not in post(client, "{ " + fifteen + " }")
    sixteen = fifteen + " m15: metrics { name }"
    body = post(client, "{ " + sixteen + " }")
    assert "16 aliases found. Allowed: 15" in body["errors"][0]["message"]
    assert body.get("data") is None


def test_token_limit(client: TestClient) -> None:
    huge = "{ " + " ".join("metrics { name }" for _ in range(600)) + " }"
    body = post(client, huge)
    assert "more than 2000 tokens" in body["errors"][0]["message"]


def test_rescore_metric_list_is_capped(client: TestClient) -> None:
    names = ", ".join(f'"m{i}"' for i in range(101))
    body = post(
        client, f'mutation {{ rescore(articleId: "x", metrics: [{names}]) {{ __typename }} }}'
    )
    assert "at most 100 metrics" in body["errors"][0]["message"]


def test_batched_operations_are_refused(client: TestClient) -> None:
    response = client.post("/graphql", json=[{"query": "{ metrics { name } }"}] * 2)
    assert response.status_code == 400


def test_development_has_introspection_suggestions_and_ide(client: TestClient) -> None:
    assert post(client, "{ __schema { queryType { name } } }")["data"]
    assert "Did you mean" in post(client, "{ metric { name } }")["errors"][0]["message"]
    page = client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


def test_production_hides_introspection_suggestions_and_ide(production: TestClient) -> None:
    body = post(production, "{ __schema { queryType { name } } }")
    assert "introspection" in body["errors"][0]["message"].lower()
    message = post(production, "{ metric { name } }")["errors"][0]["message"]
    assert "Did you mean" not in message
    assert production.get("/graphql", headers={"accept": "text/html"}).status_code == 404
    assert "errors" not in post(production, "{ metrics { name } }")
