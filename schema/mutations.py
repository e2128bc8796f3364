"""Analysis mutations: expected failures come back as AnalysisError, never as exceptions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry
from graphql import GraphQLError

from truthlens import repository
from truthlens.errors import AnalysisError as Failure
from truthlens.errors import ErrorCode
from truthlens.pipeline import Request
from truthlens.schema.batches import BatchMutations
from truthlens.schema.context import Context
from truthlens.schema.ids import InvalidIdError, decode_id
from truthlens.schema.types import (
    AnalysisError,
    AnalyzeHtmlInput,
    AnalyzeResult,
    AnalyzeTextInput,
    Article,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from truthlens.pipeline import Stored

Info = strawberry.Info[Context, None]
MAX_LIST = 100
"""Longest list argument accepted."""


async def _run(info: Info, request: Request) -> AnalyzeResult:
    return await _answer(info, info.context.pipeline.analyze_and_store(request))


async def _answer(info: Info, work: Awaitable[Stored]) -> AnalyzeResult:
    """The stored article, or the expected failure as an AnalysisError."""
    try:
        stored = await work
    except Failure as exc:
        return AnalysisError(code=exc.code, message=exc.message)
    async with info.context.sessions() as session:
        row = await repository.get_article(session, article_id=stored.article_id)
    assert row is not None
    return Article.from_row(row)


@strawberry.type
class Mutation(BatchMutations):
    @strawberry.mutation(
        description="Fetch and analyze a URL. Without force, a URL analyzed before is "
        "returned as stored, without refetching."
    )
    async def analyze_url(self, info: Info, url: str, force: bool | None = False) -> AnalyzeResult:
        return await _run(info, Request(source="url", url=url, force=bool(force)))

    @strawberry.mutation(description="Analyze plain text; any non-empty text gets an analysis.")
    async def analyze_text(self, info: Info, input: AnalyzeTextInput) -> AnalyzeResult:
        return await _run(
            info,
            Request(
                source="text",
                text=input.text,
                title=input.title,
                url=input.url,
                author=input.author,
                published_at=input.published_at,
            ),
        )

    @strawberry.mutation(description="Extract and analyze an HTML page you already have.")
    async def analyze_html(self, info: Info, input: AnalyzeHtmlInput) -> AnalyzeResult:
        return await _run(info, Request(source="html", html=input.html, url=input.url))

    @strawberry.mutation(
        description="Recompute an article's scores from its stored text (no refetch), for "
        "the named metrics or all active ones. Earlier scores stay in scoreHistory."
    )
    async def rescore(
        self, info: Info, article_id: strawberry.ID, metrics: list[str] | None = None
    ) -> AnalyzeResult:
        if metrics is not None and len(metrics) > MAX_LIST:
            raise GraphQLError(f"at most {MAX_LIST} metrics")
        try:
            pk = decode_id("Article", article_id)
        except InvalidIdError as exc:
            return AnalysisError(code=ErrorCode.INVALID_INPUT, message=str(exc))
        return await _answer(info, info.context.pipeline.rescore(pk, metrics))
