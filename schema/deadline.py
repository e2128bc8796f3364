"""The execution time limit of queries.

The HTTP view runs each operation under `asyncio.timeout(query_timeout)`, from parsing to
result. When execution starts and the operation is not a query, `QueryDeadline` lifts that
limit: analysis mutations have deadlines of their own (fetch, extraction, each metric) and
write in one transaction at the end, which must not be cancelled half-way. A query over the
limit is cancelled and answered with one typed error (QUERY_TIMEOUT), not a 500.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from truthlens.errors import ErrorCode

log = logging.getLogger(__name__)


async def within_deadline(
    seconds: float | None, context: Any, run: Callable[[], Awaitable[ExecutionResult]]
) -> ExecutionResult:
    """Run one operation under the deadline, which `QueryDeadline` may lift for mutations."""
    if seconds is None:
        return await run()
    try:
        async with asyncio.timeout(seconds) as deadline:
            context.deadline = deadline
            return await run()
    except TimeoutError:
        log.warning(
            "query cancelled after %s s (request %s)",
            seconds,
            getattr(context, "request_id", None),
        )
        error = GraphQLError(
            f"the query took longer than {seconds:g} s and was stopped",
            extensions={"code": ErrorCode.QUERY_TIMEOUT.value},
        )
        return ExecutionResult(data=None, errors=[error])


class QueryDeadline(SchemaExtension):
    """Lifts the request's deadline when the operation turns out not to be a query."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context.context
        deadline: asyncio.Timeout | None = getattr(context, "deadline", None)
        if deadline is not None and self.execution_context.operation_type is not (
            OperationType.QUERY
        ):
            deadline.reschedule(None)
        yield
