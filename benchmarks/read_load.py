"""Read load on a running `truthlens serve` against a raw Starlette JSON app, same run.

    .venv/bin/python benchmarks/read_load.py [--articles 3000] [--duration 10]
        [--connections 1,16,64] [--workers 1] [--postgres] [--database URL]

Seeds a throw-away database (SQLite file, or with --postgres a PostgreSQL database
created and dropped here) with `--articles` stored analyses (benchmarks/seed.py), starts
the service on 127.0.0.1 (development mode: loopback clients need no key) and
benchmarks/raw_app.py beside it, and drives each with Debian's `wrk` for `--duration`
seconds per cell: the home list (`articles(first: 20)` with summaries and scores), the
article page operation (schema/operations/article_page.graphql) on random articles,
and one score. With `--workers N` both servers run N uvicorn worker processes
(`uvicorn --factory truthlens.app:create_app --workers N`; `truthlens serve` has no
such option). A GraphQL answer holding "errors", a non-200 status or a socket error
counts as an error. Prints one Markdown table and the servers' RSS. Nothing here is a test.
`--database URL` reuses a database seeded before (by this script's seed, with at least
`--articles` analyses) instead of seeding a new one, for quick repeated runs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from benchmarks import machine, queries, seed  # noqa: E402
from truthlens.schema.ids import encode_id  # noqa: E402

BIN = Path(sys.executable).parent
POSTGRES_ADMIN = os.environ.get(
    "TRUTHLENS_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)

LUA = """
local bodies = {BODIES}
local paths = {PATHS}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) failed = 0 end
function request()
  local i = math.random(#paths)
  if bodies[i] == "" then
    return wrk.format("GET", paths[i])
  end
  return wrk.format("POST", paths[i], {["Content-Type"] = "application/json"}, bodies[i])
end
function response(status, headers, body)
  if status ~= 200 or string.find(body, '"errors"', 1, true) then failed = failed + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("failed") end
  local e = summary.errors
  io.write(string.format("BENCH %d %d %.3f %.3f %d\\n", summary.requests, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    bad + e.connect + e.read + e.write + e.timeout))
end
"""


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal here


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_ok(url: str, timeout: float = 60) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer 200 within {timeout} s")


def _rss_mb(process: subprocess.Popen[bytes]) -> float:
    """Resident memory of a server and its children (uvicorn workers), in MB."""
    parent = psutil.Process(process.pid)
    total = parent.memory_info().rss
    total += sum(c.memory_info().rss for c in parent.children(recursive=True))
    return float(total) / 1e6


@contextmanager
def _server(command: list[str], env: dict[str, str], health: str) -> Iterator[Any]:
    process = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        _wait_ok(health)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wrk(
    url: str, script: Path, connections: int, duration: int
) -> tuple[float, float, float, int]:
    command = [
        "wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{duration}s",
        "--timeout", "5s", "-s", str(script), url,
    ]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH "))
    requests, micros, p50, p99, errors = line.split()[1:]
    return int(requests) / (int(micros) / 1e6), float(p50), float(p99), int(errors)


def _scripts(folder: Path, ids: list[int]) -> dict[str, dict[str, Path]]:
    """Lua scripts per (kind, server): `graphql` POSTs, `raw` GETs."""
    chosen = random.Random(3).sample(ids, min(200, len(ids)))

    def graphql(query: str, **variables: object) -> tuple[str, str]:
        return "/graphql", json.dumps({"query": query, "variables": variables})

    requests: dict[str, dict[str, list[tuple[str, str]]]] = {
        "home list (first: 20)": {
            "graphql": [graphql(queries.HOME, first=20)],
            "raw": [("/home?first=20", "")],
        },
        "article page": {
            "graphql": [
                graphql(queries.article_page(), id=encode_id("Article", i)) for i in chosen
            ],
            "raw": [(f"/article/{i}", "") for i in chosen],
        },
        "single score": {
            "graphql": [graphql(queries.SCORE, id=encode_id("Article", i)) for i in chosen],
            "raw": [(f"/score/{i}", "") for i in chosen],
        },
    }
    scripts: dict[str, dict[str, Path]] = {}
    for n, (kind, servers) in enumerate(requests.items()):
        for server, pairs in servers.items():
            path = folder / f"{n}-{server}.lua"
            path.write_text(
                LUA.replace("PATHS", ", ".join(_lua_string(p) for p, _ in pairs)).replace(
                    "BODIES", ", ".join(_lua_string(b) for _, b in pairs)
                )
            )
            scripts.setdefault(kind, {})[server] = path
    return scripts


@contextmanager
def bench_database(folder: Path, postgres: bool, name: str = "read") -> Iterator[str]:
    """A SQLite file in `folder`, or a PostgreSQL database created here and dropped after."""
    if not postgres:
        yield f"sqlite+aiosqlite:///{folder}/bench-{name}.db"
        return
    import sqlalchemy as sa
    from sqlalchemy.ext.asyncio import create_async_engine

    database = f"truthlens_bench_{name}_{uuid.uuid4().hex[:8]}"

    async def run(statement: str) -> None:
        engine = create_async_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(sa.text(statement))
        await engine.dispose()

    asyncio.run(run(f'CREATE DATABASE "{database}"'))
    try:
        yield POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{database}"
    finally:
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per cell")
    parser.add_argument("--connections", default="1,16,64")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument(
        "--only", help="only requests whose name contains one of these (comma-separated)"
    )
    parser.add_argument("--database", help="a database already seeded: used as is, kept")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("read_load: needs wrk (Debian: apt-get install wrk; `make bench` does)")
    connections = [int(c) for c in args.connections.split(",")]
    with (
        tempfile.TemporaryDirectory() as tmp,
        contextlib.nullcontext(args.database)
        if args.database
        else bench_database(Path(tmp), args.postgres) as url,
    ):
        folder = Path(tmp)
        if not args.database:
            asyncio.run(seed.seed(url, args.data, args.articles))
        env = {**os.environ, "TRUTHLENS_DATABASE_URL": url, "TRUTHLENS_LOG_LEVEL": "warning",
               "TRUTHLENS_ENV": "development", "PYTHONPATH": str(ROOT)}  # fmt: skip
        gql_port, raw_port = _free_port(), _free_port()
        uvicorn = [str(BIN / "uvicorn"), "--host", "127.0.0.1", "--log-level", "warning",
                   "--no-access-log", "--workers", str(args.workers), "--factory"]  # fmt: skip
        service = (
            [str(BIN / "truthlens"), "serve", "--port", str(gql_port)]
            if args.workers == 1
            else [*uvicorn, "--port", str(gql_port), "truthlens.app:create_app"]
        )
        raw = [*uvicorn, "--port", str(raw_port), "benchmarks.raw_app:create_app"]
        scripts = _scripts(folder, list(range(1, args.articles + 1)))
        rows = []
        memory = {}
        with (
            _server(service, env, f"http://127.0.0.1:{gql_port}/healthz") as gql_process,
            _server(raw, env, f"http://127.0.0.1:{raw_port}/home?first=1") as raw_process,
        ):
            time.sleep(1)
            memory["graphql idle"] = _rss_mb(gql_process)
            memory["raw idle"] = _rss_mb(raw_process)
            print(machine.describe(), file=sys.stderr)
            header = machine.describe()
            for kind, servers in scripts.items():
                if args.only and not any(o in kind for o in args.only.split(",")):
                    continue
                for c in connections:
                    gql = _wrk(f"http://127.0.0.1:{gql_port}", servers["graphql"], c, args.duration)
                    base = _wrk(f"http://127.0.0.1:{raw_port}", servers["raw"], c, args.duration)
                    row = (kind, c, gql[0], gql[1], gql[2], gql[3], base[0], base[1], base[2],
                           base[3], f"{gql[0] / base[0]:.2f}")  # fmt: skip
                    print(row, file=sys.stderr)
                    rows.append(row)
            memory["graphql after load"] = _rss_mb(gql_process)
            memory["raw after load"] = _rss_mb(raw_process)
    store = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(header)
    print(
        f"database: {store}, {args.articles} stored analyses; {args.workers} uvicorn worker(s) "
        f"per server; wrk {args.duration} s per cell (wrk shares the cores)\n"
    )
    print(
        machine.table(
            ("request", "conn", "GraphQL req/s", "p50 ms", "p99 ms", "errors",
             "raw req/s", "raw p50 ms", "raw p99 ms", "raw errors", "GraphQL/raw"),
            rows,
        )
    )  # fmt: skip
    print("\nRSS (MB, server and its workers): " + ", ".join(
        f"{k} {v:.0f}" for k, v in memory.items()))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
