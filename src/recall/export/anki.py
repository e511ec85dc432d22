"""Anki packages (.apkg) through genanki: fixed model and deck ids, GUIDs from card ids.

genanki lays out the collection (schema, decks, note types); notes and cards are then
written in bulk into that same SQLite file, and the file is zipped (deflated) into
the package. Everything taken from a lesson is HTML-escaped: Anki renders HTML and
runs JavaScript, and lesson text must only ever show as text.
"""

from __future__ import annotations

import hashlib
import html
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from recall.cards import GAP
from recall.memory import LEARNING, RELEARNING, REVIEW, Memory

PARENT_DECK = "recall"
_CSS = """
.card { font-family: -apple-system, "Segoe UI", sans-serif; font-size: 18px; text-align: left;
        color: #222; background: #fff; line-height: 1.45; }
.nightMode .card, .card.nightMode { color: #eee; background: #1e1e1e; }
.source { color: #888; font-size: 13px; margin-top: 1.2em; }
pre.code { font-size: 15px; padding: .6em; border-radius: 6px; background: #f6f8fa; overflow-x: auto; }
.nightMode pre.code { background: #2b2b2b; }
ol.options { padding-left: 1.6em; }
.correct { color: #1a7f37; font-weight: bold; }
.explanation { color: #555; margin-top: .8em; }
"""

# Fixed ids: re-exports must reuse them so Anki updates notes instead of duplicating them.
FLIP_MODEL = genanki.Model(
    1794205101, "recall Basic",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<div class="source">{{Source}}</div>'}],
    css=_CSS)
CLOZE_MODEL = genanki.Model(
    1794205102, "recall Cloze",
    fields=[{"name": "Text"}, {"name": "Source"}],
    templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}",
                "afmt": '{{cloze:Text}}<div class="source">{{Source}}</div>'}],
    css=_CSS, model_type=genanki.Model.CLOZE)
CHOICE_MODEL = genanki.Model(
    1794205103, "recall Multiple Choice",
    fields=[{"name": "Prompt"}, {"name": "Options"}, {"name": "Answer"}, {"name": "Explanation"},
            {"name": "Source"}],
    templates=[{"name": "Card 1", "qfmt": "{{Prompt}}{{Options}}",
                "afmt": '{{FrontSide}}<hr id="answer"><div class="correct">{{Answer}}</div>'
                        '<div class="explanation">{{Explanation}}</div><div class="source">{{Source}}</div>'}],
    css=_CSS)
TYPED_MODEL = genanki.Model(
    1794205104, "recall Predict the Output",
    fields=[{"name": "Prompt"}, {"name": "Code"}, {"name": "Output"}, {"name": "Explanation"},
            {"name": "Source"}],
    templates=[{"name": "Card 1", "qfmt": "{{Prompt}}{{Code}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Output}}<div class="explanation">{{Explanation}}</div>'
                        '<div class="source">{{Source}}</div>'}],
    css=_CSS)
MODELS = {"flip": FLIP_MODEL, "cloze": CLOZE_MODEL, "choice": CHOICE_MODEL, "typed": TYPED_MODEL}
ANKI_TYPES = {LEARNING: 1, REVIEW: 2, RELEARNING: 3}


@dataclass(frozen=True)
class LessonInfo:
    id: str
    title: str
    concepts: tuple[str, ...]


@dataclass(frozen=True)
class ExportCard:
    card: dict  # as recall.db.queries.list_cards gives it
    memory: Memory | None = None
    #: when the card's text last changed: the note's modification time, so that Anki's
    #: "update if newer" import takes changed notes and leaves unchanged ones alone
    changed: datetime | None = None


@dataclass(frozen=True)
class ExportReport:
    path: Path
    notes: int
    decks: int
    with_scheduling: int  # cards that carried progress


def deck_id(lesson_id: str) -> int:
    """A stable deck id per lesson (and one for the parent deck)."""
    digest = hashlib.blake2b(f"recall-deck:{lesson_id}".encode(), digest_size=8).digest()
    return (1 << 30) + int.from_bytes(digest, "big") % (1 << 30)


def deck_name(lesson: LessonInfo) -> str:
    title = lesson.title.replace("::", ":")
    number = lesson.id.split("-", 1)[0]
    return f"{PARENT_DECK}::{number} {title}" if number.isdigit() and not title.startswith(number) else \
        f"{PARENT_DECK}::{title}"


