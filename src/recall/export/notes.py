"""A card as an Anki note: its fields (escaped HTML), tags and card columns.

Pure functions of the card, its lesson and the collection's layout; ``note_rows``
turns a run of cards into rows for Anki's ``notes`` and ``cards`` tables. Everything
taken from a lesson is HTML-escaped: Anki renders HTML and runs JavaScript, and
lesson text must only ever show as text.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import NamedTuple

from recall.export.highlight import highlight
from recall.model import GAP, LEARNING, RELEARNING, REVIEW, Memory

ANKI_TYPES = {LEARNING: 1, REVIEW: 2, RELEARNING: 3}
#: note type id per card form (the note types themselves are declared in ``anki.py``)
MODEL_IDS = {"flip": 1794205101, "cloze": 1794205102, "choice": 1794205103, "typed": 1794205104}


@dataclass(frozen=True)
class LessonInfo:
    id: str
    title: str
    concepts: tuple[str, ...]

    @cached_property
    def tag_strings(self) -> dict[str, str]:
        """Anki's tags field per source kind, filled as kinds come up."""
        return {}


class NoteSource(NamedTuple):
    """One card as the export reads it (``recall.store.cards.export_rows``)."""

    id: str
    lesson: str
    source: str
    form: str
    prompt: str
    answer: str
    choices: list[str]
    explanation: str
    code: str
    section: str
    #: when the card's text last changed (epoch seconds): the note's modification time, so
    #: that Anki's "update if newer" import takes changed notes and leaves the rest alone
    changed: int
    memory: Memory | None = None  # progress to carry, with --with-scheduling


@dataclass(frozen=True)
class Layout:
    """What every row needs besides its card: the collection it goes into."""

    lessons: dict[str, LessonInfo]
    deck_ids: dict[str, int]  # lesson id -> deck id
    first_id: int  # note n gets first_id + 2n, its card first_id + 2n + 1
    mod: int  # the export's time, for cards
    crt: int  # the collection's creation day (review due dates count from it)
    desired_retention: float


def _text(text: str) -> str:
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        text = html.escape(text)
    return text.replace("\n", "<br>") if "\n" in text else text


_HIGHLIGHTED: dict[str, str] = {}


def code_html(code: str) -> str:
    """Python code as highlighted, escaped HTML."""
    if code not in _HIGHLIGHTED:
        _highlight_all({code})
    return _HIGHLIGHTED[code]


def _highlight_all(codes: set[str]) -> None:
    """Highlight many snippets up front, each code block once.

    The cards of one block show growing prefixes of its lines, so only the longest is
    highlighted and the others take its first lines (``highlight`` keeps every span
    within its line, so the first lines of the HTML are the HTML of the first lines).
    """
    todo = codes - _HIGHLIGHTED.keys()
    heads: dict[str, list[str]] = {}
    prefix_of: dict[str, tuple[str, int]] = {}
    for code in sorted(todo, key=lambda c: c.count("\n"), reverse=True):
        if code in prefix_of:
            continue
        lines = code.split("\n")
        heads[code] = highlight(code).split("\n")
        for k in range(1, len(lines) + 1):
            prefix_of.setdefault("\n".join(lines[:k]), (code, k))
    for code in todo:
        head, k = prefix_of[code]
        _HIGHLIGHTED[code] = _wrap("\n".join(heads[head][:k]) + "\n")


def _wrap(inner: str) -> str:
    return '<pre class="code">' + inner + "</pre>"


def fields(card: NoteSource, lesson: LessonInfo) -> list[str]:
    """The note's fields for one card, all lesson text escaped."""
    source = _text(f"{lesson.title} › {card.section}" if card.section else lesson.title)
    form = card.form
    if form == "cloze":
        before, gap, after = card.prompt.partition(GAP)
        answer = html.escape(card.answer).replace("}}", "}&#125;")
        text = _text(before) + ("{{c1::" + answer + "}}" if gap else "") + _text(after)
        if not gap:  # no gap marker: ask for the whole answer after the prompt
            text += "<br>{{c1::" + answer + "}}"
        return [text, source]
    prompt = _text(card.prompt)
    if form == "choice":
        options = "".join(f"<li>{_text(option)}</li>" for option in card.choices)
        return [prompt, f'<ol class="options" type="A">{options}</ol>', _text(card.answer),
                _text(card.explanation), source]
    if form == "typed":
        return [prompt, code_html(card.code) if card.code else "",
                f'<pre class="output">{html.escape(card.answer)}</pre>', _text(card.explanation), source]
    back = _text(card.answer)
    if card.code:
        prompt += code_html(card.code)
    return [prompt, back, source]


