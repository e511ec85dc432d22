"""A review session as plain logic: what comes next, answering, undo, the summary.

The clock is passed in to every call; nothing here reads it or touches a terminal.
Queues are read once at the start and kept in memory, so moving to the next card
never counts the collection again.

Other sessions (another terminal, another machine on the same database) may answer the
same cards meanwhile. Each queued card keeps the stamp its memory had when it was queued
(its last answer and how many); a card whose stamp has changed when its turn comes was
answered elsewhere and is skipped. Undo takes back only this session's answer, and only
while nothing newer touched the card.
"""

from __future__ import annotations

import bisect
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from recall.model import LEARNING, RELEARNING, CardView, Memory
from recall.settings import Settings
from recall.store import cards, catalog, queue, reviews
from recall.store.database import Database
from recall.study.days import day_start

#: A learning card due within this long is shown early once nothing else is left (as Anki does).
LEARN_AHEAD = timedelta(minutes=20)


@dataclass(frozen=True)
class Answered:
    card_id: str
    review_id: int
    kind: str  # where it came from: "new", "learning" or "review"
    rating: int
    correct: bool | None
    duration_ms: int | None
    before: Memory | None = None  # the card's memory before this answer (None: it was new), for undo
    after: Memory | None = None


@dataclass(frozen=True)
class Summary:
    reviewed: int
    correct: int  # answers rated Hard, Good or Easy: an Again counts as wrong, whoever graded the card
    graded: int
    time_ms: int
    due_tomorrow: int
    next_due: datetime | None
    left: int = 0  # cards the session could still have shown when it ended
    # why nothing more is shown today, once the queues are empty
    lesson: str | None = None
    new_limit: int = 0  # today's limit of new cards, and how many were started today
    new_started: int = 0
    more_new: bool = False  # new cards are waiting beyond that limit
    review_limit: int = 0  # the same for reviews
    reviews_done: int = 0
    more_reviews: bool = False
    learning_later: int = 0  # learning cards due later today, the first of them at next_learning
    next_learning: datetime | None = None
    has_cards: bool = True  # the collection (or the lesson) has active cards at all
    #: the limits this session was given over the settings' (--new, --limit), to carry on with the same
    new_given: int | None = None
    reviews_given: int | None = None

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.graded if self.graded else None