def _text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


_HIGHLIGHTED: dict[str, str] = {}
PARALLEL_FROM = 2000  # highlight in worker processes from this many code snippets


def code_html(code: str) -> str:
    """Python code as highlighted HTML; pygments escapes every character it emits."""
    if code not in _HIGHLIGHTED:
        _highlight_all({code})
    return _HIGHLIGHTED[code]


def _highlight_all(codes: set[str]) -> None:
    """Highlight many snippets up front: each code block once, over all cores.

    The cards of one block show growing prefixes of its lines, so only the longest is
    highlighted and the others take its first lines (pygments closes its spans at every
    line end). pygments' lexing is the slow part of an export.
    """
    todo = codes - _HIGHLIGHTED.keys()
    heads: dict[str, int] = {}  # a code that no other code extends -> its line count
    prefix_of: dict[str, tuple[str, int]] = {}
    for code in sorted(todo, key=lambda c: c.count("\n"), reverse=True):
        if code in prefix_of:
            continue
        lines = code.split("\n")
        heads[code] = len(lines)
        for k in range(1, len(lines) + 1):
            prefix_of.setdefault("\n".join(lines[:k]), (code, k))
    order = sorted(heads)
    if len(order) < PARALLEL_FROM:
        done = [_highlight_lines(code) for code in order]
    else:
        import multiprocessing
        import os

        workers = os.cpu_count() or 1
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = pool.map(_highlight_lines, order, chunksize=max(1, len(order) // (workers * 8)))
    highlighted = dict(zip(order, done))
    for code in todo:
        head, k = prefix_of[code]
        _HIGHLIGHTED[code] = _wrap("\n".join(highlighted[head][:k]) + "\n")


def _highlight_lines(code: str) -> list[str]:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    return highlight(code, PythonLexer(), HtmlFormatter(nowrap=True, noclasses=True)).split("\n")


def _wrap(inner: str) -> str:
    return '<pre class="code">' + inner + "</pre>"


def fields(card: dict, lesson: LessonInfo) -> list[str]:
    """The note's fields for one card, all lesson text escaped."""
    source = _text(f"{lesson.title} › {card['section']}" if card["section"] else lesson.title)
    form = card["form"]
    if form == "cloze":
        before, gap, after = card["prompt"].partition(GAP)
        answer = html.escape(card["answer"]).replace("}}", "}&#125;")
        text = _text(before) + ("{{c1::" + answer + "}}" if gap else "") + _text(after)
        if not gap:  # no gap marker: ask for the whole answer after the prompt
            text += "<br>{{c1::" + answer + "}}"
        return [text, source]
    prompt = _text(card["prompt"])
    if form == "choice":
        options = "".join(f"<li>{_text(option)}</li>" for option in card["choices"])
        return [prompt, f'<ol class="options" type="A">{options}</ol>', _text(card["answer"]),
                _text(card["explanation"]), source]
    if form == "typed":
        return [prompt, code_html(card["code"]) if card["code"] else "",
                f'<pre class="output">{html.escape(card["answer"])}</pre>', _text(card["explanation"]), source]
    back = _text(card["answer"])
    if card["code"]:
        prompt += code_html(card["code"])
    return [prompt, back, source]


def tags(card: dict, lesson: LessonInfo) -> str:
    words = [lesson.id, card["source"], *lesson.concepts]
    return " " + " ".join(dict.fromkeys(w.replace(" ", "_") for w in words if w)) + " "


def write_package(cards: Iterable[ExportCard], lessons: dict[str, LessonInfo], out: Path, now: datetime, *,
                  desired_retention: float = 0.9,
                  progress: Callable[[int], None] | None = None) -> ExportReport:
    """Write ``cards`` to ``out`` as one .apkg: a deck per lesson under the parent deck."""
    cards = list(cards)
    _highlight_all({c.card["code"] for c in cards if c.card["code"]})
    timestamp = now.timestamp()
    decks = {PARENT_DECK: genanki.Deck(deck_id(""), PARENT_DECK)}
    for lesson_id in dict.fromkeys(c.card["lesson"] for c in cards):
        info = lessons[lesson_id]
        decks[lesson_id] = genanki.Deck(deck_id(lesson_id), deck_name(info))
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="recall-export-") as tmp:
        db_path = Path(tmp) / "collection.anki2"
        con = sqlite3.connect(db_path)
        try:
            cursor = con.cursor()
            ids = iter(range(int(timestamp * 1000), 1 << 62))
            _write_collection(cursor, decks.values(), timestamp)
            crt = cursor.execute("SELECT crt FROM col").fetchone()[0]
            carried = _write_notes(cursor, cards, lessons, decks, ids, int(timestamp), crt, desired_retention,
                                   progress)
            con.commit()
        finally:
            con.close()
        partial = out.with_name(out.name + ".partial")
        try:
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
                zf.write(db_path, "collection.anki2")
                zf.writestr("media", "{}")
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
    return ExportReport(out, len(cards), len(decks) - 1, carried)


def _write_collection(cursor, decks, timestamp: float) -> None:
    """genanki's empty collection, with our decks and note types written in one update.

    (genanki's own Deck.write_to_db rewrites the whole deck list once per deck: quadratic
    for a collection of thousands of lessons.)
    """
    cursor.executescript(APKG_SCHEMA)
    cursor.executescript(APKG_COL)
    stored = json.loads(cursor.execute("SELECT decks FROM col").fetchone()[0])
    stored.update({str(deck.deck_id): deck.to_json() for deck in decks})
    models = json.loads(cursor.execute("SELECT models FROM col").fetchone()[0])
    models.update({str(m.model_id): m.to_json(timestamp, deck_id("")) for m in MODELS.values()})
    cursor.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(stored), json.dumps(models)))


