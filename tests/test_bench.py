"""The benchmark harness on a small workspace: the history it writes is what recall reads, the Anki side
holds the same cards, and the driver answers cards in a real pseudo-terminal.

Figures are never checked here (timings are noisy); only that the harness measures what it says.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections import Counter
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import PROJECT, midday_zone

sys.path.insert(0, str(PROJECT / "bench"))
import anki_collection
import commands
import review
import workspace as bench

LESSONS = 6
LEARNER = bench.Learner(days=90, lessons_arrive_over=30, new_per_day=10, max_reviews_per_day=40)
ENDS = bench.today_starts(datetime.now(UTC))  # recall reads the real clock: the history ends today


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A bench workspace of six lessons and 90 days of history, in a cache of its own."""
    saved = bench.CACHE, bench.ENV["TZ"]
    bench.CACHE = tmp_path_factory.mktemp("bench-cache")
    bench.ENV["TZ"] = midday_zone()  # a session started here never sees its day end
    try:
        ws = bench.workspace(LESSONS, sys.executable, LEARNER, now=ENDS + timedelta(hours=8))
        yield ws, bench.Plan.load(bench.history(LESSONS, LEARNER, ENDS))
    finally:
        bench.CACHE, bench.ENV["TZ"] = saved


def rows(db: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(db)) as con:
        return con.execute(sql).fetchall()


def test_the_lessons_form_one_course(small):
    ws, _ = small
    status = json.loads(subprocess.run([sys.executable, "-m", "recall", "status", "--json"], cwd=ws, env=bench.ENV,
                                       capture_output=True, text=True, check=True).stdout)
    assert len(status["lessons"]) == LESSONS
    second = (ws / "decks" / "0001.md").read_text(encoding="utf-8")
    assert 'prerequisites:\n  - 04-iterators-generators-0000\n' in second


def test_the_simulated_learner_keeps_recalls_limits(small):
    _, plan = small
    reviews = plan.reviews
    assert [r[1] for r in reviews] == sorted(r[1] for r in reviews)
    per_card = Counter(r[0] for r in reviews)
    lapses = Counter(r[0] for r in reviews if r[6] == 2 and r[2] == 1)
    for card_id, _state, _step, _s, _d, _due, _last, reps, card_lapses, introduced, _susp in plan.states:
        assert reps == per_card[card_id]
        assert card_lapses == lapses[card_id]
        first = next(r for r in reviews if r[0] == card_id)
        assert first[1] == introduced and first[6] is None and first[7] is None
    days = Counter((r[1] - timedelta(hours=4)).date() for r in reviews if r[6] is None)
    assert max(days.values()) <= LEARNER.new_per_day
    review_days = Counter((r[1] - timedelta(hours=4)).date() for r in reviews if r[6] == 2)
    assert max(review_days.values()) <= LEARNER.max_reviews_per_day
    assert sum(1 for r in reviews if r[2] == 1 and r[6] == 2) > 0  # some lapses


def test_the_history_is_what_recall_reads(small):
    ws, plan = small
    from recall.store.database import Database
    from recall.store.queue import memory

    with Database(ws / "data" / "recall.sqlite3") as db:
        for card_id, state, step, stability, difficulty, due, last, reps, lapses, _, _ in plan.states:
            stored = memory(db, card_id)
            assert stored is not None
            assert (stored.state, stored.step, stored.due, stored.last_review, stored.reps, stored.lapses) == \
                (state, step, due, last, reps, lapses)
            assert stored.stability == pytest.approx(stability) and stored.difficulty == pytest.approx(difficulty)
    stats = json.loads(subprocess.run([sys.executable, "-m", "recall", "stats", "--json"], cwd=ws, env=bench.ENV,
                                      capture_output=True, text=True, check=True).stdout)
    assert sum(stats["reviews_per_day"].values()) == len(plan.reviews)
    db = ws / "data" / "recall.sqlite3"
    assert rows(db, "SELECT count(*) FROM card_state WHERE suspended") == [(sum(s[10] for s in plan.states),)]


