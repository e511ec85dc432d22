"""Session logic with the clock passed in: a scripted learner over 60 days, undo, limits; on SQLite and
PostgreSQL."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from conftest import PROJECT, lesson, query, write
from recall.build import build
from recall.model import LEARNING, RELEARNING, REVIEW
from recall.settings import Settings
from recall.store import cards, queue
from recall.store.database import Database
from recall.study.session import Session

pytestmark = pytest.mark.databases

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


def with_our_decks(ws):
    for path in sorted((PROJECT / "decks").glob("*.md")):
        shutil.copy(path, ws.decks / path.name)
    build(ws, START - timedelta(days=1))


def study_day(db, settings, day_start_time, rate, *, log=None, **limits):
    """Answer everything the session offers on one day; learning steps are waited out."""
    now = day_start_time
    session = Session.start(db, settings, now, UTC, fuzz=False, **limits)
    while True:
        card_id = session.next(now)
        if card_id is None:
            waiting = session.waiting_until()
            if waiting is None or waiting >= session.day_ends:
                break
            now = max(now, waiting)
            continue
        before = queue.memory(db, card_id)
        rating = rate(card_id, before)
        session.answer(card_id, rating, now, duration_ms=4000, correct=rating > AGAIN)
        if log is not None:
            log.append((now, card_id, before, rating, queue.memory(db, card_id)))
        now += timedelta(seconds=20)
    return session


def test_sixty_days_of_a_scripted_learner(workspace):
    with_our_decks(workspace)
    settings = Settings(new_per_day=10, max_reviews_per_day=25)
    log = []
    count = Counter()

    def rate(card_id, memory):
        count[card_id] += 1
        # every card is forgotten once, on its fourth review; otherwise the learner knows it
        return AGAIN if count[card_id] == 4 else GOOD

    with Database(workspace) as db:
        for day in range(60):
            study_day(db, settings, START + timedelta(days=day), rate, log=log)
        by_day = Counter((entry[0] - START).days for entry in log if entry[2] is None)
        total = len(cards.list_cards(db))
        assert max(by_day.values()) == 10 and sum(by_day.values()) == total  # every card introduced, 10 a day
        reviews = Counter((e[0] - START).days for e in log if e[2] is not None and e[2].state == REVIEW)
        assert max(reviews.values()) <= 25

        first_day = [e for e in log if (e[0] - START).days == 0]
        new_cards = [e[1] for e in first_day if e[2] is None]
        assert {cards.view(db, c).lesson for c in new_cards} == {"04-iterators-generators"}

        # learning steps: new + Good -> learning step 1 (10 minutes); + Good -> review
        steps = next(e for e in log if e[2] is None)
        assert (steps[4].state, steps[4].step, steps[4].due - steps[0]) == (LEARNING, 1, timedelta(minutes=10))
        card = steps[1]
        history = [e for e in log if e[1] == card]
        assert history[1][4].state == REVIEW
        # the lapse on the fourth answer sends the card to relearning and counts a lapse
        lapse = history[3]
        assert lapse[2].state == REVIEW and lapse[3] == AGAIN
        assert lapse[4].state == RELEARNING and lapse[4].lapses == 1
        assert history[4][4].state == REVIEW  # relearned with Good
        # intervals grow for a learner who keeps answering well
        later = [e for e in history[4:] if e[2].state == REVIEW and e[3] == GOOD]
        intervals = [e[4].due - e[0] for e in later]
        assert len(intervals) >= 3 and intervals == sorted(intervals) and intervals[-1] > intervals[0]
        assert intervals[-1] > timedelta(days=10)
        states = Counter(memory.state for memory in queue.memories(db).values())
        assert states[REVIEW] >= 60


def test_daily_limits_and_the_four_am_day(workspace):
    with_our_decks(workspace)
    settings = Settings(new_per_day=5)
    with Database(workspace) as db:
        s = study_day(db, settings, START, lambda *_: GOOD)
        assert len(s.answered) >= 5
        assert queue.introduced_since(db, START - timedelta(hours=5)) == 5
        # later the same day (and at 3 am next morning) the new-card limit is used up
        assert Session.start(db, settings, START + timedelta(hours=3), UTC).new == type(s.new)()
        three_am = START.replace(hour=3) + timedelta(days=1)
        assert len(Session.start(db, settings, three_am, UTC).new) == 0
        # at 4 am a new day begins
        four_am = START.replace(hour=4) + timedelta(days=1)
        assert len(Session.start(db, settings, four_am, UTC).new) == 5
        assert len(Session.start(db, settings, four_am, UTC, new_limit=2).new) == 2


def test_undo_restores_the_previous_state(workspace):
    with_our_decks(workspace)
    with Database(workspace) as db:
        session = Session.start(db, Settings(), START, UTC, fuzz=False)
        first = session.next(START)
        session.answer(first, GOOD, START)
        second = session.next(START)
        remembered = queue.memory(db, first)
        session.answer(second, AGAIN, START + timedelta(seconds=30))
        assert queue.memory(db, second) is not None
        third = session.next(START + timedelta(minutes=1))
        assert session.undo() == second
        assert queue.memory(db, second) is None  # it was new: it is new again
        assert query(workspace, "SELECT count(*) FROM review_log WHERE card_id = :id", id=second) == [(0,)]
        assert session.next(START + timedelta(minutes=1)) == second  # shown again
        session.answer(second, GOOD, START + timedelta(minutes=1))
        assert session.next(START + timedelta(minutes=1)) == third  # the card that was on screen comes back
        # undo of a card that had a memory puts the old memory back
        session.answer(third, GOOD, START + timedelta(minutes=2))
        assert session.next(START + timedelta(minutes=11)) == first  # its 10-minute step is due
        session.answer(first, EASY, START + timedelta(minutes=11))
        assert queue.memory(db, first).state == REVIEW
        session.undo()
        assert queue.memory(db, first) == remembered


def test_undo_of_the_card_on_screen_queues_it_once(workspace):
    """A card rated Again comes straight back when nothing else is left; `u` on its front takes that answer
    back, and the card is asked once more, not twice."""
    write(workspace, "01.md", lesson("## Key Takeaways\n\n- Use **tuples** for records\n"))
    build(workspace, START)
    with Database(workspace) as db:
        session = Session.start(db, Settings(), START, UTC, fuzz=False)
        card = session.next(START)
        session.answer(card, AGAIN, START)
        assert session.next(START + timedelta(seconds=10)) == card  # back at once: nothing else is left
        assert session.undo() == card
        assert session.next(START + timedelta(seconds=10)) == card
        session.answer(card, EASY, START + timedelta(seconds=20))
        assert session.next(START + timedelta(hours=1)) is None  # no stale copy of it waits in the queue
        assert query(workspace, "SELECT count(*) FROM review_log WHERE card_id = :id", id=card) == [(1,)]


def test_retired_cards_are_never_shown(workspace):
    body = "## Key Takeaways\n\n- Use **tuples** for records\n- Use **sets** for membership\n"
    write(workspace, "01.md", lesson(body))
    build(workspace, START)
    with Database(workspace) as db:
        study_day(db, Settings(), START, lambda *_: GOOD)
    write(workspace, "01.md", lesson(body.replace("- Use **sets** for membership\n", "")))
    build(workspace, START + timedelta(days=1))
    with Database(workspace) as db:
        (retired,) = [card["id"] for card in cards.list_cards(db, status="retired")]
        seen = []
        for day in range(1, 30):
            session = study_day(db, Settings(), START + timedelta(days=day), lambda *_: GOOD)
            seen += [a.card_id for a in session.answered]
        assert seen and retired not in seen


def test_lesson_filter_and_summary(workspace):
    with_our_decks(workspace)
    with Database(workspace) as db:
        session = Session.start(db, Settings(), START, UTC, lesson="06-design-patterns", fuzz=False)
        shown = []
        now = START
        while (card_id := session.next(now)) is not None:
            shown.append(card_id)
            session.answer(card_id, AGAIN if len(shown) % 2 else GOOD, now, duration_ms=1000,
                           correct=not len(shown) % 2)
            now += timedelta(minutes=2)
        assert {cards.view(db, c).lesson for c in shown} == {"06-design-patterns"}
        summary = session.summary(now)
        assert summary.reviewed == len(shown) and summary.graded == len(shown)
        assert summary.correct == len(shown) // 2 and summary.time_ms == 1000 * len(shown)
        assert summary.next_due is not None and summary.next_due > now


def test_answers_read_back_through_the_models_as_written(workspace):
    """What an answer stores reads back through the tables' own types exactly as it was given."""
    from sqlalchemy import select

    from recall.store.models import card_state, review_log

    with_our_decks(workspace)
    with Database(workspace) as db:
        session = Session.start(db, Settings(), START, UTC, fuzz=False)
        new_card = session.next(START)
        session.answer(new_card, AGAIN, START, duration_ms=1234, answer="a <b> & 'c'", correct=False)
        later = START + timedelta(minutes=5)
        before = queue.memory(db, new_card)
        session.answer(new_card, GOOD, later, duration_ms=None, correct=None)
        after = queue.memory(db, new_card)
        with db.read() as conn:
            state = conn.execute(select(card_state).where(card_state.c.card_id == new_card)).mappings().one()
            logs = conn.execute(select(review_log).where(review_log.c.card_id == new_card)
                                .order_by(review_log.c.id)).mappings().all()
    assert (state["due"], state["last_review"], state["introduced_at"]) == (after.due, later, START)
    assert (state["reps"], state["lapses"], state["suspended"]) == (2, 0, False)
    first, second = logs
    assert (first["reviewed_at"], first["rating"], first["duration_ms"], first["answer"], first["correct"]) == (
        START, AGAIN, 1234, "a <b> & 'c'", False)
    assert first["state_before"] is None
    assert (second["reviewed_at"], second["correct"], second["state_before"]) == (later, None, before.state)


