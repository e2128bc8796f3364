"""Fetching user-supplied URLs: the only module that touches the network.

A URL from a user may point anywhere, so every hop is checked before a byte is sent:
http/https only, on an allowed port (80 and 443 unless configured), the host resolved
here and refused if *any* of its addresses is not public (see `truthlens.addresses`),
redirects followed by hand and re-checked, one deadline for the whole fetch (httpx's
timeouts are per read), a cap on decoded bytes counted while decompressing, and an
HTML content-type check. TLS is always verified.

DNS rebinding: checking a name and then letting the HTTP stack resolve it again leaves
a window in which the name can start pointing at 127.0.0.1. We close it by never
letting httpx resolve anything: the request goes to the vetted IP literal itself
(`http://93.184.216.34/path`), with the original `Host` header and, for https, the
original name as TLS SNI (httpcore's `sni_hostname` extension), which is also the name
the certificate is verified against. The default transport keeps no idle
connections, so a TLS connection verified for one name is never reused for another
name on the same address, and `trust_env=False` keeps environment proxies from
resolving the name for us. A transport passed in (tests) must keep those properties.
"""

from __future__ import annotations

import asyncio
import codecs
import re
import socket
import zlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from ipaddress import IPv4Address, ip_address
from typing import Literal, Self

import httpx

from truthlens.addresses import IPAddress, is_public_address

FetchErrorCode = Literal[
    "INVALID_INPUT",
    "FETCH_FAILED",
    "BLOCKED_ADDRESS",
    "TOO_LARGE",
    "UNSUPPORTED_CONTENT",
    "ACCESS_DENIED",
]
Resolver = Callable[[str, int], Awaitable[Sequence[IPAddress]]]
"""Resolves (host, port) to addresses; replaceable so tests need no DNS."""

MAX_URL_LENGTH = 2048
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_DENIED = frozenset({401, 402, 403, 451})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_TRANSIENT = frozenset({408, 425, 429})
"""Statuses below 500 that say "try again later"; every 5xx does too."""
_NUMERIC_LABEL = re.compile(r"(0x[0-9a-f]*|[0-9]+)\Z", re.IGNORECASE)


@dataclass(frozen=True)
class FetchLimits:
    max_bytes: int = 2 * 1024 * 1024
    total_timeout: float = 15.0
    connect_timeout: float = 5.0
    max_redirects: int = 3
    allow_private_addresses: bool = False  # for tests against a local server only
    # Ports a URL or redirect may name; None allows any. Other ports mostly reach admin
    # consoles and internal services (Redis on 6379, Elasticsearch on 9200), not articles.
    allowed_ports: frozenset[int] | None = frozenset({80, 443})
    user_agent: str = "TruthLens/0.1 (+https://github.com/truthlens)"


@dataclass(frozen=True)
class FetchedPage:
    url: str  # final URL, after redirects
    status: int
    content_type: str  # media type only, lower-case; "text/html" when sniffed
    body: bytes  # decoded (decompressed) body
    encoding: str | None  # charset from Content-Type, if Python knows it


