"""The few ISPyB writes the gateway makes, each behind the same visibility rule as reads."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Enum, String, select, update
from sqlalchemy.orm import InstrumentedAttribute

from gateway.errors import BadUserInput, GatewayError
from gateway.sql.access import Who, rule_for
from gateway.sql.adapt import live_schema
from gateway.sql.live import LiveColumn
from gateway.sql.reads import Database


def check_value(db: Database, column: InstrumentedAttribute[Any], value: Any) -> None:
    """Refuse a value the column cannot hold, before the database truncates it or fails.

    The live column is the judge (learned at start-up: a site's flavour may be narrower,
    latin1, or lack an ENUM value); the model's own declaration where none was learned.
    """
    table = column.class_.__table__.name
    live = live_schema(db)
    found = live.column(table, column.key) if live is not None else None
    if live is not None and found is None:
        raise BadUserInput(
            f"`{column.key}` cannot be written: this database has no {table}.{column.key}",
            argument=column.key,
        )
    if found is None:
        length = column.type.length if isinstance(column.type, String) else None
        enums = tuple(column.type.enums) if isinstance(column.type, Enum) else None
        found = LiveColumn(table, column.key, "", "string", width=length, enums=enums)
    problem = found.check_value(value)
    if problem is not None:
        raise BadUserInput(
            f"`{column.key}` {problem}",
            argument=column.key,
            **({"maximum": found.width} if found.width is not None else {}),
        )


class NotFound(GatewayError):
    """Unknown or not visible: the two are indistinguishable on purpose."""

    code = "NOT_FOUND"


async def update_text(
    db: Database,
    key: InstrumentedAttribute[Any],
    key_value: int,
    column: InstrumentedAttribute[Any],
    value: str | None,
    who: Who,
) -> Any:
    """Set one text column of one visible row; refuse what the live column cannot hold."""
    check_value(db, column, value)
    model = cast(type[Any], key.class_)
    async with db.begin() as conn:
        visible = await conn.execute(
            select(key).where(key == key_value, rule_for(model, who)).with_for_update()
        )
        if visible.first() is None:
            raise NotFound(f"no {model.__name__} with id {key_value}")
        await conn.execute(update(model).where(key == key_value).values({column.key: value}))
        row = (await conn.execute(select(model.__table__).where(key == key_value))).mappings().one()
    return row
