"""Storage figures: the commit of one answer on SQLite and PostgreSQL, and the size of a big collection.

1. One answer's commit (``Session.answer``: the card's memory read under lock, FSRS, the new
   memory and its review-log row written, committed and synced), on the SQLite file and on a
   local PostgreSQL server, side by side: median, min and max over ``--answers`` answers.
   The PostgreSQL server is a throwaway one that ``.ci/postgres`` starts (fsync on, as a
   learner's server would run), unless ``RECALL_BENCH_POSTGRESQL`` names one.
2. The SQLite file at ``--cards`` cards with ``--reviews`` review rows (written through
   recall's own build and answer paths), against an Anki collection holding the same notes
   and the same review history, made with the ``anki`` package.

    python bench/storage.py [--answers 300] [--cards 100000] [--reviews 600000] [--skip-size]
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from recall.model import CardSpec, Form, LessonCards, Source
from recall.settings import Settings
from recall.store import cards as stored_cards
from recall.store.database import Database
from recall.store.models import card_state, review_log
from recall.store.sync import sync
from recall.study.session import Session
from recall.workspace import DATABASE_ENV_VAR

PROJECT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
PER_LESSON = 25


def spec(n: int, lesson: str) -> CardSpec:
    """A card of realistic size: a question, a short answer; a quarter are choices, a quarter code."""
    form = (Form.CHOICE, Form.FLIP, Form.TYPED, Form.CLOZE)[n % 4]
    return CardSpec(
        id=f"{n * 2654435761 % (1 << 64):016x}", lesson=lesson, source=Source.TABLE, form=form,
        prompt=f"Question {n}: which approach fits task {n % 97} when the input is large?",
        answer=f"answer {n % 5}", file=f"decks/{lesson}.md", line=10 + n % 50, section="Picking an approach",
        choices=tuple(f"answer {k}" for k in range(4)) if form == Form.CHOICE else (),
        explanation="Because it reads the input once." if n % 2 else "",
        code="items = [3, 1, 2]\nprint(sorted(items))" if form == Form.TYPED else "")


def lessons(count: int) -> list[LessonCards]:
    out = []
    for k in range(0, count, PER_LESSON):
        lesson = f"l{k // PER_LESSON:05d}"
        out.append(LessonCards(lesson, f"Lesson {k // PER_LESSON}", f"decks/{lesson}.md", "bench", (), (),
                               [spec(n, lesson) for n in range(k, min(count, k + PER_LESSON))]))
    return out


def summary(times: list[float]) -> str:
    ms = [t * 1000 for t in times]
    return f"median {statistics.median(ms):6.2f} ms  (min {min(ms):.2f}, max {max(ms):.2f}, {len(ms)} answers)"


def answer_times(target, answers: int) -> list[float]:
    """Seconds per ``Session.answer`` on a database of one lesson's worth of new cards."""
    built = lessons(answers)
    with Database(target) as db:
        sync(db, built, [], NOW)
        session = Session.start(db, Settings(new_per_day=answers), NOW, UTC, fuzz=False, new_limit=answers)
        times = []
        now = NOW
        while (card_id := session.next(now)) is not None and len(times) < answers:
            start = time.perf_counter()
            session.answer(card_id, 3, now, duration_ms=4000, correct=True)
            times.append(time.perf_counter() - start)
            now += timedelta(seconds=5)
    return times


def postgres_url() -> tuple[str, str | None]:
    """A PostgreSQL URL for the bench, and the folder of the server started for it (None: given)."""
    given = os.environ.get("RECALL_BENCH_POSTGRESQL")
    if given:
        return given, None
    out = subprocess.run([str(PROJECT / ".ci" / "postgres"), "start"], check=True, capture_output=True,
                         text=True, env={**os.environ, "POSTGRES_FSYNC": "on"}).stdout
    values = dict(part.split("=", 1) for line in out.splitlines() for part in shlex.split(line)[1:])
    return values["RECALL_TEST_POSTGRESQL"], values["RECALL_TEST_POSTGRESQL_DIR"]


def commit_figures(answers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = answer_times(Path(tmp) / "answers.sqlite3", answers)
    print(f"commit of one answer, SQLite (WAL, synchronous=FULL): {summary(sqlite)}")
    try:
        url, folder = postgres_url()
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"commit of one answer, PostgreSQL: not measured (no server: {exc})")
        return
    try:
        from sqlalchemy import create_engine

        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql("DROP DATABASE IF EXISTS recall_bench")
            conn.exec_driver_sql("CREATE DATABASE recall_bench")
        postgres = answer_times(admin.url.set(database="recall_bench").render_as_string(hide_password=False),
                                answers)
        with admin.connect() as conn:
            conn.exec_driver_sql("DROP DATABASE recall_bench WITH (FORCE)")
        admin.dispose()
        print(f"commit of one answer, PostgreSQL (local, Unix socket): {summary(postgres)}")
    finally:
        if folder:
            subprocess.run([str(PROJECT / ".ci" / "postgres"), "stop", folder], check=False, capture_output=True)


