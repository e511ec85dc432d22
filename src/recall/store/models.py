"""The schema, as SQLAlchemy 2.x declarative models. Migrations live in ``migrations/``."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC text."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("datetimes stored by recall must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return value.replace(tzinfo=UTC) if value is not None else None


class Base(DeclarativeBase):
    pass


class LessonRow(Base):
    __tablename__ = "lessons"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    #: the file the lesson was last read from; NULL once the file is gone
    file: Mapped[str | None] = mapped_column(String, index=True)
    #: hash of the file's bytes and the generator version; unchanged files are skipped
    content_hash: Mapped[str | None] = mapped_column(String)
    prerequisites: Mapped[list] = mapped_column(JSON, default=list)
    concepts: Mapped[list] = mapped_column(JSON, default=list)
    #: "mtime_ns:size" of the file when last built: a cheap staleness check before a review
    file_stat: Mapped[str | None] = mapped_column(String)


class CardRow(Base):
    __tablename__ = "cards"
    __table_args__ = (Index("ix_cards_lesson_ord", "lesson_id", "ord"),)

    id: Mapped[str] = mapped_column(String, primary_key=True)
    lesson_id: Mapped[str] = mapped_column(ForeignKey("lessons.id"))
    source: Mapped[str] = mapped_column(String)
    form: Mapped[str] = mapped_column(String)
    prompt: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    choices: Mapped[list] = mapped_column(JSON, default=list)
    explanation: Mapped[str] = mapped_column(Text, default="")
    code: Mapped[str] = mapped_column(Text, default="")
    file: Mapped[str] = mapped_column(String)
    line: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(Text, default="")
    #: position in the lesson, for curriculum order
    ord: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String, default="active")  # active | retired
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: when what a learner sees last changed (an Anki re-export marks such notes newer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: earlier code of the lesson that ``code`` runs after (not shown)
    setup: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: the lesson's concepts this card is about
    concepts: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")


class CardStateRow(Base):
    """FSRS memory of an introduced card; a card with no row here is new."""

    __tablename__ = "card_state"
    __table_args__ = (Index("ix_card_state_state_due", "state", "due"),
                      Index("ix_card_state_due", "due"),
                      Index("ix_card_state_introduced", "introduced_at"))

    card_id: Mapped[str] = mapped_column(ForeignKey("cards.id"), primary_key=True)
    state: Mapped[int] = mapped_column(Integer)  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(UTCDateTime)
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)
    introduced_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: set by the learner (usually for a leech): kept out of reviews until unsuspended
    suspended: Mapped[bool] = mapped_column(default=False, server_default=false())


class ReviewRow(Base):
    __tablename__ = "review_log"
    __table_args__ = (Index("ix_review_log_card_time", "card_id", "reviewed_at"),
                      Index("ix_review_log_time", "reviewed_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[str] = mapped_column(ForeignKey("cards.id"))
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rating: Mapped[int] = mapped_column(Integer)  # 1 Again, 2 Hard, 3 Good, 4 Easy
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    answer: Mapped[str | None] = mapped_column(Text)
    correct: Mapped[bool | None] = mapped_column()
    #: the card's fsrs state before this answer (NULL: it was new), for stats
    state_before: Mapped[int | None] = mapped_column(Integer)
    #: the whole memory before this answer (NULL: it was new), so undo can restore it
    memory_before: Mapped[dict | None] = mapped_column(JSON)


class CodeRunRow(Base):
    """Cached runs of lesson code, keyed by the code, the Python version and the limits."""

    __tablename__ = "code_runs"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    result: Mapped[dict] = mapped_column(JSON)  # both runs: status, stdout, stderr, exit code, seconds
    ran_at: Mapped[datetime] = mapped_column(UTCDateTime)
