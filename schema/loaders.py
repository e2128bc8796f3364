"""DataLoaders: a page of N articles costs one query per relation, whatever N is.

Resolvers that return articles and see which relations the query selects read them up
front instead (`load_related`, in the resolver's own session): the same statements, but
no DataLoader round per field, and the article's fields then resolve synchronously.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from strawberry.dataloader import DataLoader
from strawberry.types.nodes import SelectedField

from truthlens import listing, repository

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
    from strawberry.types.nodes import Selection

    from truthlens.listing import MetricAverage, SummaryRecord
    from truthlens.repository import ScoreRecord

SUMMARY_FIELDS = frozenset({"summary"})
SCORE_FIELDS = frozenset({"scores", "score"})


class Loaders:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self.summary: DataLoader[int, SummaryRecord | None] = DataLoader(self._summaries)
        self.scores: DataLoader[int, list[ScoreRecord]] = DataLoader(self._scores)
        self.history: DataLoader[tuple[int, str | None, int], list[ScoreRecord]] = DataLoader(
            self._history
        )
        self.source_metrics: DataLoader[str, list[MetricAverage]] = DataLoader(self._source_metrics)

    async def _summaries(self, keys: list[int]) -> list[SummaryRecord | None]:
        async with self._sessions() as session:
            found = await repository.summaries_by_article(session, article_ids=keys)
        return [found.get(key) for key in keys]

    async def _scores(self, keys: list[int]) -> list[list[ScoreRecord]]:
        async with self._sessions() as session:
            found = await repository.scores_by_article(session, article_ids=keys)
        return [found.get(key, []) for key in keys]

    async def _history(self, keys: list[tuple[int, str | None, int]]) -> list[list[ScoreRecord]]:
        """One query per (metric, limit) pair asked for; usually there is just one."""
        found: dict[tuple[int, str | None, int], list[ScoreRecord]] = {}
        async with self._sessions() as session:
            for metric, limit in {(m, n) for _, m, n in keys}:
                ids = [pk for pk, m, n in keys if (m, n) == (metric, limit)]
                rows = await repository.score_history(
                    session, article_ids=ids, metric=metric, limit=limit
                )
                found.update({(pk, metric, limit): rows.get(pk, []) for pk in ids})
        return [found[key] for key in keys]

    async def _source_metrics(self, keys: list[str]) -> list[list[MetricAverage]]:
        async with self._sessions() as session:
            found = await listing.metric_averages_by_site(session, sites=keys)
        return [found.get(key, []) for key in keys]


@dataclass(frozen=True, slots=True)
class Related:
    """Summaries and scores of some articles, read with them; None: not read."""

    summaries: dict[int, SummaryRecord] | None = None
    scores: dict[int, list[ScoreRecord]] | None = None


async def load_related(
    session: AsyncSession,
    article_ids: list[int],
    wanted: Iterable[str],
    *,
    summaries: dict[int, SummaryRecord] | None = None,
) -> Related | None:
    """The relations among `wanted` (GraphQL field names of Article), one query each.

    `summaries`, if given, were read with the articles and are not read again.
    """
    names = frozenset(wanted)
    if not article_ids or not names & (SUMMARY_FIELDS | SCORE_FIELDS):
        return None
    scores = None
    if names & SUMMARY_FIELDS and summaries is None:
        summaries = await repository.summaries_by_article(session, article_ids=article_ids)
    if names & SCORE_FIELDS:
        scores = await repository.scores_by_article(session, article_ids=article_ids)
    return Related(summaries=summaries, scores=scores)


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    """The fields of a selection set, through fragment spreads and inline fragments."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        else:
            yield from _fields(selection.selections)


def selected_names(current: list[Any], *path: str) -> set[str]:
    """Names of the fields selected at `path` below the resolver's field.

    `current` is `info.selected_fields`. Directives are ignored: a field under @skip only
    makes its relation be read anyway.
    """
    level = [child for field in _fields(current) for child in _fields(field.selections)]
    for name in path:
        level = [f for s in level if s.name == name for f in _fields(s.selections)]
    return {field.name for field in level}
