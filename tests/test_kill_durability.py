"""SIGKILL the writer again and again; the database must stay whole, on SQLite and PostgreSQL.

`tests.kill_writer` stores analyses in a loop and acknowledges each one (reports its id)
only after the commit returned. Each round starts one and kills it with SIGKILL, half of
the time at a random moment of its loop, half of the time just after it began a write
transaction (a seeded random delay of up to a few milliseconds). Then the database is
checked: sound (SQLite's integrity and foreign-key checks, PostgreSQL's amcheck), no
orphans, no partial analyses (every article has its summary and every metric's current
score, each the latest entry of a history that holds whole analyses only), and every
acknowledged write present.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import random
import signal
import threading
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import text

from tests import kill_writer
from tests.kill_writer import text_for
from truthlens import db
from truthlens.plugin_manager import BUILTIN_PLUGINS, create_plugin_host

KILLS = 16
SEED = 20261128
WRITER_TIMEOUT = 30.0
"""Seconds after which a writer that neither writes nor dies is killed and the test fails."""
CONTEXT = multiprocessing.get_context("forkserver")
"""A fresh process per writer, forked from a server that imported the service once (a
plain fork of this threaded test process would be unsafe)."""


@dataclass
class Outcome:
    acks: list[tuple[int, int, int]] = field(default_factory=list)
    """(round, k, article id) of every acknowledged write."""
    landed: Counter[str] = field(default_factory=Counter)
    """Where each kill landed: the writer's last line before it (begin, commit, ack, ready)."""


def kill_round(database_url: str, round_: int, rng: random.Random, outcome: Outcome) -> None:
    reports, report = CONTEXT.Pipe(duplex=False)
    writer = CONTEXT.Process(target=kill_writer.run, args=(database_url, round_, report))
    writer.start()
    report.close()  # the writer holds the only other end: its death reads as EOF
    lines: list[str] = []

    def until(marker: str, times: int = 1) -> None:
        seen = 0
        while seen < times:
            if not reports.poll(WRITER_TIMEOUT):
                writer.kill()
                raise AssertionError(f"writer silent for {WRITER_TIMEOUT:g} s: {lines[-5:]}")
            lines.append(reports.recv_bytes().decode())  # EOFError: the writer died early
            seen += lines[-1] == marker

    try:
        until("ready")
        if round_ % 2:
            # Inside a transaction: after the n-th BEGIN, before its statements are done.
            until("begin", times=rng.randint(1, 4))
            delay = rng.uniform(0.0, 0.004)
        else:
            # Anywhere in the loop: one analysis takes some 30-100 ms here.
            delay = rng.uniform(0.0, 0.8)
        threading.Event().wait(delay)
        os.kill(writer.pid or 0, signal.SIGKILL)
        writer.join()
        while True:  # what the writer sent before it died
            try:
                lines.append(reports.recv_bytes().decode())
            except EOFError:
                break
    finally:
        reports.close()
    assert writer.exitcode == -signal.SIGKILL
    outcome.landed[lines[-1].split()[0]] += 1
    for line in lines:
        if line.startswith("ack "):
            _, k, article_id = line.split()
            outcome.acks.append((round_, int(k), int(article_id)))


async def rows(database_url: str, sql: str) -> list[tuple[object, ...]]:
    engine = db.create_engine(database_url)
    try:
        async with engine.connect() as conn:
            return [tuple(row) for row in (await conn.execute(text(sql))).all()]
    finally:
        await engine.dispose()


