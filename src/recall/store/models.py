"""The schema: SQLAlchemy Core tables, the one definition of what the database holds.

A new database is made from these (``metadata.create_all``); an existing one is brought
here by the Alembic revisions in ``migrations/``, which are append-only: a change to a
table is a change here plus a new revision, never an edit of a released one
(``tests/test_migrations.py`` holds the hashes of the released revision files).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    false,
)

from recall.store.types import Moment, UTCDateTime  # noqa: F401  (revisions 0001-0003 import UTCDateTime from here)

metadata = MetaData()

lessons = Table(
    "lessons", metadata,
    Column("id", String, primary_key=True),
    Column("title", Text, nullable=False),
    #: the file the lesson was last read from; NULL once the file is gone
    Column("file", String, index=True),
    #: hash of the file's bytes and of what decides its cards; unchanged files are skipped
    Column("content_hash", String),
    Column("prerequisites", JSON, nullable=False),
    Column("concepts", JSON, nullable=False),
    #: "mtime_ns:size" of the file when last built: a cheap staleness check before a review
    Column("file_stat", String),
    #: place in the curriculum (after its prerequisites), set by every build that changes a lesson
    Column("position", Integer),
)

cards = Table(
    "cards", metadata,
    Column("id", String, primary_key=True),
    Column("lesson_id", String, ForeignKey("lessons.id"), nullable=False),
    Column("source", String, nullable=False),
    Column("form", String, nullable=False),
    Column("prompt", Text, nullable=False),
    Column("answer", Text, nullable=False),
    Column("choices", JSON, nullable=False),
    Column("explanation", Text, nullable=False),
    Column("code", Text, nullable=False),
    #: earlier code of the lesson that ``code`` runs after (not shown)
    Column("setup", Text, nullable=False),
    #: the lesson's concepts this card is about
    Column("concepts", JSON, nullable=False),
    Column("file", String, nullable=False),
    Column("line", Integer, nullable=False),
    Column("section", Text, nullable=False),
    #: position in the lesson, for curriculum order
    Column("ord", Integer, nullable=False),
    Column("status", String, nullable=False),  # active | retired
    Column("created_at", Moment, nullable=False),
    #: when what a learner sees last changed (an Anki re-export marks such notes newer)
    Column("updated_at", Moment, nullable=False),
    Column("retired_at", Moment),
    Index("ix_cards_lesson_ord", "lesson_id", "ord"),
)

card_state = Table(
    "card_state", metadata,
    # FSRS memory of an introduced card; a card with no row here is new
    Column("card_id", String, ForeignKey("cards.id"), primary_key=True),
    Column("state", SmallInteger, nullable=False),  # fsrs.State: 1 learning, 2 review, 3 relearning
    Column("step", SmallInteger),
    Column("stability", Float),
    Column("difficulty", Float),
    Column("due", Moment, nullable=False),
    Column("last_review", Moment),
    Column("reps", Integer, nullable=False),
    Column("lapses", Integer, nullable=False),
    Column("introduced_at", Moment, nullable=False),
    #: set by the learner (usually for a leech): kept out of reviews until unsuspended
    Column("suspended", Boolean, nullable=False, server_default=false()),
    Index("ix_card_state_state_due", "state", "due"),
    Index("ix_card_state_due", "due"),
    Index("ix_card_state_introduced", "introduced_at"),
)

review_log = Table(
    "review_log", metadata,
    Column("id", Integer, primary_key=True),
    Column("card_id", String, ForeignKey("cards.id"), nullable=False),
    Column("reviewed_at", Moment, nullable=False),
    Column("rating", SmallInteger, nullable=False),  # 1 Again, 2 Hard, 3 Good, 4 Easy
    Column("duration_ms", Integer),
    Column("answer", Text),
    Column("correct", Boolean),
    #: the card's fsrs state before this answer (NULL: it was new), for stats
    Column("state_before", SmallInteger),
    #: seconds from the answer until the card was due again: the interval this answer set (NULL before 0007)
    Column("interval_s", Integer),
    Index("ix_review_log_card_time", "card_id", "reviewed_at"),
    Index("ix_review_log_time", "reviewed_at"),
)

code_runs = Table(
    "code_runs", metadata,
    # cached runs of lesson code, keyed by the code, the Python version and the limits
    Column("key", String, primary_key=True),
    Column("result", JSON, nullable=False),  # both runs: status, stdout, stderr, exit code, seconds
    Column("ran_at", Moment, nullable=False),
)
