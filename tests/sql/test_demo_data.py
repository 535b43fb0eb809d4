"""The demo data set loads after the baseline, on SQLite and on MariaDB, and its relations hold.

Each relation the UIs walk is loaded with `selectinload` (relationships are
`lazy="raise"`, so a forgotten eager load fails loudly instead of querying).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.dialects.mysql import TIMESTAMP
from sqlalchemy.exc import InvalidRequestError
from sqlalchemy.orm import Session, selectinload

from gateway.sql import models as m
from gateway.sql.base import Base
from gateway.sql.demo_data import load_demo_data
from gateway.sql.engine import sync_url
from gateway.sql.migrate import upgrade


def _migrated_with_demo(url: str) -> Engine:
    upgrade(url)
    engine = create_engine(sync_url(url))
    with engine.begin() as conn:
        load_demo_data(conn)
    return engine


@pytest.fixture
def sqlite_demo(tmp_path: Path) -> Iterator[Engine]:
    engine = _migrated_with_demo(f"sqlite+aiosqlite:///{tmp_path / 'demo.sqlite'}")
    yield engine
    engine.dispose()


@pytest.fixture
async def mariadb_demo(empty_mysql_url: str) -> Any:
    engine = await asyncio.to_thread(_migrated_with_demo, empty_mysql_url)
    yield engine
    engine.dispose()


def _proposal(session: Session, code: str, number: str) -> m.Proposal:
    return session.scalars(
        select(m.Proposal)
        .where(m.Proposal.proposalCode == code, m.Proposal.proposalNumber == number)
        .options(
            selectinload(m.Proposal.person),
            selectinload(m.Proposal.personLinks).selectinload(m.ProposalHasPerson.person),
            selectinload(m.Proposal.sessions)
            .selectinload(m.BLSession.dataCollectionGroups)
            .selectinload(m.DataCollectionGroup.dataCollections),
            selectinload(m.Proposal.sessions)
            .selectinload(m.BLSession.personLinks)
            .selectinload(m.SessionHasPerson.person),
        )
    ).one()


def _check_people_and_sessions(session: Session) -> None:
    mx2112 = _proposal(session, "mx", "2112")
    assert mx2112.person.login == "alice"
    assert {link.person.login for link in mx2112.personLinks} == {"alice"}
    beamlines = {s.beamLineName for s in mx2112.sessions}
    assert {"id23-1", "id30a-3"} <= beamlines
    # bob is a local contact on exactly one mx2112 session.
    bob_sessions = [
        s for s in mx2112.sessions if any(p.person.login == "bob" for p in s.personLinks)
    ]
    assert len(bob_sessions) == 1
    assert bob_sessions[0].personLinks[0].role == "Local Contact"
    collections = [
        (group, dc)
        for s in mx2112.sessions
        for group in s.dataCollectionGroups
        for dc in group.dataCollections
    ]
    assert collections
    assert all(dc.dataCollectionGroupId == g.dataCollectionGroupId for g, dc in collections)
    assert all(dc.numberOfImages and dc.imagePrefix and dc.wavelength for _, dc in collections)

    # dave belongs to mx2532 only.
    mx2532 = _proposal(session, "mx", "2532")
    assert {link.person.login for link in mx2532.personLinks} == {"dave"}
    assert _proposal(session, "mxihr", "1").sessions

    # carol is staff through UserGroup -> Permission `all_proposals`.
    carol = session.scalars(
        select(m.Person)
        .where(m.Person.login == "carol")
        .options(
            selectinload(m.Person.userGroupLinks)
            .selectinload(m.UserGroupHasPerson.userGroup)
            .selectinload(m.UserGroup.permissionLinks)
            .selectinload(m.UserGroupHasPermission.permission)
        )
    ).one()
    permissions = {
        link.permission.type
        for member in carol.userGroupLinks
        for link in member.userGroup.permissionLinks
    }
    assert permissions == {"all_proposals"}


def _check_samples(session: Session) -> None:
    groups = session.scalars(
        select(m.DataCollectionGroup)
        .where(m.DataCollectionGroup.blSampleId.is_not(None))
        .options(
            selectinload(m.DataCollectionGroup.session).selectinload(m.BLSession.proposal),
            selectinload(m.DataCollectionGroup.sample)
            .selectinload(m.BLSample.crystal)
            .selectinload(m.Crystal.protein)
            .selectinload(m.Protein.proposal),
        )
    ).all()
    assert groups
    for group in groups:
        assert group.sample is not None and group.sample.crystal is not None
        # A sample's protein belongs to the proposal of the session it was collected in.
        assert group.sample.crystal.protein.proposal.proposalId == group.session.proposalId


def _check_autoprocessing(session: Session) -> None:
    collections = session.scalars(
        select(m.DataCollection)
        .join(m.DataCollection.autoProcIntegrations)
        .distinct()
        .options(
            selectinload(m.DataCollection.autoProcIntegrations)
            .selectinload(m.AutoProcIntegration.autoProcProgram)
            .selectinload(m.AutoProcProgram.autoProcs)
            .selectinload(m.AutoProc.scalings)
            .selectinload(m.AutoProcScaling.statistics),
            selectinload(m.DataCollection.autoProcIntegrations)
            .selectinload(m.AutoProcIntegration.scalingLinks)
            .selectinload(m.AutoProcScalingHasInt.autoProcScaling),
        )
    ).all()
    assert collections
    programs = set()
    for dc in collections:
        for integration in dc.autoProcIntegrations:
            program = integration.autoProcProgram
            assert program is not None and program.dataCollectionId == dc.dataCollectionId
            programs.add(program.processingPrograms)
            assert integration.cell_a and integration.cell_gamma == 90.0
            for autoproc in program.autoProcs:
                assert autoproc.spaceGroup
                for scaling in autoproc.scalings:
                    shells = {s.scalingStatisticsType for s in scaling.statistics}
                    assert shells == {"overall", "innerShell", "outerShell"}
                    overall = next(
                        s for s in scaling.statistics if s.scalingStatisticsType == "overall"
                    )
                    assert overall.resolutionLimitHigh and overall.completeness
            for link in integration.scalingLinks:
                assert link.autoProcScaling is not None
    assert programs == {"EDNA_proc", "autoPROC", "XIA2_DIALS"}


def _check_screening(session: Session) -> None:
    collections = session.scalars(
        select(m.DataCollection)
        .join(m.DataCollection.screenings)
        .distinct()
        .options(
            selectinload(m.DataCollection.screenings).selectinload(m.Screening.lattices),
            selectinload(m.DataCollection.screenings).selectinload(m.Screening.strategies),
            selectinload(m.DataCollection.screenings).selectinload(m.Screening.inputs),
        )
    ).all()
    assert collections
    for dc in collections:
        for screening in dc.screenings:
            assert screening.inputs and screening.indexingSuccess is not None
            assert screening.lattices and screening.lattices[0].spaceGroup
            assert screening.strategies
            assert all(s.wedgeNumber and s.subWedgeNumber for s in screening.strategies)


def _check_em(session: Session) -> None:
    movies = session.scalars(
        select(m.Movie).options(
            selectinload(m.Movie.dataCollection)
            .selectinload(m.DataCollection.dataCollectionGroup)
            .selectinload(m.DataCollectionGroup.session)
            .selectinload(m.BLSession.proposal),
            selectinload(m.Movie.motionCorrections).selectinload(m.MotionCorrection.ctfs),
        )
    ).all()
    assert len(movies) >= 2
    for movie in movies:
        assert movie.dataCollection is not None
        assert movie.dataCollection.dataCollectionGroup.experimentType == "EM"
        assert movie.dataCollection.dataCollectionGroup.session.proposal.proposalCode == "mxihr"
        assert movie.motionCorrections
        for correction in movie.motionCorrections:
            assert correction.ctfs
            assert correction.ctfs[0].motionCorrectionId == correction.motionCorrectionId


def _check_all(engine: Engine) -> None:
    with Session(engine) as session:
        _check_people_and_sessions(session)
    with Session(engine) as session:
        _check_samples(session)
        _check_autoprocessing(session)
        _check_screening(session)
        _check_em(session)
        # the only SchemaStatus rows are the gateway's own revisions (MariaDB)
        scripts = session.scalars(select(m.SchemaStatus.scriptName)).all()
        assert all(s.startswith("ispyb-gateway/") for s in scripts)


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


def test_demo_data_on_sqlite(sqlite_demo: Engine) -> None:
    _check_all(sqlite_demo)


async def test_demo_data_on_mariadb(mariadb_demo: Engine, sqlite_demo: Engine) -> None:
    await asyncio.to_thread(_check_all, mariadb_demo)
    # The same rows on both backends: the data set is deterministic.
    assert await asyncio.to_thread(_row_counts, mariadb_demo) == _row_counts(sqlite_demo)


def test_demo_data_is_deterministic(tmp_path: Path) -> None:
    def dump(name: str) -> list[tuple[Any, ...]]:
        engine = _migrated_with_demo(f"sqlite+aiosqlite:///{tmp_path / name}")
        try:
            with engine.connect() as conn:
                rows: list[tuple[Any, ...]] = []
                for table in Base.metadata.sorted_tables:
                    # Timestamps the server fills in ("now") differ between loads; nothing
                    # else may. (On SQLite the zero-date default is "now" too.)
                    columns = [
                        c
                        for c in table.columns
                        if not (isinstance(c.type, TIMESTAMP) and c.server_default is not None)
                    ]
                    ordered = select(*columns).order_by(*table.primary_key.columns)
                    rows += [(table.name, *r) for r in conn.execute(ordered)]
                return rows
        finally:
            engine.dispose()

    first = dump("a.sqlite")
    assert first and first == dump("b.sqlite")


def test_relationships_never_load_lazily(sqlite_demo: Engine) -> None:
    """`lazy="raise"`: a relation that was not eager-loaded raises instead of querying."""
    with Session(sqlite_demo) as session:
        proposal = session.scalars(select(m.Proposal).limit(1)).one()
        with pytest.raises(InvalidRequestError, match="lazy='raise'"):
            _ = proposal.sessions
    for mapper in Base.registry.mappers:
        for relationship in mapper.relationships:
            assert relationship.lazy == "raise", f"{mapper.class_.__name__}.{relationship.key}"
            assert relationship.back_populates, f"{mapper.class_.__name__}.{relationship.key}"


def _new_ids(engine: Engine) -> list[tuple[int, int]]:
    """Insert one row per single-integer-key table without its key: (highest before, new)."""
    from sqlalchemy import insert

    found = []
    with engine.begin() as conn:
        for model in (m.Person, m.Proposal, m.DataCollectionGroup, m.Movie, m.SchemaStatus):
            table = model.__table__
            (key,) = table.primary_key.columns
            before = conn.execute(select(func.max(key))).scalar() or 0
            values: dict[str, Any] = {
                "Proposal": {"personId": 1},
                "DataCollectionGroup": {"sessionId": 1},
                "SchemaStatus": {"scriptName": "test.sql"},
            }.get(table.name, {})
            new = conn.execute(insert(table).values(**values)).inserted_primary_key[0]
            found.append((before, new))
    return found


async def test_integer_keys_auto_increment(mariadb_demo: Engine, sqlite_demo: Engine) -> None:
    for before, new in [*_new_ids(sqlite_demo), *await asyncio.to_thread(_new_ids, mariadb_demo)]:
        assert new > before  # SchemaStatus skips the ids of the migrations' step markers
