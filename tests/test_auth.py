"""Access control over HTTP: API keys, scopes, the development-mode loopback rule."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx2 as httpx
import pytest
from starlette.testclient import TestClient

from truthlens.apikeys import Scope
from truthlens.app import create_app
from truthlens.schema.auth import is_loopback
from truthlens.settings import Settings

from .keys import issue_key, revoke

REMOTE = ("203.0.113.7", 40000)
QUERY = "{ metrics { name } }"
ANALYZE = 'mutation { analyzeText(input: {text: "The bridge reopened on Monday."}) { __typename } }'
RESCORE = 'mutation { rescore(articleId: "QXJ0aWNsZTo5OTk5") { __typename } }'


@contextmanager
def serve(
    database_url: str, client: tuple[str, int] = ("127.0.0.1", 50000), **settings: Any
) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=database_url, **settings))
    with TestClient(app, client=client) as test_client:
        yield test_client


def post(client: TestClient, query: str, key: str | None = None, **headers: str) -> httpx.Response:
    if key is not None:
        headers["authorization"] = f"Bearer {key}"
    return client.post("/graphql", json={"query": query}, headers=headers)


def refusal(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == code
    message: str = error["message"]
    return message


def test_development_is_open_to_loopback_clients(database_url: str, analyses: list[object]) -> None:
    with serve(database_url) as client:
        assert post(client, QUERY).json()["data"]["metrics"]
        assert post(client, ANALYZE).json()["data"]["analyzeText"]["__typename"] == "Article"
    assert len(analyses) == 1


def test_development_refuses_other_clients_without_a_key(
    database_url: str, analyses: list[object]
) -> None:
    with serve(database_url, client=REMOTE) as client:
        for query in (QUERY, ANALYZE):
            response = post(client, query)
            message = refusal(response, 401, "UNAUTHENTICATED")
            assert "loopback" in message
            assert response.headers["www-authenticate"] == "Bearer"
    assert analyses == []


def test_development_serves_other_clients_with_a_key(
    database_url: str, analyses: list[object]
) -> None:
    reader = issue_key(database_url, Scope.READ)
    analyst = issue_key(database_url, Scope.ANALYZE)
    with serve(database_url, client=REMOTE) as client:
        assert post(client, QUERY, reader).json()["data"]["metrics"]
        message = refusal(post(client, ANALYZE, reader), 403, "FORBIDDEN")
        assert "lacks scope analyze" in message
        assert analyses == []
        done = post(client, ANALYZE, analyst).json()["data"]["analyzeText"]
        assert done["__typename"] == "Article"
    assert len(analyses) == 1


def test_a_key_is_held_to_its_scopes_even_on_loopback(
    database_url: str, analyses: list[object]
) -> None:
    reader = issue_key(database_url, Scope.READ)
    with serve(database_url) as client:
        refusal(post(client, ANALYZE, reader), 403, "FORBIDDEN")
    assert analyses == []


@pytest.mark.parametrize(
    "authorization",
    [
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "Bearer not-a-key",
        "Bearer tlk_000000000000_" + "A" * 43,  # well-formed, unknown
        "tlk_000000000000_" + "A" * 43,  # no scheme
    ],
)
def test_malformed_or_unknown_keys_are_401_everywhere(
    database_url: str, analyses: list[object], authorization: str
) -> None:
    # A bad key is refused even where an anonymous request would pass.
    with serve(database_url) as client:
        for query in (QUERY, ANALYZE):
            response = post(client, query, authorization=authorization)
            refusal(response, 401, "UNAUTHENTICATED")
    assert analyses == []


def test_revoked_keys_are_401(database_url: str) -> None:
    token = issue_key(database_url, Scope.ADMIN)
    with serve(database_url, env="production") as client:
        assert "errors" not in post(client, ANALYZE, token).json()
        revoke(database_url, token)
        message = refusal(post(client, ANALYZE, token), 401, "UNAUTHENTICATED")
        assert "revoked" in message
        refusal(post(client, QUERY, token), 401, "UNAUTHENTICATED")


def test_production_needs_a_key_for_mutations(database_url: str, analyses: list[object]) -> None:
    analyst = issue_key(database_url, Scope.ANALYZE, Scope.READ)
    admin = issue_key(database_url, Scope.ADMIN)
    with serve(database_url, env="production") as client:
        assert post(client, QUERY).json()["data"]["metrics"]  # reads stay public
        message = refusal(post(client, ANALYZE), 401, "UNAUTHENTICATED")
        assert "scope analyze" in message
        assert analyses == []
        assert post(client, ANALYZE, analyst).json()["data"]["analyzeText"]["__typename"] == (
            "Article"
        )
        assert "lacks scope admin" in refusal(post(client, RESCORE, analyst), 403, "FORBIDDEN")
        # Admin implies analyze and read; the resolver runs and finds no such article.
        rescored = post(client, RESCORE, admin).json()["data"]["rescore"]
        assert rescored == {"__typename": "AnalysisError"}
        assert post(client, ANALYZE, admin).status_code == 200
    assert len(analyses) == 2


def test_production_can_protect_reads(database_url: str) -> None:
    reader = issue_key(database_url, Scope.READ)
    analyst = issue_key(database_url, Scope.ANALYZE)
    with serve(database_url, env="production", require_key_for_reads=True) as client:
        refusal(post(client, QUERY), 401, "UNAUTHENTICATED")
        refusal(post(client, "{ __typename }"), 401, "UNAUTHENTICATED")
        assert post(client, QUERY, reader).json()["data"]["metrics"]
        assert "lacks scope read" in refusal(post(client, QUERY, analyst), 403, "FORBIDDEN")
        # GET queries go through the same check.
        response = client.get("/graphql", params={"query": QUERY})
        refusal(response, 401, "UNAUTHENTICATED")


@pytest.mark.parametrize(
    "query",
    [
        # Root fields reached through a fragment or an inline fragment count too.
        "mutation { ...F } fragment F on Mutation { "
        'analyzeText(input: {text: "A sentence."}) { __typename } }',
        'mutation { ... on Mutation { a: analyzeText(input: {text: "A sentence."}) '
        "{ __typename } } }",
        'mutation { __typename analyzeText(input: {text: "A sentence."}) { __typename } }',
    ],
)
def test_mutations_cannot_hide_in_fragments(
    database_url: str, analyses: list[object], query: str
) -> None:
    with serve(database_url, env="production") as client:
        refusal(post(client, query), 401, "UNAUTHENTICATED")
    assert analyses == []


def test_operation_name_picks_the_checked_operation(
    database_url: str, analyses: list[object]
) -> None:
    document = f"query Read {QUERY} mutation Write {ANALYZE.removeprefix('mutation')}"
    with serve(database_url, env="production") as client:
        read = client.post("/graphql", json={"query": document, "operationName": "Read"})
        assert read.json()["data"]["metrics"]
        write = client.post("/graphql", json={"query": document, "operationName": "Write"})
        refusal(write, 401, "UNAUTHENTICATED")
    assert analyses == []


@pytest.mark.parametrize("env", ["development", "production"])
def test_pages_and_health_stay_public(database_url: str, env: str) -> None:
    with serve(database_url, client=REMOTE, env=env, require_key_for_reads=True) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/-/plugins.json").status_code == 200


def test_startup_log_says_who_may_call(tmp_path: Any, caplog: pytest.LogCaptureFixture) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}"
    caplog.set_level(logging.INFO, logger="truthlens")
    with serve(url):
        pass
    assert "development mode: clients on loopback (127.0.0.1, ::1) may call without" in (
        caplog.text
    )
    caplog.clear()
    with serve(url, env="production"):
        pass
    assert "production mode: mutations need an API key, queries are public" in caplog.text
    assert "analysis rate limit: 30 per 1 minute" in caplog.text


def test_loopback_addresses() -> None:
    assert is_loopback("127.0.0.1")
    assert is_loopback("127.8.9.10")
    assert is_loopback("::1")
    assert is_loopback("::ffff:127.0.0.1")
    for other in (
        "203.0.113.7",
        "10.0.0.1",
        "::ffff:10.0.0.1",
        "testclient",
        "localhost",
        "",
        None,
    ):
        assert not is_loopback(other), other


def test_ipv6_loopback_is_open_in_development(tmp_path: Any) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}"
    with serve(url, client=("::1", 50000)) as client:
        assert post(client, QUERY).status_code == 200


def classify(query: str, **variables: Any) -> tuple[set[Scope], int]:
    """(scopes needed, analyses counted) of a mutation document."""
    from graphql import parse
    from strawberry.types.graphql import OperationType

    from truthlens.schema.auth import analyses_requested, needed_scopes, root_fields

    fields = root_fields(parse(query), None)
    mutation = OperationType.MUTATION
    return (
        set(needed_scopes(mutation, fields, reads_need_key=False)),
        analyses_requested(mutation, fields, variables),
    )


def test_mutations_are_classified_by_name() -> None:
    assert classify("mutation { analyzeUrl(url: $u) { __typename } }") == ({Scope.ANALYZE}, 1)
    assert classify("mutation { rescore(articleId: 1) { __typename } }") == ({Scope.ADMIN}, 1)
    assert classify("mutation { __typename }") == (set(), 0)
    # A batch counts one analysis per URL, given inline or as a variable.
    inline = 'mutation { submitAnalyses(urls: ["a", "b", "c"]) { __typename } }'
    assert classify(inline) == ({Scope.ANALYZE}, 3)
    variable = "mutation($u: [String!]!) { submitAnalyses(urls: $u) { __typename } }"
    assert classify(variable, u=["a"] * 7) == ({Scope.ANALYZE}, 7)
    # A mutation nobody classified yet needs admin (fail closed).
    assert classify("mutation { dropEverything }") == ({Scope.ADMIN}, 1)
    both = "mutation { a: analyzeText(input: {}) { id } rescore(articleId: 1) { id } }"
    assert classify(both) == ({Scope.ANALYZE, Scope.ADMIN}, 2)
