"""The counts EXI2's session list shows beside each session (v_session), against SQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from gateway.auth.viewer import Viewer
from tests.graph.conftest import STAFF, Run

QUERY = """{ sessions(first: 500) { nodes { sessionId dataCollectionGroupCount sampleCount
  lastDataCollectionGroupStartTime lastDataCollectionGroupEndTime energyScanCount
  xrfSpectrumCount } } }"""

EXPECTED = """
SELECT s.sessionId,
  (SELECT COUNT(*) FROM DataCollectionGroup g WHERE g.sessionId = s.sessionId),
  (SELECT COUNT(DISTINCT g.blSampleId) FROM DataCollectionGroup g WHERE g.sessionId = s.sessionId),
  (SELECT MAX(g.startTime) FROM DataCollectionGroup g WHERE g.sessionId = s.sessionId),
  (SELECT MAX(g.endTime) FROM DataCollectionGroup g WHERE g.sessionId = s.sessionId),
  (SELECT COUNT(*) FROM EnergyScan e WHERE e.sessionId = s.sessionId),
  (SELECT COUNT(*) FROM XFEFluorescenceSpectrum x WHERE x.sessionId = s.sessionId)
FROM BLSession s"""

ALICE = Viewer(login="alice", person_id=1, is_staff=False, is_worker=False)
DAVE = Viewer(login="dave", person_id=4, is_staff=False, is_worker=False)


@pytest_asyncio.fixture(scope="module")
async def db(ispyb_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(ispyb_url)
    yield engine
    await engine.dispose()


def _iso(value: object) -> object:
    return value.isoformat() if hasattr(value, "isoformat") else value


@pytest.mark.parametrize("viewer", [STAFF, ALICE, DAVE], ids=["staff", "member", "outsider"])
async def test_session_counts_match_sql(run: Run, db: AsyncEngine, viewer: Viewer) -> None:
    async with db.connect() as conn:
        rows = (await conn.execute(text(EXPECTED))).all()
    expected = {
        r[0]: {
            "dataCollectionGroupCount": r[1],
            "sampleCount": r[2],
            "lastDataCollectionGroupStartTime": _iso(r[3]),
            "lastDataCollectionGroupEndTime": _iso(r[4]),
            "energyScanCount": r[5],
            "xrfSpectrumCount": r[6],
        }
        for r in rows
    }
    sessions = (await run(QUERY, viewer=viewer))["sessions"]["nodes"]
    for session in sessions:
        sid = session.pop("sessionId")
        assert session == expected[sid], sid
    if viewer is STAFF:
        assert len(sessions) == len(expected)
        # The demo data records scans and spectra: the counts are not all zero.
        assert any(s["energyScanCount"] for s in sessions)
        assert any(s["xrfSpectrumCount"] for s in sessions)
        assert any(s["sampleCount"] for s in sessions)
