"""Files the browser loads from the service: media types and the headers they go out with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.responses import FileResponse, Response

if TYPE_CHECKING:
    from pathlib import Path

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".graphql": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}

# Same-origin only: the pages talk to nothing but this service's /graphql.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
    "object-src 'none'"
)


def security_headers(policy: str = PAGE_POLICY) -> dict[str, str]:
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }


def file_response(path: Path, *, cache: str = "no-cache", policy: str = PAGE_POLICY) -> Response:
    """A file with an explicit media type (never guessed) or 404 if it is not a known kind."""
    media_type = MEDIA_TYPES.get(path.suffix)
    if media_type is None or not path.is_file():
        return Response("Not Found", status_code=404, media_type="text/plain")
    headers = {"Cache-Control": cache, **security_headers(policy)}
    return FileResponse(path, media_type=media_type, headers=headers)
