"""A thin adapter over the ``fsrs`` package: our stored memory state in, FSRS out.

FSRS has no "new" state; a card with no stored memory is new, and its first answer
creates the memory. Every call passes ``card_id`` and an aware UTC time: a bare
``fsrs.Card()`` reads the clock and sleeps.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

from recall.model import Memory
from recall.settings import Settings

RATINGS = (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy)
RATING_NAMES = {Rating.Again: "Again", Rating.Hard: "Hard", Rating.Good: "Good", Rating.Easy: "Easy"}


def scheduler(settings: Settings, fuzz: bool = True) -> Scheduler:
    kwargs = {"parameters": settings.parameters} if settings.parameters else {}
    return Scheduler(desired_retention=settings.desired_retention, learning_steps=settings.learning_steps,
                     relearning_steps=settings.relearning_steps, maximum_interval=settings.maximum_interval,
                     enable_fuzzing=fuzz, **kwargs)


def fsrs_id(card_id: str) -> int:
    """Our hex card ids as the integer ids fsrs wants (and Anki's card ids)."""
    return int(card_id[:15], 16)


def to_fsrs(card_id: str, memory: Memory | None, now: datetime) -> Card:
    if memory is None:
        return Card(card_id=fsrs_id(card_id), state=State.Learning, step=0, due=now)
    return Card(card_id=fsrs_id(card_id), state=State(memory.state), step=memory.step,
                stability=memory.stability, difficulty=memory.difficulty, due=memory.due,
                last_review=memory.last_review)


def review(sched: Scheduler, card_id: str, memory: Memory | None, rating: Rating, now: datetime,
           duration_ms: int | None = None) -> Memory:
    """The memory after answering ``rating`` at ``now``."""
    _check_utc(now)
    before = to_fsrs(card_id, memory, now)
    with _fuzz_seed(sched, card_id, now):
        after, _ = sched.review_card(before, rating, now, duration_ms)
    reps = (memory.reps if memory else 0) + 1
    forgot = memory is not None and memory.state == State.Review and rating == Rating.Again
    lapses = (memory.lapses if memory else 0) + (1 if forgot else 0)
    return Memory(state=int(after.state), step=after.step, stability=after.stability,
                  difficulty=after.difficulty, due=after.due, last_review=after.last_review,
                  reps=reps, lapses=lapses)


def preview(sched: Scheduler, card_id: str, memory: Memory | None, now: datetime) -> dict[Rating, timedelta]:
    """How long until the card is due again for each rating: what the buttons show."""
    return {rating: review(sched, card_id, memory, rating, now).due - now for rating in RATINGS}


def short_interval(delta: timedelta) -> str:
    """Anki-style button text: 45s, 10m, 3h, 4d, 2.1mo, 1.5y."""
    seconds = max(0, delta.total_seconds())
    if seconds < 60:
        return f"{round(seconds)}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")


class _fuzz_seed:
    """Seed fsrs's interval fuzz per card and day, so the button preview is what an answer gives."""

    def __init__(self, sched: Scheduler, card_id: str, now: datetime):
        self.active = sched.enable_fuzzing
        self.seed = f"{card_id}:{now.date().isoformat()}"

    def __enter__(self):
        if self.active:
            self.saved = random.getstate()
            random.seed(self.seed)

    def __exit__(self, *exc):
        if self.active:
            random.setstate(self.saved)


def _check_utc(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() != timedelta(0):
        raise ValueError("recall passes aware UTC datetimes to fsrs")


def as_utc(now: datetime) -> datetime:
    return now.astimezone(UTC) if now.tzinfo is not None else now.replace(tzinfo=UTC)
