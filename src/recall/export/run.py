"""`recall export anki`: gather cards (and progress) from the database and write the package."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from recall.db import queue
from recall.db.database import Database
from recall.db.queries import export_rows, lesson_infos
from recall.settings import Settings
from recall.workspace import Workspace

PROGRESS_FROM = 5000  # show a progress bar for exports at least this large


def export_anki(ws: Workspace, out: Path, lessons: tuple[str, ...], with_scheduling: bool, settings: Settings,
                now: datetime):
    from recall.export.anki import LessonInfo, write_package
    from recall.export.notes import NoteSource

    with Database(ws.db_path) as db:
        infos = lesson_infos(db.con)
        unknown = [lesson for lesson in lessons if lesson not in infos]
        if unknown:
            raise click.ClickException(f"no lesson '{unknown[0]}' in this workspace")
        rows = [row for lesson in (lessons or [None]) for row in export_rows(db.con, lesson)]
        if not rows:
            raise click.ClickException("no cards to export (run `recall build` first?)")
        if with_scheduling:
            memory = queue.memories(db.con)
            items = [NoteSource(*row, memory.get(row[0])) for row in rows]
        else:
            items = [NoteSource(*row) for row in rows]
    info = {lesson: LessonInfo(lesson, title, tuple(concepts)) for lesson, (title, concepts) in infos.items()}
    if len(items) < PROGRESS_FROM or not sys.stderr.isatty():
        return write_package(items, info, out, now, desired_retention=settings.desired_retention)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("Exporting", total=len(items))
        return write_package(items, info, out, now, desired_retention=settings.desired_retention,
                             progress=lambda n: bar.advance(task, n))
