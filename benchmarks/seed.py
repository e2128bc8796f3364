"""Fill a database with stored analyses fast, for the read benchmarks.

A few CNN/DailyMail articles are analysed for real (so rows hold real headlines,
summaries, scores and evidence); each analysis is then stored many times under
distinct URLs, spread over 50 sites, through `repository.save_analysis`.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from benchmarks import datasets
from truthlens import db, repository
from truthlens.analysis import Analysis
from truthlens.document import Document
from truthlens.pipeline import Pipeline
from truthlens.plugin_manager import create_plugin_host
from truthlens.sentences import split_sentences
from truthlens.settings import Settings

SITES = 50


async def analyses(data: Path, variants: int) -> list[Analysis]:
    """`variants` real analyses of CNN/DailyMail articles (no database)."""
    host = create_plugin_host()
    pipeline = Pipeline(host, Settings(database_url="sqlite+aiosqlite:///:memory:"))
    try:
        found = []
        for item in datasets.cnndm(data, variants):
            title = item.text.split(".")[0][:120]
            document = Document(
                text=item.text,
                title=title,
                language="en",
                sentences=split_sentences(item.text, "en"),
            )
            found.append(await pipeline.analyze_document(document, "url"))
        return found
    finally:
        await pipeline.aclose()


async def seed(database_url: str, data: Path, count: int, variants: int = 20) -> int:
    """Store `count` analyses in the (migrated) database at `database_url`."""
    originals = await analyses(data, variants)
    engine = db.create_engine(database_url)
    await db.migrate(engine)
    sessions = db.create_sessionmaker(engine)
    chosen = random.Random(7)
    try:
        for start in range(0, count, 200):
            async with sessions() as session:
                for i in range(start, min(count, start + 200)):
                    original = originals[i % len(originals)]
                    site = f"site{chosen.randrange(SITES):02d}.example"
                    url = f"https://{site}/story/{i}"
                    document = replace(original.document, url=url, site_name=site)
                    when = original.analyzed_at - timedelta(minutes=count - i)
                    analysis = replace(original, document=document, analyzed_at=when)
                    await repository.save_analysis(session, analysis=analysis)
                await session.commit()
    finally:
        await engine.dispose()
    return count
