"""Put the planned path in front of graphql-core's execution for queries it covers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from graphql import ExecutionResult
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from gateway.graphql.context import Context
from gateway.graphql.planner.compile import cached_plan
from gateway.graphql.planner.direct import DirectReads
from gateway.graphql.planner.run import execute_plan
from gateway.graphql.selection import cached_selection

log = logging.getLogger("gateway.planner")


class PlannedReads(SchemaExtension):
    """Runs a query by its plan; on anything unusual graphql-core runs it, errors and all.

    It comes after the budget checks (an operation they refused has its result
    already) and after `SelectedColumns`, whose column choices the loads use. A query
    its plan answered is admitted to `direct`, which runs it by the plan alone next time.
    """

    def __init__(self, direct: DirectReads | None = None) -> None:
        self.direct = direct

    async def on_execute(self) -> AsyncIterator[None]:
        ec = self.execution_context
        if (
            ec.result is None
            and ec.operation_type is OperationType.QUERY
            and isinstance(ec.context, Context)
            and ec.graphql_document is not None
            and ec.query
        ):
            plan = cached_plan(ec.schema._schema, ec.query, ec.graphql_document, ec.operation_name)
            if plan is not None:
                try:
                    data = await execute_plan(
                        plan, ec.schema, ec.context, ec.variables, ec.root_value
                    )
                except Exception as error:  # graphql-core runs it and reports what went wrong
                    log.debug("planned path gave way to graphql-core: %r", error)
                else:
                    ec.result = ExecutionResult(data=data, errors=None)
                    ec.context.executed_by = "plan"
                    if self.direct is not None:
                        schema, document = ec.schema._schema, ec.graphql_document
                        selection = cached_selection(schema, ec.query, document)
                        # Admitted under the name the request gave (None for a document's
                        # only operation), as the next request will look it up.
                        asked = ec._provided_operation_name
                        self.direct.admit(ec.query, asked, plan, document, selection)
        yield
