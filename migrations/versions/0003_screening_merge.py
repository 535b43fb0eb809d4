"""Screening clean-up 2/3: Screening absorbs ScreeningOutput; lattices and strategies refer to Screening.

Preflight: no screening with two outputs, no orphan output, lattice or strategy.
See gateway/sql/change/ and docs/migrations.md.

Revision ID: 0003_screening_merge
Revises: 0002_screening_ranking
"""

from __future__ import annotations

from gateway.sql.change import screening
from gateway.sql.change.plan import run

revision = "0003_screening_merge"
down_revision = "0002_screening_ranking"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run(screening.MERGE_UP, sqlite=screening.sqlite_merge_up)


def downgrade() -> None:
    run(screening.MERGE_DOWN, sqlite=screening.sqlite_merge_down)
