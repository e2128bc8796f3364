"""The query time limit: a typed error instead of a hang or a 500; mutations keep theirs."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from truthlens.app import create_app
from truthlens.pipeline import Pipeline
from truthlens.settings import Settings

LIMIT = 0.2
STALL = 30.0
"""Far longer than the limit: a stalled call only ends by being cancelled."""


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}", query_timeout=LIMIT
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_a_slow_query_is_stopped_with_a_typed_error(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from truthlens import listing

    cancelled: list[bool] = []

    async def stalled(*args: Any, **kwargs: Any) -> int:
        try:
            await asyncio.sleep(STALL)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise
        return 0

    monkeypatch.setattr(listing, "count_articles", stalled)
    response = client.post("/graphql", json={"query": "{ articles { totalCount } }"})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "QUERY_TIMEOUT"}
    assert "longer than 0.2 s" in error["message"]
    assert cancelled == [True]
    # The service goes on answering.
    assert client.post("/graphql", json={"query": "{ metrics { name } }"}).json()["data"]


def test_mutations_are_not_cut_by_the_query_limit(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Pipeline.analyze_and_store

    async def slow(self: Pipeline, request: Any) -> Any:
        await asyncio.sleep(LIMIT * 3)
        return await real(self, request)

    monkeypatch.setattr(Pipeline, "analyze_and_store", slow)
    query = (
        'mutation { analyzeText(input: {text: "The ferry ran late on Sunday."}) { __typename } }'
    )
    body = client.post("/graphql", json={"query": query}).json()
    assert body == {"data": {"analyzeText": {"__typename": "Article"}}}
