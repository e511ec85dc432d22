"""recall's review log as rows of Anki's ``revlog`` table, so Anki shows the history and can fit FSRS to it.

A row says what the answer did: the rating, the interval it set (days once the card is
in review, negative seconds while it is learning), the interval before, the card's
difficulty (as Anki writes it for FSRS cards, 100 to 1100: known for the last answer,
from the card's memory now), the time taken and the kind of review. The interval is the
one the answer stored; an answer recorded before recall kept it counts the time until
the next answer (for the last one, until the card's due time).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import NamedTuple

from recall.model import RELEARNING, REVIEW, Memory

#: Anki's review kinds, by the card's state before the answer (None: it was new)
REVIEW_KINDS = {None: 0, 1: 0, REVIEW: 1, RELEARNING: 2}


class Answer(NamedTuple):
    """One row of recall's review log, as ``recall.store.history.answers_for_export`` reads it."""

    card_id: str
    reviewed_at: datetime
    rating: int
    duration_ms: int | None
    state_before: int | None
    interval_s: int | None  # the interval the answer set, in seconds (None: not kept then)


def revlog_rows(answers: Iterable[Answer], anki_ids: Mapping[str, int],
                memories: Mapping[str, Memory]) -> list[tuple]:
    """Anki ``revlog`` rows for ``answers`` (grouped by card, oldest first) of the cards in ``anki_ids``.

    ``anki_ids`` maps recall's card ids to the package's card ids, ``memories`` each card
    to its memory now. A row's id is its time in milliseconds: ``unique_ids`` makes them
    unique once every row of the export is in.
    """
    rows: list[tuple] = []
    previous: Answer | None = None
    pending: list[Answer] = []
    for answer in answers:
        if previous is not None and previous.card_id != answer.card_id:
            rows.extend(_card_rows(pending, anki_ids, memories))
            pending = []
        pending.append(answer)
        previous = answer
    rows.extend(_card_rows(pending, anki_ids, memories))
    return rows


def unique_ids(rows: list[tuple]) -> list[tuple]:
    """``rows`` in time order, each id moved on by a millisecond where an earlier row has it (ids must
    be unique, and two answers can share a millisecond)."""
    rows = sorted(rows)
    last = 0
    for n, row in enumerate(rows):
        if row[0] <= last:
            rows[n] = (last + 1, *row[1:])
        last = rows[n][0]
    return rows


def _card_rows(answers: list[Answer], anki_ids: Mapping[str, int], memories: Mapping[str, Memory]) -> list[tuple]:
    if not answers or answers[0].card_id not in anki_ids or answers[0].card_id not in memories:
        return []
    cid = anki_ids[answers[0].card_id]
    now = memories[answers[0].card_id]
    rows, last_interval = [], 0
    for n, answer in enumerate(answers):
        later = answers[n + 1] if n + 1 < len(answers) else None
        state_after = later.state_before if later is not None else now.state
        if answer.interval_s is not None:
            seconds = float(answer.interval_s)
        else:
            seconds = ((later.reviewed_at if later is not None else now.due) - answer.reviewed_at).total_seconds()
        interval = _interval(state_after, seconds)
        factor = round(((now.difficulty - 1) / 9 + 0.1) * 1000) if later is None and now.difficulty else 0
        rows.append((int(answer.reviewed_at.timestamp() * 1000), cid, -1, answer.rating, interval, last_interval,
                     factor, max(0, min(answer.duration_ms or 0, 2**31 - 1)),
                     REVIEW_KINDS.get(answer.state_before, 0)))
        last_interval = interval
    return rows


def _interval(state_after: int | None, seconds: float) -> int:
    if state_after == REVIEW:
        return max(1, round(seconds / 86400))
    return -max(0, round(seconds))
