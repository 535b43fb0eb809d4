"""Queries strawberry's pipeline has accepted and their plan has answered: run by the plan alone.

All the pipeline decides about a query before running it (its parse, the token, depth
and alias limits, validation, its plan, the columns its loads select) depends on the
document's text only. `PlannedReads` admits a text here once the pipeline has accepted
it and its plan has answered. A later request with the same text then skips the
pipeline, whose extension objects and hooks took about a sixth of a session page's CPU
(docs/performance.md), and redoes only what depends on the request: the cost estimate
with its variables (checked by the caller, which needs it anyway), the coercion of
its variables (the plan's run), the operation's metrics.

Anything but plain success (an estimate over the budget, a refused variable, a plan
that gives way) returns None, and the pipeline then answers exactly as it would have,
errors and all.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from graphql import DocumentNode
from strawberry.types import ExecutionResult

from gateway.graphql.context import Context
from gateway.graphql.lru import LRU
from gateway.graphql.observe import Operations
from gateway.graphql.planner.compile import Plan
from gateway.graphql.planner.run import execute_plan
from gateway.graphql.selection import Selection

log = logging.getLogger("gateway.planner")


@dataclass(frozen=True)
class Admitted:
    plan: Plan
    document: DocumentNode
    selection: Selection


class DirectReads:
    def __init__(self, operations: Operations | None = None, size: int = 256) -> None:
        self.operations = operations
        self._admitted: LRU[Admitted] = LRU(size)

    def admit(
        self,
        query: str,
        operation_name: str | None,
        plan: Plan,
        document: DocumentNode,
        selection: Selection,
    ) -> None:
        """The pipeline accepted `query` and its plan answered it."""
        self._admitted.get((query, operation_name), lambda: Admitted(plan, document, selection))

    def find(self, query: str, operation_name: str | None) -> Admitted | None:
        return self._admitted.find((query, operation_name))

    async def run(
        self,
        admitted: Admitted,
        strawberry_schema: Any,
        context: Context,
        variables: dict[str, Any] | None,
    ) -> ExecutionResult | None:
        """The result of an admitted query whose cost the caller found within the budget;
        None: the pipeline must run it."""
        started = time.perf_counter()
        context.loaders.use_selection(admitted.selection)
        try:
            data = await execute_plan(admitted.plan, strawberry_schema, context, variables, None)
        except Exception as error:  # the pipeline runs it and reports what went wrong
            log.debug("direct path gave way to the pipeline: %r", error)
            return None
        context.executed_by = "direct"
        if self.operations is not None:
            name = admitted.plan.operation.name
            seconds = time.perf_counter() - started
            self.operations.observe(name.value if name else None, "query", False, seconds)
            self.operations.metrics.direct_queries.inc()
        return ExecutionResult(data=data, errors=None, extensions=None)