@dataclass
class Session:
    db: Database
    settings: Settings
    day_begins: datetime
    lesson: str | None = None
    fuzz: bool = True
    learning: list[tuple[datetime, str]] = field(default_factory=list)
    reviews: deque[str] = field(default_factory=deque)
    new: deque[str] = field(default_factory=deque)
    answered: list[Answered] = field(default_factory=list)
    current: tuple[str, str, datetime | None] | None = None  # (card id, kind, due) on screen now
    new_limit: int = 0
    review_limit: int = 0
    #: card id -> its stamp when queued (None: new); see queue.stamps
    stamps: dict[str, queue.Stamp | None] = field(default_factory=dict)
    skipped: int = 0  # cards passed over because they were answered elsewhere
    _memory: tuple[str, Memory | None] | None = None  # the card on screen's memory, read when it was picked
    #: where each queued card came from (lesson, file, line); siblings share it
    origins: dict[str, tuple] = field(default_factory=dict)
    #: origins shown today: their other cards are buried until tomorrow, as Anki buries siblings
    buried: set[tuple] = field(default_factory=set)

    @classmethod
    def start(cls, db: Database, settings: Settings, now: datetime, tz: tzinfo, *, lesson: str | None = None,
              new_limit: int | None = None, review_limit: int | None = None, fuzz: bool = True) -> Session:
        db.check_writable()  # a read-only database or a full disk is said now, not after the first answer
        begins = day_start(now, tz, settings.day_starts_at)
        session = cls(db, settings, begins, lesson, fuzz)
        for card, due, stamp in queue.learning_stamped(db, begins + timedelta(days=1), lesson):
            session.learning.append((due, card))
            session.stamps[card] = stamp
        session.review_limit = settings.max_reviews_per_day if review_limit is None else review_limit
        for card, stamp in queue.due_reviews_stamped(db, now, session.review_limit - queue.reviews_since(db, begins),
                                                     lesson):
            session.reviews.append(card)
            session.stamps[card] = stamp
        session.new_limit = settings.new_per_day if new_limit is None else new_limit
        left = session.new_limit - queue.introduced_since(db, begins)
        # more than the day's share, so that burying siblings still leaves a full share
        new = queue.new_cards(db, session._lessons(), 2 * left + 10) if left > 0 else []
        session._bury_siblings(new, left)
        session.stamps.update(dict.fromkeys(session.new))
        return session

    def _lessons(self) -> list[str]:
        if self.lesson:
            return [self.lesson]
        return catalog.lessons_in_order(self.db)

    def _bury_siblings(self, new: list[str], left: int) -> None:
        """Cards of one sentence or row never come on the same day: one of them today, the rest tomorrow."""
        self.origins = cards.origins(self.db, [*self.reviews, *new, *(card for _, card in self.learning)])
        self.buried = cards.origins_answered_since(self.db, self.day_begins)
        self.reviews = deque(c for c in self.reviews if self.origins.get(c) not in self.buried)
        taken: set[tuple | None] = set(self.buried)
        kept: list[str] = []
        for card in new:
            origin = self.origins.get(card)
            if origin not in taken and len(kept) < left:
                taken.add(origin)
                kept.append(card)
        self.new = deque(kept)

    def _shown(self, card_id: str) -> None:
        origin = self.origins.get(card_id)
        if origin is not None and origin not in self.buried:
            self.buried.add(origin)
            self.reviews = deque(c for c in self.reviews if self.origins.get(c) != origin)
            self.new = deque(c for c in self.new if self.origins.get(c) != origin)

    @property
    def day_ends(self) -> datetime:
        return self.day_begins + timedelta(days=1)

    def next(self, now: datetime) -> str | None:
        """The card to show now: learning due, then reviews, then new, then learning soon due.

        A card answered elsewhere since it was queued is passed over (and counted in ``skipped``).
        """
        if self.current:
            return self.current[0]
        while (picked := self._pick(now)) is not None:
            card_id = picked[0]
            memory = queue.memory(self.db, card_id)
            stamp = (memory.last_review, memory.reps) if memory else None
            if stamp == self.stamps.get(card_id):
                self.current, self._memory = picked, (card_id, memory)
                self._shown(card_id)
                return card_id
            self.skipped += 1
        return None

    def _pick(self, now: datetime) -> tuple[str, str, datetime | None] | None:
        picked: tuple[str, str, datetime | None]
        if self.learning and self.learning[0][0] <= now:
            due, card = self.learning.pop(0)
            picked = (card, "learning", due)
        elif self.reviews:
            picked = (self.reviews.popleft(), "review", None)
        elif self.new:
            picked = (self.new.popleft(), "new", None)
        elif self.learning and self.learning[0][0] <= now + LEARN_AHEAD:
            due, card = self.learning.pop(0)
            picked = (card, "learning", due)
        else:
            return None
        return picked

    def peek(self, now: datetime) -> str | None:
        """The card ``next`` will most likely give once the one on screen is answered.

        A guess, to prepare ahead: an answer may bring its card back, or a learning card
        may come due in between.
        """
        if self.learning and self.learning[0][0] <= now:
            return self.learning[0][1]
        if self.reviews:
            return self.reviews[0]
        if self.new:
            return self.new[0]
        if self.learning and self.learning[0][0] <= now + LEARN_AHEAD:
            return self.learning[0][1]
        return None

    def view(self, card_id: str) -> CardView:
        """The card as a review shows it."""
        return cards.view(self.db, card_id)

    def memory(self, card_id: str) -> Memory | None:
        """The card's memory: for the card on screen, as read when it was picked."""
        if self._memory is not None and self._memory[0] == card_id:
            return self._memory[1]
        return queue.memory(self.db, card_id)

    def suspend(self, card_id: str) -> None:
        """Suspend the card on screen (a leech, usually): no answer is recorded, and it leaves this session."""
        reviews.set_suspended(self.db, card_id, True)
        if self.current and self.current[0] == card_id:
            self.current = self._memory = None

    def remaining(self) -> tuple[int, int, int]:
        """(new, learning, review) still to come today, the card on screen included."""
        counts = {"new": len(self.new), "learning": len(self.learning), "review": len(self.reviews)}
        if self.current:
            counts[self.current[1]] += 1
        return counts["new"], counts["learning"], counts["review"]

    def waiting_until(self) -> datetime | None:
        """When the next learning card comes due, if one is left for today."""
        return self.learning[0][0] if self.learning else None

    @property
    def scheduler(self):
        if not hasattr(self, "_scheduler"):
            from recall.study.scheduling import scheduler

            self._scheduler = scheduler(self.settings, self.fuzz)
        return self._scheduler

    def preview(self, card_id: str, now: datetime) -> dict[int, timedelta]:
        """The interval each rating would give this card now (the button labels)."""
        from recall.study.scheduling import preview

        return {int(r): delta for r, delta in preview(self.scheduler, card_id, self.memory(card_id), now).items()}

    def answer(self, card_id: str, rating: int, now: datetime, *, duration_ms: int | None = None,
               answer: str | None = None, correct: bool | None = None) -> Answered:
        """Record the answer at once (one transaction) and requeue the card if it is due again today."""
        from recall.study.scheduling import Rating, review

        kind = self.current[1] if self.current and self.current[0] == card_id else "review"
        done = reviews.record(self.db, card_id, now, rating, duration_ms=duration_ms, answer=answer, correct=correct,
                      next_memory=lambda memory: review(self.scheduler, card_id, memory, Rating(rating), now,
                                                        duration_ms))
        self.current = self._memory = None
        self.stamps[card_id] = (done.after.last_review, done.after.reps)
        if done.after.state in (LEARNING, RELEARNING) and done.after.due < self.day_ends:
            bisect.insort(self.learning, (done.after.due, card_id))
        entry = Answered(card_id, done.review_id, kind, rating, correct, duration_ms, done.before, done.after)
        self.answered.append(entry)
        return entry

    def undo(self) -> str | None:
        """Take back the last answer; that card is shown again next.

        None when there is nothing to take back, or when the card was answered elsewhere
        since (that newer answer stands, and so does this one).
        """
        if not self.answered:
            return None
        last = self.answered[-1]
        if last.after is None or reviews.undo(self.db, last.review_id, before=last.before, after=last.after) is None:
            return None
        self.answered.pop()
        self._memory = None
        self.stamps[last.card_id] = (last.before.last_review, last.before.reps) if last.before else None
        self.learning = [(due, card) for due, card in self.learning if card != last.card_id]
        if self.current and self.current[0] != last.card_id:  # the card on screen goes back to the front of
            card, kind, due = self.current  # its queue (unless it is the card taken back: it comes next anyway)
            if kind == "learning" and due is not None:
                bisect.insort(self.learning, (due, card))
            else:
                (self.new if kind == "new" else self.reviews).appendleft(card)
        self.current = (last.card_id, last.kind, None)
        return last.card_id

    def summary(self, now: datetime) -> Summary:
        """What the session did, and why it shows nothing more today (limits reached, learning cards waiting)."""
        soon = [due for due, _ in self.learning if due <= now + LEARN_AHEAD]  # what next() would still show
        later = [due for due, _ in self.learning if due > now + LEARN_AHEAD]
        left = len(self.new) + len(self.reviews) + len(soon) + (1 if self.current else 0)
        next_due = queue.next_due(self.db, after=now, lesson=self.lesson)
        new_started = queue.introduced_since(self.db, self.day_begins)
        reviews_done = queue.reviews_since(self.db, self.day_begins)
        more_new = not left and new_started >= self.new_limit and bool(queue.new_cards(self.db, self._lessons(), 1))
        more_reviews = not left and reviews_done >= self.review_limit and bool(
            queue.due_reviews(self.db, now, 1, self.lesson))
        return Summary(
            reviewed=len(self.answered),
            correct=sum(1 for a in self.answered if a.rating > 1),
            graded=len(self.answered),
            time_ms=sum(a.duration_ms or 0 for a in self.answered),
            due_tomorrow=queue.due_between(self.db, datetime.fromtimestamp(0, self.day_begins.tzinfo),
                                           self.day_ends + timedelta(days=1), self.lesson),
            next_due=next_due,
            left=left,
            lesson=self.lesson,
            new_limit=self.new_limit,
            new_started=new_started,
            more_new=more_new,
            review_limit=self.review_limit,
            reviews_done=reviews_done,
            more_reviews=more_reviews,
            learning_later=len(later),
            next_learning=later[0] if later else None,
            new_given=self.new_limit if self.new_limit != self.settings.new_per_day else None,
            reviews_given=self.review_limit if self.review_limit != self.settings.max_reviews_per_day else None,
            has_cards=bool(self.answered or left or next_due or more_new or more_reviews
                           or queue.next_due(self.db, lesson=self.lesson)),
        )
