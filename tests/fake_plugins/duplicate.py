"""Registers a metric whose name is already taken by tests.fake_plugins.good."""

from tests.fake_plugins.good import Length
from truthlens import hookimpl


class Shadow(Length):
    label = "Shadow"


@hookimpl
def register_metrics() -> list[Length]:
    return [Shadow()]


@hookimpl
def summarize(document: object) -> str:
    raise RuntimeError("summarizer crashed")
