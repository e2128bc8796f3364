"""Validation is done once per query text; every limit still holds on a repeated query."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLError
from strawberry.schema.schema import validate_document

from truthlens.schema import MAX_ALIASES, build_schema, validation
from truthlens.schema.validation import ValidationResults


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The query texts graphql-core validated with the full rule set."""
    seen: list[str] = []
    real = validate_document

    def counting(schema: Any, document: Any, rules: Any) -> list[GraphQLError]:
        seen.append(document.loc.source.body)
        return real(schema, document, rules)

    monkeypatch.setattr(validation, "validate_document", counting)
    return seen


async def test_a_repeated_query_is_validated_once(validations: list[str]) -> None:
    schema = build_schema()
    query = "{ __typename }"
    for _ in range(3):
        result = await schema.execute(query)
        assert result.errors is None
        assert result.data == {"__typename": "Query"}
    assert validations == [query]
    other = "{ name: __typename }"
    assert (await schema.execute(other)).errors is None
    assert validations == [query, other]


async def test_an_invalid_query_fails_every_time_with_the_same_error() -> None:
    schema = build_schema()
    messages = []
    for _ in range(2):
        result = await schema.execute("{ metrics { noSuchField } }")
        assert result.errors is not None
        messages.append([e.message for e in result.errors])
    assert messages[0] == messages[1]
    assert "noSuchField" in messages[0][0]


async def test_alias_limit_holds_on_a_repeated_query() -> None:
    schema = build_schema()
    many = "{ " + " ".join(f"a{i}: __typename" for i in range(MAX_ALIASES + 1)) + " }"
    for _ in range(2):
        result = await schema.execute(many)
        assert result.errors is not None
        assert any("aliases" in e.message for e in result.errors), result.errors


async def test_the_cost_limit_depends_on_each_requests_variables(
    validations: list[str],
) -> None:
    schema = build_schema(max_cost=500)
    query = "query($n: Int) { articles(first: $n) { edges { node { id scores { metric } } } } }"
    cheap = await schema.execute(query, variable_values={"n": 1})
    dear = await schema.execute(query, variable_values={"n": 100})
    again = await schema.execute(query, variable_values={"n": 1})
    assert dear.errors is not None
    assert dear.errors[0].extensions is not None
    assert dear.errors[0].extensions["code"] == "QUERY_TOO_COMPLEX"
    for result in (cheap, again):  # no store here: only that no limit refused them matters
        assert not any(
            (e.extensions or {}).get("code") == "QUERY_TOO_COMPLEX" for e in result.errors or []
        )
    assert validations.count(query) == 1


def test_results_forget_the_least_recently_used_text() -> None:
    results = ValidationResults(max_entries=2)
    results.put("a", ())
    results.put("b", ())
    assert results.get("a") == ()
    results.put("c", ())
    assert len(results) == 2
    assert results.get("b") is None
    assert results.get("a") == ()
    assert results.get("c") == ()
