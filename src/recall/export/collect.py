"""`recall export anki`: what to export, read from the database in parts, and the package written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from recall.export.layout import ExportError, ExportReport, check_clock, check_output, layout_of
from recall.export.notes import LessonInfo
from recall.export.parts import worked_out
from recall.store import cards, catalog
from recall.store.database import Database


def export_anki(db: Database, out: Path, lessons: tuple[str, ...], with_scheduling: bool, desired_retention: float,
                now: datetime, *, leech_lapses: int | None = None, progress: Callable[[int], None] | None = None,
                on_total: Callable[[int], None] | None = None) -> ExportReport:
    """Write the active cards of ``lessons`` (all when empty) to ``out``.

    With ``with_scheduling``, studied cards carry their memory, suspension, the leech tag
    (``leech_lapses`` or more lapses) and their review history. ``on_total`` hears how
    many cards there are before the writing starts, ``progress`` how many more are done
    as it goes.
    """
    check_output(out)
    check_clock(now)
    titles = catalog.titles(db)
    unknown = [lesson for lesson in lessons if lesson not in titles]
    if unknown:
        raise ExportError(f"no lesson '{unknown[0]}' in this workspace")
    wanted = list(lessons) if lessons else None
    # the lessons that have cards, in curriculum (id) order, with how many
    counts = {lesson: n for lesson, n in cards.counts(db).items() if wanted is None or lesson in lessons}
    if not counts:
        raise ExportError("no cards to export (run `recall build` first?)")
    if on_total:
        on_total(sum(counts.values()))
    layout = layout_of({lesson: LessonInfo(lesson, titles[lesson]) for lesson in counts}, now, desired_retention,
                       leech_lapses if with_scheduling else None)
    with worked_out(db, counts, wanted, layout, with_scheduling) as parts:
        from recall.export.anki import write_package  # (genanki) while other processes work out the parts

        return write_package(parts, layout, out, now, progress=progress)
