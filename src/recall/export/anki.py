"""Anki packages (.apkg) through genanki: fixed model and deck ids, GUIDs from card ids.

genanki lays out the collection (schema, decks, note types); the rows of notes, cards
(``notes.py``) and review log (``revlog.py``) are then written in bulk into that same
SQLite database, built in memory, and the database is zipped (deflated) into the package.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import sqlite3
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from recall.export.highlight import CSS as CODE_CSS
from recall.export.notes import (
    CARD_SQL,
    MODEL_IDS,
    NEW_CARD_SQL,
    NOTE_SQL,
    Layout,
    LessonInfo,
    Memo,
    NoteSource,
    card_id,
    highlight_all,
    note_rows,
)
from recall.export.revlog import Answer, revlog_rows

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


def _inert(template: str) -> str:
    """A template's fields inside a block MathJax leaves alone (its default ``mathjax_ignore`` class).

    The fields hold no MathJax for Anki's desktop reviewer to find (``markup`` writes
    backslashes as references), but reviewers that typeset the whole page read the
    text after references are resolved.
    """
    return f'<div class="mathjax_ignore">{template}</div>'


# Fixed ids: re-exports must reuse them so Anki updates notes instead of duplicating them.
FLIP_MODEL = genanki.Model(
    MODEL_IDS["flip"], "recall Basic",
    fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Explanation"}, {"name": "Source"}],
    templates=[{"name": "Card 1", "qfmt": _inert("{{Front}}"),
                "afmt": '{{FrontSide}}<hr id="answer">' + _inert(
                    '{{Back}}<div class="explanation">{{Explanation}}</div><div class="source">{{Source}}</div>')}],
    css=_CSS)
CLOZE_MODEL = genanki.Model(
    MODEL_IDS["cloze"], "recall Cloze",
    fields=[{"name": "Text"}, {"name": "Explanation"}, {"name": "Source"}],
    templates=[{"name": "Cloze", "qfmt": _inert("{{cloze:Text}}"),
                "afmt": _inert('{{cloze:Text}}<div class="explanation">{{Explanation}}</div>'
                               '<div class="source">{{Source}}</div>')}],
    css=_CSS, model_type=genanki.Model.CLOZE)
CHOICE_MODEL = genanki.Model(
    MODEL_IDS["choice"], "recall Multiple Choice",
    fields=[{"name": "Prompt"}, {"name": "Options"}, {"name": "Answer"}, {"name": "Explanation"},
            {"name": "Source"}],
    templates=[{"name": "Card 1", "qfmt": _inert("{{Prompt}}{{Options}}"),
                "afmt": '{{FrontSide}}<hr id="answer">' + _inert(
                    '<div class="correct">{{Answer}}</div><div class="explanation">{{Explanation}}</div>'
                    '<div class="source">{{Source}}</div>')}],
    css=_CSS)
TYPED_MODEL = genanki.Model(
    MODEL_IDS["typed"], "recall Predict the Output",
    fields=[{"name": "Prompt"}, {"name": "Code"}, {"name": "Output"}, {"name": "Explanation"},
            {"name": "Source"}],
    templates=[{"name": "Card 1", "qfmt": _inert("{{Prompt}}{{Code}}"),
                "afmt": '{{FrontSide}}<hr id="answer">' + _inert(
                    '{{Output}}<div class="explanation">{{Explanation}}</div><div class="source">{{Source}}</div>')}],
    css=_CSS)
MODELS = {"flip": FLIP_MODEL, "cloze": CLOZE_MODEL, "choice": CHOICE_MODEL, "typed": TYPED_MODEL}


class ExportError(Exception):
    """An export that cannot be made; the message says why, in one line."""


@dataclass(frozen=True)
class ExportReport:
    path: Path
    notes: int
    decks: int
    with_scheduling: int  # cards that carried progress
    reviews: int = 0  # review-log rows carried


#: ZIP stores no earlier time, and Anki's ids are times: a clock before this is wrong
EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)


def check_output(out: Path) -> None:
    """Refuse, before any work, an output Anki would not import or that cannot be written."""
    try:
        if out.is_dir():
            raise ExportError(f"{out} is a folder; give the package's file name, say {out / 'recall.apkg'}")
        if not out.name.lower().endswith(".apkg"):
            named = out.with_suffix(".apkg") if out.suffix else out.with_name(out.name + ".apkg")
            raise ExportError(f"{out}: an Anki package's name ends in .apkg (Anki picks its importer by it), "
                              f"say {named.name}")
        if not out.parent.is_dir():
            raise ExportError(f"cannot write {out}: there is no folder {out.parent}" + (
                "" if out.parent.exists() else " (make it first)"))
    except OSError as exc:  # a name too long, say
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None


def check_clock(now: datetime) -> None:
    """Refuse a clock before 1980: the package's dates and the notes' ids would be wrong."""
    if now < EARLIEST:
        raise ExportError(f"the system clock says {now:%Y-%m-%d}: Anki dates its notes and packages by it, "
                          "so set the clock right and export again")


def deck_id(lesson_id: str) -> int:
    """A stable deck id per lesson (and one for the parent deck)."""
    digest = hashlib.blake2b(f"recall-deck:{lesson_id}".encode(), digest_size=8).digest()
    return (1 << 30) + int.from_bytes(digest, "big") % (1 << 30)


def deck_name(lesson: LessonInfo) -> str:
    """``recall::NN Title``: the title on one level (Anki reads ``::`` as a subdeck), without control characters."""
    title = " ".join(_CONTROL.sub(" ", _COLONS.sub(":", lesson.title)).split()) or lesson.id
    number = lesson.id.split("-", 1)[0]
    return f"{PARENT_DECK}::{number} {title}" if number.isdigit() and not title.startswith(number) else \
        f"{PARENT_DECK}::{title}"


_COLONS = re.compile(r":{2,}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def write_package(cards: Sequence[NoteSource], lessons: dict[str, LessonInfo], out: Path, now: datetime, *,
                  desired_retention: float = 0.9, leech_lapses: int | None = None,
                  answers: Sequence[Answer] = (),
                  progress: Callable[[int], None] | None = None) -> ExportReport:
    """Write ``cards`` to ``out`` as one .apkg: a deck per lesson under the parent deck.

    ``lessons`` are the lessons the cards belong to. Cards that carry a memory carry their
    scheduling, their suspension, the leech tag (``leech_lapses`` or more lapses) and
    their ``answers`` as Anki's review log. The collection is built in memory and zipped
    straight into a partial file beside ``out``, which takes its place once complete: a
    failed or interrupted export leaves ``out`` as it was.
    """
    check_clock(now)
    timestamp = now.timestamp()
    decks = {PARENT_DECK: genanki.Deck(deck_id(""), PARENT_DECK)}
    for lesson_id, info in lessons.items():
        decks[lesson_id] = genanki.Deck(deck_id(lesson_id), deck_name(info))
    con = sqlite3.connect(":memory:")
    try:
        con.execute("PRAGMA journal_mode = OFF")  # a scratch database: nothing to roll back to
        crt = _write_collection(con, decks.values(), timestamp)
        layout = Layout(lessons, {lesson: deck.deck_id for lesson, deck in decks.items()},
                        int(timestamp * 1000), int(timestamp), crt, desired_retention, leech_lapses)
        code_html = highlight_all({card.code for card in cards if card.code})
        carried, memo = 0, Memo()
        for start in range(0, len(cards), _CHUNK):  # in chunks, for the progress bar
            rows = note_rows(cards[start:start + _CHUNK], layout, code_html, start, memo)
            con.executemany(NOTE_SQL, rows.notes)
            con.executemany(NEW_CARD_SQL, rows.new_cards)
            con.executemany(CARD_SQL, rows.cards)
            carried += len(rows.cards)
            if progress:
                progress(len(rows.notes))
        revlog = revlog_rows(answers, {card.id: card_id(layout, n) for n, card in enumerate(cards)
                                       if card.memory is not None},
                             {card.id: card.memory for card in cards if card.memory is not None})
        con.executemany("INSERT INTO revlog VALUES(?,?,?,?,?,?,?,?,?)", revlog)
        con.executescript(_INDEXES)
        con.commit()
        collection = con.serialize()
    finally:
        con.close()
    _replace_with_zip(out, collection, now)
    return ExportReport(out, len(cards), len(decks) - 1, carried, len(revlog))


_CHUNK = 5000


# genanki's schema without its indexes, which are made once the rows are in (faster than row by row)
_SCHEMA = "\n".join(line for line in APKG_SCHEMA.splitlines() if not line.startswith("CREATE INDEX"))
_INDEXES = "\n".join(line for line in APKG_SCHEMA.splitlines() if line.startswith("CREATE INDEX"))


def _replace_with_zip(out: Path, collection: bytes, now: datetime) -> None:
    """Zip the collection into a partial file next to ``out``, then move it into place."""
    _remove_stale_partials(out)
    partial = out.with_name(f".{out.name}.{os.getpid()}.partial")
    stamp = now.astimezone(UTC).timetuple()[:6]
    try:
        # level 1: under half the time of the default 6, for a file ~5% larger (~1.1x Anki's own)
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for name, data in (("collection.anki2", collection), ("media", b"{}")):
                zf.writestr(zipfile.ZipInfo(name, date_time=stamp), data,
                            compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
        partial.replace(out)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from None
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


def _write_collection(con: sqlite3.Connection, decks, timestamp: float) -> int:
    """genanki's empty collection, with our decks and note types written in one update; returns its ``crt``.

    (genanki's own Deck.write_to_db rewrites the whole deck list once per deck: quadratic
    for a collection of thousands of lessons.) The collection says it is scheduled by
    Anki's v2 scheduler, as recall's ratings are four buttons everywhere: a v1 collection
    would have Anki shift the ratings of learning answers up by one on import.
    """
    con.executescript(_SCHEMA)
    con.executescript(APKG_COL)
    conf, stored, models, crt = con.execute("SELECT conf, decks, models, crt FROM col").fetchone()
    conf = json.loads(conf)
    conf["schedVer"] = 2
    stored = json.loads(stored)
    stored.update({str(deck.deck_id): deck.to_json() for deck in decks})
    models = json.loads(models)
    models.update({str(m.model_id): m.to_json(timestamp, deck_id("")) for m in MODELS.values()})
    con.execute("UPDATE col SET conf = ?, decks = ?, models = ?", (json.dumps(conf), json.dumps(stored),
                                                                    json.dumps(models)))
    return crt
