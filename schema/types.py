"""GraphQL object types, built explicitly from persistence rows (rows are not API types)."""

from __future__ import annotations

import json
from collections.abc import Awaitable
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from graphql import GraphQLError

from truthlens.errors import ErrorCode
from truthlens.listing import ArticleOrder
from truthlens.schema.context import Context
from truthlens.schema.ids import encode_id
from truthlens.schema.loaders import Related

if TYPE_CHECKING:
    from truthlens.listing import ArticleRecord, SourceSummary, SummaryRecord
    from truthlens.listing import MetricAverage as MetricAverageRow
    from truthlens.models import Article as ArticleRow
    from truthlens.plugin_manager import RegisteredMetric
    from truthlens.repository import ScoreRecord

MAX_HISTORY = 100
OFFSETS = (
    "Offsets are Unicode code point indices into `Article.text` (Python string indices); "
    "JavaScript strings count UTF-16 code units, so convert before slicing in a browser."
)

strawberry.enum(ErrorCode, description="Stable codes of expected failures.")
strawberry.enum(
    ArticleOrder,
    description="How articles are ordered: NEWEST, most recent analysis first; PUBLISHED, "
    "most recently published first, undated articles last; SCORE, highest average score "
    "first, unscored articles last. Ties go to the newest article id.",
)


@strawberry.interface(description="An object with a global ID, fetchable with `node(id)`.")
class Node:
    id: strawberry.ID


@strawberry.enum(description="Whether a metric produced a value or failed.")
class ScoreStatus(Enum):
    OK = "ok"
    ERROR = "error"


@strawberry.type(description=f"A span of the article text that drove a score. {OFFSETS}")
class Evidence:
    start: int = strawberry.field(description="First code point of the span.")
    end: int = strawberry.field(description="Code point after the span.")
    text: str
    label: str = strawberry.field(description="Why this span matters, e.g. 'loaded language'.")
    weight: float | None = strawberry.field(description="Relative influence on the score.")


def _evidence(root: Score) -> list[Evidence]:
    spans: list[dict[str, Any]] = json.loads(root.evidence_json)
    return [
        Evidence(
            start=e["start"], end=e["end"], text=e["text"], label=e["label"], weight=e.get("weight")
        )
        for e in spans
    ]


@strawberry.type(description="One metric's score of an article, 0 (worst) to 10 (best).")
class Score:
    metric: str
    label: str
    value: float | None = strawberry.field(description="0-10; null when status is ERROR.")
    confidence: float | None = strawberry.field(description="0-1; low for very short texts.")
    explanation: str
    evidence: list[Evidence] = strawberry.field(resolver=_evidence)
    plugin: str = strawberry.field(description="The plugin that produced this score.")
    plugin_version: str
    metric_version: str
    status: ScoreStatus
    error: str | None
    computed_at: datetime
    evidence_json: strawberry.Private[str]
    """Decoded only when `evidence` is asked for: lists of scores rarely ask for it."""

    @classmethod
    def from_row(cls, row: ScoreRecord) -> Score:
        return cls(
            metric=row.metric,
            label=row.label,
            value=row.value,
            confidence=row.confidence,
            explanation=row.explanation,
            evidence_json=row.evidence_json,
            plugin=row.plugin,
            plugin_version=row.plugin_version,
            metric_version=row.metric_version,
            status=ScoreStatus(row.status),
            error=row.error,
            computed_at=row.computed_at,
        )


@strawberry.type(description="A neutral suggested headline and a short summary.")
class Summary:
    headline: str
    text: str
    plugin: str
    plugin_version: str

    @classmethod
    def from_row(cls, row: SummaryRecord) -> Summary:
        return cls(
            headline=row.headline,
            text=row.text,
            plugin=row.plugin,
            plugin_version=row.plugin_version,
        )


