"""Reading cards: listings, one card as a review shows it, the rows an export needs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, func, or_, select

from recall.model import CardView
from recall.store import rows
from recall.store.database import Database
from recall.store.models import card_state, cards, lessons, review_log

CARD_FIELDS = tuple(rows.LISTING)
T = TypeVar("T")


class CardError(Exception):
    """A card id that does not name one card, or a card that cannot be (un)suspended."""


def list_cards(db: Database, *, lesson: str | None = None, source: str | None = None,
               status: str | None = "active", fields: tuple[str, ...] = CARD_FIELDS) -> list[dict]:
    """Cards as plain dicts of ``fields`` (names of ``rows.LISTING``) in curriculum order (lesson, then
    position in the lesson)."""
    statement = select(*(rows.LISTING[name] for name in fields)).order_by(cards.c.lesson_id, cards.c.ord)
    for column, value in ((cards.c.lesson_id, lesson), (cards.c.source, source), (cards.c.status, status)):
        if value is not None:
            statement = statement.where(column == value)
    with db.read() as conn:
        return [dict(zip(fields, row)) for row in rows.fetch(conn, statement)]


def marked(db: Database, *, suspended: bool, leech_lapses: int | None) -> set[str]:
    """Ids of the cards that are suspended (if asked) or leeches (forgotten ``leech_lapses`` times or more)."""
    wanted: list = []
    if suspended:
        wanted.append(card_state.c.suspended)
    if leech_lapses is not None:
        wanted.append(card_state.c.lapses >= leech_lapses)
    if not wanted:
        return set()
    with db.read() as conn:
        return set(conn.execute(select(card_state.c.card_id).where(or_(*wanted))).scalars())


_VIEW = select(cards.c.id, cards.c.lesson_id, lessons.c.title, cards.c.source, cards.c.form, cards.c.prompt,
               cards.c.answer, cards.c.choices, cards.c.explanation, cards.c.code, cards.c.section, cards.c.file,
               cards.c.line).join_from(cards, lessons, lessons.c.id == cards.c.lesson_id)


def view(db: Database, card_id: str) -> CardView:
    with db.read() as conn:
        row = rows.fetch_one(conn, _VIEW.where(cards.c.id == card_id))
    if row is None:
        raise CardError(f"no card '{card_id}'")
    return rows.card_view(row)


def resolve(db: Database, prefix: str) -> str:
    """The one card id starting with ``prefix``, or a clear error."""
    with db.read() as conn:
        found = list(conn.execute(select(cards.c.id).where(cards.c.id.startswith(prefix, autoescape=True))
                                  .limit(2)).scalars())
    if not found:
        raise CardError(f"no card '{prefix}' (see `recall cards`)")
    if len(found) > 1:
        raise CardError(f"'{prefix}' starts more than one card id; give more of it")
    return found[0]


def authored_at(db: Database, file: str, line: int) -> list[str]:
    """Ids of the active hand-written cards that start at ``file:line``."""
    with db.read() as conn:
        return list(conn.execute(select(cards.c.id).where(
            cards.c.file == file, cards.c.line == line, cards.c.source == "authored",
            cards.c.status == "active")).scalars())


def counts(db: Database) -> dict[str, int]:
    """Active cards per lesson, lessons in id order (the order of every card listing)."""
    with db.read() as conn:
        return {lesson: n for lesson, n in conn.execute(
            select(cards.c.lesson_id, func.count()).where(cards.c.status == "active")
            .group_by(cards.c.lesson_id).order_by(cards.c.lesson_id))}


def export_rows(db: Database, lessons: list[str] | None, memory: bool = False, *,
                span: tuple[str, str] | None = None, make: Callable[..., T]) -> list[T]:
    """Active cards of ``lessons`` (all when None) whose lesson ids lie in ``span`` (first, last; all
    when None), in curriculum order, each made by ``make`` from its columns.

    Columns as export.notes.NoteSource has them: choices and concepts as tuples, the change
    time in epoch seconds; with ``memory``, the card's ``Memory`` (None for a card never
    studied) and whether it is suspended follow. The two lists are read as their JSON text
    (``rows.json_tuple``): most are empty, and an export reads every card.
    """
    statement = select(cards.c.id, cards.c.lesson_id, cards.c.source, cards.c.form, cards.c.prompt,
                       cards.c.answer, rows.as_text(cards.c.choices), cards.c.explanation, cards.c.code,
                       cards.c.section, rows.as_seconds(cards.c.updated_at), rows.as_text(cards.c.concepts))
    if memory:
        statement = statement.add_columns(*rows.MEMORY_COLUMNS, card_state.c.suspended).outerjoin(
            card_state, card_state.c.card_id == cards.c.id)
    statement = of_lessons(statement.where(cards.c.status == "active"), lessons, span)
    json_tuple, memory_of = rows.json_tuple, rows.memory
    if memory:
        def made(row) -> T:
            return make(*row[:6], json_tuple(row[6]), *row[7:11], json_tuple(row[11]), memory_of(row[12:20]),
                        bool(row[20]))
    else:
        def made(row) -> T:
            return make(*row[:6], json_tuple(row[6]), *row[7:11], json_tuple(row[11]))
    with db.read() as conn:
        return rows.fetch_made(conn, statement.order_by(cards.c.lesson_id, cards.c.ord), made)


def of_lessons(statement: Select, lessons: list[str] | None, span: tuple[str, str] | None) -> Select:
    """``statement`` (on ``cards``) kept to the cards of ``lessons`` (all when None) with lesson ids in ``span``."""
    if lessons is not None:
        statement = statement.where(cards.c.lesson_id.in_(lessons))
    if span is not None:
        statement = statement.where(cards.c.lesson_id.between(*span))
    return statement


def origins(db: Database, card_ids: list[str]) -> dict[str, tuple[str, str, int]]:
    """(lesson, file, line) of each card: cards that share one come from one sentence or table row."""
    out: dict[str, tuple[str, str, int]] = {}
    ids = list(dict.fromkeys(card_ids))
    with db.read() as conn:
        for start in range(0, len(ids), 500):
            found = conn.execute(select(cards.c.id, cards.c.lesson_id, cards.c.file, cards.c.line)
                                 .where(cards.c.id.in_(ids[start:start + 500])))
            out.update((card_id, (lesson, file, line)) for card_id, lesson, file, line in found)
    return out


def origins_answered_since(db: Database, since: datetime) -> set[tuple[str, str, int]]:
    """The origins of the cards answered since ``since``: their siblings wait until the next day."""
    statement = (select(cards.c.lesson_id, cards.c.file, cards.c.line).distinct()
                 .join(review_log, review_log.c.card_id == cards.c.id).where(review_log.c.reviewed_at >= since))
    with db.read() as conn:
        return {(lesson, file, line) for lesson, file, line in conn.execute(statement)}
