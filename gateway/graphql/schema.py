"""Builds the one schema: root types plus the guard rails every deployment gets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from gateway.graphql.acquisition import AcquisitionMutation, AcquisitionQuery
from gateway.graphql.cost import Budget, QueryCost
from gateway.graphql.errors import ErrorCodes
from gateway.graphql.execution import GatewayExecutionContext
from gateway.graphql.extensions_runner import GatewayExtensionsRunner
from gateway.graphql.jobs_api import JobMutation, JobQuery
from gateway.graphql.limits import max_operations_rule
from gateway.graphql.observe import OperationMetrics, Operations
from gateway.graphql.parse_cache import ParsedDocuments
from gateway.graphql.planner.direct import DirectReads
from gateway.graphql.planner.extension import PlannedReads
from gateway.graphql.prep_api import SamplePrepQuery
from gateway.graphql.prep_mutations import SamplePrepMutation
from gateway.graphql.queries import IspybMutation, IspybQuery
from gateway.graphql.selection import SelectedColumns
from gateway.graphql.session_live import SessionSubscription
from gateway.graphql.subscriptions import JobSubscription
from gateway.http.metrics import Metrics
from gateway.settings import Settings


def _root_types() -> tuple[type, type, type]:
    """Fresh root types per schema: strawberry's `node` field is bound to one schema only."""

    @strawberry.type
    class Query(IspybQuery, JobQuery, AcquisitionQuery, SamplePrepQuery):
        node: relay.Node | None = relay.node(description="Any ISPyB object by its global id.")

    @strawberry.type
    class Mutation(IspybMutation, JobMutation, AcquisitionMutation, SamplePrepMutation):
        pass

    @strawberry.type
    class Subscription(JobSubscription, SessionSubscription):  # acquisition: issue 14
        pass

    return Query, Mutation, Subscription


class GatewaySchema(strawberry.Schema):
    # Queries the pipeline accepted and their plan answered (None: the planner is off).
    direct: DirectReads | None = None

    def create_extensions_runner(
        self, execution_context: ExecutionContext, extensions: list[SchemaExtension]
    ) -> SchemaExtensionsRunner:
        """Extensions' per-event hooks resolved once per operation (subscriptions' messages)."""
        return GatewayExtensionsRunner(execution_context, extensions)

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Client mistakes are not server errors: `ErrorCodes` logs the unexpected ones."""


def build_schema(settings: Settings, metrics: Metrics | None = None) -> GatewaySchema:
    # Factories, not instances: strawberry builds a fresh extension for every operation.
    # The limit rules are classes made once here: validation results are cached per
    # (document, rules), so rule classes made per operation would never hit the cache.
    rules = [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
        max_operations_rule(settings.max_operations),
    ]
    budget = Budget.from_settings(settings)
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: ErrorCodes(debug=settings.debug),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        ParsedDocuments,
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=256),
        lambda: QueryCost(budget=budget),
        SelectedColumns,
    ]
    operations = Operations(metrics) if metrics is not None else None
    direct = DirectReads(operations) if settings.query_planner else None
    if direct is not None:
        extensions.append(lambda: PlannedReads(direct))
    if not settings.introspection:
        extensions.append(DisableIntrospection)
    if operations is not None:
        extensions.append(lambda: OperationMetrics(operations=operations))
    query, mutation, subscription = _root_types()
    schema = GatewaySchema(
        query=query,
        mutation=mutation,
        subscription=subscription,
        extensions=extensions,
        config=StrawberryConfig(auto_camel_case=True),
        execution_context_class=GatewayExecutionContext,
    )
    schema.direct = direct
    return schema
