"""Property tests: evidence offsets always index the text a frontend will highlight.

Texts mix news phrasing (so the built-in metrics find evidence) with emoji (some of them
several code points), combining marks, CJK, other scripts and every kind of line break.
"""

from __future__ import annotations

import asyncio

from hypothesis import given, settings
from hypothesis import strategies as st

from truthlens import Document, Evidence, Metric, MetricResult
from truthlens.analysis import ScoreStatus
from truthlens.plugin_manager import RegisteredMetric
from truthlens.plugins.accuracy import Accuracy
from truthlens.plugins.objectivity import Objectivity
from truthlens.plugins.transparency import Transparency
from truthlens.scoring import MAX_EVIDENCE, MetricRunner
from truthlens.sentences import split_sentences

PROPERTY = settings(max_examples=100, deadline=None, database=None)

PIECES = [
    "The council voted 7-2 on Tuesday",
    "according to the city's report",
    "officials said",
    '"We had no choice," the mayor said.',
    "“Shocking,” critics claimed",
    "This is an outrageous disaster!",
    "Prices rose 3.5% to $4.2 million",
    "Dr. Okafor, who studies bridges,",
    "allegedly",
    "sources say",
    "I think",
    "obviously",
    "https://example.org/report",
    "😀",
    "👩‍👩‍👧",  # a family: five code points, one glyph
    "🇩🇪",
    "e\u0301",  # e + combining acute
    "Z\u0351\u0336\u0489",  # stacked combining marks
    "中文新闻报道",
    "東京都は発表した。",
    "Ünïcödé façade",
    "مرحبا",
    "\n",
    "\n\n",
    "\r\n",
    "\u2028",
    "\t",
    ".",
    "?",
    " ",
]
TEXTS = st.one_of(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map(" ".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(min_size=1, max_size=12)), max_size=25)
    .map("".join)
    .filter(str.strip),
)


class Fixed(Metric):
    """Returns the evidence it is given; its span texts lie on purpose."""

    name = "fixed"
    label = "Fixed"
    description = "returns the spans it is given"
    version = "1.0"

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans

    async def score(self, document: Document) -> MetricResult:
        evidence = tuple(Evidence(s, e, "a lie", "span", 1.0) for s, e in self.spans)
        return MetricResult(5.0, "fixed", evidence, 0.5)


def run(text: str, spans: list[tuple[int, int]]) -> tuple[ScoreStatus, tuple[Evidence, ...]]:
    async def go() -> tuple[ScoreStatus, tuple[Evidence, ...]]:
        runner = MetricRunner([RegisteredMetric(Fixed(spans), "test", "1")], timeout=5.0)
        try:
            (score,) = await runner.score_all(Document(text=text))
        finally:
            runner.close()
        return score.status, score.evidence

    return asyncio.run(go())


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(TEXTS)
    n = len(text)
    inside = st.integers(0, n - 1).flatmap(lambda s: st.tuples(st.just(s), st.integers(s + 1, n)))
    spans = draw(st.lists(inside, max_size=MAX_EVIDENCE + 10))
    return text, spans


@st.composite
def text_and_bad_span(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text, spans = draw(text_and_spans())
    n = len(text)
    bad = draw(
        st.one_of(
            st.tuples(st.integers(-50, -1), st.integers(-50, n)),  # starts before the text
            st.tuples(st.integers(0, n), st.integers(n + 1, n + 50)),  # ends after it
            st.integers(0, n).map(lambda i: (i, i)),  # empty
            st.tuples(st.integers(1, n + 5), st.integers(-5, 0)),  # reversed
        )
    )
    position = draw(st.integers(0, min(len(spans), MAX_EVIDENCE - 1)))
    spans.insert(position, bad)
    return text, spans


@PROPERTY
@given(text_and_spans())
def test_spans_inside_the_text_are_kept_exactly(case: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = case
    status, evidence = run(text, spans)
    assert status is ScoreStatus.OK
    kept = spans[:MAX_EVIDENCE]
    assert [(e.start, e.end) for e in evidence] == kept
    for item in evidence:
        assert item.text == text[item.start : item.end]  # the offsets win over the metric's text


@PROPERTY
@given(text_and_bad_span())
def test_a_span_outside_the_text_makes_the_score_an_error(
    case: tuple[str, list[tuple[int, int]]],
) -> None:
    """Never a highlight at the wrong place: the whole result is refused, not patched."""
    text, spans = case
    status, evidence = run(text, spans)
    assert status is ScoreStatus.ERROR
    assert evidence == ()


@PROPERTY
@given(TEXTS)
def test_sentences_slice_the_text(text: str) -> None:
    for sentence in split_sentences(text):
        assert 0 <= sentence.start < sentence.end <= len(text)
        assert sentence.text == text[sentence.start : sentence.end]


BUILT_IN: list[Metric] = [Objectivity(), Accuracy(), Transparency()]


@PROPERTY
@given(TEXTS)
def test_built_in_metrics_stay_in_range_and_slice_the_text(text: str) -> None:
    document = Document(text=text, sentences=split_sentences(text))
    for metric in BUILT_IN:
        result = metric.score(document)
        assert isinstance(result, MetricResult), metric.name
        assert 0 <= result.value <= 10, (metric.name, result.value)
        assert 0 <= result.confidence <= 1, (metric.name, result.confidence)
        assert result.explanation.strip()
        for item in result.evidence:
            assert 0 <= item.start < item.end <= len(text), (metric.name, item)
            assert item.text == text[item.start : item.end], (metric.name, item)
