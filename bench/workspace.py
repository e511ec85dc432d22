"""A realistic workspace for the benchmarks: lessons made from our decks, and two years of a learner.

The lessons are copies of our own decks (``lessons.make_lessons``), each naming the one
before it as its prerequisite, so the curriculum is one long course. The history is a
simulated learner who works through them for two years with recall's default settings:
the lessons arrive over the first 240 days; on most evenings (not all, and never during
one holiday) the learner answers the day's learning cards, the due reviews (at most
``max_reviews_per_day``) and up to ``new_per_day`` new cards in curriculum order, each
answer scheduled by FSRS as recall schedules it. Whether an answer is right is drawn
from the card's FSRS retrievability at that moment, a little lower (``forgets_faster``:
about 85 % of reviews right, as real learners aiming at 90 % get), so lapses come as
memory fails; about half of the cards that become leeches get suspended, and a few
others too.

With 200 lessons (about 5,000 cards) that is about 90,000 review rows. With 4,225
lessons (100,000 cards) or 42,250 (1,000,000 cards) the same learner meets far more
cards than they can introduce, as with a large imported deck: about 13,000 studied,
170,000 review rows.

Everything is cached under ``bench/.cache``, keyed by what decides it:

- the built lessons, by the lesson count and the recall install that built them
  (``recall build`` run by that install's Python);
- the simulated history, by the lessons, the learner and the day it ends on (today's
  start, so that today's queue is a real day's queue): it is made again each day;
- the workspace with history, by both.

History rows are written through the storage (``Database`` and tables) of the install
the workspace is for (``write_history``, the one place that knows them), never with SQL
of our own.

    python bench/workspace.py [--lessons 200] [--python PY]   # prints the workspace's folder
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import os
import pickle
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from lessons import make_lessons

BENCH = Path(__file__).resolve().parent
PROJECT = BENCH.parent
CACHE = BENCH / ".cache"
#: lessons for about 5,000, 100,000 and 1,000,000 cards (our decks make about 23.7 cards a lesson)
SIZES = {"5k": 200, "100k": 4_225, "1m": 42_250}
#: bump when the way lessons or history are made changes: old cache entries are then not used
LAYOUT = 2
#: recall's day starts at 4 am; the benchmarks run recall with TZ=UTC, so this is 4 am UTC
DAY_STARTS_AT = 4
#: the environment recall runs in for the benchmarks: UTC, and as installed (bytecode cached)
ENV = {**{k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "RECALL_WORKSPACE")},
       "TZ": "UTC"}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Learner:
    """How the simulated learner studies (recall's defaults, and human habits)."""

    days: int = 730
    new_per_day: int = 20
    max_reviews_per_day: int = 200
    study_share: float = 0.9  # evenings with a session
    holiday: tuple[int, int] = (400, 412)  # days without any study
    seed: int = 12
    #: an answer is right with probability retrievability ** forgets_faster
    forgets_faster: float = 1.3
    lessons_arrive_over: int = 240  # days


# --- the lessons ---------------------------------------------------------------------------------

def write_lessons(decks: Path, count: int) -> None:
    """``count`` lessons from our decks, lesson n naming lesson n - 1 as its prerequisite."""
    make_lessons(decks, count)
    ids: list[str] = []
    for n in range(count):
        path = decks / f"{n:04d}.md"
        text = path.read_text(encoding="utf-8")
        ids.append(re.search(r'^id: "([^"]+)"', text, flags=re.M)[1])  # type: ignore[index]
        needs = f"prerequisites:\n  - {ids[n - 1]}\n" if n else "prerequisites: []\n"
        path.write_text(re.sub(r"^prerequisites: \[\]\n", needs, text, count=1, flags=re.M), encoding="utf-8")


def install_key(python: str) -> str:
    """What identifies a recall install: its interpreter and the bytes of its sources."""
    found = subprocess.run([python, "-c", "import recall, os; print(os.path.dirname(recall.__file__))"],
                           capture_output=True, text=True, env=ENV)
    if found.returncode != 0:
        sys.exit(f"{python} cannot import recall:\n{found.stderr}")
    h = hashlib.blake2b(python.encode(), digest_size=8)
    for source in sorted(Path(found.stdout.strip()).rglob("*.py")):
        h.update(source.read_bytes())
    return h.hexdigest()


def _inputs_key(lessons: int) -> str:
    h = hashlib.blake2b(f"{LAYOUT}:{lessons}".encode(), digest_size=8)
    for source in [BENCH / "lessons.py", *sorted((PROJECT / "decks").glob("*.md"))]:
        h.update(source.read_bytes())
    return h.hexdigest()


def _cached(folder: Path, make) -> Path:
    """``folder``, made by ``make(partial_folder)`` unless it is there already complete."""
    if folder.is_dir():
        return folder
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    make(partial)
    partial.rename(folder)
    return folder


def recall(python: str, ws: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([python, "-m", "recall", *args], cwd=ws, capture_output=True, text=True, env=ENV,
                          **kwargs)
    if done.returncode != 0:
        sys.exit(f"recall {' '.join(args)} failed in {ws} ({python}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return done


def no_code_runs(settings: Path) -> None:
    """``run_code = false`` in a workspace's recall.toml: the builds measured here read, derive and store
    (running lesson code is bench/run_code.py's to time; ``commands.py --run-code`` adds it)."""
    text = settings.read_text(encoding="utf-8")
    if re.search(r"^run_code\s*=", text, flags=re.M):
        text = re.sub(r"^run_code\s*=.*$", "run_code = false", text, flags=re.M)
    else:
        text += "\nrun_code = false\n"
    settings.write_text(text, encoding="utf-8")


def built(lessons: int, python: str) -> Path:
    """A workspace of ``lessons`` lessons built by ``python``'s recall, without any history."""

    def make(folder: Path) -> None:
        for other in CACHE.glob(f"built-{lessons}-*"):  # this Python's earlier builds: its sources changed since
            made_by = other / "python.txt"
            if other != folder and made_by.is_file() and made_by.read_text(encoding="utf-8") == python:
                shutil.rmtree(other, ignore_errors=True)
        (folder / "python.txt").write_text(python, encoding="utf-8")
        ws = folder / "ws"
        recall(python, folder, "init", str(ws))
        no_code_runs(ws / "recall.toml")
        began = time.perf_counter()
        write_lessons(ws / "decks", lessons)
        say(f"  wrote {lessons} lessons in {time.perf_counter() - began:.0f} s; building them with {python}…")
        began = time.perf_counter()
        recall(python, ws, "build")
        say(f"  built in {time.perf_counter() - began:.0f} s")

    return _cached(CACHE / f"built-{lessons}-{_inputs_key(lessons)}-{install_key(python)}", make) / "ws"


# --- the history ---------------------------------------------------------------------------------

STATE_FIELDS = ("card_id", "state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses",
                "introduced_at", "suspended")
REVIEW_FIELDS = ("card_id", "reviewed_at", "rating", "duration_ms", "answer", "correct", "state_before",
                 "memory_before")


@dataclass
class Plan:
    """A learner's whole history: the rows of card states and of reviews, as tuples of the fields above."""

    states: list[tuple]
    reviews: list[tuple]

    def save(self, path: Path) -> None:
        with open(path, "wb") as out:
            pickle.dump((self.states, self.reviews), out, protocol=4)

    @classmethod
    def load(cls, path: Path) -> Plan:
        with open(path, "rb") as source:
            return cls(*pickle.load(source))


def today_starts(now: datetime) -> datetime:
    """When recall's current day began (4 am UTC)."""
    shifted = now.astimezone(UTC) - timedelta(hours=DAY_STARTS_AT)
    return datetime(shifted.year, shifted.month, shifted.day, DAY_STARTS_AT, tzinfo=UTC)


def curriculum(ws: Path) -> list[list[str]]:
    """The workspace's active card ids, lesson by lesson, in the order recall introduces them."""
    from sqlalchemy import select

    try:
        from recall.curriculum import order
    except ImportError:  # an install from before the order moved to lessons/
        from recall.study.curriculum import order  # type: ignore[no-redef]

    Database, tables = storage()
    lessons, cards = tables["lessons"], tables["cards"]
    with Database(ws / "data" / "recall.sqlite3") as db, db.read() as conn:
        prerequisites = {lesson: list(needs) for lesson, needs in
                         conn.execute(select(lessons.c.id, lessons.c.prerequisites))}
        by_lesson: dict[str, list[str]] = {}
        for card_id, lesson in conn.execute(select(cards.c.id, cards.c.lesson_id).where(cards.c.status == "active")
                                            .order_by(cards.c.lesson_id, cards.c.ord)):
            by_lesson.setdefault(lesson, []).append(card_id)
    return [by_lesson[lesson] for lesson in order(prerequisites) if lesson in by_lesson]


def simulate(lessons: list[list[str]], learner: Learner, ends: datetime) -> Plan:
    """The learner's reviews of ``lessons`` (card ids, in curriculum order) over the days before ``ends``."""
    from fsrs import Card, Rating, State

    from recall.model import Memory
    from recall.settings import Settings
    from recall.study.scheduling import scheduler

    settings = Settings()
    sched = scheduler(settings)
    rng = random.Random(learner.seed)
    random.seed(learner.seed)  # fsrs draws its interval fuzz from the random module
    cards = [card for lesson in lessons for card in lesson]
    cumulative = [0]
    for lesson in lessons:
        cumulative.append(cumulative[-1] + len(lesson))
    # cards available on each day: lessons arrive evenly over the days
    spread = learner.lessons_arrive_over
    arrived_by_day = [cumulative[len(lessons) * min(day + 1, spread) // spread] for day in range(learner.days)]
    memory: dict[int, Card] = {}
    counts: dict[int, list] = {}  # index -> [reps, lapses, introduced_at, suspended]
    waiting: list[tuple[datetime, int]] = []  # (due, index) of every introduced card not suspended
    reviews: list[tuple] = []
    introduced = 0
    learn_ahead = timedelta(minutes=20)

    def answer(i: int, now: datetime) -> datetime:
        card = memory.get(i)
        if card is None:
            rating = rng.choices((Rating.Again, Rating.Hard, Rating.Good, Rating.Easy), (25, 10, 60, 5))[0]
            before = None
            card = Card(card_id=i, state=State.Learning, step=0, due=now)
            counts[i] = [0, 0, now, False]
        else:
            recalled = rng.random() < sched.get_card_retrievability(card, now) ** learner.forgets_faster
            rating = rng.choices((Rating.Hard, Rating.Good, Rating.Easy), (12, 80, 8))[0] if recalled else Rating.Again
            before = card
        duration = int(min(60_000, max(1_500, rng.lognormvariate(8.85, 0.6))))
        after, _ = sched.review_card(card, rating, now, duration)
        stats = counts[i]
        before_memory = None if before is None else Memory(int(before.state), before.step, before.stability,
                                                           before.difficulty, before.due, before.last_review,
                                                           stats[0], stats[1]).to_dict()
        stats[0] += 1
        if before is not None and before.state == State.Review and rating == Rating.Again:
            stats[1] += 1
            if stats[1] == 8 and rng.random() < 0.5:
                stats[3] = True  # a leech, suspended when it came up
        elif before is not None and before.state == State.Review and rng.random() < 0.0008:
            stats[3] = True
        reviews.append((cards[i], now, int(rating), duration, None, rating != Rating.Again,
                        None if before is None else int(before.state), before_memory))
        memory[i] = after
        return now + timedelta(milliseconds=duration + rng.randint(500, 3_000))

    for day in range(learner.days):
        begins = ends - timedelta(days=learner.days - day)
        if learner.holiday[0] <= day < learner.holiday[1] or rng.random() > learner.study_share:
            continue
        now = begins + timedelta(hours=15) + timedelta(seconds=rng.uniform(0, 3 * 3600))
        due: list[tuple[datetime, int]] = []
        while waiting and waiting[0][0] <= now:
            due.append(heapq.heappop(waiting))
        learning = [(when, i) for when, i in due if memory[i].state != State.Review]
        heapq.heapify(learning)
        review_queue = [i for _, i in due if memory[i].state == State.Review]
        for i in review_queue[learner.max_reviews_per_day:]:
            heapq.heappush(waiting, (memory[i].due, i))
        review_queue = review_queue[:learner.max_reviews_per_day][::-1]
        fresh = list(range(introduced, min(arrived_by_day[day], introduced + learner.new_per_day)))[::-1]
        introduced += len(fresh)
        day_ends = begins + timedelta(days=1)
        while True:
            if learning and learning[0][0] <= now:
                i = heapq.heappop(learning)[1]
            elif review_queue:
                i = review_queue.pop()
            elif fresh:
                i = fresh.pop()
            elif learning and learning[0][0] <= now + learn_ahead:
                i = heapq.heappop(learning)[1]
            else:
                break
            now = answer(i, now)
            if counts[i][3]:
                continue
            after = memory[i]
            if after.state != State.Review and after.due < day_ends:
                heapq.heappush(learning, (after.due, i))
            else:
                heapq.heappush(waiting, (after.due, i))
        for when, i in learning:  # learning cards due later today wait for the next session
            heapq.heappush(waiting, (when, i))
    states = []
    for i, card in memory.items():
        reps, lapses, first, suspended = counts[i]
        states.append((cards[i], int(card.state), card.step, card.stability, card.difficulty, card.due,
                       card.last_review, reps, lapses, first, suspended))
    return Plan(states, reviews)


def history(lessons: int, learner: Learner, ends: datetime) -> Path:
    """The simulated history (a pickled ``Plan``) for the lessons as this install builds them."""
    base = built(lessons, sys.executable)
    key = hashlib.blake2b(repr((base.parent.name, asdict(learner), ends.isoformat())).encode(),
                          digest_size=8).hexdigest()

    def make(folder: Path) -> None:
        per_lesson = curriculum(base)
        began = time.perf_counter()
        plan = simulate(per_lesson, learner, ends)
        say(f"  simulated {len(plan.reviews):,} reviews of {len(plan.states):,} cards in "
            f"{time.perf_counter() - began:.0f} s")
        plan.save(folder / "plan.pickle")

    return _cached(CACHE / f"history-{lessons}-{ends.date()}-{key}", make) / "plan.pickle"


def storage():
    """The install's ``Database`` and its tables by name: ``recall.store`` (``recall.db`` before the
    restructure, whose tables were ORM classes)."""
    import importlib

    from sqlalchemy import Table

    for package in ("recall.store", "recall.db"):
        try:
            database = importlib.import_module(f"{package}.database")
            models = importlib.import_module(f"{package}.models")
        except ModuleNotFoundError:
            continue
        tables = {}
        for value in vars(models).values():
            table = value if isinstance(value, Table) else getattr(value, "__table__", None)
            if isinstance(table, Table):
                tables[table.name] = table
        return database.Database, tables
    raise SystemExit("this recall install has no storage the benchmark knows")


def write_history(db_path: Path, plan: Plan) -> None:
    """Write a plan's card states and reviews into a built workspace's database, through its storage.

    The one place that knows how history is stored: rows go through the install's own
    ``Database`` and tables (SQLAlchemy Core), with the values recall itself hands them
    (aware UTC datetimes, ids as the cards table has them); a field the install's table
    does not have (``memory_before`` is gone since revision 0006) is left out.
    """
    from sqlalchemy import insert

    Database, tables = storage()
    with Database(db_path) as db, db.write() as conn:
        for name, rows, fields in (("card_state", plan.states, STATE_FIELDS),
                                   ("review_log", plan.reviews, REVIEW_FIELDS)):
            table = tables[name]
            kept = [(field, k) for k, field in enumerate(fields) if field in table.c]
            for start in range(0, len(rows), 20_000):
                conn.execute(insert(table), [{field: row[k] for field, k in kept}
                                             for row in rows[start:start + 20_000]])


def workspace(lessons: int, python: str | None = None, learner: Learner | None = None,
              now: datetime | None = None) -> Path:
    """A workspace of ``lessons`` lessons built by ``python``'s recall, with two years of history up to today.

    Cached: the first call of a day makes it (and says so on stderr), later ones return it.
    Treat it as read-only; copy it (``copy_of``) to change it.
    """
    python = python or sys.executable
    learner = learner or Learner()
    ends = today_starts(now or datetime.now(UTC))
    prune(ends)
    plan_path = history(lessons, learner, ends)
    base = built(lessons, python)

    def make(folder: Path) -> None:
        shutil.copytree(base, folder / "ws")  # copy2: file times kept, so recall sees nothing to rebuild
        began = time.perf_counter()
        db = folder / "ws" / "data" / "recall.sqlite3"
        if python == sys.executable:
            write_history(db, Plan.load(plan_path))
        else:  # through the other install's own models
            done = subprocess.run([python, __file__, "--write-history", str(db), str(plan_path)], env=ENV,
                                  capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"writing the history with {python} failed:\n{done.stderr}")
        say(f"  wrote the history in {time.perf_counter() - began:.0f} s")

    name = f"ws-{base.parent.name.removeprefix('built-')}-{plan_path.parent.name.removeprefix('history-')}"
    say_when_made = not (CACHE / name).is_dir()
    if say_when_made:
        say(f"making the {lessons}-lesson workspace for {python} (cached in {CACHE})…")
    return _cached(CACHE / name, make) / "ws"


def counts(ws: Path) -> dict[str, int]:
    """What a workspace holds, for the benchmarks' headings (read through this install's storage)."""
    from sqlalchemy import func, select

    Database, tables = storage()
    lessons, cards, state, log = (tables[name] for name in ("lessons", "cards", "card_state", "review_log"))
    now = datetime.now(UTC)
    active = cards.c.status == "active"
    queries = {
        "lessons": select(func.count()).select_from(lessons).where(lessons.c.file.is_not(None)),
        "cards": select(func.count()).select_from(cards).where(active),
        "reviews": select(func.count()).select_from(log),
        "studied": select(func.count()).select_from(state),
        "suspended": select(func.count()).select_from(state).where(state.c.suspended),
        "due": select(func.count()).select_from(state).where(state.c.due <= now, state.c.suspended.is_(False)),
        "new": select(func.count()).select_from(cards).where(
            active, ~select(state.c.card_id).where(state.c.card_id == cards.c.id).exists()),
    }
    with Database(ws / "data" / "recall.sqlite3") as db, db.read() as conn:
        return {name: conn.execute(query).scalar_one() for name, query in queries.items()}


def prune(today: datetime) -> None:
    """Remove cached histories and workspaces of earlier days (they are made anew each day), and
    workspaces whose built lessons are gone (an install's sources changed)."""
    if not CACHE.is_dir():
        return
    for folder in CACHE.iterdir():
        found = re.search(r"-(\d{4}-\d{2}-\d{2})-", folder.name)
        if found and found[1] < today.date().isoformat():
            shutil.rmtree(folder, ignore_errors=True)
            continue
        made_from = re.match(r"ws-(\d+-[0-9a-f]+-[0-9a-f]+)-", folder.name)
        if made_from and not (CACHE / f"built-{made_from[1]}").is_dir() and not folder.name.endswith(".partial"):
            shutil.rmtree(folder, ignore_errors=True)


def copy_of(ws: Path, into: Path) -> Path:
    """A copy of a workspace to change (file times kept, so recall sees nothing to rebuild)."""
    target = into / "ws"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ws, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=SIZES["5k"],
                        help=f"lessons to make (default 200; {SIZES['100k']} for 100,000 cards, "
                             f"{SIZES['1m']} for 1,000,000)")
    parser.add_argument("--python", default=sys.executable, help="the Python of the recall install to build with")
    parser.add_argument("--write-history", nargs=2, metavar=("DB", "PLAN"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write_history:
        db, plan_path = args.write_history
        write_history(Path(db), Plan.load(Path(plan_path)))
        return
    print(workspace(args.lessons, str(Path(args.python).absolute())))


if __name__ == "__main__":
    main()
