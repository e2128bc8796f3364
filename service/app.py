"""The ASGI application: Starlette routes, GraphQL endpoint and the lifespan that owns resources."""

from __future__ import annotations

import contextlib
import json
import logging
import uuid
from typing import TYPE_CHECKING, Any, TypedDict

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from truthlens import db, ide, web
from truthlens.jobs import JobServices
from truthlens.pipeline import Pipeline
from truthlens.plugin_manager import PluginHost, create_plugin_host
from truthlens.runner import EmbeddedRunner
from truthlens.schema import build_schema
from truthlens.schema.auth import PRINCIPAL, AccessPolicy, Authenticator
from truthlens.schema.context import Context
from truthlens.schema.deadline import within_deadline
from truthlens.settings import Settings
from truthlens.submission import JobQueue, open_queue

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from cross_web import AsyncHTTPRequestAdapter
    from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.websockets import WebSocket
    from strawberry.http import GraphQLRequestData
    from strawberry.types import ExecutionResult

log = logging.getLogger(__name__)


class State(TypedDict):
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    plugins: PluginHost
    pipeline: Pipeline
    access: AccessPolicy
    jobs: JobQueue


class TruthLensGraphQL(GraphQL[Context, None]):
    query_timeout: float | None = None
    """Seconds a query may take (`truthlens.schema.deadline`); None for no limit."""

    def decode_json(self, data: str | bytes) -> object:
        # strawberry answers 400 for invalid JSON but lets a non-UTF-8 body become a 500.
        try:
            return super().decode_json(data)
        except UnicodeDecodeError as exc:
            raise json.JSONDecodeError("request body is not UTF-8", "", exc.start) from exc

    async def render_graphql_ide(self, request: Request) -> Response:
        # strawberry's IDE page loads from a CDN; ours is served by the service (truthlens.ide).
        return ide.page()

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None
    ) -> Context:
        state: Any = request.state
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
        return Context(
            request=request,  # type: ignore[arg-type]
            sessions=state.sessions,
            pipeline=state.pipeline,
            plugins=state.plugins,
            request_id=request_id,
            principal=request.scope.get(PRINCIPAL),
            access=state.access,
            response=response,  # type: ignore[arg-type]
            jobs=state.jobs,
        )

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        run = super().execute_single
        return await within_deadline(
            self.query_timeout,
            context,
            lambda: run(request, request_adapter, sub_response, context, root_value, request_data),
        )


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[State]:
        engine = db.create_engine(settings.database_url)
        await db.migrate(engine)
        sessions = db.create_sessionmaker(engine)
        plugins = create_plugin_host(disabled=settings.disabled_plugins)
        pipeline = Pipeline(plugins, settings, sessions)
        access = AccessPolicy.from_settings(settings)
        log.info(access.describe())
        jobs = await open_queue(settings, JobServices(pipeline, sessions, settings))
        if isinstance(jobs, EmbeddedRunner) and (resumed := await jobs.resume()):
            log.info("resumed %d unfinished analysis jobs", resumed)
        log.info(
            "TruthLens ready: database %s, metrics %s",
            engine.url.render_as_string(hide_password=True),
            ", ".join(m.metric.name for m in plugins.metrics) or "none",
        )
        try:
            yield State(
                settings=settings,
                engine=engine,
                sessions=sessions,
                plugins=plugins,
                pipeline=pipeline,
                access=access,
                jobs=jobs,
            )
        finally:
            await jobs.aclose()
            if access.limiter is not None:
                await access.limiter.aclose()
            await pipeline.aclose()
            await engine.dispose()

    production = settings.env == "production"
    graphql = TruthLensGraphQL(
        build_schema(production=production, max_cost=settings.max_query_cost),
        graphql_ide=None if production else "graphiql",
    )
    graphql.query_timeout = settings.query_timeout

    async def healthz(request: Request) -> JSONResponse:
        ok = await db.ping(request.state.engine)
        return JSONResponse(
            {"status": "ok" if ok else "unavailable"}, status_code=200 if ok else 503
        )

    async def plugins_json(request: Request) -> JSONResponse:
        return JSONResponse(request.state.plugins.describe())

    middleware = []
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["content-type", "authorization", "x-request-id"],
            )
        )
    return Starlette(
        middleware=middleware,
        routes=[
            Route(
                "/graphql", Authenticator(graphql, production=production), methods=["GET", "POST"]
            ),
            Route("/healthz", healthz),
            Route("/-/plugins.json", plugins_json),
            *web.routes(),
            *([] if production else ide.routes()),
        ],
        lifespan=lifespan,
        max_body_size=settings.max_body_bytes,
    )
