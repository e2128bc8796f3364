"""HTTP-level limits of the GraphQL endpoint: body size before reading, no batching."""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from truthlens.app import create_app
from truthlens.pipeline import Pipeline
from truthlens.settings import Settings

CHUNK = 64 * 1024


def scope_for(state: Any, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": dict(state),
    }


async def post_stream(
    settings: Settings, headers: list[tuple[bytes, bytes]], max_chunks: int
) -> tuple[int, int]:
    """POST an endless body to the app, CHUNK bytes at a time: (status, chunks it read)."""
    app = create_app(settings)
    reads = 0
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal reads
        reads += 1
        if reads > max_chunks:
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": b" " * CHUNK, "more_body": True}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    async with app.router.lifespan_context(app) as state:
        await app(scope_for(state, headers), receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], reads


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}", max_input_bytes=100_000
    )


async def test_a_declared_oversized_body_is_413_without_reading_it(settings: Settings) -> None:
    length = str(settings.max_body_bytes + 1).encode()
    status, reads = await post_stream(settings, [(b"content-length", length)], max_chunks=1000)
    assert status == 413
    assert reads == 0


async def test_a_streamed_oversized_body_is_413_once_past_the_limit(settings: Settings) -> None:
    # No Content-Length (chunked): counted while arriving, refused as soon as it passes.
    enough = settings.max_body_bytes // CHUNK + 1
    status, reads = await post_stream(settings, [], max_chunks=enough * 10)
    assert status == 413
    assert reads <= enough + 1


async def test_a_refused_key_is_401_before_the_body_is_read(settings: Settings) -> None:
    headers = [(b"authorization", b"Bearer tlk_000000000000_" + b"A" * 43)]
    status, reads = await post_stream(settings, headers, max_chunks=1000)
    assert (status, reads) == (401, 0)


def test_batches_are_refused_before_anything_runs(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[object] = []

    async def record(self: Pipeline, request: Any) -> Any:
        started.append(request)
        raise AssertionError("a batched operation ran")

    monkeypatch.setattr(Pipeline, "analyze_and_store", record)
    mutation = 'mutation { analyzeText(input: {text: "One line."}) { __typename } }'
    with TestClient(create_app(settings)) as client:
        for batch in ([{"query": mutation}], [{"query": mutation}] * 3):
            response = client.post("/graphql", json=batch)
            assert response.status_code == 400
            assert "batching is not enabled" in response.text.lower()
        # Mutations over GET are refused too (a link must not start an analysis).
        over_get = client.get("/graphql", params={"query": mutation})
        assert over_get.status_code == 400
        assert "mutations are not allowed when using get" in over_get.text.lower()
    assert started == []
