"""`truthlens rescore`: recompute scores across the store, page by page, with progress."""

from __future__ import annotations

import asyncio
import logging
import sys
from typing import TYPE_CHECKING, TextIO

from truthlens import repository
from truthlens.errors import AnalysisError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from truthlens.pipeline import Pipeline

log = logging.getLogger(__name__)

PAGE = 200


async def rescore_store(
    pipeline: Pipeline,
    *,
    metrics: Sequence[str] | None = None,
    stale: bool = False,
    concurrency: int = 4,
    progress: TextIO | None = None,
) -> tuple[int, int]:
    """Rescore every article (or those with stale scores); returns (rescored, failed).

    Stale means: a selected metric has no score, or one from another plugin or metric
    version than the one installed now. Only the selected metrics are recomputed.
    """
    assert pipeline.sessions is not None
    out = progress or sys.stderr
    selected = pipeline.select_metrics(metrics)
    names = [m.metric.name for m in selected]
    stale_for = (
        {m.metric.name: (m.plugin_version, m.metric.version) for m in selected} if stale else None
    )
    async with pipeline.sessions() as session:
        total = await repository.count_article_ids(session, stale_for=stale_for)
    done = failed = 0
    limit = asyncio.Semaphore(concurrency)

    async def one(article_id: int) -> bool:
        async with limit:
            try:
                await pipeline.rescore(article_id, names)
            except AnalysisError as exc:  # deleted meanwhile
                log.warning("article %s not rescored: %s", article_id, exc.message)
                return False
            except Exception:
                log.exception("rescoring article %s failed", article_id)
                return False
            return True

    after = 0
    while True:
        async with pipeline.sessions() as session:
            # Stale rows stop being stale once rescored, so stale pages are re-read from
            # `after` too: ids only grow, and each id is visited once.
            ids = await repository.article_ids(
                session, after_id=after, limit=PAGE, stale_for=stale_for
            )
        if not ids:
            break
        results = await asyncio.gather(*(one(article_id) for article_id in ids))
        done += sum(results)
        failed += len(results) - sum(results)
        after = ids[-1]
        out.write(f"\rrescored {done}/{total}" + (f", {failed} failed" if failed else ""))
        out.flush()
    if total:
        out.write("\n")
    return done, failed
