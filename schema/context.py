"""Per-request context: the services a resolver may use, and this request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from truthlens.schema.loaders import Loaders

if TYPE_CHECKING:
    import asyncio

    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
    from starlette.requests import Request
    from starlette.responses import Response

    from truthlens.pipeline import Pipeline
    from truthlens.plugin_manager import PluginHost
    from truthlens.schema.auth import AccessPolicy, Principal
    from truthlens.submission import JobQueue


@dataclass
class Context:
    request: Request
    sessions: async_sessionmaker[AsyncSession]
    pipeline: Pipeline
    plugins: PluginHost
    request_id: str
    principal: Principal | None = None
    """Who is calling (set by the HTTP layer, `truthlens.schema.auth`)."""
    access: AccessPolicy | None = None
    response: Response | None = None
    """Status and headers to answer with (strawberry's sub-response)."""
    deadline: asyncio.Timeout | None = None
    """The query time limit in force (`truthlens.schema.deadline`)."""
    jobs: JobQueue | None = None
    """Where submitAnalyses enqueues (`truthlens.submission`); None outside the app."""
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.sessions)
