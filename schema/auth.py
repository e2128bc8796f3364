"""Access control: who is calling (HTTP layer) and what they may run (before any resolver).

Two steps, both before anything executes:

1. `Authenticator` wraps the GraphQL endpoint only (web pages, `/healthz` and
   `/-/plugins.json` stay public). It reads `Authorization: Bearer <key>` and answers 401
   without reading the body when the key is malformed, unknown or revoked, or when a client
   without a key is not on loopback in development mode.
2. `AccessControl`, a schema extension, runs after parsing and validation and before
   execution: it checks the scopes the operation's root fields need (401 for anonymous
   callers, 403 for a key without the scope) and counts analysis mutations against the rate
   limit (429 with Retry-After). A refused operation gets `data: null` and one typed error.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphql import ExecutionResult, GraphQLError
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from starlette.requests import Request
from starlette.responses import JSONResponse
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from truthlens import apikeys
from truthlens.apikeys import KeyInfo, Scope
from truthlens.errors import ErrorCode

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Send
    from starlette.types import Scope as ASGIScope

    from truthlens.ratelimit import RateLimiter
    from truthlens.settings import Settings

log = logging.getLogger(__name__)

PRINCIPAL = "truthlens.principal"
"""The ASGI scope key under which `Authenticator` leaves the caller."""
MUTATION_SCOPES = {"submitAnalyses": Scope.ANALYZE, "rescore": Scope.ADMIN}
"""Scopes of mutations not named analyze*; those need analyze, any other one admin."""
BATCH_ARGUMENTS = {"submitAnalyses": "urls"}
"""Mutations that start one analysis per item of a list argument."""


@dataclass(frozen=True)
class Principal:
    """The caller of one request: a key, or an anonymous client address."""

    key: KeyInfo | None
    client: str | None
    local: bool = False
    """An anonymous loopback client in development mode: allowed everything."""

    @property
    def rate_identity(self) -> str:
        # The prefix, not the row id: it is random, so two deployments sharing one Redis
        # never count each other's keys together.
        return f"key:{self.key.prefix}" if self.key else f"address:{self.client or 'unknown'}"


@dataclass(frozen=True)
class Refusal:
    """A request refused before execution: HTTP status, stable code, message."""

    status: int
    code: ErrorCode
    message: str
    headers: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, Any] = field(default_factory=dict)

    def error(self) -> GraphQLError:
        return GraphQLError(self.message, extensions={"code": self.code.value, **self.extensions})

    def response(self) -> JSONResponse:
        body = {"data": None, "errors": [self.error().formatted]}
        return JSONResponse(body, status_code=self.status, headers=self.headers)


def unauthenticated(message: str) -> Refusal:
    return Refusal(401, ErrorCode.UNAUTHENTICATED, message, {"WWW-Authenticate": "Bearer"})


def is_loopback(host: str | None) -> bool:
    """127.0.0.0/8 and ::1 (also as IPv4-mapped); a host name or no address is not loopback."""
    if not host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


class Authenticator:
    """ASGI wrapper of the GraphQL endpoint that decides who the caller is, or refuses."""

    def __init__(self, app: ASGIApp, *, production: bool) -> None:
        self.app = app
        self.production = production

    async def __call__(self, scope: ASGIScope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        found = await self.identify(request)
        if isinstance(found, Refusal):
            log.info(
                "refused %s from %s: %s",
                request.url.path,
                request.client.host if request.client else "?",
                found.message,
            )
            await found.response()(scope, receive, send)
            return
        scope[PRINCIPAL] = found
        await self.app(scope, receive, send)

    async def identify(self, request: Request) -> Principal | Refusal:
        client = request.client.host if request.client else None
        header = request.headers.get("authorization")
        if header is not None:
            scheme, _, token = header.strip().partition(" ")
            token = token.strip()
            if scheme.lower() != "bearer" or not apikeys.is_well_formed(token):
                return unauthenticated(
                    "malformed Authorization header; send Authorization: Bearer <API key>"
                )
            async with request.state.sessions() as session:
                key = await apikeys.authenticate(session, token=token)
            if key is None:
                return unauthenticated("unknown or revoked API key")
            return Principal(key=key, client=client)
        if self.production:
            return Principal(key=None, client=client)
        if not is_loopback(client):
            return unauthenticated(
                "in development mode, clients without an API key are served on loopback "
                "(127.0.0.1, ::1) only; send Authorization: Bearer <API key>"
            )
        return Principal(key=None, client=client, local=True)


def mutation_scope(name: str) -> Scope | None:
    """analyze* and submitAnalyses need analyze, rescore and any unclassified mutation admin."""
    if name == "__typename":
        return None
    if name.startswith("analyze"):
        return Scope.ANALYZE
    return MUTATION_SCOPES.get(name, Scope.ADMIN)


def needed_scopes(
    operation: OperationType, fields: list[FieldNode], *, reads_need_key: bool
) -> frozenset[Scope]:
    if operation is not OperationType.MUTATION:
        return frozenset({Scope.READ}) if reads_need_key else frozenset()
    return frozenset(s for f in fields if (s := mutation_scope(f.name.value)) is not None)


def analyses_requested(
    operation: OperationType, fields: list[FieldNode], variables: dict[str, Any]
) -> int:
    """How many analyses a mutation starts: one per field, or per item of a batch's list."""
    if operation is not OperationType.MUTATION:
        return 0
    count = 0
    for field_node in fields:
        name = field_node.name.value
        if mutation_scope(name) is None:
            continue
        count += (
            _batch_size(field_node, BATCH_ARGUMENTS[name], variables)
            if (name in BATCH_ARGUMENTS)
            else 1
        )
    return count


