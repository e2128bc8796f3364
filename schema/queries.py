"""Read-only queries; they read through the repository and run no SQL of their own."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import strawberry
from graphql import GraphQLError

from truthlens import listing, repository
from truthlens.listing import ArticleOrder
from truthlens.schema.batches import BatchQueries, batch_by_id
from truthlens.schema.context import Context
from truthlens.schema.ids import (
    InvalidIdError,
    Scalar,
    decode_cursor,
    decode_id,
    decode_node_id,
    encode_cursor,
)
from truthlens.schema.loaders import (
    SCORE_FIELDS,
    SUMMARY_FIELDS,
    Related,
    load_related,
    selected_names,
)
from truthlens.schema.types import (
    Article,
    ArticleConnection,
    ArticleEdge,
    ArticleFilter,
    Metric,
    Node,
    PageInfo,
    Source,
    SourceConnection,
    SourceEdge,
)

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from truthlens.listing import ArticleRecord

Info = strawberry.Info[Context, None]
SOURCES = "SOURCES"
"""The kind of a sources cursor."""


def _check_first(first: int | None) -> int:
    first = 20 if first is None else first
    if not 0 <= first <= listing.MAX_PAGE:
        raise GraphQLError(f"first must be between 0 and {listing.MAX_PAGE}")
    return first


def _page_info(cursors: list[str], *, more: bool, after: str | None) -> PageInfo:
    return PageInfo(
        has_next_page=more,
        has_previous_page=after is not None,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


def _article_cursor(row: ArticleRecord, order: ArticleOrder) -> str:
    key = listing.sort_key(row, order)
    encoded: Scalar = key.isoformat() if isinstance(key, datetime) else key
    return encode_cursor(order.name, encoded, row.id or 0)


def _article_position(after: str, order: ArticleOrder) -> tuple[object, int]:
    """(sort key, id) inside a cursor, which must come from the same order."""
    try:
        kind, key, pk = decode_cursor(after)
        if kind not in ArticleOrder.__members__ or not isinstance(pk, int):
            raise InvalidIdError(f"invalid cursor: {after!r}")
        if kind != order.name:
            raise GraphQLError(
                f"this cursor belongs to orderBy: {kind}, not {order.name}; "
                "start again without `after` when changing the order"
            )
        if order is ArticleOrder.SCORE:
            if key is not None and not isinstance(key, int | float):
                raise InvalidIdError(f"invalid cursor: {after!r}")
            return key, pk
        if key is None and order is ArticleOrder.PUBLISHED:
            return None, pk
        if not isinstance(key, str):
            raise InvalidIdError(f"invalid cursor: {after!r}")
        moment = datetime.fromisoformat(key)
        if moment.tzinfo is None:
            raise InvalidIdError(f"invalid cursor: {after!r}")
        return moment, pk
    except (InvalidIdError, ValueError) as exc:
        raise GraphQLError(f"invalid cursor: {after!r}") from exc


def _aware(name: str, moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        raise GraphQLError(f"{name} needs a UTC offset, e.g. 2026-03-14T00:00:00Z")
    return moment


def _filters(given: ArticleFilter | None) -> listing.ArticleFilter:
    if given is None:
        return listing.ArticleFilter()
    threshold = given.min_score
    return listing.ArticleFilter(
        site=given.site,
        kind=given.kind,
        language=given.language,
        published_after=_aware("publishedAfter", given.published_after),
        published_before=_aware("publishedBefore", given.published_before),
        min_average_score=given.min_average_score,
        max_average_score=given.max_average_score,
        min_score=None if threshold is None else (threshold.metric, threshold.value),
        title_contains=given.title_contains,
    )


async def _article(session: AsyncSession, info: Info, pk: int) -> Article | None:
    """The article, with the summary and scores the query selects, in one statement."""
    wanted = selected_names(info.selected_fields)
    summary, scores = bool(wanted & SUMMARY_FIELDS), bool(wanted & SCORE_FIELDS)
    if not (summary or scores):
        row = await repository.article_record(session, article_id=pk)
        return None if row is None else Article.from_row(row)
    found = await repository.article_with_relations(
        session, article_id=pk, summary=summary, scores=scores
    )
    if found is None:
        return None
    summaries = None
    if summary:
        summaries = {pk: found.summary} if found.summary else {}
    related = Related(
        summaries=summaries, scores=None if found.scores is None else {pk: found.scores}
    )
    return Article.from_row(found.article, related)


@strawberry.type
class Query(BatchQueries):
    @strawberry.field(description="Any object with a global ID; null when there is none.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        try:
            type_name, key = decode_node_id(id)
            if type_name in ("Article", "AnalysisBatch"):
                pk = decode_id(type_name, id)
            elif type_name != "Source":
                raise InvalidIdError(f"invalid id: {id!r}")
        except InvalidIdError as exc:
            raise GraphQLError(str(exc)) from exc
        if type_name == "AnalysisBatch":
            return await batch_by_id(info, pk)
        async with info.context.sessions() as session:
            if type_name == "Article":
                return await _article(session, info, pk)
            found = await listing.sources_by_site(session, sites=[key])
        return Source.from_row(found[key]) if key in found else None

    @strawberry.field(description="One article, by its ID or by its URL (as given or normalized).")
    async def article(
        self, info: Info, id: strawberry.ID | None = None, url: str | None = None
    ) -> Article | None:
        if (id is None) == (url is None):
            raise GraphQLError("give exactly one of id or url")
        if id is not None:
            try:
                pk = decode_id("Article", id)
            except InvalidIdError as exc:
                raise GraphQLError(str(exc)) from exc
            async with info.context.sessions() as session:
                return await _article(session, info, pk)
        assert url is not None
        async with info.context.sessions() as session:
            row = await repository.find_article_by_url(session, url=url)
        return Article.from_row(row) if row else None

    @strawberry.field(
        description="Analyzed articles matching the filter, in the order asked for; "
        "first is at most 100 and a cursor only works with the order it came from."
    )
    async def articles(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        filter: ArticleFilter | None = None,
        order_by: ArticleOrder | None = ArticleOrder.NEWEST,
    ) -> ArticleConnection:
        first = _check_first(first)
        order = order_by or ArticleOrder.NEWEST
        position = _article_position(after, order) if after else None
        filters = _filters(filter)
        # The count and the summaries are read only when selected, in the page's statement.
        total = "totalCount" in selected_names(info.selected_fields)
        wanted = selected_names(info.selected_fields, "edges", "node")
        async with info.context.sessions() as session:
            found = await listing.article_page(
                session,
                first=first + 1,
                after=position,
                filters=filters,
                order=order,
                total=total,
                summaries=bool(wanted & SUMMARY_FIELDS),
            )
            rows = found.records
            page = rows[:first]
            related = await load_related(
                session, [row.id for row in page], wanted, summaries=found.summaries
            )
        edges = [
            ArticleEdge(cursor=_article_cursor(row, order), node=Article.from_row(row, related))
            for row in page
        ]
        return ArticleConnection(
            edges=edges,
            page_info=_page_info([e.cursor for e in edges], more=len(rows) > first, after=after),
            # Not counted when not selected; the value is then never sent.
            total_count=found.total or 0,
        )

    @strawberry.field(
        description="Sites and the roll-up of their articles' scores, most articles first, "
        "then by site; first is at most 100."
    )
    async def sources(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> SourceConnection:
        first = _check_first(first)
        position = None
        if after:
            try:
                kind, count, site = decode_cursor(after)
            except InvalidIdError as exc:
                raise GraphQLError(str(exc)) from exc
            if kind != SOURCES or not isinstance(count, int) or not isinstance(site, str):
                raise GraphQLError(f"invalid cursor: {after!r}")
            position = (count, site)
        async with info.context.sessions() as session:
            rows = await listing.list_sources(session, first=first + 1, after=position)
            total = await listing.count_sources(session)
        edges = [
            SourceEdge(
                cursor=encode_cursor(SOURCES, row.article_count, row.site),
                node=Source.from_row(row),
            )
            for row in rows[:first]
        ]
        return SourceConnection(
            edges=edges,
            page_info=_page_info([e.cursor for e in edges], more=len(rows) > first, after=after),
            total_count=total,
        )

    @strawberry.field(description="Every active metric, in the order they are run.")
    def metrics(self, info: Info) -> list[Metric]:
        return [Metric.from_registered(m) for m in info.context.plugins.metrics]
