"""Every mapped table is either exposed under a visibility rule or internal.

The schema checks that used to live here moved: conformance with the official
schema to test_conformance.py, the baseline round trip to test_baseline.py and
`db adopt` to test_adopt.py.
"""

from __future__ import annotations

import pytest

from gateway.sql import models  # noqa: F401  (registers every mapped table)
from gateway.sql.base import Base


@pytest.mark.parametrize("name", sorted(Base.metadata.tables))
def test_every_table_has_a_visibility_rule_or_is_internal(name: str) -> None:
    from gateway.sql.access import RULES

    internal = {
        "Permission",
        "UserGroup",
        "UserGroup_has_Person",
        "UserGroup_has_Permission",
        "SchemaStatus",
        "ProposalHasPerson",
        "AutoProcScaling_has_Int",
        "ScreeningInput",
        "ScreeningOutputLattice",
        "ScreeningStrategy",
    }
    mapped = {m.__table__.name for m in RULES}  # type: ignore[attr-defined]
    assert name in mapped or name in internal, f"{name} is exposed without a rule?"
