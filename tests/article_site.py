"""A fast local news site on 127.0.0.1 for bulk-analysis tests and benchmarks.

`/a/<n>` is a distinct small article for every n; `/status/<code>` answers that status
(with `Retry-After: 1` on 429 and 503); `/flaky/<n>` answers 503 twice, then the article;
`/slow/<n>` is the article after a short delay. Every request is counted by path, so a
test can tell how often each page was fetched.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_WORDS = (
    *("council", "budget", "river", "bridge", "school", "harbor", "library", "market"),
    *("station", "museum", "festival", "hospital", "airport", "stadium", "factory"),
    *("orchard", "railway", "ferry", "tunnel", "garden"),
)


def article_html(n: int) -> bytes:
    """A small article whose title and text differ for every n."""
    a, b, c = _WORDS[n % 20], _WORDS[(n // 20) % 20], _WORDS[(n // 400) % 20]
    title = f"Report {n}: the {a} and the {b} plan"
    paragraphs = [
        f"The city council voted on Tuesday to fund the {a} project number {n}, officials said.",
        f"Residents near the {b} told reporters that the plan would change their daily commute.",
        f"According to the report, the {c} budget grows by {n % 97 + 3} percent next year.",
        "The mayor said the decision followed months of public hearings and expert advice.",
        f"Critics argued that the {a} money could have gone to schools instead of the {b}.",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # many workers connect at once; the default backlog is 5

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A worker killed mid-fetch (SIGKILL test) resets its connection: expected here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class ArticleSite:
    """The server; use as a context manager. `hits` counts requests by path."""

    def __init__(self, slow_delay: float = 0.3) -> None:
        self.hits: Counter[str] = Counter()
        self.slow_delay = slow_delay
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with site._lock:
                    site.hits[self.path] += 1
                    count = site.hits[self.path]
                site.answer(self, count)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, kind: str, n: int) -> str:
        return f"{self.base}/{kind}/{n}"

    def answer(self, handler: BaseHTTPRequestHandler, count: int) -> None:
        parts = [*handler.path.split("/"), "", ""]
        kind, rest = parts[1], parts[2]
        status, body, headers = 404, b"not found", {"Content-Type": "text/plain"}
        if kind == "a" and rest.isdigit():
            status, body, headers = 200, article_html(int(rest)), {"Content-Type": "text/html"}
        elif kind == "slow" and rest.isdigit():
            time.sleep(self.slow_delay)
            status, body, headers = 200, article_html(int(rest)), {"Content-Type": "text/html"}
        elif kind == "flaky" and rest.isdigit():
            if count <= 2:
                status, body, headers = 503, b"busy", {"Content-Type": "text/plain"}
            else:
                status, body = 200, article_html(int(rest))
                headers = {"Content-Type": "text/html"}
        elif kind == "status" and rest.isdigit():
            status = int(rest)
            if status in (429, 503):
                headers["Retry-After"] = "1"
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def __enter__(self) -> ArticleSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
