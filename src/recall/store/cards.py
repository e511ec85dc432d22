"""Reading cards: listings, one card as a review shows it, the rows an export needs."""

from __future__ import annotations

import json

from recall.model import CardView
from recall.store.database import Database

CARD_FIELDS = ("id", "lesson", "source", "form", "prompt", "answer", "choices", "explanation",
               "code", "setup", "concepts", "file", "line", "section", "status")


class CardError(Exception):
    """A card id that does not name one card, or a card that cannot be (un)suspended."""


def list_cards(db: Database, *, lesson: str | None = None, source: str | None = None,
               status: str | None = "active") -> list[dict]:
    """Cards as plain dicts in curriculum order (lesson, then position in the lesson)."""
    where, args = [], []
    for column, value in (("lesson_id", lesson), ("source", source), ("status", status)):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    sql = ("SELECT id, lesson_id, source, form, prompt, answer, choices, explanation, code, setup, concepts, "
           "file, line, section, status FROM cards" + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY lesson_id, ord")
    out = []
    loads = json.loads
    for row in db.con.execute(sql, args):
        card = dict(zip(CARD_FIELDS, row))
        for key in ("choices", "concepts"):
            value = card[key]
            card[key] = [] if value == "[]" else loads(value)  # most cards have none
        out.append(card)
    return out


def marked(db: Database, *, suspended: bool, leech_lapses: int | None) -> set[str]:
    """Ids of the cards that are suspended (if asked) or leeches (forgotten ``leech_lapses`` times or more)."""
    return {row[0] for row in db.con.execute(
        "SELECT card_id FROM card_state WHERE (? AND suspended) OR (? AND lapses >= ?)",
        (suspended, leech_lapses is not None, leech_lapses or 0))}


def view(db: Database, card_id: str) -> CardView:
    row = db.con.execute(
        "SELECT c.id, c.lesson_id, l.title, c.source, c.form, c.prompt, c.answer, c.choices, c.explanation, "
        "c.code, c.section, c.file, c.line FROM cards c JOIN lessons l ON l.id = c.lesson_id WHERE c.id = ?",
        (card_id,)).fetchone()
    values = list(row)
    values[7] = tuple(json.loads(values[7]))
    return CardView(*values)


def resolve(db: Database, prefix: str) -> str:
    """The one card id starting with ``prefix``, or a clear error."""
    rows = [r[0] for r in db.con.execute("SELECT id FROM cards WHERE id LIKE ? || '%' LIMIT 2", (prefix,))]
    if not rows:
        raise CardError(f"no card '{prefix}' (see `recall cards`)")
    if len(rows) > 1:
        raise CardError(f"'{prefix}' starts more than one card id; give more of it")
    return rows[0]


def authored_at(db: Database, file: str, line: int) -> list[str]:
    """Ids of the active hand-written cards that start at ``file:line``."""
    return [row[0] for row in db.con.execute(
        "SELECT id FROM cards WHERE file = ? AND line = ? AND source = 'authored' AND status = 'active'",
        (file, line))]


def counts(db: Database) -> dict[str, int]:
    """Active cards per lesson, lessons in id order (the order of every card listing)."""
    return dict(db.con.execute("SELECT lesson_id, count(*) FROM cards WHERE status = 'active' "
                               "GROUP BY lesson_id ORDER BY lesson_id"))


def export_rows(db: Database, lessons: list[str] | None, memory: bool = False) -> list[tuple]:
    """Active cards of ``lessons`` (all when None), in curriculum order.

    Columns as export.notes.NoteSource has them, the change time in epoch seconds; with
    ``memory``, the card's memory columns and whether it is suspended follow (NULL for a
    card never studied).
    """
    where, args = "", []
    if lessons is not None:
        where = f" AND c.lesson_id IN ({', '.join('?' * len(lessons))})"
        args = list(lessons)
    state = (", s.state, s.step, s.stability, s.difficulty, s.due, s.last_review, s.reps, s.lapses, "
             "s.suspended" if memory else "")
    join = " LEFT JOIN card_state s ON s.card_id = c.id" if memory else ""
    return db.con.execute(
        "SELECT c.id, c.lesson_id, c.source, c.form, c.prompt, c.answer, c.choices, c.explanation, c.code, "
        f"c.section, CAST(strftime('%s', c.updated_at) AS INTEGER), c.concepts{state} FROM cards c{join} "
        f"WHERE c.status = 'active'{where} ORDER BY c.lesson_id, c.ord", args).fetchall()
