"""The reference frontend: static pages that read only the public GraphQL API.

The pages are plain HTML, CSS and JavaScript modules from `static/web/` (no build step). The
server only hands out files: every article the browser shows comes from POST /graphql, with
the very documents of `schema/operations/` (served under /-/operations/), so the reference
page proves a frontend can be built from those operations alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.responses import Response
from starlette.routing import Route

import truthlens.schema
from truthlens.assets import file_response

if TYPE_CHECKING:
    from starlette.requests import Request

WEB = Path(__file__).with_name("static") / "web"
OPERATIONS = Path(truthlens.schema.__file__ or "").with_name("operations")
ASSET_NAME = re.compile(r"[a-z][a-z0-9_-]*\.(?:js|css|svg)")
OPERATION_NAME = re.compile(r"[a-z][a-z0-9_]*\.graphql")


def _not_found() -> Response:
    return Response("Not Found", status_code=404, media_type="text/plain")


async def home(_request: Request) -> Response:
    return file_response(WEB / "index.html")


async def article(_request: Request) -> Response:
    # The page loads the article itself (ArticlePage) and says so when the id is unknown.
    return file_response(WEB / "article.html")


async def asset(request: Request) -> Response:
    name = request.path_params["name"]
    return file_response(WEB / name) if ASSET_NAME.fullmatch(name) else _not_found()


async def operation(request: Request) -> Response:
    name = request.path_params["name"]
    return file_response(OPERATIONS / name) if OPERATION_NAME.fullmatch(name) else _not_found()


def routes() -> list[Route]:
    methods = ["GET", "HEAD"]
    return [
        Route("/", home, methods=methods),
        Route("/articles/{id}", article, methods=methods),
        Route("/-/web/{name}", asset, methods=methods),
        Route("/-/operations/{name}", operation, methods=methods),
    ]