def _write_notes(cursor, cards, lessons, decks, ids, mod: int, crt: int, desired_retention: float,
                 progress) -> int:
    notes, rows, carried = [], [], 0
    for n, item in enumerate(cards):
        card, lesson = item.card, lessons[item.card["lesson"]]
        model = MODELS[card["form"]]
        values = fields(card, lesson)
        note_id = next(ids)
        note_mod = int(item.changed.timestamp()) if item.changed else mod
        notes.append((note_id, card["id"], model.model_id, note_mod, -1, tags(card, lesson), "\x1f".join(values),
                      _sort_field(values[0]), 0, 0, ""))
        schedule = _schedule(item.memory, crt, desired_retention, n) if item.memory else (0, 0, n, 0, 0, 0, 0, 0, "")
        carried += item.memory is not None
        kind, queue, due, ivl, factor, reps, lapses, left, data = schedule
        rows.append((next(ids), note_id, decks[card["lesson"]].deck_id, 0, mod, -1, kind, queue, due, ivl, factor,
                     reps, lapses, left, 0, 0, 0, data))
        if progress and n % 1000 == 999:
            progress(1000)
    cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)", notes)
    cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    if progress:
        progress(len(cards) % 1000)
    return carried


def _sort_field(first: str) -> str:
    return html.unescape(first.replace("<br>", " "))[:200]


def _schedule(memory: Memory, crt: int, desired_retention: float, position: int) -> tuple:
    """Anki's card columns for a card we have studied: type, queue, due, ivl, factor, reps, lapses, left, data.

    Review cards are due on a day number counted from the collection's creation; learning
    cards at a timestamp. FSRS memory goes in ``data`` as Anki keeps it (s, d, dr, lrt).
    """
    kind = ANKI_TYPES[memory.state]
    data = {"s": round(memory.stability, 4) if memory.stability else None,
            "d": round(memory.difficulty, 4) if memory.difficulty else None,
            "dr": desired_retention}
    if memory.last_review:
        data["lrt"] = int(memory.last_review.timestamp())
    data = json.dumps({k: v for k, v in data.items() if v is not None}, separators=(",", ":"))
    if kind == 2:
        created = datetime.fromtimestamp(crt, UTC).date()
        due = (memory.due.astimezone(UTC).date() - created).days
        ivl = max(1, round((memory.due - memory.last_review).total_seconds() / 86400)) if memory.last_review else 1
        return (2, 2, due, ivl, 2500, memory.reps, memory.lapses, 0, data)
    ivl = 0 if kind == 1 else max(1, round(memory.stability or 1))
    return (kind, 1, int(memory.due.timestamp()), ivl, 2500, memory.reps, memory.lapses, 1, data)
