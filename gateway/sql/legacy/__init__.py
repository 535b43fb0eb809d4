"""Schema shapes of earlier revisions, for tools that meet databases not yet upgraded."""

from __future__ import annotations

from sqlalchemy import ForeignKeyConstraint, MetaData, Table

from gateway.sql.base import Base
from gateway.sql.legacy.screening import LegacyBase

# Mapped tables a later revision creates where a database lacks them (0005_sample_preparation).
CREATED_LATER = frozenset(
    {"LabContact", "Shipping", "ShippingHasSession", "Dewar", "Container", "DiffractionPlan"}
)


def baseline_metadata() -> MetaData:
    """Every table the baseline revision creates, in the shape it creates them."""
    from gateway.sql import models  # noqa: F401  (registers every mapped table)

    meta = MetaData()
    legacy = LegacyBase.metadata.tables
    for name, table in Base.metadata.tables.items():
        if name not in legacy and name not in CREATED_LATER:
            table.to_metadata(meta)
    for table in legacy.values():
        table.to_metadata(meta)
    # DataCollection itself is unchanged, but its strategy key pointed at the sub-wedge.
    collection = meta.tables["DataCollection"]
    old = next(
        fk for fk in collection.foreign_key_constraints if fk.name == "DataCollection_ibfk_1"
    )
    collection.constraints.discard(old)
    for element in old.elements:
        element.parent.foreign_keys.discard(element)
        collection.foreign_keys.discard(element)
    collection.append_constraint(
        ForeignKeyConstraint(
            ["strategySubWedgeOrigId"],
            ["ScreeningStrategySubWedge.screeningStrategySubWedgeId"],
            name="DataCollection_ibfk_1",
            ondelete="CASCADE",
            onupdate="CASCADE",
        )
    )
    return meta


def baseline_tables() -> list[Table]:
    return sorted(baseline_metadata().tables.values(), key=lambda t: t.name)
