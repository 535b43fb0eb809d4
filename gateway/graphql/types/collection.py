"""Data collection groups and data collections: what a beamline recorded."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy import Select

from gateway.graphql.columns import column_fields
from gateway.graphql.context import Info
from gateway.graphql.inputs import (
    DataCollectionFilter,
    DataCollectionOrder,
    MovieFilter,
    MovieOrder,
)
from gateway.graphql.joins import to_one
from gateway.graphql.loaders import Loaders
from gateway.graphql.lookahead import each, maybe, settle, starts
from gateway.graphql.node import IspybNode
from gateway.graphql.pagination import Connection, PageArgs, nested_connection
from gateway.graphql.types.proposal import Session
from gateway.jobs.model import ItemKind
from gateway.sql import models as m
from gateway.sql import screening_links

if TYPE_CHECKING:
    from gateway.graphql.types.autoproc import AutoProcIntegration, AutoProcProgram
    from gateway.graphql.types.em import Movie
    from gateway.graphql.types.jobs import Job, JobCounts
    from gateway.graphql.types.sample import Sample
    from gateway.graphql.types.screening import Screening

_autoproc = strawberry.lazy("gateway.graphql.types.autoproc")
_em = strawberry.lazy("gateway.graphql.types.em")
_sample = strawberry.lazy("gateway.graphql.types.sample")
_screening = strawberry.lazy("gateway.graphql.types.screening")
_jobs = strawberry.lazy("gateway.graphql.types.jobs")


async def collection_page(
    info: Info,
    name: str,
    base: Callable[[], Select[Any]],
    parent_key: Any,
    parent_id: int,
    args: PageArgs,
    filter: DataCollectionFilter | None,
    order_by: DataCollectionOrder | None,
) -> Connection[DataCollection]:
    """A page of collections under a parent (a group, a session), filtered and ordered."""
    dc, order = m.DataCollection, order_by or DataCollectionOrder()
    return await nested_connection(
        info,
        name,
        DataCollection.from_row,
        base=base,
        filter=(filter or DataCollectionFilter()).to_domain(),
        order=(getattr(dc, order.field.value), order.direction),
        tiebreak=dc.dataCollectionId,
        parent_key=parent_key,
        parent_id=parent_id,
        args=args,
    )


# The loads behind the relations a page of groups or collections shows; the resolvers
# await these same functions, and list resolvers start them early (lookahead.py).
_DCG, _DC, _API = m.DataCollectionGroup, m.DataCollection, m.AutoProcIntegration

# Rows a list's statement can bring along (gateway/graphql/joins.py).
to_one(
    "DataCollection",
    "group",
    _DC.dataCollectionGroupId,
    _DCG.dataCollectionGroupId,
    "DataCollectionGroup",
)
to_one("DataCollectionGroup", "sample", _DCG.blSampleId, m.BLSample.blSampleId, "Sample")
to_one("DataCollectionGroup", "session", _DCG.sessionId, m.BLSession.sessionId, "Session")


@starts("DataCollectionGroup", "sample", child="Sample")
def _group_sample(loaders: Loaders, group: Any) -> Any:
    if group.blSampleId is None:
        return None
    return loaders.by_key(m.BLSample.blSampleId, via=_DCG.blSampleId).load(group.blSampleId)


@starts("DataCollectionGroup", "dataCollectionCount")
def _group_collection_count(loaders: Loaders, group: Any) -> Any:
    key = _DC.dataCollectionGroupId
    return loaders.count("group.collectionCount", lambda: loaders.under(key), key).load(
        group.dataCollectionGroupId
    )


@starts("DataCollectionGroup", "screenings", child="Screening")
def _group_screenings(loaders: Loaders, group: Any) -> Any:
    return loaders.screenings(screening_links.GROUP).load(group.dataCollectionGroupId)


@starts("DataCollectionGroup", "screeningCount")
def _group_screening_count(loaders: Loaders, group: Any) -> Any:
    return loaders.screening_count(screening_links.GROUP).load(group.dataCollectionGroupId)


def _screening_list(loads: Any) -> list[Screening]:
    """The Screening objects of a finished (or pending) screenings load."""
    from gateway.graphql.types.screening import Screening

    return settle(loads, each(Screening.from_row))  # type: ignore[return-value]


@starts("DataCollectionGroup", "jobCounts", wait=False)
def _group_job_counts(loaders: Loaders, group: Any) -> Any:
    return loaders.job_counts_on(ItemKind.DATA_COLLECTION_GROUP).load(group.dataCollectionGroupId)


@starts("DataCollection", "group", child="DataCollectionGroup")
def _collection_group(loaders: Loaders, dc: Any) -> Any:
    return loaders.by_key(_DCG.dataCollectionGroupId, via=_DC.dataCollectionGroupId).load(
        dc.dataCollectionGroupId
    )


@starts("DataCollection", "autoProcIntegrations", child="AutoProcIntegration")
def _collection_integrations(loaders: Loaders, dc: Any) -> Any:
    return loaders.children(_API.dataCollectionId, (_API.autoProcIntegrationId,)).load(
        dc.dataCollectionId
    )


@starts("DataCollection", "screenings", child="Screening")
def _collection_screenings(loaders: Loaders, dc: Any) -> Any:
    return loaders.screenings(screening_links.COLLECTION).load(dc.dataCollectionId)


@starts("DataCollection", "screeningCount")
def _collection_screening_count(loaders: Loaders, dc: Any) -> Any:
    return loaders.screening_count(screening_links.COLLECTION).load(dc.dataCollectionId)


@starts("DataCollection", "processingStatusCounts")
def _collection_status_counts(loaders: Loaders, dc: Any) -> Any:
    app = m.AutoProcProgram
    return loaders.counts_by(
        "collection.programs.status",
        lambda: loaders.under(app.dataCollectionId),
        app.dataCollectionId,
        app.processingStatus,
    ).load(dc.dataCollectionId)


@starts("DataCollection", "jobCounts", wait=False)
def _collection_job_counts(loaders: Loaders, dc: Any) -> Any:
    return loaders.job_counts_on(ItemKind.DATA_COLLECTION).load(dc.dataCollectionId)


@strawberry.type(description="Status counts of the processing programs run on a collection.")
class ProcessingStatusCounts:
    success: int
    failed: int
    running: int

    @classmethod
    def of(cls, counts: dict[Any, int]) -> ProcessingStatusCounts:
        # ISPyB writes either the digits or the words: '1'/'SUCCESS', '0'/'FAILED', NULL/'RUNNING'.
        return cls(
            success=counts.get("1", 0) + counts.get("SUCCESS", 0),
            failed=counts.get("0", 0) + counts.get("FAILED", 0),
            running=counts.get(None, 0) + counts.get("RUNNING", 0),
        )


@strawberry.type(
    description="A group of data collections on one sample (ISPyB DataCollectionGroup)."
)
@column_fields(m.DataCollectionGroup, key=m.DataCollectionGroup.dataCollectionGroupId)
class DataCollectionGroup(IspybNode):
    dataCollectionGroupId: int
    sessionId: int
    blSampleId: int | None

    @strawberry.field
    async def session(self, info: Info) -> Session | None:
        return await Session.load(info, self.sessionId, via=m.DataCollectionGroup.sessionId)

    @strawberry.field(description="The sample (BLSample) this group was collected on.")
    def sample(self, info: Info) -> Annotated[Sample, _sample] | None:
        from gateway.graphql.types.sample import Sample

        return settle(_group_sample(info.context.loaders, self), maybe(Sample.from_row))  # type: ignore[return-value]

    @strawberry.field(description="The collections of this group.")
    async def data_collections(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: DataCollectionFilter | None = None,
        order_by: DataCollectionOrder | None = None,
    ) -> Connection[DataCollection]:
        dc = m.DataCollection
        return await collection_page(
            info,
            "group.collections",
            lambda: info.context.loaders.under(dc.dataCollectionGroupId),
            dc.dataCollectionGroupId,
            self.dataCollectionGroupId,
            PageArgs(first, after, last, before),
            filter,
            order_by,
        )

    @strawberry.field(description="Number of collections in this group (counted in SQL).")
    def data_collection_count(self, info: Info) -> int:
        return settle(_group_collection_count(info.context.loaders, self), int)  # type: ignore[return-value]

    @strawberry.field(
        description="Screenings (characterisations) of this group: those naming it "
        "(Screening.dataCollectionGroupId, as the official v_datacollection_summary joins them), "
        "and those naming one of its collections but no group."
    )
    def screenings(self, info: Info) -> list[Annotated[Screening, _screening]]:
        return _screening_list(_group_screenings(info.context.loaders, self))

    @strawberry.field(
        description="Number of screenings of this group, as `screenings` counts them "
        "(counted in SQL)."
    )
    def screening_count(self, info: Info) -> int:
        return settle(_group_screening_count(info.context.loaders, self), int)  # type: ignore[return-value]

    @strawberry.field(description="Offline-analysis jobs on this group that you may see.")
    async def jobs(self, info: Info) -> list[Annotated[Job, _jobs]]:
        from gateway.graphql.jobs_api import jobs_for_item

        return await jobs_for_item(info, ItemKind.DATA_COLLECTION_GROUP, self.dataCollectionGroupId)

    @strawberry.field(description="Those jobs counted by status.")
    async def job_counts(self, info: Info) -> Annotated[JobCounts, _jobs]:
        from gateway.graphql.types.jobs import JobCounts

        return JobCounts.from_counts(await _group_job_counts(info.context.loaders, self))


@strawberry.type(description="One data collection: a sweep of images (ISPyB DataCollection).")
@column_fields(m.DataCollection, key=m.DataCollection.dataCollectionId)
class DataCollection(IspybNode):
    dataCollectionId: int
    dataCollectionGroupId: int

    @strawberry.field
    def group(self, info: Info) -> DataCollectionGroup | None:
        return settle(  # type: ignore[return-value]
            _collection_group(info.context.loaders, self), maybe(DataCollectionGroup.from_row)
        )

    @strawberry.field(description="Integrations of autoprocessing runs on this collection.")
    def auto_proc_integrations(self, info: Info) -> list[Annotated[AutoProcIntegration, _autoproc]]:
        from gateway.graphql.types.autoproc import AutoProcIntegration

        loads = _collection_integrations(info.context.loaders, self)
        return settle(loads, each(AutoProcIntegration.from_row))  # type: ignore[return-value]

    @strawberry.field(description="Processing programs run on this collection.")
    async def auto_proc_programs(self, info: Info) -> list[Annotated[AutoProcProgram, _autoproc]]:
        from gateway.graphql.types.autoproc import AutoProcProgram

        app = m.AutoProcProgram
        return await AutoProcProgram.load_children(
            info, app.dataCollectionId, self.dataCollectionId, (app.autoProcProgramId,)
        )

    @strawberry.field(description="Processing status counts (one GROUP BY in SQL per level).")
    def processing_status_counts(self, info: Info) -> ProcessingStatusCounts:
        return settle(  # type: ignore[return-value]
            _collection_status_counts(info.context.loaders, self), ProcessingStatusCounts.of
        )

    @strawberry.field(
        description="Screenings (characterisations) of this collection: those naming it, and "
        "those naming only its group (Screening.dataCollectionId NULL), which characterisation "
        "programs write and which belong to each collection of the group."
    )
    def screenings(self, info: Info) -> list[Annotated[Screening, _screening]]:
        return _screening_list(_collection_screenings(info.context.loaders, self))

    @strawberry.field(
        description="Number of screenings of this collection, as `screenings` counts them "
        "(counted in SQL)."
    )
    def screening_count(self, info: Info) -> int:
        return settle(_collection_screening_count(info.context.loaders, self), int)  # type: ignore[return-value]

    @strawberry.field(description="Electron-microscopy movies of this collection.")
    async def movies(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: MovieFilter | None = None,
        order_by: MovieOrder | None = None,
    ) -> Connection[Annotated[Movie, _em]]:
        from gateway.graphql.types.em import Movie

        mv, order = m.Movie, order_by or MovieOrder()
        return await nested_connection(
            info,
            "collection.movies",
            Movie.from_row,
            base=lambda: info.context.loaders.under(mv.dataCollectionId),
            filter=(filter or MovieFilter()).to_domain(),
            order=(getattr(mv, order.field.value), order.direction),
            tiebreak=mv.movieId,
            parent_key=mv.dataCollectionId,
            parent_id=self.dataCollectionId,
            args=PageArgs(first, after, last, before),
        )

    @strawberry.field(description="Offline-analysis jobs on this collection that you may see.")
    async def jobs(self, info: Info) -> list[Annotated[Job, _jobs]]:
        from gateway.graphql.jobs_api import jobs_for_item

        return await jobs_for_item(info, ItemKind.DATA_COLLECTION, self.dataCollectionId)

    @strawberry.field(description="Those jobs counted by status.")
    async def job_counts(self, info: Info) -> Annotated[JobCounts, _jobs]:
        from gateway.graphql.types.jobs import JobCounts

        return JobCounts.from_counts(await _collection_job_counts(info.context.loaders, self))
