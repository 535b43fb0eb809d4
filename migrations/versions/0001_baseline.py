"""ISPyB baseline: the tables the gateway maps, as the official schema defines them.

Frozen: written out table by table (never `Base.metadata.create_all`), so later
revisions change the schema from a known point while the models move on.

Names follow the official DDL: indexes (`Proposal_FKIndex1`, ...) and foreign
keys (`Proposal_ibfk_1`, ...). Foreign keys to tables the gateway does not map
are left out; their columns stay as plain columns. On MariaDB/MySQL the foreign
keys are added once every table and index exists, so each one uses the index
the DDL names for it (MySQL would otherwise create its own, clashing when the
DDL gives the index the constraint's name); SQLite, which cannot add a
constraint to an existing table, gets them inside CREATE TABLE.

On an existing ISPyB database do not run this: `ispyb-gateway db adopt` checks
the live schema and stamps this revision instead.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-11-24 04:16:39.197884
"""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0001_baseline"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_MYSQL = ("mysql", "mariadb")


def _key(width: int, unsigned: bool = True) -> sa.types.TypeEngine[int]:
    """An auto-incremented key: INT(width) [UNSIGNED]; INTEGER on SQLite (INTEGER PRIMARY KEY)."""
    return sa.Integer().with_variant(mysql.INTEGER(width, unsigned=unsigned), *_MYSQL)


def _tinyint(width: int, unsigned: bool = False) -> sa.types.TypeEngine[int]:
    return sa.SmallInteger().with_variant(mysql.TINYINT(width, unsigned=unsigned), *_MYSQL)


def _longblob() -> sa.types.TypeEngine[bytes]:
    return sa.LargeBinary().with_variant(mysql.LONGBLOB(), *_MYSQL)


def _sqlite() -> bool:
    return bool(op.get_context().dialect.name == "sqlite")


def _zero_date() -> sa.TextClause:
    """The official zero-date default; SQLite (the demo) cannot read it back, so it gets now."""
    if _sqlite():
        return sa.text("CURRENT_TIMESTAMP")
    return sa.text("'0000-00-00 00:00:00'")


class _FK(NamedTuple):
    name: str
    table: str
    columns: list[str]
    referred_table: str
    referred_columns: list[str]
    ondelete: str | None
    onupdate: str | None


FOREIGN_KEYS = (
    _FK('AutoProcScalingFk1', 'AutoProcScaling', ['autoProcId'], 'AutoProc', ['autoProcId'], 'CASCADE', 'CASCADE'),
    _FK('Proposal_ibfk_1', 'Proposal', ['personId'], 'Person', ['personId'], 'CASCADE', 'CASCADE'),
    _FK('UserGroup_has_Permission_fk2', 'UserGroup_has_Permission', ['permissionId'], 'Permission', ['permissionId'], 'CASCADE', 'CASCADE'),
    _FK('UserGroup_has_Permission_fk1', 'UserGroup_has_Permission', ['userGroupId'], 'UserGroup', ['userGroupId'], 'CASCADE', 'CASCADE'),
    _FK('userGroup_has_Person_fk2', 'UserGroup_has_Person', ['personId'], 'Person', ['personId'], 'CASCADE', 'CASCADE'),
    _FK('userGroup_has_Person_fk1', 'UserGroup_has_Person', ['userGroupId'], 'UserGroup', ['userGroupId'], 'CASCADE', 'CASCADE'),
    _FK('AutoProcScalingStatisticsFk1', 'AutoProcScalingStatistics', ['autoProcScalingId'], 'AutoProcScaling', ['autoProcScalingId'], 'CASCADE', 'CASCADE'),
    _FK('BLSession_ibfk_1', 'BLSession', ['proposalId'], 'Proposal', ['proposalId'], 'CASCADE', 'CASCADE'),
    _FK('fk_ProposalHasPerson_Personal', 'ProposalHasPerson', ['personId'], 'Person', ['personId'], 'CASCADE', None),
    _FK('fk_ProposalHasPerson_Proposal', 'ProposalHasPerson', ['proposalId'], 'Proposal', ['proposalId'], 'CASCADE', None),
    _FK('Protein_ibfk_1', 'Protein', ['proposalId'], 'Proposal', ['proposalId'], 'CASCADE', 'CASCADE'),
    _FK('Crystal_ibfk_1', 'Crystal', ['proteinId'], 'Protein', ['proteinId'], 'CASCADE', 'CASCADE'),
    _FK('Session_has_Person_ibfk_2', 'Session_has_Person', ['personId'], 'Person', ['personId'], 'CASCADE', 'CASCADE'),
    _FK('Session_has_Person_ibfk_1', 'Session_has_Person', ['sessionId'], 'BLSession', ['sessionId'], 'CASCADE', 'CASCADE'),
    _FK('BLSample_ibfk_2', 'BLSample', ['crystalId'], 'Crystal', ['crystalId'], 'CASCADE', 'CASCADE'),
    _FK('DataCollectionGroup_ibfk_1', 'DataCollectionGroup', ['blSampleId'], 'BLSample', ['blSampleId'], 'CASCADE', 'CASCADE'),
    _FK('DataCollectionGroup_ibfk_2', 'DataCollectionGroup', ['sessionId'], 'BLSession', ['sessionId'], 'CASCADE', 'CASCADE'),
    _FK('Screening_ibfk_1', 'Screening', ['dataCollectionGroupId'], 'DataCollectionGroup', ['dataCollectionGroupId'], 'CASCADE', None),
    _FK('ScreeningInput_ibfk_1', 'ScreeningInput', ['screeningId'], 'Screening', ['screeningId'], 'CASCADE', 'CASCADE'),
    _FK('ScreeningOutput_ibfk_1', 'ScreeningOutput', ['screeningId'], 'Screening', ['screeningId'], 'CASCADE', 'CASCADE'),
    _FK('ScreeningRank_ibfk_1', 'ScreeningRank', ['screeningId'], 'Screening', ['screeningId'], 'CASCADE', 'CASCADE'),
    _FK('ScreeningRank_ibfk_2', 'ScreeningRank', ['screeningRankSetId'], 'ScreeningRankSet', ['screeningRankSetId'], 'CASCADE', 'CASCADE'),
    _FK('ScreeningOutputLattice_ibfk_1', 'ScreeningOutputLattice', ['screeningOutputId'], 'ScreeningOutput', ['screeningOutputId'], 'CASCADE', 'CASCADE'),
    _FK('ScreeningStrategy_ibfk_1', 'ScreeningStrategy', ['screeningOutputId'], 'ScreeningOutput', ['screeningOutputId'], 'CASCADE', 'CASCADE'),
    _FK('ScreeningStrategyWedge_IBFK_1', 'ScreeningStrategyWedge', ['screeningStrategyId'], 'ScreeningStrategy', ['screeningStrategyId'], 'CASCADE', 'CASCADE'),
    _FK('ScreeningStrategySubWedge_FK1', 'ScreeningStrategySubWedge', ['screeningStrategyWedgeId'], 'ScreeningStrategyWedge', ['screeningStrategyWedgeId'], 'CASCADE', 'CASCADE'),
    _FK('DataCollection_ibfk_3', 'DataCollection', ['dataCollectionGroupId'], 'DataCollectionGroup', ['dataCollectionGroupId'], 'CASCADE', 'CASCADE'),
    _FK('DataCollection_ibfk_1', 'DataCollection', ['strategySubWedgeOrigId'], 'ScreeningStrategySubWedge', ['screeningStrategySubWedgeId'], 'CASCADE', 'CASCADE'),
    _FK('AutoProcProgram_FK1', 'AutoProcProgram', ['dataCollectionId'], 'DataCollection', ['dataCollectionId'], 'CASCADE', None),
    _FK('dataCollectionToMovie', 'Movie', ['dataCollectionId'], 'DataCollection', ['dataCollectionId'], 'CASCADE', None),
    _FK('AutoProcIntegration_ibfk_2', 'AutoProcIntegration', ['autoProcProgramId'], 'AutoProcProgram', ['autoProcProgramId'], 'CASCADE', 'CASCADE'),
    _FK('AutoProcIntegration_ibfk_1', 'AutoProcIntegration', ['dataCollectionId'], 'DataCollection', ['dataCollectionId'], 'CASCADE', 'CASCADE'),
    _FK('fk_MotionCorrection_1', 'MotionCorrection', ['movieId'], 'Movie', ['movieId'], 'CASCADE', None),
    _FK('AutoProcScaling_has_IntFk2', 'AutoProcScaling_has_Int', ['autoProcIntegrationId'], 'AutoProcIntegration', ['autoProcIntegrationId'], 'CASCADE', 'CASCADE'),
    _FK('AutoProcScaling_has_IntFk1', 'AutoProcScaling_has_Int', ['autoProcScalingId'], 'AutoProcScaling', ['autoProcScalingId'], 'CASCADE', 'CASCADE'),
    # The tables MXCuBE writes (gateway/sql/models/acquisition.py).
    _FK('BLSession_ibfk_2', 'BLSession', ['beamLineSetupId'], 'BeamLineSetup', ['beamLineSetupId'], 'CASCADE', 'CASCADE'),
    _FK('DataCollection_ibfk_2', 'DataCollection', ['detectorId'], 'Detector', ['detectorId'], 'CASCADE', 'CASCADE'),
    _FK('DataCollectionGroup_ibfk_3', 'DataCollectionGroup', ['workflowId'], 'Workflow', ['workflowId'], 'CASCADE', 'CASCADE'),
    _FK('RobotAction_FK1', 'RobotAction', ['blsessionId'], 'BLSession', ['sessionId'], 'CASCADE', None),
    _FK('RobotAction_FK2', 'RobotAction', ['blsampleId'], 'BLSample', ['blSampleId'], 'CASCADE', None),
    _FK('ES_ibfk_1', 'EnergyScan', ['sessionId'], 'BLSession', ['sessionId'], 'CASCADE', 'CASCADE'),
    _FK('ES_ibfk_2', 'EnergyScan', ['blSampleId'], 'BLSample', ['blSampleId'], 'CASCADE', None),
    _FK('BLSample_has_EnergyScan_ibfk_1', 'BLSample_has_EnergyScan', ['blSampleId'], 'BLSample', ['blSampleId'], 'CASCADE', 'CASCADE'),
    _FK('BLSample_has_EnergyScan_ibfk_2', 'BLSample_has_EnergyScan', ['energyScanId'], 'EnergyScan', ['energyScanId'], 'CASCADE', 'CASCADE'),
    _FK('XFE_ibfk_1', 'XFEFluorescenceSpectrum', ['sessionId'], 'BLSession', ['sessionId'], 'CASCADE', 'CASCADE'),
    _FK('XFE_ibfk_2', 'XFEFluorescenceSpectrum', ['blSampleId'], 'BLSample', ['blSampleId'], 'CASCADE', 'CASCADE'),
    _FK('Image_ibfk_1', 'Image', ['dataCollectionId'], 'DataCollection', ['dataCollectionId'], 'CASCADE', 'CASCADE'),
    _FK('Image_ibfk_3', 'Image', ['dataCollectionId'], 'DataCollection', ['dataCollectionId'], 'CASCADE', None),
    _FK('WorkflowMesh_ibfk_2', 'WorkflowMesh', ['bestImageId'], 'Image', ['imageId'], 'CASCADE', 'CASCADE'),
    _FK('WorkflowMesh_workflowfk_1', 'WorkflowMesh', ['workflowId'], 'Workflow', ['workflowId'], 'CASCADE', 'CASCADE'),
    _FK('GridInfo_ibfk_1', 'GridInfo', ['workflowMeshId'], 'WorkflowMesh', ['workflowMeshId'], 'CASCADE', 'CASCADE'),
    _FK('GridInfo_ibfk_2', 'GridInfo', ['dataCollectionGroupId'], 'DataCollectionGroup', ['dataCollectionGroupId'], 'CASCADE', None),
    _FK('step_to_workflow_fk', 'WorkflowStep', ['workflowId'], 'Workflow', ['workflowId'], 'CASCADE', None),
)


