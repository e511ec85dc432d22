"""Write generated cards into the database: add, update, retire, never delete.

Values are stored as the models' column types store them (``times.to_db`` for
times, JSON text for lists); tests read the rows back through the models.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from recall.model import CardSpec, LessonCards
from recall.store.database import Database
from recall.store.times import to_db


@dataclass
class Changes:
    added: int = 0
    updated: int = 0
    retired: int = 0
    retired_ids: list[str] = field(default_factory=list)


def sync(db: Database, lessons: list[LessonCards], gone_files: list[str], now: datetime) -> dict[str, Changes]:
    """Bring the stored cards in line with ``lessons``; cards of ``gone_files`` are retired.

    One transaction: a crash leaves the database as it was.
    """
    with db.immediate() as con:
        return _sync(con, lessons, gone_files, to_db(now))


def _in(values) -> str:
    return f"({', '.join('?' * len(values))})"


def _sync(con: sqlite3.Connection, lessons: list[LessonCards], gone_files: list[str], now: str) -> dict[str, Changes]:
    changes: dict[str, Changes] = {}
    built_ids = {lesson.id for lesson in lessons}
    gone = {row[0] for row in _select_in(con, "SELECT id FROM lessons WHERE file IN {}", gone_files)}
    # a file that now holds another lesson id leaves its old lesson behind
    moved = {row[0] for row in _select_in(con, "SELECT id FROM lessons WHERE file IN {}",
                                          [lesson.file for lesson in lessons]) if row[0] not in built_ids}
    for lesson_id in sorted((gone | moved) - built_ids):
        changes[lesson_id] = _retire_lesson(con, lesson_id, now)
    existing = _existing(con, built_ids)
    inserts: list[tuple] = []
    updates: list[tuple] = []
    retires: list[str] = []
    con.executemany(
        "INSERT INTO lessons (id, title, file, content_hash, prerequisites, concepts) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET title = excluded.title, file = excluded.file, "
        "content_hash = excluded.content_hash, prerequisites = excluded.prerequisites, "
        "concepts = excluded.concepts",
        [(lesson.id, lesson.title, lesson.file, lesson.content_hash, json.dumps(list(lesson.prerequisites)),
          json.dumps(list(lesson.concepts))) for lesson in lessons])
    for lesson in lessons:
        changes[lesson.id] = _diff(lesson, existing.get(lesson.id, {}), now, inserts, updates, retires)
    con.executemany(INSERT_CARD, inserts)
    con.executemany(f"UPDATE cards SET {', '.join(c + ' = ?' for c in _UPDATED)} WHERE id = ?", updates)
    for start in range(0, len(retires), _BATCH):
        batch = retires[start:start + _BATCH]
        con.execute(f"UPDATE cards SET status = 'retired', retired_at = ? WHERE id IN {_in(batch)}",
                    (now, *batch))
    return changes


#: the cards table's columns, in the order a new card's row is written
CARD_COLUMNS = ("id", "lesson_id", "status", "created_at", "updated_at", "retired_at", "source", "form",
                "prompt", "answer", "choices", "explanation", "code", "setup", "concepts", "file", "line", "section",
                "ord")
INSERT_CARD = f"INSERT INTO cards ({', '.join(CARD_COLUMNS)}) VALUES ({', '.join('?' * len(CARD_COLUMNS))})"


def card_row(card: CardSpec, lesson_id: str, now: str, ord_: int) -> tuple:
    """A new active card as stored: ``now`` in ``times.to_db`` form, choices as JSON text."""
    return (card.id, lesson_id, "active", now, now, None, str(card.source), str(card.form), card.prompt,
            card.answer, json.dumps(list(card.choices)), card.explanation, card.code, card.setup,
            json.dumps(list(card.concepts)), card.file, card.line, card.section, ord_)


#: at most this many values in one "IN (...)" (SQLite's limit on parameters is 32,766)
_BATCH = 10_000

#: what a learner sees, where a change counts as an update (and marks the card changed for exports)
_VISIBLE = ("source", "form", "prompt", "answer", "choices", "explanation", "code", "concepts")
#: everything stored of a card; a change of the rest only moves the card or how it runs
_CONTENT = (*_VISIBLE, "setup", "file", "line", "section", "ord")
_JSON = ("choices", "concepts")
_UPDATED = ("status", "retired_at", "updated_at", *_CONTENT)


def _select_in(con: sqlite3.Connection, sql: str, values: list) -> list[tuple]:
    rows: list[tuple] = []
    values = list(values)
    for start in range(0, len(values), _BATCH):
        batch = values[start:start + _BATCH]
        rows.extend(con.execute(sql.format(_in(batch)), batch))
    return rows


def _existing(con: sqlite3.Connection, lesson_ids: set[str]) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {}
    names = ("id", "lesson_id", "status", "updated_at", *_CONTENT)
    sql = f"SELECT {', '.join(names)} FROM cards WHERE lesson_id IN {{}}"
    for row in _select_in(con, sql, sorted(lesson_ids)):
        card = dict(zip(names, row))
        for key in _JSON:
            card[key] = json.loads(card[key])
        out.setdefault(card["lesson_id"], {})[card["id"]] = card
    return out


def _row(card: CardSpec, ord_: int) -> dict:
    return {"source": str(card.source), "form": str(card.form), "prompt": card.prompt, "answer": card.answer,
            "choices": list(card.choices), "explanation": card.explanation, "code": card.code,
            "concepts": list(card.concepts), "setup": card.setup, "file": card.file, "line": card.line,
            "section": card.section, "ord": ord_}


def _diff(lesson: LessonCards, old: dict[str, dict], now: str, inserts, updates, retires) -> Changes:
    changes = Changes()
    for ord_, card in enumerate(lesson.cards):
        before = old.get(card.id)
        if before is None:
            inserts.append(card_row(card, lesson.id, now, ord_))
            changes.added += 1
            continue
        row = _row(card, ord_)
        visible_change = any(before[k] != row[k] for k in _VISIBLE)
        if before["status"] != "active":
            changes.added += 1  # a retired card whose origin came back, history and all
        elif visible_change:
            changes.updated += 1
        elif all(before[k] == row[k] for k in _CONTENT):
            continue
        updated = now if visible_change or before["status"] != "active" else before["updated_at"]
        for key in _JSON:
            row[key] = json.dumps(row[key])
        updates.append(("active", None, updated, *(row[k] for k in _CONTENT), card.id))
    new_ids = {card.id for card in lesson.cards}
    for card_id, before in old.items():
        if card_id not in new_ids and before["status"] == "active":
            retires.append(card_id)
            changes.retired += 1
            changes.retired_ids.append(card_id)
    return changes


def _retire_lesson(con: sqlite3.Connection, lesson_id: str, now: str) -> Changes:
    retired = con.execute("UPDATE cards SET status = 'retired', retired_at = ? "
                          "WHERE lesson_id = ? AND status = 'active'", (now, lesson_id)).rowcount
    con.execute("UPDATE lessons SET file = NULL, content_hash = NULL WHERE id = ?", (lesson_id,))
    return Changes(retired=retired)
