"""Storage on SQLite and PostgreSQL: identity, upserts, times, pagination order."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, select

from truthlens import Document, Evidence, listing, repository
from truthlens.analysis import Analysis, Produced, ScoreOutcome, ScoreStatus
from truthlens.db import WRITE
from truthlens.models import Article, Score, Summary

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def make_analysis(
    text: str = "The council approved the budget on Tuesday.",
    url: str | None = None,
    value: float = 7.0,
    at: datetime = NOW,
    **document: Any,
) -> Analysis:
    score = ScoreOutcome(
        metric="objectivity",
        label="Objectivity",
        value=value,
        confidence=0.5,
        explanation="neutral",
        evidence=(Evidence(4, 11, text[4:11], "subject", 0.5),),
        plugin="objectivity",
        plugin_version="0.1.0",
        metric_version="1.0.0",
        status=ScoreStatus.OK,
        error=None,
        computed_at=at,
    )
    return Analysis(
        document=Document(text=text, url=url, **document),
        source="url" if url else "text",
        headline=Produced("Council approves budget", "summary_extractive", "1.0.0"),
        summary=Produced(text, "summary_extractive", "1.0.0"),
        scores=(score,),
        average_score=value,
        analyzed_at=at,
    )


async def save(sessions: Any, analysis: Analysis) -> Article:
    async with sessions() as session:
        await session.connection(execution_options=WRITE)
        article = await repository.save_analysis(session, analysis=analysis)
        await session.commit()
    assert isinstance(article, Article)
    return article


def pk(article: Article | listing.ArticleRecord) -> int:
    assert article.id is not None
    return article.id


async def count(sessions: Any, model: type) -> int:
    async with sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)))


async def test_same_url_updates_one_article(sessions: Any) -> None:
    first = await save(sessions, make_analysis(url="https://News.example.org/a?utm_source=x#c"))
    second = await save(
        sessions,
        make_analysis(
            text="Updated text of the story.",
            url="https://news.example.org/a",
            value=3.0,
            at=NOW + timedelta(hours=1),
        ),
    )
    assert second.id == first.id
    assert second.text == "Updated text of the story."
    assert second.created_at == NOW
    assert second.analyzed_at == NOW + timedelta(hours=1)
    assert second.normalized_url == "https://news.example.org/a"
    assert (await count(sessions, Article), await count(sessions, Summary)) == (1, 1)
    async with sessions() as session:
        scores = await repository.scores_by_article(session, article_ids=[pk(first)])
    assert [s.value for s in scores[pk(first)]] == [3.0]


async def test_same_text_is_the_same_article(sessions: Any) -> None:
    first = await save(sessions, make_analysis(text="One  sentence\nhere."))
    second = await save(sessions, make_analysis(text="One sentence here."))
    assert second.id == first.id
    assert first.identity_key.startswith("sha256:")
    assert await count(sessions, Article) == 1


async def test_text_matching_a_url_article_joins_it(sessions: Any) -> None:
    with_url = await save(sessions, make_analysis(url="https://example.org/story"))
    pasted = await save(sessions, make_analysis())
    assert pasted.id == with_url.id
    assert pasted.url == "https://example.org/story"
    assert pasted.normalized_url == "https://example.org/story"


async def test_concurrent_saves_of_one_url_make_one_row(sessions: Any) -> None:
    analyses = [
        make_analysis(url="https://example.org/race", value=float(i % 10)) for i in range(50)
    ]
    articles = await asyncio.gather(*(save(sessions, a) for a in analyses))
    assert len({a.id for a in articles}) == 1
    assert await count(sessions, Article) == 1
    assert await count(sessions, Score) == 1


async def test_times_are_utc_aware(sessions: Any) -> None:
    published = datetime(2026, 3, 14, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    saved = await save(sessions, make_analysis(published_at=published))
    async with sessions() as session:
        article = await repository.get_article(session, article_id=pk(saved))
    assert article is not None
    assert article.published_at == published
    assert article.published_at.tzinfo == UTC
    assert article.analyzed_at == NOW


async def test_evidence_round_trips_as_json(sessions: Any) -> None:
    saved = await save(sessions, make_analysis(text="Héllo 😀 council approved it."))
    assert saved.id is not None
    async with sessions() as session:
        (score,) = (await repository.scores_by_article(session, article_ids=[saved.id]))[saved.id]
    assert score.evidence == [
        {"start": 4, "end": 11, "text": "o 😀 cou", "label": "subject", "weight": 0.5}
    ]


async def test_list_articles_keyset_order(sessions: Any) -> None:
    ids: list[int] = []
    for i in range(5):
        analysis = make_analysis(text=f"Story number {i}.", at=NOW + timedelta(minutes=i % 2))
        ids.append(pk(await save(sessions, analysis)))
    async with sessions() as session:
        everything = await listing.list_articles(session, first=10)
        expected = [(a.analyzed_at, a.id) for a in everything]
        assert expected == sorted(expected, reverse=True)
        page = await listing.list_articles(session, first=2)
        rest = await listing.list_articles(
            session, first=10, after=(page[-1].analyzed_at, page[-1].id or 0)
        )
    assert [a.id for a in page + rest] == [a.id for a in everything]
    assert sorted(pk(a) for a in everything) == sorted(ids)


async def test_find_by_url_uses_normalized_form(sessions: Any) -> None:
    saved = await save(sessions, make_analysis(url="https://example.org/x?id=1&utm_medium=a"))
    async with sessions() as session:
        found = await repository.find_article_by_url(session, url="HTTPS://EXAMPLE.org/x?id=1#top")
        missing = await repository.find_article_by_url(session, url="https://example.org/x?id=2")
        garbage = await repository.find_article_by_url(session, url="::not a url::")
    assert found is not None
    assert found.id == saved.id
    assert missing is None
    assert garbage is None


async def test_error_scores_are_stored_and_average_ignores_them(sessions: Any) -> None:
    analysis = make_analysis()
    failed = replace(
        analysis.scores[0], metric="accuracy", value=None, status=ScoreStatus.ERROR, error="boom"
    )
    analysis = replace(analysis, scores=(*analysis.scores, failed))
    saved = await save(sessions, analysis)
    assert saved.average_score == 7.0
    assert saved.id is not None
    async with sessions() as session:
        scores = (await repository.scores_by_article(session, article_ids=[saved.id]))[saved.id]
    assert [(s.metric, s.status, s.error) for s in scores] == [
        ("accuracy", "error", "boom"),
        ("objectivity", "ok", None),
    ]
