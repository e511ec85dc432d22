"""Where an export's cards go, settled before any is read: the output and the clock checked,
a deck per lesson (ids and names), the collection's ids and times.

Nothing here needs genanki: a large export starts working out its parts first.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from recall.export.notes import Layout, LessonInfo

PARENT_DECK = "recall"
#: the collection's creation time (genanki's): Anki counts review due days from it, and its
#: importer moves them by the days between its own collection's creation and this one
CREATED = 1411124400


class ExportError(Exception):
    """An export that cannot be made; the message says why, in one line."""


#: what an export says when the cards it counted are not the cards it then read
CHANGED = "the cards changed while the export read them (a build in another window?); export again"


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


def layout_of(lessons: dict[str, LessonInfo], now: datetime, desired_retention: float = 0.9,
              leech_lapses: int | None = None) -> Layout:
    """Where the export's cards go: a deck per lesson of ``lessons`` (in curriculum order), ids from
    the export's time. ``leech_lapses`` is None when no progress is carried."""
    check_clock(now)
    timestamp = now.timestamp()
    deck_ids = {PARENT_DECK: deck_id(""), **{lesson: deck_id(lesson) for lesson in lessons}}
    return Layout(lessons, deck_ids, int(timestamp * 1000), int(timestamp), CREATED, desired_retention, leech_lapses)
