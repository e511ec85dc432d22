"""An export in parts: runs of lessons, each read from the database and turned into Anki's rows.

A part is a span of lesson ids in curriculum order whose cards take known positions in
the export (their note and card ids follow from them). Parts do not depend on one another:
a large export works them out in one process per core, each returning its plain rows;
a small one works them out here, one after another (starting processes would cost more
than they save).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from recall.export.layout import CHANGED, ExportError
from recall.export.notes import ANKI_TYPES, MODEL_IDS, Layout, Memo, NoteSource, Rows, card_id, highlight_all, note_rows
from recall.export.revlog import Answer, revlog_rows
from recall.store import cards, history
from recall.store.database import Database
from recall.workers import WorkerLost, count, pool_of

#: cards of a part worked out in this process: the progress bar moves a part at a time
PART_CARDS = 5000
#: at most this many cards in a part worked out in another process (its rows come back in one piece)
POOL_PART_CARDS = 25_000
#: from this many cards on, parts are worked out in other processes, one per core (measured on 2 cores, against
#: one process: 20,666 cards 1.07x the time, 42,691 0.92x, 87,316 0.82x)
PARALLEL_FROM = 30_000


@dataclass(frozen=True)
class Part:
    span: tuple[str, str]  # the first and last lesson id
    start: int  # the position in the export of its first card
    size: int  # its active cards when the export was planned


def plan(counts: dict[str, int], parts: int) -> list[Part]:
    """``counts`` (active cards per lesson, in curriculum order) cut into at most ``parts`` runs of
    whole lessons with about as many cards each."""
    total = sum(counts.values())
    out: list[Part] = []
    first = last = None
    start = done = 0
    for lesson, n in counts.items():
        first = first or lesson
        last, done = lesson, done + n
        if done >= total * (len(out) + 1) / parts and done > start:
            out.append(Part((first, last), start, done - start))
            first, start = None, done
    if first is not None and last is not None:
        out.append(Part((first, last), start, done - start))
    return out


def rows_of(db: Database, part: Part, lessons: list[str] | None, layout: Layout, with_scheduling: bool) -> Rows:
    """The rows of ``part`` (of ``lessons``, all when None); with ``with_scheduling`` its cards carry
    their progress and their answers become the review log."""
    found = [_checked(card, layout) for card in cards.export_rows(db, lessons, with_scheduling, span=part.span,
                                                                  make=NoteSource)]
    rows = note_rows(found, layout, highlight_all({card.code for card in found if card.code}), part.start, Memo())
    if with_scheduling:
        memories = {card.id: card.memory for card in found if card.memory is not None}
        answers = history.answers_for_export(db, lessons, span=part.span, make=Answer)
        rows.revlog = revlog_rows(answers, {card.id: card_id(layout, n) for n, card in enumerate(found, part.start)
                                            if card.id in memories}, memories)
    return rows


def _checked(card: NoteSource, layout: Layout) -> NoteSource:
    """``card``, if it holds only what some version of recall writes (values that do not decode at
    all are the store's DamagedError) and its lesson was counted when the export was planned."""
    if card.form not in MODEL_IDS:
        raise ExportError(f"card {card.id}: unknown kind of card '{card.form}' in the database")
    if card.memory is not None and card.memory.state not in ANKI_TYPES:
        raise ExportError(f"card {card.id}: unknown learning state {card.memory.state!r} in the database")
    if card.lesson not in layout.lessons:  # a lesson built since, its id inside a part's span
        raise ExportError(CHANGED)
    return card


def _rows_apart(url: str, part: Part, lessons: list[str] | None, layout: Layout, with_scheduling: bool) -> Rows:
    """``rows_of`` in a process of its own, on its own connection."""
    with Database(url) as db:
        return rows_of(db, part, lessons, layout, with_scheduling)


def workers() -> int:
    """How many processes work out the parts of a large export (``recall.workers.count``)."""
    return count()


@contextmanager
def worked_out(db: Database, counts: dict[str, int], lessons: list[str] | None, layout: Layout,
               with_scheduling: bool) -> Iterator[Iterator[tuple[Part, Rows]]]:
    """Each part of the cards ``counts`` has (active cards per lesson, curriculum order) with its rows,
    in order: worked out here as each is asked for, or, for a large export, by ``workers()`` other
    processes, which start at once (while this process makes ready to write)."""
    total, processes = sum(counts.values()), workers()
    if total < PARALLEL_FROM or processes < 2:
        yield ((part, rows_of(db, part, lessons, layout, with_scheduling))
               for part in plan(counts, math.ceil(total / PART_CARDS)))
        return
    parts = plan(counts, max(processes * 2, math.ceil(total / POOL_PART_CARDS)))
    url = db.url.render_as_string(hide_password=False)
    # each part is sent with the layout of its own lessons alone: the whole layout with every part
    # made 1.5 MB to pickle and read back for 4,225 lessons in 4 parts, where 0.4 MB will do
    order = {lesson: n for n, lesson in enumerate(counts)}
    own = [list(counts)[order[part.span[0]]:order[part.span[1]] + 1] for part in parts]
    try:
        with pool_of(processes) as pool:
            found = pool.map(_rows_apart, [url] * len(parts), parts, [lessons] * len(parts),
                             [layout.within(mine) for mine in own], [with_scheduling] * len(parts))

            def in_turn() -> Iterator[tuple[Part, Rows]]:
                yield from zip(parts, found)
                pool.done()  # every part in: the workers go while the package is written

            yield in_turn()
    except WorkerLost:
        raise ExportError("a process working out the export stopped before it was done (out of memory?); "
                          "export again") from None