def _batch_size(field_node: FieldNode, argument: str, variables: dict[str, Any]) -> int:
    for given in field_node.arguments or ():
        if given.name.value != argument:
            continue
        value = given.value
        if isinstance(value, ListValueNode):
            return max(1, len(value.values))
        if isinstance(value, VariableNode):
            items = variables.get(value.name.value)
            return max(1, len(items)) if isinstance(items, list) else 1
    return 1


@dataclass
class AccessPolicy:
    """The mode's rules and the rate limiter, shared by every request of the app."""

    production: bool
    require_key_for_reads: bool
    limiter: RateLimiter | None

    @classmethod
    def from_settings(cls, settings: Settings) -> AccessPolicy:
        from truthlens.ratelimit import RateLimiter

        limit = settings.effective_rate_limit
        limiter = RateLimiter(limit, storage_url=settings.rate_limit_storage) if limit else None
        return cls(
            production=settings.env == "production",
            require_key_for_reads=settings.require_key_for_reads,
            limiter=limiter,
        )

    def describe(self) -> str:
        """The startup log line: who may call without a key, and the rate limit."""
        reads = "need an API key" if self.require_key_for_reads else "are public"
        if self.production:
            access = f"production mode: mutations need an API key, queries {reads}"
        else:
            access = (
                "development mode: clients on loopback (127.0.0.1, ::1) may call without an "
                "API key; other clients need one"
            )
        limits = ", ".join(str(i) for i in self.limiter.items) if self.limiter else "none"
        return f"access: {access}; analysis rate limit: {limits}"

    async def admit(
        self,
        principal: Principal | None,
        operation: OperationType,
        fields: list[FieldNode],
        variables: dict[str, Any] | None = None,
    ) -> Refusal | None:
        if principal is None:
            return unauthenticated("no caller was identified for this request")
        needed = needed_scopes(operation, fields, reads_need_key=self.require_key_for_reads)
        if needed and principal.key is None and not principal.local:
            names = ", ".join(sorted(needed))
            return unauthenticated(
                f"this operation needs an API key with scope {names}; "
                "send Authorization: Bearer <API key>"
            )
        if principal.key is not None:
            missing = sorted(s for s in needed if not principal.key.allows(s))
            if missing:
                return Refusal(
                    403,
                    ErrorCode.FORBIDDEN,
                    f"API key {principal.key.prefix} lacks scope {', '.join(missing)}",
                )
        count = analyses_requested(operation, fields, variables or {})
        if self.limiter is None or count == 0:
            return None
        verdict = await self.limiter.hit(principal.rate_identity, cost=count)
        if verdict.allowed:
            return None
        return Refusal(
            429,
            ErrorCode.RATE_LIMITED,
            f"rate limit of {verdict.limit} analyses reached; retry in {verdict.retry_after} s",
            headers={"Retry-After": str(verdict.retry_after)},
            extensions={"retryAfter": verdict.retry_after},
        )


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode) and (
            name is None or (definition.name is not None and definition.name.value == name)
        ):
            return definition
    return None


def root_fields(document: DocumentNode, operation_name: str | None) -> list[FieldNode]:
    """The fields the operation selects at its root, through fragments, with repeats."""
    operation = _operation(document, operation_name)
    if operation is None:
        return []
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }

    def walk(selections: SelectionSetNode, seen: frozenset[str]) -> Iterator[FieldNode]:
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                yield from walk(selection.selection_set, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in fragments and name not in seen:
                    yield from walk(fragments[name].selection_set, seen | {name})

    return list(walk(operation.selection_set, frozenset()))


class AccessControl(SchemaExtension):
    """Refuses an operation its caller may not run, before any resolver runs.

    Requests whose context carries no `access` policy (the schema executed directly, not
    through the HTTP app) are not checked.
    """

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        access: AccessPolicy | None = getattr(context, "access", None)
        document = self.execution_context.graphql_document
        if access is not None and document is not None and self.execution_context.result is None:
            operation = self.execution_context.operation_type
            fields = root_fields(document, self.execution_context.operation_name)
            refusal = await access.admit(
                getattr(context, "principal", None),
                operation,
                fields,
                self.execution_context.variables,
            )
            if refusal is not None:
                self.execution_context.result = ExecutionResult(data=None, errors=[refusal.error()])
                response = getattr(context, "response", None)
                if response is not None:
                    response.status_code = refusal.status
                    for name, value in refusal.headers.items():
                        response.headers[name] = value
        yield