class FetchError(Exception):
    """An expected failure, with a stable code for API clients.

    `transient` says whether trying again later may succeed (timeouts, network errors,
    HTTP 408, 429 and 5xx); `retry_after` is the server's Retry-After in seconds, if any.
    Everything else (blocked address, 404, unsupported content...) is permanent.
    """

    def __init__(
        self,
        code: FetchErrorCode,
        message: str,
        *,
        transient: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code: FetchErrorCode = code
        self.message = message
        self.transient = transient
        self.retry_after = retry_after


async def resolve_host(host: str, port: int) -> list[IPAddress]:
    """Every address the system resolver gives for `host`, in its order."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(
            "FETCH_FAILED", f"could not resolve {host}: {exc.strerror}", transient=True
        ) from None
    addresses: list[IPAddress] = []
    for *_, sockaddr in infos:
        ip = ip_address(str(sockaddr[0]).partition("%")[0])  # a zone only matters to fe80::
        if ip not in addresses:
            addresses.append(ip)
    return addresses


class Fetcher:
    """Fetches HTML pages within `FetchLimits`; see the module docstring for the rules."""

    def __init__(
        self,
        limits: FetchLimits,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        resolver: Resolver | None = None,
    ) -> None:
        self._limits = limits
        self._resolve = resolver or resolve_host
        self._client = httpx.AsyncClient(
            transport=transport
            or httpx.AsyncHTTPTransport(
                verify=True, trust_env=False, limits=httpx.Limits(max_keepalive_connections=0)
            ),
            trust_env=False,
            follow_redirects=False,
            timeout=httpx.Timeout(limits.total_timeout, connect=limits.connect_timeout),
            # Refuse every cookie: one user's fetch must not carry state into another's.
            cookies=CookieJar(DefaultCookiePolicy(allowed_domains=[])),
            headers={
                "User-Agent": limits.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                "Accept-Encoding": "gzip, deflate",
            },
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(self, url: str) -> FetchedPage:
        """Fetch one HTML page; every failure is a `FetchError`."""
        total = self._limits.total_timeout
        try:
            async with asyncio.timeout(total):
                return await self._follow(url)
        except TimeoutError:
            raise FetchError(
                "FETCH_FAILED", f"no complete response within {total:g} s", transient=True
            ) from None
        except httpx.TimeoutException as exc:
            raise FetchError(
                "FETCH_FAILED", f"timed out ({type(exc).__name__})", transient=True
            ) from exc
        except httpx.HTTPError as exc:
            raise FetchError(
                "FETCH_FAILED", f"network error: {exc or type(exc).__name__}", transient=True
            ) from exc

    async def _follow(self, url: str) -> FetchedPage:
        target = _parse_url(url.strip(), "INVALID_INPUT")
        for _ in range(self._limits.max_redirects + 1):
            response = await self._open(target)
            try:
                location = response.headers.get("location")
                if response.status_code not in _REDIRECTS or not location:
                    return await self._read(target, response)
                try:
                    joined = str(target.join(location))
                except httpx.InvalidURL:
                    raise FetchError("FETCH_FAILED", f"invalid redirect to {location!r}") from None
                target = _parse_url(joined, "FETCH_FAILED")
            finally:
                await response.aclose()
        raise FetchError("FETCH_FAILED", f"more than {self._limits.max_redirects} redirects")

    async def _open(self, url: httpx.URL) -> httpx.Response:
        """Check where `url` leads, then send the request to that checked address."""
        host = url.raw_host.decode("ascii")
        literal = _literal_address(host)
        port = url.port or (443 if url.scheme == "https" else 80)
        allowed = self._limits.allowed_ports
        if allowed is not None and port not in allowed:  # checked before DNS or a connection
            ports = ", ".join(map(str, sorted(allowed))) or "none"
            raise FetchError("BLOCKED_ADDRESS", f"port {port} is not allowed (allowed: {ports})")
        addresses = [literal] if literal else list(await self._resolve(host, port))
        if not addresses:
            raise FetchError("FETCH_FAILED", f"no address for {host}")
        if not self._limits.allow_private_addresses:
            for ip in addresses:
                if not is_public_address(ip):
                    raise FetchError("BLOCKED_ADDRESS", f"{host} resolves to non-public {ip}")
        extensions = {"sni_hostname": host} if url.scheme == "https" else {}
        headers = {"Host": url.netloc.decode("ascii")}
        failure: httpx.TransportError | None = None
        for ip in addresses:  # all vetted; try the next one if one is unreachable
            request = self._client.build_request(
                "GET", url.copy_with(host=str(ip)), headers=headers, extensions=extensions
            )
            try:
                return await self._client.send(request, stream=True)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def _read(self, url: httpx.URL, response: httpx.Response) -> FetchedPage:
        status = response.status_code
        if status in _DENIED:
            raise FetchError("ACCESS_DENIED", f"HTTP {status} from {url.host}")
        if not 200 <= status < 300:
            raise FetchError(
                "FETCH_FAILED",
                f"HTTP {status} from {url.host}",
                transient=status in _TRANSIENT or status >= 500,
                retry_after=retry_after_seconds(response.headers.get("retry-after")),
            )
        media_type = response.headers.get("content-type", "").partition(";")[0].strip().lower()
        if media_type and media_type not in _HTML_TYPES:
            raise FetchError("UNSUPPORTED_CONTENT", f"not HTML: {media_type}")
        declared = response.headers.get("content-length", "").strip()
        if declared.isascii() and declared.isdigit() and int(declared) > self._limits.max_bytes:
            raise FetchError("TOO_LARGE", f"Content-Length {declared} over the limit")
        body = await self._body(response)
        if not media_type:
            if not body.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"<"):
                raise FetchError("UNSUPPORTED_CONTENT", "no content type and not HTML")
            media_type = "text/html"
        return FetchedPage(str(url), status, media_type, body, _known_codec(response))

    async def _body(self, response: httpx.Response) -> bytes:
        limit = self._limits.max_bytes
        if response.is_stream_consumed:  # an in-memory body from a mock transport, decoded
            return _Decoder("", limit).feed(response.content)
        decoder = _Decoder(response.headers.get("content-encoding", ""), limit)
        body = bytearray()
        async for chunk in response.aiter_raw():
            body += decoder.feed(chunk)
        body += decoder.flush()
        return bytes(body)


class _Decoder:
    """Decompresses a body while counting output, so a gzip bomb stops at the limit.

    httpx decodes a whole network read at once (194 KB of gzip became one 33.7 MB
    chunk), so we read raw bytes and inflate with `max_length`, never holding more
    than `limit + 1` decoded bytes.
    """

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",")]
        codings = [c for c in codings if c not in ("", "identity")]
        self._limit = limit
        self._total = 0
        self._raw_fallback = codings == ["deflate"]  # some servers send raw deflate
        self._zlib: zlib._Decompress | None = None
        if codings in (["gzip"], ["x-gzip"], ["deflate"]):
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 32)  # zlib or gzip header
        elif codings:
            raise FetchError("UNSUPPORTED_CONTENT", f"content encoding {content_encoding!r}")

    def _count(self, data: bytes) -> bytes:
        self._total += len(data)
        if self._total > self._limit:
            raise FetchError("TOO_LARGE", f"body over {self._limit} bytes")
        return data

    def feed(self, data: bytes) -> bytes:
        if self._zlib is None:
            return self._count(data)
        try:
            return self._inflate(self._zlib, data)
        except zlib.error:
            if not self._raw_fallback:
                raise FetchError("FETCH_FAILED", "corrupt compressed body") from None
            self._raw_fallback = False
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            return self.feed(data)

    def _inflate(self, inflater: zlib._Decompress, data: bytes) -> bytes:
        out = bytearray()
        while data and not inflater.eof:
            out += self._count(inflater.decompress(data, self._limit - self._total + 1))
            data = inflater.unconsumed_tail
        self._raw_fallback = False
        return bytes(out)

    def flush(self) -> bytes:
        return self._count(self._zlib.flush()) if self._zlib is not None else b""


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait (delta-seconds or an HTTP date), or None."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


def _parse_url(url: str, code: FetchErrorCode) -> httpx.URL:
    if len(url) > MAX_URL_LENGTH:
        raise FetchError(code, f"URL longer than {MAX_URL_LENGTH} characters")
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise FetchError(code, f"invalid URL: {exc}") from None
    if parsed.scheme not in ("http", "https"):
        raise FetchError(code, f"only http and https URLs are fetched, not {url[:100]!r}")
    if not parsed.host:
        raise FetchError(code, "URL has no host")
    if parsed.userinfo:
        raise FetchError(code, "URLs with credentials are not fetched")
    return parsed


def _literal_address(host: str) -> IPAddress | None:
    """The address a host names without DNS, read as libc and browsers do (127.1, 0x7f000001).

    Such spellings never reach DNS, and a malformed one is an error rather than a lookup.
    """
    try:
        return ip_address(host)
    except ValueError:
        pass
    if not _NUMERIC_LABEL.match(host.rstrip(".").rpartition(".")[2]):
        return None
    try:
        return IPv4Address(socket.inet_aton(host))
    except OSError:
        raise FetchError("INVALID_INPUT", f"malformed IP address {host!r}") from None


def _known_codec(response: httpx.Response) -> str | None:
    charset = response.charset_encoding
    if charset is None:
        return None
    try:
        codecs.lookup(charset)
    except LookupError:
        return None
    return charset