def test_curriculum_order_puts_prerequisites_first_and_breaks_cycles_at_the_smallest_id():
    from recall.curriculum import order

    assert order({"b": ["a"], "a": [], "c": ["c", "zz-unknown"], "e": ["d"], "d": ["e"], "f": ["e", "b"]}) == [
        "a", "b", "c", "d", "e", "f"]
    chain = {f"l{n:05d}": [f"l{n + 1:05d}"] if n < 9999 else [] for n in range(10_000)}  # each needs the next
    assert order(chain) == sorted(chain, reverse=True)


def test_each_build_keeps_the_curriculum_order_with_the_lessons(workspace):
    """A review reads the order the build worked out; a database no build placed yet works it out itself."""
    from recall.curriculum import order
    from recall.store import catalog
    from recall.store.sync import place

    for name, needs in (("a", ["c"]), ("b", []), ("c", ["b"])):
        write(workspace, f"{name}.md", lesson("## Key Takeaways\n\n- Use **len** for the size\n", id=f"l-{name}",
                                             title=name.upper(), prerequisites=[f"l-{n}" for n in needs]))
    build(workspace, START)
    with Database(workspace) as db:
        assert catalog.curriculum(db) == ["l-b", "l-c", "l-a"] == order(catalog.prerequisites(db))
        first = Session.start(db, Settings(), START, UTC, fuzz=False).next(START)
        assert cards.view(db, first).lesson == "l-b"
    write(workspace, "b.md", lesson("## Key Takeaways\n\n- Use **len** for the size\n", id="l-b", title="B",
                                    prerequisites=["l-a"]))  # now a cycle: broken at the smallest id
    build(workspace, START)
    with Database(workspace) as db:
        assert catalog.curriculum(db) == order(catalog.prerequisites(db)) == ["l-a", "l-b", "l-c"]
    query(workspace, "UPDATE lessons SET position = NULL")  # as 0008 leaves a database until a build
    with Database(workspace) as db:
        assert catalog.curriculum(db) is None and catalog.unplaced(db)
        first = Session.start(db, Settings(), START, UTC, fuzz=False).next(START)
        assert cards.view(db, first).lesson == "l-a"  # worked out as before
    assert build(workspace, START).lessons == []  # nothing changed, and yet:
    with Database(workspace) as db:
        assert catalog.curriculum(db) == ["l-a", "l-b", "l-c"] and not catalog.unplaced(db)
        place(db, order)  # placing again changes nothing
        assert catalog.curriculum(db) == ["l-a", "l-b", "l-c"]


