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


def export_rows(con: sqlite3.Connection, first: str, last: str, only: list[str] | None = None,
                memory: bool = False) -> list[tuple]:
    """Active cards of the lessons ``first``..``last`` (or just those ``only``), in curriculum order.

    Columns as export.notes.NoteSource has them, the change time in epoch seconds; with
    ``memory``, the card's memory columns follow (NULL for a card never studied).
    """
    where, args = "c.lesson_id BETWEEN ? AND ?", [first, last]
    if only is not None:
        where += f" AND c.lesson_id IN ({', '.join('?' * len(only))})"
        args += only
    state = (", s.state, s.step, s.stability, s.difficulty, s.due, s.last_review, s.reps, s.lapses"
             if memory else "")
    join = " LEFT JOIN card_state s ON s.card_id = c.id" if memory else ""
    return con.execute(
        "SELECT c.id, c.lesson_id, c.source, c.form, c.prompt, c.answer, c.choices, c.explanation, c.code, "
        f"c.section, CAST(strftime('%s', c.updated_at) AS INTEGER){state} FROM cards c{join} "
        f"WHERE c.status = 'active' AND {where} ORDER BY c.lesson_id, c.ord", args).fetchall()


def card_counts(con: sqlite3.Connection) -> dict[str, int]:
    """Active cards per lesson, lessons in id order (the order of every card listing)."""
    return dict(con.execute("SELECT lesson_id, count(*) FROM cards WHERE status = 'active' "
                            "GROUP BY lesson_id ORDER BY lesson_id"))


def lesson_ids(con: sqlite3.Connection) -> set[str]:
    return {row[0] for row in con.execute("SELECT id FROM lessons WHERE file IS NOT NULL")}


def lesson_infos(con: sqlite3.Connection) -> dict[str, tuple[str, list[str]]]:
    """lesson id -> (title, concepts)."""
    return {lesson: (title, json.loads(concepts))
            for lesson, title, concepts in con.execute("SELECT id, title, concepts FROM lessons")}
