"""Query cost: an estimate of the work an operation asks for, refused above a maximum.

Each field costs 1. A list multiplies the cost of what is selected inside it by its size:
`first` where the field takes it (`articles`, `sources`, `scoreHistory`; a connection's
`edges` get the connection's `first`), otherwise DEFAULT_LIST_SIZE (`scores`, `evidence`,
`metrics`), and at least 1. `first` is read from the literal, the request's variables, the
variable's default or the field's default, and counted as at most MAX_FIRST (larger values are
refused by the resolvers). Inside introspection fields every list counts once, so the cost
there is the size of the selection. Every fragment is costed once (per page size), so
fragments that spread each other many times cannot make the estimate itself slow.

The check is a graphql-core validation rule, built per request so it can read the variables,
and run in a pass of its own before the other rules: the cost bounds the size of the query
with its fragments expanded, and some rules (strawberry's depth and alias limiters) walk that
expansion, which for a few hundred tokens of nested fragment spreads is exponential. Its
outcome depends only on the query text and the values of the variables given as `first`,
so it is remembered per (text, those values), like the other rules' (`.validation`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    ValidationRule,
    get_named_type,
    validate,
)
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from graphql.type import GraphQLField, GraphQLSchema, SchemaMetaFieldDef, TypeMetaFieldDef
from strawberry.extensions import SchemaExtension

from truthlens.errors import ErrorCode
from truthlens.schema.validation import ValidationResults

DEFAULT_MAX_COST = 10_000
DEFAULT_LIST_SIZE = 10
MAX_FIRST = 100
PAGE_FIELDS = frozenset({"edges", "nodes"})
"""List fields of a connection, sized by the connection's `first`."""


class _Estimator:
    def __init__(
        self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any]
    ) -> None:
        self.schema = schema
        self.variables = variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.defaults = {
            v.variable.name.value: v.default_value
            for d in document.definitions
            if isinstance(d, OperationDefinitionNode)
            for v in d.variable_definitions or ()
        }
        self.fragment_costs: dict[tuple[str, int | None, bool], int] = {}
        self.in_progress: set[str] = set()

    def operation(self, node: OperationDefinitionNode) -> int:
        root = self.schema.get_root_type(node.operation)
        return 0 if root is None else self.selections(root, node.selection_set, None, False)

    def selections(
        self,
        parent: GraphQLNamedType,
        selection_set: SelectionSetNode,
        page: int | None,
        introspection: bool,
    ) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(parent, selection, page, introspection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                if inner is not None:
                    total += self.selections(inner, selection.selection_set, page, introspection)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, page, introspection)
        return total

    def fragment(self, name: str, page: int | None, introspection: bool) -> int:
        key = (name, page, introspection)
        if key in self.fragment_costs:
            return self.fragment_costs[key]
        definition = self.fragments.get(name)
        if definition is None or name in self.in_progress:
            return 0  # unknown or cyclic: other validation rules report it
        self.in_progress.add(name)
        inner = self.schema.get_type(definition.type_condition.name.value)
        cost = (
            0
            if inner is None
            else self.selections(inner, definition.selection_set, page, introspection)
        )
        self.in_progress.discard(name)
        self.fragment_costs[key] = cost
        return cost

    def field(
        self, parent: GraphQLNamedType, node: FieldNode, page: int | None, introspection: bool
    ) -> int:
        name = node.name.value
        if not isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            return 1
        definition = self.schema_field(parent, name)
        if definition is None or node.selection_set is None:
            return 1
        introspection = introspection or name.startswith("__")
        first = self.first(node, definition) if "first" in definition.args else None
        inner_type = get_named_type(definition.type)
        if _is_list(definition):
            if introspection:
                size = 1
            elif first is not None:
                size = first
            elif name in PAGE_FIELDS and page is not None:
                size = page
            else:
                size = DEFAULT_LIST_SIZE
            inner = self.selections(inner_type, node.selection_set, None, introspection)
            # An empty page still has its selection validated: count it once.
            return 1 + max(size, 1) * inner
        return 1 + self.selections(inner_type, node.selection_set, first, introspection)

    def schema_field(
        self, parent: GraphQLObjectType | GraphQLInterfaceType, name: str
    ) -> GraphQLField | None:
        if name == "__schema":
            return SchemaMetaFieldDef
        if name == "__type":
            return TypeMetaFieldDef
        found: GraphQLField | None = parent.fields.get(name)
        return found

    def first(self, node: FieldNode, definition: GraphQLField) -> int:
        value: object = None
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            literal = argument.value
            if isinstance(literal, VariableNode):
                variable = literal.name.value
                if variable in self.variables:
                    value = self.variables[variable]
                else:
                    default = self.defaults.get(variable)
                    value = int(default.value) if isinstance(default, IntValueNode) else None
            elif isinstance(literal, IntValueNode):
                value = int(literal.value)
            else:
                value = MAX_FIRST  # not an Int: refused later, costed at the most
        if value is None:
            value = definition.args["first"].default_value
        if not isinstance(value, int) or isinstance(value, bool):
            value = MAX_FIRST
        return max(0, min(value, MAX_FIRST))


