"""The official views that read the screening tables, in each shape of the tables.

`v_datacollection_summary` reads screening only through
`v_datacollection_summary_screening`, by column name, so it needs no change as
long as that view keeps its columns — which every shape below does. No view
column came from the ranking tables, so none disappears.
"""

from __future__ import annotations

from gateway.sql.change.plan import View

_DSS_HEAD = """SELECT `Screening`.`screeningId` AS `Screening_screeningId`,
 `Screening`.`dataCollectionId` AS `Screening_dataCollectionId`,
 `Screening`.`dataCollectionGroupId` AS `Screening_dataCollectionGroupId`,
 {o}.`strategySuccess` AS `ScreeningOutput_strategySuccess`,
 {o}.`indexingSuccess` AS `ScreeningOutput_indexingSuccess`,
 {o}.`rankingResolution` AS `ScreeningOutput_rankingResolution`,
 {o}.`mosaicityEstimated` AS `ScreeningOutput_mosaicityEstimated`,
 {o}.`mosaicity` AS `ScreeningOutput_mosaicity`,
 {o}.`totalExposureTime` AS `ScreeningOutput_totalExposureTime`,
 {o}.`totalRotationRange` AS `ScreeningOutput_totalRotationRange`,
 {o}.`totalNumberOfImages` AS `ScreeningOutput_totalNumberOfImages`,
 `ScreeningOutputLattice`.`spaceGroup` AS `ScreeningOutputLattice_spaceGroup`,
 `ScreeningOutputLattice`.`unitCell_a` AS `ScreeningOutputLattice_unitCell_a`,
 `ScreeningOutputLattice`.`unitCell_b` AS `ScreeningOutputLattice_unitCell_b`,
 `ScreeningOutputLattice`.`unitCell_c` AS `ScreeningOutputLattice_unitCell_c`,
 `ScreeningOutputLattice`.`unitCell_alpha` AS `ScreeningOutputLattice_unitCell_alpha`,
 `ScreeningOutputLattice`.`unitCell_beta` AS `ScreeningOutputLattice_unitCell_beta`,
 `ScreeningOutputLattice`.`unitCell_gamma` AS `ScreeningOutputLattice_unitCell_gamma`,
"""
_SUB_WEDGE_COLUMNS = (
    "exposureTime",
    "transmission",
    "oscillationRange",
    "numberOfImages",
    "multiplicity",
    "completeness",
    "axisStart",
    "axisEnd",
    "rotationAxis",
)
_SUB_WEDGE_TABLE = ",\n".join(
    f" `ScreeningStrategySubWedge`.`{c}` AS `ScreeningStrategySubWedge_{c}`"
    for c in _SUB_WEDGE_COLUMNS
)
# Merged: a strategy that had no sub-wedge shows NULL there, as the LEFT JOIN did.
_SUB_WEDGE_MERGED = ",\n".join(
    f" IF(`ScreeningStrategy`.`screeningStrategySubWedgeId` IS NULL, NULL, "
    f"`ScreeningStrategy`.`{c}`) AS `ScreeningStrategySubWedge_{c}`"
    for c in _SUB_WEDGE_COLUMNS
)
_WEDGE_JOINS = """
 LEFT JOIN `ScreeningStrategyWedge`
   ON `ScreeningStrategyWedge`.`screeningStrategyId` = `ScreeningStrategy`.`screeningStrategyId`
 LEFT JOIN `ScreeningStrategySubWedge`
   ON `ScreeningStrategySubWedge`.`screeningStrategyWedgeId`
    = `ScreeningStrategyWedge`.`screeningStrategyWedgeId`"""

SUMMARY_SCREENING = {
    "baseline": View(
        "v_datacollection_summary_screening",
        _DSS_HEAD.format(o="`ScreeningOutput`")
        + _SUB_WEDGE_TABLE
        + """
FROM `Screening`
 LEFT JOIN `ScreeningOutput` ON `Screening`.`screeningId` = `ScreeningOutput`.`screeningId`
 LEFT JOIN `ScreeningOutputLattice`
   ON `ScreeningOutput`.`screeningOutputId` = `ScreeningOutputLattice`.`screeningOutputId`
 LEFT JOIN `ScreeningStrategy`
   ON `ScreeningStrategy`.`screeningOutputId` = `ScreeningOutput`.`screeningOutputId`"""
        + _WEDGE_JOINS,
    ),
    "screening merged": View(
        "v_datacollection_summary_screening",
        _DSS_HEAD.format(o="`Screening`")
        + _SUB_WEDGE_TABLE
        + """
FROM `Screening`
 LEFT JOIN `ScreeningOutputLattice`
   ON `ScreeningOutputLattice`.`screeningId` = `Screening`.`screeningId`
 LEFT JOIN `ScreeningStrategy` ON `ScreeningStrategy`.`screeningId` = `Screening`.`screeningId`"""
        + _WEDGE_JOINS,
    ),
    "strategy merged": View(
        "v_datacollection_summary_screening",
        _DSS_HEAD.format(o="`Screening`")
        + _SUB_WEDGE_MERGED
        + """
FROM `Screening`
 LEFT JOIN `ScreeningOutputLattice`
   ON `ScreeningOutputLattice`.`screeningId` = `Screening`.`screeningId`
 LEFT JOIN `ScreeningStrategy` ON `ScreeningStrategy`.`screeningId` = `Screening`.`screeningId`""",
    ),
}

