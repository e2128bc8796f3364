"""Read-only queries; they read through the repository and run no SQL of their own."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from truthlens import repository
from truthlens.schema.context import Context
from truthlens.schema.ids import InvalidIdError, decode_cursor, decode_id, encode_cursor
from truthlens.schema.types import Article, ArticleConnection, ArticleEdge, Metric, PageInfo

Info = strawberry.Info[Context, None]


@strawberry.type
class Query:
    @strawberry.field(description="One article, by its ID or by its URL (as given or normalized).")
    async def article(
        self, info: Info, id: strawberry.ID | None = None, url: str | None = None
    ) -> Article | None:
        if (id is None) == (url is None):
            raise GraphQLError("give exactly one of id or url")
        async with info.context.sessions() as session:
            if id is not None:
                try:
                    pk = decode_id("Article", id)
                except InvalidIdError as exc:
                    raise GraphQLError(str(exc)) from exc
                row = await repository.get_article(session, article_id=pk)
            else:
                assert url is not None
                row = await repository.find_article_by_url(session, url=url)
        return Article.from_row(row) if row else None

    @strawberry.field(description="Analyzed articles, most recent analysis first.")
    async def articles(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> ArticleConnection:
        first = 20 if first is None else first
        if not 0 <= first <= repository.MAX_PAGE:
            raise GraphQLError(f"first must be between 0 and {repository.MAX_PAGE}")
        try:
            position = decode_cursor(after) if after else None
        except InvalidIdError as exc:
            raise GraphQLError(str(exc)) from exc
        async with info.context.sessions() as session:
            rows = await repository.list_articles(session, first=first + 1, after=position)
            total = await repository.count_articles(session)
        page = rows[:first]
        edges = [
            ArticleEdge(
                cursor=encode_cursor(row.analyzed_at, row.id or 0), node=Article.from_row(row)
            )
            for row in page
        ]
        return ArticleConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(rows) > first,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=total,
        )

    @strawberry.field(description="Every active metric, in the order they are run.")
    def metrics(self, info: Info) -> list[Metric]:
        return [Metric.from_registered(m) for m in info.context.plugins.metrics]
