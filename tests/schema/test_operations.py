"""The example operations in schema/operations are valid against the schema, and run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from graphql import parse, validate
from starlette.testclient import TestClient

import truthlens.schema
from truthlens.app import create_app
from truthlens.schema import build_schema
from truthlens.settings import Settings

OPERATIONS = Path(truthlens.schema.__file__ or "").with_name("operations")
FRAGMENT = (OPERATIONS / "article_card.graphql").read_text(encoding="utf-8")


def documents() -> list[Path]:
    return sorted(p for p in OPERATIONS.glob("*.graphql") if p.name != "article_card.graphql")


def with_fragment(path: Path) -> str:
    """The operation, with the shared ArticleCard fragment appended where it is used."""
    document = path.read_text(encoding="utf-8")
    return document + "\n" + FRAGMENT if "...ArticleCard" in document else document


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.name)
def test_operation_is_valid(path: Path) -> None:
    schema = build_schema()._schema
    errors = validate(schema, parse(with_fragment(path)))
    assert errors == [], errors


def test_operations_run_end_to_end(database_url: str) -> None:
    def run(path: str, name: str, **variables: Any) -> dict[str, Any]:
        document = with_fragment(OPERATIONS / path)
        body = client.post(
            "/graphql",
            json={"query": document, "operationName": name, "variables": variables},
        ).json()
        assert "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    with TestClient(create_app(Settings(database_url=database_url))) as client:
        text = "The council voted 7-2 on Tuesday to repair the bridge, officials said."
        analyzed = run(
            "analyze.graphql", "AnalyzeText", input={"text": text, "url": "https://example.org/a"}
        )
        article = analyzed["analyzeText"]
        assert article["__typename"] == "Article"
        home = run("home_list.graphql", "HomeList")["articles"]
        assert [e["node"]["id"] for e in home["edges"]] == [article["id"]]
        page = run("article_page.graphql", "ArticlePage", id=article["id"])["article"]
        assert page["text"] == text
        assert page["scores"]
        sources = run("sources.graphql", "Sources")["sources"]
        assert sources["edges"][0]["node"]["site"] == "example.org"
