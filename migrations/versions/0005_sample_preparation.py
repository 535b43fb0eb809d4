"""Sample preparation: the official shipping tables, where a database these migrations built lacks them.

Shipping, ShippingHasSession, Dewar, Container, LabContact and DiffractionPlan,
as the official schema defines them (ispyb-database, schema/1_tables.sql). Every
ISPyB a site runs has them already (serve's start-up check reads their shape);
only a database these migrations built (the demo, the tests) lacks them. So
upgrade creates them only in a database that has none of them, and notes it in
`SchemaStatus`; downgrade drops them only where that note is: a site's own
tables, and the rows in them, are never dropped or reshaped.

`--sql`: a script from nothing (`db upgrade base:head --sql`) creates them; a
script from a revision is for a site's ISPyB, which has them, and says so in a
comment. A database built by these migrations and upgraded by script therefore
runs `db upgrade` once online (the start-up check names the missing tables).

Foreign keys from the baseline's tables to these (BLSample.containerId,
BLSample.diffractionPlanId, Crystal.diffractionPlanId) stay plain columns,
as the baseline left every key to a table it did not create.

Frozen: written out table by table, like the baseline.

Revision ID: 0005_sample_preparation
Revises: 0004_screening_strategy_merge
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import mysql
from sqlalchemy.schema import AddConstraint, CreateIndex, CreateTable, DropTable

revision = "0005_sample_preparation"
down_revision = "0004_screening_strategy_merge"
branch_labels = None
depends_on = None

_META = sa.MetaData()
# The tables these refer to, for the foreign keys only (never created here).
sa.Table("Person", _META, sa.Column("personId", sa.Integer, primary_key=True))
sa.Table("Proposal", _META, sa.Column("proposalId", sa.Integer, primary_key=True))
sa.Table("BLSession", _META, sa.Column("sessionId", sa.Integer, primary_key=True))

# fmt: off
sa.Table('LabContact', _META,
    sa.Column('labContactId', sa.Integer().with_variant(mysql.INTEGER(display_width=10, unsigned=True), 'mariadb').with_variant(mysql.INTEGER(display_width=10, unsigned=True), 'mysql'), nullable=False),
    sa.Column('personId', mysql.INTEGER(display_width=10, unsigned=True), nullable=False),
    sa.Column('cardName', mysql.VARCHAR(length=40), nullable=False),
    sa.Column('proposalId', mysql.INTEGER(display_width=10, unsigned=True), nullable=False),
    sa.Column('defaultCourrierCompany', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('courierAccount', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('billingReference', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('dewarAvgCustomsValue', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), nullable=False),
    sa.Column('dewarAvgTransportValue', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), nullable=False),
    sa.Column('recordTimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False, comment='Creation or last update date/time'),
    sa.Index('personAndProposal', 'personId', 'proposalId', unique=True),
    sa.Index('LabContact_FKIndex1', 'proposalId'),
    sa.Index('cardNameAndProposal', 'cardName', 'proposalId', unique=True),
    sa.ForeignKeyConstraint(['personId'], ['Person.personId'], name='LabContact_ibfk_1', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposalId'], ['Proposal.proposalId'], name='LabContact_ibfk_2', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('labContactId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB',
)
sa.Table('Shipping', _META,
    sa.Column('shippingId', sa.Integer().with_variant(mysql.INTEGER(display_width=10, unsigned=True), 'mariadb').with_variant(mysql.INTEGER(display_width=10, unsigned=True), 'mysql'), nullable=False),
    sa.Column('proposalId', mysql.INTEGER(display_width=10, unsigned=True), server_default=sa.text('0'), nullable=False),
    sa.Column('shippingName', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('deliveryAgent_agentName', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('deliveryAgent_shippingDate', sa.DATE(), nullable=True),
    sa.Column('deliveryAgent_deliveryDate', sa.DATE(), nullable=True),
    sa.Column('deliveryAgent_agentCode', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('deliveryAgent_flightCode', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('shippingStatus', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('bltimeStamp', mysql.DATETIME(), nullable=True),
    sa.Column('laboratoryId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('isStorageShipping', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=True),
    sa.Column('creationDate', mysql.DATETIME(), nullable=True),
    sa.Column('comments', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('sendingLabContactId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('returnLabContactId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('returnCourier', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('dateOfShippingToUser', mysql.DATETIME(), nullable=True),
    sa.Column('shippingType', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('safetyLevel', mysql.VARCHAR(length=8), nullable=True),
    sa.Index('Shipping_FKIndexCreationDate', 'creationDate'),
    sa.Index('Shipping_FKIndex3', 'returnLabContactId'),
    sa.Index('laboratoryId', 'laboratoryId'),
    sa.Index('Shipping_FKIndex2', 'sendingLabContactId'),
    sa.Index('Shipping_FKIndex1', 'proposalId'),
    sa.Index('Shipping_FKIndexName', 'shippingName'),
    sa.Index('Shipping_FKIndexStatus', 'shippingStatus'),
    sa.ForeignKeyConstraint(['proposalId'], ['Proposal.proposalId'], name='Shipping_ibfk_1', onupdate='CASCADE', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['returnLabContactId'], ['LabContact.labContactId'], name='Shipping_ibfk_3', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sendingLabContactId'], ['LabContact.labContactId'], name='Shipping_ibfk_2', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('shippingId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB',
)
sa.Table('ShippingHasSession', _META,
    sa.Column('shippingId', mysql.INTEGER(display_width=10, unsigned=True), autoincrement=False, nullable=False),
    sa.Column('sessionId', mysql.INTEGER(display_width=10, unsigned=True), autoincrement=False, nullable=False),
    sa.Index('ShippingHasSession_FKIndex2', 'sessionId'),
    sa.Index('ShippingHasSession_FKIndex1', 'shippingId'),
    sa.ForeignKeyConstraint(['sessionId'], ['BLSession.sessionId'], name='ShippingHasSession_ibfk_2', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shippingId'], ['Shipping.shippingId'], name='ShippingHasSession_ibfk_1', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('shippingId', 'sessionId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB',
)
sa.Table('Dewar', _META,
    sa.Column('dewarId', sa.Integer().with_variant(mysql.INTEGER(display_width=10, unsigned=True), 'mariadb').with_variant(mysql.INTEGER(display_width=10, unsigned=True), 'mysql'), nullable=False),
    sa.Column('shippingId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('code', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('comments', sa.Text().with_variant(mysql.TINYTEXT(), 'mariadb').with_variant(mysql.TINYTEXT(), 'mysql'), nullable=True),
    sa.Column('storageLocation', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('dewarStatus', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('bltimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
    sa.Column('isStorageDewar', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=True),
    sa.Column('barCode', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('firstExperimentId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('customsValue', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('transportValue', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('trackingNumberToSynchrotron', mysql.VARCHAR(length=30), nullable=True),
    sa.Column('trackingNumberFromSynchrotron', mysql.VARCHAR(length=30), nullable=True),
    sa.Column('facilityCode', mysql.VARCHAR(length=20), nullable=True, comment='Unique barcode assigned to each dewar'),
    sa.Column('type', sa.Enum('Dewar', 'Toolbox'), server_default=sa.text("'Dewar'"), nullable=False),
    sa.Column('isReimbursed', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=True, comment='set this dewar as reimbursed by the user office'),
    sa.Index('Dewar_FKIndex2', 'firstExperimentId'),
    sa.Index('Dewar_FKIndexCode', 'code'),
    sa.Index('barCode', 'barCode', unique=True),
    sa.Index('Dewar_FKIndexStatus', 'dewarStatus'),
    sa.Index('Dewar_FKIndex1', 'shippingId'),
    sa.ForeignKeyConstraint(['firstExperimentId'], ['BLSession.sessionId'], name='Dewar_ibfk_2', onupdate='CASCADE', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shippingId'], ['Shipping.shippingId'], name='Dewar_ibfk_1', onupdate='CASCADE', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('dewarId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB',
)
sa.Table('Container', _META,
    sa.Column('containerId', sa.Integer().with_variant(mysql.INTEGER(display_width=10, unsigned=True), 'mariadb').with_variant(mysql.INTEGER(display_width=10, unsigned=True), 'mysql'), nullable=False),
    sa.Column('dewarId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('code', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('containerType', mysql.VARCHAR(length=20), nullable=True),
    sa.Column('capacity', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('beamlineLocation', mysql.VARCHAR(length=20), nullable=True),
    sa.Column('sampleChangerLocation', mysql.VARCHAR(length=20), nullable=True),
    sa.Column('containerStatus', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('bltimeStamp', mysql.DATETIME(), nullable=True),
    sa.Column('barcode', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('sessionId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('ownerId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('screenId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('scheduleId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('imagerId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('scLocationUpdated', mysql.DATETIME(), nullable=True),
    sa.Column('requestedImagerId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('requestedReturn', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=True, comment='True for requesting return, False means container will be disposed'),
    sa.Column('comments', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('experimentType', mysql.VARCHAR(length=20), nullable=True),
    sa.Column('storageTemperature', mysql.FLOAT(), nullable=True),
    sa.Index('Container_ibfk6', 'sessionId'),
    sa.Index('Container_UNIndex1', 'barcode', unique=True),
    sa.Index('Container_FKIndex1', 'dewarId'),
    sa.Index('Container_FKIndexStatus', 'containerStatus'),
    sa.Index('Container_ibfk5', 'ownerId'),
    sa.Index('Container_FKIndex', 'beamlineLocation'),
    sa.ForeignKeyConstraint(['dewarId'], ['Dewar.dewarId'], name='Container_ibfk_1', onupdate='CASCADE', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ownerId'], ['Person.personId'], name='Container_ibfk5', ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sessionId'], ['BLSession.sessionId'], name='Container_ibfk6', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('containerId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB',
)
sa.Table('DiffractionPlan', _META,

    sa.Column('diffractionPlanId', sa.Integer().with_variant(mysql.INTEGER(display_width=10, unsigned=True), 'mariadb').with_variant(mysql.INTEGER(display_width=10, unsigned=True), 'mysql'), nullable=False),
    sa.Column('xmlDocumentId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('experimentKind', sa.Enum('Default', 'MXPressE', 'MXPressF', 'MXPressO', 'MXPressP', 'MXPressP_SAD', 'MXPressI', 'MXPressE_SAD', 'MXScore', 'MXPressM', 'MAD', 'SAD', 'Fixed', 'Ligand binding', 'Refinement', 'OSC', 'MAD - Inverse Beam', 'SAD - Inverse Beam'), nullable=True),
    sa.Column('observedResolution', mysql.FLOAT(), nullable=True),
    sa.Column('minimalResolution', mysql.FLOAT(), nullable=True),
    sa.Column('exposureTime', mysql.FLOAT(), nullable=True),
    sa.Column('oscillationRange', mysql.FLOAT(), nullable=True),
    sa.Column('maximalResolution', mysql.FLOAT(), nullable=True),
    sa.Column('screeningResolution', mysql.FLOAT(), nullable=True),
    sa.Column('radiationSensitivity', mysql.FLOAT(), nullable=True),
    sa.Column('anomalousScatterer', mysql.VARCHAR(length=255), nullable=True),
    sa.Column('preferredBeamSizeX', mysql.FLOAT(), nullable=True),
    sa.Column('preferredBeamSizeY', mysql.FLOAT(), nullable=True),
    sa.Column('preferredBeamDiameter', mysql.FLOAT(), nullable=True),
    sa.Column('comments', mysql.VARCHAR(length=1024), nullable=True),
    sa.Column('aimedCompleteness', mysql.DOUBLE(), nullable=True),
    sa.Column('aimedIOverSigmaAtHighestRes', mysql.DOUBLE(), nullable=True),
    sa.Column('aimedMultiplicity', mysql.DOUBLE(), nullable=True),
    sa.Column('aimedResolution', mysql.DOUBLE(), nullable=True),
    sa.Column('anomalousData', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=True),
    sa.Column('complexity', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('estimateRadiationDamage', sa.SmallInteger().with_variant(mysql.TINYINT(display_width=1), 'mariadb').with_variant(mysql.TINYINT(display_width=1), 'mysql'), server_default=sa.text('0'), nullable=True),
    sa.Column('forcedSpaceGroup', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('requiredCompleteness', mysql.DOUBLE(), nullable=True),
    sa.Column('requiredMultiplicity', mysql.DOUBLE(), nullable=True),
    sa.Column('requiredResolution', mysql.DOUBLE(), nullable=True),
    sa.Column('strategyOption', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('kappaStrategyOption', mysql.VARCHAR(length=45), nullable=True),
    sa.Column('numberOfPositions', mysql.INTEGER(display_width=11), nullable=True),
    sa.Column('minDimAccrossSpindleAxis', mysql.DOUBLE(), nullable=True, comment='minimum dimension accross the spindle axis'),
    sa.Column('maxDimAccrossSpindleAxis', mysql.DOUBLE(), nullable=True, comment='maximum dimension accross the spindle axis'),
    sa.Column('radiationSensitivityBeta', mysql.DOUBLE(), nullable=True),
    sa.Column('radiationSensitivityGamma', mysql.DOUBLE(), nullable=True),
    sa.Column('minOscWidth', mysql.FLOAT(), nullable=True),
    sa.Column('recordTimeStamp', mysql.TIMESTAMP(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False, comment='Creation or last update date/time'),
    sa.Column('diffractionPlanUUID', mysql.VARCHAR(length=1000), nullable=True),
    sa.Column('dataCollectionPlanGroupId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True),
    sa.Column('detectorId', mysql.INTEGER(display_width=11), nullable=True),
    sa.Column('distance', mysql.DOUBLE(), nullable=True),
    sa.Column('orientation', mysql.DOUBLE(), nullable=True),
    sa.Column('monoBandwidth', mysql.DOUBLE(), nullable=True),
    sa.Column('monochromator', mysql.VARCHAR(length=8), nullable=True, comment='DMM or DCM'),
    sa.Column('energy', mysql.FLOAT(), nullable=True, comment='eV'),
    sa.Column('transmission', mysql.FLOAT(), nullable=True, comment='Decimal fraction in range [0,1]'),
    sa.Column('boxSizeX', mysql.FLOAT(), nullable=True, comment='microns'),
    sa.Column('boxSizeY', mysql.FLOAT(), nullable=True, comment='microns'),
    sa.Column('kappaStart', mysql.FLOAT(), nullable=True, comment='degrees'),
    sa.Column('axisStart', mysql.FLOAT(), nullable=True, comment='degrees'),
    sa.Column('axisRange', mysql.FLOAT(), nullable=True, comment='degrees'),
    sa.Column('numberOfImages', sa.Integer().with_variant(mysql.MEDIUMINT(display_width=9), 'mariadb').with_variant(mysql.MEDIUMINT(display_width=9), 'mysql'), nullable=True, comment='The number of images requested'),
    sa.Column('presetForProposalId', mysql.INTEGER(display_width=10, unsigned=True), nullable=True, comment='Indicates this plan is available to all sessions on given proposal'),
    sa.Column('beamLineName', mysql.VARCHAR(length=45), nullable=True, comment='Indicates this plan is available to all sessions on given beamline'),
    sa.Column('userPath', mysql.VARCHAR(length=100), nullable=True, comment='User-specified relative "root" path inside the session directory to be used for holding collected data'),
    sa.PrimaryKeyConstraint('diffractionPlanId'),
    mysql_charset='utf8mb4',
    mysql_engine='InnoDB',
)
# fmt: on

# Parents first: the order of creation (and the reverse, of dropping).
TABLES = ("LabContact", "Shipping", "ShippingHasSession", "Dewar", "Container", "DiffractionPlan")
_MARK = "ispyb-gateway/0005_sample_preparation"  # SchemaStatus: this revision created the tables


def _create(table: sa.Table) -> None:
    """Create `table` with its indexes and foreign keys."""
    if op.get_context().dialect.name == "sqlite":
        # SQLite cannot add a constraint later: the keys go into CREATE TABLE.
        op.execute(CreateTable(table))
        for index in table.indexes:
            op.execute(CreateIndex(index))
        return
    # MySQL would create an index of its own for a key that has none yet, clashing
    # with the DDL's names: keys come once the table's indexes exist.
    op.execute(CreateTable(table, include_foreign_key_constraints=[]))
    for index in table.indexes:
        op.execute(CreateIndex(index))
    for constraint in table.foreign_key_constraints:
        op.execute(AddConstraint(constraint))


def _note(text: str) -> None:
    op.get_context().impl.static_output(f"-- {_MARK}: {text}\n")


def upgrade() -> None:
    if op.get_context().as_sql:
        if context.get_starting_revision_argument() not in (None, "base"):
            _note("a site's ISPyB has these tables; nothing to do (run `db upgrade` online")
            _note(f"on a database these migrations built): {', '.join(TABLES)}")
            return
    elif set(sa.inspect(op.get_bind()).get_table_names()) & set(TABLES):
        return  # the site's own tables (some, or all): never created over nor reshaped
    for name in TABLES:
        _create(_META.tables[name])
    op.execute(
        sa.text(
            "INSERT INTO SchemaStatus (scriptName, schemaStatus) VALUES (:name, 'DONE')"
        ).bindparams(name=_MARK)
    )


def downgrade() -> None:
    if op.get_context().as_sql:
        _note("a script cannot tell whether this revision created the tables: none dropped")
        return
    marked = op.get_bind().execute(
        sa.text("SELECT scriptName FROM SchemaStatus WHERE scriptName = :name").bindparams(
            name=_MARK
        )
    )
    if marked.first() is None:
        return
    for name in reversed(TABLES):
        op.execute(DropTable(_META.tables[name]))
    op.execute(sa.text("DELETE FROM SchemaStatus WHERE scriptName = :name").bindparams(name=_MARK))