SIBLINGS = lesson("""
    ## Picking

    | Need | Use | Lookup cost |
    |------|-----|-------------|
    | Keep order | `list` | O(n) |
    | Find by key | `dict` | O(1) |
    | Drop duplicates | `set` | O(log n) |
    """, concepts=[])


def test_cards_of_one_sentence_never_come_on_the_same_day(workspace):
    """A table row gives a card per column: one today, the other tomorrow, across sessions too."""
    write(workspace, "01.md", SIBLINGS)
    build(workspace, START - timedelta(days=1))
    with Database(workspace) as db:
        line_of = {c["id"]: c["line"] for c in cards.list_cards(db)}
        assert len(line_of) == 6 and len(set(line_of.values())) == 3  # two cards on each row's line
        first = Session.start(db, Settings(), START, UTC, fuzz=False)
        assert first.remaining() == (3, 0, 0)  # the day's new cards: one of each sentence
        shown = first.next(START)
        first.answer(shown, GOOD, START)
        # a second session the same day still keeps the sibling back
        again = Session.start(db, Settings(), START + timedelta(hours=1), UTC, fuzz=False)
        today = list(again.new)
        assert len(today) == 2 and all(line_of[c] != line_of[shown] for c in today)
        tomorrow = Session.start(db, Settings(), START + timedelta(days=1), UTC, fuzz=False)
        assert any(line_of[c] == line_of[shown] and c != shown for c in tomorrow.new)