def test_the_anki_collection_holds_the_same_cards_and_history(small):
    ws, plan = small
    path = anki_collection.collection(ws, bench.history(LESSONS, LEARNER, ENDS))
    cards = rows(ws / "data" / "recall.sqlite3", "SELECT count(*) FROM cards WHERE status = 'active'")[0][0]
    assert rows(path, "SELECT count(*) FROM notes") == [(cards,)]
    assert rows(path, "SELECT count(*) FROM revlog") == [(len(plan.reviews),)]
    assert rows(path, "SELECT count(*) FROM cards WHERE queue = -1") == [(sum(s[10] for s in plan.states),)]
    studied = rows(path, "SELECT count(*) FROM cards WHERE type != 0")[0][0]
    assert studied == len(plan.states)
    from anki.collection import Collection

    col = Collection(str(path))
    try:
        limits = {(c["new"]["perDay"], c["rev"]["perDay"]) for c in col.decks.all_config()}
    finally:
        col.close()
    assert limits == {(20, 200)}  # recall's defaults, not genanki's 100 reviews
    seconds, peak_kib, left = anki_collection.first_card(path)
    assert seconds > 0 and peak_kib > 0 and left.endswith(" review")
    one_deck = anki_collection.collection(ws, bench.history(LESSONS, LEARNER, ENDS), one_deck=True)
    assert rows(one_deck, "SELECT count(DISTINCT did), count(*) FROM cards") == [(1, cards)]
    assert anki_collection.first_card(one_deck)[2] == left  # the same queue in one deck


@pytest.mark.parametrize("screen, expected", [
    ("Card 3  left today\n? How well did you know it? (Use shortcuts or arrow keys)\n   1) Again · 1m\n"
     " » 3) Good · 10m\n", ("rate", "3\r")),
    ("Card 3  left today\nAgain 1 · Hard 2 · [3] Good · 4d · Easy 4\n", ("rate", "3")),
    ("Card 1\nNeed: x. Use?\n? Your answer: (Use shortcuts or arrow keys)\n » 1) tuple\n   2) list\n",
     ("answer", "1\r")),
    ("Card 2\nWhat does the last line print?\n? What does it print?\n", ("answer", "0\r")),
    ("Card 2\n? What does it print? (one line per printed line; Esc then Enter to finish)\n", ("answer", "0\x1b\r")),
    ("  ↳ Good · 10m\nCard 4\nExplain: closures\n Recall it, then press any key to see the answer…\n",
     ("answer", "\r")),
])
def test_keys_for_each_screen(screen, expected):
    assert review.keys_for(screen) == expected


def test_the_driver_answers_cards_in_a_terminal(small, tmp_path):
    ws, _ = small
    copy = bench.copy_of(ws, tmp_path)
    db = copy / "data" / "recall.sqlite3"
    before = rows(db, "SELECT count(*) FROM review_log")[0][0]
    _, _, cpu, peak_kib, _ = review.first_card(sys.executable, copy)
    reveals, nexts = review.answering(sys.executable, copy, 3)
    assert 1 <= len(nexts) <= 3 and len(reveals) <= 3 and peak_kib > 0 and cpu > 0
    # every rating sent is saved: one per next card shown, and one more when the day's last card ended it
    # (how many are due today depends on the simulated history)
    answered = rows(db, "SELECT count(*) FROM review_log")[0][0] - before
    assert answered == 3 if len(nexts) == 3 else answered == len(nexts) + 1


def test_an_edit_rebuilds_one_lesson(small, tmp_path):
    copy = bench.copy_of(small[0], tmp_path)
    commands.edit(copy, 1)
    built = subprocess.run([sys.executable, "-m", "recall", "build"], cwd=copy, env=bench.ENV, capture_output=True,
                           text=True, check=True)
    assert "1 lesson changed: 0 added, 0 updated, 1 reworded, 0 retired" in built.stdout


def test_figures_alternate_versions_and_take_percentiles():
    import figures

    assert [name for _, name, _ in figures.alternated([("old", "a"), ("new", "b")], 2)] == ["old", "new", "old", "new"]
    values = [n / 1000 for n in range(1, 101)]
    assert (figures.percentile(values, 0.5), figures.percentile(values, 0.95)) == (0.05, 0.095)
    assert " ".join(figures.spread([0.2, 0.1, 0.3]).split()) == "200 ms (min 100 ms, max 300 ms, 3 runs)"
