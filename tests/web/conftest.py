"""A real uvicorn server and one headless Chromium (Debian's package) per test session."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn

from truthlens.app import create_app
from truthlens.settings import Settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]


def artifacts_dir() -> Path:
    """Where screenshots go: TRUTHLENS_TEST_ARTIFACTS, else build/test-artifacts (gitignored)."""
    folder = Path(os.environ.get("TRUTHLENS_TEST_ARTIFACTS") or ROOT / "build" / "test-artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class LiveServer:
    url: str

    def graphql(self, query: str, **variables: Any) -> dict[str, Any]:
        response = httpx.post(
            f"{self.url}/graphql", json={"query": query, "variables": variables}, timeout=60
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The whole app under uvicorn on 127.0.0.1 (random port), on a fresh SQLite database."""
    database = tmp_path_factory.mktemp("web") / "truthlens.db"
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{database}",
        allow_private_addresses=True,
        fetch_ports=None,
    )
    config = uvicorn.Config(
        create_app(settings), lifespan="on", ws="none", log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        for _ in range(600):  # up to 30 s for migrations and plugin loading
            if server.started or not thread.is_alive():
                break
            time.sleep(0.05)
        assert server.started, "uvicorn did not start"
        yield LiveServer(f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's /usr/bin/chromium driven by playwright; mandatory with CI=true.

    One launch for all the browser tests (they live in one module). Not session-wide: while
    playwright's sync API is open, the main thread counts as inside a running event loop, so
    asyncio.run() and async tests after it would fail.
    """
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs it (apt-get install chromium)")
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (mandatory with CI=true)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """A page plus what went wrong in it: console errors, uncaught errors, foreign requests."""

    page: Page
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.foreign == [], self.foreign

    def screenshot(self, name: str) -> Path:
        path = artifacts_dir() / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def tab(browser: Browser, live_server: LiveServer) -> Iterator[Tab]:
    """A fresh browser context; any request off the service's origin is recorded and aborted."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    result = Tab(page)
    origin = urlsplit(live_server.url).netloc

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            result.errors.append(f"console: {message.text} at {message.location}")

    def guard(route: Any, request: Request) -> None:
        if urlsplit(request.url).netloc == origin:
            route.continue_()
        else:
            result.foreign.append(request.url)
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda error: result.errors.append(f"page error: {error}"))
    context.route("**/*", guard)
    yield result
    context.close()