def test_a_sibling_shown_buries_the_others_in_this_session(workspace):
    write(workspace, "01.md", SIBLINGS)
    build(workspace, START - timedelta(days=1))
    with Database(workspace) as db:
        line_of = {c["id"]: c["line"] for c in cards.list_cards(db)}
        session = Session.start(db, Settings(), START, UTC, fuzz=False)
        now, seen = START, []
        while (card_id := session.next(now)) is not None:
            seen.append(card_id)
            session.answer(card_id, EASY, now)  # Easy: straight to review, nothing comes back today
            now += timedelta(minutes=1)
        assert len(seen) == 3 and len({line_of[c] for c in seen}) == 3


def test_new_cards_follow_the_lessons_order_far_into_a_long_curriculum(workspace):
    """With the first 30 lessons finished, new cards still come from the next lessons in order."""
    takeaways = "## Key Takeaways\n\n" + "".join(f"- Use **word{n}** for task {n}\n" for n in range(3))
    names = [f"lesson-{n:02d}" for n in range(40)]
    for n, name in enumerate(names):
        write(workspace, f"{n:02d}.md", lesson(takeaways, id=name, title=f"Lesson {n}"))
    build(workspace, START)
    with Database(workspace) as db:
        backwards = queue.new_cards(db, names[::-1], 1000)  # the order the caller gives, not the ids' order
        assert [cards.view(db, c).lesson for c in backwards] == [name for name in names[::-1] for _ in range(3)]
        order = names
        every = queue.new_cards(db, order, 1000)
        assert sorted(every) == sorted(backwards)
        session = Session.start(db, Settings(new_per_day=1000), START, UTC, fuzz=False)
        while (card := session.next(START)) is not None and card in every[:90]:
            session.answer(card, EASY, START)
        assert queue.new_cards(db, order, 4) == every[90:94]
        assert queue.new_cards(db, order[:31], 100) == every[90:93]
        assert queue.new_cards(db, [], 5) == []
