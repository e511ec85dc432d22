"""`recall export anki`: gather cards (and progress) from the database and write the package."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from recall.db import queue
from recall.db.database import Database
from recall.db.queries import lesson_infos, list_cards
from recall.db.times import from_db
from recall.settings import Settings
from recall.workspace import Workspace

PROGRESS_FROM = 5000  # show a progress bar for exports at least this large


def export_anki(ws: Workspace, out: Path, lessons: tuple[str, ...], with_scheduling: bool, settings: Settings,
                now: datetime):
    from recall.export.anki import ExportCard, LessonInfo, write_package

    with Database(ws.db_path) as db:
        infos = lesson_infos(db.con)
        unknown = [lesson for lesson in lessons if lesson not in infos]
        if unknown:
            raise click.ClickException(f"no lesson '{unknown[0]}' in this workspace")
        cards = [card for lesson in (lessons or [None]) for card in list_cards(db.con, lesson=lesson)]
        if not cards:
            raise click.ClickException("no cards to export (run `recall build` first?)")
        memory = queue.memories(db.con) if with_scheduling else {}
        changed = {card_id: from_db(when) for card_id, when in db.con.execute("SELECT id, updated_at FROM cards")}
        items = [ExportCard(card, memory.get(card["id"]), changed[card["id"]]) for card in cards]
    info = {lesson: LessonInfo(lesson, title, tuple(concepts)) for lesson, (title, concepts) in infos.items()}
    if len(items) < PROGRESS_FROM or not sys.stderr.isatty():
        return write_package(items, info, out, now, desired_retention=settings.desired_retention)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("Exporting", total=len(items))
        return write_package(items, info, out, now, desired_retention=settings.desired_retention,
                             progress=lambda n: bar.advance(task, n))
