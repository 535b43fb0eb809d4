"""The sample-preparation models against the official schema (ispyb-models-pyispyb)."""

from __future__ import annotations

from sqlalchemy import MetaData

from gateway.sql import models  # noqa: F401  (registers every mapped table)
from gateway.sql.base import Base
from gateway.sql.legacy import CREATED_LATER
from tests.sql.test_conformance import _reference, conformance_problems


def test_the_new_tables_are_the_official_ones() -> None:
    ours = MetaData()
    for name in ("Person", "Proposal", "BLSession", *sorted(CREATED_LATER)):
        Base.metadata.tables[name].to_metadata(ours)
    problems = [
        p
        for p in conformance_problems(ours, _reference())
        if p.split(".")[0].split(":")[0] in CREATED_LATER
    ]
    assert not problems, "\n".join(problems)
    assert set(Base.metadata.tables) >= CREATED_LATER
