"""The fetcher against a real server on 127.0.0.1, and against httpx.MockTransport.

Loopback is reachable only with `allow_private_addresses=True`; every refusal test
also checks that the server saw no request at all. The server listens on a random port,
so these tests allow any port unless they test the port rule itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import shutil
import ssl
import subprocess
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

import truthlens.fetch
from truthlens.addresses import IPAddress, is_public_address
from truthlens.errors import AnalysisError
from truthlens.fetch import Fetcher, FetchError, FetchLimits
from truthlens.pipeline import Pipeline, Request
from truthlens.plugin_manager import create_plugin_host
from truthlens.settings import Settings

PAGE = b"<!doctype html><html><head><title>T</title></head><body><p>Hello.</p></body></html>"
LIMIT = 1024 * 1024


def _gzip_bomb(megabytes: int) -> bytes:
    """Gzip of `megabytes` MB of zeros, built without holding them in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(megabytes)]
    return b"".join([*parts, compressor.flush()])


BOMB = _gzip_bomb(50)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        self.close_connection = True
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route()  # a client that hangs up early is what refusals look like

    def _send(self, status: int, headers: dict[str, str], body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in {"Connection": "close", **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _html(self, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        headers = {"Content-Length": str(len(body))}
        if content_type:
            headers["Content-Type"] = content_type
        self._send(200, headers, body)

    def _route(self) -> None:
        path = self.path
        port = self.server.server_address[1]
        if path in ("/page", "/secret"):
            self._html(PAGE)
        elif path == "/latin1":
            self._html("<p>caf\xe9</p>".encode("latin-1"), "text/html; charset=ISO-8859-1")
        elif path == "/bogus-charset":
            self._html(PAGE, "text/html; charset=no-such-codec")
        elif path == "/xhtml":
            self._html(PAGE, "application/xhtml+xml")
        elif path == "/sniff-html":
            self._html(b"\xef\xbb\xbf \r\n<!DOCTYPE html><p>x</p>", "")
        elif path == "/sniff-binary":
            self._html(b"%PDF-1.7 binary", "")
        elif path == "/pdf":
            self._html(b"%PDF-1.7", "application/pdf")
        elif path.startswith("/status/"):
            self._send(int(path.rsplit("/", 1)[1]), {"Content-Length": "4"}, b"nope")
        elif path == "/headers":
            lines = "".join(f"<p>{k.lower()}: {v}</p>" for k, v in self.headers.items())
            self._html(lines.encode())
        elif path == "/set-cookie":
            self._send(302, {"Location": "/headers", "Set-Cookie": "sid=secret; Path=/"})
        elif path == "/redirect":
            self._send(302, {"Location": "/page", "Content-Length": "0"})
        elif path == "/redirect-absolute":
            self._send(301, {"Location": f"http://127.0.0.1:{port}/page"})
        elif path == "/loop":
            self._send(302, {"Location": "/loop"})
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            self._send(307, {"Location": f"/chain/{left - 1}" if left else "/page"})
        elif path == "/to-mapped":
            self._send(302, {"Location": f"http://[::ffff:127.0.0.1]:{port}/secret"})
        elif path.startswith("/to-port/"):
            other = int(path.rsplit("/", 1)[1])
            self._send(302, {"Location": f"http://127.0.0.1:{other}/secret"})
        elif path == "/to-ftp":
            self._send(302, {"Location": "ftp://example.com/file"})
        elif path == "/big-declared":  # honest, too large: refused from the header alone
            self._send(200, {"Content-Type": "text/html", "Content-Length": str(LIMIT + 1)}, PAGE)
        elif path == "/big-close":  # no length; the body ends when the connection closes
            self._send(200, {"Content-Type": "text/html"})
            for _ in range(3 * LIMIT // 65536):
                self.wfile.write(b"<" * 65536)
        elif path == "/big-chunked":
            self._send(200, {"Content-Type": "text/html", "Transfer-Encoding": "chunked"})
            for _ in range(3 * LIMIT // 65536):
                self.wfile.write(b"10000\r\n" + b"<" * 65536 + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/lying-short":  # declares less than it sends
            self._send(200, {"Content-Type": "text/html", "Content-Length": "100"})
            self.wfile.write(b"<" * (3 * LIMIT))
        elif path == "/lying-long":  # declares more than it sends
            self._send(200, {"Content-Type": "text/html", "Content-Length": "5000"}, PAGE)
        elif path == "/gzip-bomb":
            headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
            self._send(200, {**headers, "Content-Length": str(len(BOMB))}, BOMB)
        elif path in ("/gzip", "/deflate", "/deflate-raw"):
            body = {
                "/gzip": gzip.compress(PAGE),
                "/deflate": zlib.compress(PAGE),
                "/deflate-raw": zlib.compress(PAGE, wbits=-zlib.MAX_WBITS),
            }[path]
            encoding = path.strip("/").removesuffix("-raw")
            headers = {"Content-Type": "text/html", "Content-Encoding": encoding}
            self._send(200, {**headers, "Content-Length": str(len(body))}, body)
        elif path == "/brotli":
            headers = {"Content-Type": "text/html", "Content-Encoding": "br"}
            self._send(200, {**headers, "Content-Length": "3"}, b"\x00\x01\x02")
        elif path == "/drip":  # one byte every 50 ms: every read is quick, the whole is not
            self._send(200, {"Content-Type": "text/html"}, b"<")
            for _ in range(200):
                time.sleep(0.05)
                self.wfile.write(b" ")
                self.wfile.flush()
        else:
            self._send(404, {"Content-Length": "0"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: list[str] = []

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.server_address[1]}{path}"


@pytest.fixture(scope="module")
def running_server() -> Iterator[_Server]:
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def server(running_server: _Server) -> _Server:
    running_server.hits.clear()
    return running_server


def _limits(**overrides: Any) -> FetchLimits:
    defaults: dict[str, Any] = {"max_bytes": LIMIT, "total_timeout": 5.0, "allowed_ports": None}
    return FetchLimits(**{**defaults, **overrides})


async def _fetch(url: str, **overrides: Any) -> truthlens.fetch.FetchedPage:
    overrides.setdefault("allow_private_addresses", True)
    async with Fetcher(_limits(**overrides)) as fetcher:
        return await fetcher.fetch(url)


async def _error(url: str, **overrides: Any) -> FetchError:
    with pytest.raises(FetchError) as info:
        await _fetch(url, **overrides)
    return info.value


# --- a real server on loopback ---------------------------------------------------------


async def test_fetches_html_when_private_addresses_are_allowed(server: _Server) -> None:
    page = await _fetch(server.url("/page"))
    assert page.body == PAGE
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.encoding == "utf-8"
    assert page.url == server.url("/page")
    assert server.hits == ["/page"]


async def test_sends_user_agent_and_original_host(server: _Server) -> None:
    page = await _fetch(server.url("/headers"), user_agent="Probe/1")
    assert b"user-agent: Probe/1" in page.body
    assert f"host: 127.0.0.1:{server.server_address[1]}".encode() in page.body


async def test_cookies_are_not_kept(server: _Server) -> None:
    page = await _fetch(server.url("/set-cookie"))
    assert b"secret" not in page.body
    assert server.hits == ["/set-cookie", "/headers"]


async def test_the_same_url_is_refused_by_default(server: _Server) -> None:
    error = await _error(server.url("/page"), allow_private_addresses=False)
    assert error.code == "BLOCKED_ADDRESS"
    assert server.hits == []


@pytest.mark.parametrize(
    "host",
    ["127.1", "0x7f000001", "2130706433", "[::1]", "0.0.0.0", "[::ffff:127.0.0.1]"],
)
async def test_loopback_spellings_are_refused_without_a_request(server: _Server, host: str) -> None:
    error = await _error(server.url("/page", host), allow_private_addresses=False)
    assert error.code == "BLOCKED_ADDRESS"
    assert server.hits == []


async def test_localhost_is_refused(server: _Server) -> None:
    error = await _error(server.url("/page", "localhost"), allow_private_addresses=False)
    assert error.code == "BLOCKED_ADDRESS"
    assert server.hits == []


async def test_redirect_to_a_blocked_address_is_refused(
    server: _Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pretend 127.0.0.1 is public; its redirect to ::ffff:127.0.0.1 must still be refused."""
    monkeypatch.setattr(
        truthlens.fetch,
        "is_public_address",
        lambda ip: ip == ip_address("127.0.0.1") or is_public_address(ip),
    )
    assert (await _fetch(server.url("/page"), allow_private_addresses=False)).body == PAGE
    server.hits.clear()
    error = await _error(server.url("/to-mapped"), allow_private_addresses=False)
    assert error.code == "BLOCKED_ADDRESS"
    assert server.hits == ["/to-mapped"]


# --- ports: 80 and 443 unless configured -------------------------------------------------

WEB_PORTS = frozenset({80, 443})


def test_only_web_ports_by_default() -> None:
    assert FetchLimits().allowed_ports == WEB_PORTS


async def test_another_port_is_refused_without_a_request(server: _Server) -> None:
    """Loopback is allowed here, so only the port rule stands between us and the server."""
    error = await _error(server.url("/page"), allowed_ports=WEB_PORTS)
    assert error.code == "BLOCKED_ADDRESS"
    assert f"port {server.server_address[1]} is not allowed" in error.message
    assert "80, 443" in error.message
    assert server.hits == []


async def test_a_configured_port_is_fetched(server: _Server) -> None:
    port = server.server_address[1]
    page = await _fetch(server.url("/page"), allowed_ports=frozenset({port}))
    assert page.body == PAGE
    assert server.hits == ["/page"]


async def test_redirect_to_another_port_is_refused(server: _Server) -> None:
    secret = _Server()
    thread = threading.Thread(target=secret.serve_forever, daemon=True)
    thread.start()
    try:
        hop = f"/to-port/{secret.server_address[1]}"
        only_first = frozenset({server.server_address[1]})
        error = await _error(server.url(hop), allowed_ports=only_first)
        assert error.code == "BLOCKED_ADDRESS"
        assert f"port {secret.server_address[1]}" in error.message
        assert server.hits == [hop]
        assert secret.hits == []
        # the same hop with both ports allowed does reach it: the refusal was the port's
        both = only_first | {secret.server_address[1]}
        assert (await _fetch(server.url(hop), allowed_ports=both)).body == PAGE
        assert secret.hits == ["/secret"]
    finally:
        secret.shutdown()
        secret.server_close()
        thread.join()


async def test_settings_reach_the_fetcher(server: _Server) -> None:
    """TRUTHLENS_FETCH_PORTS is wired through the pipeline's FetchLimits."""
    port = server.server_address[1]
    request = Request(source="url", url=server.url("/page"))
    for ports, reached in (("80,443", False), (f"443,{port}", True), ("*", True)):
        server.hits.clear()
        settings = Settings(allow_private_addresses=True, fetch_ports=ports)
        pipeline = Pipeline(create_plugin_host(), settings)
        code = None
        try:
            await pipeline.analyze(request)
        except AnalysisError as exc:  # the tiny page may well be NO_CONTENT
            code = exc.code
        finally:
            await pipeline.aclose()
        assert (code == "BLOCKED_ADDRESS") is not reached, ports
        assert server.hits == (["/page"] if reached else [])


def test_fetch_ports_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRUTHLENS_FETCH_PORTS", raising=False)
    assert Settings().fetch_ports == WEB_PORTS
    for value, expected in (("*", None), (" 80, 8080 ,", {80, 8080}), ("65535", {65535})):
        monkeypatch.setenv("TRUTHLENS_FETCH_PORTS", value)
        assert Settings().fetch_ports == expected


@pytest.mark.parametrize("bad", ["0", "65536", "80,-1", "http", "80;443", "", " , "])
def test_bad_fetch_ports_are_rejected(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("TRUTHLENS_FETCH_PORTS", bad)
    with pytest.raises(ValidationError):
        Settings()


async def test_redirects_are_followed(server: _Server) -> None:
    page = await _fetch(server.url("/redirect"))
    assert page.url == server.url("/page")
    assert page.body == PAGE
    assert (await _fetch(server.url("/redirect-absolute"))).url == server.url("/page")


async def test_redirect_limit(server: _Server) -> None:
    assert (await _fetch(server.url("/chain/2"), max_redirects=3)).body == PAGE
    server.hits.clear()
    error = await _error(server.url("/chain/3"), max_redirects=3)
    assert error.code == "FETCH_FAILED"
    assert "redirects" in error.message
    assert len(server.hits) == 4


async def test_redirect_loop_fails(server: _Server) -> None:
    error = await _error(server.url("/loop"), max_redirects=3)
    assert error.code == "FETCH_FAILED"
    assert server.hits == ["/loop"] * 4


async def test_redirect_to_another_scheme_fails(server: _Server) -> None:
    assert (await _error(server.url("/to-ftp"))).code == "FETCH_FAILED"


@pytest.mark.parametrize("path", ["/big-declared", "/big-close", "/big-chunked"])
async def test_too_large(server: _Server, path: str) -> None:
    assert (await _error(server.url(path))).code == "TOO_LARGE"


async def test_lying_content_length(server: _Server) -> None:
    page = await _fetch(server.url("/lying-short"))  # never more than declared
    assert len(page.body) == 100
    assert (await _error(server.url("/lying-long"))).code == "FETCH_FAILED"


async def test_gzip_bomb_stops_at_the_limit_without_inflating(server: _Server) -> None:
    tracemalloc.start()
    try:
        error = await _error(server.url("/gzip-bomb"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "TOO_LARGE"
    assert peak < 8 * LIMIT  # 50 MB inflated would show here


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/deflate-raw"])
async def test_compressed_bodies_are_decoded(server: _Server, path: str) -> None:
    assert (await _fetch(server.url(path))).body == PAGE


async def test_unknown_content_encoding(server: _Server) -> None:
    assert (await _error(server.url("/brotli"))).code == "UNSUPPORTED_CONTENT"


async def test_content_types(server: _Server) -> None:
    assert (await _error(server.url("/pdf"))).code == "UNSUPPORTED_CONTENT"
    assert (await _error(server.url("/sniff-binary"))).code == "UNSUPPORTED_CONTENT"
    sniffed = await _fetch(server.url("/sniff-html"))
    assert sniffed.content_type == "text/html"
    assert sniffed.encoding is None
    assert (await _fetch(server.url("/xhtml"))).content_type == "application/xhtml+xml"
    latin = await _fetch(server.url("/latin1"))
    assert latin.body.decode(latin.encoding or "") == "<p>café</p>"
    assert (await _fetch(server.url("/bogus-charset"))).encoding is None


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (401, "ACCESS_DENIED"),
        (402, "ACCESS_DENIED"),
        (403, "ACCESS_DENIED"),
        (451, "ACCESS_DENIED"),
        (404, "FETCH_FAILED"),
        (410, "FETCH_FAILED"),
        (500, "FETCH_FAILED"),
        (503, "FETCH_FAILED"),
    ],
)
async def test_error_statuses(server: _Server, status: int, code: str) -> None:
    error = await _error(server.url(f"/status/{status}"))
    assert error.code == code
    assert str(status) in error.message


async def test_slow_drip_hits_the_total_deadline(server: _Server) -> None:
    started = time.monotonic()
    error = await _error(server.url("/drip"), total_timeout=0.5)
    elapsed = time.monotonic() - started
    assert error.code == "FETCH_FAILED"
    assert "0.5 s" in error.message
    assert 0.4 < elapsed < 2.0


async def test_connection_refused_is_fetch_failed() -> None:
    with ThreadingHTTPServer(("127.0.0.1", 0), _Handler) as closed:
        port = closed.server_address[1]
    error = await _error(f"http://127.0.0.1:{port}/")
    assert error.code == "FETCH_FAILED"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/a",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://",
        "http:///path",
        "example.com/no-scheme",
        "http://user:password@example.com/",
        "http://999.1.1.1/",
        "http://0177.0.0.1/",  # httpx refuses leading zeros in a dotted quad
        "http://example.com/" + "a" * 2048,
    ],
)
async def test_invalid_input(url: str) -> None:
    error = await _error(url, allow_private_addresses=False)
    assert error.code == "INVALID_INPUT"


# --- no sockets: MockTransport and a fake resolver ----------------------------------------

PUBLIC = ip_address("93.184.216.34")
PUBLIC_2 = ip_address("93.184.216.35")


class _FakeDNS:
    def __init__(self, answers: dict[str, list[Sequence[IPAddress]]]) -> None:
        self.answers = answers  # successive answers per host: the last one repeats
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> Sequence[IPAddress]:
        self.asked.append(host)
        answers = self.answers[host]
        return answers.pop(0) if len(answers) > 1 else answers[0]


def _mock(
    dns: _FakeDNS, respond: Callable[[httpx.Request], httpx.Response] | None = None
) -> tuple[Fetcher, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if respond is not None:
            return respond(request)
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=PAGE)

    fetcher = Fetcher(_limits(), httpx.MockTransport(handler), resolver=dns)
    return fetcher, seen


async def test_connects_to_the_vetted_address_with_host_and_sni() -> None:
    dns = _FakeDNS({"news.example": [[PUBLIC]]})
    fetcher, seen = _mock(dns)
    async with fetcher:
        page = await fetcher.fetch("https://News.Example/a?b=1")
    assert page.url == "https://news.example/a?b=1"
    [request] = seen
    assert request.url == "https://93.184.216.34/a?b=1"
    assert request.headers["host"] == "news.example"
    assert request.extensions["sni_hostname"] == "news.example"


async def test_idn_host_is_sent_in_ascii() -> None:
    dns = _FakeDNS({"xn--bcher-kva.example": [[PUBLIC]]})
    fetcher, seen = _mock(dns)
    async with fetcher:
        await fetcher.fetch("https://bücher.example:8443/")
    assert seen[0].headers["host"] == "xn--bcher-kva.example:8443"
    assert seen[0].extensions["sni_hostname"] == "xn--bcher-kva.example"


async def test_any_private_answer_blocks_the_host() -> None:
    dns = _FakeDNS({"news.example": [[PUBLIC, ip_address("10.0.0.1")]]})
    fetcher, seen = _mock(dns)
    async with fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch("http://news.example/")
    assert info.value.code == "BLOCKED_ADDRESS"
    assert seen == []


async def test_every_hop_is_resolved_and_checked_again() -> None:
    """A name that rebinds to a private address between hops is caught on the next hop."""
    dns = _FakeDNS({"news.example": [[PUBLIC], [ip_address("127.0.0.1")]]})

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "/next"})

    fetcher, seen = _mock(dns, respond)
    async with fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch("http://news.example/first")
    assert info.value.code == "BLOCKED_ADDRESS"
    assert dns.asked == ["news.example", "news.example"]
    assert len(seen) == 1


@pytest.mark.parametrize(
    "location",
    [
        "http://intranet.example/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://[64:ff9b::7f00:1]/",
    ],
)
async def test_redirect_from_public_to_private_is_refused(location: str) -> None:
    dns = _FakeDNS({"news.example": [[PUBLIC]], "intranet.example": [[ip_address("10.0.0.5")]]})

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": location})

    fetcher, seen = _mock(dns, respond)
    async with fetcher:
        with pytest.raises(FetchError) as info:
            await fetcher.fetch("https://news.example/")
    assert info.value.code == "BLOCKED_ADDRESS"
    assert len(seen) == 1


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("http://news.example/", True),
        ("https://news.example/", True),
        ("http://news.example:443/", True),
        ("https://news.example:80/", True),
        ("http://news.example:8080/", False),
        ("https://news.example:8443/", False),
        ("http://news.example:6379/", False),
        ("http://93.184.216.34:22/", False),
    ],
)
async def test_default_ports_without_dns_or_a_connection(url: str, allowed: bool) -> None:
    dns = _FakeDNS({"news.example": [[PUBLIC]]})
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=PAGE)

    limits = _limits(allowed_ports=WEB_PORTS)
    async with Fetcher(limits, httpx.MockTransport(handler), resolver=dns) as fetcher:
        if allowed:
            assert (await fetcher.fetch(url)).body == PAGE
            assert len(seen) == 1
        else:
            with pytest.raises(FetchError) as info:
                await fetcher.fetch(url)
            assert info.value.code == "BLOCKED_ADDRESS"
            assert seen == []
            assert dns.asked == []


async def test_unreachable_address_falls_back_to_the_next_vetted_one() -> None:
    dns = _FakeDNS({"news.example": [[PUBLIC, PUBLIC_2]]})

    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.host == str(PUBLIC):
            raise httpx.ConnectError("unreachable", request=request)
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=PAGE)

    fetcher, seen = _mock(dns, respond)
    async with fetcher:
        assert (await fetcher.fetch("http://news.example/")).body == PAGE
    assert [r.url.host for r in seen] == [str(PUBLIC), str(PUBLIC_2)]


# --- TLS: the certificate is checked against the name, though we connect to the IP ---


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[_Server, Path]]:
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=news.test",
            "-addext",
            "subjectAltName=DNS:news.test",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = _Server()
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, cert
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.parametrize(("name", "ok"), [("news.test", True), ("other.test", False)])
async def test_tls_is_verified_for_the_name_not_the_address(
    tls_server: tuple[_Server, Path], name: str, ok: bool
) -> None:
    server, cert = tls_server
    server.hits.clear()

    async def loopback(host: str, port: int) -> Sequence[IPAddress]:
        return [ip_address("127.0.0.1")]

    transport = httpx.AsyncHTTPTransport(verify=ssl.create_default_context(cafile=cert))
    limits = _limits(allow_private_addresses=True)
    url = f"https://{name}:{server.server_address[1]}/headers"
    async with Fetcher(limits, transport, resolver=loopback) as fetcher:
        if ok:
            page = await fetcher.fetch(url)
            assert f"host: {name}:".encode() in page.body
        else:
            with pytest.raises(FetchError) as info:
                await fetcher.fetch(url)
            assert info.value.code == "FETCH_FAILED"
            assert "certificate" in info.value.message.lower()
            assert server.hits == []


async def test_unresolvable_host_is_fetch_failed() -> None:
    async def fail(host: str, port: int) -> Sequence[IPAddress]:
        raise FetchError("FETCH_FAILED", f"could not resolve {host}")

    async with Fetcher(
        _limits(), httpx.MockTransport(lambda r: httpx.Response(200)), resolver=fail
    ) as f:
        with pytest.raises(FetchError) as info:
            await f.fetch("http://nowhere.example/")
    assert info.value.code == "FETCH_FAILED"


async def test_slow_dns_counts_against_the_deadline() -> None:
    async def slow(host: str, port: int) -> Sequence[IPAddress]:
        await asyncio.sleep(10)
        return [PUBLIC]

    transport = httpx.MockTransport(lambda r: httpx.Response(200))
    async with Fetcher(_limits(total_timeout=0.2), transport, resolver=slow) as f:
        with pytest.raises(FetchError) as info:
            await f.fetch("http://news.example/")
    assert info.value.code == "FETCH_FAILED"
