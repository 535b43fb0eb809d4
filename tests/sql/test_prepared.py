"""Prepared reads run on the driver give exactly what SQLAlchemy's execution gives."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any, cast

import pytest
import pytest_asyncio
from sqlalchemy import Boolean, Float, bindparam, event, func, select, text, type_coerce
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.auth.viewer import Viewer
from gateway.sql import models as m
from gateway.sql import reads
from gateway.sql.access import RULES, rule_for
from gateway.sql.engine import MYSQL_DRIVERS, StatementTimeout, create_engine
from gateway.sql.paging import Window
from gateway.sql.prepared import Prepared
from tests.services import with_driver

STAFF = Viewer(login="staff", person_id=None, is_staff=True, is_worker=False)
MEMBER = Viewer(login="pi", person_id=1, is_staff=False, is_worker=False)


@pytest_asyncio.fixture(params=MYSQL_DRIVERS)
async def reader(ispyb_url: str, request: pytest.FixtureRequest) -> AsyncIterator[AsyncEngine]:
    """The autocommit reader, on each driver the gateway supports."""
    url = with_driver(ispyb_url, request.param)
    engine = create_engine(url, autocommit=True, statement_timeout=0.5)
    yield engine
    await engine.dispose()


def _typed(rows: list[dict[str, Any]]) -> list[dict[str, tuple[type, Any]]]:
    """Rows with each value's type beside it: 1 == 1.0 == True must not pass for equal."""
    return [{k: (type(v), v) for k, v in row.items()} for row in rows]


async def _both(db: AsyncEngine, prepared: Prepared, params: dict[str, Any]) -> list[Any]:
    assert prepared.runs_directly(db)
    direct = await prepared.rows(db, params)
    through_sqlalchemy = await reads.rows(db, prepared.statement, params)
    assert _typed(direct) == _typed(through_sqlalchemy)
    return direct


async def test_every_visible_model_reads_the_same_rows(reader: AsyncEngine) -> None:
    """Every table the graph reads, every column type, as staff and as a member."""
    read_any = False
    for model in RULES:
        key = cast(Any, model).__mapper__.primary_key[0]
        attribute = getattr(model, key.key)
        async with reader.connect() as conn:
            keys = list((await conn.execute(select(key).limit(60))).scalars())
        if not keys:
            continue
        for viewer in (STAFF, MEMBER):
            prepared = reads.by_keys_statement(attribute, rule_for(model, viewer))
            found = await _both(reader, prepared, {reads.KEYS: keys})
            read_any = read_any or bool(found)
    assert read_any


async def test_windows_counts_and_aggregates_read_the_same(reader: AsyncEngine) -> None:
    dc = m.DataCollection
    parent = dc.dataCollectionGroupId
    async with reader.connect() as conn:
        groups = list((await conn.execute(select(parent).distinct().limit(30))).scalars())
    assert len(groups) > 1
    base = select(*dc.__table__.columns)
    order = (dc.startTime.desc(), dc.dataCollectionId.desc())
    statements = reads.window_statements(base, parent, order, key=dc.dataCollectionId, counted=True)
    assert statements.counted
    for window in (Window(0, 2), Window(1, 3)):
        one = {"gw_parent": groups[0], "gw_offset": window.offset, "gw_limit": window.limit + 1}
        assert await _both(reader, statements.one, one)  # its rows carry the total
        several = {
            reads.KEYS: groups,
            "gw_offset": window.offset,
            "gw_end": window.offset + window.limit + 1,
        }
        assert await _both(reader, statements.several, several)
    batch = {reads.KEYS: groups}
    assert await _both(reader, reads.counts_statement(base, parent), batch)
    by_status = reads.counts_by_statement(base, parent, dc.runStatus)
    assert await _both(reader, by_status, batch)
    values = {"n": func.count(), "latest": func.max(dc.startTime), "wave": func.avg(dc.wavelength)}
    assert await _both(reader, reads.aggregates_statement(base, parent, values), batch)


async def test_values_are_converted_by_their_column_types(reader: AsyncEngine) -> None:
    """Types whose values the driver does not give as they are declared (MySQL answers a
    comparison with 1, an average with a Decimal) are converted as SQLAlchemy converts them."""
    dc = m.DataCollection
    prepared = Prepared(
        select(
            dc.dataCollectionGroupId,
            type_coerce(func.max(dc.dataCollectionId) > 0, Boolean).label("positive"),
            type_coerce(func.avg(dc.dataCollectionId), Float).label("mean"),
        )
        .where(dc.dataCollectionGroupId.in_(bindparam(reads.KEYS, expanding=True)))
        .group_by(dc.dataCollectionGroupId)
    )
    async with reader.connect() as conn:
        groups = list((await conn.execute(select(dc.dataCollectionGroupId).limit(5))).scalars())
    found = await _both(reader, prepared, {reads.KEYS: groups})
    assert found and all(r["positive"] is True and isinstance(r["mean"], float) for r in found)


