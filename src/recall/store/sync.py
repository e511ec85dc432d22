"""Writing a build's cards: lessons upserted, cards added, updated or retired, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from recall.model import LessonCards
from recall.store import rows
from recall.store.database import Database
from recall.store.models import cards, lessons
from recall.store.portable import upsert


@dataclass
class Changes:
    added: int = 0
    updated: int = 0
    retired: int = 0
    retired_ids: list[str] = field(default_factory=list)


#: at most this many values in one "IN (...)" (SQLite's limit on parameters is 32,766)
_BATCH = 10_000

#: what a learner sees, where a change counts as an update (and marks the card changed for exports)
_VISIBLE = ("source", "form", "prompt", "answer", "choices", "explanation", "code", "concepts")
#: everything stored of a card; a change of the rest only moves the card or how it runs
_CONTENT = (*_VISIBLE, "setup", "file", "line", "section", "ord")


#: lesson id -> the ids it names as prerequisites, to the lesson ids in curriculum order
Curriculum = Callable[[dict[str, list[str]]], list[str]]


def sync(db: Database, built: list[LessonCards], gone_files: list[str], now: datetime,
         curriculum: Curriculum | None = None) -> dict[str, Changes]:
    """Bring the stored cards in line with ``built``; cards of ``gone_files`` are retired; with
    ``curriculum``, every lesson in a file gets its place in it (``lessons.position``).

    One transaction: a crash leaves the database as it was.
    """
    with db.write() as conn:
        reorders = curriculum is not None and _reorders(conn, built, gone_files)
        changes = _sync(conn, built, gone_files, now)
        if curriculum is not None and reorders:
            _place(conn, curriculum)
        return changes


def _reorders(conn: Connection, built: list[LessonCards], gone_files: list[str]) -> bool:
    """Whether the build can move a lesson in the curriculum: a lesson comes, goes, has no place yet or
    names other prerequisites (an edit of a lesson's text alone moves nothing)."""
    if gone_files:
        return True
    ids = [lesson.id for lesson in built]
    before: dict[str, tuple] = {}
    for start in range(0, len(ids), _BATCH):
        before.update((lesson, (needs, file, position)) for lesson, needs, file, position in conn.execute(
            select(lessons.c.id, lessons.c.prerequisites, lessons.c.file, lessons.c.position)
            .where(lessons.c.id.in_(ids[start:start + _BATCH]))))
    for lesson in built:
        needs, file, position = before.get(lesson.id, (None, None, None))
        if position is None or file != lesson.file or list(needs or ()) != list(lesson.prerequisites):
            return True
    return False


def place(db: Database, curriculum: Curriculum) -> None:
    """Give every lesson in a file its place in ``curriculum`` (the rest of a build left alone)."""
    with db.write() as conn:
        _place(conn, curriculum)


def _place(conn: Connection, curriculum: Curriculum) -> None:
    found = list(conn.execute(select(lessons.c.id, lessons.c.prerequisites, lessons.c.position)
                              .where(lessons.c.file.is_not(None))))
    placed = {lesson: n for n, lesson in enumerate(curriculum({lesson: list(needs) for lesson, needs, _ in found}))}
    moved = [{"lesson": lesson, "position": placed[lesson]} for lesson, _, position in found
             if placed.get(lesson) != position]
    if moved:
        conn.execute(update(lessons).where(lessons.c.id == bindparam("lesson"))
                     .values(position=bindparam("position")), moved)


def _sync(conn: Connection, built: list[LessonCards], gone_files: list[str], now: datetime) -> dict[str, Changes]:
    changes: dict[str, Changes] = {}
    built_ids = {lesson.id for lesson in built}
    gone = set(_select_in(conn, lessons.c.id, lessons.c.file, gone_files))
    # a file that now holds another lesson id leaves its old lesson behind
    moved = {lesson_id for lesson_id in _select_in(conn, lessons.c.id, lessons.c.file, [l.file for l in built])
             if lesson_id not in built_ids}
    for lesson_id in sorted((gone | moved) - built_ids):
        changes[lesson_id] = _retire_lesson(conn, lesson_id, now)
    existing = _existing(conn, built_ids)
    upsert(conn, lessons, [{"id": lesson.id, "title": lesson.title, "file": lesson.file,
                            "content_hash": lesson.content_hash, "prerequisites": list(lesson.prerequisites),
                            "concepts": list(lesson.concepts), "file_stat": None} for lesson in built],
           update=("title", "file", "content_hash", "prerequisites", "concepts"))
    inserts: list[dict] = []
    updates: list[dict] = []
    retires: list[str] = []
    for lesson in built:
        changes[lesson.id] = _diff(lesson, existing.get(lesson.id, {}), now, inserts, updates, retires)
    if inserts:
        conn.execute(cards.insert(), inserts)
    if updates:
        conn.execute(update(cards).where(cards.c.id == bindparam("card_id")).values(
            {name: bindparam(name) for name in ("status", "retired_at", "updated_at", *_CONTENT)}), updates)
    for start in range(0, len(retires), _BATCH):
        conn.execute(update(cards).where(cards.c.id.in_(retires[start:start + _BATCH]))
                     .values(status="retired", retired_at=now))
    return changes


def _select_in(conn: Connection, wanted, column, values: list) -> list:
    out: list = []
    values = list(values)
    for start in range(0, len(values), _BATCH):
        out.extend(conn.execute(select(wanted).where(column.in_(values[start:start + _BATCH]))).scalars())
    return out


def _existing(conn: Connection, lesson_ids: set[str]) -> dict[str, dict[str, dict]]:
    out: dict[str, dict[str, dict]] = {}
    names = ("id", "lesson_id", "status", "updated_at", *_CONTENT)
    columns = [cards.c[name] for name in names]
    ids = sorted(lesson_ids)
    for start in range(0, len(ids), _BATCH):
        for row in rows.fetch(conn, select(*columns).where(cards.c.lesson_id.in_(ids[start:start + _BATCH]))):
            card = dict(zip(names, row))
            out.setdefault(card["lesson_id"], {})[card["id"]] = card
    return out


def _diff(lesson: LessonCards, old: dict[str, dict], now: datetime, inserts, updates, retires) -> Changes:
    changes = Changes()
    for ord_, card in enumerate(lesson.cards):
        before = old.get(card.id)
        if before is None:
            inserts.append(rows.new_card(card, lesson.id, now, ord_))
            changes.added += 1
            continue
        row = rows.card_values(card, ord_)
        visible_change = any(before[k] != row[k] for k in _VISIBLE)
        if before["status"] != "active":
            changes.added += 1  # a retired card whose origin came back, history and all
        elif visible_change:
            changes.updated += 1
        elif all(before[k] == row[k] for k in _CONTENT):
            continue
        updated = now if visible_change or before["status"] != "active" else before["updated_at"]
        updates.append({"card_id": card.id, "status": "active", "retired_at": None, "updated_at": updated,
                        **{k: row[k] for k in _CONTENT}})
    new_ids = {card.id for card in lesson.cards}
    for card_id, before in old.items():
        if card_id not in new_ids and before["status"] == "active":
            retires.append(card_id)
            changes.retired += 1
            changes.retired_ids.append(card_id)
    return changes


def _retire_lesson(conn: Connection, lesson_id: str, now: datetime) -> Changes:
    retired = conn.execute(update(cards).where(cards.c.lesson_id == lesson_id, cards.c.status == "active")
                           .values(status="retired", retired_at=now)).rowcount
    conn.execute(update(lessons).where(lessons.c.id == lesson_id).values(file=None, content_hash=None))
    return Changes(retired=retired)
