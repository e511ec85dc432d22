"""The figures behind `recall status`: due, learning, new, next due, per lesson."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cached_property

from recall.settings import Settings
from recall.store import catalog, queue
from recall.store.database import Database
from recall.study.days import day_start


@dataclass(frozen=True)
class LessonStatus:
    """A lesson's cards, each counted once: new + learning + due + later + suspended = total."""

    id: str
    title: str
    new: int  # never studied
    learning: int  # in their learning steps (due now or later today)
    due: int  # in review, due now
    later: int  # in review, due later
    suspended: int
    total: int
    due_now: int  # what a review would show now: learning and review cards due


@dataclass(frozen=True)
class Status:
    lessons: list[LessonStatus]
    new_today: int  # new cards that today's limit still allows
    next_due: datetime | None

    @cached_property
    def total(self) -> LessonStatus:
        sums = {name: sum(getattr(l, name) for l in self.lessons) for name in COUNTS}
        return LessonStatus("total", "Total", **sums)


COUNTS = ("new", "learning", "due", "later", "suspended", "total", "due_now")


def collect(db: Database, settings: Settings, now: datetime, tz: tzinfo) -> Status:
    counts = queue.status_counts(db, now)
    titles = catalog.titles(db)
    ordered = catalog.lessons_in_order(db)
    ordered += sorted(set(counts) - set(ordered))
    lessons = [_lesson(lesson, titles.get(lesson, lesson), counts[lesson]) for lesson in ordered if lesson in counts]
    introduced = queue.introduced_since(db, day_start(now, tz, settings.day_starts_at))
    new_today = min(max(0, settings.new_per_day - introduced), sum(l.new for l in lessons))
    return Status(lessons, new_today, queue.next_due(db, after=now))


def _lesson(lesson: str, title: str, n: dict[str, int]) -> LessonStatus:
    review = n["total"] - n["new"] - n["suspended"] - n["learning"]
    return LessonStatus(lesson, title, new=n["new"], learning=n["learning"], due=n["review_due"],
                        later=review - n["review_due"], suspended=n["suspended"], total=n["total"], due_now=n["due"])
