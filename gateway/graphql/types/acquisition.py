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


@strawberry.type(description="An image of a collection (ISPyB Image).")
@column_fields(m.Image, key=m.Image.imageId)
class Image(IspybNode):
    pass


@strawberry.type(description="An online workflow run (ISPyB Workflow).")
@column_fields(m.Workflow, key=m.Workflow.workflowId)
class Workflow(IspybNode):
    pass


@strawberry.type(description="A detector of the facility's catalogue (ISPyB Detector).")
@column_fields(m.Detector, key=m.Detector.detectorId)
class Detector(IspybNode):
    pass


@strawberry.type(description="A beamline's optics and limits (ISPyB BeamLineSetup).")
@column_fields(m.BeamLineSetup, key=m.BeamLineSetup.beamLineSetupId)
class BeamLineSetup(IspybNode):
    pass
