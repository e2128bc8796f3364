"""Versioned scores: rescoring from the stored text, stale detection, history, weights."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from typing import Any

import pytest

from truthlens import Document, Metric, MetricResult, repository
from truthlens.errors import AnalysisError, ErrorCode
from truthlens.pipeline import Pipeline, Request
from truthlens.plugin_manager import RegisteredMetric, create_plugin_host
from truthlens.rescoring import rescore_store
from truthlens.settings import Settings


class Words(Metric):
    """Scores by word count; its version and scale are set per test to mimic an upgrade."""

    name = "words"
    label = "Words"
    description = "test metric"

    def __init__(self, version: str, scale: float) -> None:
        self.version = version
        self.scale = scale

    def score(self, document: Document) -> MetricResult:
        return MetricResult(min(10.0, self.scale * document.word_count), f"{self.scale}x words")


def with_words(pipeline: Pipeline, version: str, scale: float) -> None:
    """Install `words` at a version, as a plugin upgrade would."""
    metric = RegisteredMetric(Words(version, scale), "words_plugin", "1.0.0")
    metrics = [m for m in pipeline.host.metrics if m.metric.name != "words"] + [metric]
    pipeline.host.metrics[:] = metrics
    pipeline.runner.metrics = metrics


@pytest.fixture
async def pipeline(sessions: Any) -> AsyncIterator[Pipeline]:
    host = create_plugin_host(load_entry_points=False)
    pipe = Pipeline(host, Settings(metric_weights={"words": 2.0}), sessions)
    with_words(pipe, "1.0", 1.0)
    yield pipe
    await pipe.aclose()


async def store(pipeline: Pipeline, *texts: str) -> list[int]:
    return [
        (await pipeline.analyze_and_store(Request(source="text", text=t))).article_id for t in texts
    ]


async def current(pipeline: Pipeline, article_id: int, metric: str) -> Any:
    assert pipeline.sessions is not None
    async with pipeline.sessions() as session:
        rows = await repository.scores_by_article(session, article_ids=[article_id])
    return next(r for r in rows[article_id] if r.metric == metric)


async def test_stale_scores_are_rescored_once(pipeline: Pipeline) -> None:
    ids = await store(pipeline, "One two three.", "Four five six seven.", "Eight nine.")
    out = io.StringIO()
    assert await rescore_store(pipeline, stale=True, progress=out) == (0, 0)

    with_words(pipeline, "2.0", 2.0)
    assert await rescore_store(pipeline, stale=True, progress=out) == (3, 0)
    score = await current(pipeline, ids[1], "words")
    assert (score.metric_version, score.value) == ("2.0", 8.0)
    assert "rescored 3/3" in out.getvalue()
    assert await rescore_store(pipeline, stale=True, progress=out) == (0, 0)

    assert pipeline.sessions is not None
    async with pipeline.sessions() as session:
        history = await repository.score_history(
            session, article_ids=[ids[1]], metric="words", limit=10
        )
    assert [(h.metric_version, h.value) for h in history[ids[1]]] == [("2.0", 8.0), ("1.0", 4.0)]


async def test_rescore_only_the_named_metric_and_keep_the_text(pipeline: Pipeline) -> None:
    (article_id,) = await store(pipeline, "The council met on Tuesday, officials said.")
    before = await current(pipeline, article_id, "objectivity")
    with_words(pipeline, "2.0", 0.5)
    await pipeline.rescore(article_id, ["words"])
    after = await current(pipeline, article_id, "objectivity")
    assert after.computed_at == before.computed_at  # untouched
    assert (await current(pipeline, article_id, "words")).metric_version == "2.0"


async def test_average_is_recomputed_with_weights(pipeline: Pipeline) -> None:
    (article_id,) = await store(pipeline, "Alpha beta gamma delta.")
    assert pipeline.sessions is not None

    async def average() -> float | None:
        assert pipeline.sessions is not None
        async with pipeline.sessions() as session:
            article = await repository.get_article(session, article_id=article_id)
        assert article is not None
        return article.average_score

    async def expected() -> float:
        assert pipeline.sessions is not None
        async with pipeline.sessions() as session:
            rows = (await repository.scores_by_article(session, article_ids=[article_id]))[
                article_id
            ]
        values = {r.metric: r.value for r in rows}
        weights = {name: 2.0 if name == "words" else 1.0 for name in values}
        total = sum(weights[n] * (v or 0) for n, v in values.items())
        return round(total / sum(weights.values()), 2)

    assert await average() == await expected()
    with_words(pipeline, "2.0", 0.5)
    await pipeline.rescore(article_id, ["words"])
    assert (await current(pipeline, article_id, "words")).value == 2.0
    assert await average() == await expected()


async def test_rescore_errors_are_typed(pipeline: Pipeline) -> None:
    with pytest.raises(AnalysisError) as missing:
        await pipeline.rescore(10_000)
    assert missing.value.code is ErrorCode.NOT_FOUND
    (article_id,) = await store(pipeline, "Some text.")
    with pytest.raises(AnalysisError) as unknown:
        await pipeline.rescore(article_id, ["nope"])
    assert unknown.value.code is ErrorCode.INVALID_INPUT
