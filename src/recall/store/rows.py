"""The one place where rows become our dataclasses (``recall.model``) and back, and where a stored
value that cannot be read back is named.

Reads run their statement through ``fetch`` (or ``fetch_made``): if a value does not decode (JSON that is not
JSON, a time that is not a time), the columns the statement selects are searched for it,
and a ``DamagedError`` names the table, the column and the row.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import TypeVar

from sqlalchemy import JSON, Column, Select, Text, cast, select, type_coerce
from sqlalchemy.engine import Connection, Row
from sqlalchemy.sql import visitors
from sqlalchemy.types import NullType

from recall.model import CardSpec, CardView, Memory
from recall.store.database import DamagedError
from recall.store.models import card_state, cards
from recall.store.types import Moment, MomentSeconds

DECODE_ERRORS = (ValueError, TypeError, OverflowError)
#: rows fetched at a time by ``fetch_made``
_BATCH = 1000
T = TypeVar("T")

#: a card's memory columns, in ``Memory``'s order
MEMORY_COLUMNS = (card_state.c.state, card_state.c.step, card_state.c.stability, card_state.c.difficulty,
                  card_state.c.due, card_state.c.last_review, card_state.c.reps, card_state.c.lapses)


def fetch(conn: Connection, statement: Select) -> list[Row]:
    """Every row of ``statement``; a value that cannot be decoded is reported by table, column and row."""
    result = conn.execute(statement)
    try:
        return list(result.all())
    except DECODE_ERRORS as exc:
        result.close()
        raise damaged(conn, statement, exc) from None


def fetch_made(conn: Connection, statement: Select, make: Callable[[Row], T]) -> list[T]:
    """``make`` of every row of ``statement``, each made as its batch of rows arrives; a value that
    cannot be decoded (by the columns' types or by ``make``) is reported as ``fetch`` reports it.

    For reads of a whole collection (an export): no list of rows is held beside what is made
    from them. Measured on two runs of 22,000 cards, this takes 0.8x the time of ``fetch`` and a
    list made from its rows: the saving is mostly the garbage collector's, which walks rows that
    are held.
    """
    result = conn.execute(statement)
    try:
        return [make(row) for batch in result.partitions(_BATCH) for row in batch]
    except DECODE_ERRORS as exc:
        result.close()
        raise damaged(conn, statement, exc) from None


def fetch_one(conn: Connection, statement: Select) -> Row | None:
    rows = fetch(conn, statement.limit(1) if statement._limit_clause is None else statement)
    return rows[0] if rows else None


def damaged(conn: Connection, statement: Select, exc: BaseException) -> DamagedError:
    """Find the stored value behind ``exc`` among the columns ``statement`` selects."""
    for column in {c for c in statement.selected_columns if isinstance(c, Column)} | _inner_columns(statement):
        if not isinstance(column.type, (JSON, Moment)):
            continue
        table = column.table
        decode = column.type.dialect_impl(conn.dialect).result_processor(conn.dialect, None)
        if decode is None:
            continue
        key = next(iter(table.primary_key.columns))
        for row_key, raw in conn.execute(select(key, type_coerce(column, NullType())).where(column.is_not(None))):
            try:
                decode(raw)
            except DECODE_ERRORS as error:
                shown = raw if len(str(raw)) <= 40 else str(raw)[:40] + "…"
                return DamagedError(f"the database holds a damaged value: {table.name}.{column.name} of "
                                    f"{key.name} {row_key} is {shown!r} ({_reason(error, column)}); "
                                    "repair or delete that row with a database tool")
    return DamagedError(f"the database holds a value recall cannot read ({exc})")


def as_text(column: Column):
    """A JSON column read as its text, for ``json_tuple``."""
    return cast(column, Text)


def as_seconds(column: Column):
    """A time column read as whole seconds since the epoch (``MomentSeconds``)."""
    return type_coerce(column, MomentSeconds())


@lru_cache(maxsize=4096)
def json_tuple(text: str) -> tuple:
    """A JSON list read as ``as_text`` gives it, as a tuple (``[]`` without decoding).

    Remembered: cards of one concept carry the same list, and an export reads every card.
    """
    if text == "[]":
        return ()
    value = json.loads(text)
    if not isinstance(value, list):
        raise ValueError(f"not a JSON list: {text!r}")
    return tuple(value)


def _inner_columns(statement: Select) -> set[Column]:
    """Columns a statement reads through labels, casts and functions (the table columns under them)."""
    return {inner for element in statement.selected_columns for inner in visitors.iterate(element)
            if isinstance(inner, Column) and inner.table is not None}


def _reason(error: BaseException, column: Column) -> str:
    return "not JSON" if isinstance(column.type, JSON) else "not a time"


# -- cards ----------------------------------------------------------------------------------------

def card_values(card: CardSpec, ord_: int) -> dict:
    """What is stored of a derived card, besides its lesson, status and times."""
    return {"source": str(card.source), "form": str(card.form), "prompt": card.prompt, "answer": card.answer,
            "choices": list(card.choices), "explanation": card.explanation, "code": card.code,
            "setup": card.setup, "concepts": list(card.concepts), "file": card.file, "line": card.line,
            "section": card.section, "ord": ord_}


def new_card(card: CardSpec, lesson_id: str, now: datetime, ord_: int) -> dict:
    """A new active card's row."""
    return {"id": card.id, "lesson_id": lesson_id, "status": "active", "created_at": now, "updated_at": now,
            "retired_at": None, **card_values(card, ord_)}


#: the columns of a card listing (``recall cards``), under the names it gives them
LISTING = {"id": cards.c.id, "lesson": cards.c.lesson_id, "source": cards.c.source, "form": cards.c.form,
           "prompt": cards.c.prompt, "answer": cards.c.answer, "choices": cards.c.choices,
           "explanation": cards.c.explanation, "code": cards.c.code, "setup": cards.c.setup,
           "concepts": cards.c.concepts, "file": cards.c.file, "line": cards.c.line, "section": cards.c.section,
           "status": cards.c.status}


def card_view(row: Row) -> CardView:
    """A row of (id, lesson, lesson title, source, form, prompt, answer, choices, explanation, code,
    section, file, line) as the review shows it."""
    values = list(row)
    values[7] = tuple(values[7])
    return CardView(*values)


# -- memory ---------------------------------------------------------------------------------------

def memory(row) -> Memory | None:
    """A card's memory from its columns (``MEMORY_COLUMNS``); None when the card has none (new)."""
    if row is None or row[0] is None:
        return None
    state, step, stability, difficulty, due, last_review, reps, lapses = row
    return Memory(state, step, stability, difficulty, due, last_review, reps, lapses)


def memory_values(memory: Memory) -> dict:
    return {"state": memory.state, "step": memory.step, "stability": memory.stability,
            "difficulty": memory.difficulty, "due": memory.due, "last_review": memory.last_review,
            "reps": memory.reps, "lapses": memory.lapses}
