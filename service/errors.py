"""Expected failures of an analysis, with stable codes shared by GraphQL and the CLI."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    INVALID_INPUT = "INVALID_INPUT"
    FETCH_FAILED = "FETCH_FAILED"
    BLOCKED_ADDRESS = "BLOCKED_ADDRESS"
    ACCESS_DENIED = "ACCESS_DENIED"
    TOO_LARGE = "TOO_LARGE"
    UNSUPPORTED_CONTENT = "UNSUPPORTED_CONTENT"
    NO_CONTENT = "NO_CONTENT"
    EXTRACTION_FAILED = "EXTRACTION_FAILED"
    NOT_FOUND = "NOT_FOUND"
    INTERNAL_ERROR = "INTERNAL_ERROR"
    # Refusals of a whole request (GraphQL errors' extensions.code, never an AnalysisError).
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    RATE_LIMITED = "RATE_LIMITED"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    QUERY_TIMEOUT = "QUERY_TIMEOUT"


class AnalysisError(Exception):
    """An analysis that could not be made, for a reason the caller can act on."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
