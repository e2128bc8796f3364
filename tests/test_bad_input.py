"""Bad input over GraphQL, on SQLite and PostgreSQL: a typed error or an honest analysis.

Never an HTTP 500, never an unexpected ("Unexpected error.") GraphQL error, and never a
partial row left behind. Each test ends by checking the database for orphans.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from truthlens import db
from truthlens.app import create_app
from truthlens.settings import MIB, Settings

RESULT = """
  __typename
  ... on Article { id title language text wordCount averageScore
                   summary { headline text } scores { metric value status error } }
  ... on AnalysisError { code message }
"""
TEXT = f"mutation($i: AnalyzeTextInput!) {{ analyzeText(input: $i) {{ {RESULT} }} }}"
HTML = f"mutation($i: AnalyzeHtmlInput!) {{ analyzeHtml(input: $i) {{ {RESULT} }} }}"
URL = f"mutation($u: String!) {{ analyzeUrl(url: $u) {{ {RESULT} }} }}"
FORCED = f"mutation($u: String!, $f: Boolean) {{ analyzeUrl(url: $u, force: $f) {{ {RESULT} }}}}"
EXTRACTION_TIMEOUT = 10.0

STORY = (
    "The Riverton council voted 7-2 on Tuesday to repair the Harbor Street bridge. "
    "Engineers closed it to trucks in January after finding corroded beams, the "
    "public works department said. Work starts in May and lasts five months."
)


@pytest.fixture
def client(database_url: str) -> Iterator[TestClient]:
    settings = Settings(
        database_url=database_url,
        allow_private_addresses=True,
        extraction_timeout=EXTRACTION_TIMEOUT,
    )
    # A server error must show up as HTTP 500 here, not as an exception in the test.
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def post(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    """One GraphQL call that must succeed at the HTTP and GraphQL level."""
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    [result] = body["data"].values()
    assert result["__typename"] in ("Article", "AnalysisError"), result
    return dict(result)


def error_code(result: dict[str, Any]) -> str | None:
    return str(result["code"]) if result["__typename"] == "AnalysisError" else None


def assert_honest(article: dict[str, Any]) -> None:
    """A stored analysis: text, summary, and every score either in 0..10 or an error."""
    assert article["__typename"] == "Article", article
    assert article["text"].strip()
    assert article["summary"]["headline"].strip()
    assert article["scores"]
    for score in article["scores"]:
        if score["status"] == "OK":
            assert 0 <= score["value"] <= 10, score
        else:
            assert score["value"] is None
            assert score["error"], score
    if article["averageScore"] is not None:
        assert 0 <= article["averageScore"] <= 10


async def _partial_rows(url: str) -> dict[str, int]:
    checks = {
        "articles without summary": "SELECT count(*) FROM article a "
        "WHERE NOT EXISTS (SELECT 1 FROM summary s WHERE s.article_id = a.id)",
        "articles without scores": "SELECT count(*) FROM article a "
        "WHERE NOT EXISTS (SELECT 1 FROM score s WHERE s.article_id = a.id)",
        "articles without text": "SELECT count(*) FROM article WHERE trim(text) = ''",
        "summaries without article": "SELECT count(*) FROM summary s "
        "WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.id = s.article_id)",
        "scores without article": "SELECT count(*) FROM score s "
        "WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.id = s.article_id)",
    }
    engine = db.create_engine(url)
    try:
        async with engine.connect() as conn:
            return {
                name: (await conn.execute(text(sql))).scalar_one() for name, sql in checks.items()
            }
    finally:
        await engine.dispose()


def assert_no_partial_rows(database_url: str) -> None:
    found = asyncio.run(_partial_rows(database_url))
    assert found == dict.fromkeys(found, 0)


def article_count(database_url: str) -> int:
    async def count() -> int:
        engine = db.create_engine(database_url)
        try:
            async with engine.connect() as conn:
                return int((await conn.execute(text("SELECT count(*) FROM article"))).scalar_one())
        finally:
            await engine.dispose()

    return asyncio.run(count())


# --- empty and oversized --------------------------------------------------------------


@pytest.mark.parametrize("blank", ["", " ", "\n\t\r\n  ", "\u00a0\u2003\u3000\n"])
def test_empty_and_whitespace_are_invalid_input(
    client: TestClient, database_url: str, blank: str
) -> None:
    assert error_code(post(client, TEXT, i={"text": blank})) == "INVALID_INPUT"
    assert error_code(post(client, HTML, i={"html": blank})) == "INVALID_INPUT"
    assert article_count(database_url) == 0
    assert_no_partial_rows(database_url)


def test_ten_megabytes_of_text_is_refused(client: TestClient, database_url: str) -> None:
    """Over the request body limit: 413 before the body is read whole, never a 500."""
    big = "All work and no play makes a dull article. " * (10 * MIB // 44)
    for query, variables in ((TEXT, {"i": {"text": big}}), (HTML, {"i": {"html": big}})):
        response = client.post("/graphql", json={"query": query, "variables": variables})
        if response.status_code == 200:
            [result] = response.json()["data"].values()
            assert error_code(result) == "TOO_LARGE"
        else:
            assert response.status_code == 413, response.text[:300]
    assert article_count(database_url) == 0
    assert_no_partial_rows(database_url)


def test_input_over_the_cap_but_under_the_body_limit_is_too_large(
    client: TestClient, database_url: str
) -> None:
    """2.5 MiB passes the HTTP body limit, so the typed TOO_LARGE must catch it."""
    big = "word " * (5 * MIB // 10)
    assert error_code(post(client, TEXT, i={"text": big})) == "TOO_LARGE"
    assert error_code(post(client, HTML, i={"html": f"<p>{big}</p>"})) == "TOO_LARGE"
    assert article_count(database_url) == 0
    assert_no_partial_rows(database_url)


# --- garbage --------------------------------------------------------------------------


def _garbage(seed: int, size: int = 4096) -> list[str]:
    raw = random.Random(seed).randbytes(size).replace(b"\x00", b"")
    return [
        raw.decode("latin-1"),  # every byte a character, control characters included
        raw.decode("utf-8", errors="replace"),  # what a lenient decoder makes of it
        raw.decode("cp1252", errors="ignore"),
    ]


@pytest.mark.parametrize("seed", [1, 2])
def test_binary_garbage_as_text_and_html(client: TestClient, database_url: str, seed: int) -> None:
    for garbage in _garbage(seed):
        as_text = post(client, TEXT, i={"text": garbage})
        if as_text["__typename"] == "Article":
            assert_honest(as_text)
        as_html = post(client, HTML, i={"html": garbage})
        if as_html["__typename"] == "Article":
            assert_honest(as_html)
        else:
            assert error_code(as_html) in ("NO_CONTENT", "EXTRACTION_FAILED", "INVALID_INPUT")
    assert_no_partial_rows(database_url)


def test_nul_characters(
    client: TestClient, database_url: str, request: pytest.FixtureRequest
) -> None:
    nul = STORY.replace("Tuesday", "Tues\x00day")
    html = f"<html><body><article><p>{nul}</p><p>{STORY}</p></article></body></html>"
    results = [post(client, TEXT, i={"text": nul}), post(client, HTML, i={"html": html})]
    assert_no_partial_rows(database_url)
    for result in results:
        assert_honest(result)


@pytest.mark.parametrize("field", ["text", "html"])
def test_lone_surrogates_are_not_a_server_error(
    client: TestClient, database_url: str, field: str
) -> None:
    """JSON can spell text that is not valid Unicode: "\\udcff" is a lone surrogate."""
    query = TEXT if field == "text" else HTML
    value = json.dumps(f"<p>{STORY}</p>").replace("Tuesday", "Tues\\udcffday")
    body = f'{{"query": {json.dumps(query)}, "variables": {{"i": {{"{field}": {value}}}}}}}'
    response = client.post(
        "/graphql", content=body.encode(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 200, response.text
    assert_no_partial_rows(database_url)
    payload = response.json()
    assert "errors" not in payload, payload["errors"]


@pytest.mark.parametrize(
    "body",
    [b"\x00\x01\x02", b"not json", b'{"query": 5}', b"[]", b'{"query": "{", "variables": 3}'],
)
def test_malformed_request_bodies_are_client_errors(client: TestClient, body: bytes) -> None:
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code in (200, 400), response.text


def test_request_body_that_is_not_utf8(client: TestClient) -> None:
    body = b'{"query": "mutation { analyzeText(input: {text: \\"caf\xe9\\"}) { __typename } }"}'
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code in (200, 400), response.text


# --- other encodings, languages and page shapes, fetched from the page server ------------


@pytest.mark.parametrize(
    ("page", "language", "title", "snippets"),
    [
        (
            "latin1_article.html",  # ISO-8859-1, declared in <meta charset>
            "de",
            "Gemeinderat beschließt neue Fußgängerbrücke über die Mühlbach-Aue",
            ["Unterföhring", "»Wir haben", "Jördis Käßmann"],
        ),
        (
            "shift_jis_article.html",
            "ja",
            "市議会、川沿いの新しい図書館の建設を承認",
            ["北浜市議会は火曜日", "約十二億円"],
        ),
        (
            "cp1252_article.html",  # bytes 0x80-0x9f (quotes, dashes, euro) differ from Latin-1
            "en",
            "Library board votes to extend weekend hours",
            ["about €140,000", "board’s budget", "“People asked us", "5–2", "first…"],  # noqa: RUF001
        ),
    ],
)
def test_pages_in_legacy_encodings_are_decoded(
    client: TestClient,
    database_url: str,
    page_server: str,
    page: str,
    language: str,
    title: str,
    snippets: list[str],
) -> None:
    article = post(client, URL, u=f"{page_server}/{page}")
    assert_honest(article)
    assert article["language"] == language
    assert article["title"] == title
    for snippet in snippets:
        assert snippet in article["text"]
    for mojibake in ("\ufffd", "Ã", "â€", "\x85", "\x93"):
        assert mojibake not in article["text"]
    assert_no_partial_rows(database_url)


def test_non_english_article_gets_an_honest_analysis(
    client: TestClient, database_url: str, page_server: str
) -> None:
    article = post(client, URL, u=f"{page_server}/spanish_article.html")
    assert_honest(article)
    assert article["language"] == "es"
    assert article["title"] == "El ayuntamiento aprueba la reforma del mercado central"
    assert "«Es una inversión que llevábamos años retrasando»" in article["text"]
    assert article["wordCount"] > 100
    assert_no_partial_rows(database_url)


def test_homepage_with_only_links_is_no_content(
    client: TestClient, database_url: str, page_server: str
) -> None:
    result = post(client, URL, u=f"{page_server}/homepage_links_only.html")
    assert_no_partial_rows(database_url)
    assert error_code(result) == "NO_CONTENT", result


def test_deeply_nested_html_does_not_hang(client: TestClient, database_url: str) -> None:
    depth = 5000
    paragraph = f"<p>{STORY}</p>"
    for html in (
        "<html><body>" + "<div>" * depth + paragraph + "</div>" * depth + "</body></html>",
        "<html><body>" + "<div><span>" * depth + paragraph,  # never closed
    ):
        started = time.monotonic()
        result = post(client, HTML, i={"html": html})
        assert time.monotonic() - started < EXTRACTION_TIMEOUT + 5
        if result["__typename"] == "Article":
            assert_honest(result)
        else:
            assert error_code(result) in ("NO_CONTENT", "EXTRACTION_FAILED"), result
    assert_no_partial_rows(database_url)


def test_malformed_html_still_gives_the_article(client: TestClient, database_url: str) -> None:
    html = (
        "<html><head><title>Bridge vote</title><body><div><article>"
        f"<p>{STORY}<b><i>Officials said the detour stays.</p></span></td>"
        f"<p>{STORY.replace('Riverton', 'Millbrook')}<p>Unclosed to the end &amp &bogus; <"
    )
    article = post(client, HTML, i={"html": html})
    assert_honest(article)
    assert "Harbor Street bridge" in article["text"]
    assert_no_partial_rows(database_url)


# --- invalid GraphQL variables ----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (TEXT, {"i": {"text": 5}}),
        (TEXT, {"i": "just a string"}),
        (TEXT, {"i": {"text": ["a", "list"]}}),
        (TEXT, {"i": {"text": STORY, "publishedAt": "not a date"}}),
        (TEXT, {"i": {"text": STORY, "unknownField": 1}}),
        (TEXT, {"i": {}}),
        (TEXT, {}),
        (HTML, {"i": {"html": None}}),
        (HTML, {"i": {"html": {"nested": "object"}}}),
        (URL, {"u": None}),
        (URL, {"u": 12345}),
        (
            FORCED,
            {"u": "https://news.example/", "f": "yes"},
        ),
        (TEXT, {"i": {"text": STORY}, "extra": {"deep": [1, 2, 3]}}),
    ],
)
def test_invalid_variables_are_validation_errors(
    client: TestClient, database_url: str, query: str, variables: dict[str, Any]
) -> None:
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code in (200, 400), response.text
    body = response.json()
    if "extra" in variables:  # unused variables are ignored, not an error
        assert "errors" not in body, body
        return
    assert body.get("data") is None, body
    [error] = body["errors"]
    assert error["message"]
    assert error["message"] != "Unexpected error."
    assert "$" in error["message"] or "Variable" in error["message"], error["message"]
    assert article_count(database_url) == 0


# --- after all of it ----------------------------------------------------------------------


def test_no_partial_rows_after_every_kind_of_bad_input(
    client: TestClient, database_url: str, page_server: str
) -> None:
    """The whole battery against one database, known bugs included, then the invariants."""
    sends: list[tuple[str, dict[str, Any]]] = [
        (TEXT, {"i": {"text": ""}}),
        (HTML, {"i": {"html": "   "}}),
        (TEXT, {"i": {"text": "word " * (5 * MIB // 10)}}),
        (TEXT, {"i": {"text": STORY.replace("Tuesday", "Tues\x00day")}}),
        (HTML, {"i": {"html": f"<p>{STORY}</p>\x00<p>{STORY}</p>"}}),
        (TEXT, {"i": {"text": 5}}),
        (TEXT, {"i": {"text": STORY}}),
        (HTML, {"i": {"html": "<div>" * 5000 + f"<p>{STORY}</p>"}}),
    ]
    sends += [(TEXT, {"i": {"text": g}}) for g in _garbage(3)]
    sends += [(HTML, {"i": {"html": g}}) for g in _garbage(4)]
    pages = ["latin1_article", "shift_jis_article", "cp1252_article", "spanish_article"]
    sends += [
        (URL, {"u": f"{page_server}/{name}.html"}) for name in [*pages, "homepage_links_only"]
    ]
    sends += [(URL, {"u": f"{page_server}/missing.html"})]
    for query, variables in sends:
        response = client.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code != 500, response.text
    surrogate = json.dumps(f"<p>{STORY}</p>").replace("Tuesday", "Tues\\udcffday")
    client.post(
        "/graphql",
        content=f'{{"query": {json.dumps(HTML)}, "variables": {{"i": {{"html": {surrogate}}}}}}}',
        headers={"content-type": "application/json"},
    )
    assert article_count(database_url) >= 5  # the real articles were stored
    assert_no_partial_rows(database_url)
