"""Proteins, crystals, lab contacts and single samples: created or changed one at a time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select, update

from gateway.errors import BadUserInput
from gateway.sql import models as m
from gateway.sql.access import Who
from gateway.sql.prep.core import Problems, audit, new_id, proposal_for_create, row_of, writable
from gateway.sql.prep.shipments import Naming
from gateway.sql.reads import Database, Row


def _one_of(key: int | None, parent: int | None, key_name: str, parent_name: str) -> None:
    if (key is None) == (parent is None):
        raise BadUserInput(
            f"give `{key_name}` to change one or `{parent_name}` to create one", argument="input"
        )


async def save_protein(
    db: Database,
    who: Who,
    protein_id: int | None,
    proposal_id: int | None,
    values: Mapping[str, Any],
    name: Naming = str,
) -> Row:
    _one_of(protein_id, proposal_id, "proteinId", "proposalId")
    problems = Problems(name)
    problems.check(db, m.Protein, values, "input")
    if protein_id is None and not values.get("acronym"):
        problems.add("input.acronym", "a new protein needs an acronym")
    async with db.begin() as conn:
        if protein_id is not None:
            proposal = await writable(conn, who, m.Protein, protein_id)
        else:
            assert proposal_id is not None
            await proposal_for_create(conn, who, proposal_id)
            proposal = proposal_id
        acronym = values.get("acronym")
        if acronym:
            clash = await conn.execute(
                select(m.Protein.proteinId).where(
                    m.Protein.proposalId == proposal,
                    m.Protein.acronym == acronym,
                    m.Protein.proteinId != (protein_id or 0),
                )
            )
            if clash.first() is not None:
                problems.add("input.acronym", f"proposal {proposal} already has {acronym}")
        problems.raise_if_any()
        if protein_id is None:
            result = await conn.execute(
                insert(m.Protein).values({**values, "proposalId": proposal})
            )
            protein_id = new_id(result)
        elif values:
            await conn.execute(
                update(m.Protein).where(m.Protein.proteinId == protein_id).values(dict(values))
            )
        row = await row_of(conn, m.Protein, protein_id)
    audit(who, "saveProtein", proteinId=protein_id, fields=sorted(values))
    return row


async def save_crystal(
    db: Database,
    who: Who,
    crystal_id: int | None,
    protein_id: int | None,
    values: Mapping[str, Any],
    name: Naming = str,
) -> Row:
    _one_of(crystal_id, protein_id, "crystalId", "proteinId")
    problems = Problems(name)
    problems.check(db, m.Crystal, values, "input")
    problems.raise_if_any()
    async with db.begin() as conn:
        if crystal_id is not None:
            await writable(conn, who, m.Crystal, crystal_id)
            if values:
                await conn.execute(
                    update(m.Crystal).where(m.Crystal.crystalId == crystal_id).values(dict(values))
                )
        else:
            assert protein_id is not None
            await writable(conn, who, m.Protein, protein_id)
            result = await conn.execute(
                insert(m.Crystal).values({**values, "proteinId": protein_id})
            )
            crystal_id = new_id(result)
        row = await row_of(conn, m.Crystal, crystal_id)
    audit(who, "saveCrystal", crystalId=crystal_id, fields=sorted(values))
    return row


async def save_lab_contact(
    db: Database,
    who: Who,
    lab_contact_id: int | None,
    proposal_id: int | None,
    values: Mapping[str, Any],
    name: Naming = str,
) -> Row:
    """A contact card; a new one is the caller's own unless `personId` names a member."""
    _one_of(lab_contact_id, proposal_id, "labContactId", "proposalId")
    problems = Problems(name)
    problems.check(db, m.LabContact, values, "input")
    if lab_contact_id is None and not values.get("cardName"):
        problems.add("input.cardName", "a new lab contact needs a card name")
    async with db.begin() as conn:
        if lab_contact_id is not None:
            proposal = await writable(conn, who, m.LabContact, lab_contact_id)
        else:
            assert proposal_id is not None
            await proposal_for_create(conn, who, proposal_id)
            proposal = proposal_id
        person = values.get("personId", who.person_id if lab_contact_id is None else None)
        if lab_contact_id is None and person is None:
            problems.add("input.personId", "staff without an ISPyB person must name one")
        if person is not None:
            known = await conn.execute(select(m.Person.personId).where(m.Person.personId == person))
            if known.first() is None:
                problems.add("input.personId", f"no person {person}")
        problems.raise_if_any()
        if lab_contact_id is None:
            result = await conn.execute(
                insert(m.LabContact).values({**values, "personId": person, "proposalId": proposal})
            )
            lab_contact_id = new_id(result)
        elif values:
            await conn.execute(
                update(m.LabContact)
                .where(m.LabContact.labContactId == lab_contact_id)
                .values(dict(values))
            )
        row = await row_of(conn, m.LabContact, lab_contact_id)
    audit(who, "saveLabContact", labContactId=lab_contact_id, fields=sorted(values))
    return row


async def update_sample(
    db: Database, who: Who, bl_sample_id: int, values: Mapping[str, Any], name: Naming = str
) -> Row:
    """Change some columns of one sample (MXCuBE's `update_bl_sample`; py-ispyb-ui's PATCH)."""
    problems = Problems(name)
    problems.check(db, m.BLSample, values, "patch")
    if not values:
        problems.add("patch", "nothing to change")
    problems.raise_if_any()
    async with db.begin() as conn:
        await writable(conn, who, m.BLSample, bl_sample_id, what="Sample")
        await conn.execute(
            update(m.BLSample).where(m.BLSample.blSampleId == bl_sample_id).values(dict(values))
        )
        row = await row_of(conn, m.BLSample, bl_sample_id)
    audit(who, "updateSample", blSampleId=bl_sample_id, fields=sorted(values))
    return row
