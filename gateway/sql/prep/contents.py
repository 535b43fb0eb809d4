"""A container saved with its samples, their crystals and diffraction plans, in one go.

What EXI's puck editor sends (the Java server's `…/puck/{c}/save`), with one
difference on purpose: the Java server deletes every sample of the container whose
location the payload lacks. Here the fate of the samples left out is an explicit,
required argument: KEEP them, DETACH them (out of the container, kept with their
data), or DELETE them (refused, CONFLICT, when one has data collections).

Crystals: a sample names an existing crystal of the proposal (`crystalId`) or
describes one (`crystal`: protein, space group, cell); a described crystal equal
to one the protein has (same space group and cell) is reused, as the Java server
does, otherwise created. A diffraction plan given for a sample updates its own
plan, or creates one for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy import and_, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.errors import Conflict
from gateway.sql import models as m
from gateway.sql.access import Who
from gateway.sql.prep.core import Problems, audit, new_id, now, row_of, writable
from gateway.sql.prep.shipments import Naming
from gateway.sql.reads import Database, Row

_C, _B, _X, _P, _DP = m.Container, m.BLSample, m.Crystal, m.Protein, m.DiffractionPlan
CRYSTAL_MATCH = (
    "spaceGroup",
    "cell_a",
    "cell_b",
    "cell_c",
    "cell_alpha",
    "cell_beta",
    "cell_gamma",
)


class Omitted(Enum):
    """What becomes of the container's samples that the payload leaves out."""

    KEEP = "keep"
    DETACH = "detach"
    DELETE = "delete"


@dataclass(frozen=True)
class SampleInput:
    values: Mapping[str, Any]  # BLSample columns (name, code, location, comments, SMILES...)
    bl_sample_id: int | None = None
    crystal_id: int | None = None
    crystal: Mapping[str, Any] | None = None  # Crystal columns, proteinId among them
    diffraction_plan: Mapping[str, Any] | None = None  # DiffractionPlan columns


@dataclass(frozen=True)
class Contents:
    container: Row
    samples: list[Row]
    removed: list[int] = field(default_factory=list)


def _capacity(values: Mapping[str, Any], current: Row) -> int | None:
    capacity = values.get("capacity", current.get("capacity"))
    return int(capacity) if capacity is not None else None


def _validate(
    db: Database,
    problems: Problems,
    container_values: Mapping[str, Any],
    samples: Sequence[SampleInput],
    capacity: int | None,
) -> None:
    """Everything that needs no database: widths, ENUMs, locations, one crystal each."""
    problems.check(db, _C, container_values, "input")
    locations: dict[str, int] = {}
    ids: dict[int, int] = {}
    for i, s in enumerate(samples):
        path = f"input.samples[{i}]"
        problems.check(db, _B, s.values, path)
        location = s.values.get("location")
        if location is None or not str(location).strip():
            problems.add(f"{path}.location", "every sample needs a location in the container")
        elif location in locations:
            problems.add(
                f"{path}.location", f"location {location} is also samples[{locations[location]}]'s"
            )
        else:
            locations[location] = i
            if capacity is not None and str(location).isdigit() and int(location) > capacity:
                problems.add(f"{path}.location", f"the container holds {capacity} samples")
        if s.bl_sample_id is not None:
            if s.bl_sample_id in ids:
                problems.add(f"{path}.blSampleId", f"also samples[{ids[s.bl_sample_id]}]")
            ids.setdefault(s.bl_sample_id, i)
        if s.crystal_id is not None and s.crystal is not None:
            problems.add(f"{path}.crystal", "give `crystalId` or `crystal`, not both")
        if s.bl_sample_id is None and s.crystal_id is None and s.crystal is None:
            problems.add(f"{path}.crystal", "a new sample needs `crystalId` or `crystal`")
        if s.crystal is not None:
            problems.check(db, _X, s.crystal, f"{path}.crystal")
            if s.crystal.get("proteinId") is None:
                problems.add(f"{path}.crystal.proteinId", "a crystal needs its protein")
        if s.diffraction_plan is not None:
            problems.check(db, _DP, s.diffraction_plan, f"{path}.diffractionPlan")


