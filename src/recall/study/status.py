"""The figures behind `recall status`: due, learning, new, next due, per lesson."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from recall.settings import Settings
from recall.store import catalog, queue
from recall.store.database import Database
from recall.study.curriculum import order
from recall.study.days import day_start


@dataclass(frozen=True)
class LessonStatus:
    id: str
    title: str
    due: int
    learning: int
    new: int
    total: int


@dataclass(frozen=True)
class Status:
    lessons: list[LessonStatus]
    new_today: int  # new cards that today's limit still allows
    next_due: datetime | None

    @property
    def total(self) -> LessonStatus:
        return LessonStatus("total", "Total", sum(l.due for l in self.lessons), sum(l.learning for l in self.lessons),
                            sum(l.new for l in self.lessons), sum(l.total for l in self.lessons))


def collect(db: Database, settings: Settings, now: datetime, tz: tzinfo) -> Status:
    counts = queue.status_counts(db, now)
    titles = catalog.titles(db)
    ordered = order(catalog.prerequisites(db))
    ordered += sorted(set(counts) - set(ordered))
    lessons = [LessonStatus(lesson, titles.get(lesson, lesson), **{k: counts[lesson][k] for k in
                                                                     ("due", "learning", "new", "total")})
               for lesson in ordered if lesson in counts]
    introduced = queue.introduced_since(db, day_start(now, tz, settings.day_starts_at))
    new_today = min(max(0, settings.new_per_day - introduced), sum(l.new for l in lessons))
    return Status(lessons, new_today, queue.next_due(db, after=now))
