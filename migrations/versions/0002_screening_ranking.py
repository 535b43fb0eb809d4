"""Screening clean-up 1/3: remove the unused ranking tables ScreeningRank and ScreeningRankSet.

Preflight: both tables are empty (or `--ranking-export FILE` writes their rows
to FILE first). See gateway/sql/change/ and docs/migrations.md.

Revision ID: 0002_screening_ranking
Revises: 0001_baseline
"""

from __future__ import annotations

from gateway.sql.change import screening
from gateway.sql.change.plan import run

revision = "0002_screening_ranking"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    run(screening.RANKING_UP, sqlite=screening.sqlite_ranking_up)


def downgrade() -> None:
    run(screening.RANKING_DOWN, sqlite=screening.sqlite_ranking_down)
