"""Validation results kept per query text, so a repeated query is validated once.

graphql-core's validation walks the whole document with every rule (about half the
service's CPU time per small query before this cache). Its outcome depends only on the
schema, the rules and the document, and one schema's rules are the same for every
request: the limits of `build_schema` are fixed when it runs. The variable-dependent cost
rule (`truthlens.schema.cost.QueryCost`) is not cached; it runs first, on every request.

strawberry's own `ValidationCache` cannot be used: it keys on the rule classes, and the
depth and alias limiters make new ones for each request, so it would never hit.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

MAX_ENTRIES = 256
"""Distinct query texts remembered; the least recently used is forgotten first, so a
client sending endless unique queries cannot grow memory."""


class ValidationResults:
    """The validation errors of recently seen query texts, for one schema.

    Keys are query texts here; the cost rule keys its results on the text and the
    variables it reads (`truthlens.schema.cost`).
    """

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._errors: OrderedDict[Hashable, tuple[GraphQLError, ...]] = OrderedDict()

    def get(self, query: Hashable) -> tuple[GraphQLError, ...] | None:
        found = self._errors.get(query)
        if found is not None:
            self._errors.move_to_end(query)
        return found

    def put(self, query: Hashable, errors: tuple[GraphQLError, ...]) -> None:
        self._errors[query] = errors
        self._errors.move_to_end(query)
        while len(self._errors) > self.max_entries:
            self._errors.popitem(last=False)

    def __len__(self) -> int:
        return len(self._errors)


class CachedValidation(SchemaExtension):
    """Validates with all the request's rules, or reuses the result for the same text.

    Must come after `QueryCost` in the extension list: an operation the cost rule refused
    already has its errors and is not validated again (strawberry then skips its own pass).
    """

    def __init__(self, results: ValidationResults) -> None:
        self.results = results

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document, query = context.graphql_document, context.query
        if context.pre_execution_errors is None and document is not None and query:
            errors = self.results.get(query)
            if errors is None:
                errors = tuple(
                    validate_document(context.schema._schema, document, context.validation_rules)
                )
                self.results.put(query, errors)
            context.pre_execution_errors = list(errors)
        yield
