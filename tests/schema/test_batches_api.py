"""GraphQL bulk analysis: submitAnalyses returns a batch at once, analysisBatch shows progress."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

import truthlens.schema
from tests.article_site import ArticleSite
from truthlens.app import create_app
from truthlens.schema.ids import encode_id
from truthlens.settings import Settings

OPERATIONS = Path(truthlens.schema.__file__ or "").with_name("operations")
DOCUMENT = (OPERATIONS / "bulk_analysis.graphql").read_text(encoding="utf-8")


@pytest.fixture
def site() -> Iterator[ArticleSite]:
    with ArticleSite() as running:
        yield running


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'api.db'}",
        allow_private_addresses=True,
        job_retry_delay=0.01,
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def run(client: TestClient, name: str, **variables: Any) -> dict[str, Any]:
    body = client.post(
        "/graphql", json={"query": DOCUMENT, "operationName": name, "variables": variables}
    ).json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def errors_of(client: TestClient, query: str) -> list[dict[str, Any]]:
    body = client.post("/graphql", json={"query": query}).json()
    errors: list[dict[str, Any]] = body.get("errors") or []
    return errors


def poll(client: TestClient, batch_id: str, **variables: Any) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while True:
        batch: dict[str, Any] = run(client, "BatchProgress", id=batch_id, **variables)[
            "analysisBatch"
        ]
        if batch["finished"] or time.monotonic() > deadline:
            return batch
        time.sleep(0.1)


def test_submit_returns_the_batch_at_once_and_progress_shows_each_url(
    client: TestClient, site: ArticleSite
) -> None:
    urls = [site.url("a", n) for n in range(5)]
    urls += [site.url("a", 0) + "#again", site.url("status", 404), "not a url"]
    submitted = run(client, "SubmitAnalyses", urls=urls)["submitAnalyses"]
    assert submitted["__typename"] == "AnalysisBatch"
    assert submitted["counts"]["total"] == 7  # the repeated URL counts once
    assert submitted["counts"]["failed"] >= 1  # the invalid URL fails at once

    batch = poll(client, submitted["id"])
    assert batch["finished"] is True
    assert batch["counts"] == {"queued": 0, "running": 0, "done": 5, "failed": 2, "total": 7}
    nodes = [edge["node"] for edge in batch["items"]["edges"]]
    assert [n["url"] for n in nodes] == [*urls[:5], urls[6], urls[7]]
    done = [n for n in nodes if n["state"] == "DONE"]
    assert len({n["article"]["id"] for n in done}) == 5
    assert all(n["article"]["title"].startswith("Report ") for n in done)
    failures = {n["url"]: n["error"] for n in nodes if n["state"] == "FAILED"}
    assert failures[site.url("status", 404)]["code"] == "FETCH_FAILED"
    assert failures["not a url"]["code"] == "INVALID_INPUT"
    assert all(n["article"] is None for n in nodes if n["state"] == "FAILED")

    page = run(client, "BatchProgress", id=submitted["id"], first=2)["analysisBatch"]["items"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = run(client, "BatchProgress", id=submitted["id"], after=page["pageInfo"]["endCursor"])[
        "analysisBatch"
    ]["items"]
    assert [e["node"]["url"] for e in page["edges"] + rest["edges"]] == [n["url"] for n in nodes]
    failed_only = run(client, "BatchProgress", id=submitted["id"], state="FAILED")
    assert len(failed_only["analysisBatch"]["items"]["edges"]) == 2

    as_node = client.post(
        "/graphql",
        json={
            "query": "query($id: ID!) { node(id: $id) { id ... on AnalysisBatch { finished } } }",
            "variables": {"id": submitted["id"]},
        },
    ).json()["data"]["node"]
    assert as_node == {"id": submitted["id"], "finished": True}


def test_submit_limits_and_errors(client: TestClient) -> None:
    empty = run(client, "SubmitAnalyses", urls=[])["submitAnalyses"]
    assert (empty["__typename"], empty["code"]) == ("AnalysisError", "INVALID_INPUT")

    listed = ", ".join(f'"https://example.org/{n}"' for n in range(101))
    too_many = errors_of(
        client, f"mutation {{ submitAnalyses(urls: [{listed}]) {{ __typename }} }}"
    )
    assert too_many
    assert "at most 100" in too_many[0]["message"]

    unknown = encode_id("AnalysisBatch", 999)
    assert run(client, "BatchProgress", id=unknown)["analysisBatch"] is None
    malformed = errors_of(client, '{ analysisBatch(id: "nope") { id } }')
    assert malformed
    assert "invalid AnalysisBatch id" in malformed[0]["message"]
    article_id = encode_id("Article", 1)
    other_type = errors_of(client, f'{{ analysisBatch(id: "{article_id}") {{ id }} }}')
    assert other_type