def _inline_foreign_keys(table: str) -> list[sa.ForeignKeyConstraint]:
    """The table's foreign keys inside CREATE TABLE: SQLite only (see the module docstring)."""
    if not _sqlite():
        return []
    return [
        sa.ForeignKeyConstraint(
            fk.columns,
            [f"{fk.referred_table}.{c}" for c in fk.referred_columns],
            name=fk.name,
            ondelete=fk.ondelete,
            onupdate=fk.onupdate,
        )
        for fk in FOREIGN_KEYS
        if fk.table == table
    ]


def upgrade() -> None:
# ### commands auto generated by Alembic - please adjust! ###
    op.create_table('AutoProc',
    sa.Column('autoProcId', _key(10), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('autoProcProgramId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='Related program item'),
    sa.Column('spaceGroup', mysql.VARCHAR(length=45), nullable=True, comment='Space group'),
    sa.Column('refinedCell_a', mysql.FLOAT(), nullable=True, comment='Refined cell'),
    sa.Column('refinedCell_b', mysql.FLOAT(), nullable=True, comment='Refined cell'),
    sa.Column('refinedCell_c', mysql.FLOAT(), nullable=True, comment='Refined cell'),
    sa.Column('refinedCell_alpha', mysql.FLOAT(), nullable=True, comment='Refined cell'),
    sa.Column('refinedCell_beta', mysql.FLOAT(), nullable=True, comment='Refined cell'),
    sa.Column('refinedCell_gamma', mysql.FLOAT(), nullable=True, comment='Refined cell'),
    sa.Column('recordTimeStamp', mysql.DATETIME(), nullable=True, comment='Creation or last update date/time'),
    sa.PrimaryKeyConstraint('autoProcId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('AutoProc_FKIndex1', 'AutoProc', ['autoProcProgramId'], unique=False)
    op.create_table('CTF',
    sa.Column('CTFid', _key(11, unsigned=False), nullable=False),
    sa.Column('motionCorrectionId', mysql.INTEGER(display_width=11), nullable=False),
    sa.Column('spectraImageThumbnailFullPath', mysql.VARCHAR(length=512), nullable=True),
    sa.Column('spectraImageFullPath', mysql.VARCHAR(length=512), nullable=True),
    sa.Column('defocusU', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('defocusV', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('angle', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('crossCorrelationCoefficient', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('resolutionLimit', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('estimatedBfactor', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('logFilePath', mysql.VARCHAR(length=512), nullable=True),
    sa.Column('createdTimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.PrimaryKeyConstraint('CTFid'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('fk_CTF_1_idx', 'CTF', ['motionCorrectionId'], unique=False)
    op.create_table('Permission',
    sa.Column('permissionId', _key(10), nullable=False),
    sa.Column('type', mysql.VARCHAR(length=15), nullable=False),
    sa.Column('description', mysql.VARCHAR(length=100), nullable=True),
    sa.PrimaryKeyConstraint('permissionId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_table('Person',
    sa.Column('personId', _key(10), nullable=False),
    sa.Column('laboratoryId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('siteId', mysql.INTEGER(display_width=11), nullable=True),
    sa.Column('personUUID', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('familyName', mysql.VARCHAR(length=100), nullable=True),
    sa.Column('givenName', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('title', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('emailAddress', mysql.VARCHAR(length=60), nullable=True),
    sa.Column('phoneNumber', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('login', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('faxNumber', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('recordTimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False, comment='Creation or last update date/time'),
    sa.Column('externalId', sa.BINARY(length=16), nullable=True),
    sa.PrimaryKeyConstraint('personId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('Person_FKIndex1', 'Person', ['laboratoryId'], unique=False)
    op.create_index('Person_FKIndexFamilyName', 'Person', ['familyName'], unique=False)
    op.create_index('Person_FKIndex_Login', 'Person', ['login'], unique=False)
    op.create_index('siteId', 'Person', ['siteId'], unique=False)
    op.create_table('SchemaStatus',
    sa.Column('schemaStatusId', _key(11, unsigned=False), nullable=False),
    sa.Column('scriptName', mysql.VARCHAR(length=100), nullable=False),
    sa.Column('schemaStatus', mysql.VARCHAR(length=10), nullable=True),
    sa.Column('recordTimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.PrimaryKeyConstraint('schemaStatusId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('scriptName', 'SchemaStatus', ['scriptName'], unique=True)
    op.create_table('ScreeningRankSet',
    sa.Column('screeningRankSetId', _key(10), nullable=False),
    sa.Column('rankEngine', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('rankingProjectFileName', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('rankingSummaryFileName', mysql.VARCHAR(length=255), nullable=True),
    sa.PrimaryKeyConstraint('screeningRankSetId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_table('UserGroup',
    sa.Column('userGroupId', _key(10), nullable=False),
    sa.Column('name', mysql.VARCHAR(length=31), nullable=False),
    sa.PrimaryKeyConstraint('userGroupId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('UserGroup_idx1', 'UserGroup', ['name'], unique=True)
    op.create_table('AutoProcScaling',
    sa.Column('autoProcScalingId', _key(10), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('autoProcId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='Related autoProc item (used by foreign key)'),
    sa.Column('recordTimeStamp', mysql.DATETIME(), nullable=True, comment='Creation or last update date/time'),
    sa.Column('resolutionEllipsoidAxis11', mysql.FLOAT(), nullable=True, comment='Eigenvector for first diffraction limit, coord 1'),
    sa.Column('resolutionEllipsoidAxis12', mysql.FLOAT(), nullable=True, comment='Eigenvector for first diffraction limit, coord 2'),
    sa.Column('resolutionEllipsoidAxis13', mysql.FLOAT(), nullable=True, comment='Eigenvector for first diffraction limit, coord 3'),
    sa.Column('resolutionEllipsoidAxis21', mysql.FLOAT(), nullable=True, comment='Eigenvector for second diffraction limit, coord 1'),
    sa.Column('resolutionEllipsoidAxis22', mysql.FLOAT(), nullable=True, comment='Eigenvector for second diffraction limit, coord 2'),
    sa.Column('resolutionEllipsoidAxis23', mysql.FLOAT(), nullable=True, comment='Eigenvector for second diffraction limit, coord 3'),
    sa.Column('resolutionEllipsoidAxis31', mysql.FLOAT(), nullable=True, comment='Eigenvector for third diffraction limit, coord 1'),
    sa.Column('resolutionEllipsoidAxis32', mysql.FLOAT(), nullable=True, comment='Eigenvector for third diffraction limit, coord 2'),
    sa.Column('resolutionEllipsoidAxis33', mysql.FLOAT(), nullable=True, comment='Eigenvector for third diffraction limit, coord 3'),
    sa.Column('resolutionEllipsoidValue1', mysql.FLOAT(), nullable=True, comment='First (anisotropic) diffraction limit'),
    sa.Column('resolutionEllipsoidValue2', mysql.FLOAT(), nullable=True, comment='Second (anisotropic) diffraction limit'),
    sa.Column('resolutionEllipsoidValue3', mysql.FLOAT(), nullable=True, comment='Third (anisotropic) diffraction limit'),
    *_inline_foreign_keys('AutoProcScaling'),
    sa.PrimaryKeyConstraint('autoProcScalingId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('AutoProcScalingFk1', 'AutoProcScaling', ['autoProcId'], unique=False)
    op.create_index('AutoProcScalingIdx1', 'AutoProcScaling', ['autoProcScalingId', 'autoProcId'], unique=False)
    op.create_table('Proposal',
    sa.Column('proposalId', _key(10), nullable=False),
    sa.Column('personId', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), nullable=False),
    sa.Column('title', mysql.VARCHAR(length=2000), nullable=True),
    sa.Column('proposalCode', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('proposalNumber', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('proposalType', mysql.VARCHAR(length=2), nullable=True, comment='Proposal type: MX, BX'),
    sa.Column('bltimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('externalId', sa.BINARY(length=16), nullable=True),
    sa.Column('state', sa.Enum('Open', 'Closed', 'Cancelled'), server_default=sa.text("'Open'"), nullable=True),
    *_inline_foreign_keys('Proposal'),
    sa.PrimaryKeyConstraint('proposalId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('Proposal_FKIndex1', 'Proposal', ['personId'], unique=False)
    op.create_index('Proposal_FKIndexCodeNumber', 'Proposal', ['proposalCode', 'proposalNumber'], unique=False)
    op.create_table('UserGroup_has_Permission',
    sa.Column('userGroupId', mysql.INTEGER(display_width=10, unsigned=True), autoincrement=False, nullable=False),
    sa.Column('permissionId', mysql.INTEGER(display_width=10, unsigned=True), autoincrement=False, nullable=False),
    *_inline_foreign_keys('UserGroup_has_Permission'),
    sa.PrimaryKeyConstraint('userGroupId', 'permissionId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('UserGroup_has_Permission_fk2', 'UserGroup_has_Permission', ['permissionId'], unique=False)
    op.create_table('UserGroup_has_Person',
    sa.Column('userGroupId', mysql.INTEGER(display_width=10, unsigned=True), autoincrement=False, nullable=False),
    sa.Column('personId', mysql.INTEGER(display_width=10, unsigned=True), autoincrement=False, nullable=False),
    *_inline_foreign_keys('UserGroup_has_Person'),
    sa.PrimaryKeyConstraint('userGroupId', 'personId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('userGroup_has_Person_fk2', 'UserGroup_has_Person', ['personId'], unique=False)
    op.create_table('AutoProcScalingStatistics',
    sa.Column('autoProcScalingStatisticsId', _key(10), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('autoProcScalingId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='Related autoProcScaling item (used by foreign key)'),
    sa.Column('scalingStatisticsType', sa.Enum('overall', 'innerShell', 'outerShell'), server_default=sa.text("'overall'"), nullable=False, comment='Scaling statistics type'),
    sa.Column('comments', mysql.VARCHAR(length=255), nullable=True, comment='Comments...'),
    sa.Column('resolutionLimitLow', mysql.FLOAT(), nullable=True, comment='Low resolution limit'),
    sa.Column('resolutionLimitHigh', mysql.FLOAT(), nullable=True, comment='High resolution limit'),
    sa.Column('rMerge', mysql.FLOAT(), nullable=True, comment='Rmerge'),
    sa.Column('rMeasWithinIPlusIMinus', mysql.FLOAT(), nullable=True, comment='Rmeas (within I+/I-)'),
    sa.Column('rMeasAllIPlusIMinus', mysql.FLOAT(), nullable=True, comment='Rmeas (all I+ & I-)'),
    sa.Column('rPimWithinIPlusIMinus', mysql.FLOAT(), nullable=True, comment='Rpim (within I+/I-) '),
    sa.Column('rPimAllIPlusIMinus', mysql.FLOAT(), nullable=True, comment='Rpim (all I+ & I-)'),
    sa.Column('fractionalPartialBias', mysql.FLOAT(), nullable=True, comment='Fractional partial bias'),
    sa.Column('nTotalObservations', mysql.INTEGER(display_width=11), nullable=True, comment='Total number of observations'),
    sa.Column('nTotalUniqueObservations', mysql.INTEGER(display_width=11), nullable=True, comment='Total number unique'),
    sa.Column('meanIOverSigI', mysql.FLOAT(), nullable=True, comment='Mean((I)/sd(I))'),
    sa.Column('completeness', mysql.FLOAT(), nullable=True, comment='Completeness'),
    sa.Column('multiplicity', mysql.FLOAT(), nullable=True, comment='Multiplicity'),
    sa.Column('anomalousCompleteness', mysql.FLOAT(), nullable=True, comment='Anomalous completeness'),
    sa.Column('anomalousMultiplicity', mysql.FLOAT(), nullable=True, comment='Anomalous multiplicity'),
    sa.Column('recordTimeStamp', mysql.DATETIME(), nullable=True, comment='Creation or last update date/time'),
    sa.Column('anomalous', _tinyint(1), server_default=sa.text('0'), nullable=True, comment='boolean type:0 noanoum - 1 anoum'),
    sa.Column('ccHalf', mysql.FLOAT(), nullable=True, comment='information from XDS'),
    sa.Column('ccAno', mysql.FLOAT(), nullable=True),
    sa.Column('sigAno', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('isa', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('completenessSpherical', mysql.FLOAT(), nullable=True, comment='Completeness calculated assuming isotropic diffraction'),
    sa.Column('completenessEllipsoidal', mysql.FLOAT(), nullable=True, comment='Completeness calculated allowing for anisotropic diffraction'),
    sa.Column('anomalousCompletenessSpherical', mysql.FLOAT(), nullable=True, comment='Anomalous completeness calculated assuming isotropic diffraction'),
    sa.Column('anomalousCompletenessEllipsoidal', mysql.FLOAT(), nullable=True, comment='Anisotropic completeness calculated allowing for anisotropic diffraction'),
    *_inline_foreign_keys('AutoProcScalingStatistics'),
    sa.PrimaryKeyConstraint('autoProcScalingStatisticsId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('AutoProcScalingStatisticsIdx1', 'AutoProcScalingStatistics', ['autoProcScalingId'], unique=False)
    op.create_index('AutoProcScalingStatistics_FKindexType', 'AutoProcScalingStatistics', ['scalingStatisticsType'], unique=False)
    op.create_table('BLSession',
    sa.Column('sessionId', _key(10), nullable=False),
    sa.Column('expSessionPk', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='smis session Pk '),
    sa.Column('beamLineSetupId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('proposalId', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), nullable=False),
    sa.Column('projectCode', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('startDate', mysql.DATETIME(), nullable=True),
    sa.Column('endDate', mysql.DATETIME(), nullable=True),
    sa.Column('beamLineName', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('scheduled', _tinyint(1), nullable=True),
    sa.Column('nbShifts', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('comments', mysql.VARCHAR(length=2000), nullable=True),
    sa.Column('beamLineOperator', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('visit_number', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), nullable=True),
    sa.Column('bltimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('usedFlag', _tinyint(1), nullable=True, comment='indicates if session has Datacollections or XFE or EnergyScans attached'),
    sa.Column('sessionTitle', mysql.VARCHAR(length=255), nullable=True, comment='fx accounts only'),
    sa.Column('structureDeterminations', mysql.FLOAT(), nullable=True),
    sa.Column('dewarTransport', mysql.FLOAT(), nullable=True),
    sa.Column('databackupFrance', mysql.FLOAT(), nullable=True, comment='data backup and express delivery France'),
    sa.Column('databackupEurope', mysql.FLOAT(), nullable=True, comment='data backup and express delivery Europe'),
    sa.Column('operatorSiteNumber', mysql.VARCHAR(length=10), nullable=True, comment='matricule site'),
    sa.Column('lastUpdate', mysql.TIMESTAMP(), server_default=_zero_date(), nullable=False, comment='last update timestamp: by default the end of the session, the last collect...'),
    sa.Column('protectedData', mysql.VARCHAR(length=1024), nullable=True, comment='indicates if the data are protected or not'),
    sa.Column('externalId', sa.BINARY(length=16), nullable=True),
    sa.Column('nbReimbDewars', mysql.INTEGER(display_width=11), nullable=True),
    *_inline_foreign_keys('BLSession'),
    sa.PrimaryKeyConstraint('sessionId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('BLSession_FKIndexOperatorSiteNumber', 'BLSession', ['operatorSiteNumber'], unique=False)
    op.create_index('Session_FKIndex1', 'BLSession', ['proposalId'], unique=False)
    op.create_index('Session_FKIndex2', 'BLSession', ['beamLineSetupId'], unique=False)
    op.create_index('Session_FKIndexBeamLineName', 'BLSession', ['beamLineName'], unique=False)
    op.create_index('Session_FKIndexEndDate', 'BLSession', ['endDate'], unique=False)
    op.create_index('Session_FKIndexStartDate', 'BLSession', ['startDate'], unique=False)
    op.create_index('nbShifts', 'BLSession', ['nbShifts'], unique=False)
    op.create_table('ProposalHasPerson',
    sa.Column('proposalHasPersonId', _key(10), nullable=False),
    sa.Column('proposalId', mysql.INTEGER(display_width=10, unsigned=True), nullable=False),
    sa.Column('personId', mysql.INTEGER(display_width=10, unsigned=True), nullable=False),
    *_inline_foreign_keys('ProposalHasPerson'),
    sa.PrimaryKeyConstraint('proposalHasPersonId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('fk_ProposalHasPerson_Personal', 'ProposalHasPerson', ['personId'], unique=False)
    op.create_index('fk_ProposalHasPerson_Proposal', 'ProposalHasPerson', ['proposalId'], unique=False)
    op.create_table('Protein',
    sa.Column('proteinId', _key(10), nullable=False),
    sa.Column('proposalId', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), nullable=False),
    sa.Column('name', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('acronym', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('description', mysql.TEXT(), nullable=True, comment='A description/summary using words and sentences'),
    sa.Column('hazardGroup', _tinyint(3, unsigned=True), server_default=sa.text('1'), nullable=False, comment='A.k.a. risk group'),
    sa.Column('containmentLevel', _tinyint(3, unsigned=True), server_default=sa.text('1'), nullable=False, comment='A.k.a. biosafety level, which indicates the level of containment required'),
    sa.Column('safetyLevel', sa.Enum('GREEN', 'YELLOW', 'RED'), nullable=True),
    sa.Column('molecularMass', mysql.DOUBLE(), nullable=True),
    sa.Column('proteinType', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('sequence', mysql.TEXT(), nullable=True),
    sa.Column('personId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('bltimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('isCreatedBySampleSheet', _tinyint(1), server_default=sa.text('0'), nullable=True),
    sa.Column('externalId', sa.BINARY(length=16), nullable=True),
    sa.Column('componentTypeId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('modId', mysql.VARCHAR(length=20), nullable=True),
    sa.Column('concentrationTypeId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('global', _tinyint(1), server_default=sa.text('0'), nullable=True),
    *_inline_foreign_keys('Protein'),
    sa.PrimaryKeyConstraint('proteinId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('ProteinAcronym_Index', 'Protein', ['proposalId', 'acronym'], unique=False)
    op.create_index('Protein_FKIndex1', 'Protein', ['proposalId'], unique=False)
    op.create_index('Protein_FKIndex2', 'Protein', ['personId'], unique=False)
    op.create_index('Protein_Index2', 'Protein', ['acronym'], unique=False)
    op.create_index('protein_fk3', 'Protein', ['componentTypeId'], unique=False)
    op.create_table('Crystal',
    sa.Column('crystalId', _key(10), nullable=False),
    sa.Column('diffractionPlanId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('proteinId', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), nullable=False),
    sa.Column('crystalUUID', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('name', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('spaceGroup', mysql.VARCHAR(length=20), nullable=True),
    sa.Column('morphology', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('color', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('size_X', mysql.DOUBLE(), nullable=True),
    sa.Column('size_Y', mysql.DOUBLE(), nullable=True),
    sa.Column('size_Z', mysql.DOUBLE(), nullable=True),
    sa.Column('cell_a', mysql.DOUBLE(), nullable=True),
    sa.Column('cell_b', mysql.DOUBLE(), nullable=True),
    sa.Column('cell_c', mysql.DOUBLE(), nullable=True),
    sa.Column('cell_alpha', mysql.DOUBLE(), nullable=True),
    sa.Column('cell_beta', mysql.DOUBLE(), nullable=True),
    sa.Column('cell_gamma', mysql.DOUBLE(), nullable=True),
    sa.Column('comments', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('pdbFileName', mysql.VARCHAR(length=255), nullable=True, comment='pdb file name'),
    sa.Column('pdbFilePath', mysql.VARCHAR(length=1024), nullable=True, comment='pdb file path'),
    sa.Column('recordTimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False, comment='Creation or last update date/time'),
    sa.Column('abundance', mysql.FLOAT(), nullable=True),
    sa.Column('packingFraction', mysql.FLOAT(), nullable=True),
    *_inline_foreign_keys('Crystal'),
    sa.PrimaryKeyConstraint('crystalId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('Crystal_FKIndex1', 'Crystal', ['proteinId'], unique=False)
    op.create_index('Crystal_FKIndex2', 'Crystal', ['diffractionPlanId'], unique=False)
    op.create_table('Session_has_Person',
    sa.Column('sessionId', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), autoincrement=False, nullable=False),
    sa.Column('personId', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), autoincrement=False, nullable=False),
    sa.Column('role', sa.Enum('Local Contact', 'Local Contact 2', 'Staff', 'Team Leader', 'Co-Investigator', 'Principal Investigator', 'Alternate Contact'), nullable=True),
    sa.Column('remote', _tinyint(1), server_default=sa.text('0'), nullable=True),
    *_inline_foreign_keys('Session_has_Person'),
    sa.PrimaryKeyConstraint('sessionId', 'personId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('Session_has_Person_FKIndex1', 'Session_has_Person', ['sessionId'], unique=False)
    op.create_index('Session_has_Person_FKIndex2', 'Session_has_Person', ['personId'], unique=False)
    op.create_table('BLSample',
    sa.Column('blSampleId', _key(10), nullable=False),
    sa.Column('diffractionPlanId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('crystalId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('containerId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('name', mysql.VARCHAR(length=100), nullable=True),
    sa.Column('code', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('location', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('holderLength', mysql.DOUBLE(), nullable=True),
    sa.Column('loopLength', mysql.DOUBLE(), nullable=True),
    sa.Column('loopType', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('wireWidth', mysql.DOUBLE(), nullable=True),
    sa.Column('comments', mysql.VARCHAR(length=1024), nullable=True),
    sa.Column('completionStage', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('structureStage', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('publicationStage', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('publicationComments', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('blSampleStatus', mysql.VARCHAR(length=20), nullable=True),
    sa.Column('isInSampleChanger', _tinyint(1), nullable=True),
    sa.Column('lastKnownCenteringPosition', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('recordTimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False, comment='Creation or last update date/time'),
    sa.Column('SMILES', mysql.VARCHAR(length=400), nullable=True, comment='the symbolic description of the structure of a chemical compound'),
    sa.Column('lastImageURL', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('positionId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('blSubSampleId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('screenComponentGroupId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('volume', mysql.FLOAT(), nullable=True),
    sa.Column('dimension1', mysql.DOUBLE(), nullable=True),
    sa.Column('dimension2', mysql.DOUBLE(), nullable=True),
    sa.Column('dimension3', mysql.DOUBLE(), nullable=True),
    sa.Column('shape', mysql.VARCHAR(length=15), nullable=True),
    sa.Column('subLocation', mysql.SMALLINT(display_width=5, unsigned=True), nullable=True, comment="Indicates the sample's location on a multi-sample pin, where 1 is closest to the pin base"),
    *_inline_foreign_keys('BLSample'),
    sa.PrimaryKeyConstraint('blSampleId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('BLSample_FKIndex1', 'BLSample', ['containerId'], unique=False)
    op.create_index('BLSample_FKIndex2', 'BLSample', ['crystalId'], unique=False)
    op.create_index('BLSample_FKIndex3', 'BLSample', ['diffractionPlanId'], unique=False)
    op.create_index('BLSample_FKIndex_Status', 'BLSample', ['blSampleStatus'], unique=False)
    op.create_index('BLSample_Index1', 'BLSample', ['name'], unique=False)
    op.create_index('BLSample_fk5', 'BLSample', ['screenComponentGroupId'], unique=False)
    op.create_index('crystalId', 'BLSample', ['crystalId', 'containerId'], unique=False)
    op.create_table('DataCollectionGroup',
    sa.Column('dataCollectionGroupId', _key(11, unsigned=False), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('blSampleId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='references BLSample table'),
    sa.Column('sessionId', mysql.INTEGER(display_width=10, unsigned=True), nullable=False, comment='references Session table'),
    sa.Column('workflowId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('experimentType', sa.Enum('EM', 'SAD', 'SAD - Inverse Beam', 'OSC', 'Collect - Multiwedge', 'MAD', 'Helical', 'Multi-positional', 'Mesh', 'Burn', 'MAD - Inverse Beam', 'Characterization', 'Dehydration', 'Still', 'SSX-Chip', 'SSX-Jet', 'LineScan', 'GphNative'), nullable=True, comment='Experiment type flag'),
    sa.Column('startTime', mysql.DATETIME(), nullable=True, comment='Start time of the dataCollectionGroup'),
    sa.Column('endTime', mysql.DATETIME(), nullable=True, comment='end time of the dataCollectionGroup'),
    sa.Column('crystalClass', mysql.VARCHAR(length=20), nullable=True, comment='Crystal Class for industrials users'),
    sa.Column('comments', mysql.VARCHAR(length=1024), nullable=True, comment='comments'),
    sa.Column('detectorMode', mysql.VARCHAR(length=255), nullable=True, comment='Detector mode'),
    sa.Column('actualSampleBarcode', mysql.VARCHAR(length=45), nullable=True, comment='Actual sample barcode'),
    sa.Column('actualSampleSlotInContainer', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='Actual sample slot number in container'),
    sa.Column('actualContainerBarcode', mysql.VARCHAR(length=45), nullable=True, comment='Actual container barcode'),
    sa.Column('actualContainerSlotInSC', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='Actual container slot number in sample changer'),
    sa.Column('xtalSnapshotFullPath', mysql.VARCHAR(length=255), nullable=True),
    *_inline_foreign_keys('DataCollectionGroup'),
    sa.PrimaryKeyConstraint('dataCollectionGroupId'),
    comment='a dataCollectionGroup is a group of dataCollection for a spe',
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('DataCollectionGroup_FKIndex1', 'DataCollectionGroup', ['blSampleId'], unique=False)
    op.create_index('DataCollectionGroup_FKIndex2', 'DataCollectionGroup', ['sessionId'], unique=False)
    op.create_index('workflowId', 'DataCollectionGroup', ['workflowId'], unique=False)
    op.create_table('Screening',
    sa.Column('screeningId', _key(10), nullable=False),
    sa.Column('diffractionPlanId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='references DiffractionPlan'),
    sa.Column('dataCollectionGroupId', mysql.INTEGER(display_width=11), nullable=True),
    sa.Column('dataCollectionId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('bltimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('programVersion', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('comments', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('shortComments', mysql.VARCHAR(length=20), nullable=True),
    sa.Column('xmlSampleInformation', _longblob(), nullable=True),
    *_inline_foreign_keys('Screening'),
    sa.PrimaryKeyConstraint('screeningId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('Screening_FKIndexDiffractionPlanId', 'Screening', ['diffractionPlanId'], unique=False)
    op.create_index('dcgroupId', 'Screening', ['dataCollectionGroupId'], unique=False)
    op.create_table('ScreeningInput',
    sa.Column('screeningInputId', _key(10), nullable=False),
    sa.Column('screeningId', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), nullable=False),
    sa.Column('diffractionPlanId', mysql.INTEGER(display_width=11), nullable=True, comment='references DiffractionPlan table'),
    sa.Column('beamX', mysql.FLOAT(), nullable=True),
    sa.Column('beamY', mysql.FLOAT(), nullable=True),
    sa.Column('rmsErrorLimits', mysql.FLOAT(), nullable=True),
    sa.Column('minimumFractionIndexed', mysql.FLOAT(), nullable=True),
    sa.Column('maximumFractionRejected', mysql.FLOAT(), nullable=True),
    sa.Column('minimumSignalToNoise', mysql.FLOAT(), nullable=True),
    sa.Column('xmlSampleInformation', _longblob(), nullable=True),
    *_inline_foreign_keys('ScreeningInput'),
    sa.PrimaryKeyConstraint('screeningInputId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('ScreeningInput_FKIndex1', 'ScreeningInput', ['screeningId'], unique=False)
    op.create_table('ScreeningOutput',
    sa.Column('screeningOutputId', _key(10), nullable=False),
    sa.Column('screeningId', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), nullable=False),
    sa.Column('statusDescription', mysql.VARCHAR(length=1024), nullable=True),
    sa.Column('rejectedReflections', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('resolutionObtained', mysql.FLOAT(), nullable=True),
    sa.Column('spotDeviationR', mysql.FLOAT(), nullable=True),
    sa.Column('spotDeviationTheta', mysql.FLOAT(), nullable=True),
    sa.Column('beamShiftX', mysql.FLOAT(), nullable=True),
    sa.Column('beamShiftY', mysql.FLOAT(), nullable=True),
    sa.Column('numSpotsFound', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('numSpotsUsed', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('numSpotsRejected', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('mosaicity', mysql.FLOAT(), nullable=True),
    sa.Column('iOverSigma', mysql.FLOAT(), nullable=True),
    sa.Column('diffractionRings', _tinyint(1), nullable=True),
    sa.Column('strategySuccess', _tinyint(1), server_default=sa.text('0'), nullable=False),
    sa.Column('mosaicityEstimated', _tinyint(1), server_default=sa.text('0'), nullable=False),
    sa.Column('rankingResolution', mysql.DOUBLE(), nullable=True),
    sa.Column('program', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('doseTotal', mysql.DOUBLE(), nullable=True),
    sa.Column('totalExposureTime', mysql.DOUBLE(), nullable=True),
    sa.Column('totalRotationRange', mysql.DOUBLE(), nullable=True),
    sa.Column('totalNumberOfImages', mysql.INTEGER(display_width=11), nullable=True),
    sa.Column('rFriedel', mysql.DOUBLE(), nullable=True),
    sa.Column('indexingSuccess', _tinyint(1), server_default=sa.text('0'), nullable=False),
    sa.Column('screeningSuccess', _tinyint(1), server_default=sa.text('0'), nullable=True),
    *_inline_foreign_keys('ScreeningOutput'),
    sa.PrimaryKeyConstraint('screeningOutputId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('ScreeningOutput_FKIndex1', 'ScreeningOutput', ['screeningId'], unique=False)
    op.create_table('ScreeningRank',
    sa.Column('screeningRankId', _key(10), nullable=False),
    sa.Column('screeningRankSetId', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), nullable=False),
    sa.Column('screeningId', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), nullable=False),
    sa.Column('rankValue', mysql.FLOAT(), nullable=True),
    sa.Column('rankInformation', mysql.VARCHAR(length=1024), nullable=True),
    *_inline_foreign_keys('ScreeningRank'),
    sa.PrimaryKeyConstraint('screeningRankId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('ScreeningRank_FKIndex1', 'ScreeningRank', ['screeningId'], unique=False)
    op.create_index('ScreeningRank_FKIndex2', 'ScreeningRank', ['screeningRankSetId'], unique=False)
    op.create_table('ScreeningOutputLattice',
    sa.Column('screeningOutputLatticeId', _key(10), nullable=False),
    sa.Column('screeningOutputId', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), nullable=False),
    sa.Column('spaceGroup', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('pointGroup', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('bravaisLattice', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('rawOrientationMatrix_a_x', mysql.FLOAT(), nullable=True),
    sa.Column('rawOrientationMatrix_a_y', mysql.FLOAT(), nullable=True),
    sa.Column('rawOrientationMatrix_a_z', mysql.FLOAT(), nullable=True),
    sa.Column('rawOrientationMatrix_b_x', mysql.FLOAT(), nullable=True),
    sa.Column('rawOrientationMatrix_b_y', mysql.FLOAT(), nullable=True),
    sa.Column('rawOrientationMatrix_b_z', mysql.FLOAT(), nullable=True),
    sa.Column('rawOrientationMatrix_c_x', mysql.FLOAT(), nullable=True),
    sa.Column('rawOrientationMatrix_c_y', mysql.FLOAT(), nullable=True),
    sa.Column('rawOrientationMatrix_c_z', mysql.FLOAT(), nullable=True),
    sa.Column('unitCell_a', mysql.FLOAT(), nullable=True),
    sa.Column('unitCell_b', mysql.FLOAT(), nullable=True),
    sa.Column('unitCell_c', mysql.FLOAT(), nullable=True),
    sa.Column('unitCell_alpha', mysql.FLOAT(), nullable=True),
    sa.Column('unitCell_beta', mysql.FLOAT(), nullable=True),
    sa.Column('unitCell_gamma', mysql.FLOAT(), nullable=True),
    sa.Column('bltimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
    sa.Column('labelitIndexing', _tinyint(1), server_default=sa.text('0'), nullable=True),
    *_inline_foreign_keys('ScreeningOutputLattice'),
    sa.PrimaryKeyConstraint('screeningOutputLatticeId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('ScreeningOutputLattice_FKIndex1', 'ScreeningOutputLattice', ['screeningOutputId'], unique=False)
    op.create_table('ScreeningStrategy',
    sa.Column('screeningStrategyId', _key(10), nullable=False),
    sa.Column('screeningOutputId', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), nullable=False),
    sa.Column('phiStart', mysql.FLOAT(), nullable=True),
    sa.Column('phiEnd', mysql.FLOAT(), nullable=True),
    sa.Column('rotation', mysql.FLOAT(), nullable=True),
    sa.Column('exposureTime', mysql.FLOAT(), nullable=True),
    sa.Column('resolution', mysql.FLOAT(), nullable=True),
    sa.Column('completeness', mysql.FLOAT(), nullable=True),
    sa.Column('multiplicity', mysql.FLOAT(), nullable=True),
    sa.Column('anomalous', _tinyint(1), server_default=sa.text('0'), nullable=False),
    sa.Column('program', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('rankingResolution', mysql.FLOAT(), nullable=True),
    sa.Column('transmission', mysql.FLOAT(), nullable=True, comment='Transmission for the strategy as given by the strategy program.'),
    *_inline_foreign_keys('ScreeningStrategy'),
    sa.PrimaryKeyConstraint('screeningStrategyId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('ScreeningStrategy_FKIndex1', 'ScreeningStrategy', ['screeningOutputId'], unique=False)
    op.create_table('ScreeningStrategyWedge',
    sa.Column('screeningStrategyWedgeId', _key(10), nullable=False, comment='Primary key'),
    sa.Column('screeningStrategyId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='Foreign key to parent table'),
    sa.Column('wedgeNumber', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='The number of this wedge within the strategy'),
    sa.Column('resolution', mysql.FLOAT(), nullable=True),
    sa.Column('completeness', mysql.FLOAT(), nullable=True),
    sa.Column('multiplicity', mysql.FLOAT(), nullable=True),
    sa.Column('doseTotal', mysql.FLOAT(), nullable=True, comment='Total dose for this wedge'),
    sa.Column('numberOfImages', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='Number of images for this wedge'),
    sa.Column('phi', mysql.FLOAT(), nullable=True),
    sa.Column('kappa', mysql.FLOAT(), nullable=True),
    sa.Column('chi', mysql.FLOAT(), nullable=True),
    sa.Column('comments', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('wavelength', mysql.DOUBLE(), nullable=True),
    *_inline_foreign_keys('ScreeningStrategyWedge'),
    sa.PrimaryKeyConstraint('screeningStrategyWedgeId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('ScreeningStrategyWedge_IBFK_1', 'ScreeningStrategyWedge', ['screeningStrategyId'], unique=False)
    op.create_table('ScreeningStrategySubWedge',
    sa.Column('screeningStrategySubWedgeId', _key(10), nullable=False, comment='Primary key'),
    sa.Column('screeningStrategyWedgeId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='Foreign key to parent table'),
    sa.Column('subWedgeNumber', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='The number of this subwedge within the wedge'),
    sa.Column('rotationAxis', mysql.VARCHAR(length=45), nullable=True, comment='Angle where subwedge starts'),
    sa.Column('axisStart', mysql.FLOAT(), nullable=True, comment='Angle where subwedge ends'),
    sa.Column('axisEnd', mysql.FLOAT(), nullable=True, comment='Exposure time for subwedge'),
    sa.Column('exposureTime', mysql.FLOAT(), nullable=True, comment='Transmission for subwedge'),
    sa.Column('transmission', mysql.FLOAT(), nullable=True),
    sa.Column('oscillationRange', mysql.FLOAT(), nullable=True),
    sa.Column('completeness', mysql.FLOAT(), nullable=True),
    sa.Column('multiplicity', mysql.FLOAT(), nullable=True),
    sa.Column('doseTotal', mysql.FLOAT(), nullable=True, comment='Total dose for this subwedge'),
    sa.Column('numberOfImages', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='Number of images for this subwedge'),
    sa.Column('comments', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('resolution', mysql.FLOAT(), nullable=True),
    *_inline_foreign_keys('ScreeningStrategySubWedge'),
    sa.PrimaryKeyConstraint('screeningStrategySubWedgeId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('ScreeningStrategySubWedge_FK1', 'ScreeningStrategySubWedge', ['screeningStrategyWedgeId'], unique=False)
    op.create_table('DataCollection',
    sa.Column('dataCollectionId', _key(10), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('dataCollectionGroupId', mysql.INTEGER(display_width=11), nullable=False, comment='references DataCollectionGroup table'),
    sa.Column('strategySubWedgeOrigId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='references ScreeningStrategySubWedge table'),
    sa.Column('detectorId', mysql.INTEGER(display_width=11), nullable=True, comment='references Detector table'),
    sa.Column('blSubSampleId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('startPositionId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('endPositionId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('dataCollectionNumber', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('startTime', mysql.DATETIME(), nullable=True, comment='Start time of the dataCollection'),
    sa.Column('endTime', mysql.DATETIME(), nullable=True, comment='end time of the dataCollection'),
    sa.Column('runStatus', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('axisStart', mysql.FLOAT(), nullable=True),
    sa.Column('axisEnd', mysql.FLOAT(), nullable=True),
    sa.Column('axisRange', mysql.FLOAT(), nullable=True),
    sa.Column('overlap', mysql.FLOAT(), nullable=True),
    sa.Column('numberOfImages', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('startImageNumber', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('numberOfPasses', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('exposureTime', mysql.FLOAT(), nullable=True),
    sa.Column('imageDirectory', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('imagePrefix', mysql.VARCHAR(length=100), nullable=True),
    sa.Column('imageSuffix', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('imageContainerSubPath', mysql.VARCHAR(length=255), nullable=True, comment='Internal path of a HDF5 file pointing to the data for this data collection'),
    sa.Column('fileTemplate', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('wavelength', mysql.FLOAT(), nullable=True),
    sa.Column('resolution', mysql.FLOAT(), nullable=True),
    sa.Column('detectorDistance', mysql.FLOAT(), nullable=True),
    sa.Column('xBeam', mysql.FLOAT(), nullable=True),
    sa.Column('yBeam', mysql.FLOAT(), nullable=True),
    sa.Column('xBeamPix', mysql.FLOAT(), nullable=True, comment='Beam size in pixels'),
    sa.Column('yBeamPix', mysql.FLOAT(), nullable=True, comment='Beam size in pixels'),
    sa.Column('comments', mysql.VARCHAR(length=1024), nullable=True),
    sa.Column('printableForReport', _tinyint(3, unsigned=True), server_default=sa.text('1'), nullable=True),
    sa.Column('slitGapVertical', mysql.FLOAT(), nullable=True),
    sa.Column('slitGapHorizontal', mysql.FLOAT(), nullable=True),
    sa.Column('transmission', mysql.FLOAT(), nullable=True),
    sa.Column('synchrotronMode', mysql.VARCHAR(length=20), nullable=True),
    sa.Column('xtalSnapshotFullPath1', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('xtalSnapshotFullPath2', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('xtalSnapshotFullPath3', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('xtalSnapshotFullPath4', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('rotationAxis', sa.Enum('Omega', 'Kappa', 'Phi'), nullable=True),
    sa.Column('phiStart', mysql.FLOAT(), nullable=True),
    sa.Column('kappaStart', mysql.FLOAT(), nullable=True),
    sa.Column('omegaStart', mysql.FLOAT(), nullable=True),
    sa.Column('resolutionAtCorner', mysql.FLOAT(), nullable=True),
    sa.Column('detector2Theta', mysql.FLOAT(), nullable=True),
    sa.Column('undulatorGap1', mysql.FLOAT(), nullable=True),
    sa.Column('undulatorGap2', mysql.FLOAT(), nullable=True),
    sa.Column('undulatorGap3', mysql.FLOAT(), nullable=True),
    sa.Column('beamSizeAtSampleX', mysql.FLOAT(), nullable=True),
    sa.Column('beamSizeAtSampleY', mysql.FLOAT(), nullable=True),
    sa.Column('centeringMethod', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('averageTemperature', mysql.FLOAT(), nullable=True),
    sa.Column('actualCenteringPosition', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('beamShape', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('flux', mysql.DOUBLE(), nullable=True),
    sa.Column('flux_end', mysql.DOUBLE(), nullable=True, comment='flux measured after the collect'),
    sa.Column('totalAbsorbedDose', mysql.DOUBLE(), nullable=True, comment='expected dose delivered to the crystal, EDNA'),
    sa.Column('bestWilsonPlotPath', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('imageQualityIndicatorsPlotPath', mysql.VARCHAR(length=512), nullable=True),
    sa.Column('imageQualityIndicatorsCSVPath', mysql.VARCHAR(length=512), nullable=True),
    sa.Column('blSampleId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('sessionId', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), nullable=True),
    sa.Column('experimentType', mysql.VARCHAR(length=24), nullable=True),
    sa.Column('crystalClass', mysql.VARCHAR(length=20), nullable=True),
    sa.Column('chiStart', mysql.FLOAT(), nullable=True),
    sa.Column('detectorMode', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('actualSampleBarcode', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('actualSampleSlotInContainer', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('actualContainerBarcode', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('actualContainerSlotInSC', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('positionId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('focalSpotSizeAtSampleX', mysql.FLOAT(), nullable=True),
    sa.Column('polarisation', mysql.FLOAT(), nullable=True),
    sa.Column('focalSpotSizeAtSampleY', mysql.FLOAT(), nullable=True),
    sa.Column('apertureId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('screeningOrigId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('processedDataFile', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('datFullPath', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('magnification', mysql.INTEGER(display_width=11), nullable=True, comment='Unit: X'),
    sa.Column('binning', _tinyint(1), server_default=sa.text('1'), nullable=True, comment='1 or 2. Number of pixels to process as 1. (Use mean value.)'),
    sa.Column('particleDiameter', mysql.FLOAT(), nullable=True, comment='Unit: nm'),
    sa.Column('boxSize_CTF', mysql.FLOAT(), nullable=True, comment='Unit: pixels'),
    sa.Column('minResolution', mysql.FLOAT(), nullable=True, comment='Unit: A'),
    sa.Column('minDefocus', mysql.FLOAT(), nullable=True, comment='Unit: A'),
    sa.Column('maxDefocus', mysql.FLOAT(), nullable=True, comment='Unit: A'),
    sa.Column('defocusStepSize', mysql.FLOAT(), nullable=True, comment='Unit: A'),
    sa.Column('amountAstigmatism', mysql.FLOAT(), nullable=True, comment='Unit: A'),
    sa.Column('extractSize', mysql.FLOAT(), nullable=True, comment='Unit: pixels'),
    sa.Column('bgRadius', mysql.FLOAT(), nullable=True, comment='Unit: nm'),
    sa.Column('voltage', mysql.FLOAT(), nullable=True, comment='Unit: kV'),
    sa.Column('objAperture', mysql.FLOAT(), nullable=True, comment='Unit: um'),
    sa.Column('c1aperture', mysql.FLOAT(), nullable=True, comment='Unit: um'),
    sa.Column('c2aperture', mysql.FLOAT(), nullable=True, comment='Unit: um'),
    sa.Column('c3aperture', mysql.FLOAT(), nullable=True, comment='Unit: um'),
    sa.Column('c1lens', mysql.FLOAT(), nullable=True, comment='Unit: %'),
    sa.Column('c2lens', mysql.FLOAT(), nullable=True, comment='Unit: %'),
    sa.Column('c3lens', mysql.FLOAT(), nullable=True, comment='Unit: %'),
    *_inline_foreign_keys('DataCollection'),
    sa.PrimaryKeyConstraint('dataCollectionId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('DataCollection_FKIndex1', 'DataCollection', ['dataCollectionGroupId'], unique=False)
    op.create_index('DataCollection_FKIndex2', 'DataCollection', ['strategySubWedgeOrigId'], unique=False)
    op.create_index('DataCollection_FKIndex3', 'DataCollection', ['detectorId'], unique=False)
    op.create_index('DataCollection_FKIndexDCNumber', 'DataCollection', ['dataCollectionNumber'], unique=False)
    op.create_index('DataCollection_FKIndexImageDirectory', 'DataCollection', ['imageDirectory'], unique=False)
    op.create_index('DataCollection_FKIndexImagePrefix', 'DataCollection', ['imagePrefix'], unique=False)
    op.create_index('DataCollection_FKIndexStartTime', 'DataCollection', ['startTime'], unique=False)
    op.create_index('blSubSampleId', 'DataCollection', ['blSubSampleId'], unique=False)
    op.create_index('endPositionId', 'DataCollection', ['endPositionId'], unique=False)
    op.create_index('startPositionId', 'DataCollection', ['startPositionId'], unique=False)
    op.create_table('AutoProcProgram',
    sa.Column('autoProcProgramId', _key(10), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('dataCollectionId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('processingCommandLine', mysql.VARCHAR(length=255), nullable=True, comment='Command line for running the automatic processing'),
    sa.Column('processingPrograms', mysql.VARCHAR(length=255), nullable=True, comment='Processing programs (comma separated)'),
    sa.Column('processingStatus', sa.Enum('RUNNING', 'FAILED', 'SUCCESS', '0', '1'), nullable=True, comment='success (1) / fail (0)'),
    sa.Column('processingMessage', mysql.VARCHAR(length=255), nullable=True, comment='warning, error,...'),
    sa.Column('processingStartTime', mysql.DATETIME(), nullable=True, comment='Processing start time'),
    sa.Column('processingEndTime', mysql.DATETIME(), nullable=True, comment='Processing end time'),
    sa.Column('processingEnvironment', mysql.VARCHAR(length=255), nullable=True, comment='Cpus, Nodes,...'),
    sa.Column('recordTimeStamp', mysql.DATETIME(), nullable=True, comment='Creation or last update date/time'),
    *_inline_foreign_keys('AutoProcProgram'),
    sa.PrimaryKeyConstraint('autoProcProgramId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('fk_AutoProcProgram_1_idx', 'AutoProcProgram', ['dataCollectionId'], unique=False)
    op.create_table('Movie',
    sa.Column('movieId', _key(11, unsigned=False), nullable=False),
    sa.Column('dataCollectionId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('movieNumber', mysql.INTEGER(display_width=11), nullable=True),
    sa.Column('movieFullPath', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('positionX', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('positionY', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('micrographFullPath', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('micrographSnapshotFullPath', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('xmlMetaDataFullPath', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('dosePerImage', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('createdTimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    *_inline_foreign_keys('Movie'),
    sa.PrimaryKeyConstraint('movieId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('dataCollectionToMovie_idx', 'Movie', ['dataCollectionId'], unique=False)
    op.create_index('movieFullPath_idx', 'Movie', ['movieFullPath'], unique=False, mysql_length=191)
    op.create_table('AutoProcIntegration',
    sa.Column('autoProcIntegrationId', _key(10), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('dataCollectionId', mysql.INTEGER(display_width=10, unsigned=True), nullable=False, comment='DataCollection item'),
    sa.Column('autoProcProgramId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='Related program item'),
    sa.Column('startImageNumber', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='start image number'),
    sa.Column('endImageNumber', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='end image number'),
    sa.Column('refinedDetectorDistance', mysql.FLOAT(), nullable=True, comment='Refined DataCollection.detectorDistance'),
    sa.Column('refinedXBeam', mysql.FLOAT(), nullable=True, comment='Refined DataCollection.xBeam'),
    sa.Column('refinedYBeam', mysql.FLOAT(), nullable=True, comment='Refined DataCollection.yBeam'),
    sa.Column('rotationAxisX', mysql.FLOAT(), nullable=True, comment='Rotation axis'),
    sa.Column('rotationAxisY', mysql.FLOAT(), nullable=True, comment='Rotation axis'),
    sa.Column('rotationAxisZ', mysql.FLOAT(), nullable=True, comment='Rotation axis'),
    sa.Column('beamVectorX', mysql.FLOAT(), nullable=True, comment='Beam vector'),
    sa.Column('beamVectorY', mysql.FLOAT(), nullable=True, comment='Beam vector'),
    sa.Column('beamVectorZ', mysql.FLOAT(), nullable=True, comment='Beam vector'),
    sa.Column('cell_a', mysql.FLOAT(), nullable=True, comment='Unit cell'),
    sa.Column('cell_b', mysql.FLOAT(), nullable=True, comment='Unit cell'),
    sa.Column('cell_c', mysql.FLOAT(), nullable=True, comment='Unit cell'),
    sa.Column('cell_alpha', mysql.FLOAT(), nullable=True, comment='Unit cell'),
    sa.Column('cell_beta', mysql.FLOAT(), nullable=True, comment='Unit cell'),
    sa.Column('cell_gamma', mysql.FLOAT(), nullable=True, comment='Unit cell'),
    sa.Column('recordTimeStamp', mysql.DATETIME(), nullable=True, comment='Creation or last update date/time'),
    sa.Column('anomalous', _tinyint(1), server_default=sa.text('0'), nullable=True, comment='boolean type:0 noanoum - 1 anoum'),
    *_inline_foreign_keys('AutoProcIntegration'),
    sa.PrimaryKeyConstraint('autoProcIntegrationId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('AutoProcIntegrationIdx1', 'AutoProcIntegration', ['dataCollectionId'], unique=False)
    op.create_index('AutoProcIntegration_FKIndex1', 'AutoProcIntegration', ['autoProcProgramId'], unique=False)
    op.create_table('MotionCorrection',
    sa.Column('motionCorrectionId', _key(11, unsigned=False), nullable=False),
    sa.Column('movieId', mysql.INTEGER(display_width=11), nullable=True),
    sa.Column('firstFrame', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('lastFrame', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('dosePerFrame', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('doseWeight', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('totalMotion', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('averageMotionPerFrame', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('driftPlotFullPath', mysql.VARCHAR(length=512), nullable=True),
    sa.Column('micrographFullPath', mysql.VARCHAR(length=512), nullable=True),
    sa.Column('micrographSnapshotFullPath', mysql.VARCHAR(length=512), nullable=True),
    sa.Column('correctedDoseMicrographFullPath', mysql.VARCHAR(length=512), nullable=True),
    sa.Column('patchesUsed', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('logFileFullPath', mysql.VARCHAR(length=512), nullable=True),
    sa.Column('createdTimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    *_inline_foreign_keys('MotionCorrection'),
    sa.PrimaryKeyConstraint('motionCorrectionId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('fk_MotionCorrection_1_idx', 'MotionCorrection', ['movieId'], unique=False)
    op.create_table('AutoProcScaling_has_Int',
    sa.Column('autoProcScaling_has_IntId', _key(10), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('autoProcScalingId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='AutoProcScaling item'),
    sa.Column('autoProcIntegrationId', mysql.INTEGER(display_width=10, unsigned=True), nullable=False, comment='AutoProcIntegration item'),
    sa.Column('recordTimeStamp', mysql.DATETIME(), nullable=True, comment='Creation or last update date/time'),
    *_inline_foreign_keys('AutoProcScaling_has_Int'),
    sa.PrimaryKeyConstraint('autoProcScaling_has_IntId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB'
    )
    op.create_index('AutoProcScal_has_IntIdx2', 'AutoProcScaling_has_Int', ['autoProcIntegrationId'], unique=False)
    op.create_index('AutoProcScalingHasInt_FKIndex3', 'AutoProcScaling_has_Int', ['autoProcScalingId', 'autoProcIntegrationId'], unique=False)
    op.create_index('AutoProcScl_has_IntIdx1', 'AutoProcScaling_has_Int', ['autoProcScalingId'], unique=False)

    # The tables MXCuBE writes (gateway/sql/models/acquisition.py).
    op.create_table('BeamLineSetup',
    sa.Column('beamLineSetupId', _key(10), autoincrement=True, nullable=False),
    sa.Column('synchrotronMode', mysql.VARCHAR(255), nullable=True),
    sa.Column('undulatorType1', mysql.VARCHAR(45), nullable=True),
    sa.Column('undulatorType2', mysql.VARCHAR(45), nullable=True),
    sa.Column('undulatorType3', mysql.VARCHAR(45), nullable=True),
    sa.Column('focalSpotSizeAtSample', mysql.FLOAT(), nullable=True),
    sa.Column('focusingOptic', mysql.VARCHAR(255), nullable=True),
    sa.Column('beamDivergenceHorizontal', mysql.FLOAT(), nullable=True),
    sa.Column('beamDivergenceVertical', mysql.FLOAT(), nullable=True),
    sa.Column('polarisation', mysql.FLOAT(), nullable=True),
    sa.Column('monochromatorType', mysql.VARCHAR(255), nullable=True),
    sa.Column('setupDate', mysql.DATETIME(), nullable=True),
    sa.Column('synchrotronName', mysql.VARCHAR(255), nullable=True),
    sa.Column('maxExpTimePerDataCollection', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('minExposureTimePerImage', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('goniostatMaxOscillationSpeed', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('goniostatMinOscillationWidth', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('minTransmission', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('CS', mysql.FLOAT(), nullable=True),
    sa.Column('recordTimeStamp', mysql.TIMESTAMP(), nullable=False, server_default=sa.text('CURRENT_TIMESTAMP'), comment='Creation or last update date/time'),
    sa.PrimaryKeyConstraint('beamLineSetupId'),
    *_inline_foreign_keys('BeamLineSetup'),
    mysql_engine='InnoDB', mysql_charset='utf8mb4'
    )
    op.create_table('Detector',
    sa.Column('detectorId', _key(11, unsigned=False), autoincrement=True, nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('detectorType', mysql.VARCHAR(255), nullable=True),
    sa.Column('detectorManufacturer', mysql.VARCHAR(255), nullable=True),
    sa.Column('detectorModel', mysql.VARCHAR(255), nullable=True),
    sa.Column('detectorPixelSizeHorizontal', mysql.FLOAT(), nullable=True),
    sa.Column('detectorPixelSizeVertical', mysql.FLOAT(), nullable=True),
    sa.Column('detectorSerialNumber', mysql.VARCHAR(30), nullable=True),
    sa.Column('detectorDistanceMin', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('detectorDistanceMax', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('trustedPixelValueRangeLower', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('trustedPixelValueRangeUpper', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('sensorThickness', mysql.FLOAT(), nullable=True),
    sa.Column('overload', mysql.FLOAT(), nullable=True),
    sa.Column('XGeoCorr', mysql.VARCHAR(255), nullable=True),
    sa.Column('YGeoCorr', mysql.VARCHAR(255), nullable=True),
    sa.Column('detectorMode', mysql.VARCHAR(255), nullable=True),
    sa.Column('detectorMaxResolution', mysql.FLOAT(), nullable=True),
    sa.Column('detectorMinResolution', mysql.FLOAT(), nullable=True),
    sa.Column('CS', mysql.FLOAT(), nullable=True, comment='Unit: mm'),
    sa.Column('density', mysql.FLOAT(), nullable=True),
    sa.Column('composition', mysql.VARCHAR(16), nullable=True),
    sa.Column('localName', mysql.VARCHAR(40), nullable=True, comment='Colloquial name for the detector'),
    sa.PrimaryKeyConstraint('detectorId'),
    *_inline_foreign_keys('Detector'),
    mysql_engine='InnoDB', mysql_charset='utf8mb4', comment='Detector table is linked to a dataCollection'
    )
    op.create_index('Detector_ibuk1', 'Detector', ['detectorSerialNumber'], unique=True)
    op.create_index('Detector_FKIndex1', 'Detector', ['detectorType', 'detectorManufacturer', 'detectorModel', 'detectorPixelSizeHorizontal', 'detectorPixelSizeVertical'], unique=False)
    op.create_table('Workflow',
    sa.Column('workflowId', _key(10), autoincrement=True, nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('workflowTitle', mysql.VARCHAR(255), nullable=True),
    sa.Column('workflowType', sa.Enum('Characterisation', 'Undefined', 'BioSAXS Post Processing', 'EnhancedCharacterisation', 'LineScan', 'MeshScan', 'Dehydration', 'KappaReorientation', 'BurnStrategy', 'XrayCentering', 'DiffractionTomography', 'TroubleShooting', 'VisualReorientation', 'HelicalCharacterisation', 'GroupedProcessing', 'MXPressE', 'MXPressO', 'MXPressL', 'MXScore', 'MXPressI', 'MXPressM', 'MXPressA', 'CollectAndSpectra', 'LowDoseDC', 'EnergyInterleavedMAD', 'MXPressF', 'MXPressH', 'MXPressP', 'MXPressP_SAD', 'MXPressR', 'MXPressR_180', 'MXPressR_dehydration', 'MeshAndCollect', 'MeshAndCollectFromFile', 'CalibrateKappa', 'CenterRotationAxis', 'CentreBeam', 'CentrePin', 'ChipX_collect', 'ChipX_collect_sections', 'ChipX_left_position', 'ChipX_right_position', 'DistanceCalibration', 'IceRingsMeshScan', 'MeshAndBurn', 'MXPressA_globalp', 'MXPressA_globalp_full', 'MXPressA_globalp_minimal', 'MXPressA_globalp_quick', 'MXPressA_HTX', 'MXPressF_twoMeshes', 'MXPressK', 'MXPressO_540', 'MXPressS', 'TroubleShootingWithDialog'), nullable=True),
    sa.Column('workflowTypeId', mysql.INTEGER(11), nullable=True),
    sa.Column('comments', mysql.VARCHAR(1024), nullable=True),
    sa.Column('status', mysql.VARCHAR(255), nullable=True),
    sa.Column('resultFilePath', mysql.VARCHAR(255), nullable=True),
    sa.Column('logFilePath', mysql.VARCHAR(255), nullable=True),
    sa.Column('recordTimeStamp', mysql.DATETIME(), nullable=True, comment='Creation or last update date/time'),
    sa.PrimaryKeyConstraint('workflowId'),
    *_inline_foreign_keys('Workflow'),
    mysql_engine='InnoDB', mysql_charset='utf8mb4'
    )
    op.create_table('RobotAction',
    sa.Column('robotActionId', _key(10), autoincrement=True, nullable=False),
    sa.Column('blsessionId', mysql.INTEGER(10, unsigned=True), nullable=False),
    sa.Column('blsampleId', mysql.INTEGER(10, unsigned=True), nullable=True),
    sa.Column('actionType', sa.Enum('LOAD', 'UNLOAD', 'DISPOSE', 'STORE', 'WASH', 'ANNEAL'), nullable=True),
    sa.Column('startTimestamp', mysql.TIMESTAMP(), nullable=False, server_default=sa.text('CURRENT_TIMESTAMP')),
    sa.Column('endTimestamp', mysql.TIMESTAMP(), nullable=False, server_default=_zero_date()),
    sa.Column('status', sa.Enum('SUCCESS', 'ERROR', 'CRITICAL', 'WARNING', 'COMMANDNOTSENT'), nullable=True),
    sa.Column('message', mysql.VARCHAR(255), nullable=True),
    sa.Column('containerLocation', mysql.SMALLINT(6), nullable=True),
    sa.Column('dewarLocation', mysql.SMALLINT(6), nullable=True),
    sa.Column('sampleBarcode', mysql.VARCHAR(45), nullable=True),
    sa.Column('xtalSnapshotBefore', mysql.VARCHAR(255), nullable=True),
    sa.Column('xtalSnapshotAfter', mysql.VARCHAR(255), nullable=True),
    sa.PrimaryKeyConstraint('robotActionId'),
    *_inline_foreign_keys('RobotAction'),
    mysql_engine='InnoDB', mysql_charset='utf8mb4', comment='Robot actions as reported by MXCube'
    )
    op.create_index('RobotAction_FK1', 'RobotAction', ['blsessionId'], unique=False)
    op.create_index('RobotAction_FK2', 'RobotAction', ['blsampleId'], unique=False)
    op.create_table('EnergyScan',
    sa.Column('energyScanId', _key(10), autoincrement=True, nullable=False),
    sa.Column('sessionId', mysql.INTEGER(10, unsigned=True), nullable=False),
    sa.Column('blSampleId', mysql.INTEGER(10, unsigned=True), nullable=True),
    sa.Column('fluorescenceDetector', mysql.VARCHAR(255), nullable=True),
    sa.Column('scanFileFullPath', mysql.VARCHAR(255), nullable=True),
    sa.Column('choochFileFullPath', mysql.VARCHAR(255), nullable=True),
    sa.Column('jpegChoochFileFullPath', mysql.VARCHAR(255), nullable=True),
    sa.Column('element', mysql.VARCHAR(45), nullable=True),
    sa.Column('startEnergy', mysql.FLOAT(), nullable=True),
    sa.Column('endEnergy', mysql.FLOAT(), nullable=True),
    sa.Column('transmissionFactor', mysql.FLOAT(), nullable=True),
    sa.Column('exposureTime', mysql.FLOAT(), nullable=True),
    sa.Column('axisPosition', mysql.FLOAT(), nullable=True),
    sa.Column('synchrotronCurrent', mysql.FLOAT(), nullable=True),
    sa.Column('temperature', mysql.FLOAT(), nullable=True),
    sa.Column('peakEnergy', mysql.FLOAT(), nullable=True),
    sa.Column('peakFPrime', mysql.FLOAT(), nullable=True),
    sa.Column('peakFDoublePrime', mysql.FLOAT(), nullable=True),
    sa.Column('inflectionEnergy', mysql.FLOAT(), nullable=True),
    sa.Column('inflectionFPrime', mysql.FLOAT(), nullable=True),
    sa.Column('inflectionFDoublePrime', mysql.FLOAT(), nullable=True),
    sa.Column('xrayDose', mysql.FLOAT(), nullable=True),
    sa.Column('startTime', mysql.DATETIME(), nullable=True),
    sa.Column('endTime', mysql.DATETIME(), nullable=True),
    sa.Column('edgeEnergy', mysql.VARCHAR(255), nullable=True),
    sa.Column('filename', mysql.VARCHAR(255), nullable=True),
    sa.Column('beamSizeVertical', mysql.FLOAT(), nullable=True),
    sa.Column('beamSizeHorizontal', mysql.FLOAT(), nullable=True),
    sa.Column('crystalClass', mysql.VARCHAR(20), nullable=True),
    sa.Column('comments', mysql.VARCHAR(1024), nullable=True),
    sa.Column('flux', mysql.DOUBLE(asdecimal=False), nullable=True, comment='flux measured before the energyScan'),
    sa.Column('flux_end', mysql.DOUBLE(asdecimal=False), nullable=True, comment='flux measured after the energyScan'),
    sa.Column('workingDirectory', mysql.VARCHAR(45), nullable=True),
    sa.Column('blSubSampleId', mysql.INTEGER(10, unsigned=True), nullable=True),
    sa.Column('remoteEnergy', mysql.FLOAT(), nullable=True),
    sa.Column('remoteFPrime', mysql.FLOAT(), nullable=True),
    sa.Column('remoteFDoublePrime', mysql.FLOAT(), nullable=True),
    sa.PrimaryKeyConstraint('energyScanId'),
    *_inline_foreign_keys('EnergyScan'),
    mysql_engine='InnoDB', mysql_charset='utf8mb4'
    )
    op.create_index('EnergyScan_FKIndex2', 'EnergyScan', ['sessionId'], unique=False)
    op.create_index('ES_ibfk_2', 'EnergyScan', ['blSampleId'], unique=False)
    op.create_index('ES_ibfk_3', 'EnergyScan', ['blSubSampleId'], unique=False)
    op.create_table('BLSample_has_EnergyScan',
    sa.Column('blSampleId', mysql.INTEGER(10, unsigned=True), nullable=False, server_default=sa.text('0')),
    sa.Column('energyScanId', mysql.INTEGER(10, unsigned=True), nullable=False, server_default=sa.text('0')),
    sa.Column('blSampleHasEnergyScanId', _key(11, unsigned=False), autoincrement=True, nullable=False),
    sa.PrimaryKeyConstraint('blSampleHasEnergyScanId'),
    *_inline_foreign_keys('BLSample_has_EnergyScan'),
    mysql_engine='InnoDB', mysql_charset='utf8mb4'
    )
    op.create_index('BLSample_has_EnergyScan_FKIndex1', 'BLSample_has_EnergyScan', ['blSampleId'], unique=False)
    op.create_index('BLSample_has_EnergyScan_FKIndex2', 'BLSample_has_EnergyScan', ['energyScanId'], unique=False)
    op.create_table('XFEFluorescenceSpectrum',
    sa.Column('xfeFluorescenceSpectrumId', _key(10), autoincrement=True, nullable=False),
    sa.Column('sessionId', mysql.INTEGER(10, unsigned=True), nullable=False),
    sa.Column('blSampleId', mysql.INTEGER(10, unsigned=True), nullable=True),
    sa.Column('fittedDataFileFullPath', mysql.VARCHAR(255), nullable=True),
    sa.Column('scanFileFullPath', mysql.VARCHAR(255), nullable=True),
    sa.Column('jpegScanFileFullPath', mysql.VARCHAR(255), nullable=True),
    sa.Column('startTime', mysql.DATETIME(), nullable=True),
    sa.Column('endTime', mysql.DATETIME(), nullable=True),
    sa.Column('filename', mysql.VARCHAR(255), nullable=True),
    sa.Column('energy', mysql.FLOAT(), nullable=True),
    sa.Column('exposureTime', mysql.FLOAT(), nullable=True),
    sa.Column('axisPosition', mysql.FLOAT(), nullable=True),
    sa.Column('beamTransmission', mysql.FLOAT(), nullable=True),
    sa.Column('annotatedPymcaXfeSpectrum', mysql.VARCHAR(255), nullable=True),
    sa.Column('beamSizeVertical', mysql.FLOAT(), nullable=True),
    sa.Column('beamSizeHorizontal', mysql.FLOAT(), nullable=True),
    sa.Column('crystalClass', mysql.VARCHAR(20), nullable=True),
    sa.Column('comments', mysql.VARCHAR(1024), nullable=True),
    sa.Column('flux', mysql.DOUBLE(asdecimal=False), nullable=True, comment='flux measured before the xrfSpectra'),
    sa.Column('flux_end', mysql.DOUBLE(asdecimal=False), nullable=True, comment='flux measured after the xrfSpectra'),
    sa.Column('workingDirectory', mysql.VARCHAR(512), nullable=True),
    sa.Column('blSubSampleId', mysql.INTEGER(10, unsigned=True), nullable=True),
    sa.PrimaryKeyConstraint('xfeFluorescenceSpectrumId'),
    *_inline_foreign_keys('XFEFluorescenceSpectrum'),
    mysql_engine='InnoDB', mysql_charset='utf8mb4'
    )
    op.create_index('XFEFluorescnceSpectrum_FKIndex1', 'XFEFluorescenceSpectrum', ['blSampleId'], unique=False)
    op.create_index('XFEFluorescnceSpectrum_FKIndex2', 'XFEFluorescenceSpectrum', ['sessionId'], unique=False)
    op.create_index('XFE_ibfk_3', 'XFEFluorescenceSpectrum', ['blSubSampleId'], unique=False)
    op.create_table('Image',
    sa.Column('imageId', _key(10), autoincrement=True, nullable=False),
    sa.Column('dataCollectionId', mysql.INTEGER(10, unsigned=True), nullable=False, server_default=sa.text('0')),
    sa.Column('motorPositionId', mysql.INTEGER(10, unsigned=True), nullable=True),
    sa.Column('imageNumber', mysql.INTEGER(10, unsigned=True), nullable=True),
    sa.Column('fileName', mysql.VARCHAR(255), nullable=True),
    sa.Column('fileLocation', mysql.VARCHAR(255), nullable=True),
    sa.Column('measuredIntensity', mysql.FLOAT(), nullable=True),
    sa.Column('jpegFileFullPath', mysql.VARCHAR(255), nullable=True),
    sa.Column('jpegThumbnailFileFullPath', mysql.VARCHAR(255), nullable=True),
    sa.Column('temperature', mysql.FLOAT(), nullable=True),
    sa.Column('cumulativeIntensity', mysql.FLOAT(), nullable=True),
    sa.Column('synchrotronCurrent', mysql.FLOAT(), nullable=True),
    sa.Column('comments', mysql.VARCHAR(1024), nullable=True),
    sa.Column('machineMessage', mysql.VARCHAR(1024), nullable=True),
    sa.Column('recordTimeStamp', mysql.TIMESTAMP(), nullable=False, server_default=sa.text('CURRENT_TIMESTAMP'), comment='Creation or last update date/time'),
    sa.PrimaryKeyConstraint('imageId'),
    *_inline_foreign_keys('Image'),
    mysql_engine='InnoDB', mysql_charset='utf8mb4'
    )
    op.create_index('Image_FKIndex1', 'Image', ['dataCollectionId'], unique=False)
    op.create_index('Image_FKIndex2', 'Image', ['imageNumber'], unique=False)
    op.create_index('Image_Index3', 'Image', ['fileLocation', 'fileName'], unique=False)
    op.create_index('motorPositionId', 'Image', ['motorPositionId'], unique=False)
    op.create_table('WorkflowMesh',
    sa.Column('workflowMeshId', _key(10), autoincrement=True, nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('workflowId', mysql.INTEGER(10, unsigned=True), nullable=False, comment='Related workflow'),
    sa.Column('bestPositionId', mysql.INTEGER(10, unsigned=True), nullable=True),
    sa.Column('bestImageId', mysql.INTEGER(10, unsigned=True), nullable=True),
    sa.Column('value1', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('value2', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('value3', mysql.DOUBLE(asdecimal=False), nullable=True, comment='N value'),
    sa.Column('value4', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('cartographyPath', mysql.VARCHAR(255), nullable=True),
    sa.Column('recordTimeStamp', mysql.TIMESTAMP(), nullable=False, server_default=sa.text('CURRENT_TIMESTAMP'), comment='Creation or last update date/time'),
    sa.PrimaryKeyConstraint('workflowMeshId'),
    *_inline_foreign_keys('WorkflowMesh'),
    mysql_engine='InnoDB', mysql_charset='utf8mb4'
    )
    op.create_index('WorkflowMesh_FKIndex1', 'WorkflowMesh', ['workflowId'], unique=False)
    op.create_index('bestPositionId', 'WorkflowMesh', ['bestPositionId'], unique=False)
    op.create_index('bestImageId', 'WorkflowMesh', ['bestImageId'], unique=False)
    op.create_table('GridInfo',
    sa.Column('gridInfoId', _key(10), autoincrement=True, nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('workflowMeshId', mysql.INTEGER(10, unsigned=True), nullable=True),
    sa.Column('xOffset', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('yOffset', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('dx_mm', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('dy_mm', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('steps_x', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('steps_y', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('meshAngle', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('recordTimeStamp', mysql.TIMESTAMP(), nullable=False, server_default=sa.text('CURRENT_TIMESTAMP'), comment='Creation or last update date/time'),
    sa.Column('orientation', sa.Enum('vertical', 'horizontal'), nullable=True, server_default=sa.text("'horizontal'")),
    sa.Column('dataCollectionGroupId', mysql.INTEGER(11), nullable=True),
    sa.Column('pixelspermicronX', mysql.FLOAT(), nullable=True),
    sa.Column('pixelspermicronY', mysql.FLOAT(), nullable=True),
    sa.Column('snapshot_offsetxpixel', mysql.FLOAT(), nullable=True),
    sa.Column('snapshot_offsetypixel', mysql.FLOAT(), nullable=True),
    sa.PrimaryKeyConstraint('gridInfoId'),
    *_inline_foreign_keys('GridInfo'),
    mysql_engine='InnoDB', mysql_charset='utf8mb4'
    )
    op.create_index('workflowMeshId', 'GridInfo', ['workflowMeshId'], unique=False)
    op.create_index('GridInfo_ibfk_2', 'GridInfo', ['dataCollectionGroupId'], unique=False)
    op.create_table('WorkflowStep',
    sa.Column('workflowStepId', _key(11, unsigned=False), autoincrement=True, nullable=False),
    sa.Column('workflowId', mysql.INTEGER(10, unsigned=True), nullable=False),
    sa.Column('workflowStepType', mysql.VARCHAR(45), nullable=True),
    sa.Column('status', mysql.VARCHAR(45), nullable=True),
    sa.Column('folderPath', mysql.VARCHAR(1024), nullable=True),
    sa.Column('imageResultFilePath', mysql.VARCHAR(1024), nullable=True),
    sa.Column('htmlResultFilePath', mysql.VARCHAR(1024), nullable=True),
    sa.Column('resultFilePath', mysql.VARCHAR(1024), nullable=True),
    sa.Column('comments', mysql.VARCHAR(2048), nullable=True),
    sa.Column('crystalSizeX', mysql.VARCHAR(45), nullable=True),
    sa.Column('crystalSizeY', mysql.VARCHAR(45), nullable=True),
    sa.Column('crystalSizeZ', mysql.VARCHAR(45), nullable=True),
    sa.Column('maxDozorScore', mysql.VARCHAR(45), nullable=True),
    sa.Column('recordTimeStamp', mysql.TIMESTAMP(), nullable=True),
    sa.PrimaryKeyConstraint('workflowStepId'),
    *_inline_foreign_keys('WorkflowStep'),
    mysql_engine='InnoDB', mysql_charset='utf8mb4'
    )
    op.create_index('step_to_workflow_fk_idx', 'WorkflowStep', ['workflowId'], unique=False)

    if not _sqlite():
        for fk in FOREIGN_KEYS:
            op.create_foreign_key(
                fk.name,
                fk.table,
                fk.referred_table,
                fk.columns,
                fk.referred_columns,
                ondelete=fk.ondelete,
                onupdate=fk.onupdate,
            )


def downgrade() -> None:
    """Drop every table, children first (their foreign keys go with them)."""
    for table in (
        'GridInfo', 'WorkflowMesh', 'WorkflowStep', 'Image', 'BLSample_has_EnergyScan',
        'EnergyScan', 'XFEFluorescenceSpectrum', 'RobotAction',
    ):
        op.drop_table(table)
    op.drop_table('AutoProcScaling_has_Int')
    op.drop_table('MotionCorrection')
    op.drop_table('AutoProcIntegration')
    op.drop_table('Movie')
    op.drop_table('AutoProcProgram')
    op.drop_table('DataCollection')
    op.drop_table('ScreeningStrategySubWedge')
    op.drop_table('ScreeningStrategyWedge')
    op.drop_table('ScreeningStrategy')
    op.drop_table('ScreeningOutputLattice')
    op.drop_table('ScreeningRank')
    op.drop_table('ScreeningOutput')
    op.drop_table('ScreeningInput')
    op.drop_table('Screening')
    op.drop_table('DataCollectionGroup')
    op.drop_table('BLSample')
    op.drop_table('Session_has_Person')
    op.drop_table('Crystal')
    op.drop_table('Protein')
    op.drop_table('ProposalHasPerson')
    op.drop_table('BLSession')
    op.drop_table('AutoProcScalingStatistics')
    op.drop_table('UserGroup_has_Person')
    op.drop_table('UserGroup_has_Permission')
    op.drop_table('Proposal')
    op.drop_table('AutoProcScaling')
    op.drop_table('UserGroup')
    op.drop_table('ScreeningRankSet')
    op.drop_table('SchemaStatus')
    op.drop_table('Person')
    op.drop_table('Permission')
    op.drop_table('CTF')
    op.drop_table('AutoProc')
    for table in ('Workflow', 'Detector', 'BeamLineSetup'):
        op.drop_table(table)
