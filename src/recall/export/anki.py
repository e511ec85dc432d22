"""Anki packages (.apkg) through genanki: fixed model and deck ids, GUIDs from card ids.

genanki lays out the collection (schema, decks, note types); the rows of notes, cards
(``notes.py``) and review log (``revlog.py``) are then written in bulk into that same
SQLite database, built in memory, and the database is zipped (deflated) into the package.
"""

from __future__ import annotations

import glob
import json
import os
import sqlite3
import zipfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from recall.export.highlight import CSS as CODE_CSS
from recall.export.layout import (
    CHANGED,
    CREATED,
    PARENT_DECK,
    ExportError,
    ExportReport,
    deck_id,
    deck_name,
)
from recall.export.notes import CARD_SQL, MODEL_IDS, NEW_CARD_SQL, NOTE_SQL, Layout, Rows
from recall.export.revlog import unique_ids

if TYPE_CHECKING:
    from recall.export.parts import Part

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


def write_package(parts: Iterable[tuple[Part, Rows]], layout: Layout, out: Path, now: datetime, *,
                  progress: Callable[[int], None] | None = None) -> ExportReport:
    """Write the rows of ``parts`` (in order) to ``out`` as one .apkg: a deck per lesson under the parent deck.

    The collection is built in memory and zipped straight into a partial file beside
    ``out``, which takes its place once complete: a failed or interrupted export leaves
    ``out`` as it was. ``progress`` hears how many cards each part added. (``layout_of`` made
    ``layout`` and checked the clock.)
    """
    decks = [genanki.Deck(layout.deck_ids[PARENT_DECK], PARENT_DECK), *(
        genanki.Deck(layout.deck_ids[lesson], deck_name(info)) for lesson, info in layout.lessons.items())]
    con = sqlite3.connect(":memory:")
    notes = carried = 0
    revlog: list[tuple] = []
    try:
        # 16 KiB pages, not SQLite's 4: the rows written faster, a package 4% smaller
        con.execute("PRAGMA page_size = 16384")
        con.execute("PRAGMA journal_mode = OFF")  # a scratch database: nothing to roll back to
        _write_collection(con, decks, now.timestamp())
        guids: set[str] = set()
        for part, rows in parts:
            guids.update(note[1] for note in rows.notes)
            if len(rows.notes) != part.size or len(guids) != notes + part.size:  # a card read twice: moved
                raise ExportError(CHANGED)
            con.executemany(NOTE_SQL, rows.notes)
            con.executemany(NEW_CARD_SQL, rows.new_cards)
            con.executemany(CARD_SQL, rows.cards)
            notes, carried = notes + len(rows.notes), carried + len(rows.cards)
            revlog += rows.revlog
            if progress:
                progress(len(rows.notes))
        revlog = unique_ids(revlog)
        con.executemany("INSERT INTO revlog VALUES(?,?,?,?,?,?,?,?,?)", revlog)
        con.commit()
        collection = con.serialize()
    finally:
        con.close()
    _replace_with_zip(out, collection, now)
    return ExportReport(out, notes, len(layout.lessons), carried, len(revlog))


#: genanki's schema without its indexes. A package is read once, whole, by Anki's importer, which
#: builds the indexes of the collection it imports into: measured on 87,316 notes, the import takes
#: the same time without them (6.0-6.3 s either way) and the package is 22% smaller.
_SCHEMA = "\n".join(line for line in APKG_SCHEMA.splitlines() if not line.startswith("CREATE INDEX"))


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


def _write_collection(con: sqlite3.Connection, decks, timestamp: float) -> None:
    """genanki's empty collection, with our decks and note types written in one update, created at ``CREATED``.

    (genanki's own Deck.write_to_db rewrites the whole deck list once per deck: quadratic
    for a collection of thousands of lessons.) The collection says it is scheduled by
    Anki's v2 scheduler, as recall's ratings are four buttons everywhere: a v1 collection
    would have Anki shift the ratings of learning answers up by one on import.
    """
    con.executescript(_SCHEMA)
    con.executescript(APKG_COL)
    conf, stored, models = con.execute("SELECT conf, decks, models FROM col").fetchone()
    conf = json.loads(conf)
    conf["schedVer"] = 2
    stored = json.loads(stored)
    stored.update({str(deck.deck_id): deck.to_json() for deck in decks})
    models = json.loads(models)
    models.update({str(m.model_id): m.to_json(timestamp, deck_id("")) for m in MODELS.values()})
    con.execute("UPDATE col SET conf = ?, decks = ?, models = ?, crt = ?",
                (json.dumps(conf), json.dumps(stored), json.dumps(models), CREATED))
