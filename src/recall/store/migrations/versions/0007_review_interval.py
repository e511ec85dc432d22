"""Each answer keeps the interval it set, so an export can give Anki the whole history.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("review_log") as batch:
        batch.add_column(sa.Column("interval_s", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("review_log") as batch:
        batch.drop_column("interval_s")
