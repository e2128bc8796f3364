"""The GraphQL schema of TruthLens (strawberry)."""

from __future__ import annotations

from pathlib import Path

import strawberry
from strawberry.extensions import QueryDepthLimiter

from truthlens.schema.errors import MaskUnexpectedErrors
from truthlens.schema.mutations import Mutation
from truthlens.schema.queries import Query

SDL_PATH = Path(__file__).with_name("schema.graphql")
MAX_DEPTH = 8


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            MaskUnexpectedErrors,
        ],
    )


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
