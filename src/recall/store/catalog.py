"""The lessons table: which file holds which lesson, and what it looked like when built."""

from __future__ import annotations

import json

from recall.store.database import Database


def file_hashes(db: Database) -> dict[str, tuple[str | None, str]]:
    """file -> (content hash, lesson id) for every lesson read from a file."""
    rows = db.con.execute("SELECT file, content_hash, id FROM lessons WHERE file IS NOT NULL")
    return {file: (digest, lesson_id) for file, digest, lesson_id in rows}


def file_stats(db: Database) -> dict[str, str | None]:
    """file -> "mtime_ns:size" as the last build saw it."""
    return dict(db.con.execute("SELECT file, file_stat FROM lessons WHERE file IS NOT NULL"))


def record_stats(db: Database, stats: dict[str, str]) -> None:
    """Store each file's "mtime_ns:size" as seen by this build (files no lesson holds are ignored)."""
    stored = file_stats(db)
    changed = [(stat, file) for file, stat in stats.items() if file in stored and stored[file] != stat]
    if changed:
        with db.immediate() as con:
            con.executemany("UPDATE lessons SET file_stat = ? WHERE file = ?", changed)


def prerequisites(db: Database) -> dict[str, list[str]]:
    """lesson id -> the lesson ids it names as prerequisites, for lessons still in a file."""
    return {lesson: json.loads(prereqs) for lesson, prereqs in
            db.con.execute("SELECT id, prerequisites FROM lessons WHERE file IS NOT NULL")}


def lesson_ids(db: Database) -> set[str]:
    return {row[0] for row in db.con.execute("SELECT id FROM lessons WHERE file IS NOT NULL")}


def titles(db: Database) -> dict[str, str]:
    return dict(db.con.execute("SELECT id, title FROM lessons"))


def lesson_infos(db: Database) -> dict[str, tuple[str, list[str]]]:
    """lesson id -> (title, concepts)."""
    return {lesson: (title, json.loads(concepts))
            for lesson, title, concepts in db.con.execute("SELECT id, title, concepts FROM lessons")}
