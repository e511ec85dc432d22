"""`recall export anki`: what to export, read from the database, and the package written."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from recall.export.anki import ExportError, ExportReport, check_clock, check_output, write_package
from recall.export.notes import ANKI_TYPES, MODEL_IDS, LessonInfo, NoteSource
from recall.export.revlog import Answer
from recall.store import cards, catalog, history
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
    sources = [_source(row) for row in cards.export_rows(db, wanted, with_scheduling)]
    if not sources:
        raise ExportError("no cards to export (run `recall build` first?)")
    if on_total:
        on_total(len(sources))
    answers = [_answer(row) for row in history.answers_for_export(db, wanted)] if with_scheduling else []
    # the lessons that have cards, in id order (the cards come in lesson order)
    info = {lesson: LessonInfo(lesson, titles[lesson]) for lesson in dict.fromkeys(card.lesson for card in sources)}
    return write_package(sources, info, out, now, desired_retention=desired_retention,
                         leech_lapses=leech_lapses if with_scheduling else None, answers=answers, progress=progress)


def _source(row: tuple) -> NoteSource:
    """A row of ``cards.export_rows`` as a NoteSource; a value no version of recall writes is an
    ExportError naming the card (values that do not decode at all are the store's DamagedError)."""
    card = NoteSource(*row[:12])
    if card.form not in MODEL_IDS:
        raise ExportError(f"card {card.id}: unknown kind of card '{card.form}' in the database")
    if len(row) == 12 or row[12] is None:
        return card
    memory, suspended = row[12], row[13]
    if memory.state not in ANKI_TYPES:
        raise ExportError(f"card {card.id}: unknown learning state {memory.state!r} in the database")
    return card._replace(memory=memory, suspended=suspended)


def _answer(row: tuple) -> Answer:
    return Answer(*row)
