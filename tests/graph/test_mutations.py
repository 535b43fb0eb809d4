"""Editing comments: permission-checked, length-checked, and visible to the next read."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from gateway.app import build_services
from gateway.auth.viewer import Viewer
from gateway.services import Services
from gateway.settings import Settings
from tests.graph.conftest import STAFF, Run, make_runner

ALICE = Viewer(login="alice", person_id=1, is_staff=False, is_worker=False)
DAVE = Viewer(login="dave", person_id=4, is_staff=False, is_worker=False)

SET_DC = """mutation($id: Int!, $c: String) { updateDataCollectionComments(dataCollectionId: $id, comments: $c) {
    dataCollectionId comments } }"""
SET_DCG = """mutation($id: Int!, $c: String) { updateDataCollectionGroupComments(dataCollectionGroupId: $id, comments: $c) {
    dataCollectionGroupId comments } }"""


@pytest_asyncio.fixture
async def rw(writable_ispyb_url: str) -> AsyncIterator[Run]:
    services: Services = build_services(Settings(sql_url=writable_ispyb_url))
    yield make_runner(services)
    await services.close()


async def test_member_edits_and_reads_back(rw: Run) -> None:
    out = await rw(SET_DC, viewer=ALICE, id=1, c="Ice rings above 3 Å")
    assert out["updateDataCollectionComments"] == {
        "dataCollectionId": 1,
        "comments": "Ice rings above 3 Å",
    }
    read = await rw("{ dataCollection(dataCollectionId: 1) { comments } }", viewer=STAFF)
    assert read["dataCollection"]["comments"] == "Ice rings above 3 Å"
    out = await rw(SET_DCG, viewer=ALICE, id=1, c=None)
    assert out["updateDataCollectionGroupComments"]["comments"] is None


async def test_outsider_cannot_edit_and_learns_nothing(rw: Run) -> None:
    hidden = await rw(SET_DC, viewer=DAVE, expect_errors=True, id=1, c="vandalism")
    missing = await rw(SET_DC, viewer=DAVE, expect_errors=True, id=999999, c="x")
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert hidden["errors"][0]["message"].replace("1", "N") == missing["errors"][0][
        "message"
    ].replace("999999", "N")
    read = await rw("{ dataCollection(dataCollectionId: 1) { comments } }", viewer=STAFF)
    assert read["dataCollection"]["comments"] == "Best crystal so far"


async def test_too_long_is_refused_and_changes_nothing(rw: Run) -> None:
    out = await rw(SET_DC, viewer=ALICE, expect_errors=True, id=1, c="x" * 1025)
    ext = out["errors"][0]["extensions"]
    assert ext["code"] == "BAD_USER_INPUT" and ext["maximum"] == 1024
    ok = await rw(SET_DC, viewer=ALICE, id=1, c="x" * 1024)
    assert len(ok["updateDataCollectionComments"]["comments"]) == 1024
