"""The offline GraphiQL IDE: our page at GET /graphql, its files under /-/ide/.

strawberry's IDEs load React and GraphiQL from a CDN, so offline they are blank pages. Here
the bundles come from `static/ide/`, filled at install time by `scripts/fetch_ide_assets.py`
from pinned, integrity-checked npm tarballs (gitignored, never committed). Without them
GET /graphql explains how to install them; the API itself does not need them. Production
mounts none of this (see `create_app`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from truthlens.assets import file_response, security_headers

if TYPE_CHECKING:
    from starlette.requests import Request

STATIC = Path(__file__).with_name("static")
ASSETS = STATIC / "ide"
"""Third-party bundles and their licenses (gitignored; see scripts/fetch_ide_assets.py)."""
OWN = STATIC / "graphiql"
"""Our own files of the IDE page."""
VENDOR_FILES = (
    "react.production.min.js",
    "react-dom.production.min.js",
    "graphiql.min.js",
    "graphiql.min.css",
    "LICENSE.react.txt",
    "LICENSE.react-dom.txt",
    "LICENSE.graphiql.txt",
)
OWN_FILES = ("boot.js", "ide.css")
PREFIX = "/-/ide/"
# GraphiQL sets inline styles (editors, popovers); scripts stay same-origin files only.
IDE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; "
    "frame-ancestors 'none'; object-src 'none'"
)

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TruthLens GraphQL IDE</title>
<link rel="stylesheet" href="{prefix}graphiql.min.css">
<link rel="stylesheet" href="{prefix}ide.css">
</head>
<body>
<div id="graphiql" data-endpoint="/graphql">Loading the GraphQL IDE…</div>
<script src="{prefix}react.production.min.js"></script>
<script src="{prefix}react-dom.production.min.js"></script>
<script src="{prefix}graphiql.min.js"></script>
<script src="{prefix}boot.js"></script>
</body>
</html>
"""

MISSING = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>GraphQL IDE not installed</title></head>
<body>
<main>
<h1>The GraphQL IDE is not installed</h1>
<p>Its files (GraphiQL and React, from npm) are fetched at install time and are missing from
<code>{folder}</code>. Install them with <code>make install</code> (or
<code>python3 scripts/fetch_ide_assets.py</code> in a source checkout), then reload.</p>
<p>The API itself works without them: POST GraphQL requests to <code>/graphql</code>.</p>
</main>
</body>
</html>
"""


def installed(directory: Path | None = None) -> bool:
    folder = directory or ASSETS
    return all((folder / name).is_file() for name in VENDOR_FILES)


def page() -> Response:
    """GET /graphql from a browser: the IDE, or how to install it (503) when it is missing."""
    if not installed():
        return HTMLResponse(
            MISSING.format(folder=ASSETS),
            status_code=503,
            headers={"Cache-Control": "no-store", **security_headers()},
        )
    return HTMLResponse(
        PAGE.format(prefix=PREFIX),
        headers={"Cache-Control": "no-store", **security_headers(IDE_POLICY)},
    )


async def asset(request: Request) -> Response:
    name = request.path_params["name"]
    if name in VENDOR_FILES:
        # The lock pins the versions, but a refetch replaces files in place: revalidate.
        return file_response(ASSETS / name, cache="no-cache", policy=IDE_POLICY)
    if name in OWN_FILES:
        return file_response(OWN / name, cache="no-cache", policy=IDE_POLICY)
    return Response("Not Found", status_code=404, media_type="text/plain")


def routes() -> list[Route]:
    return [Route(PREFIX + "{name}", asset, methods=["GET", "HEAD"])]
