"""A document may hold only a few operations: parsing and validating hundreds is a cheap DoS."""

from __future__ import annotations

from typing import Any

from graphql import ASTValidationRule, DocumentNode, GraphQLError, OperationDefinitionNode


def max_operations_rule(limit: int) -> type[ASTValidationRule]:
    class MaxOperations(ASTValidationRule):
        def enter_document(self, node: DocumentNode, *_: Any) -> None:
            operations = [d for d in node.definitions if isinstance(d, OperationDefinitionNode)]
            if len(operations) > limit:
                self.report_error(
                    GraphQLError(
                        f"{len(operations)} operations in one document; the limit is {limit}",
                        node,
                    )
                )

    return MaxOperations
