"""The GraphQL schema of TruthLens (strawberry)."""

from __future__ import annotations

from pathlib import Path

import strawberry
from strawberry.extensions import MaskErrors, QueryDepthLimiter

from truthlens.schema.mutations import Mutation
from truthlens.schema.queries import Query

SDL_PATH = Path(__file__).with_name("schema.graphql")
MAX_DEPTH = 8


def _unexpected(error: object) -> bool:
    """Mask exceptions that are not GraphQL errors; validation messages stay readable."""
    from graphql import GraphQLError

    original = getattr(error, "original_error", None)
    return original is not None and not isinstance(original, GraphQLError)


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            lambda: MaskErrors(should_mask_error=_unexpected, error_message="Unexpected error."),
        ],
    )


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
