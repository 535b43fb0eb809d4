"""The one-line description a job is listed with, built from the items it runs on.

`[Merge] 1 GCSH-x8 (880 images), 2 GCSH-x8 (430 images)`: the type's title,
then each item numbered in the order given, with its label and image count.
It is computed once at submission and stored, so lists never re-read ISPyB.
The caller (GraphQL layer) resolves the items and the viewer's rights with SQL
and passes summaries in; this module never touches ISPyB.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gateway.jobs.model import ItemKind, ItemRef


@dataclass(frozen=True)
class ItemSummary:
    id: int
    kind: ItemKind
    label: str  # e.g. "GCSH-x8": the protein acronym + sample, or the image prefix
    images: int | None
    proposal_id: int
    session_id: int | None = None
    beamline: str | None = None

    @property
    def ref(self) -> ItemRef:
        return ItemRef(self.kind, self.id)


def describe(title: str, items: Sequence[ItemSummary]) -> str:
    parts = []
    for number, item in enumerate(items, start=1):
        images = f" ({item.images} images)" if item.images is not None else ""
        parts.append(f"{number} {item.label}{images}")
    return f"[{title}] " + ", ".join(parts)
