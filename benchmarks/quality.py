"""The quality table of issue 3: every figure beside its baseline, on the shared data.

    .venv/bin/python benchmarks/quality.py [--data PATH] [--only ROW,ROW] [--limit N] [--json OUT]

Runs the real pipeline (plugin host, settings and pipeline as the service builds them,
no database, no network) on the datasets of `../shared/data`, or the one plugin
function a row is about, and prints one Markdown table. Rows: summary, headline,
subjectivity, loaded, aeb, trafilatura, credibility, clickbait. The figures are
deterministic; timings go to standard error only. Needs the `bench` extra
(rouge-score, scikit-learn): `make quality` installs it and runs this.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import multiprocessing
import sys
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(ROOT))

from benchmarks import baselines, rows_extraction, rows_text  # noqa: E402
from benchmarks.harness import Context, Line, UnavailableError, render  # noqa: E402
from truthlens.pipeline import Pipeline  # noqa: E402
from truthlens.plugin_manager import create_plugin_host  # noqa: E402
from truthlens.settings import Settings  # noqa: E402

Row = Callable[[Context], Awaitable[list[Line]]]
ROWS: dict[str, tuple[str, Row]] = {
    "summary": ("summary ROUGE vs Lead-3", rows_text.summary),
    "headline": ("suggested headline ROUGE-1", rows_text.headline),
    "subjectivity": ("sentence subjectivity macro-F1", rows_text.subjectivity),
    "loaded": ("loaded-language words", rows_text.loaded_language),
    "aeb": ("extraction shingle F1", rows_extraction.aeb),
    "trafilatura": ("snippets, author, date", rows_extraction.trafilatura_eval),
    "credibility": ("accuracy and transparency AUC", rows_text.credibility),
    "clickbait": ("clickbait F1", rows_text.clickbait),
}
NEEDS_WORKER = {"aeb", "trafilatura"}
DEFAULT_CONCURRENCY = 1
"""Analyses in flight. One is enough: the analyses are CPU-bound under the GIL, and the
worker process runs the baselines beside them. The figures do not depend on it."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Evaluate TruthLens against the shared datasets and print one table."
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=ROOT.parent / "shared" / "data",
        help="the shared data folder (default: ../shared/data beside the repository)",
    )
    parser.add_argument(
        "--only", type=_rows, default=list(ROWS), help=f"comma-separated rows: {','.join(ROWS)}"
    )
    parser.add_argument(
        "--limit", type=_positive, default=None, help="at most N items per dataset (quick runs)"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument(
        "--concurrency",
        type=_positive,
        default=DEFAULT_CONCURRENCY,
        help=f"pipeline analyses in flight (default {DEFAULT_CONCURRENCY})",
    )
    return parser.parse_args(argv)


def _rows(value: str) -> list[str]:
    chosen = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in ROWS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown row(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(ROWS)}"
        )
    return [name for name in ROWS if name in chosen]  # table order


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


async def run(args: argparse.Namespace) -> tuple[list[tuple[str, Line]], list[dict[str, str]]]:
    settings = Settings()
    host = create_plugin_host(disabled=settings.disabled_plugins)
    pipeline = Pipeline(host, settings, sessions=None)
    plugins = [
        {"name": p.name, "version": p.version, "status": p.status}
        for p in host.plugins  # which code produced the figures
    ]
    selected: list[str] = args.only
    pool = None
    if NEEDS_WORKER & set(selected):
        pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=baselines.quiet_logging,
        )
    ctx = Context(args.data, args.limit, pipeline, args.concurrency, pool)
    results: list[tuple[str, Line]] = []
    try:
        rows_extraction.start(ctx, set(selected))
        for key in selected:
            title, row = ROWS[key]
            started = time.perf_counter()
            try:
                lines = await row(ctx)
            except UnavailableError as exc:
                lines = [Line(title, "—", "—", f"n/a ({exc})", "—", "—", "—")]
            except FileNotFoundError as exc:
                lines = [Line(title, "—", "—", f"n/a (no data: {exc.filename})", "—", "—", "—")]
            results.extend((key, line) for line in lines)
            print(f"[{key}] {time.perf_counter() - started:.1f}s", file=sys.stderr, flush=True)
    finally:
        await pipeline.aclose()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return results, plugins


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    baselines.quiet_logging()
    if not args.data.is_dir():
        print(f"no data folder at {args.data} (pass --data)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    results, plugins = asyncio.run(run(args))
    print(render([line for _, line in results]))
    print(f"total {time.perf_counter() - started:.1f}s", file=sys.stderr)
    if args.json is not None:
        report = {
            "limit": args.limit,
            "plugins": plugins,
            "rows": [{"row": key, **asdict(line)} for key, line in results],
        }
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
