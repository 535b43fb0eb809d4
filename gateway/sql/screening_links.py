"""Which screenings belong to a collection and to a group: ISPyB links them two ways.

A screening names its collection (`Screening.dataCollectionId`), or only its
group (`Screening.dataCollectionGroupId`, `dataCollectionId` NULL): that is what
characterisation programs write, and the official `v_datacollection_summary`
attaches screenings to a group's row by that column. The rule here:

- a collection's screenings: those naming it, and those naming only its group;
- a group's screenings: those naming only it, and those naming one of its collections.

A screening that names a collection belongs to that collection (and its group)
whatever group it also names, as its visibility does (`access.screening_rule`);
on consistent data (the collection lies in the named group) a group's screenings
are exactly the ones the official view shows on its row.

Each link is one statement for any number of parents: a UNION ALL of the two
ways, with the parent's id in the column `PARENT`; the database pushes the
condition on it into each branch (MariaDB's derived-table pushdown), so the
branches that follow the group link use Screening's `dcgroupId` index. Rows
under a parent the caller sees are visible by the rule, so the links are listed
in `access.INHERITED` and carry no condition there.
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

    `parent`: the parent's key, as `access.INHERITED` names the link; `branches`
    builds the statements whose union is the link, each selecting `columns` and
    the parent's id as `PARENT`."""

    parent: InstrumentedAttribute[Any]
    branches: Callable[[Sequence[Column[Any]]], tuple[Select[Any], ...]]

    def rows(
        self, columns: Sequence[Column[Any]], condition: ColumnElement[bool] | None
    ) -> Subquery:
        """The link as a subquery: `columns` of each screening and `PARENT`, once per parent
        (a group-only screening comes once for each collection of its group)."""
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
    group_only = (
        select(*columns, _S.dataCollectionGroupId.label(PARENT))
        .select_from(_S)
        .where(_S.dataCollectionId.is_(None), _S.dataCollectionGroupId.is_not(None))
    )
    by_collection = (
        select(*columns, _DC.dataCollectionGroupId.label(PARENT))
        .select_from(_S)
        .join(_DC, _DC.dataCollectionId == _S.dataCollectionId)
    )
    return group_only, by_collection


COLLECTION = Link(m.DataCollection.dataCollectionId, _of_collections)
GROUP = Link(m.DataCollectionGroup.dataCollectionGroupId, _of_groups)
