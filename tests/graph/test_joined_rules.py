"""A to-one row joined into its parents' statement under its own visibility rule.

An integration names its program by key; the program's rule follows its own collection,
which ISPyB does not force to be the integration's. Joined into the integrations'
statement, a program the viewer may not see must come back null, as a lookup would.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, select

from gateway.app import build_services
from gateway.auth.viewer import Viewer
from gateway.settings import Settings
from gateway.sql import models as m
from gateway.sql.access import rule_for
from tests.graph.conftest import STAFF, make_runner

ALICE = Viewer(login="alice", person_id=1, is_staff=False, is_worker=False)

QUERY = """query($id: Int!) { dataCollection(dataCollectionId: $id) {
  autoProcIntegrations { autoProcIntegrationId autoProcProgram { autoProcProgramId } } } }"""


async def test_a_program_of_a_hidden_collection_stays_hidden(writable_ispyb_url: str) -> None:
    services = build_services(Settings(sql_url=writable_ispyb_url))
    run = make_runner(services)
    dc = m.DataCollection
    try:
        async with services.engine.begin() as conn:
            seen = select(dc.dataCollectionId).where(rule_for(dc, ALICE))
            mine = (await conn.execute(seen.limit(1))).scalar_one()
            other = (
                await conn.execute(
                    select(dc.dataCollectionId).where(dc.dataCollectionId.not_in(seen)).limit(1)
                )
            ).scalar_one()
            # A program run on a collection alice may not see, named by an integration of one
            # she may see (inconsistent, but nothing in the schema forbids it).
            program = (
                await conn.execute(
                    insert(m.AutoProcProgram).values(
                        dataCollectionId=other, processingPrograms="elsewhere"
                    )
                )
            ).inserted_primary_key[0]
            integration = (
                await conn.execute(
                    insert(m.AutoProcIntegration).values(
                        dataCollectionId=mine, autoProcProgramId=program
                    )
                )
            ).inserted_primary_key[0]

        statements: list[str] = []

        def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            statements.append(statement)

        event.listen(services.reader.sync_engine, "before_cursor_execute", record)
        try:
            as_alice = await run(QUERY, viewer=ALICE, id=mine)
        finally:
            event.remove(services.reader.sync_engine, "before_cursor_execute", record)
        as_staff = await run(QUERY, viewer=STAFF, id=mine)

        def program_of(data: dict[str, Any]) -> Any:
            (found,) = [
                i
                for i in data["dataCollection"]["autoProcIntegrations"]
                if i["autoProcIntegrationId"] == integration
            ]
            return found["autoProcProgram"]

        assert program_of(as_alice) is None
        assert program_of(as_staff) == {"autoProcProgramId": program}
        # The programs came with the integrations: no statement reads AutoProcProgram alone.
        assert not [s for s in statements if s.lstrip().startswith("SELECT `AutoProcProgram`")]
        assert any("JOIN `AutoProcProgram`" in s for s in statements)
    finally:
        await services.close()
