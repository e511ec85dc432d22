"""Read-only queries on the hot paths, through the plain sqlite3 connection."""

from __future__ import annotations

import json
import sqlite3

CARD_FIELDS = ("id", "lesson", "source", "form", "prompt", "answer", "choices", "explanation",
               "code", "file", "line", "section", "status")


def file_hashes(con: sqlite3.Connection) -> dict[str, tuple[str | None, str]]:
    """file -> (content hash, lesson id) for every lesson read from a file."""
    rows = con.execute("SELECT file, content_hash, id FROM lessons WHERE file IS NOT NULL")
    return {file: (digest, lesson_id) for file, digest, lesson_id in rows}


def list_cards(con: sqlite3.Connection, *, lesson: str | None = None, source: str | None = None,
               status: str | None = "active") -> list[dict]:
    """Cards as plain dicts in curriculum order (lesson, then position in the lesson)."""
    where, args = [], []
    for column, value in (("lesson_id", lesson), ("source", source), ("status", status)):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    sql = ("SELECT id, lesson_id, source, form, prompt, answer, choices, explanation, code, file, line, "
           "section, status FROM cards" + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY lesson_id, ord")
    out = []
    loads = json.loads
    for row in con.execute(sql, args):
        card = dict(zip(CARD_FIELDS, row))
        choices = card["choices"]
        card["choices"] = [] if choices == "[]" else loads(choices)  # most cards have none
        out.append(card)
    return out


def export_rows(con: sqlite3.Connection, lesson: str | None = None) -> list[tuple]:
    """Active cards in curriculum order, as the Anki export reads them (see export.notes.NoteSource).

    The last column is when the card's text last changed, in epoch seconds.
    """
    where, args = ("AND lesson_id = ? ", (lesson,)) if lesson else ("", ())
    return con.execute(
        "SELECT id, lesson_id, source, form, prompt, answer, choices, explanation, code, section, "
        "CAST(strftime('%s', updated_at) AS INTEGER) FROM cards "
        f"WHERE status = 'active' {where}ORDER BY lesson_id, ord", args).fetchall()


def lesson_ids(con: sqlite3.Connection) -> set[str]:
    return {row[0] for row in con.execute("SELECT id FROM lessons WHERE file IS NOT NULL")}


def lesson_infos(con: sqlite3.Connection) -> dict[str, tuple[str, list[str]]]:
    """lesson id -> (title, concepts)."""
    return {lesson: (title, json.loads(concepts))
            for lesson, title, concepts in con.execute("SELECT id, title, concepts FROM lessons")}
