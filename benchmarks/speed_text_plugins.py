"""Per-article time of the headline, summary, accuracy and transparency plugins.

    .venv/bin/python benchmarks/speed_text_plugins.py [--data PATH] [--limit N] [--repeat R]

Runs each plugin directly on one core (no pipeline, no threads) on CNN/DailyMail
articles already split into sentences, as the pipeline hands them over, and prints
the median and 90th-percentile CPU milliseconds (`time.thread_time`, best of
`--repeat`) per article and per 1,000 words. Sentence splitting is not included:
the host does it once for every plugin.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from benchmarks import datasets  # noqa: E402
from truthlens import Document, split_sentences  # noqa: E402
from truthlens.plugins import summary_extractive  # noqa: E402
from truthlens.plugins.accuracy import Accuracy  # noqa: E402
from truthlens.plugins.transparency import Transparency  # noqa: E402

Task = Callable[[Document], object]


def _best_time(task: Task, document: Document, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.thread_time()
        task(document)
        best = min(best, time.thread_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    items = datasets.cnndm(args.data, args.limit)
    documents = [
        Document(text=i.text, title=i.text.split(".")[0], sentences=split_sentences(i.text))
        for i in items
    ]
    tasks: dict[str, Task] = {
        "headline": summary_extractive.suggest_headline,
        "summary": summary_extractive.summarize,
        "accuracy": Accuracy().score,
        "transparency": Transparency().score,
    }
    words = [d.word_count for d in documents]
    print(f"{len(documents)} articles, median {statistics.median(words):.0f} words")
    print(f"{'plugin':<14}{'ms/article p50':>16}{'p90':>8}{'ms/1,000 words p50':>20}")
    totals = [0.0] * len(documents)
    for name, task in [*tasks.items()]:
        times = [1000 * _best_time(task, d, args.repeat) for d in documents]
        totals = [t + x for t, x in zip(totals, times, strict=True)]
        _row(name, times, words)
    _row("together", totals, words)
    return 0


def _row(name: str, times: list[float], words: list[int]) -> None:
    per_k = [1000 * t / max(w, 1) for t, w in zip(times, words, strict=True)]
    p90 = statistics.quantiles(times, n=10)[-1] if len(times) > 1 else times[0]
    print(
        f"{name:<14}{statistics.median(times):>16.2f}{p90:>8.2f}{statistics.median(per_k):>20.2f}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