async def _check_against_database(
    conn: AsyncConnection,
    problems: Problems,
    proposal_id: int,
    container_id: int,
    samples: Sequence[SampleInput],
) -> dict[int, Row]:
    """Samples named must be in this container; crystals and proteins in its proposal."""
    present = {
        r["blSampleId"]: dict(r)
        for r in (
            await conn.execute(select(_B.__table__).where(_B.containerId == container_id))
        ).mappings()
    }
    crystals = {c for s in samples if (c := s.crystal_id) is not None}
    proteins = {p for s in samples if s.crystal and (p := s.crystal.get("proteinId")) is not None}
    own_crystals = {
        r[0]
        for r in await conn.execute(
            select(_X.crystalId)
            .join(_P, _P.proteinId == _X.proteinId)
            .where(_X.crystalId.in_(crystals), _P.proposalId == proposal_id)
        )
    }
    own_proteins = {
        r[0]
        for r in await conn.execute(
            select(_P.proteinId).where(_P.proteinId.in_(proteins), _P.proposalId == proposal_id)
        )
    }
    for i, s in enumerate(samples):
        path = f"input.samples[{i}]"
        if s.bl_sample_id is not None and s.bl_sample_id not in present:
            problems.add(f"{path}.blSampleId", f"no sample {s.bl_sample_id} in this container")
        if s.crystal_id is not None and s.crystal_id not in own_crystals:
            problems.add(f"{path}.crystalId", f"no crystal {s.crystal_id} in this proposal")
        protein = s.crystal.get("proteinId") if s.crystal else None
        if protein is not None and protein not in own_proteins:
            problems.add(f"{path}.crystal.proteinId", f"no protein {protein} in this proposal")
    return present


async def _crystal_for(conn: AsyncConnection, crystal: Mapping[str, Any]) -> int:
    """An equal crystal of the protein (space group and cell, NULL-safe), else a new one."""
    match = [
        getattr(_X, k).is_(None) if crystal.get(k) is None else getattr(_X, k) == crystal[k]
        for k in CRYSTAL_MATCH
    ]
    found = (
        await conn.execute(
            select(_X.crystalId)
            .where(_X.proteinId == crystal["proteinId"], and_(*match))
            .order_by(_X.crystalId)
            .limit(1)
        )
    ).first()
    if found is not None:
        return int(found[0])
    result = await conn.execute(insert(_X).values(dict(crystal)))
    return new_id(result)


async def _plan_for(conn: AsyncConnection, current: int | None, plan: Mapping[str, Any]) -> int:
    if current is not None:
        await conn.execute(update(_DP).where(_DP.diffractionPlanId == current).values(dict(plan)))
        return current
    result = await conn.execute(insert(_DP).values(dict(plan)))
    return new_id(result)


async def save_container_contents(
    db: Database,
    who: Who,
    container_id: int,
    container_values: Mapping[str, Any],
    samples: Sequence[SampleInput],
    omitted: Omitted,
    name: Naming = str,
) -> Contents:
    problems = Problems(name)
    async with db.begin() as conn:
        proposal_id = await writable(conn, who, _C, container_id)
        current = await row_of(conn, _C, container_id)
        _validate(db, problems, container_values, samples, _capacity(container_values, current))
        present = await _check_against_database(conn, problems, proposal_id, container_id, samples)
        problems.raise_if_any()

        left_out = sorted(set(present) - {s.bl_sample_id for s in samples})
        if omitted is Omitted.DELETE and left_out:
            g = m.DataCollectionGroup
            hit = (
                await conn.execute(select(g.blSampleId).where(g.blSampleId.in_(left_out)).limit(1))
            ).first()
            if hit is not None:
                raise Conflict(
                    f"sample {hit[0]} has data collections: it cannot be deleted "
                    "(use omitted: DETACH or KEEP)"
                )
        if container_values:
            await conn.execute(
                update(_C)
                .where(_C.containerId == container_id)
                .values({**container_values, "bltimeStamp": now()})
            )
        if left_out and omitted is Omitted.DELETE:
            await conn.execute(delete(_B).where(_B.blSampleId.in_(left_out)))
        elif left_out and omitted is Omitted.DETACH:
            await conn.execute(
                update(_B).where(_B.blSampleId.in_(left_out)).values(containerId=None)
            )
        for s in samples:
            values: dict[str, Any] = {**s.values, "containerId": container_id}
            if s.crystal_id is not None:
                values["crystalId"] = s.crystal_id
            elif s.crystal is not None:
                values["crystalId"] = await _crystal_for(conn, s.crystal)
            existing = present.get(s.bl_sample_id) if s.bl_sample_id is not None else None
            if s.diffraction_plan is not None:
                plan = existing["diffractionPlanId"] if existing else None
                values["diffractionPlanId"] = await _plan_for(conn, plan, s.diffraction_plan)
            if existing is not None:
                await conn.execute(
                    update(_B).where(_B.blSampleId == existing["blSampleId"]).values(values)
                )
            else:
                await conn.execute(insert(_B).values(values))
        container = await row_of(conn, _C, container_id)
        rows = [
            dict(r)
            for r in (
                await conn.execute(
                    select(_B.__table__)
                    .where(_B.containerId == container_id)
                    .order_by(_B.location, _B.blSampleId)
                )
            ).mappings()
        ]
    removed = left_out if omitted is not Omitted.KEEP else []
    audit(
        who,
        "saveContainerContents",
        containerId=container_id,
        samples=[r["blSampleId"] for r in rows],
        omitted=omitted.value,
        removed=removed,
    )
    return Contents(container, rows, removed)
