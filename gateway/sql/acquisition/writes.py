"""The acquisition writes, each one transaction, announced on the session's channel after commit.

The rules kept from the ISPyB Java server (SOAP `ToolsForCollectionWebService`):
a collection needs its group; a group needs its session and experiment type; a
group's comments are appended (`old + " " + new`) and its workflow, once set, is
kept. Where it differs, on purpose: times the client sends are kept (the Java
server overwrote them with its clock), values a column cannot hold are refused
instead of reset or truncated, and unknown or foreign rows are refused instead of
answered with null. docs/beamline-integration.md has the full list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.events.broker import Broker
from gateway.sql import models as m
from gateway.sql.acquisition import rights
from gateway.sql.acquisition.changes import Change, Kind, publish
from gateway.sql.acquisition.idempotency import KeyStore, once
from gateway.sql.acquisition.values import (
    Problems,
    Values,
    check_row,
    now,
    require_tables,
    required,
)
from gateway.sql.reads import Database
from gateway.sql.writes import NotFound

Result = dict[str, Any]
_DCG, _DC = m.DataCollectionGroup, m.DataCollection


async def _insert(conn: AsyncConnection, model: type[Any], values: Values) -> int:
    result = await conn.execute(insert(model).values(values))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


async def _update(conn: AsyncConnection, key: Any, key_value: int, values: Values) -> None:
    if values:
        await conn.execute(update(key.class_).where(key == key_value).values(values))


def _times(values: Values, start: str, end: str | None, *, end_now: bool) -> Values:
    """The client's times when given, else the server's (see the module docstring)."""
    stamped = dict(values)
    if stamped.get(start) is None:
        stamped[start] = now()
    if end is not None and end_now and stamped.get(end) is None:
        stamped[end] = now()
    return stamped


def _group_session(group_id: int) -> Any:
    return select(_DCG.sessionId).where(_DCG.dataCollectionGroupId == group_id)


def _collection_session(collection_id: int) -> Any:
    return (
        select(_DCG.sessionId)
        .join(_DC, _DC.dataCollectionGroupId == _DCG.dataCollectionGroupId)
        .where(_DC.dataCollectionId == collection_id)
    )


def _workflow_session(workflow_id: int) -> Any:
    return select(_DCG.sessionId).where(_DCG.workflowId == workflow_id).limit(1)


@dataclass
class Acquisition:
    """The operations MXCuBE calls, bound to the database, the broker and the key store."""

    db: Database
    broker: Broker
    keys: KeyStore

    async def _write(
        self,
        who: rights.Writer,
        operation: str,
        key: str | None,
        fingerprint_of: Any,
        body: Callable[[AsyncConnection, list[Change]], Awaitable[Result]],
    ) -> tuple[Result, bool]:
        """One transaction, once per idempotency key; changes published after the commit."""
        rights.may_write_at_all(who)

        async def action() -> Result:
            changes: list[Change] = []
            async with self.db.begin() as conn:
                result = await body(conn, changes)
            await publish(self.broker, changes)
            return result

        return await once(self.keys, who.login, operation, key, fingerprint_of, action)

    # Groups ---------------------------------------------------------------------------

    async def create_group(
        self, who: rights.Writer, values: Values, key: str | None = None
    ) -> tuple[Result, bool]:
        problems = Problems()
        required(values, ("sessionId", "experimentType"), "input", problems)
        check_row(self.db, _DCG, values, "input", problems)
        problems.raise_if_any()
        stamped = _times(values, "startTime", None, end_now=False)

        async def body(conn: AsyncConnection, changes: list[Change]) -> Result:
            session = await rights.session_for_write(conn, who, values["sessionId"])
            await self._sample_exists(conn, values.get("blSampleId"))
            await self._workflow_exists(conn, values.get("workflowId"))
            group_id = await _insert(conn, _DCG, stamped)
            changes.append(Change(Kind.DATA_COLLECTION_GROUP, group_id, session.sessionId, True))
            return {"dataCollectionGroupId": group_id}

        return await self._write(who, "createDataCollectionGroup", key, values, body)

    async def update_group(
        self, who: rights.Writer, group_id: int, values: Values, key: str | None = None
    ) -> tuple[Result, bool]:
        problems = Problems()
        check_row(self.db, _DCG, values, "input", problems)
        problems.raise_if_any()

        async def body(conn: AsyncConnection, changes: list[Change]) -> Result:
            session_id = await rights.session_of(
                conn, who, _group_session(group_id), f"data collection group with id {group_id}"
            )
            old = (
                await conn.execute(
                    select(_DCG.comments, _DCG.workflowId)
                    .where(_DCG.dataCollectionGroupId == group_id)
                    .with_for_update()
                )
            ).one()
            row = dict(values)  # an update sets endTime only when sent (docs: vs the Java server)
            if row.get("comments") and old.comments:
                row["comments"] = f"{old.comments} {row['comments']}"  # appended, as Java does
                problems = Problems()
                check_row(self.db, _DCG, {"comments": row["comments"]}, "input", problems)
                problems.raise_if_any()
            elif "comments" in row and not row["comments"]:
                del row["comments"]  # nothing to append
            if old.workflowId is not None:
                row.pop("workflowId", None)  # kept once set, as Java does
            await self._sample_exists(conn, row.get("blSampleId"))
            await self._workflow_exists(conn, row.get("workflowId"))
            await _update(conn, _DCG.dataCollectionGroupId, group_id, row)
            changes.append(Change(Kind.DATA_COLLECTION_GROUP, group_id, session_id, False))
            return {"dataCollectionGroupId": group_id}

        return await self._write(who, f"updateDataCollectionGroup:{group_id}", key, values, body)

    # Collections, images --------------------------------------------------------------

    async def create_collection(
        self, who: rights.Writer, values: Values, key: str | None = None
    ) -> tuple[Result, bool]:
        problems = Problems()
        required(values, ("dataCollectionGroupId",), "input", problems)
        check_row(self.db, _DC, values, "input", problems)
        problems.raise_if_any()
        stamped = _times(values, "startTime", None, end_now=False)
        group_id = values["dataCollectionGroupId"]

        async def body(conn: AsyncConnection, changes: list[Change]) -> Result:
            session_id = await rights.session_of(
                conn, who, _group_session(group_id), f"data collection group with id {group_id}"
            )
            await self._detector_exists(conn, values.get("detectorId"))
            collection_id = await _insert(conn, _DC, stamped)
            changes.append(Change(Kind.DATA_COLLECTION, collection_id, session_id, True))
            return {"dataCollectionId": collection_id, "dataCollectionGroupId": group_id}

        return await self._write(who, "createDataCollection", key, values, body)

    async def update_collection(
        self, who: rights.Writer, collection_id: int, values: Values, key: str | None = None
    ) -> tuple[Result, bool]:
        problems = Problems()
        check_row(self.db, _DC, values, "input", problems)
        problems.raise_if_any()

        async def body(conn: AsyncConnection, changes: list[Change]) -> Result:
            session_id = await rights.session_of(
                conn,
                who,
                _collection_session(collection_id),
                f"data collection with id {collection_id}",
            )
            await self._detector_exists(conn, values.get("detectorId"))
            await _update(conn, _DC.dataCollectionId, collection_id, values)
            group_id = (
                await conn.execute(
                    select(_DC.dataCollectionGroupId).where(_DC.dataCollectionId == collection_id)
                )
            ).scalar_one()
            changes.append(Change(Kind.DATA_COLLECTION, collection_id, session_id, False))
            return {"dataCollectionId": collection_id, "dataCollectionGroupId": group_id}

        return await self._write(who, f"updateDataCollection:{collection_id}", key, values, body)

    async def add_image(
        self, who: rights.Writer, values: Values, key: str | None = None
    ) -> tuple[Result, bool]:
        problems = Problems()
        required(values, ("dataCollectionId",), "input", problems)
        check_row(self.db, m.Image, values, "input", problems)
        problems.raise_if_any()
        collection_id = values["dataCollectionId"]

        async def body(conn: AsyncConnection, changes: list[Change]) -> Result:
            await rights.session_of(
                conn,
                who,
                _collection_session(collection_id),
                f"data collection with id {collection_id}",
            )
            return {"imageId": await _insert(conn, m.Image, values)}

        return await self._write(who, "addImage", key, values, body)

    # Session events: robot actions, energy scans, XRF spectra -------------------------

    async def record_robot_action(
        self, who: rights.Writer, values: Values, key: str | None = None
    ) -> tuple[Result, bool]:
        ra = m.RobotAction
        problems = Problems()
        required(values, ("blsessionId",), "input", problems)
        check_row(self.db, ra, values, "input", problems)
        problems.raise_if_any()
        stamped = _times(values, "startTimestamp", "endTimestamp", end_now=True)

        async def body(conn: AsyncConnection, changes: list[Change]) -> Result:
            session = await rights.session_for_write(conn, who, values["blsessionId"])
            await self._sample_exists(conn, values.get("blsampleId"))
            action_id = await _insert(conn, ra, stamped)
            changes.append(Change(Kind.ROBOT_ACTION, action_id, session.sessionId, True))
            return {"robotActionId": action_id}

        return await self._write(who, "recordRobotAction", key, values, body)

    async def create_energy_scan(
        self, who: rights.Writer, values: Values, key: str | None = None
    ) -> tuple[Result, bool]:
        es = m.EnergyScan
        problems = Problems()
        required(values, ("sessionId",), "input", problems)
        check_row(self.db, es, values, "input", problems)
        problems.raise_if_any()
        stamped = _times(values, "startTime", "endTime", end_now=True)

        async def body(conn: AsyncConnection, changes: list[Change]) -> Result:
            session = await rights.session_for_write(conn, who, values["sessionId"])
            sample_id = values.get("blSampleId")
            await self._sample_exists(conn, sample_id)
            scan_id = await _insert(conn, es, stamped)
            link_id = None
            if sample_id is not None:  # the link MXCuBE made with storeBLSampleHasEnergyScan
                link_id = await _insert(
                    conn,
                    m.BLSampleHasEnergyScan,
                    {"blSampleId": sample_id, "energyScanId": scan_id},
                )
            changes.append(Change(Kind.ENERGY_SCAN, scan_id, session.sessionId, True))
            return {"energyScanId": scan_id, "blSampleHasEnergyScanId": link_id}

        return await self._write(who, "createEnergyScan", key, values, body)

    async def create_xfe_spectrum(
        self, who: rights.Writer, values: Values, key: str | None = None
    ) -> tuple[Result, bool]:
        xfe = m.XFEFluorescenceSpectrum
        problems = Problems()
        required(values, ("sessionId",), "input", problems)
        check_row(self.db, xfe, values, "input", problems)
        problems.raise_if_any()
        stamped = _times(values, "startTime", "endTime", end_now=True)

        async def body(conn: AsyncConnection, changes: list[Change]) -> Result:
            session = await rights.session_for_write(conn, who, values["sessionId"])
            await self._sample_exists(conn, values.get("blSampleId"))
            spectrum_id = await _insert(conn, xfe, stamped)
            changes.append(Change(Kind.XFE_SPECTRUM, spectrum_id, session.sessionId, True))
            return {"xfeFluorescenceSpectrumId": spectrum_id}

        return await self._write(who, "createXfeSpectrum", key, values, body)

    # Workflows ------------------------------------------------------------------------

    async def save_mesh_workflow(
        self,
        who: rights.Writer,
        group_id: int,
        workflow: Values,
        mesh: Values | None,
        grid: Values | None,
        key: str | None = None,
    ) -> tuple[Result, bool]:
        """Workflow, its mesh and grid, and the group naming the workflow, in one transaction."""
        require_tables(self.db, m.Workflow, m.WorkflowMesh)
        problems = Problems()
        check_row(self.db, m.Workflow, workflow, "input.workflow", problems)
        if mesh is not None:
            check_row(self.db, m.WorkflowMesh, mesh, "input.mesh", problems)
        if grid is not None:
            check_row(self.db, m.GridInfo, grid, "input.gridInfo", problems)
            if mesh is None:
                problems.add("input.gridInfo", "needs input.mesh: a grid belongs to a mesh")
        problems.raise_if_any()

        async def body(conn: AsyncConnection, changes: list[Change]) -> Result:
            session_id = await rights.session_of(
                conn, who, _group_session(group_id), f"data collection group with id {group_id}"
            )
            stamp = workflow.get("recordTimeStamp") or now()
            workflow_id = await _insert(conn, m.Workflow, {**workflow, "recordTimeStamp": stamp})
            mesh_id = grid_id = None
            if mesh is not None:
                mesh_id = await _insert(conn, m.WorkflowMesh, {**mesh, "workflowId": workflow_id})
            if grid is not None:
                grid_id = await _insert(
                    conn,
                    m.GridInfo,
                    {**grid, "workflowMeshId": mesh_id, "dataCollectionGroupId": group_id},
                )
            # What MXCuBE's next group update does (C3 with workflow_id), done here at once.
            await _update(conn, _DCG.dataCollectionGroupId, group_id, {"workflowId": workflow_id})
            changes.append(Change(Kind.DATA_COLLECTION_GROUP, group_id, session_id, False))
            return {"workflowId": workflow_id, "workflowMeshId": mesh_id, "gridInfoId": grid_id}

        fingerprint = {"group": group_id, "workflow": workflow, "mesh": mesh, "grid": grid}
        return await self._write(who, "saveMeshWorkflow", key, fingerprint, body)

    async def add_workflow_step(
        self, who: rights.Writer, values: Values, key: str | None = None
    ) -> tuple[Result, bool]:
        require_tables(self.db, m.Workflow, m.WorkflowStep)
        problems = Problems()
        required(values, ("workflowId",), "input", problems)
        check_row(self.db, m.WorkflowStep, values, "input", problems)
        problems.raise_if_any()
        workflow_id = values["workflowId"]

        async def body(conn: AsyncConnection, changes: list[Change]) -> Result:
            await rights.session_of(
                conn,
                who,
                _workflow_session(workflow_id),
                f"workflow with id {workflow_id} named by a data collection group",
            )
            stamped = {**values, "recordTimeStamp": values.get("recordTimeStamp") or now()}
            return {"workflowStepId": await _insert(conn, m.WorkflowStep, stamped)}

        return await self._write(who, "addWorkflowStep", key, values, body)

    # Sessions, beamline setup, detectors ----------------------------------------------

    async def create_session(
        self, who: rights.Writer, values: Values, key: str | None = None
    ) -> tuple[Result, bool]:
        """An in-house session (MXCuBE's local login without a scheduled session)."""
        s = m.BLSession
        problems = Problems()
        required(values, ("proposalId", "beamLineName"), "input", problems)
        check_row(self.db, s, values, "input", problems)
        problems.raise_if_any()
        rights.may_write_on(who, values["beamLineName"])
        today = dt.datetime.combine(dt.date.today(), dt.time())
        row = {
            "startDate": today,  # MXCuBE's own defaults: today, until tomorrow 07:59:59
            "endDate": today + dt.timedelta(days=1, hours=7, minutes=59, seconds=59),
            "scheduled": 0,
            "nbShifts": 3,
            **{k: v for k, v in values.items() if v is not None},
        }

        async def body(conn: AsyncConnection, changes: list[Change]) -> Result:
            found = await conn.execute(
                select(m.Proposal.proposalId).where(m.Proposal.proposalId == values["proposalId"])
            )
            if found.first() is None:
                raise NotFound(f"no proposal with id {values['proposalId']}")
            return {"sessionId": await _insert(conn, s, row)}

        return await self._write(who, "createSession", key, values, body)

    async def attach_beamline_setup(
        self, who: rights.Writer, session_id: int, values: Values, key: str | None = None
    ) -> tuple[Result, bool]:
        """A new BeamLineSetup row, named by the session (only `beamLineSetupId` changes)."""
        problems = Problems()
        check_row(self.db, m.BeamLineSetup, values, "input", problems)
        problems.raise_if_any()
        stamped = {**values, "setupDate": values.get("setupDate") or now()}

        async def body(conn: AsyncConnection, changes: list[Change]) -> Result:
            await rights.session_for_write(conn, who, session_id)
            setup_id = await _insert(conn, m.BeamLineSetup, stamped)
            await _update(conn, m.BLSession.sessionId, session_id, {"beamLineSetupId": setup_id})
            return {"beamLineSetupId": setup_id, "sessionId": session_id}

        fingerprint = {"session": session_id, "setup": values}
        return await self._write(who, "attachBeamLineSetup", key, fingerprint, body)

    async def find_detector(
        self, manufacturer: str, model: str, mode: str | None, type_: str | None = None
    ) -> int | None:
        """The detector id MXCuBE stores on its collections (C7), or None."""
        d = m.Detector
        stmt = select(d.detectorId).where(
            d.detectorManufacturer == manufacturer, d.detectorModel == model
        )
        if mode is not None:
            stmt = stmt.where(d.detectorMode == mode)
        if type_ is not None:
            stmt = stmt.where(d.detectorType == type_)
        async with self.db.connect() as conn:
            found = (await conn.execute(stmt.order_by(d.detectorId).limit(1))).scalar()
        return None if found is None else int(found)

    # Referenced rows ------------------------------------------------------------------

    async def _exists(self, conn: AsyncConnection, key: Any, value: Any, what: str) -> None:
        if value is None:
            return
        if (await conn.execute(select(key).where(key == value))).first() is None:
            raise NotFound(f"no {what} with id {value}")

    async def _sample_exists(self, conn: AsyncConnection, sample_id: Any) -> None:
        await self._exists(conn, m.BLSample.blSampleId, sample_id, "sample")

    async def _workflow_exists(self, conn: AsyncConnection, workflow_id: Any) -> None:
        await self._exists(conn, m.Workflow.workflowId, workflow_id, "workflow")

    async def _detector_exists(self, conn: AsyncConnection, detector_id: Any) -> None:
        await self._exists(conn, m.Detector.detectorId, detector_id, "detector")
