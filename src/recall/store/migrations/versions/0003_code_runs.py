"""Cache of lesson code runs (recall build --run-code).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from recall.store.models import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "code_runs",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("ran_at", UTCDateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("code_runs")
