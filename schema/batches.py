"""Bulk analysis in GraphQL: `submitAnalyses` and `analysisBatch` (progress per URL)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from graphql import GraphQLError

from truthlens import jobstore, listing
from truthlens.errors import AnalysisError as Failure
from truthlens.errors import ErrorCode
from truthlens.jobstore import ItemState
from truthlens.schema.context import Context
from truthlens.schema.ids import InvalidIdError, decode_cursor, decode_id, encode_cursor, encode_id
from truthlens.schema.types import AnalysisError, Article, Node, PageInfo
from truthlens.submission import submit_urls

if TYPE_CHECKING:
    from truthlens.models import AnalysisBatch as BatchRow
    from truthlens.models import AnalysisItem as ItemRow
    from truthlens.models import Article as ArticleRow

Info = strawberry.Info[Context, None]
MAX_URLS = 100
"""URLs per submitAnalyses call: the API's list cap (MAX_LIST); submit more in several calls."""
ITEMS = "ITEMS"
"""The kind of an items cursor."""


@strawberry.enum(description="Where one URL of a batch stands.")
class AnalysisState(Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@strawberry.type(description="How many URLs of a batch are in each state.")
class AnalysisCounts:
    queued: int
    running: int
    done: int
    failed: int
    total: int


@strawberry.type(description="One URL of a batch and the outcome of its analysis.")
class AnalysisItem:
    url: str = strawberry.field(description="As submitted.")
    normalized_url: str | None = strawberry.field(description="Null when the URL is invalid.")
    state: AnalysisState
    error: AnalysisError | None = strawberry.field(
        description="Why it failed; on a QUEUED item, the transient failure it is retried after."
    )
    attempts: int = strawberry.field(description="How many times its analysis was started.")
    article: Article | None = strawberry.field(description="The stored article, once DONE.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def from_row(cls, row: ItemRow, article: ArticleRow | None) -> AnalysisItem:
        error = None
        if row.error_code is not None:
            error = AnalysisError(code=ErrorCode(row.error_code), message=row.error_message or "")
        return cls(
            url=row.url,
            normalized_url=row.normalized_url,
            state=AnalysisState(row.state),
            error=error,
            attempts=row.attempts,
            article=Article.from_row(article) if article is not None else None,
            created_at=row.created_at,
            started_at=row.started_at,
            finished_at=row.finished_at,
        )


@strawberry.type
class AnalysisItemEdge:
    cursor: str
    node: AnalysisItem


@strawberry.type(description="A page of a batch's items, in submission order.")
class AnalysisItemConnection:
    edges: list[AnalysisItemEdge]
    page_info: PageInfo


@strawberry.type(
    description="URLs submitted together; poll it with analysisBatch(id) until finished."
)
class AnalysisBatch(Node):
    pk: strawberry.Private[int]
    force: bool
    created_at: datetime
    counts: AnalysisCounts
    finished: bool = strawberry.field(description="True once no URL is queued or running.")

    @strawberry.field(
        description="Its URLs in submission order, optionally in one state; first is at most 100."
    )
    async def items(
        self,
        info: Info,
        first: int | None = 100,
        after: str | None = None,
        state: AnalysisState | None = None,
    ) -> AnalysisItemConnection:
        first = 100 if first is None else first
        if not 0 <= first <= listing.MAX_PAGE:
            raise GraphQLError(f"first must be between 0 and {listing.MAX_PAGE}")
        position = -1
        if after is not None:
            try:
                kind, _key, pos = decode_cursor(after)
            except InvalidIdError as exc:
                raise GraphQLError(str(exc)) from exc
            if kind != ITEMS or not isinstance(pos, int):
                raise GraphQLError(f"invalid cursor: {after!r}")
            position = pos
        async with info.context.sessions() as session:
            rows = await jobstore.list_items(
                session,
                batch_id=self.pk,
                after_position=position,
                limit=first + 1,
                state=None if state is None else ItemState(state.value),
            )
        edges = [
            AnalysisItemEdge(
                cursor=encode_cursor(ITEMS, None, item.position),
                node=AnalysisItem.from_row(item, article),
            )
            for item, article in rows[:first]
        ]
        return AnalysisItemConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(rows) > first,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

    @classmethod
    def from_row(cls, row: BatchRow, counts: dict[ItemState, int]) -> AnalysisBatch:
        assert row.id is not None
        return cls(
            pk=row.id,
            id=strawberry.ID(encode_id("AnalysisBatch", row.id)),
            force=row.force,
            created_at=row.created_at,
            counts=AnalysisCounts(
                queued=counts[ItemState.QUEUED],
                running=counts[ItemState.RUNNING],
                done=counts[ItemState.DONE],
                failed=counts[ItemState.FAILED],
                total=sum(counts.values()),
            ),
            finished=counts[ItemState.QUEUED] == 0 and counts[ItemState.RUNNING] == 0,
        )


SubmitAnalysesResult = Annotated[
    AnalysisBatch | AnalysisError, strawberry.union("SubmitAnalysesResult")
]


async def batch_by_id(info: Info, batch_id: int) -> AnalysisBatch | None:
    async with info.context.sessions() as session:
        row = await jobstore.get_batch(session, batch_id=batch_id)
        if row is None:
            return None
        counts = await jobstore.batch_counts(session, batch_id=batch_id)
    return AnalysisBatch.from_row(row, counts)


@strawberry.type
class BatchQueries:
    @strawberry.field(description="A batch of submitted URLs and its progress; null if unknown.")
    async def analysis_batch(self, info: Info, id: strawberry.ID) -> AnalysisBatch | None:
        try:
            pk = decode_id("AnalysisBatch", id)
        except InvalidIdError as exc:
            raise GraphQLError(str(exc)) from exc
        return await batch_by_id(info, pk)


@strawberry.type
class BatchMutations:
    @strawberry.mutation(
        description="Queue URLs for analysis and return their batch at once; poll "
        f"analysisBatch(id) for progress. At most {MAX_URLS} URLs per call; repeated URLs "
        "(after normalization) count once, and a URL already in flight elsewhere is fetched "
        "once for both. Without force, a URL analyzed before is not refetched."
    )
    async def submit_analyses(
        self, info: Info, urls: list[str], force: bool | None = False
    ) -> SubmitAnalysesResult:
        if len(urls) > MAX_URLS:
            raise GraphQLError(f"at most {MAX_URLS} urls per call")
        queue = info.context.jobs
        if queue is None:
            raise RuntimeError("no job queue in this context")
        try:
            progress = await submit_urls(info.context.sessions, queue, urls, force=bool(force))
        except Failure as exc:
            return AnalysisError(code=exc.code, message=exc.message)
        found = await batch_by_id(info, progress.batch_id)
        assert found is not None
        return found
