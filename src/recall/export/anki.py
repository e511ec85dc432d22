"""Anki packages (.apkg) through genanki: fixed model and deck ids, GUIDs from card ids.

genanki lays out the collection (schema, decks, note types); the rows of notes and
cards (``notes.py``) are then written in bulk into that same SQLite database, built in
memory, and the database is zipped (deflated) into the package.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from recall.export.highlight import CSS as CODE_CSS
from recall.export.notes import MODEL_IDS, Layout, LessonInfo, NoteSource, note_rows

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
""" + CODE_CSS

# Fixed ids: re-exports must reuse them so Anki updates notes instead of duplicating them.
FLIP_MODEL = genanki.Model(
    MODEL_IDS["flip"], "recall Basic",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<div class="source">{{Source}}</div>'}],
    css=_CSS)
CLOZE_MODEL = genanki.Model(
    MODEL_IDS["cloze"], "recall Cloze",
    fields=[{"name": "Text"}, {"name": "Source"}],
    templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}",
                "afmt": '{{cloze:Text}}<div class="source">{{Source}}</div>'}],
    css=_CSS, model_type=genanki.Model.CLOZE)
CHOICE_MODEL = genanki.Model(
    MODEL_IDS["choice"], "recall Multiple Choice",
    fields=[{"name": "Prompt"}, {"name": "Options"}, {"name": "Answer"}, {"name": "Explanation"},
            {"name": "Source"}],
    templates=[{"name": "Card 1", "qfmt": "{{Prompt}}{{Options}}",
                "afmt": '{{FrontSide}}<hr id="answer"><div class="correct">{{Answer}}</div>'
                        '<div class="explanation">{{Explanation}}</div><div class="source">{{Source}}</div>'}],
    css=_CSS)
TYPED_MODEL = genanki.Model(
    MODEL_IDS["typed"], "recall Predict the Output",
    fields=[{"name": "Prompt"}, {"name": "Code"}, {"name": "Output"}, {"name": "Explanation"},
            {"name": "Source"}],
    templates=[{"name": "Card 1", "qfmt": "{{Prompt}}{{Code}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Output}}<div class="explanation">{{Explanation}}</div>'
                        '<div class="source">{{Source}}</div>'}],
    css=_CSS)
MODELS = {"flip": FLIP_MODEL, "cloze": CLOZE_MODEL, "choice": CHOICE_MODEL, "typed": TYPED_MODEL}


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


def write_package(cards: list[NoteSource], lessons: dict[str, LessonInfo], out: Path, now: datetime, *,
                  desired_retention: float = 0.9,
                  progress: Callable[[int], None] | None = None) -> ExportReport:
    """Write ``cards`` to ``out`` as one .apkg: a deck per lesson under the parent deck.

    ``lessons`` are the lessons the cards belong to. The collection is built in memory
    and zipped straight into a partial file beside ``out``, which takes its place once
    complete: a failed or interrupted export leaves ``out`` as it was.
    """
    timestamp = now.timestamp()
    decks = {PARENT_DECK: genanki.Deck(deck_id(""), PARENT_DECK)}
    for lesson_id, info in lessons.items():
        decks[lesson_id] = genanki.Deck(deck_id(lesson_id), deck_name(info))
    con = sqlite3.connect(":memory:")
    try:
        cursor = con.cursor()
        _write_collection(cursor, decks.values(), timestamp)
        crt = cursor.execute("SELECT crt FROM col").fetchone()[0]
        layout = Layout(lessons, {lesson: deck.deck_id for lesson, deck in decks.items()},
                        int(timestamp * 1000), int(timestamp), crt, desired_retention)
        notes, rows, carried = note_rows(cards, layout, 0, progress)
        con.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)", notes)
        con.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        if progress:
            progress(len(cards) % 1000)
        con.commit()
        collection = con.serialize()
    finally:
        con.close()
    _replace_with_zip(out, collection)
    return ExportReport(out, len(cards), len(decks) - 1, carried)


def _replace_with_zip(out: Path, collection: bytes) -> None:
    """Zip the collection into a partial file next to ``out``, then move it into place."""
    _remove_stale_partials(out)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    try:
        # level 1: under half the time of the default 6, for a file ~5% larger (~1.1x Anki's own)
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            zf.writestr("collection.anki2", collection)
            zf.writestr("media", "{}")
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)


def _remove_stale_partials(out: Path) -> None:
    """Partial files an export left when it was killed outright (its process is gone)."""
    for stale in out.parent.glob(f".{glob.escape(out.name)}.*.partial"):
        pid = stale.name[len(out.name) + 2: -len(".partial")]
        if pid.isdigit() and not _alive(int(pid)):
            stale.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