async def postgres_corruption(database_url: str) -> list[tuple[object, ...]]:
    """amcheck's verdict on every table (heap) and B-tree index (with all heap tuples) in
    the public schema: an index check raises on corruption, the heap check lists it."""
    engine = db.create_engine(database_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
            await conn.execute(
                text(
                    "SELECT bt_index_check(c.oid, true) FROM pg_class c "
                    "JOIN pg_am am ON am.oid = c.relam "
                    "WHERE c.relkind = 'i' AND am.amname = 'btree' "
                    "AND c.relnamespace = 'public'::regnamespace"
                )
            )
            found = await conn.execute(
                text(
                    "SELECT c.relname, v.blkno, v.msg FROM pg_class c, verify_heapam(c.oid) v "
                    "WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace"
                )
            )
            return [tuple(row) for row in found.all()]
    finally:
        await engine.dispose()


def check_integrity(database_url: str, outcome: Outcome, metrics: set[str]) -> None:
    def query(sql: str) -> list[tuple[object, ...]]:
        return asyncio.run(rows(database_url, sql))

    if database_url.startswith("sqlite"):
        assert query("PRAGMA integrity_check") == [("ok",)]
        assert query("PRAGMA foreign_key_check") == []
    else:
        assert asyncio.run(postgres_corruption(database_url)) == []

    # No orphans.
    for table in ("summary", "score", "score_history"):
        orphans = query(
            f"SELECT count(*) FROM {table} t "
            "WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.id = t.article_id)"
        )
        assert orphans == [(0,)], table

    # No partial analyses: one summary, every metric's current score, whole histories.
    articles = {int(str(i)): str(t) for i, t in query("SELECT id, text FROM article")}
    summaries = Counter(int(str(i)) for (i,) in query("SELECT article_id FROM summary"))
    assert summaries == Counter(dict.fromkeys(articles, 1))
    current: dict[int, dict[str, tuple[object, ...]]] = {a: {} for a in articles}
    for article_id, metric, *values in query(
        "SELECT article_id, metric, value, status, plugin_version, computed_at FROM score"
    ):
        current[int(str(article_id))][str(metric)] = tuple(values)
    history: dict[int, dict[str, list[tuple[object, ...]]]] = {a: {} for a in articles}
    for article_id, metric, *values in query(
        "SELECT article_id, metric, value, status, plugin_version, computed_at "
        "FROM score_history ORDER BY id"
    ):
        history[int(str(article_id))].setdefault(str(metric), []).append(tuple(values))
    analyses: dict[int, int] = {}
    for article_id in articles:
        assert set(current[article_id]) == metrics, article_id
        assert set(history[article_id]) == metrics, article_id
        counts = {len(entries) for entries in history[article_id].values()}
        assert len(counts) == 1, f"article {article_id}: a partial analysis in its history"
        analyses[article_id] = counts.pop()
        for metric in metrics:
            assert current[article_id][metric] == history[article_id][metric][-1]

    # Every acknowledged write is there, with its text; unacknowledged ones are at most
    # the one in flight at each kill.
    assert outcome.acks, "no write was acknowledged: the test proved nothing"
    acked = Counter(article_id for _, _, article_id in outcome.acks)
    for round_, k, article_id in outcome.acks:
        assert articles.get(article_id) == text_for(round_, k), (round_, k, article_id)
    for article_id, count in acked.items():
        assert analyses[article_id] >= count, article_id
    assert len(outcome.acks) <= sum(analyses.values()) <= len(outcome.acks) + KILLS


def test_sigkilled_writer_leaves_a_whole_database(database_url: str) -> None:
    asyncio.run(_migrate(database_url))
    # Only takes effect if no fork server runs yet (the extraction pool may have one).
    CONTEXT.set_forkserver_preload(["tests.kill_writer", *BUILTIN_PLUGINS])
    metrics = {m.metric.name for m in create_plugin_host(load_entry_points=False).metrics}
    rng = random.Random(SEED)
    outcome = Outcome()
    for round_ in range(KILLS):
        kill_round(database_url, round_, rng, outcome)
    print(f"{KILLS} kills landed after: {dict(outcome.landed)}; {len(outcome.acks)} acks")
    assert sum(outcome.landed.values()) == KILLS >= 15
    # The delays are meant to hit writes in progress; make sure some did.
    assert outcome.landed["begin"] + outcome.landed["commit"] >= 1, outcome.landed
    check_integrity(database_url, outcome, metrics)


async def _migrate(database_url: str) -> None:
    engine = db.create_engine(database_url)
    try:
        await db.migrate(engine)
    finally:
        await engine.dispose()
