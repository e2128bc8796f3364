"""DataLoaders: a page of N articles costs one query per relation, whatever N is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from truthlens import listing, repository

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from truthlens.listing import MetricAverage
    from truthlens.models import Score, ScoreHistory, Summary


class Loaders:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self.summary: DataLoader[int, Summary | None] = DataLoader(self._summaries)
        self.scores: DataLoader[int, list[Score]] = DataLoader(self._scores)
        self.history: DataLoader[tuple[int, str | None, int], list[ScoreHistory]] = DataLoader(
            self._history
        )
        self.source_metrics: DataLoader[str, list[MetricAverage]] = DataLoader(self._source_metrics)

    async def _summaries(self, keys: list[int]) -> list[Summary | None]:
        async with self._sessions() as session:
            found = await repository.summaries_by_article(session, article_ids=keys)
        return [found.get(key) for key in keys]

    async def _scores(self, keys: list[int]) -> list[list[Score]]:
        async with self._sessions() as session:
            found = await repository.scores_by_article(session, article_ids=keys)
        return [found.get(key, []) for key in keys]

    async def _history(self, keys: list[tuple[int, str | None, int]]) -> list[list[ScoreHistory]]:
        """One query per (metric, limit) pair asked for; usually there is just one."""
        found: dict[tuple[int, str | None, int], list[ScoreHistory]] = {}
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
