"""A to-one row joined into its parents' statement whose visibility rule is its own.

An integration names its program by key; the program's rule follows its own collection,
which ISPyB does not force to be the integration's. Joined into the integrations'
statement, a program of the integration's collection is visible as the integration is;
any other is looked up under its rule: null where the viewer may not see it, as a lookup
would have found, and shown where the viewer may.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select

from gateway.app import build_services
from gateway.auth.viewer import Viewer
from gateway.services import Services
from gateway.settings import Settings
from gateway.sql import models as m
from gateway.sql.access import rule_for
from tests.graph.conftest import STAFF, Run, make_runner, recorded

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
            mine, also_mine = (await conn.execute(seen.limit(2))).scalars()
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
            # And one run on another collection she may see.
            shown = (
                await conn.execute(
                    insert(m.AutoProcProgram).values(
                        dataCollectionId=also_mine, processingPrograms="next door"
                    )
                )
            ).inserted_primary_key[0]
            integration, beside = [
                (
                    await conn.execute(
                        insert(m.AutoProcIntegration).values(
                            dataCollectionId=mine, autoProcProgramId=named
                        )
                    )
                ).inserted_primary_key[0]
                for named in (program, shown)
            ]

        with recorded(services) as statements:
            as_alice = await run(QUERY, viewer=ALICE, id=mine)
        as_staff = await run(QUERY, viewer=STAFF, id=mine)

        def program_of(data: dict[str, Any], integration: int) -> Any:
            (found,) = [
                i
                for i in data["dataCollection"]["autoProcIntegrations"]
                if i["autoProcIntegrationId"] == integration
            ]
            return found["autoProcProgram"]

        assert program_of(as_alice, integration) is None
        assert program_of(as_staff, integration) == {"autoProcProgramId": program}
        assert program_of(as_alice, beside) == {"autoProcProgramId": shown}
        assert program_of(as_staff, beside) == {"autoProcProgramId": shown}
        # The programs came with the integrations; the two of other collections were then
        # looked up together, under the rule.
        alone = [s for s in statements if s.startswith("SELECT `AutoProcProgram`")]
        assert len(alone) == 1, alone
        assert any("JOIN `AutoProcProgram`" in s for s in statements)
    finally:
        await services.close()


async def test_programs_of_their_own_collection_need_no_lookup(
    run: Run, graph_services: Services
) -> None:
    """The usual case: every program named is one of its integration's collection."""
    with recorded(graph_services) as statements:
        data = await run(QUERY, viewer=ALICE, id=1)
    assert any(i["autoProcProgram"] for i in data["dataCollection"]["autoProcIntegrations"])
    assert not [s for s in statements if s.startswith("SELECT `AutoProcProgram`")]
    assert any("JOIN `AutoProcProgram`" in s for s in statements)
