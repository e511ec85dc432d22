"""`recall export anki`: what to export, read from the database, and the package written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from recall.export.anki import ExportReport, write_package
from recall.export.notes import LessonInfo, NoteSource
from recall.store import cards, catalog
from recall.store.database import Database


class ExportError(Exception):
    """An export that cannot be made; the message says why."""


def export_anki(db: Database, out: Path, lessons: tuple[str, ...], with_scheduling: bool, desired_retention: float,
                now: datetime, progress: Callable[[int], None] | None = None,
                on_total: Callable[[int], None] | None = None) -> ExportReport:
    """Write the active cards of ``lessons`` (all when empty) to ``out``.

    ``on_total`` hears how many cards there are before the writing starts, ``progress``
    how many more are done as it goes.
    """
    infos = catalog.lesson_infos(db)
    unknown = [lesson for lesson in lessons if lesson not in infos]
    if unknown:
        raise ExportError(f"no lesson '{unknown[0]}' in this workspace")
    counts = cards.counts(db)
    chosen = [lesson for lesson in counts if not lessons or lesson in lessons]
    total = sum(counts[lesson] for lesson in chosen)
    if not total:
        raise ExportError("no cards to export (run `recall build` first?)")
    if on_total:
        on_total(total)
    sources = [NoteSource(*row) for row in cards.export_rows(db, list(lessons) if lessons else None, with_scheduling)]
    info = {lesson: LessonInfo(lesson, infos[lesson][0], tuple(infos[lesson][1])) for lesson in chosen}
    return write_package(sources, info, out, now, desired_retention=desired_retention, progress=progress)

