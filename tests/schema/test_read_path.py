"""The read path: relations read with the articles when selected, evidence decoded lazily,
the same answers as through the DataLoaders, and the cost rule's results remembered."""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from graphql import parse
from starlette.testclient import TestClient

from tests.schema.test_query_count import statements  # noqa: F401 (fixture)
from tests.test_app import analyze_text, gql
from truthlens import db
from truthlens.app import create_app
from truthlens.schema import build_schema
from truthlens.schema.cost import CostResults, first_variables
from truthlens.settings import Settings

SCORE_FIELDS = """metric label value confidence explanation status error plugin
    pluginVersion metricVersion computedAt evidence { start end text label weight }"""
ARTICLE = f"""id title text summary {{ headline text plugin pluginVersion }}
    scores {{ {SCORE_FIELDS} }} one: score(metric: "objectivity") {{ {SCORE_FIELDS} }}
    none: score(metric: "no such metric") {{ value }}"""
TEXTS = [
    "The council voted 7-2 on Tuesday to repair the bridge, officials said.",
    "Shocking! You won't believe what this amazing mayor did next!!!",
    "Héllo 😀 the board approved the budget, according to the minutes.",
]


def _selects(seen: list[str]) -> int:
    return len([s for s in seen if s.lstrip().upper().startswith("SELECT")])


def test_every_path_to_an_article_gives_the_same_relations(database_url: str) -> None:
    """Read with the page, with `article`, with `node` or through the DataLoaders (the
    mutation's answer): the same summary, scores and evidence."""
    mutation = f"mutation($input: AnalyzeTextInput!) {{ analyzeText(input: $input) {{ ... on Article {{ {ARTICLE} }} }} }}"  # noqa: E501
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        analyzed = {}
        for text in TEXTS:
            article = gql(client, mutation, input={"text": text})["analyzeText"]
            analyzed[article["id"]] = article
        page = gql(client, f"{{ articles(first: 10) {{ edges {{ node {{ {ARTICLE} }} }} }} }}")
        listed = {e["node"]["id"]: e["node"] for e in page["articles"]["edges"]}
        assert listed == analyzed
        for pk, article in analyzed.items():
            assert article["scores"]
            assert article["summary"]
            assert article["one"] == next(
                s for s in article["scores"] if s["metric"] == "objectivity"
            )
            assert article["none"] is None
            single = gql(client, f"query($id: ID!) {{ article(id: $id) {{ {ARTICLE} }} }}", id=pk)
            assert single["article"] == article
            node = gql(
                client,
                f"query($id: ID!) {{ node(id: $id) {{ ... on Article {{ {ARTICLE} }} }} }}",
                id=pk,
            )
            assert node["node"] == article
        spans = [e for a in analyzed.values() for s in a["scores"] for e in s["evidence"]]
        assert spans, "the texts should give some evidence"


def test_relations_are_read_only_when_selected(
    database_url: str,
    statements: list[str],  # noqa: F811
) -> None:
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        for text in TEXTS:
            analyze_text(client, text=text)
        counts = {}
        for name, query in {
            "bare": "{ articles(first: 3) { edges { node { id } } } }",
            "summary": "{ articles(first: 3) { edges { node { summary { headline } } } } }",
            "scores": """{ articles(first: 3) { edges { node { scores { value }
                score(metric: "objectivity") { value } } } } }""",
            "both, through fragments": """{ articles(first: 3) { ...Page } }
                fragment Page on ArticleConnection { edges { node { ... on Article {
                summary { headline } } ...Scores } } }
                fragment Scores on Article { scores { metric } }""",
        }.items():
            statements.clear()
            page = gql(client, query)
            assert len(page["articles"]["edges"]) == 3
            counts[name] = _selects(statements)
        statements.clear()
        empty = gql(client, "{ articles(first: 0) { edges { node { summary { text } } } } }")
        assert empty["articles"]["edges"] == []
        counts["empty page"] = _selects(statements)
        statements.clear()
        counted = gql(
            client, "{ articles(first: 2) { totalCount edges { node { summary { text } } } } }"
        )
        assert counted["articles"]["totalCount"] == 3
        counts["totalCount"] = _selects(statements)
        last = gql(client, "{ articles(first: 3) { pageInfo { endCursor } } }")
        statements.clear()
        query = "query($a: String) { articles(after: $a) { totalCount edges { cursor } } }"
        past = gql(client, query, a=last["articles"]["pageInfo"]["endCursor"])
        assert past["articles"] == {"totalCount": 3, "edges": []}
        counts["totalCount past the end"] = _selects(statements)
        first = gql(client, "{ articles(first: 1) { edges { node { id } } } }")
        pk = first["articles"]["edges"][0]["node"]["id"]
        for name, fields in {
            "article": "title",
            "article, summary": "title summary { headline }",
            "article, summary, scores": "summary { headline } scores { value }",
            "article, one score": 'score(metric: "objectivity") { value }',
        }.items():
            statements.clear()
            article = gql(client, f"query($id: ID!) {{ article(id: $id) {{ {fields} }} }}", id=pk)
            assert article["article"], name
            counts[name] = _selects(statements)
    # the page (with the count and the summaries if selected), then the scores if selected
    # (an article reads both in its own statement);
    # an empty page has no row to carry the count, which is then read on its own
    assert counts == {
        "bare": 1,
        "summary": 1,
        "scores": 2,
        "both, through fragments": 2,
        "empty page": 1,
        "totalCount": 1,
        "totalCount past the end": 2,
        "article": 1,
        "article, summary": 1,
        "article, summary, scores": 1,
        "article, one score": 1,
    }


