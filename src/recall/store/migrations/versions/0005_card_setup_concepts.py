"""Cards remember the code their code runs after (setup) and the concepts they are about.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cards") as batch:
        batch.add_column(sa.Column("setup", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("concepts", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("cards") as batch:
        batch.drop_column("concepts")
        batch.drop_column("setup")
