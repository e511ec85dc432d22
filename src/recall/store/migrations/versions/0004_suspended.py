"""Suspended cards (leeches the learner set aside).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("card_state") as batch:
        batch.add_column(sa.Column("suspended", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("card_state") as batch:
        batch.drop_column("suspended")
