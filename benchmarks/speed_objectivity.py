"""Per-article time of the objectivity and clickbait metrics on CNN/DailyMail articles.

    .venv/bin/python benchmarks/speed_objectivity.py [--data PATH] [--limit N] [--repeat R]

Runs each metric's `score` directly on one core (no pipeline, no threads), on
documents already split into sentences as the pipeline hands them over, and prints
the median and 90th-percentile CPU milliseconds (`time.thread_time`, best of
`--repeat`) per article and per 1,000 words. The
model files are loaded before timing (the service loads them once per process).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from benchmarks import datasets  # noqa: E402
from truthlens import Document, split_sentences  # noqa: E402
from truthlens.metric import Metric  # noqa: E402
from truthlens.plugins.clickbait import Clickbait  # noqa: E402
from truthlens.plugins.objectivity import Objectivity  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    items = datasets.cnndm(args.data, args.limit)
    documents = [
        Document(text=i.text, title=i.text.split(".")[0], sentences=split_sentences(i.text))
        for i in items
    ]
    metrics: list[Metric] = [Objectivity(), Clickbait()]
    for metric in metrics:  # load the model files outside the timing
        metric.score(documents[0])
    for metric in metrics:
        per_article, per_1000 = [], []
        for document in documents:
            best = min(_timed(metric, document) for _ in range(args.repeat))
            per_article.append(1000 * best)
            per_1000.append(1000 * best * 1000 / max(document.word_count, 1))
        words = statistics.median(d.word_count for d in documents)
        print(
            f"{metric.name}: {len(documents)} articles (median {words:.0f} words): "
            f"median {statistics.median(per_article):.2f} ms/article, "
            f"p90 {_p90(per_article):.2f} ms; "
            f"median {statistics.median(per_1000):.2f} ms per 1,000 words"
        )
    return 0


def _timed(metric: Metric, document: Document) -> float:
    """CPU seconds of this thread: on a busy shared machine, wall time counts the waiting."""
    start = time.thread_time()
    metric.score(document)
    return time.thread_time() - start


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


if __name__ == "__main__":
    raise SystemExit(main())
