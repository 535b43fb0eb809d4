"""To-one relations a list's statement carries as LEFT JOINs, so they cost no statement.

A page of collections shows each one's group, and the group's sample: two more
statements, each a round trip and a statement for SQLAlchemy to build and the
driver to decode, on the critical path of the page. Where the relation's row is
visible whenever its parent is (`gateway.sql.access.REACHED`), the same row can
come with the page: the list's statement LEFT JOINs it (only when the document
selects the relation), and the rows found prime the very loader the relation's
resolver asks, which then answers without a statement. Where the rules do not
imply it but both rows follow the same rule on one column (an integration's
program, of a collection), the row comes with both rows' values of that column:
where they are equal, the row is visible as its parent is; any other is left to
the relation's lookup, which applies the rule. Where they follow different rules,
the row's own rule goes into the join's condition, so a hidden row comes as NULLs,
as the lookup would have found none; that join is made only when no table of the
rule is in the statement's FROM (the rule's subqueries would correlate to it).
The answer is the same row either way; only the number of statements changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy.orm import InstrumentedAttribute


@dataclass(frozen=True)
class ToOne:
    fk: InstrumentedAttribute[Any]  # the parent's column naming the row
    key: InstrumentedAttribute[Any]  # the row's key
    child: str  # the GraphQL type the row becomes

    @property
    def slot(self) -> str:
        """The key under which a parent row carries the joined row (None: no row), for
        the planner, which then reads it there instead of asking the relation's loader."""
        return f"gw_one:{self.fk.class_.__name__}.{self.fk.key}"


TO_ONE: dict[str, dict[str, ToOne]] = {}


def to_one(
    type_name: str,
    field_name: str,
    fk: InstrumentedAttribute[Any],
    key: InstrumentedAttribute[Any],
    child: str,
) -> None:
    """Declare `type_name.field_name` the row of `key` named by the parent's `fk`."""
    TO_ONE.setdefault(type_name, {})[field_name] = ToOne(fk, key, child)


@dataclass
class Joined:
    """One LEFT JOIN of a statement: where its columns are in the result rows."""

    to_one: ToOne
    labels: dict[str, str]  # the row's column key -> its label in the result
    below: list[Joined] = field(default_factory=list)  # joins hanging off this one
    # Joined without its rule: the labels of the row's scope and of its parent's
    # (the row is visible where they are equal; the lookup decides otherwise).
    scope: tuple[str, str] | None = None

    def carried(self) -> list[str]:
        """Labels of the joins below, which travel inside this join's rows."""
        return [label for j in self.below for label in (*j.own(), *j.carried())]

    def own(self) -> tuple[str, ...]:
        """The labels of this join's own columns (its scopes included)."""
        return (*self.labels.values(), *(self.scope or ()))

    @cached_property
    def split(self) -> Callable[[dict[str, Any]], dict[str, Any]]:
        """Takes this join's row out of a result row: its columns by their own keys, the
        joins' below by their labels (they travel inside it). Generated once per join, a
        dict display of pops: a generic loop over the labels cost twice as much per row,
        paid for every joined row of every page."""
        labels = [*self.labels.values(), *self.carried()]
        keys = [*self.labels, *labels[len(self.labels) :]]
        pairs = ", ".join(f"{k!r}: pop({v!r})" for k, v in zip(keys, labels, strict=True))
        namespace: dict[str, Any] = {}
        source = f"def split(row):\n    pop = row.pop\n    return {{{pairs}}}"
        exec(compile(source, f"<split {self.to_one.slot}>", "exec"), namespace)
        split: Callable[[dict[str, Any]], dict[str, Any]] = namespace["split"]
        return split