async def test_batches_of_every_size_bind_their_keys(reader: AsyncEngine) -> None:
    """The IN list is rendered per batch size; a cached rendering must not leak across sizes."""
    bs = m.BLSession
    prepared = reads.by_keys_statement(bs.sessionId, rule_for(bs, STAFF), [bs.sessionId])
    async with reader.connect() as conn:
        ids = list((await conn.execute(select(bs.sessionId).order_by(bs.sessionId))).scalars())
    for size in (1, 3, 2, len(ids), 1):
        found = await reads.lookup(reader, prepared, bs.sessionId, ids[:size])
        assert [r and r["sessionId"] for r in found] == ids[:size]


async def test_the_statement_time_limit_stops_a_direct_read(reader: AsyncEngine) -> None:
    async with reader.connect() as conn:
        if "MariaDB" not in str((await conn.execute(text("SELECT VERSION()"))).scalar()):
            pytest.skip("MySQL's MAX_EXECUTION_TIME lets SLEEP() return instead of failing")
    prepared = Prepared(select(func.sleep(5).label("slept")))
    assert prepared.runs_directly(reader)
    with pytest.raises(StatementTimeout) as raised:
        await prepared.rows(reader, {})
    assert raised.value.extensions == {"limitSeconds": 0.5}


async def test_a_connection_lost_between_reads_is_replaced(ispyb_url: str) -> None:
    """The server dropped the pooled connection: the read still answers, on a new one."""
    engine = create_engine(ispyb_url, autocommit=True, pool_size=1, max_overflow=0)
    admin = create_engine(ispyb_url)
    whoami = Prepared(select(func.connection_id().label("id")))
    try:
        (first,) = await whoami.rows(engine, {})
        async with admin.connect() as conn:
            await conn.execute(text(f"KILL CONNECTION {int(first['id'])}"))
        (second,) = await whoami.rows(engine, {})
        assert second["id"] != first["id"]
        (third,) = await whoami.rows(engine, {})
        assert third["id"] == second["id"]  # the new one went back to the pool
    finally:
        await engine.dispose()
        await admin.dispose()


async def test_engines_that_are_not_autocommit_run_through_sqlalchemy(ispyb_url: str) -> None:
    """A connection holding a transaction is SQLAlchemy's to hand back (it rolls it back)."""
    engine = create_engine(ispyb_url)
    try:
        prepared = Prepared(select(func.connection_id().label("id")))
        assert not prepared.runs_directly(engine)
        assert len(await prepared.rows(engine, {})) == 1
    finally:
        await engine.dispose()


async def test_statement_listeners_see_every_prepared_read(reader: AsyncEngine) -> None:
    """Tracing hooks and the tests that count statements listen to SQLAlchemy's events."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    prepared = Prepared(select(func.connection_id().label("id")))
    event.listen(reader.sync_engine, "before_cursor_execute", record)
    try:
        assert len(await prepared.rows(reader, {})) == 1
    finally:
        event.remove(reader.sync_engine, "before_cursor_execute", record)
    assert [s for s in seen if "CONNECTION_ID" in s.upper()]


async def test_statement_logging_shows_prepared_reads(
    reader: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    prepared = Prepared(select(func.connection_id().label("gw_logged")))
    with caplog.at_level(logging.INFO, logger="sqlalchemy.engine.Engine"):
        assert len(await prepared.rows(reader, {})) == 1
    assert any("gw_logged" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("direct", [True, False], ids=["prepared", "sqlalchemy"])
async def test_a_pooled_connection_keeps_no_rows_of_its_last_read(
    reader: AsyncEngine, direct: bool
) -> None:
    """The driver holds a connection's last result until its next statement; handed back
    to the pool (no ROLLBACK on the autocommit reader), it must not keep those rows."""
    dc = m.DataCollection
    prepared = Prepared(select(dc.dataCollectionId, dc.imagePrefix))
    params: dict[str, Any] = {}
    found = await (
        prepared.rows(reader, params) if direct else reads.rows(reader, prepared.statement)
    )
    assert found
    async with reader.connect() as conn:
        raw = await conn.get_raw_connection()
        assert raw.dbapi_connection is not None
        driver = raw.dbapi_connection._connection  # the driver's, under SQLAlchemy's adapter
        assert driver._result is None