def tags(card: NoteSource, lesson: LessonInfo) -> str:
    """The lesson id, the source kind and the lesson's concepts, as Anki's space-separated tags."""
    found = lesson.tag_strings.get(card.source)
    if found is None:
        words = [lesson.id, card.source, *lesson.concepts]
        found = lesson.tag_strings[card.source] = \
            " " + " ".join(dict.fromkeys(w.replace(" ", "_") for w in words if w)) + " "
    return found


def note_rows(cards: Sequence[NoteSource], layout: Layout, offset: int = 0,
              progress: Callable[[int], None] | None = None) -> tuple[list[tuple], list[tuple], int]:
    """Rows for Anki's notes and cards tables; ``cards`` start at ``offset`` in the whole export.

    Returns (note rows, card rows, how many cards carried progress).
    """
    _highlight_all({card.code for card in cards if card.code})
    notes, rows, carried = [], [], 0
    lessons, deck_ids, mod = layout.lessons, layout.deck_ids, layout.mod
    for n, card in enumerate(cards, start=offset):
        lesson = lessons[card.lesson]
        values = fields(card, lesson)
        note_id = layout.first_id + 2 * n
        notes.append((note_id, card.id, MODEL_IDS[card.form], card.changed or mod, -1, tags(card, lesson),
                      "\x1f".join(values), _sort_field(values[0]), 0, 0, ""))
        if card.memory is not None:
            schedule = _schedule(card.memory, layout.crt, layout.desired_retention)
            carried += 1
        else:
            schedule = (0, 0, n, 0, 0, 0, 0, 0, "")  # new, in curriculum order
        kind, queue, due, ivl, factor, reps, lapses, left, data = schedule
        rows.append((note_id + 1, note_id, deck_ids[card.lesson], 0, mod, -1, kind, queue, due, ivl, factor,
                     reps, lapses, left, 0, 0, 0, data))
        if progress and (n - offset) % 1000 == 999:
            progress(1000)
    return notes, rows, carried


def _sort_field(first: str) -> str:
    if "<" in first or "&" in first:
        first = html.unescape(first.replace("<br>", " "))
    return first[:200]


def _schedule(memory: Memory, crt: int, desired_retention: float) -> tuple:
    """Anki's card columns for a card we have studied: type, queue, due, ivl, factor, reps, lapses, left, data.

    Review cards are due on a day number counted from the collection's creation; learning
    cards at a timestamp. FSRS memory goes in ``data`` as Anki keeps it (s, d, dr, lrt).
    """
    kind = ANKI_TYPES[memory.state]
    fsrs: dict[str, float | None] = {"s": round(memory.stability, 4) if memory.stability else None,
                                     "d": round(memory.difficulty, 4) if memory.difficulty else None,
                                     "dr": desired_retention}
    if memory.last_review:
        fsrs["lrt"] = int(memory.last_review.timestamp())
    data = json.dumps({k: v for k, v in fsrs.items() if v is not None}, separators=(",", ":"))
    if kind == 2:
        created = datetime.fromtimestamp(crt, UTC).date()
        due = (memory.due.astimezone(UTC).date() - created).days
        ivl = max(1, round((memory.due - memory.last_review).total_seconds() / 86400)) if memory.last_review else 1
        return (2, 2, due, ivl, 2500, memory.reps, memory.lapses, 0, data)
    ivl = 0 if kind == 1 else max(1, round(memory.stability or 1))
    return (kind, 1, int(memory.due.timestamp()), ivl, 2500, memory.reps, memory.lapses, 1, data)
