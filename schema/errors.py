"""Masking of unexpected errors: clients see a request id, the log keeps the whole story."""

from __future__ import annotations

import logging

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

log = logging.getLogger("truthlens.graphql")

MESSAGE = "Unexpected error."


def is_unexpected(error: GraphQLError) -> bool:
    """Exceptions raised by our code are unexpected; validation and GraphQLErrors are not."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


class MaskUnexpectedErrors(MaskErrors):
    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message=MESSAGE)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = getattr(self.execution_context.context, "request_id", None)
        log.error(
            "unexpected error in %s (request %s)",
            ".".join(str(p) for p in error.path or ()),
            request_id,
            exc_info=error.original_error,
        )
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_ERROR", "requestId": request_id}
        return masked
