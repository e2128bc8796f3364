"""The pipeline without HTTP: inputs, fallbacks, typed failures."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from truthlens.analysis import ScoreStatus
from truthlens.errors import AnalysisError, ErrorCode
from truthlens.pipeline import Pipeline, Request
from truthlens.plugin_manager import BUILTIN_PLUGINS, create_plugin_host
from truthlens.settings import Settings

from .conftest import PAGES

TEXT = (
    "The council voted 7-2 on Tuesday to repair the Harbor Street bridge. "
    "Work will start in May, officials said. "
    "The repairs will cost $4.2 million, according to the public works department."
)


@pytest.fixture
async def pipeline() -> AsyncIterator[Pipeline]:
    host = create_plugin_host(load_entry_points=False)
    pipe = Pipeline(host, Settings(max_input_bytes=10_000))
    yield pipe
    await pipe.aclose()


async def test_text_gets_headline_summary_and_scores(pipeline: Pipeline) -> None:
    analysis = await pipeline.analyze(Request(source="text", text=TEXT, title="Bridge vote"))
    assert analysis.document.title == "Bridge vote"
    assert len(analysis.document.sentences) == 3
    assert analysis.headline.plugin == "summary_extractive"
    assert analysis.headline.text
    assert analysis.summary.text
    assert [s.metric for s in analysis.scores] == [
        "objectivity",
        "accuracy",
        "transparency",
        "clickbait",
    ]
    assert all(s.status is ScoreStatus.OK for s in analysis.scores)
    assert analysis.average_score is not None


async def test_single_sentence_is_analyzed_with_low_confidence(pipeline: Pipeline) -> None:
    analysis = await pipeline.analyze(Request(source="text", text="Shocking!"))
    assert all(s.status is ScoreStatus.OK for s in analysis.scores)
    assert all((s.confidence or 0) <= 0.5 for s in analysis.scores)


async def test_html_is_extracted(pipeline: Pipeline) -> None:
    html = (PAGES / "harbor_bridge.html").read_bytes()
    settings = Settings(max_input_bytes=len(html) + 1)
    pipe = Pipeline(pipeline.host, settings)
    try:
        analysis = await pipe.analyze(Request(source="html", html=html))
    finally:
        await pipe.aclose()
    assert analysis.source == "html"
    assert analysis.document.author == "Maria Okafor"
    assert analysis.document.sentences[0].start == 0


@pytest.mark.parametrize(
    ("request_", "code"),
    [
        (Request(source="text", text=" \n "), ErrorCode.INVALID_INPUT),
        (Request(source="text", text="x" * 10_001), ErrorCode.TOO_LARGE),
        (Request(source="text", text="é" * 5_001), ErrorCode.TOO_LARGE),  # bytes, not characters
        (Request(source="html", html=""), ErrorCode.INVALID_INPUT),
        (Request(source="html", html="<p>" + "x" * 10_000), ErrorCode.TOO_LARGE),
        (
            Request(source="html", html="<html><body><nav>Home</nav></body></html>"),
            ErrorCode.NO_CONTENT,
        ),
        (Request(source="url", url=""), ErrorCode.INVALID_INPUT),
        (Request(source="url", url="file:///etc/passwd"), ErrorCode.INVALID_INPUT),
        (Request(source="url", url="http://127.0.0.1:9/x"), ErrorCode.BLOCKED_ADDRESS),
        (Request(source="text", text="ok", url="javascript:alert(1)"), ErrorCode.INVALID_INPUT),
    ],
)
async def test_bad_input_is_a_typed_error(
    pipeline: Pipeline, request_: Request, code: ErrorCode
) -> None:
    with pytest.raises(AnalysisError) as caught:
        await pipeline.analyze(request_)
    assert caught.value.code is code
    assert caught.value.message


async def test_crashing_provider_falls_back_to_the_next() -> None:
    host = create_plugin_host(
        builtins=[*BUILTIN_PLUGINS, "tests.fake_plugins.duplicate"], load_entry_points=False
    )
    pipe = Pipeline(host, Settings())
    try:
        analysis = await pipe.analyze(Request(source="text", text=TEXT))
    finally:
        await pipe.aclose()
    assert analysis.summary.plugin == "summary_extractive"


async def test_without_providers_the_host_falls_back() -> None:
    host = create_plugin_host(builtins=[], load_entry_points=False)
    pipe = Pipeline(host, Settings())
    try:
        analysis = await pipe.analyze(Request(source="text", text=TEXT))
    finally:
        await pipe.aclose()
    assert analysis.headline.plugin == "truthlens"
    assert analysis.headline.text.startswith("The council voted 7-2")
    assert analysis.summary.text == TEXT
    assert analysis.scores == ()
    assert analysis.average_score is None


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        ("News\nLocal\nSport\nHarbor bridge repairs begin in May", False),
        ("Read more. Next.", False),
        ("The council voted on Tuesday to repair the bridge.", True),
        ("市議会は火曜日、新しい図書館の建設を承認した。", True),
        ("図書館", False),
    ],
)
def test_pages_without_a_sentence_are_not_articles(text: str, prose: bool) -> None:
    from truthlens.pipeline import _has_prose

    assert _has_prose(text) is prose


async def test_nul_is_dropped_and_lone_surrogates_refused(pipeline: Pipeline) -> None:
    analysis = await pipeline.analyze(
        Request(source="text", text="Prices\x00 rose.", title="A\x00B")
    )
    assert analysis.document.text == "Prices rose."
    assert analysis.document.title == "AB"
    with pytest.raises(AnalysisError) as caught:
        await pipeline.analyze(Request(source="text", text="caf\udce9 prices rose"))
    assert caught.value.code is ErrorCode.INVALID_INPUT
    assert "lone surrogate" in caught.value.message


def test_sentence_marks_of_other_scripts_count_as_prose() -> None:
    from truthlens.pipeline import _has_prose

    bengali = "আসনের সংসদ সদস্য অ্যাডভোকেট আ ক ম সারওয়ার জাহান বাদশার ফুপাতো ভাই হত্যা করা হয়েছে।"
    assert _has_prose(bengali)


async def test_a_metric_with_nothing_to_judge_stays_out_of_the_average(
    pipeline: Pipeline,
) -> None:
    # Three sentences and no title: clickbait has no headline to judge (confidence 0).
    analysis = await pipeline.analyze(Request(source="text", text=TEXT))
    by_metric = {s.metric: s for s in analysis.scores}
    assert by_metric["clickbait"].confidence == 0
    judged = [s.value for s in analysis.scores if s.value is not None and s.confidence]
    assert len(judged) == len(analysis.scores) - 1
    assert analysis.average_score == round(sum(judged) / len(judged), 2)
