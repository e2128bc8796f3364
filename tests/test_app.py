"""End to end over HTTP: the app with its lifespan, pages served from 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from truthlens.app import create_app
from truthlens.settings import Settings

from .conftest import PAGES

ARTICLE = """
  __typename
  id url title author siteName publishedAt language kind text wordCount averageScore analyzedAt
  summary { headline text plugin pluginVersion }
  scores { metric label value confidence explanation status error plugin pluginVersion computedAt
           evidence { start end text label weight } }
  objectivity: score(metric: "objectivity") { value }
"""
ARTICLE_FIELDS = f"""
  ... on Article {{ {ARTICLE} }}
  ... on AnalysisError {{ __typename code message }}
"""


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url, allow_private_addresses=True)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def gql(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def mutate(client: TestClient, field: str, declaration: str, **variables: Any) -> dict[str, Any]:
    """Run one analysis mutation, passing each variable as the argument of the same name."""
    arguments = ", ".join(f"{name}: ${name}" for name in variables)
    query = f"mutation({declaration}) {{ {field}({arguments}) {{ {ARTICLE_FIELDS} }} }}"
    result: dict[str, Any] = gql(client, query, **variables)[field]
    return result


def analyze_url(client: TestClient, url: str, force: bool = False) -> dict[str, Any]:
    return mutate(client, "analyzeUrl", "$url: String!, $force: Boolean", url=url, force=force)


def analyze_text(client: TestClient, **fields: Any) -> dict[str, Any]:
    return mutate(client, "analyzeText", "$input: AnalyzeTextInput!", input=fields)


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_analyze_url_end_to_end(client: TestClient, page_server: str) -> None:
    article = analyze_url(client, f"{page_server}/harbor_bridge.html?utm_source=x#top")
    assert article["__typename"] == "Article", article
    assert article["author"] == "Maria Okafor"
    assert article["siteName"] == "Riverton Ledger"
    assert article["publishedAt"] == "2026-03-14T14:30:00+00:00"
    assert article["language"] == "en"
    assert "corroded support beams" in article["text"]
    assert "Subscribe" not in article["text"]
    assert article["wordCount"] > 200
    assert article["summary"]["headline"]
    assert len(article["summary"]["text"]) > 50
    metrics = {score["metric"]: score for score in article["scores"]}
    assert set(metrics) >= {"objectivity", "accuracy", "transparency"}
    for score in metrics.values():
        assert score["status"] == "OK", score
        assert 0 <= score["value"] <= 10
        assert score["explanation"]
        for evidence in score["evidence"]:
            assert article["text"][evidence["start"] : evidence["end"]] == evidence["text"]
    assert any(score["evidence"] for score in metrics.values())
    assert article["objectivity"]["value"] == metrics["objectivity"]["value"]
    # The average leaves out scores that judged nothing (confidence 0).
    values = [score["value"] for score in metrics.values() if score["confidence"] > 0]
    assert article["averageScore"] == pytest.approx(sum(values) / len(values), abs=0.01)

    # Query it back by id and by URL (as given, and in another spelling).
    query = f"query($id: ID, $url: String) {{ article(id: $id, url: $url) {{ {ARTICLE} }} }}"
    by_id = gql(client, query, id=article["id"])["article"]
    assert by_id["id"] == article["id"]
    assert by_id["scores"] == article["scores"]
    by_url = gql(client, query, url=f"{page_server}/harbor_bridge.html?fbclid=abc#comments")
    assert by_url["article"]["id"] == article["id"]


def test_reanalysis_updates_instead_of_duplicating(client: TestClient, page_server: str) -> None:
    url = f"{page_server}/harbor_bridge.html"
    first = analyze_url(client, url)
    cached = analyze_url(client, url + "?utm_campaign=spring")
    assert cached["id"] == first["id"]
    assert cached["analyzedAt"] == first["analyzedAt"]  # not refetched
    forced = analyze_url(client, url, force=True)
    assert forced["id"] == first["id"]
    assert forced["analyzedAt"] > first["analyzedAt"]
    listing = gql(client, "{ articles { totalCount edges { node { id } } } }")["articles"]
    assert listing["totalCount"] == 1


def test_analyze_text_and_html(client: TestClient, page_server: str) -> None:
    single = analyze_text(client, text="The mayor resigned on Friday.")
    assert single["__typename"] == "Article"
    assert single["url"] is None
    assert all(s["status"] == "OK" for s in single["scores"])
    assert all(s["confidence"] <= 0.5 for s in single["scores"])
    again = analyze_text(client, text="  The mayor resigned on Friday.\n")
    assert again["id"] == single["id"]  # the same text is the same article

    page = (PAGES / "harbor_bridge.html").read_text(encoding="utf-8")
    from_html = mutate(client, "analyzeHtml", "$input: AnalyzeHtmlInput!", input={"html": page})
    assert from_html["__typename"] == "Article"
    assert from_html["author"] == "Maria Okafor"


@pytest.mark.parametrize(
    ("mutation", "variables", "code"),
    [
        ('analyzeText(input: {text: "   "})', {}, "INVALID_INPUT"),
        (
            'analyzeHtml(input: {html: "<html><body><nav>Home</nav></body></html>"})',
            {},
            "NO_CONTENT",
        ),
        ('analyzeUrl(url: "ftp://example.org/x")', {}, "INVALID_INPUT"),
        ('analyzeUrl(url: "not a url")', {}, "INVALID_INPUT"),
    ],
)
def test_expected_failures_are_typed(
    client: TestClient, mutation: str, variables: dict[str, Any], code: str
) -> None:
    data = gql(client, f"mutation {{ {mutation} {{ {ARTICLE_FIELDS} }} }}", **variables)
    result = next(iter(data.values()))
    assert result["__typename"] == "AnalysisError"
    assert result["code"] == code
    assert result["message"]


def test_fetch_failures(client: TestClient, page_server: str) -> None:
    missing = analyze_url(client, f"{page_server}/missing.html")
    assert missing["__typename"] == "AnalysisError"
    assert missing["code"] == "FETCH_FAILED"


def test_blocked_address_without_setting(database_url: str, page_server: str) -> None:
    settings = Settings(database_url=database_url)
    with TestClient(create_app(settings)) as test_client:
        result = analyze_url(test_client, f"{page_server}/harbor_bridge.html")
    assert result["__typename"] == "AnalysisError"
    assert result["code"] == "BLOCKED_ADDRESS"


def test_articles_pagination(client: TestClient) -> None:
    query = "mutation($t: String!) { analyzeText(input: {text: $t}) { ... on Article { id } } }"
    ids = [
        gql(client, query, t=f"Report number {i} was published today.")["analyzeText"]["id"]
        for i in range(5)
    ]
    page_query = """query($after: String) { articles(first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }"""
    seen: list[str] = []
    after = None
    for _ in range(5):
        page = gql(client, page_query, after=after)["articles"]
        assert page["totalCount"] == 5
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == list(reversed(ids))  # newest first, no gaps, no repeats


def test_articles_first_is_capped(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": "{ articles(first: 101) { totalCount } }"})
    body = response.json()
    assert body["errors"][0]["message"] == "first must be between 0 and 100"


def test_metrics_query(client: TestClient) -> None:
    metrics = gql(client, "{ metrics { name label description version plugin } }")["metrics"]
    names = [m["name"] for m in metrics]
    assert {"objectivity", "accuracy", "transparency"} <= set(names)
    assert all(m["description"] and m["version"] for m in metrics)


def test_unexpected_errors_are_masked_with_a_request_id(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from truthlens import listing

    async def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("secret connection string in this message")

    monkeypatch.setattr(listing, "count_articles", broken)
    response = client.post(
        "/graphql",
        json={"query": "{ articles { totalCount } }"},
        headers={"x-request-id": "req-123"},
    )
    (error,) = response.json()["errors"]
    assert error["message"] == "Unexpected error."
    assert error["extensions"] == {"code": "INTERNAL_ERROR", "requestId": "req-123"}
    assert "secret" not in response.text
    assert "req-123" in caplog.text
    assert "secret connection string" in caplog.text  # logged in full


def test_validation_errors_keep_their_message(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": "{ articles { nope } }"})
    message = response.json()["errors"][0]["message"]
    assert "Cannot query field 'nope'" in message


def test_deepest_real_query_passes_the_depth_limit(client: TestClient) -> None:
    # The schema has no cycles yet, so no valid query can pass depth 8 (strawberry's
    # limiter skips introspection); this guards against the limit being set too low.
    deepest = "{ articles { edges { node { scores { evidence { start } } } } } }"
    assert "errors" not in client.post("/graphql", json={"query": deepest}).json()


def test_healthz_is_503_when_the_database_is_down(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from truthlens import db

    async def down(engine: object) -> bool:
        return False

    monkeypatch.setattr(db, "ping", down)
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (503, {"status": "unavailable"})


def test_oversized_request_body_is_413(database_url: str) -> None:
    settings = Settings(database_url=database_url, max_input_bytes=1000)
    with TestClient(create_app(settings)) as test_client:
        payload = {
            "query": "{ metrics { name } }",
            "variables": {"x": "y" * settings.max_body_bytes},
        }
        assert test_client.post("/graphql", json=payload).status_code == 413
        small = test_client.post("/graphql", json={"query": "{ metrics { name } }"})
        assert small.status_code == 200


def test_rescore_mutation_and_score_history(client: TestClient) -> None:
    article = analyze_text(client, text="The council voted 7-2 on Tuesday, officials said.")
    rescore = f"""mutation($id: ID!, $metrics: [String!]) {{
        rescore(articleId: $id, metrics: $metrics) {{ {ARTICLE_FIELDS} }} }}"""
    again = gql(client, rescore, id=article["id"], metrics=["accuracy"])["rescore"]
    assert again["id"] == article["id"]
    accuracy = {s["metric"]: s for s in again["scores"]}["accuracy"]
    before = {s["metric"]: s for s in article["scores"]}
    assert accuracy["computedAt"] > before["accuracy"]["computedAt"]
    assert {s["metric"]: s for s in again["scores"]}["objectivity"] == before["objectivity"]

    history_query = """query($id: ID) { article(id: $id) {
        all: scoreHistory { metric computedAt }
        accuracy: scoreHistory(metric: "accuracy", first: 5) { metric value computedAt } } }"""
    history = gql(client, history_query, id=article["id"])["article"]
    assert [h["metric"] for h in history["accuracy"]] == ["accuracy", "accuracy"]
    times = [h["computedAt"] for h in history["accuracy"]]
    assert times == sorted(times, reverse=True)
    assert len(history["all"]) == len(article["scores"]) + 1  # every metric, accuracy twice

    bad = gql(client, rescore, id=article["id"], metrics=["nope"])["rescore"]
    assert (bad["__typename"], bad["code"]) == ("AnalysisError", "INVALID_INPUT")
    missing = gql(client, rescore, id="QXJ0aWNsZTo5OTk5", metrics=None)["rescore"]
    assert missing["code"] == "NOT_FOUND"
    garbage = gql(client, rescore, id="???", metrics=None)["rescore"]
    assert garbage["code"] == "INVALID_INPUT"


def test_plugins_json_matches_the_metrics_query(client: TestClient) -> None:
    plugins = client.get("/-/plugins.json").json()
    by_name = {p["name"]: p for p in plugins}
    assert by_name["objectivity"]["status"] == "active"
    assert by_name["objectivity"]["metrics"][0]["name"] == "objectivity"
    listed = {m["name"] for p in plugins if p["status"] == "active" for m in p["metrics"]}
    metrics = gql(client, "{ metrics { name } }")["metrics"]
    assert listed == {m["name"] for m in metrics}


def test_weights_shape_the_average(database_url: str) -> None:
    settings = Settings(
        database_url=database_url, metric_weights={"objectivity": 3, "transparency": 0}
    )
    with TestClient(create_app(settings)) as test_client:
        article = analyze_text(test_client, text="Prices rose 3% in May, the agency said.")
    values = {s["metric"]: s["value"] for s in article["scores"]}
    weights = dict.fromkeys(values, 1.0) | {"objectivity": 3.0, "transparency": 0.0}
    expected = sum(weights[n] * v for n, v in values.items()) / sum(weights.values())
    assert article["averageScore"] == pytest.approx(expected, abs=0.01)


def test_cors_only_for_configured_origins(database_url: str) -> None:
    preflight = {
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
    }
    settings = Settings(database_url=database_url, cors_origins=("https://app.example.org",))
    with TestClient(create_app(settings)) as test_client:
        allowed = test_client.options(
            "/graphql", headers={"origin": "https://app.example.org", **preflight}
        )
        refused = test_client.options(
            "/graphql", headers={"origin": "https://evil.example.com", **preflight}
        )
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.org"
    assert "access-control-allow-origin" not in refused.headers
    with TestClient(create_app(Settings(database_url=database_url))) as plain:
        response = plain.post(
            "/graphql",
            json={"query": "{ metrics { name } }"},
            headers={"origin": "https://app.example.org"},
        )
    assert "access-control-allow-origin" not in response.headers
