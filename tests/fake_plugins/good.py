"""A well-behaved plugin with one metric and a headline provider."""

from truthlens import Document, Metric, MetricResult, hookimpl

__version__ = "2.5.0"


class Length(Metric):
    name = "length"
    label = "Length"
    description = "Longer is better, up to a point."
    version = "1.1"

    def score(self, document: Document) -> MetricResult:
        return MetricResult(min(10.0, document.word_count / 10), "word count based")


@hookimpl
def register_metrics() -> list[Metric]:
    return [Length()]


@hookimpl
def suggest_headline(document: Document) -> str:
    return "Headline from the good plugin"
