"""Schemathesis fuzzes every field of the committed GraphQL schema against the app in-process.

Each query and mutation field gets 100 generated operations (hypothesis-graphql, through
schemathesis, derandomized so CI runs the same ones), valid ones and ones with wrongly
typed arguments, on SQLite and PostgreSQL. Whatever they ask, the answer must
not be a server error: no HTTP 5xx, no masked "Unexpected error.", no INTERNAL_ERROR.

The network stays off: `analyzeUrl` goes through the real fetcher, whose only DNS seam is
its resolver (`truthlens.fetch.resolve_host`, the one call to `getaddrinfo`) and whose
only way out is its httpx transport; both are replaced here by ones that refuse at once.
URL parsing, the port rule and the address checks still run. As a second guard, any
`getaddrinfo` of a non-loopback name in this process fails the test.
"""

from __future__ import annotations

import ipaddress
import socket
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from starlette.testclient import TestClient

from truthlens import pipeline
from truthlens.app import create_app
from truthlens.fetch import Fetcher, FetchError, FetchLimits
from truthlens.settings import Settings

SDL = Path(__file__).resolve().parent.parent / "schema" / "schema.graphql"
SCHEMA = schemathesis.graphql.from_path(SDL)
EXAMPLES = 100
LOOPBACK_NAMES = {None, "localhost", b"localhost"}

calls: Counter[str] = Counter()
"""Operations sent per field, across the whole run."""
answers: Counter[str] = Counter()
"""How they were answered: data only, or (validation) errors."""


class NoNetwork:
    """Records every attempt to leave the machine; each one fails at once."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    async def resolve(self, host: str, port: int) -> list[Any]:
        self.attempts.append(f"resolve {host}:{port}")
        raise FetchError("FETCH_FAILED", f"could not resolve {host}: the network is off")

    def send(self, request: httpx.Request) -> httpx.Response:
        self.attempts.append(f"connect {request.url}")
        raise httpx.ConnectError("the network is off", request=request)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[NoNetwork]:
    network = NoNetwork()

    class OfflineFetcher(Fetcher):
        def __init__(self, limits: FetchLimits, *_: Any, **__: Any) -> None:
            super().__init__(limits, httpx.MockTransport(network.send), resolver=network.resolve)

    monkeypatch.setattr(pipeline, "Fetcher", OfflineFetcher)
    lookups: list[object] = []
    real_getaddrinfo = socket.getaddrinfo

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback(host):
            lookups.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "DNS is off in this test")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    yield network
    assert lookups == [], "a DNS lookup tried to leave the machine"


def _is_loopback(host: object) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        name = host.decode() if isinstance(host, bytes) else str(host)
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@pytest.fixture
def client(database_url: str, no_network: NoNetwork) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=database_url, extraction_timeout=5.0))
    # A server error must show up as HTTP 500, not as an exception in the test. Loopback:
    # development mode serves anonymous clients there only.
    with TestClient(app, raise_server_exceptions=False, client=("127.0.0.1", 40000)) as test:
        yield test


@SCHEMA.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # one app per field and database, on purpose
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_server_errors(case: Any, client: TestClient) -> None:
    calls[case.operation.label] += 1
    response = client.post("/graphql", json={"query": case.body})
    assert response.status_code < 500, (case.body, response.text)
    body = response.json()
    answers["errors" if body.get("errors") else "data"] += 1
    for error in body.get("errors") or []:
        assert error.get("message") != "Unexpected error.", (case.body, error)
        assert (error.get("extensions") or {}).get("code") != "INTERNAL_ERROR", (case.body, error)
    assert "INTERNAL_ERROR" not in response.text, (case.body, response.text)


def test_every_field_was_fuzzed() -> None:
    """Runs after the fuzz tests (file order): each field got its operations."""
    if not calls:
        pytest.skip("run together with test_no_server_errors")
    fields = {result.ok().label for result in SCHEMA.get_all_operations()}  # type: ignore[union-attr]
    print(dict(sorted(calls.items())), dict(answers))
    assert set(calls) == fields
