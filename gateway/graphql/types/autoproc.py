"""Autoprocessing: programs, integrations, and scaling with its statistics."""

from __future__ import annotations

from typing import Any

import strawberry

from gateway.graphql.columns import column_fields
from gateway.graphql.context import Info
from gateway.graphql.joins import to_one
from gateway.graphql.loaders import Loaders
from gateway.graphql.lookahead import each, maybe, settle, starts
from gateway.graphql.node import IspybNode
from gateway.sql import models as m


@strawberry.type(description="Statistics of one shell (overall, innerShell, outerShell).")
@column_fields(
    m.AutoProcScalingStatistics, key=m.AutoProcScalingStatistics.autoProcScalingStatisticsId
)
class AutoProcScalingStatistics(IspybNode):
    autoProcScalingStatisticsId: int


@strawberry.type(description="A scaling of an autoprocessing result.")
@column_fields(m.AutoProcScaling, key=m.AutoProcScaling.autoProcScalingId)
class AutoProcScaling(IspybNode):
    autoProcScalingId: int

    @strawberry.field
    async def statistics(self, info: Info) -> list[AutoProcScalingStatistics]:
        s = m.AutoProcScalingStatistics
        return await AutoProcScalingStatistics.load_children(
            info, s.autoProcScalingId, self.autoProcScalingId, (s.autoProcScalingStatisticsId,)
        )


@strawberry.type(description="An autoprocessing result: space group and refined cell.")
@column_fields(m.AutoProc, key=m.AutoProc.autoProcId)
class AutoProc(IspybNode):
    autoProcId: int

    @strawberry.field
    async def scalings(self, info: Info) -> list[AutoProcScaling]:
        s = m.AutoProcScaling
        return await AutoProcScaling.load_children(
            info, s.autoProcId, self.autoProcId, (s.autoProcScalingId,)
        )


@starts("AutoProcProgram", "autoProcs", child="AutoProc")
def _program_results(loaders: Loaders, program: Any) -> Any:
    a = m.AutoProc
    return loaders.children(a.autoProcProgramId, (a.autoProcId,)).load(program.autoProcProgramId)


# An integration's program comes with the integrations, its rule in the join (joins.py).
to_one(
    "AutoProcIntegration",
    "autoProcProgram",
    m.AutoProcIntegration.autoProcProgramId,
    m.AutoProcProgram.autoProcProgramId,
    "AutoProcProgram",
)


@starts("AutoProcIntegration", "autoProcProgram", child="AutoProcProgram")
def _integration_program(loaders: Loaders, integration: Any) -> Any:
    if integration.autoProcProgramId is None:
        return None
    return loaders.by_key(m.AutoProcProgram.autoProcProgramId).load(integration.autoProcProgramId)


@strawberry.type(
    description="One run of a processing program (EDNA_proc, autoPROC, XIA2_DIALS...)."
)
@column_fields(m.AutoProcProgram, key=m.AutoProcProgram.autoProcProgramId)
class AutoProcProgram(IspybNode):
    autoProcProgramId: int

    @strawberry.field(description="Results of this run.")
    def auto_procs(self, info: Info) -> list[AutoProc]:
        return settle(_program_results(info.context.loaders, self), each(AutoProc.from_row))  # type: ignore[return-value]


@strawberry.type(description="An integration of a collection by a processing program.")
@column_fields(m.AutoProcIntegration, key=m.AutoProcIntegration.autoProcIntegrationId)
class AutoProcIntegration(IspybNode):
    autoProcIntegrationId: int
    autoProcProgramId: int | None

    @strawberry.field
    def auto_proc_program(self, info: Info) -> AutoProcProgram | None:
        return settle(  # type: ignore[return-value]
            _integration_program(info.context.loaders, self), maybe(AutoProcProgram.from_row)
        )
