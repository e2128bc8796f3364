"""Article identity: one key per article, however its URL was spelled.

The same article arrives as `HTTPS://Example.com:443/a?utm_source=x#top` and as
`https://example.com/a`; both must upsert one row. Text without a URL is identified
by a hash of its content instead.
"""

from __future__ import annotations

import hashlib
import re
from ipaddress import IPv6Address
from urllib.parse import quote, unquote_plus, urljoin, urlsplit, urlunsplit

import idna

_DEFAULT_PORTS = {"http": 80, "https": 443}
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_ga",
        "ref_src",
        "yclid",
        "spm",
    }
)
# Characters left alone when percent-encoding: reserved ones keep their meaning, and
# existing %XX escapes stay as they are. Spaces and non-ASCII get encoded, so an IRI
# and its URI spelling give one identity.
_SAFE = "/%:@!$&'()*+,;=-._~?"
_ASCII_HOST = re.compile(r"[a-z0-9_.-]+")


def normalize_url(url: str) -> str:
    """The identity form of an http(s) URL; raises ValueError when it cannot be parsed.

    Lower-case scheme and host (IDNA hosts in their ASCII form), no default port, no
    credentials, no fragment, no tracking parameters (other parameters keep their
    order and spelling), and "/" for an empty path.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"unparsable URL {url!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError(f"not an http(s) URL: {url!r}")
    host = _normalize_host(parts.hostname or "")
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    params = [quote(p, safe=_SAFE) for p in parts.query.split("&") if p and not _is_tracking(p)]
    path = quote(parts.path, safe=_SAFE) or "/"
    return urlunsplit((scheme, netloc, path, "&".join(params), ""))


def canonical_identity(url: str | None, canonical: str | None) -> str | None:
    """The identity of a page fetched from `url` that declares `canonical`.

    The canonical link wins only on the same site (same host, ignoring a leading
    "www."), since any page can claim any canonical and must not take over another
    site's article. Without a URL there is nothing to check the canonical against,
    so the answer is None and the caller falls back to `content_hash`. A relative or
    unparsable canonical is resolved against `url` or ignored.
    """
    if url is None:
        return None
    identity = normalize_url(url)
    if not canonical or not canonical.strip():
        return identity
    try:
        candidate = normalize_url(urljoin(identity, canonical.strip()))
    except ValueError:
        return identity
    return candidate if _site(candidate) == _site(identity) else identity


def content_hash(text: str) -> str:
    """SHA-256 hex of the text with whitespace runs collapsed, so re-wrapping is no change."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _normalize_host(host: str) -> str:
    host = host.removesuffix(".")
    if not host:
        raise ValueError("URL has no host")
    if ":" in host:  # urlsplit strips the brackets of an IPv6 literal
        return f"[{IPv6Address(host).compressed}]"
    if host.isascii():
        if not _ASCII_HOST.fullmatch(host.lower()):
            raise ValueError(f"invalid host {host!r}")
        return host.lower()
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise ValueError(f"invalid host {host!r}: {exc}") from None


def _is_tracking(param: str) -> bool:
    key = unquote_plus(param.partition("=")[0]).lower()
    return key.startswith("utm_") or key in _TRACKING_PARAMS


def _site(identity: str) -> str:
    return (urlsplit(identity).hostname or "").removeprefix("www.")
