"""Which screenings belong to a collection and to a group: ISPyB links them two ways.

A screening names its collection (`Screening.dataCollectionId`), or only its
group (`Screening.dataCollectionGroupId`, `dataCollectionId` NULL): that is what
characterisation programs write, and the official `v_datacollection_summary`
attaches screenings to a group's row by that column. The rule here:

- a collection's screenings: those naming it, and those naming no collection but
  its group (each collection of the group lists those);
- a group's screenings: those naming it (the official view's rule), and those
  naming one of its collections but no group.

On consistent data (a screening's collection lies in the group it names) a
group lists exactly the screenings of its collections and its group-only ones.
A screening naming a collection in one group and another group is listed by
that other group, as the official view does, and is visible when its collection
is (`access.screening_rule`): the group's list carries the visibility condition.

Each link is one statement for any number of parents: a UNION ALL of the two
ways, with the parent's id in the column `PARENT`; the database pushes the
condition on it into each branch (MariaDB's derived-table pushdown), so the
branches by group use Screening's `dcgroupId` index. `Screening.dataCollectionId`
has no index in the official schema: the branches by collection scan Screening,
as reads by collection always did.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Select, Subquery, select, union_all
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnElement

from gateway.sql import models as m

PARENT = "gw_parent"

_S, _DC = m.Screening, m.DataCollection


@dataclass(frozen=True, eq=False)
class Link:
    """How screenings hang under one kind of parent.

    `parent`: the parent's key (the rows need no visibility condition when
    `access.INHERITED` lists it for Screening); `branches` builds the statements
    whose union is the link, each selecting `columns` and the parent's id as `PARENT`."""

    parent: InstrumentedAttribute[Any]
    branches: Callable[[Sequence[Column[Any]]], tuple[Select[Any], ...]]

    def rows(
        self, columns: Sequence[Column[Any]], condition: ColumnElement[bool] | None
    ) -> Subquery:
        """The link as a subquery: `columns` of each screening and `PARENT`, once per parent
        (a group-only screening comes once for each collection of its group); `condition`
        (the viewer's rule, or None) applies to every branch."""
        parts = self.branches(columns)
        if condition is not None:
            parts = tuple(p.where(condition) for p in parts)
        return union_all(*parts).subquery("screening_link")


def _of_collections(columns: Sequence[Column[Any]]) -> tuple[Select[Any], ...]:
    named = (
        select(*columns, _S.dataCollectionId.label(PARENT))
        .select_from(_S)
        .where(_S.dataCollectionId.is_not(None))
    )
    by_group = (
        select(*columns, _DC.dataCollectionId.label(PARENT))
        .select_from(_S)
        .join(_DC, _DC.dataCollectionGroupId == _S.dataCollectionGroupId)
        .where(_S.dataCollectionId.is_(None))
    )
    return named, by_group


def _of_groups(columns: Sequence[Column[Any]]) -> tuple[Select[Any], ...]:
    named = (
        select(*columns, _S.dataCollectionGroupId.label(PARENT))
        .select_from(_S)
        .where(_S.dataCollectionGroupId.is_not(None))
    )
    by_collection = (
        select(*columns, _DC.dataCollectionGroupId.label(PARENT))
        .select_from(_S)
        .join(_DC, _DC.dataCollectionId == _S.dataCollectionId)
        .where(_S.dataCollectionGroupId.is_(None))
    )
    return named, by_collection


COLLECTION = Link(m.DataCollection.dataCollectionId, _of_collections)
GROUP = Link(m.DataCollectionGroup.dataCollectionGroupId, _of_groups)
