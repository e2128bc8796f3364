"""Extraction in killable worker processes: a page that hangs or explodes cannot stall others.

`tests.fake_plugins.unruly_extractor` hangs, crashes or reports its pid when a page asks it
to; other pages go on to the built-in trafilatura extractor.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fake_plugins.unruly_extractor import PID_TEXT
from truthlens.errors import AnalysisError, ErrorCode
from truthlens.extraction_pool import HostRecipe
from truthlens.pipeline import Pipeline, Request
from truthlens.plugin_manager import BUILTIN_PLUGINS, create_plugin_host
from truthlens.settings import Settings

from .conftest import PAGES

UNRULY = "tests.fake_plugins.unruly_extractor"
BRIDGE = (PAGES / "harbor_bridge.html").read_bytes()
STORY = (
    "The Riverton council voted 7-2 on Tuesday to repair the Harbor Street bridge, "
    "officials said. Work starts in May and lasts five months."
)
PID_PAGE = f"<!-- unruly:pid --><html><body><article><p>{STORY}</p></article></body></html>"
SAFETY_NET = 60.0
"""Seconds after which a test fails instead of hanging, far above any limit used here."""


def nested_page() -> str:
    """A real page that trafilatura needs minutes for: blocks of 200 nested divs, ~1.8 MB."""
    block = "<div>" * 200 + f"<p>{STORY}</p>" + "</div>" * 200
    return f"<html><body><article>{block * 800}</article></body></html>"


def make_pipeline(workers: int, timeout: float = 1.0, disabled: tuple[str, ...] = ()) -> Pipeline:
    host = create_plugin_host(
        disabled=disabled, builtins=[*BUILTIN_PLUGINS, UNRULY], load_entry_points=False
    )
    settings = Settings(
        extraction_workers=workers,
        extraction_timeout=timeout,
        disabled_plugins=disabled,
        max_input_bytes=4 * 1024 * 1024,
    )
    return Pipeline(host, settings)


@pytest.fixture
async def two_workers() -> AsyncIterator[Pipeline]:
    pipeline = make_pipeline(workers=2)
    yield pipeline
    await pipeline.aclose()


@pytest.fixture
async def one_worker() -> AsyncIterator[Pipeline]:
    pipeline = make_pipeline(workers=1)
    yield pipeline
    await pipeline.aclose()


async def extract(pipeline: Pipeline, html: str | bytes) -> str:
    """The extracted text, or the code of the typed error."""
    try:
        document = await pipeline._document(Request(source="html", html=html))
    except AnalysisError as exc:
        return exc.code.value
    return document.text


async def worker_pid(pipeline: Pipeline) -> int:
    text = await extract(pipeline, PID_PAGE)
    found = re.fullmatch(PID_TEXT.format(pid=r"(\d+)"), text)
    assert found is not None, text
    return int(found[1])


async def gone(pid: int) -> bool:
    """Whether process `pid` has exited (its parent, the fork server, reaps it)."""
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        await asyncio.sleep(0.1)
    return False


async def test_third_party_extractor_runs_in_a_worker_process(two_workers: Pipeline) -> None:
    async with asyncio.timeout(SAFETY_NET):
        pid = await worker_pid(two_workers)
    assert pid != os.getpid()
    assert two_workers.extraction.started


async def test_hanging_extractor_is_killed_while_another_page_is_extracted(
    two_workers: Pipeline, tmp_path: Path
) -> None:
    pid_file = tmp_path / "hung.pid"
    hang = f"<!-- unruly:hang {pid_file} --><html><body><p>{STORY}</p></body></html>"
    async with asyncio.timeout(SAFETY_NET):
        hung, normal = await asyncio.gather(
            extract(two_workers, hang), extract(two_workers, BRIDGE)
        )
        assert hung == ErrorCode.EXTRACTION_FAILED.value
        assert "Harbor Street bridge" in normal
        hung_pid = int(pid_file.read_text())
        assert await gone(hung_pid)
        # Replaced: the pool still extracts, never again in the killed process.
        pids = await asyncio.gather(*(worker_pid(two_workers) for _ in range(4)))
    assert hung_pid not in pids


async def test_real_deeply_nested_page_times_out_and_its_worker_is_replaced(
    one_worker: Pipeline,
) -> None:
    async with asyncio.timeout(SAFETY_NET):
        before = await worker_pid(one_worker)
        # With one worker the nested page runs in `before`; the normal page waits for it.
        nested, normal = await asyncio.gather(
            extract(one_worker, nested_page()), extract(one_worker, BRIDGE)
        )
        assert nested == ErrorCode.EXTRACTION_FAILED.value
        assert "Harbor Street bridge" in normal
        assert await gone(before)
        after = await worker_pid(one_worker)
    assert after != before


async def test_timeout_message_names_the_limit(one_worker: Pipeline, tmp_path: Path) -> None:
    hang = f"<!-- unruly:hang {tmp_path / 'pid'} --><p>{STORY}</p>"
    async with asyncio.timeout(SAFETY_NET):
        with pytest.raises(AnalysisError) as raised:
            await one_worker.analyze(Request(source="html", html=hang))
    assert raised.value.code is ErrorCode.EXTRACTION_FAILED
    assert "longer than 1 s" in raised.value.message


async def test_crashing_worker_is_an_error_and_is_replaced(one_worker: Pipeline) -> None:
    async with asyncio.timeout(SAFETY_NET):
        before = await worker_pid(one_worker)
        crashed = await extract(one_worker, f"<!-- unruly:crash --><p>{STORY}</p>")
        assert crashed == ErrorCode.EXTRACTION_FAILED.value
        assert await gone(before)
        after = await worker_pid(one_worker)
    assert after != before


async def test_disabled_extractor_stays_disabled_in_the_worker() -> None:
    pipeline = make_pipeline(workers=1, disabled=("unruly_extractor",))
    try:
        async with asyncio.timeout(SAFETY_NET):
            text = await extract(pipeline, PID_PAGE)
    finally:
        await pipeline.aclose()
    assert text == STORY  # trafilatura's reading, not the fake's


def test_recipe_repeats_the_hosts_plugins_and_blocks() -> None:
    host = create_plugin_host(
        disabled=["accuracy"], builtins=[*BUILTIN_PLUGINS, UNRULY], load_entry_points=False
    )
    recipe = HostRecipe.of(host, disabled=["objectivity"])
    assert recipe == HostRecipe(
        disabled=("accuracy", "objectivity"),
        builtins=(*BUILTIN_PLUGINS, UNRULY),
        load_entry_points=False,
    )
    rebuilt = recipe.build()
    assert [(p.name, p.status) for p in rebuilt.plugins] == [
        (p.name, "disabled" if p.name == "objectivity" else p.status) for p in host.plugins
    ]


async def test_close_stops_the_workers(tmp_path: Path) -> None:
    pipeline = make_pipeline(workers=1)
    try:
        async with asyncio.timeout(SAFETY_NET):
            pid = await worker_pid(pipeline)
    finally:
        await pipeline.aclose()
    assert not pipeline.extraction.started
    assert await gone(pid)


async def test_text_never_starts_a_worker() -> None:
    pipeline = make_pipeline(workers=1)
    try:
        analysis = await pipeline.analyze(Request(source="text", text=STORY))
    finally:
        await pipeline.aclose()
    assert analysis.document.text == STORY
    assert not pipeline.extraction.started
