"""`recall export anki`: what to export, read from the database, and the package written."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from recall.export.anki import ExportError, ExportReport, check_clock, check_output, write_package
from recall.export.notes import ANKI_TYPES, MODEL_IDS, LessonInfo, NoteSource
from recall.export.revlog import Answer
from recall.model import Memory
from recall.store import cards, catalog, history
from recall.store.database import Database
from recall.store.times import at, from_db


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
    counts = cards.counts(db)
    chosen = [lesson for lesson in counts if not lessons or lesson in lessons]
    total = sum(counts[lesson] for lesson in chosen)
    if not total:
        raise ExportError("no cards to export (run `recall build` first?)")
    if on_total:
        on_total(total)
    wanted = list(lessons) if lessons else None
    rows = cards.export_rows(db, wanted, with_scheduling)
    strings = lru_cache(maxsize=None)(_strings)  # cards of one concept share their concepts' JSON
    sources = [_source(row, strings) for row in rows]
    answers = [_answer(row) for row in history.answers_for_export(db, wanted)] if with_scheduling else []
    info = {lesson: LessonInfo(lesson, titles[lesson]) for lesson in chosen}
    return write_package(sources, info, out, now, desired_retention=desired_retention,
                         leech_lapses=leech_lapses if with_scheduling else None, answers=answers, progress=progress)


def _source(row: tuple, strings: Callable[[str], tuple[str, ...]]) -> NoteSource:
    """A row of ``cards.export_rows`` as a NoteSource; a damaged value is an ExportError naming the card.

    ``strings`` reads a JSON list of strings (``_strings``, or a memo of it).
    """
    card_id, lesson, source, form, prompt, answer, choices, explanation, code, section, changed, concepts = row[:12]
    try:
        card = NoteSource(card_id, lesson, source, form, prompt, answer, strings(choices), explanation, code,
                          section, changed, strings(concepts))
    except (TypeError, ValueError) as exc:
        raise ExportError(f"card {card_id}: a stored value is damaged ({exc})") from None
    if form not in MODEL_IDS:
        raise ExportError(f"card {card_id}: unknown kind of card '{form}' in the database")
    if len(row) == 12 or row[12] is None:
        return card
    state, step, stability, difficulty, due, last, reps, lapses, suspended = row[12:]
    if state not in ANKI_TYPES:
        raise ExportError(f"card {card_id}: unknown learning state {state!r} in the database")
    try:
        memory = Memory(state, step, stability, difficulty, at(due), from_db(last), reps, lapses)
    except (TypeError, ValueError) as exc:
        raise ExportError(f"card {card_id}: its stored progress is damaged ({exc})") from None
    return card._replace(memory=memory, suspended=bool(suspended))


def _strings(text: str) -> tuple[str, ...]:
    """A JSON list of strings (most cards have none)."""
    if text == "[]":
        return ()
    values = json.loads(text)
    if type(values) is not list:
        raise ValueError(f"expected a list of strings, found {text[:40]!r}")
    "".join(values)  # a TypeError unless every value is a string
    return tuple(values)


def _answer(row: tuple) -> Answer:
    card_id, reviewed_at, rating, duration_ms, state_before, memory_before = row
    try:
        before = json.loads(memory_before) if memory_before is not None else None
        return Answer(card_id, at(reviewed_at), rating, duration_ms, state_before,
                      Memory.from_dict(before) if before is not None else None)
    except (TypeError, ValueError, KeyError) as exc:
        raise ExportError(f"card {card_id}: an answer in its review log is damaged ({exc!r})") from None