def _is_list(definition: GraphQLField) -> bool:
    kind = definition.type
    if isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    return isinstance(kind, GraphQLList)


def estimate_costs(
    schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, Any] | None = None
) -> Iterator[tuple[OperationDefinitionNode, int]]:
    """Each operation of the document with its estimated cost."""
    estimator = _Estimator(schema, document, variables or {})
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            yield definition, estimator.operation(definition)


def cost_rule(max_cost: int, variables: Mapping[str, Any]) -> type[ValidationRule]:
    """A validation rule refusing operations that cost more than `max_cost`."""

    class QueryCostRule(ValidationRule):
        def enter_document(self, node: DocumentNode, *_args: object) -> None:
            schema = self.context.schema
            for operation, cost in estimate_costs(schema, node, variables):
                if cost > max_cost:
                    name = f" {operation.name.value}" if operation.name else ""
                    self.report_error(
                        GraphQLError(
                            f"operation{name} is too complex: estimated cost {cost}, "
                            f"at most {max_cost} (lower `first` or select fewer lists)",
                            operation,
                            extensions={
                                "code": ErrorCode.QUERY_TOO_COMPLEX.value,
                                "cost": cost,
                                "maxCost": max_cost,
                            },
                        )
                    )

    return QueryCostRule


def first_variables(document: DocumentNode) -> tuple[str, ...]:
    """Names of the variables given as a `first` argument anywhere in the document."""
    found: set[str] = set()

    def walk(selection_set: SelectionSetNode | None) -> None:
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                for argument in selection.arguments or ():
                    if argument.name.value == "first" and isinstance(argument.value, VariableNode):
                        found.add(argument.value.name.value)
                walk(selection.selection_set)
            elif isinstance(selection, InlineFragmentNode):
                walk(selection.selection_set)

    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode | FragmentDefinitionNode):
            walk(definition.selection_set)
    return tuple(sorted(found))


class CostResults:
    """The cost rule's errors per (query text, values of its `first` variables)."""

    def __init__(self) -> None:
        self.errors = ValidationResults()
        self._first_variables: dict[str, tuple[str, ...]] = {}

    def key(self, query: str, document: DocumentNode, variables: Mapping[str, Any]) -> Hashable:
        names = self._first_variables.get(query)
        if names is None:
            if len(self._first_variables) >= self.errors.max_entries:
                self._first_variables.clear()
            names = self._first_variables[query] = first_variables(document)
        # Absent and null differ (a document default applies only to the first), and so do
        # 1, 1.0 and True (only an int is a size): the key keeps presence and type.
        values = tuple(
            (name in variables, type(value), value)
            for name in names
            for value in (variables.get(name),)
        )
        try:
            hash(values)
        except TypeError:  # a list or an object given as `first`: refused later anyway
            return None
        return query, values


class QueryCost(SchemaExtension):
    """Runs the cost rule, bound to this request's variables, before the other rules.

    An operation over the limit gets the rule's error as its validation result; the other
    rules are then skipped (strawberry skips validation that an extension has already done).
    """

    def __init__(
        self, *, max_cost: int = DEFAULT_MAX_COST, results: CostResults | None = None
    ) -> None:
        self.max_cost = max_cost
        self.results = results

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            variables = context.variables or {}
            key = None
            if self.results is not None and context.query:
                key = self.results.key(context.query, document, variables)
            errors = self.results.errors.get(key) if self.results and key else None
            if errors is None:
                rule = cost_rule(self.max_cost, variables)
                errors = tuple(validate(context.schema._schema, document, [rule]))
                if self.results is not None and key is not None:
                    self.results.errors.put(key, errors)
            if errors:
                context.pre_execution_errors = list(errors)
        yield
