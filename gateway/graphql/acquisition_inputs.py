"""GraphQL inputs built from ISPyB columns, and their values handed to the domain.

The model is the one source of truth, as for the output types (`columns.py`): an
input has one optional field per column, named as the output field of that column
(`flux_end` → `fluxEnd`). A field the client leaves out is not written; a field
sent as null writes NULL. Times with a zone are turned into the server's local
time, as ISPyB keeps them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import strawberry
from sqlalchemy import inspect as inspect_model
from strawberry.types.unset import UNSET

from gateway.graphql.columns import _scalar, graphql_name


def column_input(
    name: str,
    model: type[Any],
    *,
    exclude: Iterable[str] = (),
    required: Iterable[str] = (),
    description: str,
) -> type:
    """An input type with one field per column of `model` (but the primary key and `exclude`)."""
    skip, must = set(exclude), set(required)
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__module__": __name__}
    for column in inspect_model(model).columns:
        scalar = _scalar(column)
        if column.primary_key or column.key in skip or scalar is None:
            continue
        annotations[column.key] = scalar if column.key in must else scalar | None
        doc = " ".join((column.comment or "").split()) or None
        namespace[column.key] = (
            strawberry.field(name=graphql_name(column.key), description=doc)
            if column.key in must
            else strawberry.field(name=graphql_name(column.key), description=doc, default=UNSET)
        )
    namespace["__annotations__"] = annotations
    return strawberry.input(type(name, (), namespace), description=description)


def values_of(data: Any) -> dict[str, Any]:
    """{column key: value} of the fields the client sent (null included)."""
    if data is None:
        return {}
    values: dict[str, Any] = {}
    for key, value in vars(data).items():
        if value is UNSET:
            continue
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.astimezone().replace(tzinfo=None)
        values[key] = value
    return values
