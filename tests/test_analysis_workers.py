"""TRUTHLENS_ANALYSIS_WORKERS / `analyze --workers N`: analysis in worker processes.

With N > 0, splitting, headline, summary and every metric run in the worker pool, so a
batch uses N cores; the result must be the analysis the serving process would have
made, and a misbehaving metric must cost no more there than in-process.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from truthlens.analysis import Analysis
from truthlens.errors import AnalysisError, ErrorCode
from truthlens.pipeline import Pipeline, Request
from truthlens.plugin_manager import BUILTIN_PLUGINS, create_plugin_host
from truthlens.settings import Settings

from .conftest import PAGES

UNRULY = "tests.fake_plugins.unruly_metric"
STORY = (
    "The Riverton council voted 7-2 on Tuesday to repair the Harbor Street bridge, "
    'officials said. "It is the worst bridge in the county," Mayor Ana Ruiz said. '
    "Work starts in May and lasts five months, according to the city's plan."
)
SAFETY_NET = 60.0
SCRIPT = str(Path(sys.executable).parent / "truthlens")


def make_pipeline(analysis_workers: int, metric_timeout: float = 2.0) -> Pipeline:
    host = create_plugin_host(builtins=[*BUILTIN_PLUGINS, UNRULY], load_entry_points=False)
    settings = Settings(analysis_workers=analysis_workers, metric_timeout=metric_timeout)
    return Pipeline(host, settings)


@pytest.fixture
async def in_workers() -> AsyncIterator[Pipeline]:
    pipeline = make_pipeline(analysis_workers=2, metric_timeout=1.0)
    yield pipeline
    await pipeline.aclose()


def comparable(analysis: Analysis) -> dict[str, Any]:
    """Everything but the moments of computation (and the pid the fake metric names)."""
    return {
        "document": analysis.document,
        "headline": analysis.headline,
        "summary": analysis.summary,
        "average": analysis.average_score,
        "scores": [
            (s.metric, s.value, s.confidence, s.status, s.evidence, s.plugin, s.label)
            + (() if s.metric == "worker_pid" else (s.explanation,))
            for s in analysis.scores
        ],
    }


def pid_of(analysis: Analysis) -> int:
    score = next(s for s in analysis.scores if s.metric == "worker_pid")
    found = re.search(r"process (\d+)", score.explanation)
    assert found is not None, score.explanation
    return int(found.group(1))


async def analyze(pipeline: Pipeline, request: Request) -> Analysis:
    async with asyncio.timeout(SAFETY_NET):
        return await pipeline.analyze(request)


@pytest.mark.parametrize(
    "request_",
    [
        Request(source="text", text=STORY, title="Council votes to repair the bridge"),
        Request(source="html", html=(PAGES / "harbor_bridge.html").read_bytes()),
    ],
    ids=["text", "html"],
)
async def test_same_analysis_as_in_process(in_workers: Pipeline, request_: Request) -> None:
    local = make_pipeline(analysis_workers=0)
    try:
        expected = await analyze(local, request_)
    finally:
        await local.aclose()
    got = await analyze(in_workers, request_)
    assert comparable(got) == comparable(expected)
    assert pid_of(expected) == os.getpid()
    assert pid_of(got) != os.getpid()


async def test_analyses_spread_over_the_workers(in_workers: Pipeline) -> None:
    request = Request(source="text", text=STORY)
    await analyze(in_workers, request)  # both workers start with the pool
    pids = set()
    for _ in range(5):
        batch = await asyncio.gather(*(analyze(in_workers, request) for _ in range(4)))
        pids |= {pid_of(a) for a in batch}
        if len(pids) == 2:
            break
    assert len(pids) == 2
    assert os.getpid() not in pids


async def test_hanging_metric_is_an_error_score_not_a_failed_analysis(
    in_workers: Pipeline,
) -> None:
    analysis = await analyze(in_workers, Request(source="text", text=STORY + " unruly:hang"))
    by_metric = {s.metric: s for s in analysis.scores}
    assert by_metric["worker_pid"].status.value == "error"
    assert "timed out" in (by_metric["worker_pid"].error or "")
    assert by_metric["objectivity"].status.value == "ok"
    assert analysis.average_score is not None


async def test_crashing_worker_is_a_typed_error_and_the_next_analysis_works(
    in_workers: Pipeline,
) -> None:
    with pytest.raises(AnalysisError) as caught:
        await analyze(in_workers, Request(source="text", text=STORY + " unruly:crash"))
    assert caught.value.code is ErrorCode.INTERNAL_ERROR
    assert "crashed" in caught.value.message
    analysis = await analyze(in_workers, Request(source="text", text=STORY))
    assert pid_of(analysis) != os.getpid()


def test_cli_batch_with_workers_matches_in_process(tmp_path: Path) -> None:
    """`truthlens analyze --batch --workers 2` writes what `--workers 0` writes, in order."""
    lines = [
        {"id": 1, "text": STORY},
        {"id": 2, "html": (PAGES / "harbor_bridge.html").read_text(encoding="utf-8")},
        {"id": 3, "text": "Officials said the bridge will reopen in May."},
        {"id": 4},
    ]
    batch = tmp_path / "in.jsonl"
    batch.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    outputs = []
    for workers in ("0", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        done = subprocess.run(
            [
                SCRIPT,
                "analyze",
                "--no-store",
                "--batch",
                str(batch),
                "--workers",
                workers,
                "--out",
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "TRUTHLENS_LOG_LEVEL": "WARNING"},
        )
        assert done.returncode == 1, done.stderr  # line 4 has no input: exit 1, others fine
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        for row in rows:
            for score in row.get("scores") or []:
                score.pop("computed_at", None)
            row.pop("analyzed_at", None)
            if row.get("article"):
                row["article"].pop("analyzed_at", None)
        outputs.append(rows)
    assert [row["id"] for row in outputs[1]] == [1, 2, 3, 4]
    assert outputs[1][3]["error"]["code"] == "INVALID_INPUT"
    assert outputs[1] == outputs[0]


def test_cli_refuses_a_negative_worker_count(tmp_path: Path) -> None:
    batch = tmp_path / "in.jsonl"
    batch.write_text('{"text": "x"}\n', encoding="utf-8")
    done = subprocess.run(
        [SCRIPT, "analyze", "--batch", str(batch), "--workers", "-1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--workers" in done.stderr
