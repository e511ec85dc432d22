"""Review state: FSRS memory per card, richer review log, file stats for staleness.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from recall.store.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card_state",
        sa.Column("card_id", sa.String(), sa.ForeignKey("cards.id"), primary_key=True),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("due", UTCDateTime(), nullable=False),
        sa.Column("last_review", UTCDateTime(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.Column("introduced_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_card_state_state_due", "card_state", ["state", "due"])
    op.create_index("ix_card_state_due", "card_state", ["due"])
    op.create_index("ix_card_state_introduced", "card_state", ["introduced_at"])
    with op.batch_alter_table("review_log") as batch:
        batch.add_column(sa.Column("state_before", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("memory_before", sa.JSON(), nullable=True))
    op.create_index("ix_review_log_time", "review_log", ["reviewed_at"])
    with op.batch_alter_table("lessons") as batch:
        batch.add_column(sa.Column("file_stat", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lessons") as batch:
        batch.drop_column("file_stat")
    op.drop_index("ix_review_log_time", "review_log")
    with op.batch_alter_table("review_log") as batch:
        batch.drop_column("memory_before")
        batch.drop_column("state_before")
    op.drop_table("card_state")
