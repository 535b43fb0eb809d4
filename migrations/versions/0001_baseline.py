"""ISPyB baseline: the tables the gateway maps, as the official schema defines them.

On an existing ISPyB database do not run this: `ispyb-gateway db adopt` checks
the live schema and stamps this revision instead.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-11-24 04:16:39.197884
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = '0001_baseline'
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _zero_date() -> sa.TextClause:
    """The official zero-date default; SQLite (the demo) cannot read it back, so it gets now."""
    if op.get_context().dialect.name == "sqlite":
        return sa.text("CURRENT_TIMESTAMP")
    return sa.text("'0000-00-00 00:00:00'")


def upgrade() -> None:
    op.create_table('AutoProc',
    sa.Column('autoProcId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('autoProcProgramId', mysql.INTEGER(display_width=10), nullable=True, comment='Related program item'),
    sa.Column('spaceGroup', mysql.VARCHAR(length=45), nullable=True, comment='Space group'),
    sa.Column('refinedCell_a', mysql.FLOAT(), nullable=True, comment='Refined cell'),
    sa.Column('refinedCell_b', mysql.FLOAT(), nullable=True, comment='Refined cell'),
    sa.Column('refinedCell_c', mysql.FLOAT(), nullable=True, comment='Refined cell'),
    sa.Column('refinedCell_alpha', mysql.FLOAT(), nullable=True, comment='Refined cell'),
    sa.Column('refinedCell_beta', mysql.FLOAT(), nullable=True, comment='Refined cell'),
    sa.Column('refinedCell_gamma', mysql.FLOAT(), nullable=True, comment='Refined cell'),
    sa.Column('recordTimeStamp', mysql.DATETIME(), nullable=True, comment='Creation or last update date/time'),
    sa.PrimaryKeyConstraint('autoProcId')
    )
    op.create_index('ix_AutoProc_autoProcProgramId', 'AutoProc', ['autoProcProgramId'], unique=False)
    op.create_table('CTF',
    sa.Column('CTFid', sa.Integer().with_variant(mysql.INTEGER(display_width=11), 'mariadb').with_variant(mysql.INTEGER(display_width=11), 'mysql'), nullable=False),
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
    sa.PrimaryKeyConstraint('CTFid')
    )
    op.create_index('ix_CTF_motionCorrectionId', 'CTF', ['motionCorrectionId'], unique=False)
    op.create_table('Permission',
    sa.Column('permissionId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('type', mysql.VARCHAR(length=15), nullable=False),
    sa.Column('description', mysql.VARCHAR(length=100), nullable=True),
    sa.PrimaryKeyConstraint('permissionId')
    )
    op.create_table('Person',
    sa.Column('personId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('laboratoryId', mysql.INTEGER(display_width=10), nullable=True),
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
    sa.PrimaryKeyConstraint('personId')
    )
    op.create_index('ix_Person_familyName', 'Person', ['familyName'], unique=False)
    op.create_index('ix_Person_laboratoryId', 'Person', ['laboratoryId'], unique=False)
    op.create_index('ix_Person_login', 'Person', ['login'], unique=False)
    op.create_index('ix_Person_siteId', 'Person', ['siteId'], unique=False)
    op.create_table('SchemaStatus',
    sa.Column('schemaStatusId', sa.Integer().with_variant(mysql.INTEGER(display_width=11), 'mariadb').with_variant(mysql.INTEGER(display_width=11), 'mysql'), nullable=False),
    sa.Column('scriptName', mysql.VARCHAR(length=100), nullable=False),
    sa.Column('schemaStatus', mysql.VARCHAR(length=10), nullable=True),
    sa.Column('recordTimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.PrimaryKeyConstraint('schemaStatusId')
    )
    op.create_table('ScreeningRankSet',
    sa.Column('screeningRankSetId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('rankEngine', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('rankingProjectFileName', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('rankingSummaryFileName', mysql.VARCHAR(length=255), nullable=True),
    sa.PrimaryKeyConstraint('screeningRankSetId')
    )
    op.create_table('UserGroup',
    sa.Column('userGroupId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('name', mysql.VARCHAR(length=31), nullable=False),
    sa.PrimaryKeyConstraint('userGroupId')
    )
    op.create_table('AutoProcScaling',
    sa.Column('autoProcScalingId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('autoProcId', mysql.INTEGER(display_width=10), nullable=True, comment='Related autoProc item (used by foreign key)'),
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
    sa.ForeignKeyConstraint(['autoProcId'], ['AutoProc.autoProcId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('autoProcScalingId')
    )
    op.create_index('AutoProcScalingIdx1', 'AutoProcScaling', ['autoProcScalingId', 'autoProcId'], unique=False)
    op.create_index('ix_AutoProcScaling_autoProcId', 'AutoProcScaling', ['autoProcId'], unique=False)
    op.create_table('Proposal',
    sa.Column('proposalId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('personId', mysql.INTEGER(display_width=10), server_default=sa.text('0'), nullable=False),
    sa.Column('title', mysql.VARCHAR(length=2000), nullable=True),
    sa.Column('proposalCode', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('proposalNumber', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('proposalType', mysql.VARCHAR(length=2), nullable=True, comment='Proposal type: MX, BX'),
    sa.Column('bltimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('externalId', sa.BINARY(length=16), nullable=True),
    sa.Column('state', sa.Enum('Open', 'Closed', 'Cancelled'), server_default=sa.text("'Open'"), nullable=True),
    sa.ForeignKeyConstraint(['personId'], ['Person.personId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposalId')
    )
    op.create_index('Proposal_FKIndexCodeNumber', 'Proposal', ['proposalCode', 'proposalNumber'], unique=False)
    op.create_index('ix_Proposal_personId', 'Proposal', ['personId'], unique=False)
    op.create_table('UserGroup_has_Permission',
    sa.Column('userGroupId', mysql.INTEGER(display_width=10), autoincrement=False, nullable=False),
    sa.Column('permissionId', mysql.INTEGER(display_width=10), autoincrement=False, nullable=False),
    sa.ForeignKeyConstraint(['permissionId'], ['Permission.permissionId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['userGroupId'], ['UserGroup.userGroupId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('userGroupId', 'permissionId')
    )
    op.create_index('ix_UserGroup_has_Permission_permissionId', 'UserGroup_has_Permission', ['permissionId'], unique=False)
    op.create_table('UserGroup_has_Person',
    sa.Column('userGroupId', mysql.INTEGER(display_width=10), autoincrement=False, nullable=False),
    sa.Column('personId', mysql.INTEGER(display_width=10), autoincrement=False, nullable=False),
    sa.ForeignKeyConstraint(['personId'], ['Person.personId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['userGroupId'], ['UserGroup.userGroupId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('userGroupId', 'personId')
    )
    op.create_index('ix_UserGroup_has_Person_personId', 'UserGroup_has_Person', ['personId'], unique=False)
    op.create_table('AutoProcScalingStatistics',
    sa.Column('autoProcScalingStatisticsId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('autoProcScalingId', mysql.INTEGER(display_width=10), nullable=True, comment='Related autoProcScaling item (used by foreign key)'),
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
    sa.Column('anomalous', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=True, comment='boolean type:0 noanoum - 1 anoum'),
    sa.Column('ccHalf', mysql.FLOAT(), nullable=True, comment='information from XDS'),
    sa.Column('ccAno', mysql.FLOAT(), nullable=True),
    sa.Column('sigAno', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('isa', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('completenessSpherical', mysql.FLOAT(), nullable=True, comment='Completeness calculated assuming isotropic diffraction'),
    sa.Column('completenessEllipsoidal', mysql.FLOAT(), nullable=True, comment='Completeness calculated allowing for anisotropic diffraction'),
    sa.Column('anomalousCompletenessSpherical', mysql.FLOAT(), nullable=True, comment='Anomalous completeness calculated assuming isotropic diffraction'),
    sa.Column('anomalousCompletenessEllipsoidal', mysql.FLOAT(), nullable=True, comment='Anisotropic completeness calculated allowing for anisotropic diffraction'),
    sa.ForeignKeyConstraint(['autoProcScalingId'], ['AutoProcScaling.autoProcScalingId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('autoProcScalingStatisticsId')
    )
    op.create_index('ix_AutoProcScalingStatistics_autoProcScalingId', 'AutoProcScalingStatistics', ['autoProcScalingId'], unique=False)
    op.create_index('ix_AutoProcScalingStatistics_scalingStatisticsType', 'AutoProcScalingStatistics', ['scalingStatisticsType'], unique=False)
    op.create_table('BLSession',
    sa.Column('sessionId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('expSessionPk', mysql.INTEGER(display_width=10), nullable=True, comment='smis session Pk '),
    sa.Column('beamLineSetupId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('proposalId', mysql.INTEGER(display_width=10), server_default=sa.text('0'), nullable=False),
    sa.Column('projectCode', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('startDate', mysql.DATETIME(), nullable=True),
    sa.Column('endDate', mysql.DATETIME(), nullable=True),
    sa.Column('beamLineName', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('scheduled', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), nullable=True),
    sa.Column('nbShifts', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('comments', mysql.VARCHAR(length=2000), nullable=True),
    sa.Column('beamLineOperator', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('visit_number', mysql.INTEGER(display_width=10), server_default=sa.text('0'), nullable=True),
    sa.Column('bltimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('usedFlag', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), nullable=True, comment='indicates if session has Datacollections or XFE or EnergyScans attached'),
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
    sa.ForeignKeyConstraint(['proposalId'], ['Proposal.proposalId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sessionId')
    )
    op.create_index('ix_BLSession_beamLineName', 'BLSession', ['beamLineName'], unique=False)
    op.create_index('ix_BLSession_beamLineSetupId', 'BLSession', ['beamLineSetupId'], unique=False)
    op.create_index('ix_BLSession_endDate', 'BLSession', ['endDate'], unique=False)
    op.create_index('ix_BLSession_nbShifts', 'BLSession', ['nbShifts'], unique=False)
    op.create_index('ix_BLSession_operatorSiteNumber', 'BLSession', ['operatorSiteNumber'], unique=False)
    op.create_index('ix_BLSession_proposalId', 'BLSession', ['proposalId'], unique=False)
    op.create_index('ix_BLSession_startDate', 'BLSession', ['startDate'], unique=False)
    op.create_table('ProposalHasPerson',
    sa.Column('proposalHasPersonId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('proposalId', mysql.INTEGER(display_width=10), nullable=False),
    sa.Column('personId', mysql.INTEGER(display_width=10), nullable=False),
    sa.ForeignKeyConstraint(['personId'], ['Person.personId'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposalId'], ['Proposal.proposalId'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposalHasPersonId')
    )
    op.create_index('ix_ProposalHasPerson_personId', 'ProposalHasPerson', ['personId'], unique=False)
    op.create_index('ix_ProposalHasPerson_proposalId', 'ProposalHasPerson', ['proposalId'], unique=False)
    op.create_table('Protein',
    sa.Column('proteinId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('proposalId', mysql.INTEGER(display_width=10), server_default=sa.text('0'), nullable=False),
    sa.Column('name', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('acronym', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('description', mysql.TEXT(), nullable=True, comment='A description/summary using words and sentences'),
    sa.Column('hazardGroup', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=3), 'mariadb').with_variant(mysql.TINYINT(display_width=3), 'mysql'), server_default=sa.text('1'), nullable=False, comment='A.k.a. risk group'),
    sa.Column('containmentLevel', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=3), 'mariadb').with_variant(mysql.TINYINT(display_width=3), 'mysql'), server_default=sa.text('1'), nullable=False, comment='A.k.a. biosafety level, which indicates the level of containment required'),
    sa.Column('safetyLevel', sa.Enum('GREEN', 'YELLOW', 'RED'), nullable=True),
    sa.Column('molecularMass', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('proteinType', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('sequence', mysql.TEXT(), nullable=True),
    sa.Column('personId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('bltimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('isCreatedBySampleSheet', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=True),
    sa.Column('externalId', sa.BINARY(length=16), nullable=True),
    sa.Column('componentTypeId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('modId', mysql.VARCHAR(length=20), nullable=True),
    sa.Column('concentrationTypeId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('global', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=True),
    sa.ForeignKeyConstraint(['proposalId'], ['Proposal.proposalId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proteinId')
    )
    op.create_index('ProteinAcronym_Index', 'Protein', ['proposalId', 'acronym'], unique=False)
    op.create_index('ix_Protein_acronym', 'Protein', ['acronym'], unique=False)
    op.create_index('ix_Protein_componentTypeId', 'Protein', ['componentTypeId'], unique=False)
    op.create_index('ix_Protein_personId', 'Protein', ['personId'], unique=False)
    op.create_index('ix_Protein_proposalId', 'Protein', ['proposalId'], unique=False)
    op.create_table('Crystal',
    sa.Column('crystalId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('diffractionPlanId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('proteinId', mysql.INTEGER(display_width=10), server_default=sa.text('0'), nullable=False),
    sa.Column('crystalUUID', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('name', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('spaceGroup', mysql.VARCHAR(length=20), nullable=True),
    sa.Column('morphology', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('color', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('size_X', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('size_Y', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('size_Z', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('cell_a', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('cell_b', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('cell_c', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('cell_alpha', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('cell_beta', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('cell_gamma', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('comments', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('pdbFileName', mysql.VARCHAR(length=255), nullable=True, comment='pdb file name'),
    sa.Column('pdbFilePath', mysql.VARCHAR(length=1024), nullable=True, comment='pdb file path'),
    sa.Column('recordTimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False, comment='Creation or last update date/time'),
    sa.Column('abundance', mysql.FLOAT(), nullable=True),
    sa.Column('packingFraction', mysql.FLOAT(), nullable=True),
    sa.ForeignKeyConstraint(['proteinId'], ['Protein.proteinId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('crystalId')
    )
    op.create_index('ix_Crystal_diffractionPlanId', 'Crystal', ['diffractionPlanId'], unique=False)
    op.create_index('ix_Crystal_proteinId', 'Crystal', ['proteinId'], unique=False)
    op.create_table('Session_has_Person',
    sa.Column('sessionId', mysql.INTEGER(display_width=10), server_default=sa.text('0'), autoincrement=False, nullable=False),
    sa.Column('personId', mysql.INTEGER(display_width=10), server_default=sa.text('0'), autoincrement=False, nullable=False),
    sa.Column('role', sa.Enum('Local Contact', 'Local Contact 2', 'Staff', 'Team Leader', 'Co-Investigator', 'Principal Investigator', 'Alternate Contact'), nullable=True),
    sa.Column('remote', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=True),
    sa.ForeignKeyConstraint(['personId'], ['Person.personId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sessionId'], ['BLSession.sessionId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sessionId', 'personId')
    )
    op.create_index('ix_Session_has_Person_personId', 'Session_has_Person', ['personId'], unique=False)
    op.create_index('ix_Session_has_Person_sessionId', 'Session_has_Person', ['sessionId'], unique=False)
    op.create_table('BLSample',
    sa.Column('blSampleId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('diffractionPlanId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('crystalId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('containerId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('name', mysql.VARCHAR(length=100), nullable=True),
    sa.Column('code', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('location', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('holderLength', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('loopLength', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('loopType', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('wireWidth', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('comments', mysql.VARCHAR(length=1024), nullable=True),
    sa.Column('completionStage', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('structureStage', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('publicationStage', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('publicationComments', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('blSampleStatus', mysql.VARCHAR(length=20), nullable=True),
    sa.Column('isInSampleChanger', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), nullable=True),
    sa.Column('lastKnownCenteringPosition', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('recordTimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False, comment='Creation or last update date/time'),
    sa.Column('SMILES', mysql.VARCHAR(length=400), nullable=True, comment='the symbolic description of the structure of a chemical compound'),
    sa.Column('lastImageURL', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('positionId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('blSubSampleId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('screenComponentGroupId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('volume', mysql.FLOAT(), nullable=True),
    sa.Column('dimension1', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('dimension2', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('dimension3', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('shape', mysql.VARCHAR(length=15), nullable=True),
    sa.Column('subLocation', mysql.SMALLINT(display_width=5), nullable=True, comment="Indicates the sample's location on a multi-sample pin, where 1 is closest to the pin base"),
    sa.ForeignKeyConstraint(['crystalId'], ['Crystal.crystalId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('blSampleId')
    )
    op.create_index('crystalId', 'BLSample', ['crystalId', 'containerId'], unique=False)
    op.create_index('ix_BLSample_blSampleStatus', 'BLSample', ['blSampleStatus'], unique=False)
    op.create_index('ix_BLSample_containerId', 'BLSample', ['containerId'], unique=False)
    op.create_index('ix_BLSample_crystalId', 'BLSample', ['crystalId'], unique=False)
    op.create_index('ix_BLSample_diffractionPlanId', 'BLSample', ['diffractionPlanId'], unique=False)
    op.create_index('ix_BLSample_name', 'BLSample', ['name'], unique=False)
    op.create_index('ix_BLSample_screenComponentGroupId', 'BLSample', ['screenComponentGroupId'], unique=False)
    op.create_table('DataCollectionGroup',
    sa.Column('dataCollectionGroupId', sa.Integer().with_variant(mysql.INTEGER(display_width=11), 'mariadb').with_variant(mysql.INTEGER(display_width=11), 'mysql'), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('blSampleId', mysql.INTEGER(display_width=10), nullable=True, comment='references BLSample table'),
    sa.Column('sessionId', mysql.INTEGER(display_width=10), nullable=False, comment='references Session table'),
    sa.Column('workflowId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('experimentType', sa.Enum('EM', 'SAD', 'SAD - Inverse Beam', 'OSC', 'Collect - Multiwedge', 'MAD', 'Helical', 'Multi-positional', 'Mesh', 'Burn', 'MAD - Inverse Beam', 'Characterization', 'Dehydration', 'Still', 'SSX-Chip', 'SSX-Jet', 'LineScan', 'GphNative'), nullable=True),
    sa.Column('startTime', mysql.DATETIME(), nullable=True, comment='Start time of the dataCollectionGroup'),
    sa.Column('endTime', mysql.DATETIME(), nullable=True, comment='end time of the dataCollectionGroup'),
    sa.Column('crystalClass', mysql.VARCHAR(length=20), nullable=True, comment='Crystal Class for industrials users'),
    sa.Column('comments', mysql.VARCHAR(length=1024), nullable=True, comment='comments'),
    sa.Column('detectorMode', mysql.VARCHAR(length=255), nullable=True, comment='Detector mode'),
    sa.Column('actualSampleBarcode', mysql.VARCHAR(length=45), nullable=True, comment='Actual sample barcode'),
    sa.Column('actualSampleSlotInContainer', mysql.INTEGER(display_width=10), nullable=True, comment='Actual sample slot number in container'),
    sa.Column('actualContainerBarcode', mysql.VARCHAR(length=45), nullable=True, comment='Actual container barcode'),
    sa.Column('actualContainerSlotInSC', mysql.INTEGER(display_width=10), nullable=True, comment='Actual container slot number in sample changer'),
    sa.Column('xtalSnapshotFullPath', mysql.VARCHAR(length=255), nullable=True),
    sa.ForeignKeyConstraint(['blSampleId'], ['BLSample.blSampleId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sessionId'], ['BLSession.sessionId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dataCollectionGroupId')
    )
    op.create_index('ix_DataCollectionGroup_blSampleId', 'DataCollectionGroup', ['blSampleId'], unique=False)
    op.create_index('ix_DataCollectionGroup_sessionId', 'DataCollectionGroup', ['sessionId'], unique=False)
    op.create_index('ix_DataCollectionGroup_workflowId', 'DataCollectionGroup', ['workflowId'], unique=False)
    op.create_table('Screening',
    sa.Column('screeningId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('diffractionPlanId', mysql.INTEGER(display_width=10), nullable=True, comment='references DiffractionPlan'),
    sa.Column('dataCollectionGroupId', mysql.INTEGER(display_width=11), nullable=True),
    sa.Column('dataCollectionId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('bltimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('programVersion', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('comments', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('shortComments', mysql.VARCHAR(length=20), nullable=True),
    sa.Column('xmlSampleInformation', sa.LargeBinary().with_variant(mysql.LONGBLOB(), 'mariadb').with_variant(mysql.LONGBLOB(), 'mysql'), nullable=True),
    sa.ForeignKeyConstraint(['dataCollectionGroupId'], ['DataCollectionGroup.dataCollectionGroupId'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('screeningId')
    )
    op.create_index('ix_Screening_dataCollectionGroupId', 'Screening', ['dataCollectionGroupId'], unique=False)
    op.create_index('ix_Screening_diffractionPlanId', 'Screening', ['diffractionPlanId'], unique=False)
    op.create_table('ScreeningInput',
    sa.Column('screeningInputId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('screeningId', mysql.INTEGER(display_width=10), server_default=sa.text('0'), nullable=False),
    sa.Column('diffractionPlanId', mysql.INTEGER(display_width=11), nullable=True, comment='references DiffractionPlan table'),
    sa.Column('beamX', mysql.FLOAT(), nullable=True),
    sa.Column('beamY', mysql.FLOAT(), nullable=True),
    sa.Column('rmsErrorLimits', mysql.FLOAT(), nullable=True),
    sa.Column('minimumFractionIndexed', mysql.FLOAT(), nullable=True),
    sa.Column('maximumFractionRejected', mysql.FLOAT(), nullable=True),
    sa.Column('minimumSignalToNoise', mysql.FLOAT(), nullable=True),
    sa.Column('xmlSampleInformation', sa.LargeBinary().with_variant(mysql.LONGBLOB(), 'mariadb').with_variant(mysql.LONGBLOB(), 'mysql'), nullable=True),
    sa.ForeignKeyConstraint(['screeningId'], ['Screening.screeningId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('screeningInputId')
    )
    op.create_index('ix_ScreeningInput_screeningId', 'ScreeningInput', ['screeningId'], unique=False)
    op.create_table('ScreeningOutput',
    sa.Column('screeningOutputId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('screeningId', mysql.INTEGER(display_width=10), server_default=sa.text('0'), nullable=False),
    sa.Column('statusDescription', mysql.VARCHAR(length=1024), nullable=True),
    sa.Column('rejectedReflections', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('resolutionObtained', mysql.FLOAT(), nullable=True),
    sa.Column('spotDeviationR', mysql.FLOAT(), nullable=True),
    sa.Column('spotDeviationTheta', mysql.FLOAT(), nullable=True),
    sa.Column('beamShiftX', mysql.FLOAT(), nullable=True),
    sa.Column('beamShiftY', mysql.FLOAT(), nullable=True),
    sa.Column('numSpotsFound', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('numSpotsUsed', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('numSpotsRejected', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('mosaicity', mysql.FLOAT(), nullable=True),
    sa.Column('iOverSigma', mysql.FLOAT(), nullable=True),
    sa.Column('diffractionRings', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), nullable=True),
    sa.Column('strategySuccess', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=False),
    sa.Column('mosaicityEstimated', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=False),
    sa.Column('rankingResolution', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('program', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('doseTotal', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('totalExposureTime', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('totalRotationRange', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('totalNumberOfImages', mysql.INTEGER(display_width=11), nullable=True),
    sa.Column('rFriedel', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('indexingSuccess', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=False),
    sa.Column('screeningSuccess', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=True),
    sa.ForeignKeyConstraint(['screeningId'], ['Screening.screeningId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('screeningOutputId')
    )
    op.create_index('ix_ScreeningOutput_screeningId', 'ScreeningOutput', ['screeningId'], unique=False)
    op.create_table('ScreeningRank',
    sa.Column('screeningRankId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('screeningRankSetId', mysql.INTEGER(display_width=10), server_default=sa.text('0'), nullable=False),
    sa.Column('screeningId', mysql.INTEGER(display_width=10), server_default=sa.text('0'), nullable=False),
    sa.Column('rankValue', mysql.FLOAT(), nullable=True),
    sa.Column('rankInformation', mysql.VARCHAR(length=1024), nullable=True),
    sa.ForeignKeyConstraint(['screeningId'], ['Screening.screeningId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['screeningRankSetId'], ['ScreeningRankSet.screeningRankSetId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('screeningRankId')
    )
    op.create_index('ix_ScreeningRank_screeningId', 'ScreeningRank', ['screeningId'], unique=False)
    op.create_index('ix_ScreeningRank_screeningRankSetId', 'ScreeningRank', ['screeningRankSetId'], unique=False)
    op.create_table('ScreeningOutputLattice',
    sa.Column('screeningOutputLatticeId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('screeningOutputId', mysql.INTEGER(display_width=10), server_default=sa.text('0'), nullable=False),
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
    sa.Column('labelitIndexing', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=True),
    sa.ForeignKeyConstraint(['screeningOutputId'], ['ScreeningOutput.screeningOutputId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('screeningOutputLatticeId')
    )
    op.create_index('ix_ScreeningOutputLattice_screeningOutputId', 'ScreeningOutputLattice', ['screeningOutputId'], unique=False)
    op.create_table('ScreeningStrategy',
    sa.Column('screeningStrategyId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False),
    sa.Column('screeningOutputId', mysql.INTEGER(display_width=10), server_default=sa.text('0'), nullable=False),
    sa.Column('phiStart', mysql.FLOAT(), nullable=True),
    sa.Column('phiEnd', mysql.FLOAT(), nullable=True),
    sa.Column('rotation', mysql.FLOAT(), nullable=True),
    sa.Column('exposureTime', mysql.FLOAT(), nullable=True),
    sa.Column('resolution', mysql.FLOAT(), nullable=True),
    sa.Column('completeness', mysql.FLOAT(), nullable=True),
    sa.Column('multiplicity', mysql.FLOAT(), nullable=True),
    sa.Column('anomalous', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=False),
    sa.Column('program', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('rankingResolution', mysql.FLOAT(), nullable=True),
    sa.Column('transmission', mysql.FLOAT(), nullable=True, comment='Transmission for the strategy as given by the strategy program.'),
    sa.ForeignKeyConstraint(['screeningOutputId'], ['ScreeningOutput.screeningOutputId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('screeningStrategyId')
    )
    op.create_index('ix_ScreeningStrategy_screeningOutputId', 'ScreeningStrategy', ['screeningOutputId'], unique=False)
    op.create_table('ScreeningStrategyWedge',
    sa.Column('screeningStrategyWedgeId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False, comment='Primary key'),
    sa.Column('screeningStrategyId', mysql.INTEGER(display_width=10), nullable=True, comment='Foreign key to parent table'),
    sa.Column('wedgeNumber', mysql.INTEGER(display_width=10), nullable=True, comment='The number of this wedge within the strategy'),
    sa.Column('resolution', mysql.FLOAT(), nullable=True),
    sa.Column('completeness', mysql.FLOAT(), nullable=True),
    sa.Column('multiplicity', mysql.FLOAT(), nullable=True),
    sa.Column('doseTotal', mysql.FLOAT(), nullable=True, comment='Total dose for this wedge'),
    sa.Column('numberOfImages', mysql.INTEGER(display_width=10), nullable=True, comment='Number of images for this wedge'),
    sa.Column('phi', mysql.FLOAT(), nullable=True),
    sa.Column('kappa', mysql.FLOAT(), nullable=True),
    sa.Column('chi', mysql.FLOAT(), nullable=True),
    sa.Column('comments', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('wavelength', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.ForeignKeyConstraint(['screeningStrategyId'], ['ScreeningStrategy.screeningStrategyId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('screeningStrategyWedgeId')
    )
    op.create_index('ix_ScreeningStrategyWedge_screeningStrategyId', 'ScreeningStrategyWedge', ['screeningStrategyId'], unique=False)
    op.create_table('ScreeningStrategySubWedge',
    sa.Column('screeningStrategySubWedgeId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False, comment='Primary key'),
    sa.Column('screeningStrategyWedgeId', mysql.INTEGER(display_width=10), nullable=True, comment='Foreign key to parent table'),
    sa.Column('subWedgeNumber', mysql.INTEGER(display_width=10), nullable=True, comment='The number of this subwedge within the wedge'),
    sa.Column('rotationAxis', mysql.VARCHAR(length=45), nullable=True, comment='Angle where subwedge starts'),
    sa.Column('axisStart', mysql.FLOAT(), nullable=True, comment='Angle where subwedge ends'),
    sa.Column('axisEnd', mysql.FLOAT(), nullable=True, comment='Exposure time for subwedge'),
    sa.Column('exposureTime', mysql.FLOAT(), nullable=True, comment='Transmission for subwedge'),
    sa.Column('transmission', mysql.FLOAT(), nullable=True),
    sa.Column('oscillationRange', mysql.FLOAT(), nullable=True),
    sa.Column('completeness', mysql.FLOAT(), nullable=True),
    sa.Column('multiplicity', mysql.FLOAT(), nullable=True),
    sa.Column('doseTotal', mysql.FLOAT(), nullable=True, comment='Total dose for this subwedge'),
    sa.Column('numberOfImages', mysql.INTEGER(display_width=10), nullable=True, comment='Number of images for this subwedge'),
    sa.Column('comments', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('resolution', mysql.FLOAT(), nullable=True),
    sa.ForeignKeyConstraint(['screeningStrategyWedgeId'], ['ScreeningStrategyWedge.screeningStrategyWedgeId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('screeningStrategySubWedgeId')
    )
    op.create_index('ix_ScreeningStrategySubWedge_screeningStrategyWedgeId', 'ScreeningStrategySubWedge', ['screeningStrategyWedgeId'], unique=False)
    op.create_table('DataCollection',
    sa.Column('dataCollectionId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('dataCollectionGroupId', mysql.INTEGER(display_width=11), nullable=False, comment='references DataCollectionGroup table'),
    sa.Column('strategySubWedgeOrigId', mysql.INTEGER(display_width=10), nullable=True, comment='references ScreeningStrategySubWedge table'),
    sa.Column('detectorId', mysql.INTEGER(display_width=11), nullable=True, comment='references Detector table'),
    sa.Column('blSubSampleId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('startPositionId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('endPositionId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('dataCollectionNumber', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('startTime', mysql.DATETIME(), nullable=True, comment='Start time of the dataCollection'),
    sa.Column('endTime', mysql.DATETIME(), nullable=True, comment='end time of the dataCollection'),
    sa.Column('runStatus', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('axisStart', mysql.FLOAT(), nullable=True),
    sa.Column('axisEnd', mysql.FLOAT(), nullable=True),
    sa.Column('axisRange', mysql.FLOAT(), nullable=True),
    sa.Column('overlap', mysql.FLOAT(), nullable=True),
    sa.Column('numberOfImages', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('startImageNumber', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('numberOfPasses', mysql.INTEGER(display_width=10), nullable=True),
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
    sa.Column('printableForReport', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=3), 'mariadb').with_variant(mysql.TINYINT(display_width=3), 'mysql'), server_default=sa.text('1'), nullable=True),
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
    sa.Column('flux', mysql.DOUBLE(asdecimal=False), nullable=True),
    sa.Column('flux_end', mysql.DOUBLE(asdecimal=False), nullable=True, comment='flux measured after the collect'),
    sa.Column('totalAbsorbedDose', mysql.DOUBLE(asdecimal=False), nullable=True, comment='expected dose delivered to the crystal, EDNA'),
    sa.Column('bestWilsonPlotPath', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('imageQualityIndicatorsPlotPath', mysql.VARCHAR(length=512), nullable=True),
    sa.Column('imageQualityIndicatorsCSVPath', mysql.VARCHAR(length=512), nullable=True),
    sa.Column('blSampleId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('sessionId', mysql.INTEGER(display_width=10), server_default=sa.text('0'), nullable=True),
    sa.Column('experimentType', mysql.VARCHAR(length=24), nullable=True),
    sa.Column('crystalClass', mysql.VARCHAR(length=20), nullable=True),
    sa.Column('chiStart', mysql.FLOAT(), nullable=True),
    sa.Column('detectorMode', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('actualSampleBarcode', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('actualSampleSlotInContainer', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('actualContainerBarcode', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('actualContainerSlotInSC', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('positionId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('focalSpotSizeAtSampleX', mysql.FLOAT(), nullable=True),
    sa.Column('polarisation', mysql.FLOAT(), nullable=True),
    sa.Column('focalSpotSizeAtSampleY', mysql.FLOAT(), nullable=True),
    sa.Column('apertureId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('screeningOrigId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('processedDataFile', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('datFullPath', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('magnification', mysql.INTEGER(display_width=11), nullable=True, comment='Unit: X'),
    sa.Column('binning', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('1'), nullable=True, comment='1 or 2. Number of pixels to process as 1. (Use mean value.)'),
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
    sa.ForeignKeyConstraint(['dataCollectionGroupId'], ['DataCollectionGroup.dataCollectionGroupId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['strategySubWedgeOrigId'], ['ScreeningStrategySubWedge.screeningStrategySubWedgeId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dataCollectionId')
    )
    op.create_index('ix_DataCollection_blSubSampleId', 'DataCollection', ['blSubSampleId'], unique=False)
    op.create_index('ix_DataCollection_dataCollectionGroupId', 'DataCollection', ['dataCollectionGroupId'], unique=False)
    op.create_index('ix_DataCollection_dataCollectionNumber', 'DataCollection', ['dataCollectionNumber'], unique=False)
    op.create_index('ix_DataCollection_detectorId', 'DataCollection', ['detectorId'], unique=False)
    op.create_index('ix_DataCollection_endPositionId', 'DataCollection', ['endPositionId'], unique=False)
    op.create_index('ix_DataCollection_imageDirectory', 'DataCollection', ['imageDirectory'], unique=False)
    op.create_index('ix_DataCollection_imagePrefix', 'DataCollection', ['imagePrefix'], unique=False)
    op.create_index('ix_DataCollection_startPositionId', 'DataCollection', ['startPositionId'], unique=False)
    op.create_index('ix_DataCollection_startTime', 'DataCollection', ['startTime'], unique=False)
    op.create_index('ix_DataCollection_strategySubWedgeOrigId', 'DataCollection', ['strategySubWedgeOrigId'], unique=False)
    op.create_table('AutoProcProgram',
    sa.Column('autoProcProgramId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('dataCollectionId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('processingCommandLine', mysql.VARCHAR(length=255), nullable=True, comment='Command line for running the automatic processing'),
    sa.Column('processingPrograms', mysql.VARCHAR(length=255), nullable=True, comment='Processing programs (comma separated)'),
    sa.Column('processingStatus', sa.Enum('RUNNING', 'FAILED', 'SUCCESS', '0', '1'), nullable=True, comment='success (1) / fail (0)'),
    sa.Column('processingMessage', mysql.VARCHAR(length=255), nullable=True, comment='warning, error,...'),
    sa.Column('processingStartTime', mysql.DATETIME(), nullable=True, comment='Processing start time'),
    sa.Column('processingEndTime', mysql.DATETIME(), nullable=True, comment='Processing end time'),
    sa.Column('processingEnvironment', mysql.VARCHAR(length=255), nullable=True, comment='Cpus, Nodes,...'),
    sa.Column('recordTimeStamp', mysql.DATETIME(), nullable=True, comment='Creation or last update date/time'),
    sa.ForeignKeyConstraint(['dataCollectionId'], ['DataCollection.dataCollectionId'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('autoProcProgramId')
    )
    op.create_index('ix_AutoProcProgram_dataCollectionId', 'AutoProcProgram', ['dataCollectionId'], unique=False)
    op.create_table('Movie',
    sa.Column('movieId', sa.Integer().with_variant(mysql.INTEGER(display_width=11), 'mariadb').with_variant(mysql.INTEGER(display_width=11), 'mysql'), nullable=False),
    sa.Column('dataCollectionId', mysql.INTEGER(display_width=10), nullable=True),
    sa.Column('movieNumber', mysql.INTEGER(display_width=11), nullable=True),
    sa.Column('movieFullPath', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('positionX', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('positionY', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('micrographFullPath', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('micrographSnapshotFullPath', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('xmlMetaDataFullPath', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('dosePerImage', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('createdTimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['dataCollectionId'], ['DataCollection.dataCollectionId'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('movieId')
    )
    op.create_index('ix_Movie_dataCollectionId', 'Movie', ['dataCollectionId'], unique=False)
    op.create_index('ix_Movie_movieFullPath', 'Movie', ['movieFullPath'], unique=False)
    op.create_table('AutoProcIntegration',
    sa.Column('autoProcIntegrationId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('dataCollectionId', mysql.INTEGER(display_width=10), nullable=False, comment='DataCollection item'),
    sa.Column('autoProcProgramId', mysql.INTEGER(display_width=10), nullable=True, comment='Related program item'),
    sa.Column('startImageNumber', mysql.INTEGER(display_width=10), nullable=True, comment='start image number'),
    sa.Column('endImageNumber', mysql.INTEGER(display_width=10), nullable=True, comment='end image number'),
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
    sa.Column('anomalous', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=True, comment='boolean type:0 noanoum - 1 anoum'),
    sa.ForeignKeyConstraint(['autoProcProgramId'], ['AutoProcProgram.autoProcProgramId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['dataCollectionId'], ['DataCollection.dataCollectionId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('autoProcIntegrationId')
    )
    op.create_index('ix_AutoProcIntegration_autoProcProgramId', 'AutoProcIntegration', ['autoProcProgramId'], unique=False)
    op.create_index('ix_AutoProcIntegration_dataCollectionId', 'AutoProcIntegration', ['dataCollectionId'], unique=False)
    op.create_table('MotionCorrection',
    sa.Column('motionCorrectionId', sa.Integer().with_variant(mysql.INTEGER(display_width=11), 'mariadb').with_variant(mysql.INTEGER(display_width=11), 'mysql'), nullable=False),
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
    sa.ForeignKeyConstraint(['movieId'], ['Movie.movieId'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('motionCorrectionId')
    )
    op.create_index('ix_MotionCorrection_movieId', 'MotionCorrection', ['movieId'], unique=False)
    op.create_table('AutoProcScaling_has_Int',
    sa.Column('autoProcScaling_has_IntId', sa.Integer().with_variant(mysql.INTEGER(display_width=10), 'mariadb').with_variant(mysql.INTEGER(display_width=10), 'mysql'), nullable=False, comment='Primary key (auto-incremented)'),
    sa.Column('autoProcScalingId', mysql.INTEGER(display_width=10), nullable=True, comment='AutoProcScaling item'),
    sa.Column('autoProcIntegrationId', mysql.INTEGER(display_width=10), nullable=False, comment='AutoProcIntegration item'),
    sa.Column('recordTimeStamp', mysql.DATETIME(), nullable=True, comment='Creation or last update date/time'),
    sa.ForeignKeyConstraint(['autoProcIntegrationId'], ['AutoProcIntegration.autoProcIntegrationId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['autoProcScalingId'], ['AutoProcScaling.autoProcScalingId'], onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('autoProcScaling_has_IntId')
    )
    op.create_index('AutoProcScalingHasInt_FKIndex3', 'AutoProcScaling_has_Int', ['autoProcScalingId', 'autoProcIntegrationId'], unique=False)
    op.create_index('ix_AutoProcScaling_has_Int_autoProcIntegrationId', 'AutoProcScaling_has_Int', ['autoProcIntegrationId'], unique=False)
    op.create_index('ix_AutoProcScaling_has_Int_autoProcScalingId', 'AutoProcScaling_has_Int', ['autoProcScalingId'], unique=False)


def downgrade() -> None:
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