@strawberry.type(description="An analyzed article.")
class Article(Node):
    pk: strawberry.Private[int]
    url: str | None
    title: str | None
    author: str | None
    site_name: str | None
    published_at: datetime | None
    language: str | None
    kind: str | None = strawberry.field(description="news, opinion, analysis, blog... if known.")
    text: str = strawberry.field(description="The extracted article text; evidence indexes it.")
    word_count: int
    average_score: float | None = strawberry.field(
        description="Mean of the metric scores that succeeded."
    )
    analyzed_at: datetime
    related: strawberry.Private[Related | None] = None
    """Summary and scores read with the article (a page's in one query each), if any.

    The resolvers below are synchronous when they are there: graphql-core completes a
    plain value much faster than an awaitable (it gathers those per list). Otherwise
    they return the DataLoader's awaitable, batched per request as before.
    """

    @strawberry.field(graphql_type=Summary | None)
    def summary(
        self, info: strawberry.Info[Context, None]
    ) -> Summary | Awaitable[Summary | None] | None:
        related = self.related
        if related is not None and related.summaries is not None:
            return _summary(related.summaries.get(self.pk))
        return self._load_summary(info)

    @strawberry.field(graphql_type=list[Score])
    def scores(self, info: strawberry.Info[Context, None]) -> list[Score] | Awaitable[list[Score]]:
        related = self.related
        if related is not None and related.scores is not None:
            return [Score.from_row(row) for row in related.scores.get(self.pk, ())]
        return self._load_scores(info)

    @strawberry.field(graphql_type=Score | None)
    def score(
        self, info: strawberry.Info[Context, None], metric: str
    ) -> Score | Awaitable[Score | None] | None:
        related = self.related
        if related is not None and related.scores is not None:
            rows = related.scores.get(self.pk, ())
            return next((Score.from_row(r) for r in rows if r.metric == metric), None)
        return self._load_score(info, metric)

    async def _load_summary(self, info: strawberry.Info[Context, None]) -> Summary | None:
        return _summary(await info.context.loaders.summary.load(self.pk))

    async def _load_scores(self, info: strawberry.Info[Context, None]) -> list[Score]:
        return [Score.from_row(row) for row in await info.context.loaders.scores.load(self.pk)]

    async def _load_score(self, info: strawberry.Info[Context, None], metric: str) -> Score | None:
        rows = await info.context.loaders.scores.load(self.pk)
        return next((Score.from_row(r) for r in rows if r.metric == metric), None)

    @strawberry.field(
        description="Every score computed for this article, newest first (current ones "
        "included), optionally for one metric; first is at most 100."
    )
    async def score_history(
        self, info: strawberry.Info[Context, None], metric: str | None = None, first: int = 20
    ) -> list[Score]:
        if not 0 <= first <= MAX_HISTORY:
            raise GraphQLError(f"first must be between 0 and {MAX_HISTORY}")
        rows = await info.context.loaders.history.load((self.pk, metric, first))
        return [Score.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: ArticleRow | ArticleRecord, related: Related | None = None) -> Article:
        assert row.id is not None
        return cls(
            pk=row.id,
            id=strawberry.ID(encode_id("Article", row.id)),
            url=row.url,
            title=row.title,
            author=row.author,
            site_name=row.site_name,
            published_at=row.published_at,
            language=row.language,
            kind=row.kind,
            text=row.text,
            word_count=row.word_count,
            average_score=row.average_score,
            analyzed_at=row.analyzed_at,
            related=related,
        )


def _summary(row: SummaryRecord | None) -> Summary | None:
    return Summary.from_row(row) if row else None


@strawberry.type(description="A metric the service scores articles on.")
class Metric:
    name: str
    label: str
    description: str
    version: str
    plugin: str
    plugin_version: str

    @classmethod
    def from_registered(cls, registered: RegisteredMetric) -> Metric:
        metric = registered.metric
        return cls(
            name=metric.name,
            label=metric.label,
            description=metric.description,
            version=metric.version,
            plugin=registered.plugin,
            plugin_version=registered.plugin_version,
        )


@strawberry.type(description="Why an analysis could not be made.")
class AnalysisError:
    code: ErrorCode
    message: str


AnalyzeResult = Annotated[Article | AnalysisError, strawberry.union("AnalyzeResult")]


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class ArticleEdge:
    cursor: str
    node: Article


@strawberry.type(description="A page of articles, in the order asked for.")
class ArticleConnection:
    edges: list[ArticleEdge]
    page_info: PageInfo
    total_count: int = strawberry.field(description="How many articles match the filter.")


@strawberry.type(description="The mean of one metric's successful scores over a site's articles.")
class MetricAverage:
    metric: str
    average: float
    count: int = strawberry.field(description="How many scores the mean is over.")

    @classmethod
    def from_row(cls, row: MetricAverageRow) -> MetricAverage:
        return cls(metric=row.metric, average=row.average, count=row.count)


@strawberry.type(description="A site (the articles' siteName) and the roll-up of its scores.")
class Source(Node):
    site: str
    article_count: int
    average_score: float | None = strawberry.field(
        description="Mean of its articles' average scores."
    )
    latest_analyzed_at: datetime

    @strawberry.field(description="Per metric, ordered by metric name.")
    async def metrics(self, info: strawberry.Info[Context, None]) -> list[MetricAverage]:
        rows = await info.context.loaders.source_metrics.load(self.site)
        return [MetricAverage.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: SourceSummary) -> Source:
        return cls(
            id=strawberry.ID(encode_id("Source", row.site)),
            site=row.site,
            article_count=row.article_count,
            average_score=row.average_score,
            latest_analyzed_at=row.latest_analyzed_at,
        )


@strawberry.type
class SourceEdge:
    cursor: str
    node: Source


@strawberry.type(description="A page of sources, most articles first, then by site.")
class SourceConnection:
    edges: list[SourceEdge]
    page_info: PageInfo
    total_count: int


@strawberry.input(description="A minimum current score on one metric.")
class MetricThreshold:
    metric: str
    value: float


@strawberry.input(description="Conditions an article must all meet; omitted fields match any.")
class ArticleFilter:
    site: str | None = strawberry.field(default=None, description="Exactly this siteName.")
    kind: str | None = None
    language: str | None = None
    published_after: datetime | None = strawberry.field(
        default=None, description="Published at or after this time (with a UTC offset)."
    )
    published_before: datetime | None = strawberry.field(
        default=None, description="Published strictly before this time (with a UTC offset)."
    )
    min_average_score: float | None = None
    max_average_score: float | None = None
    min_score: MetricThreshold | None = strawberry.field(
        default=None, description="The current score on that metric is at least the value."
    )
    title_contains: str | None = strawberry.field(
        default=None, description="Case-insensitive substring of the title (no wildcards)."
    )


@strawberry.input
class AnalyzeTextInput:
    text: str
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published_at: datetime | None = None


@strawberry.input
class AnalyzeHtmlInput:
    html: str
    url: str | None = None