def test_evidence_is_decoded_only_when_asked_for(database_url: str) -> None:
    """A list of scores never touches the evidence JSON; asking for it still reads it."""
    with TestClient(create_app(Settings(database_url=database_url))) as client:
        analyze_text(client, text=TEXTS[0])

        async def break_evidence() -> None:
            engine = db.create_engine(database_url)
            async with engine.begin() as conn:
                # Valid JSON for the column, but not a list of spans.
                await conn.execute(sa.text("UPDATE score SET evidence = '{\"broken\": 1}'"))
            await engine.dispose()

        asyncio.run(break_evidence())
        page = gql(client, "{ articles { edges { node { scores { metric value } } } } }")
        assert page["articles"]["edges"][0]["node"]["scores"]
        body = client.post(
            "/graphql",
            json={"query": "{ articles { edges { node { scores { evidence { start } } } } } }"},
        ).json()
        assert body["errors"][0]["extensions"]["code"] == "INTERNAL_ERROR"


def test_first_variables_are_found_through_fragments() -> None:
    document = parse(
        """query($a: Int, $b: Int, $c: String) { articles(first: $a, after: $c) { ...F } }
        fragment F on ArticleConnection { edges { node { scoreHistory(first: $b) { value } } } }"""
    )
    assert first_variables(document) == ("a", "b")


def test_cost_results_are_kept_per_text_and_first_values() -> None:
    query = "query($n: Int = 50) { articles(first: $n) { edges { node { id } } } }"
    document = parse(query)
    results = CostResults()
    keys = [
        results.key(query, document, variables)
        for variables in ({}, {"n": None}, {"n": 1}, {"n": True}, {"n": 1.0}, {"n": 2})
    ]
    assert len(set(keys)) == len(keys)
    assert results.key(query, document, {"n": 1, "other": [1]}) == keys[2]
    assert results.key(query, document, {"n": [1]}) is None  # unhashable: not cached


def test_a_remembered_cost_still_depends_on_first() -> None:
    """The same text is refused with a large `first` and accepted with a small one, in
    any order, however often."""
    schema = build_schema(max_cost=500)
    deep = """query($n: Int) {
        articles(first: $n) { edges { node { scores { evidence { start } } } } } }"""

    def refused(n: int) -> bool:
        result = schema.execute_sync(deep, variable_values={"n": n})
        codes = [e.extensions and e.extensions.get("code") for e in result.errors or ()]
        return "QUERY_TOO_COMPLEX" in codes

    assert [refused(n) for n in (100, 1, 100, 1, 2, 100)] == [True, False, True, False, False, True]


def test_an_article_without_scores_or_summary(database_url: str) -> None:
    """The joins of the article's statement find nothing: no scores, a null summary, the
    same as the page and the DataLoaders say."""
    from tests.schema.test_articles_api import Story, day, store

    with TestClient(create_app(Settings(database_url=database_url))) as client:
        bare, full = store(
            database_url,
            [
                Story("Bare", "alpha", "news", "en", day(3, 1), {}, None, 1),
                Story("Full", "alpha", "news", "en", day(3, 2), {"objectivity": 7.0}, 7.0, 2),
            ],
        )

        async def drop_summary() -> None:
            engine = db.create_engine(database_url)
            async with engine.begin() as conn:
                await conn.execute(sa.text("DELETE FROM summary WHERE headline = 'A headline'"))
            await engine.dispose()

        asyncio.run(drop_summary())
        fields = (
            'title summary { headline } scores { metric } one: score(metric: "objectivity") '
            "{ value }"
        )
        query = (
            f"query($id: ID!) {{ article(id: $id) {{ {fields} }} "
            f"node(id: $id) {{ ... on Article {{ {fields} }} }} }}"
        )
        found = gql(client, query, id=bare)
        expected: dict[str, object] = {"title": "Bare", "summary": None, "scores": [], "one": None}
        assert found == {"article": expected, "node": expected}
        full_found = gql(client, query, id=full)["article"]
        assert full_found["scores"] == [{"metric": "objectivity"}]
        assert full_found["one"] == {"value": 7.0}
        assert full_found["summary"] is None
        page = gql(client, f"{{ articles {{ edges {{ node {{ {fields} }} }} }} }}")
        assert [e["node"] for e in page["articles"]["edges"]] == [full_found, expected]