def history(cards: int, reviews: int, studied: float = 0.6):
    """The same review history for both sides: (card number, when, rating, milliseconds, state before)."""
    rng = random.Random(7)
    seen = int(cards * studied)
    for _ in range(reviews):
        n = rng.randrange(seen)
        yield n, NOW - timedelta(minutes=rng.uniform(5, 60 * 24 * 730)), rng.choice((1, 3, 3, 3, 4)), \
            rng.randint(800, 20000), 2


def ours(path: Path, cards: int, reviews: int) -> int:
    built = lessons(cards)
    ids = [card.id for lesson in built for card in lesson.cards]
    with Database(path) as db:
        sync(db, built, [], NOW - timedelta(days=800))
        with db.write() as conn:
            rows = [{"card_id": ids[n], "state": 2, "step": None, "stability": 10.0 + n % 50, "difficulty": 5.5,
                     "due": NOW + timedelta(days=n % 60), "last_review": NOW - timedelta(days=n % 30),
                     "reps": 6, "lapses": n % 3, "introduced_at": NOW - timedelta(days=700), "suspended": False}
                    for n in range(int(cards * 0.6))]
            conn.execute(card_state.insert(), rows)
            batch: list[dict] = []
            for n, when, rating, ms, before in history(cards, reviews):
                batch.append({"card_id": ids[n], "reviewed_at": when, "rating": rating, "duration_ms": ms,
                              "answer": None, "correct": None, "state_before": before})
                if len(batch) == 50_000:
                    conn.execute(review_log.insert(), batch)
                    batch.clear()
            if batch:
                conn.execute(review_log.insert(), batch)
        assert sum(stored_cards.counts(db).values()) == cards
    return path.stat().st_size


def anki_side(folder: Path, cards: int, reviews: int) -> int:
    """An Anki collection with one Basic note per card (front: the question and options, back: the
    answer, explanation and code) and the same review history in its revlog."""
    from anki.collection import Collection

    col = Collection(str(folder / "collection.anki2"))
    model = col.models.by_name("Basic")
    deck = col.decks.id("recall")
    built = [card for lesson in lessons(cards) for card in lesson.cards]
    stamp = int(NOW.timestamp())
    notes, card_rows = [], []
    for n, card in enumerate(built):
        front = card.prompt + "".join(f"<br>{c}" for c in card.choices)
        back = "<br>".join(part for part in (card.answer, card.explanation, card.code) if part)
        note_id = 1_600_000_000_000 + n
        notes.append((note_id, card.id, model["id"], stamp, -1, f" {card.lesson} table ", f"{front}\x1f{back}",
                      front, n, 0, ""))
        studied = n < int(cards * 0.6)
        data = '{"s":%.4f,"d":5.5,"dr":0.9}' % (10.0 + n % 50) if studied else "{}"
        card_rows.append((note_id, note_id, deck, 0, stamp, -1, 2 if studied else 0, 2 if studied else 0,
                          n % 60 if studied else n, 10 if studied else 0, 2500 if studied else 0,
                          6 if studied else 0, n % 3 if studied else 0, 0, 0, 0, 0, data))
    col.db.execute("BEGIN")  # one transaction: Anki commits (and syncs) each statement on its own otherwise
    col.db.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", notes)
    col.db.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows)
    seen: set[int] = set()
    revlog = []
    for n, when, rating, ms, _ in history(cards, reviews):
        revlog_id = int(when.timestamp() * 1000)
        while revlog_id in seen:
            revlog_id += 1
        seen.add(revlog_id)
        revlog.append((revlog_id, 1_600_000_000_000 + n, -1, rating, 10, 5, 2500, ms, 1))
    col.db.executemany("INSERT INTO revlog VALUES (?,?,?,?,?,?,?,?,?)", revlog)
    col.db.execute("COMMIT")
    col.close()
    return (folder / "collection.anki2").stat().st_size


def size_figures(cards: int, reviews: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        mine = ours(Path(tmp) / "recall.sqlite3", cards, reviews)
        took = time.perf_counter() - start
        try:
            theirs = anki_side(Path(tmp), cards, reviews)
        except ImportError:
            print(f"SQLite file at {cards:,} cards and {reviews:,} reviews: {mine / 1e6:.1f} MB "
                  "(Anki's side not measured: pip install anki)")
            return
    print(f"SQLite file at {cards:,} cards and {reviews:,} reviews: recall {mine / 1e6:.1f} MB, "
          f"Anki {theirs / 1e6:.1f} MB ({mine / theirs:.2f}x Anki's; goal <= 1.2x); written in {took:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--answers", type=int, default=300)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=600_000)
    parser.add_argument("--skip-size", action="store_true")
    args = parser.parse_args()
    os.environ.pop(DATABASE_ENV_VAR, None)
    commit_figures(args.answers)
    if not args.skip_size:
        size_figures(args.cards, args.reviews)


if __name__ == "__main__":
    sys.exit(main())
