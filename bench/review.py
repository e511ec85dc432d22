"""Benchmark `recall review` on a large collection, driven in a pseudo-terminal.

Fills a temporary workspace with 100,000 cards (60,000 of them studied, a few
thousand due) and 1,000,000 review-log rows, then starts `recall review` several
times and prints, as medians:

- start to first card on screen (the card's text, drawn before the prompt library loads),
- start to first question ready for input (the prompt drawn),
- answer to next question (from the keypress that rates a card to the next prompt drawn).

    python bench/review.py [--cards 100000] [--reviews 1000000] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pexpect

RECALL = [sys.executable, "-m", "recall"]
LESSONS = 100
FMT = "%Y-%m-%d %H:%M:%S.%f"


def fill(ws: Path, cards: int, reviews: int, now: datetime) -> None:
    subprocess.run([*RECALL, "init", str(ws)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*RECALL, "build"], cwd=ws, check=True, stdout=subprocess.DEVNULL)  # creates the schema
    rng = random.Random(7)
    con = sqlite3.connect(ws / "data" / "recall.sqlite3", isolation_level=None)
    con.execute("BEGIN")
    created = (now - timedelta(days=400)).strftime(FMT)
    for n in range(LESSONS):
        path = ws / "decks" / f"{n:03d}.md"
        path.write_text(f'---\nid: "l{n:03d}"\ntitle: "Lesson {n}"\n---\n', encoding="utf-8")
        st = path.stat()
        con.execute("INSERT INTO lessons (id, title, file, content_hash, prerequisites, concepts, file_stat) "
                    "VALUES (?, ?, ?, 'bench', ?, '[]', ?)",
                    (f"l{n:03d}", f"Lesson {n}", f"decks/{n:03d}.md", json.dumps([f"l{n - 1:03d}"] if n else []),
                     f"{st.st_mtime_ns}:{st.st_size}"))
    per_lesson = cards // LESSONS
    rows = []
    for i in range(cards):
        lesson = i // per_lesson
        form = ("choice", "flip", "typed", "cloze")[i % 4]
        rows.append((f"{i:016x}", f"l{min(lesson, LESSONS - 1):03d}", "table", form,
                     f"Question {i}: which approach fits task {i % 97}?", f"answer {i % 5}",
                     json.dumps([f"answer {k}" for k in range(5)] if form == "choice" else []),
                     "An explanation of the answer.", "print(1 + 1)" if form == "typed" else "",
                     f"decks/{lesson:03d}.md", 10 + i % 50, "A section", i % per_lesson, "active", created, created,
                     None))
    con.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    studied = int(cards * 0.6)
    states = []
    for i in range(studied):
        due = now + timedelta(days=rng.uniform(-3, 60)) if i % 20 else now - timedelta(hours=rng.uniform(0, 48))
        last = due - timedelta(days=rng.uniform(1, 30))
        states.append((f"{i:016x}", 2, None, rng.uniform(1, 100), rng.uniform(1, 10), due.strftime(FMT),
                       last.strftime(FMT), rng.randint(1, 20), rng.randint(0, 3), created, 0))
    con.executemany("INSERT INTO card_state VALUES (?,?,?,?,?,?,?,?,?,?,?)", states)
    log = ((f"{rng.randrange(studied):016x}",
            (now - timedelta(minutes=rng.uniform(60 * 5, 60 * 24 * 365))).strftime(FMT),
            rng.choice((1, 3, 3, 3, 4)), rng.randint(800, 20000), None, 1, 2, None) for _ in range(reviews))
    con.executemany("INSERT INTO review_log (card_id, reviewed_at, rating, duration_ms, answer, correct, "
                    "state_before, memory_before) VALUES (?,?,?,?,?,?,?,?)", log)
    con.execute("COMMIT")
    con.execute("ANALYZE")
    con.close()


PROMPT_READY = r"Your answer:|What does it print|press any key"


def one_session(ws: Path, answers: int) -> tuple[float, float, list[float]]:
    env = {**os.environ, "RECALL_WORKSPACE": str(ws), "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1",
           "TERM": "xterm-256color"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure as installed: modules compiled once, then cached
    start = time.perf_counter()
    child = pexpect.spawn(RECALL[0], [*RECALL[1:], "review"], env=env, encoding="utf-8", timeout=30,
                          dimensions=(40, 120))
    child.delaybeforesend = None  # pexpect sleeps 50 ms before each send unless told not to
    child.expect(r"Card 1\b")
    card_on_screen = time.perf_counter() - start
    child.expect(PROMPT_READY)
    ready = time.perf_counter() - start
    steps = []
    for n in range(answers):
        kind = child.match.group(0)
        if kind.startswith("Your answer"):
            child.expect(r"1\) ")
            child.send("1\r")
        elif kind.startswith("What does"):
            child.send("2\r")
        else:
            child.send("\r")
        child.expect("How well did you know it")
        child.expect(r"q\) Quit")
        time.sleep(0.05)  # let the menu settle, as a person would
        pressed = time.perf_counter()
        child.send("\r")
        child.expect(rf"Card {n + 2}\b")
        child.expect(PROMPT_READY)
        steps.append(time.perf_counter() - pressed)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    return card_on_screen, ready, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--answers", type=int, default=5, help="answers per run")
    args = parser.parse_args()
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        began = time.perf_counter()
        fill(ws, args.cards, args.reviews, now)
        print(f"filled {args.cards} cards, {args.reviews} review-log rows in {time.perf_counter() - began:.1f} s")
        one_session(ws, 1)  # warm the file cache and write bytecode caches
        firsts, readies, steps = [], [], []
        for _ in range(args.runs):
            first, ready, step = one_session(ws, args.answers)
            firsts.append(first)
            readies.append(ready)
            steps.extend(step)
        ms = lambda xs: f"{statistics.median(xs) * 1000:7.1f} ms (min {min(xs) * 1000:.1f}, max {max(xs) * 1000:.1f})"  # noqa: E731
        print(f"start -> first card on screen:   {ms(firsts)}")
        print(f"start -> first question ready:   {ms(readies)}   goal <= 350 ms")
        print(f"answer -> next question ready:   {ms(steps)}   goal <= 10 ms  ({len(steps)} answers)")


if __name__ == "__main__":
    main()
