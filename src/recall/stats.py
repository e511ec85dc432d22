"""The figures behind `recall stats`, computed from the review log with the clock passed in.

Days are the learner's days: they start at ``day_starts_at`` local time.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from recall.days import day_start
from recall.db.times import to_db

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


def _offset(now: datetime, tz: tzinfo, hour: int) -> str:
    """SQLite date modifier turning a stored UTC time into the learner's day."""
    seconds = int(now.astimezone(tz).utcoffset().total_seconds()) - hour * 3600
    return f"{seconds:+d} seconds"


def collect(con: sqlite3.Connection, now: datetime, tz: tzinfo, day_starts_at: int = 4,
            lesson: str | None = None) -> Stats:
    began = day_start(now, tz, day_starts_at)
    today = (began.astimezone(tz)).date()
    shift = _offset(now, tz, day_starts_at)
    lesson_join = " JOIN cards c ON c.id = r.card_id" if lesson else ""
    lesson_where = " AND c.lesson_id = ?" if lesson else ""
    args = (lesson,) if lesson else ()
    year_ago = began - timedelta(days=HEATMAP_DAYS - 1)
    per_day = {date.fromisoformat(day): n for day, n in con.execute(
        f"SELECT date(r.reviewed_at, ?) AS day, count(*) FROM review_log r{lesson_join} "
        f"WHERE r.reviewed_at >= ?{lesson_where} GROUP BY day", (shift, to_db(year_ago), *args))}

    forecast = [0] * FORECAST_DAYS
    for day, n in con.execute(
            "SELECT date(s.due, ?) AS day, count(*) FROM card_state s JOIN cards c ON c.id = s.card_id "
            f"WHERE c.status = 'active' AND NOT s.suspended AND s.due < ?{lesson_where} "
            "GROUP BY day", (shift, to_db(began + timedelta(days=FORECAST_DAYS)), *args)):
        index = max(0, (date.fromisoformat(day) - today).days)
        forecast[index] += n

    month_ago = to_db(now - timedelta(days=RETENTION_DAYS))
    correct, total = con.execute(
        f"SELECT coalesce(sum(r.rating > 1), 0), count(*) FROM review_log r{lesson_join} "
        f"WHERE r.state_before = 2 AND r.reviewed_at >= ?{lesson_where}", (month_ago, *args)).fetchone()
    time_total, time_30 = con.execute(
        f"SELECT coalesce(sum(r.duration_ms), 0), coalesce(sum(CASE WHEN r.reviewed_at >= ? THEN r.duration_ms END), 0) "
        f"FROM review_log r{lesson_join} WHERE 1{lesson_where}", (month_ago, *args)).fetchone()

    lessons = []
    for lesson_id, title, cards, mastered in con.execute(
            "SELECT c.lesson_id, l.title, count(*), coalesce(sum(s.stability >= ?), 0) FROM cards c "
            "JOIN lessons l ON l.id = c.lesson_id LEFT JOIN card_state s ON s.card_id = c.id "
            f"WHERE c.status = 'active'{lesson_where} GROUP BY c.lesson_id ORDER BY c.lesson_id",
            (MASTERED_DAYS, *args)):
        ok, n = con.execute(
            "SELECT coalesce(sum(r.rating > 1), 0), count(*) FROM review_log r JOIN cards c ON c.id = r.card_id "
            "WHERE r.state_before = 2 AND r.reviewed_at >= ? AND c.lesson_id = ?", (month_ago, lesson_id)).fetchone()
        lessons.append(LessonStats(lesson_id, title, cards, mastered, ok / n if n else None, n))

    leeches = [(card_id, prompt, lapses) for card_id, prompt, lapses in con.execute(
        "SELECT c.id, c.prompt, s.lapses FROM card_state s JOIN cards c ON c.id = s.card_id "
        f"WHERE s.lapses >= ? AND c.status = 'active'{lesson_where} ORDER BY s.lapses DESC, c.id",
        (LEECH_LAPSES, *args))]

    return Stats(today, per_day, forecast, correct / total if total else None, total,
                 streak(set(per_day), today), time_total, time_30, lessons, leeches)


def streak(days: set[date], today: date) -> int:
    """Days in a row with reviews, ending today (or yesterday, if today has none yet)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count
