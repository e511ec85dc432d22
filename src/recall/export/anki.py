"""Anki packages (.apkg) through genanki: fixed model and deck ids, GUIDs from card ids.

genanki lays out the collection (schema, decks, note types); the rows of notes and
cards (``notes.py``, two processes for a large export) are then written in bulk into
that same SQLite file, and the file is zipped (deflated) into the package.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import tempfile
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


_INDEX = re.compile(r"CREATE INDEX [^;]+;", re.IGNORECASE)
_INDEX_NAME = re.compile(r"CREATE INDEX (\w+)", re.IGNORECASE)
@dataclass(frozen=True)
class Part:
    """A run of consecutive cards of the export, read by whichever process writes it."""

    offset: int  # position of its first card in the whole export
    read: Callable[[], list[NoteSource]]


def write_package(parts: list[Part], lessons: dict[str, LessonInfo], out: Path, now: datetime, *,
                  desired_retention: float = 0.9,
                  progress: Callable[[int], None] | None = None) -> ExportReport:
    """Write the cards of ``parts`` to ``out`` as one .apkg: a deck per lesson under the parent deck.

    ``lessons`` are the lessons the cards belong to. The collection is a scratch file,
    zipped once complete. The first part is read and written here; each other part in a
    forked worker, into a scratch file of its own that is then copied in.
    """
    timestamp = now.timestamp()
    decks = {PARENT_DECK: genanki.Deck(deck_id(""), PARENT_DECK)}
    for lesson_id, info in lessons.items():
        decks[lesson_id] = genanki.Deck(deck_id(lesson_id), deck_name(info))
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="recall-export-") as tmp:
        collection = Path(tmp) / "collection.anki2"
        con = _scratch(collection)
        try:
            cursor = con.cursor()
            _write_collection(cursor, decks.values(), timestamp)
            crt = cursor.execute("SELECT crt FROM col").fetchone()[0]
            layout = Layout(lessons, {lesson: deck.deck_id for lesson, deck in decks.items()},
                            int(timestamp * 1000), int(timestamp), crt, desired_retention)
            for name in _INDEX_NAME.findall(APKG_SCHEMA):  # built once the rows are in: faster
                cursor.execute(f"DROP INDEX {name}")
            notes, carried = _fill(con, parts, layout, Path(tmp), progress)
            for statement in _INDEX.findall(APKG_SCHEMA):
                cursor.execute(statement)
            con.commit()
        finally:
            con.close()
        partial = out.with_name(out.name + ".partial")
        try:
            # level 1: under half the time of the default 6, for a file ~5% larger (~1.1x Anki's own)
            with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
                zf.write(collection, "collection.anki2")
                zf.writestr("media", "{}")
            partial.replace(out)
        finally:
            partial.unlink(missing_ok=True)
    return ExportReport(out, notes, len(decks) - 1, carried)


_NOTES = "INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)"
_CARDS = "INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
_shared: tuple | None = None  # (parts, layout, files), inherited by forked workers instead of pickled


def _scratch(path: Path) -> sqlite3.Connection:
    """A database file that is zipped or copied once complete: no journal, no syncing."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    return con


def _fill(con: sqlite3.Connection, parts: list[Part], layout: Layout, tmp: Path, progress) -> tuple[int, int]:
    """Every part's notes and cards into ``con``; returns (notes, cards that carried progress)."""
    global _shared
    if len(parts) == 1:
        return _write_part(con, parts[0], layout, progress)
    import multiprocessing

    files = [tmp / f"part{i}.anki2" for i in range(len(parts))]
    _shared = (parts, layout, files)
    try:
        with multiprocessing.get_context("fork").Pool(len(parts) - 1) as pool:
            pending = [pool.apply_async(_part_in_worker, (i,)) for i in range(1, len(parts))]
            notes, carried = _write_part(con, parts[0], layout, progress)
            for i, later in enumerate(pending, start=1):
                more_notes, more_carried = later.get()
                con.execute("ATTACH ? AS part", (str(files[i]),))
                con.execute("INSERT INTO notes SELECT * FROM part.notes")
                con.execute("INSERT INTO cards SELECT * FROM part.cards")
                con.commit()
                con.execute("DETACH part")
                notes, carried = notes + more_notes, carried + more_carried
                if progress:
                    progress(more_notes)
    finally:
        _shared = None
    return notes, carried


def _write_part(con: sqlite3.Connection, part: Part, layout: Layout, progress) -> tuple[int, int]:
    cards = part.read()
    notes, rows, carried = note_rows(cards, layout, part.offset, progress)
    con.executemany(_NOTES, notes)
    con.executemany(_CARDS, rows)
    if progress:
        progress(len(cards) % 1000)
    return len(cards), carried


def _part_in_worker(index: int) -> tuple[int, int]:
    """Write one part into a scratch database file of its own, to be copied in."""
    parts, layout, files = _shared
    con = _scratch(files[index])
    try:
        con.executescript(APKG_SCHEMA)
        for name in _INDEX_NAME.findall(APKG_SCHEMA):
            con.execute(f"DROP INDEX {name}")
        notes, carried = _write_part(con, parts[index], layout, None)
        con.commit()
        return notes, carried
    finally:
        con.close()


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
