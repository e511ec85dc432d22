"""The lessons table: which file holds which lesson, and what it looked like when built."""

from __future__ import annotations

from sqlalchemy import bindparam, exists, select, update

from recall.curriculum import order
from recall.store import rows
from recall.store.database import Database
from recall.store.models import lessons

_IN_A_FILE = lessons.c.file.is_not(None)


def file_hashes(db: Database) -> dict[str, tuple[str | None, str]]:
    """file -> (content hash, lesson id) for every lesson read from a file."""
    with db.read() as conn:
        return {file: (digest, lesson_id) for file, digest, lesson_id in conn.execute(
            select(lessons.c.file, lessons.c.content_hash, lessons.c.id).where(_IN_A_FILE))}


def file_stats(db: Database) -> dict[str, str | None]:
    """file -> "mtime_ns:size" as the last build saw it."""
    with db.read() as conn:
        return {file: stat for file, stat in conn.execute(select(lessons.c.file, lessons.c.file_stat)
                                                          .where(_IN_A_FILE))}


def record_stats(db: Database, stats: dict[str, str]) -> None:
    """Store each file's "mtime_ns:size" as seen by this build (files no lesson holds are ignored)."""
    stored = file_stats(db)
    changed = [{"stat": stat, "name": file} for file, stat in stats.items() if file in stored and stored[file] != stat]
    if changed:
        with db.write() as conn:
            conn.execute(update(lessons).where(lessons.c.file == bindparam("name"))
                         .values(file_stat=bindparam("stat")), changed)


def prerequisites(db: Database) -> dict[str, list[str]]:
    """lesson id -> the lesson ids it names as prerequisites, for lessons still in a file."""
    with db.read() as conn:
        return {lesson: list(prereqs) for lesson, prereqs in
                rows.fetch(conn, select(lessons.c.id, lessons.c.prerequisites).where(_IN_A_FILE))}


def curriculum(db: Database) -> list[str] | None:
    """Lesson ids (of lessons in a file) in curriculum order as the last build placed them; None when a
    lesson has no place yet (a database from before 0008 that no build has touched since)."""
    with db.read() as conn:
        found = list(conn.execute(select(lessons.c.id, lessons.c.position).where(_IN_A_FILE)
                                  .order_by(lessons.c.position, lessons.c.id)))
    if any(position is None for _, position in found):
        return None
    return [lesson for lesson, _ in found]


def lessons_in_order(db: Database) -> list[str]:
    """Lesson ids in curriculum order: as the last build placed them, else worked out from the prerequisites."""
    placed = curriculum(db)
    return placed if placed is not None else order(prerequisites(db))


def unplaced(db: Database) -> bool:
    """Whether a lesson in a file has no place in the curriculum yet."""
    with db.read() as conn:
        return bool(conn.execute(select(exists().where(_IN_A_FILE, lessons.c.position.is_(None)))).scalar())


def lesson_ids(db: Database) -> set[str]:
    with db.read() as conn:
        return set(conn.execute(select(lessons.c.id).where(_IN_A_FILE)).scalars())


def titles(db: Database) -> dict[str, str]:
    with db.read() as conn:
        return {lesson: title for lesson, title in conn.execute(select(lessons.c.id, lessons.c.title))}


def lesson_infos(db: Database) -> dict[str, tuple[str, list[str]]]:
    """lesson id -> (title, concepts)."""
    with db.read() as conn:
        return {lesson: (title, list(concepts)) for lesson, title, concepts in
                rows.fetch(conn, select(lessons.c.id, lessons.c.title, lessons.c.concepts))}
