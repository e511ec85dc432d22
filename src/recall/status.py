"""The figures behind `recall status`: due, learning, new, next due, per lesson."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from recall.curriculum import order
from recall.days import day_start
from recall.db import queue
from recall.db.database import Database
from recall.settings import Settings
from recall.workspace import Workspace


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


def collect(workspace: Workspace, settings: Settings, now: datetime, tz: tzinfo) -> Status:
    with Database(workspace.db_path) as db:
        con = db.con
        counts = queue.status_counts(con, now)
        titles = dict(con.execute("SELECT id, title FROM lessons"))
        ordered = order(queue.lesson_prerequisites(con))
        ordered += sorted(set(counts) - set(ordered))
        lessons = [LessonStatus(lesson, titles.get(lesson, lesson), **{k: counts[lesson][k] for k in
                                                                         ("due", "learning", "new", "total")})
                   for lesson in ordered if lesson in counts]
        introduced = queue.introduced_since(con, day_start(now, tz, settings.day_starts_at))
        new_today = min(max(0, settings.new_per_day - introduced), sum(l.new for l in lessons))
        return Status(lessons, new_today, queue.next_due(con, after=now))
