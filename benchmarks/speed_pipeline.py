"""Per-stage time of the analysis pipeline on the aeb pages (HTML in hand).

    .venv/bin/python benchmarks/speed_pipeline.py [--data PATH] [--limit N]

Each page goes through the stages one after another in this process, on one core, with
the built-in plugins only (an installed third-party plugin is not counted): extraction (the
`extract_article` plugin called in-process), sentence splitting, headline, summary, each
metric, and storage (`repository.save_analysis` and commit on a throw-away SQLite file).
Beside them: trafilatura's own `trafilatura.extract` on the same page, and what the
service's extraction worker pool adds per page (pool round trip minus the in-process
extraction). Prints median and p95 wall milliseconds per article and per 1,000 words of
extracted text, and the ratio of everything after extraction to `trafilatura.extract`.
Nothing here is a test.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from benchmarks import datasets, machine  # noqa: E402
from truthlens import db, repository  # noqa: E402
from truthlens.document import Document  # noqa: E402
from truthlens.extraction_pool import ExtractionPool, HostRecipe  # noqa: E402
from truthlens.pipeline import Pipeline  # noqa: E402
from truthlens.plugin_manager import create_plugin_host  # noqa: E402
from truthlens.sentences import split_sentences  # noqa: E402
from truthlens.settings import Settings  # noqa: E402

AFTER_EXTRACTION = "after extraction (sum)"


def _timed(call: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = call()
    return result, (time.perf_counter() - start) * 1000


async def measure(pages: list[datasets.Page], pool_pages: int) -> dict[str, Any]:
    # The built-in plugins only: a plugin installed beside them is not our pipeline.
    host = create_plugin_host(load_entry_points=False)
    extractors = host.providers("extract_article")
    headliners = host.providers("suggest_headline")
    summarizers = host.providers("summarize")
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp}/bench.db")
        engine = db.create_engine(settings.database_url)
        await db.migrate(engine)
        sessions = db.create_sessionmaker(engine)
        pipeline = Pipeline(host, settings, sessions)
        times: dict[str, list[float]] = {}
        words: list[int] = []
        try:
            for page in pages:
                html = page.html
                _, base = _timed(lambda h=html, u=page.url: trafilatura.extract(h, url=u))  # type: ignore[misc]
                document: Document | None = None
                start = time.perf_counter()
                for provider in extractors:
                    found = provider.call(html=html, url=page.url)
                    if isinstance(found, Document):
                        document = found
                        break
                extraction = (time.perf_counter() - start) * 1000
                if document is None or not document.text.strip():
                    continue  # the pipeline would refuse it: no stage after extraction runs
                document = replace(document, text=document.text.strip(), sentences=())
                stages: dict[str, float] = {"trafilatura.extract": base, "extraction": extraction}
                sentences, stages["sentence splitting"] = _timed(
                    lambda d=document: split_sentences(d.text, d.language)  # type: ignore[misc]
                )
                document = replace(document, sentences=sentences)
                for name, providers in (("headline", headliners), ("summary", summarizers)):
                    start = time.perf_counter()
                    for provider in providers:
                        if provider.call(document=document):
                            break
                    stages[name] = (time.perf_counter() - start) * 1000
                for registered in host.metrics:
                    start = time.perf_counter()
                    result = registered.metric.score(document)
                    if inspect.isawaitable(result):
                        await result
                    stages[f"metric {registered.metric.name}"] = (
                        time.perf_counter() - start
                    ) * 1000
                # Storage: the analysis as the pipeline builds it (not timed), then saved.
                analysis = await pipeline.analyze_document(document, "html")
                start = time.perf_counter()
                async with sessions() as session:
                    await repository.save_analysis(session, analysis=analysis)
                    await session.commit()
                stages["storage (SQLite)"] = (time.perf_counter() - start) * 1000
                stages[AFTER_EXTRACTION] = sum(
                    v
                    for k, v in stages.items()
                    if k not in {"trafilatura.extract", "extraction", AFTER_EXTRACTION}
                )
                for key, value in stages.items():
                    times.setdefault(key, []).append(value)
                words.append(max(1, document.word_count))
            pool_extra = await _pool_overhead(host, pages[:pool_pages], extractors)
        finally:
            await pipeline.aclose()
            await engine.dispose()
    return {"times": times, "words": words, "pool": pool_extra}


async def _pool_overhead(host: Any, pages: list[datasets.Page], extractors: Any) -> list[float]:
    """Per page: the worker pool's round trip minus the same extraction in-process."""
    pool = ExtractionPool(HostRecipe.of(host), workers=1, timeout=60)
    extra: list[float] = []
    try:
        await pool.extract(pages[0].html, pages[0].url)  # start the worker (not counted)
        for page in pages:
            start = time.perf_counter()
            await pool.extract(page.html, page.url)
            pooled = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            for provider in extractors:
                if isinstance(provider.call(html=page.html, url=page.url), Document):
                    break
            extra.append(pooled - (time.perf_counter() - start) * 1000)
    finally:
        await pool.aclose()
    return extra


def report(result: dict[str, Any], pages: int) -> str:
    times: dict[str, list[float]] = result["times"]
    words: list[int] = result["words"]
    rows = []
    for stage, values in times.items():
        per_k = [v * 1000 / w for v, w in zip(values, words, strict=True)]
        rows.append(
            (
                stage,
                machine.median(values),
                machine.percentile(values, 0.95),
                machine.median(per_k),
                machine.percentile(per_k, 0.95),
            )
        )
    after = times[AFTER_EXTRACTION]
    base = times["trafilatura.extract"]
    ratios = [a / b for a, b in zip(after, base, strict=True)]
    pool = result["pool"]
    lines = [
        machine.describe(),
        f"pages: {len(words)} of {pages} extracted; median {machine.median(words):.0f} words",
        "",
        machine.table(
            ("stage", "median ms", "p95 ms", "median ms/1k words", "p95 ms/1k words"), rows
        ),
        "",
        f"after extraction / trafilatura.extract: total {sum(after) / sum(base):.2f}, "
        f"median per page {machine.median(ratios):.2f} (target <= 1.0)",
    ]
    if pool:
        lines.append(
            f"extraction worker pool adds per page: median {machine.median(pool):.1f} ms, "
            f"p95 {machine.percentile(pool, 0.95):.1f} ms ({len(pool)} pages, 1 warm worker)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=None, help="pages (default: all 92)")
    parser.add_argument("--pool-pages", type=int, default=30)
    args = parser.parse_args(argv)
    pages = datasets.aeb(args.data, args.limit)
    result = asyncio.run(measure(pages, args.pool_pages))
    print(report(result, len(pages)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
