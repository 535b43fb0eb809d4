"""Electron microscopy: movies, their motion correction and CTF estimation."""

from __future__ import annotations

import strawberry

from gateway.graphql.columns import column_fields
from gateway.graphql.context import Info
from gateway.graphql.node import IspybNode
from gateway.sql import models as m


@strawberry.type(description="Contrast transfer function estimation of a motion-corrected movie.")
@column_fields(m.CTF, key=m.CTF.CTFid)
class CTF(IspybNode):
    ctfId: int


@strawberry.type(description="Motion correction of a movie.")
@column_fields(m.MotionCorrection, key=m.MotionCorrection.motionCorrectionId)
class MotionCorrection(IspybNode):
    motionCorrectionId: int

    @strawberry.field
    async def ctfs(self, info: Info) -> list[CTF]:
        c = m.CTF
        return await CTF.load_children(
            info, c.motionCorrectionId, self.motionCorrectionId, (c.CTFid,)
        )


@strawberry.type(description="One movie recorded during an EM data collection.")
@column_fields(m.Movie, key=m.Movie.movieId)
class Movie(IspybNode):
    movieId: int

    @strawberry.field
    async def motion_corrections(self, info: Info) -> list[MotionCorrection]:
        mc = m.MotionCorrection
        return await MotionCorrection.load_children(
            info, mc.movieId, self.movieId, (mc.motionCorrectionId,)
        )
