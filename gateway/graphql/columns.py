"""GraphQL fields generated from ISPyB columns, so the model stays the one source of truth.

Each mapped column becomes a field named after the column in lowerCamelCase
(`imagePrefix`, `visit_number` → `visitNumber`, `cell_a` → `cellA`), typed from
the column and described by the schema's column comment. Relations and computed
fields are written by hand on the type itself.
"""

from __future__ import annotations

import datetime as dt
import decimal
import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import strawberry
from sqlalchemy import inspect as inspect_model
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.sql.schema import Column
from strawberry import relay

T = TypeVar("T")

_SCALARS: dict[type, type] = {
    int: int,
    float: float,
    decimal.Decimal: float,
    str: str,
    bool: bool,
    dt.datetime: dt.datetime,
    dt.date: dt.date,
    dt.time: str,
    dt.timedelta: str,
}


# Model -> the GraphQL types built from its columns (to know which columns a query needs).
TYPES_OF: dict[type[Any], list[type[Any]]] = {}

# Column names that lowerCamelCase alone would make unreadable or illegal in Python.
RENAMES = {"CTFid": "ctfId", "global": "isGlobal"}


def graphql_name(column_name: str) -> str:
    """ISPyB column name → lowerCamelCase GraphQL field name (`cell_a` → `cellA`)."""
    if column_name in RENAMES:
        return RENAMES[column_name]
    head, *rest = column_name.split("_")
    lead = len(head) - len(head.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    head = (
        head.lower() if lead == len(head) else head[: max(lead, 1)].lower() + head[max(lead, 1) :]
    )
    return head + "".join(p[:1].upper() + p[1:] for p in rest if p)


def _scalar(column: Column[Any]) -> type | None:
    try:
        py = column.type.python_type
    except NotImplementedError:
        return None
    if issubclass(py, bool):
        return bool
    for base, scalar in _SCALARS.items():
        if issubclass(py, base):
            return scalar
    return None  # blobs and other binary data are not exposed


def column_fields(
    model: type[DeclarativeBase], *, key: Any = None, exclude: Iterable[str] = ()
) -> Callable[[type[T]], type[T]]:
    """Class decorator (put it *under* @strawberry.type) adding one field per column.

    With `key` (the primary-key attribute), the type also gets the hidden Relay
    `NodeID` its global id is built from.
    """
    skip = set(exclude)

    def decorate(cls: type[T]) -> type[T]:
        annotations = dict(inspect.get_annotations(cls))
        if key is not None:
            annotations["pk"] = relay.NodeID[int]
            cls.__key__ = key  # type: ignore[attr-defined]
        columns: dict[str, str] = {}
        always: set[str] = set()  # read by resolvers (declared by hand) or the node id
        for column in inspect_model(model).columns:
            if column.name in skip:
                continue
            scalar = _scalar(column)
            if scalar is None:
                continue
            name = graphql_name(column.name)
            columns[name] = column.key
            if name in annotations or column.primary_key:
                always.add(column.key)
            if name in annotations:
                # Declared by hand for typed access in resolvers: keep its type, add the docs.
                if name not in cls.__dict__:
                    setattr(
                        cls, name, strawberry.field(name=name, description=_description(column))
                    )
                continue
            # MySQL's zero dates ('0000-00-00') mean "no date": the driver reads them as
            # None (sql/engine.py), so a date is nullable even in a NOT NULL column.
            dated = scalar in (dt.datetime, dt.date)
            required = column.primary_key or (not column.nullable and not dated)
            annotations[name] = scalar if required else scalar | None
            setattr(
                cls,
                name,
                strawberry.field(name=name, description=_description(column), default=None),
            )
        cls.__annotations__ = annotations
        cls.__ispyb_columns__ = {**getattr(cls, "__ispyb_columns__", {}), **columns}  # type: ignore[attr-defined]
        cls.__ispyb_always__ = frozenset(always)  # type: ignore[attr-defined]
        TYPES_OF.setdefault(model, []).append(cls)
        return cls

    return decorate


def _description(column: Column[Any]) -> str | None:
    comment = (column.comment or "").strip()
    return re.sub(r"\s+", " ", comment) or None


def from_row(cls: type[T], row: Mapping[str, Any], **extra: Any) -> T:
    """Build a GraphQL object from a row mapping keyed by model attribute names.

    The dataclass `__init__` of a 100-column type takes ~80 µs per object (every field
    passed and defaulted); filling the instance dict with the columns the row has costs
    a tenth of that. Columns a query did not read keep their class default, None.
    """
    fields: dict[str, str] | None = cls.__dict__.get("__ispyb_fields__")
    if fields is None:
        columns: dict[str, str] = cls.__ispyb_columns__  # type: ignore[attr-defined]
        fields = {key: field for field, key in columns.items()}
        cls.__ispyb_fields__ = fields  # type: ignore[attr-defined]
    obj = object.__new__(cls)
    values = obj.__dict__
    for key, value in row.items():
        field = fields.get(key)
        if field is not None:
            values[field] = value
    values.update(extra)
    return obj


def needed_columns(model: type[Any], selection: Mapping[str, frozenset[str]]) -> set[str]:
    """Column keys of `model` that the selected fields, the resolvers and node ids read."""
    keys: set[str] = set()
    for cls in TYPES_OF.get(model, ()):
        definition = getattr(cls, "__strawberry_definition__", None)
        name = definition.name if definition is not None else cls.__name__
        columns: dict[str, str] = cls.__ispyb_columns__
        keys |= cls.__ispyb_always__
        keys |= {columns[f] for f in selection.get(name, ()) if f in columns}
    return keys
