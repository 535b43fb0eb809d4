"""Reads rendered for the live schema: a missing column as NULL, another type through CAST.

`gateway.sql.live` decides how each column of a site's flavour is read; this module
applies it where every statement is rendered, so no query, filter or rule has to
know which flavour it runs on. The adaptations belong to one engine (its dialect
instance, with its own compiled-statement cache), so two databases of different
flavours can be served by one process, as the tests do.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.selectable import Alias

from gateway.sql.live import DERIVED, LiveSchema, learn

_ATTR = "gw_live_schema"


def attach(engine: AsyncEngine, schema: LiveSchema) -> None:
    """Make `engine` render reads for `schema` from now on."""
    setattr(engine.sync_engine.dialect, _ATTR, (schema, schema.read_adaptations()))
    # Statements compiled before (a request served while the database was away) are stale.
    engine.sync_engine.clear_compiled_cache()


def live_schema(engine: AsyncEngine) -> LiveSchema | None:
    """The live schema attached to `engine` (None: the engine renders the models as they are)."""
    found = getattr(engine.sync_engine.dialect, _ATTR, None)
    return found[0] if found else None


def _base_table(column: Column[Any]) -> Table | None:
    """The table a column reference reads from: a table or an alias of one (not a subquery)."""
    source = column.table
    if isinstance(source, Table):
        return source
    if isinstance(source, Alias) and isinstance(source.element, Table):
        return source.element
    return None


@compiles(Column)
def _render_column(element: Column[Any], compiler: SQLCompiler, **kw: Any) -> str:
    attached = getattr(compiler.dialect, _ATTR, None)
    if attached is None or not isinstance(compiler, SQLCompiler):
        return compiler.visit_column(element, **kw)
    table = _base_table(element)
    how = attached[1].get((table.name, element.name)) if table is not None else None
    if how is None:
        return compiler.visit_column(element, **kw)
    # The plain rendering registers the column in the result map, so rows keep their keys.
    plain = compiler.visit_column(element, **kw)
    if how == "null":
        text = "NULL"
    elif how == "derived":
        derive = DERIVED[(table.name, element.name)][0]  # type: ignore[union-attr]
        inner = {k: v for k, v in kw.items() if k not in _COLUMN_CLAUSE_KEYS}
        text = compiler.process(derive(element.table), **inner)
    else:
        text = f"CAST({plain} AS {how.removeprefix('cast:')})"
    if kw.get("within_columns_clause") and not kw.get("within_label_clause"):
        # A bare column in a select list: keep its name for outer queries and result keys.
        text += " AS " + compiler.preparer.quote(element.name)
    return text


_COLUMN_CLAUSE_KEYS = {
    "within_columns_clause",
    "within_label_clause",
    "add_to_result_map",
    "result_map_targets",
    "include_table",
}


def head_tables() -> list[Table]:
    """The tables the models map, in the head revision's shape."""
    from gateway.sql import models  # noqa: F401  (registers every mapped table)
    from gateway.sql.base import Base

    return sorted(Base.metadata.tables.values(), key=lambda t: t.name)


async def learn_and_attach(engine: AsyncEngine) -> LiveSchema:
    """Reflect the mapped tables once (start-up), attach the adaptations, return the report."""
    async with engine.connect() as conn:
        schema = await conn.run_sync(learn, head_tables())
    attach(engine, schema)
    return schema
