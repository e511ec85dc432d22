"""The FSRS adapter: stored state matches pure fsrs step for step; round trips; button labels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler, State
from hypothesis import given
from hypothesis import strategies as st

from conftest import lesson, write
from recall.build import build
from recall.model import Memory
from recall.settings import Settings
from recall.store import cards, queue
from recall.store.database import Database
from recall.study.scheduling import fsrs_id, preview, review, scheduler, short_interval
from recall.study.session import Session

START = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
RATINGS = [3, 3, 1, 3, 2, 4, 3, 1, 1, 3, 3, 4, 2, 3, 3, 1, 3, 4, 4, 3, 2, 2, 3, 1, 3, 3, 3, 4, 3, 3]
#: minutes after the due time at which each answer comes: early, on time, late, very late
DELAYS = [0, 5, -3, 60 * 30, 0, 60 * 24 * 3, 0, 1, 12, 60 * 24 * 40]


def test_stored_state_follows_pure_fsrs_at_every_step(workspace):
    write(workspace, "01.md", lesson("## Key Takeaways\n\n- Use **tuples** for records\n"))
    build(workspace, START)
    pure_scheduler = Scheduler(enable_fuzzing=False)
    with Database(workspace) as db:
        (card_id,) = [card["id"] for card in cards.list_cards(db)]
        pure = Card(card_id=fsrs_id(card_id), state=State.Learning, step=0, due=START)
        now = START
        for i, rating in enumerate(RATINGS):
            session = Session.start(db, Settings(), now, UTC, fuzz=False, new_limit=1)
            session.current = (card_id, "review", None)
            session.answer(card_id, rating, now)
            pure, _ = pure_scheduler.review_card(pure, Rating(rating), now)
            stored = queue.memory(db, card_id)
            assert (stored.state, stored.step, stored.due) == (int(pure.state), pure.step, pure.due), i
            assert stored.stability == pytest.approx(pure.stability, rel=1e-12), i
            assert stored.difficulty == pytest.approx(pure.difficulty, rel=1e-12), i
            assert stored.last_review == pure.last_review == now
            now = max(now, pure.due + timedelta(minutes=DELAYS[i % len(DELAYS)]))
        assert stored.reps == len(RATINGS)


memories = st.builds(
    Memory, state=st.sampled_from([1, 2, 3]), step=st.none() | st.integers(0, 5),
    stability=st.none() | st.floats(0.001, 36500, allow_nan=False),
    difficulty=st.none() | st.floats(1, 10, allow_nan=False),
    due=st.datetimes(timezones=st.just(UTC)), last_review=st.none() | st.datetimes(timezones=st.just(UTC)),
    reps=st.integers(0, 10_000), lapses=st.integers(0, 1000))


@given(memories)
def test_memory_round_trips(memory):
    assert Memory.from_dict(memory.to_dict()) == memory


def test_button_preview_is_what_an_answer_gives_even_with_fuzz():
    sched = scheduler(Settings(), fuzz=True)
    memory = None
    now = START
    for rating in (Rating.Good, Rating.Good, Rating.Good, Rating.Good):
        shown = preview(sched, "0123456789abcdef", memory, now)
        memory = review(sched, "0123456789abcdef", memory, rating, now)
        assert memory.due - now == shown[rating]
        now = memory.due


def test_naive_or_local_times_are_refused():
    with pytest.raises(ValueError):
        review(scheduler(Settings()), "0123456789abcdef", None, Rating.Good, datetime(2026, 1, 1))


@pytest.mark.parametrize("delta, text", [
    (timedelta(seconds=30), "30s"), (timedelta(minutes=10), "10m"), (timedelta(hours=5), "5h"),
    (timedelta(days=3), "3d"), (timedelta(days=45), "1.5mo"), (timedelta(days=730), "2y"),
])
def test_short_intervals(delta, text):
    assert short_interval(delta) == text
