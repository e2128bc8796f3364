"""The GraphQL requests the read benchmarks send, and the article page operation's text."""

from __future__ import annotations

from pathlib import Path

OPERATIONS = Path(__file__).resolve().parent.parent / "schema" / "operations"

HOME = """query Home($first: Int!) { articles(first: $first) { totalCount
  pageInfo { hasNextPage endCursor }
  edges { cursor node { id url title siteName publishedAt analyzedAt averageScore
    summary { headline text } scores { metric label value confidence } } } } }"""
"""The home list with summaries and scores (what a front page with score badges asks)."""

SCORE = """query Score($id: ID!) { article(id: $id) { id
  score(metric: "objectivity") { metric value confidence } } }"""
"""One score of one article."""


def article_page() -> str:
    """schema/operations/article_page.graphql with the fragment it uses."""
    return "\n".join(
        (OPERATIONS / name).read_text(encoding="utf-8")
        for name in ("article_page.graphql", "article_card.graphql")
    )
