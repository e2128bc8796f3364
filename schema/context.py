"""Per-request context: the services a resolver may use, and this request's DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from truthlens.schema.loaders import Loaders

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
    from starlette.requests import Request

    from truthlens.pipeline import Pipeline
    from truthlens.plugin_manager import PluginHost


@dataclass
class Context:
    request: Request
    sessions: async_sessionmaker[AsyncSession]
    pipeline: Pipeline
    plugins: PluginHost
    request_id: str
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.sessions)
