"""Write generated cards into the database: add, update, retire, never delete."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.sqlite import insert as upsert

from recall.cards import CardSpec, LessonBuild
from recall.db.database import Database
from recall.db.scratch import CARD_COLUMNS, copy_in
from recall.db.models import CardRow, LessonRow

cards_t = CardRow.__table__
lessons_t = LessonRow.__table__


@dataclass
class Changes:
    added: int = 0
    updated: int = 0
    retired: int = 0
    retired_ids: list[str] = field(default_factory=list)


def sync(db: Database, lessons: list[LessonBuild], gone_files: list[str], now: datetime,
         scratch: list[Path] = (), skip_files: list[str] = ()) -> dict[str, Changes]:
    """Bring the stored cards in line with ``lessons``; cards of ``gone_files`` are retired.

    ``scratch`` files hold the cards of lessons whose workers wrote them already (a first
    build: ``LessonBuild.written``); those rows are copied in, but for ``skip_files``.
    One transaction: a crash leaves the database as it was.
    """
    schemas = [f"scratch{i}" for i in range(len(scratch))]
    for schema, path in zip(schemas, scratch):  # ATTACH cannot happen inside a transaction
        db.con.execute("ATTACH ? AS " + schema, (str(path),))
    try:
        return _sync(db, lessons, gone_files, now, schemas, list(skip_files))
    finally:
        for schema in schemas:
            db.con.execute("DETACH " + schema)


def _sync(db: Database, lessons: list[LessonBuild], gone_files: list[str], now: datetime, schemas: list[str],
          skip_files: list[str]) -> dict[str, Changes]:
    changes: dict[str, Changes] = {}
    with db.write() as conn:
        built_ids = {lesson.id for lesson in lessons}
        gone = set(conn.execute(select(lessons_t.c.id).where(lessons_t.c.file.in_(gone_files))).scalars())
        # a file that now holds another lesson id leaves its old lesson behind
        moved = set(conn.execute(select(lessons_t.c.id).where(
            lessons_t.c.file.in_([l.file for l in lessons]), lessons_t.c.id.not_in(built_ids))).scalars())
        for lesson_id in sorted((gone | moved) - built_ids):
            changes[lesson_id] = _retire_lesson(conn, lesson_id, now)
        existing = _existing(conn, built_ids)
        inserts, updates, retires = [], [], []
        if lessons:
            stmt = upsert(lessons_t)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=["id"], set_={c: stmt.excluded[c] for c in _LESSON_COLUMNS}),
                [{"id": lesson.id, "title": lesson.title, "file": lesson.file,
                  "content_hash": lesson.content_hash, "prerequisites": list(lesson.prerequisites),
                  "concepts": list(lesson.concepts)} for lesson in lessons])
        for lesson in lessons:
            changes[lesson.id] = _diff(lesson, existing.get(lesson.id, {}), now, inserts, updates, retires)
            changes[lesson.id].added += lesson.written
        for schema in schemas:
            copy_in(conn, schema, skip_files)
        if inserts:
            _insert_many(conn, cards_t, _INSERT, inserts)
        if updates:
            conn.execute(
                update(cards_t).where(cards_t.c.id == bindparam("b_id")).values(
                    {c: bindparam(c) for c in _CONTENT + ("status", "retired_at", "updated_at")}),
                updates)
        if retires:
            conn.execute(update(cards_t).where(cards_t.c.id.in_(bindparam("ids", expanding=True)))
                         .values(status="retired", retired_at=now), {"ids": retires})
    return changes


_LESSON_COLUMNS = ("title", "file", "content_hash", "prerequisites", "concepts")
_CONTENT = ("source", "form", "prompt", "answer", "choices", "explanation", "code",
            "file", "line", "section", "ord")


def _insert_many(conn, table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """A bulk INSERT straight through the DB-API's executemany.

    Values still pass through each column type's own bind processor (JSON, UTC times),
    so what is stored is exactly what ``conn.execute(insert(table), rows)`` would store,
    without its per-row statement overhead (a cold build inserts tens of thousands).
    """
    processed = [(i, p) for i, name in enumerate(columns)
                 if (p := table.c[name].type.dialect_impl(conn.dialect).bind_processor(conn.dialect))]
    if processed:
        rows = [list(row) for row in rows]
        for i, process in processed:
            seen: dict = {}  # rows share values (one build time, few choice lists): process each once
            for row in rows:
                value = row[i]
                key = (type(value), tuple(value) if isinstance(value, list) else value)
                try:
                    row[i] = seen[key]
                except KeyError:
                    row[i] = seen[key] = process(value)
                except TypeError:  # unhashable: process as is
                    row[i] = process(value)
        rows = [tuple(row) for row in rows]
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    conn.exec_driver_sql(sql, rows)


_INSERT = CARD_COLUMNS


def _existing(conn, lesson_ids: set[str]) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {}
    if not lesson_ids:
        return out
    columns = [cards_t.c.id, cards_t.c.lesson_id, cards_t.c.status, cards_t.c.updated_at,
               *(cards_t.c[c] for c in _CONTENT)]
    for row in conn.execute(select(*columns).where(cards_t.c.lesson_id.in_(lesson_ids))).mappings():
        out.setdefault(row["lesson_id"], {})[row["id"]] = dict(row)
    return out


def _row(card: CardSpec, ord_: int) -> dict:
    return {"source": card.source, "form": card.form, "prompt": card.prompt, "answer": card.answer,
            "choices": list(card.choices), "explanation": card.explanation, "code": card.code,
            "file": card.file, "line": card.line, "section": card.section, "ord": ord_}


def _diff(lesson: LessonBuild, old: dict[str, dict], now, inserts, updates, retires) -> Changes:
    changes = Changes()
    for ord_, card in enumerate(lesson.cards):
        before = old.get(card.id)
        if before is None:
            inserts.append((card.id, lesson.id, "active", now, now, None, card.source, card.form, card.prompt,
                            card.answer, list(card.choices), card.explanation, card.code, card.file,
                            card.line, card.section, ord_))
            changes.added += 1
            continue
        row = _row(card, ord_)
        visible_change = any(before[k] != row[k] for k in _CONTENT[:7])
        if before["status"] != "active":
            changes.added += 1  # a retired card whose origin came back, history and all
        elif visible_change:
            changes.updated += 1
        elif all(before[k] == row[k] for k in _CONTENT):
            continue
        updated = now if visible_change or before["status"] != "active" else before["updated_at"]
        updates.append({"b_id": card.id, "status": "active", "retired_at": None, "updated_at": updated, **row})
    new_ids = {card.id for card in lesson.cards}
    for card_id, before in old.items():
        if card_id not in new_ids and before["status"] == "active":
            retires.append(card_id)
            changes.retired += 1
            changes.retired_ids.append(card_id)
    return changes


def _retire_lesson(conn, lesson_id: str, now: datetime) -> Changes:
    result = conn.execute(update(cards_t).where(cards_t.c.lesson_id == lesson_id, cards_t.c.status == "active")
                          .values(status="retired", retired_at=now))
    conn.execute(update(lessons_t).where(lessons_t.c.id == lesson_id).values(file=None, content_hash=None))
    return Changes(retired=result.rowcount)


def record_stats(db: Database, stats: dict[str, str]) -> None:
    """Store each file's "mtime_ns:size" as seen by this build."""
    with db.write() as conn:
        conn.execute(update(lessons_t).where(lessons_t.c.file == bindparam("b_file"))
                     .values(file_stat=bindparam("stat")),
                     [{"b_file": file, "stat": stat} for file, stat in stats.items()])
