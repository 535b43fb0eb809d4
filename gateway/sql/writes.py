"""The few ISPyB writes the gateway makes, each behind the same visibility rule as reads."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import String, select, update
from sqlalchemy.orm import InstrumentedAttribute

from gateway.errors import BadUserInput, GatewayError
from gateway.sql.access import Who, rule_for
from gateway.sql.reads import Database


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
    """Set one text column of one visible row; refuse values longer than the column."""
    length = column.type.length if isinstance(column.type, String) else None
    if value is not None and length is not None and len(value) > length:
        raise BadUserInput(
            f"`{column.key}` is limited to {length} characters (got {len(value)})",
            argument=column.key,
            maximum=length,
        )
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
