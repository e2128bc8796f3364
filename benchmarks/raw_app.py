"""A minimal Starlette JSON app serving the read benchmarks' rows: the comparison baseline.

Not part of the service. Three endpoints answer what the GraphQL requests of
benchmarks/queries.py ask, with hand-written SQL on the same database (same engine
settings as the service) and `JSONResponse`:

    GET /home?first=20     the newest articles with summary and scores
    GET /article/{id}      one article with text, summary and scores with evidence
    GET /score/{id}        one article's objectivity score

    TRUTHLENS_DATABASE_URL=... uvicorn --factory benchmarks.raw_app:create_app
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from truthlens import db

CARD = (
    "a.id, a.url, a.title, a.site_name, a.published_at, a.analyzed_at, a.average_score, "
    "s.headline, s.text AS summary"
)


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _card(row: sa.RowMapping) -> dict[str, Any]:
    return {key: _iso(value) for key, value in row.items()}


def create_app() -> Starlette:
    engine = db.create_engine(os.environ["TRUTHLENS_DATABASE_URL"])

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        await engine.dispose()

    async def home(request: Request) -> JSONResponse:
        first = min(100, int(request.query_params.get("first", "20")))
        async with engine.connect() as conn:
            articles = (
                await conn.execute(
                    sa.text(
                        f"SELECT {CARD} FROM article a LEFT JOIN summary s ON s.article_id = a.id "
                        "ORDER BY a.analyzed_at DESC, a.id DESC LIMIT :first"
                    ),
                    {"first": first},
                )
            ).mappings()
            cards = {row["id"]: {**_card(row), "scores": []} for row in articles}
            total = (await conn.execute(sa.text("SELECT count(*) FROM article"))).scalar_one()
            if cards:
                scores = await conn.execute(
                    sa.text(
                        "SELECT article_id, metric, label, value, confidence FROM score "
                        "WHERE article_id IN :ids ORDER BY article_id, metric"
                    ).bindparams(sa.bindparam("ids", expanding=True)),
                    {"ids": list(cards)},
                )
                for row in scores.mappings():
                    item = dict(row)
                    cards[item.pop("article_id")]["scores"].append(item)
        return JSONResponse({"totalCount": total, "articles": list(cards.values())})

    async def article(request: Request) -> JSONResponse:
        article_id = int(request.path_params["id"])
        async with engine.connect() as conn:
            row = (
                (
                    await conn.execute(
                        sa.text(
                            f"SELECT {CARD}, a.author, a.language, a.kind, a.text, a.word_count "
                            "FROM article a LEFT JOIN summary s ON s.article_id = a.id "
                            "WHERE a.id = :id"
                        ),
                        {"id": article_id},
                    )
                )
                .mappings()
                .first()
            )
            if row is None:
                return JSONResponse({"error": "not found"}, status_code=404)
            scores = await conn.execute(
                sa.text(
                    "SELECT metric, label, value, confidence, explanation, status, error, "
                    "evidence FROM score WHERE article_id = :id ORDER BY metric"
                ),
                {"id": article_id},
            )
            found = [
                {
                    **s,
                    "evidence": json.loads(s["evidence"])
                    if isinstance(s["evidence"], str)
                    else s["evidence"],
                }
                for s in scores.mappings()
            ]
        return JSONResponse({**_card(row), "scores": found})

    async def score(request: Request) -> JSONResponse:
        async with engine.connect() as conn:
            row = (
                (
                    await conn.execute(
                        sa.text(
                            "SELECT metric, value, confidence FROM score "
                            "WHERE article_id = :id AND metric = 'objectivity'"
                        ),
                        {"id": int(request.path_params["id"])},
                    )
                )
                .mappings()
                .first()
            )
        return JSONResponse(dict(row) if row is not None else None)

    return Starlette(
        routes=[
            Route("/home", home),
            Route("/article/{id:int}", article),
            Route("/score/{id:int}", score),
        ],
        lifespan=lifespan,
    )