_DC_COLUMNS = (
    "dataCollectionId dataCollectionGroupId strategySubWedgeOrigId detectorId blSubSampleId "
    "dataCollectionNumber startTime endTime runStatus axisStart axisEnd axisRange overlap "
    "numberOfImages startImageNumber numberOfPasses exposureTime imageDirectory imagePrefix "
    "imageSuffix fileTemplate wavelength resolution detectorDistance xBeam yBeam xBeamPix "
    "yBeamPix comments printableForReport slitGapVertical slitGapHorizontal transmission "
    "synchrotronMode xtalSnapshotFullPath1 xtalSnapshotFullPath2 xtalSnapshotFullPath3 "
    "xtalSnapshotFullPath4 rotationAxis phiStart kappaStart omegaStart resolutionAtCorner "
    "detector2Theta undulatorGap1 undulatorGap2 undulatorGap3 beamSizeAtSampleX "
    "beamSizeAtSampleY centeringMethod averageTemperature actualCenteringPosition beamShape "
    "flux flux_end totalAbsorbedDose bestWilsonPlotPath imageQualityIndicatorsPlotPath "
    "imageQualityIndicatorsCSVPath"
).split()
_API = "`v_datacollection_summary_autoprocintegration`"
_API_COLUMNS = [
    ("AutoProcIntegration_dataCollectionId", "AutoProcIntegration_dataCollectionId"),
    *[
        (c, c)
        for c in (
            "autoProcScalingId cell_a cell_b cell_c cell_alpha cell_beta cell_gamma anomalous "
            "scalingStatisticsType resolutionLimitHigh resolutionLimitLow completeness "
            "AutoProc_spaceGroup autoProcId rMerge ccHalf meanIOverSigI "
            "AutoProcIntegration_autoProcIntegrationId"
        ).split()
    ],
    (
        "v_datacollection_summary_autoprocintegration_processingPrograms",
        "AutoProcProgram_processingPrograms",
    ),
    (
        "v_datacollection_summary_autoprocintegration_processingStatus",
        "AutoProcProgram_processingStatus",
    ),
    ("AutoProcProgram_autoProcProgramId", "AutoProcProgram_autoProcProgramId"),
]


def _datacollection(ranking_from: str, output_join: str, strategies_merged: bool = False) -> str:
    columns = [f"`DataCollection`.`{c}` AS `{c}`" for c in _DC_COLUMNS]
    strategy_join = ""
    if strategies_merged:
        # The column now names the merged strategy; the view keeps answering the sub-wedge id
        # it always did (kept in the strategy row), so its readers see the same rows.
        at = _DC_COLUMNS.index("strategySubWedgeOrigId")
        columns[at] = "`MergedStrategy`.`screeningStrategySubWedgeId` AS `strategySubWedgeOrigId`"
        strategy_join = (
            "\n LEFT JOIN `ScreeningStrategy` `MergedStrategy`"
            " ON `MergedStrategy`.`screeningStrategyId` = `DataCollection`.`strategySubWedgeOrigId`"
        )
    columns += [
        "`BLSession`.`sessionId` AS `sessionId`",
        "`BLSession`.`proposalId` AS `proposalId`",
        "`DataCollectionGroup`.`workflowId` AS `workflowId`",
    ]
    columns += [f"{_API}.`{src}` AS `{alias}`" for src, alias in _API_COLUMNS]
    columns.append(f"{ranking_from}.`rankingResolution` AS `ScreeningOutput_rankingResolution`")
    return (
        "SELECT "
        + ",\n ".join(columns)
        + """
FROM `DataCollection`
 LEFT JOIN `DataCollectionGroup`
   ON `DataCollectionGroup`.`dataCollectionGroupId` = `DataCollection`.`dataCollectionGroupId`
 LEFT JOIN `Screening`
   ON `Screening`.`dataCollectionGroupId` = `DataCollection`.`dataCollectionGroupId`"""
        + output_join
        + f"""
 LEFT JOIN `Workflow` ON `DataCollectionGroup`.`workflowId` = `Workflow`.`workflowId`
 LEFT JOIN `BLSession` ON `BLSession`.`sessionId` = `DataCollectionGroup`.`sessionId`
 LEFT JOIN {_API}
   ON {_API}.`AutoProcIntegration_dataCollectionId` = `DataCollection`.`dataCollectionId`"""
        + strategy_join
    )


DATACOLLECTION = {
    "baseline": View(
        "v_datacollection",
        _datacollection(
            "`ScreeningOutput`",
            "\n LEFT JOIN `ScreeningOutput`"
            " ON `Screening`.`screeningId` = `ScreeningOutput`.`screeningId`",
        ),
    ),
    "screening merged": View("v_datacollection", _datacollection("`Screening`", "")),
    "strategy merged": View("v_datacollection", _datacollection("`Screening`", "", True)),
}
