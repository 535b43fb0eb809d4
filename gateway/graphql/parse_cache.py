"""Parsed documents, cached by their text: parsing a page's document costs more than running it.

strawberry's own ParserCache parses inside the extension hook, where a syntax error
escapes the operation and reaches the client without its code. Here a document that
does not parse is left to strawberry, which parses it again and reports the error as
usual (`GRAPHQL_PARSE_FAILED`); only documents that parse are cached.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import suppress
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, GraphQLError, parse
from strawberry.extensions import SchemaExtension


@lru_cache(maxsize=256)
def _parse(query: str, options: tuple[tuple[str, Any], ...]) -> DocumentNode:
    return parse(query, **dict(options))


def parsed(query: str, options: Mapping[str, Any]) -> DocumentNode | None:
    """The document, from the cache when it was parsed before; None when it does not parse.

    The token limit is a parse option, so part of the key: cached documents obeyed it."""
    with suppress(GraphQLError):
        return _parse(query, tuple(sorted(options.items())))
    return None


class ParsedDocuments(SchemaExtension):
    def on_parse(self) -> Iterator[None]:
        ec = self.execution_context
        if ec.query and ec.graphql_document is None:
            # On a syntax error strawberry parses it again and reports it with its code.
            ec.graphql_document = parsed(ec.query, ec.parse_options)
        yield
