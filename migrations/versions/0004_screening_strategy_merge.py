"""Screening clean-up 3/3: ScreeningStrategy absorbs its wedge and sub-wedge.

Preflight: one wedge per strategy, one sub-wedge per wedge, no orphans, every
repeated value equal along the chain, every strategySubWedgeOrigId resolvable.
DataCollection.strategySubWedgeOrigId is remapped to the merged strategy.
See gateway/sql/change/ and docs/migrations.md.

Revision ID: 0004_screening_strategy_merge
Revises: 0003_screening_merge
"""

from __future__ import annotations

from gateway.sql.change import screening
from gateway.sql.change.plan import run

revision = "0004_screening_strategy_merge"
down_revision = "0003_screening_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run(screening.STRATEGY_UP, sqlite=screening.sqlite_strategy_up)


def downgrade() -> None:
    run(screening.STRATEGY_DOWN, sqlite=screening.sqlite_strategy_down)
