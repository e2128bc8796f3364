"""The host isolates metrics: failures become error scores, never failed analyses."""

from __future__ import annotations

import asyncio
import math
import threading
import time

import pytest

from truthlens import Document, Evidence, Metric, MetricResult
from truthlens.analysis import ScoreStatus
from truthlens.plugin_manager import RegisteredMetric
from truthlens.scoring import MetricRunner

DOC = Document(text="Prices rose 3% in May, the agency said.")


class Fixed(Metric):
    name = "fixed"
    label = "Fixed"
    description = "returns what it is given"
    version = "1.0"

    def __init__(self, result: object, name: str = "fixed") -> None:
        self.result = result
        self.name = name

    def score(self, document: Document) -> MetricResult:
        return self.result  # type: ignore[return-value]


class Raising(Fixed):
    def score(self, document: Document) -> MetricResult:
        raise RuntimeError("lexicon missing")


class Hanging(Fixed):
    release = threading.Event()

    def score(self, document: Document) -> MetricResult:
        self.release.wait(5)
        return MetricResult(5.0, "late")


class AsyncMetric(Fixed):
    async def score(self, document: Document) -> MetricResult:  # type: ignore[override]
        await asyncio.sleep(0)
        return MetricResult(7.0, "async works", (Evidence(0, 6, "Prices", "noun"),), 0.5)


class AsyncHanging(Fixed):
    async def score(self, document: Document) -> MetricResult:  # type: ignore[override]
        await asyncio.sleep(30)
        return MetricResult(5.0, "never")


def runner(*metrics: Metric, timeout: float = 1.0) -> MetricRunner:
    return MetricRunner([RegisteredMetric(m, "test-plugin", "9.9") for m in metrics], timeout)


async def test_ok_result_recorded_with_plugin_and_versions() -> None:
    result = MetricResult(8.5, "fine", (Evidence(0, 6, "Prices", "figure", 0.5),), 0.75)
    (score,) = await runner(Fixed(result)).score_all(DOC)
    assert score.status is ScoreStatus.OK
    assert (score.value, score.confidence, score.explanation) == (8.5, 0.75, "fine")
    assert (score.plugin, score.plugin_version, score.metric_version) == (
        "test-plugin",
        "9.9",
        "1.0",
    )
    assert score.evidence == (Evidence(0, 6, "Prices", "figure", 0.5),)


async def test_one_raising_metric_does_not_affect_others(
    caplog: pytest.LogCaptureFixture,
) -> None:
    good = Fixed(MetricResult(6.0, "ok"), name="good")
    scores = await runner(Raising(None, name="bad"), good).score_all(DOC)
    bad, ok = scores
    assert bad.status is ScoreStatus.ERROR
    assert bad.value is None
    assert bad.error == "RuntimeError: lexicon missing"
    assert "metric bad (plugin test-plugin) failed" in caplog.text
    assert ok.status is ScoreStatus.OK
    assert ok.value == 6.0


async def test_hanging_sync_metric_times_out_without_blocking_the_loop() -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    started = time.monotonic()
    try:
        (score,) = await runner(Hanging(None), timeout=0.3).score_all(DOC)
    finally:
        Hanging.release.set()
        task.cancel()
    assert score.status is ScoreStatus.ERROR
    assert score.error == "timed out after 0.3 s"
    assert time.monotonic() - started < 2
    assert ticks > 10  # the event loop kept running while the metric hung


async def test_async_metrics_are_awaited_and_time_limited() -> None:
    ok, hung = await runner(AsyncMetric(None, "a"), AsyncHanging(None, "b"), timeout=0.2).score_all(
        DOC
    )
    assert ok.status is ScoreStatus.OK
    assert ok.value == 7.0
    assert hung.status is ScoreStatus.ERROR
    assert "timed out" in (hung.error or "")


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (MetricResult(10.5, "too high"), "value 10.5 is outside 0..10"),
        (MetricResult(-1, "negative"), "value -1.0 is outside 0..10"),
        (MetricResult(math.nan, "nan"), "value nan is outside 0..10"),
        (MetricResult(5, "x", confidence=1.5), "confidence 1.5 is outside 0..1"),
        (MetricResult(5, "   "), "explanation must be a non-empty string"),
        (MetricResult(5, "x", (Evidence(30, 80, "?", "l"),)), "evidence span 30..80 is outside"),
        (MetricResult(5, "x", (Evidence(5, 5, "", "l"),)), "evidence span 5..5 is outside"),
        ({"value": 5}, "expected MetricResult, got dict"),
        (MetricResult("5", "x"), "value must be a number"),  # type: ignore[arg-type]
    ],
)
async def test_invalid_results_become_error_scores(result: object, message: str) -> None:
    (score,) = await runner(Fixed(result)).score_all(DOC)
    assert score.status is ScoreStatus.ERROR
    assert message in (score.error or ""), score.error


async def test_evidence_text_is_taken_from_the_offsets() -> None:
    result = MetricResult(5.0, "x", (Evidence(0, 6, "wrong text", "l"),))
    (score,) = await runner(Fixed(result)).score_all(DOC)
    assert score.evidence[0].text == "Prices"


async def test_a_metric_that_keeps_hanging_is_skipped_not_piled_up() -> None:
    gate = threading.Event()

    class Stuck(Fixed):
        def score(self, document: Document) -> MetricResult:
            gate.wait(10)
            return MetricResult(5.0, "late")

    run = runner(Stuck(None, "stuck"), Fixed(MetricResult(6.0, "ok"), "fine"), timeout=0.1)
    try:
        outcomes = [await run.score_all(DOC) for _ in range(4)]
    finally:
        gate.set()
    errors = [stuck.error for stuck, _fine in outcomes]
    assert errors[:2] == ["timed out after 0.1 s"] * 2
    assert all("skipped: 2 earlier calls are still running" in (e or "") for e in errors[2:])
    assert all(fine.status is ScoreStatus.OK for _stuck, fine in outcomes)
    # Once the stuck calls finish, the metric runs again.
    for _ in range(50):
        if not run._overdue["stuck"]:
            break
        await asyncio.sleep(0.01)
    gate.set()
    (again, _fine) = await run.score_all(DOC)
    assert again.status is ScoreStatus.OK
    run.close()
