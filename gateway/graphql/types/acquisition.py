"""What MXCuBE writes besides groups and collections, as graph objects (leaves only).

Each type is its table's columns (`column_fields`); they are reached through the
acquisition mutations' payloads, the live session subscription and `node(id)`,
under the same visibility rules as every read (gateway.sql.access).
"""

from __future__ import annotations

import strawberry

from gateway.graphql.columns import column_fields
from gateway.graphql.node import IspybNode
from gateway.sql import models as m


@strawberry.type(description="A sample-changer action during a session (ISPyB RobotAction).")
@column_fields(m.RobotAction, key=m.RobotAction.robotActionId)
class RobotAction(IspybNode):
    pass


@strawberry.type(description="An energy scan and its chooch results (ISPyB EnergyScan).")
@column_fields(m.EnergyScan, key=m.EnergyScan.energyScanId)
class EnergyScan(IspybNode):
    pass


@strawberry.type(description="An X-ray fluorescence spectrum (ISPyB XFEFluorescenceSpectrum).")
@column_fields(m.XFEFluorescenceSpectrum, key=m.XFEFluorescenceSpectrum.xfeFluorescenceSpectrumId)
class XfeSpectrum(IspybNode):
    pass


@strawberry.type(description="A detector of the facility's catalogue (ISPyB Detector).")
@column_fields(m.Detector, key=m.Detector.detectorId)
class Detector(IspybNode):
    pass
