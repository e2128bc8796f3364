"""Batch ingest: articles/s of `truthlens analyze --batch` on local HTML, and peak RSS.

    .venv/bin/python benchmarks/ingest.py [--data PATH] [--limit N] [--no-postgres]

Writes the aeb pages (HTML in hand, with their URLs) as one JSON-lines file and runs the
CLI on it, storing into a throw-away SQLite file and a throw-away PostgreSQL database
(created and dropped here; admin URL from TRUTHLENS_TEST_POSTGRES_URL, default
postgresql+asyncpg://postgres@127.0.0.1:5432/test). Configurations:

- `--workers 0`: extraction in a pool of 1 worker process, sentence splitting, headline,
  summary and metrics in threads of the CLI process (one core for the analysis);
- `--workers 1`: all of it in one worker process, storage in the CLI process;
- `--workers 2`: the same with two worker processes (both cores).

Times are wall seconds from starting the process to its exit (interpreter start and
migrations included). Peak RSS sums the CLI process and its workers, sampled every 50 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from benchmarks import datasets, machine  # noqa: E402
from benchmarks.read_load import bench_database  # noqa: E402

TRUTHLENS = Path(sys.executable).parent / "truthlens"


def _tree_rss(process: psutil.Process) -> int:
    try:
        total: int = process.memory_info().rss
        for child in process.children(recursive=True):
            with contextlib.suppress(psutil.NoSuchProcess):
                total += child.memory_info().rss
    except psutil.NoSuchProcess:
        return 0
    return total


def run(
    inputs: list[Path], folder: Path, env: dict[str, str], extra: list[str]
) -> tuple[float, int, int, float]:
    """(seconds, analysed, failed, peak RSS MB) for one CLI process per input file."""
    start = time.perf_counter()
    processes = []
    for n, path in enumerate(inputs):
        out = folder / f"out-{n}.jsonl"
        command = [str(TRUTHLENS), "analyze", "--batch", str(path), "--out", str(out), *extra]
        processes.append((subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL), out))
    peak = 0
    watched = [psutil.Process(p.pid) for p, _ in processes]
    while any(p.poll() is None for p, _ in processes):
        peak = max(peak, sum(_tree_rss(w) for w in watched))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    ok = failed = 0
    for _process, out in processes:
        for line in out.read_text(encoding="utf-8").splitlines():
            if json.loads(line).get("error"):
                failed += 1
            else:
                ok += 1
    return seconds, ok, failed, peak / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=None, help="pages (default: all 92)")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args(argv)
    pages = datasets.aeb(args.data, args.limit)
    header = machine.describe()
    rows = []
    stores = ["SQLite"] + ([] if args.no_postgres else ["PostgreSQL"])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lines = [
            json.dumps({"html": p.html.decode("utf-8", errors="replace"), "url": p.url})
            for p in pages
        ]
        whole = folder / "all.jsonl"
        whole.write_text("\n".join(lines) + "\n", encoding="utf-8")
        configs = (
            ("--workers 0 (analysis in the CLI process, extraction pool 1)", "0"),
            ("--workers 1", "1"),
            ("--workers 2", "2"),
        )
        for store in stores:
            for n, (label, workers) in enumerate(configs):
                postgres = store == "PostgreSQL"
                with bench_database(folder, postgres, name=f"ingest{n}") as url:
                    env = {**os.environ, "TRUTHLENS_DATABASE_URL": url,
                           "TRUTHLENS_EXTRACTION_WORKERS": "1",
                           "TRUTHLENS_LOG_LEVEL": "warning"}  # fmt: skip
                    load = machine.load_average()
                    seconds, ok, failed, peak = run([whole], folder, env, ["--workers", workers])
                rows.append((store, label, ok, failed, seconds, ok / seconds, peak, load))
                print(rows[-1], file=sys.stderr)
    print(header)
    print(f"input: {len(pages)} aeb pages (HTML in hand) as JSON lines\n")
    print(
        machine.table(
            ("store", "configuration", "analysed", "failed", "wall s", "articles/s",
             "peak RSS MB", "load avg at start"),
            rows,
        )
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
