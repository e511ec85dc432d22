"""A first build's cards, written by the parse workers into scratch files of their own.

On a first build of many lessons, each worker stores the cards it derives in a
journal-free SQLite file instead of sending them back through a pipe; ``sync`` then
copies every file in with one INSERT ... SELECT. Values are stored as the models'
column types store them (times as naive UTC text, choices as JSON), so the copied rows
are the rows ``sync`` itself would have written (a test compares the two).

Only plain sqlite3 here: the workers never import SQLAlchemy.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

from recall.cards import CardSpec
from recall.db.times import to_db

#: the cards table's columns, in the order rows are written
CARD_COLUMNS = ("id", "lesson_id", "status", "created_at", "updated_at", "retired_at", "source", "form",
                "prompt", "answer", "choices", "explanation", "code", "file", "line", "section", "ord")


#: a new card's row, in CARD_COLUMNS order
INSERT_CARD = f"INSERT INTO cards ({', '.join(CARD_COLUMNS)}) VALUES ({', '.join('?' * len(CARD_COLUMNS))})"


def card_row(card: CardSpec, lesson_id: str, now: str, ord_: int) -> tuple:
    """A new active card as stored: ``now`` in ``times.to_db`` form, choices as JSON text."""
    return (card.id, lesson_id, "active", now, now, None, card.source, card.form, card.prompt, card.answer,
            json.dumps(list(card.choices)) if card.choices else "[]",  # most cards have none
            card.explanation, card.code, card.file, card.line, card.section, ord_)


class ScratchWriter:
    """One worker's scratch file of card rows."""

    def __init__(self, path: Path, now: datetime):
        self.con = sqlite3.connect(path)
        self.con.execute("PRAGMA journal_mode = OFF")
        self.con.execute("PRAGMA synchronous = OFF")
        self.con.execute(f"CREATE TABLE IF NOT EXISTS cards ({', '.join(CARD_COLUMNS)})")
        self.now = to_db(now)

    def write(self, lesson_id: str, cards: list[CardSpec]) -> None:
        now = self.now
        self.con.executemany(INSERT_CARD, [card_row(card, lesson_id, now, n) for n, card in enumerate(cards)])
        self.con.commit()


def copy_in(con: sqlite3.Connection, schema: str, skip_files: list[str]) -> None:
    """Copy the attached scratch ``schema``'s cards into ``cards``, but those of ``skip_files``."""
    columns = ", ".join(CARD_COLUMNS)
    where = f" WHERE file NOT IN ({', '.join('?' * len(skip_files))})" if skip_files else ""
    con.execute(f"INSERT INTO cards ({columns}) SELECT {columns} FROM {schema}.cards{where}",
                tuple(skip_files))
