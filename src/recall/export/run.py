"""`recall export anki`: what to export, read from the database in parts, and the package written."""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime
from functools import partial
from pathlib import Path

import click

from recall.db.database import Database
from recall.db.queries import card_counts, export_rows, lesson_infos
from recall.db.times import from_db
from recall.memory import Memory
from recall.settings import Settings
from recall.workspace import Workspace

PROGRESS_FROM = 5000  # show a progress bar for exports at least this large
PARALLEL_FROM = 20_000  # from this many cards, two processes read and write half each


def export_anki(ws: Workspace, out: Path, lessons: tuple[str, ...], with_scheduling: bool, settings: Settings,
                now: datetime):
    from recall.export.anki import LessonInfo, Part, write_package

    with Database(ws.db_path) as db:
        infos = lesson_infos(db.con)
        unknown = [lesson for lesson in lessons if lesson not in infos]
        if unknown:
            raise click.ClickException(f"no lesson '{unknown[0]}' in this workspace")
        counts = card_counts(db.con)
    chosen = [lesson for lesson in counts if not lessons or lesson in lessons]
    total = sum(counts[lesson] for lesson in chosen)
    if not total:
        raise click.ClickException("no cards to export (run `recall build` first?)")
    parts, offset = [], 0
    for group in _split(chosen, counts, 2 if total >= PARALLEL_FROM else 1):
        only = list(group) if lessons else None
        parts.append(Part(offset, partial(_read, ws.db_path, group[0], group[-1], only, with_scheduling)))
        offset += sum(counts[lesson] for lesson in group)
    info = {lesson: LessonInfo(lesson, infos[lesson][0], tuple(infos[lesson][1])) for lesson in chosen}
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        return write_package(parts, info, out, now, desired_retention=settings.desired_retention)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("Exporting", total=total)
        return write_package(parts, info, out, now, desired_retention=settings.desired_retention,
                             progress=lambda n: bar.advance(task, n))


#: The share of the cards the parent process takes when there are two: a worker also
#: writes its part to a file that the parent then copies in.
FIRST_SHARE = 0.54


def _split(lessons: list[str], counts: dict[str, int], pieces: int) -> list[list[str]]:
    """Consecutive runs of lessons: the first with FIRST_SHARE of the cards, the rest evenly."""
    total = sum(counts[lesson] for lesson in lessons)
    bounds = [FIRST_SHARE + (1 - FIRST_SHARE) * k / (pieces - 1) for k in range(pieces - 1)] if pieces > 1 else []
    groups: list[list[str]] = [[]]
    done = 0
    for lesson in lessons:
        if groups[-1] and len(groups) < pieces and done >= total * bounds[len(groups) - 1]:
            groups.append([])
        groups[-1].append(lesson)
        done += counts[lesson]
    return groups


def _read(db_path: Path, first: str, last: str, only: list[str] | None, with_memory: bool) -> list:
    """One part's cards; a connection of its own (a forked worker must not share its parent's)."""
    from recall.export.notes import NoteSource

    con = sqlite3.connect(db_path)
    try:
        rows = export_rows(con, first, last, only, with_memory)
    finally:
        con.close()
    if not with_memory:
        return [NoteSource(*row) for row in rows]
    return [NoteSource(*row[:11], _memory(row[11:])) for row in rows]


def _memory(columns: tuple) -> Memory | None:
    state, step, stability, difficulty, due, last, reps, lapses = columns
    if state is None:
        return None
    return Memory(state, step, stability, difficulty, from_db(due), from_db(last), reps, lapses)
