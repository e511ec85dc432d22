"""recall's review log as rows of Anki's ``revlog`` table, so Anki shows the history and can fit FSRS to it.

A row says what the answer did: the rating, the interval it set (days once the card is
in review, negative seconds while it is learning), the interval before, the card's
difficulty after it (as Anki writes it for FSRS cards, 100 to 1100), the time taken and
the kind of review. What an answer set is what the next answer found (its
``memory_before``), and for the last answer, the card's memory now.
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
    memory_before: Memory | None


def revlog_rows(answers: Iterable[Answer], anki_ids: Mapping[str, int],
                memories: Mapping[str, Memory]) -> list[tuple]:
    """Anki ``revlog`` rows for ``answers`` (grouped by card, oldest first) of the cards in ``anki_ids``.

    ``anki_ids`` maps recall's card ids to the package's card ids, ``memories`` each card
    to its memory now. A row's id is its time in milliseconds, moved on by a millisecond
    where two answers share one, as ids must be unique.
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
    rows.sort()
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
    afters = [a.memory_before for a in answers[1:]] + [memories[answers[0].card_id]]
    rows, last_interval = [], 0
    for answer, after in zip(answers, afters):
        interval = _interval(after, answer.reviewed_at) if after is not None else 0
        factor = round(((after.difficulty - 1) / 9 + 0.1) * 1000) if after is not None and after.difficulty else 0
        rows.append((int(answer.reviewed_at.timestamp() * 1000), cid, -1, answer.rating, interval, last_interval,
                     factor, max(0, min(answer.duration_ms or 0, 2**31 - 1)),
                     REVIEW_KINDS.get(answer.state_before, 0)))
        last_interval = interval
    return rows


def _interval(after: Memory, reviewed_at: datetime) -> int:
    seconds = (after.due - reviewed_at).total_seconds()
    if after.state == REVIEW:
        return max(1, round(seconds / 86400))
    return -max(0, round(seconds))
