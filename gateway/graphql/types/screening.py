"""Screening (characterisation) results of a collection."""

from __future__ import annotations

import strawberry

from gateway.graphql.columns import column_fields
from gateway.graphql.node import IspybNode
from gateway.sql import models as m


@strawberry.type(description="A screening (characterisation) of a data collection.")
@column_fields(m.Screening, key=m.Screening.screeningId)
class Screening(IspybNode):
    screeningId: int
