"""The GraphQL schema of TruthLens (strawberry), with its request limits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import strawberry
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig

from truthlens.schema.auth import AccessControl
from truthlens.schema.cost import DEFAULT_MAX_COST, CostResults, QueryCost
from truthlens.schema.deadline import QueryDeadline
from truthlens.schema.errors import MaskUnexpectedErrors
from truthlens.schema.mutations import Mutation
from truthlens.schema.queries import Query
from truthlens.schema.validation import CachedValidation, ValidationResults

SDL_PATH = Path(__file__).with_name("schema.graphql")
MAX_DEPTH = 8
MAX_ALIASES = 15
MAX_TOKENS = 2000


def build_schema(
    *, production: bool = False, max_cost: int = DEFAULT_MAX_COST
) -> strawberry.Schema:
    """The schema; in production, introspection and field suggestions are off too.

    Access control and the query deadline act on requests from the HTTP app (their context
    carries the caller and the policy); see `truthlens.schema.auth` and `.deadline`.
    """
    # Parsing and validation are done once per query text (see .validation); the cost
    # rule depends on the variables and runs on every request, before the cached rules.
    validated = ValidationResults()
    costs = CostResults()
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        lambda: ParserCache(maxsize=256),
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: QueryCost(max_cost=max_cost, results=costs),
        lambda: CachedValidation(validated),
        AccessControl,
        QueryDeadline,
        MaskUnexpectedErrors,
    ]
    if production:
        extensions.append(DisableIntrospection)
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        config=StrawberryConfig(disable_field_suggestions=production),
    )


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
