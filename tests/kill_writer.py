"""A writer for tests/test_kill_durability.py: stores analyses in a loop until it is killed.

`run` is the target of a child process (started from a fork server, so each round does
not pay for importing the service again). It reports on a pipe, one message each, sent at
once: `ready` once set up, `begin` when a write transaction starts, `commit` when
SQLAlchemy is about to commit it, and `ack K ID` only after `analyze_and_store` returned
for the K-th text of the round, i.e. after the commit. The database must be migrated.
"""

from __future__ import annotations

import asyncio
from multiprocessing.connection import Connection

from sqlalchemy import event

from truthlens import db
from truthlens.pipeline import Pipeline, Request
from truthlens.plugin_manager import create_plugin_host
from truthlens.settings import Settings

TOWNS = ("Riverton", "Millbrook", "Ashford", "Cedar Falls", "Eastport", "Granby", "Harlow")


def text_for(round_: int, k: int) -> str:
    """The K-th text of a round; every third one repeats the one before (an update)."""
    if k % 3 == 2:
        k -= 1
    town = TOWNS[(round_ + k) % len(TOWNS)]
    return (
        f"The {town} council voted {k % 9 + 1}-2 on Tuesday in round {round_}, write {k}, to "
        f"repair the Harbor Street bridge. Engineers closed it to trucks in January after "
        f"finding corroded beams, the public works department said. Critics called the "
        f"plan a shocking waste, but officials said the repairs will cost ${k % 7 + 2}.5 "
        f"million and start in May, according to a report published on the city website."
    )


def run(database_url: str, round_: int, report: Connection) -> None:
    asyncio.run(write_forever(database_url, round_, report))


async def write_forever(database_url: str, round_: int, report: Connection) -> None:
    def say(message: str) -> None:
        report.send_bytes(message.encode())

    engine = db.create_engine(database_url)
    event.listen(engine.sync_engine, "begin", lambda _conn: say("begin"))
    event.listen(engine.sync_engine, "commit", lambda _conn: say("commit"))
    pipeline = Pipeline(
        create_plugin_host(load_entry_points=False), Settings(), db.create_sessionmaker(engine)
    )
    say("ready")
    k = 0
    while True:
        stored = await pipeline.analyze_and_store(Request(source="text", text=text_for(round_, k)))
        say(f"ack {k} {stored.article_id}")
        k += 1
