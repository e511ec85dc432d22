"""The figures behind `recall stats`, computed from the review log with the clock passed in.

Days are the learner's days: they start at ``day_starts_at`` local time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from recall.store import history
from recall.store.database import Database
from recall.study.days import day_start

LEECH_LAPSES = 8
MASTERED_DAYS = 21
RETENTION_DAYS = 30
FORECAST_DAYS = 30
HEATMAP_DAYS = 365


@dataclass(frozen=True)
class LessonStats:
    id: str
    title: str
    cards: int
    mastered: int
    retention: float | None  # share of review-state answers correct, last 30 days
    reviews_30d: int


@dataclass(frozen=True)
class Stats:
    today: date
    reviews_per_day: dict[date, int]  # the last year, days with reviews only
    forecast: list[int]  # cards due on each of the next 30 days (today first, overdue included)
    retention: float | None
    retention_reviews: int
    streak: int
    time_ms_total: int
    time_ms_30d: int
    lessons: list[LessonStats] = field(default_factory=list)
    leeches: list[tuple[str, str, int]] = field(default_factory=list)  # (card id, prompt, lapses)
    answers_30d: int = 0  # every answer of the last 30 days, new and learning cards' too


def _shift(now: datetime, tz: tzinfo, hour: int) -> int:
    """Seconds to add to a UTC time to land in the learner's day (see store.history)."""
    offset = now.astimezone(tz).utcoffset() or timedelta(0)
    return int(offset.total_seconds()) - hour * 3600


def collect(db: Database, now: datetime, tz: tzinfo, day_starts_at: int = 4, lesson: str | None = None) -> Stats:
    began = day_start(now, tz, day_starts_at)
    today = began.astimezone(tz).date()
    shift = _shift(now, tz, day_starts_at)
    per_day = history.reviews_per_day(db, began - timedelta(days=HEATMAP_DAYS - 1), shift, lesson)
    forecast = [0] * FORECAST_DAYS
    for day, n in history.due_per_day(db, began + timedelta(days=FORECAST_DAYS), shift, lesson).items():
        forecast[max(0, (day - today).days)] += n
    month_ago = now - timedelta(days=RETENTION_DAYS)
    correct, total = history.retention(db, month_ago, lesson)
    time_total, time_30 = history.time_spent(db, month_ago, lesson)
    lessons = [LessonStats(lesson_id, title, cards, mastered, ok / n if n else None, n)
               for lesson_id, title, cards, mastered, ok, n in history.lessons(db, MASTERED_DAYS, month_ago, lesson)]
    recent = today - timedelta(days=RETENTION_DAYS)
    return Stats(today, per_day, forecast, correct / total if total else None, total,
                 streak(set(per_day), today), time_total, time_30, lessons,
                 history.leeches(db, LEECH_LAPSES, lesson), sum(n for day, n in per_day.items() if day > recent))


def streak(days: set[date], today: date) -> int:
    """Days in a row with reviews, ending today (or yesterday, if today has none yet)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count
