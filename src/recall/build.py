"""Lessons to cards: read decks/, derive cards, sync them into the database.

Files whose bytes (and the generator version) are unchanged since the last build are
skipped without being parsed, so a no-change rebuild only reads and hashes files.
"""

from __future__ import annotations

import gc
import hashlib
import os
import tempfile
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from recall.cards import LessonBuild
from recall.problems import Problem, warning
from recall.workspace import Workspace

#: Parse in worker processes when at least this many files changed.
PARALLEL_FROM = 200


@dataclass
class Analysed:
    """One file, read, parsed and turned into cards (or the problems that stopped it)."""

    file: str
    content_hash: str
    lesson: LessonBuild | None
    problems: list[Problem]
    id_line: int = 1
    prereq_line: int = 1


@dataclass
class LessonReport:
    lesson: str
    file: str | None
    added: int = 0
    updated: int = 0
    retired: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.retired)


@dataclass
class BuildReport:
    lessons: list[LessonReport] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)  # errors of files that did not build
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        """No errors: every file built, and no card in one was refused."""
        return not self.failed and not any(p.severity == "error" for e in self.lessons for p in e.problems)


_DERIVING = ("lessons.py", "blockscan.py", "inline.py", "words.py", "ids.py", "cards.py", "authored.py", "generators")


def deriving_files() -> list[Path]:
    """The source files of the code that turns text into cards."""
    root = Path(__file__).parent
    out = []
    for name in _DERIVING:
        path = root / name
        out.extend(sorted(path.glob("*.py")) if path.is_dir() else [path])
    return out


@lru_cache(maxsize=1)
def generator_fingerprint() -> bytes:
    """A hash of the code that turns text into cards: when it changes, every file is re-read."""
    h = hashlib.blake2b(digest_size=16)
    for source in deriving_files():
        h.update(source.read_bytes())
    return h.digest()


def digest(data: bytes, run_code: bool = False) -> str:
    """What decides whether a file is read again: its bytes, the deriving code, and --run-code."""
    marker = b"run" if run_code else b""
    return hashlib.blake2b(generator_fingerprint() + marker + data, digest_size=16).hexdigest()


def analyse_file(file: str, data: bytes | Path, content_hash: str | None, run_code: bool = False) -> Analysed:
    """Parse one file and generate its cards; pure but for what it is given.

    ``data`` may be the file's path instead of its bytes: the file is read (and hashed) here.
    """
    from recall.generators import derive
    from recall.lessons import decode, parse_lesson
    from recall.problems import LessonError

    if isinstance(data, Path):
        try:
            data = data.read_bytes()
        except OSError as exc:
            return Analysed(file, "", None, [Problem(file, 1, f"cannot read the file ({exc.strerror or exc})")])
        content_hash = digest(data, run_code)
    try:
        lesson = parse_lesson(decode(data, file), file)
    except LessonError as exc:
        return Analysed(file, content_hash, None, exc.problems)
    cards, problems = derive(lesson)
    blocks = ()
    if run_code:
        from recall.generators.code import quiet_blocks

        blocks = quiet_blocks(lesson)
    build = LessonBuild(lesson.id, lesson.title, file, content_hash, lesson.prerequisites,
                        lesson.concepts, cards, blocks)
    return Analysed(file, content_hash, build, problems, lesson.key_line("id"),
                    lesson.key_line("prerequisites"))


def parallel(items: list, jobs: int | None) -> bool:
    return len(items) >= PARALLEL_FROM and jobs != 1


def analyse_many(items: list[tuple[str, bytes, str]], jobs: int | None = None, meanwhile=None,
                 scratch: tuple[Path, datetime] | None = None) -> list[Analysed]:
    """Analyse files, in worker processes when there are many; ``meanwhile`` runs during.

    With ``scratch`` (a folder and the build's time) workers write the cards into files
    there (``db/scratch.py``) and send back lessons without them.
    """
    global _scratch
    if not parallel(items, jobs):
        results = [analyse_file(*item) for item in items]
        if meanwhile:
            meanwhile()
        return results
    import multiprocessing

    import recall.generators  # noqa: F401  (imported once here, shared by the forked workers)
    import recall.lessons  # noqa: F401

    workers = jobs or os.cpu_count() or 1
    gc.freeze()  # keep the collector off the parent's objects, so forked pages stay shared
    _scratch = scratch
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_worker_start) as pool:
            pending = pool.starmap_async(_analyse_in_worker, items,
                                         chunksize=max(1, len(items) // (workers * 8)))
            if meanwhile:
                meanwhile()
            return pending.get()
    finally:
        _scratch = None


_COLLECT_EVERY = 500
_analysed = 0
_scratch: tuple[Path, datetime] | None = None  # set in the parent before the workers fork
_writer = None  # a worker's own ScratchWriter


def _worker_start() -> None:
    # parsing allocates many objects and few cycles (~50 per file): the collector's
    # passes cost more than they free, so a worker collects every few hundred files
    gc.disable()


def _analyse_in_worker(*item) -> Analysed:
    global _analysed, _writer
    _analysed += 1
    if _analysed % _COLLECT_EVERY == 0:
        gc.collect()
    result = analyse_file(*item)
    if _scratch is not None and result.lesson is not None:
        if _writer is None:
            from recall.db.scratch import ScratchWriter

            folder, now = _scratch
            _writer = ScratchWriter(folder / f"cards-{os.getpid()}.sqlite3", now)
        _writer.write(result.lesson.id, result.lesson.cards)
        result.lesson = replace(result.lesson, cards=[], written=len(result.lesson.cards))
    return result


def cross_check(results: list[Analysed], known: dict[str, str]) -> None:
    """Checks across files: duplicate lesson ids fail the later file; unknown prerequisites warn.

    ``known`` maps the ids of lessons not re-read this time to their files.
    """
    seen = dict(known)
    for result in results:
        lesson = result.lesson
        if lesson is None:
            continue
        if lesson.id in seen:
            result.problems.append(Problem(result.file, result.id_line,
                                           f"duplicate lesson id '{lesson.id}' (already used by {seen[lesson.id]})"))
            result.lesson = None
        else:
            seen[lesson.id] = result.file
    for result in results:
        if result.lesson is None:
            continue
        for prereq in result.lesson.prerequisites:
            if prereq not in seen:
                result.problems.append(warning(result.file, result.prereq_line,
                                               f"prerequisite '{prereq}' is not a lesson in this workspace"))


def read_files(workspace: Workspace) -> list[tuple[str, bytes]]:
    return [(workspace.relative(path), path.read_bytes()) for path in workspace.deck_files()]


def _record_stats(db, stats: dict[str, str]) -> None:
    """Remember what each built file looked like, for the next `stale` check."""
    stored = dict(db.con.execute("SELECT file, file_stat FROM lessons WHERE file IS NOT NULL"))
    changed = {file: stat for file, stat in stats.items() if file in stored and stored[file] != stat}
    if changed:
        from recall.db.sync import record_stats

        record_stats(db, changed)


def file_stats(workspace: Workspace) -> dict[str, str]:
    """"mtime_ns:size" of every deck file: what `stale` compares."""
    out = {}
    root = str(workspace.root) + os.sep
    for path in workspace.deck_files():  # plain strings: this runs before every review and export
        name = str(path)
        st = os.stat(name)
        relative = name[len(root):].replace(os.sep, "/") if name.startswith(root) else workspace.relative(path)
        out[relative] = f"{st.st_mtime_ns}:{st.st_size}"
    return out


def stale(workspace: Workspace) -> bool:
    """Whether deck files changed since the last build, judged by stat alone (no reading)."""
    from recall.db.database import Database

    if not workspace.db_path.exists():
        return bool(workspace.deck_files())
    with Database(workspace.db_path) as db:
        stored = dict(db.con.execute("SELECT file, file_stat FROM lessons WHERE file IS NOT NULL"))
    return stored != file_stats(workspace)


def check(workspace: Workspace, jobs: int | None = None) -> list[Analysed]:
    """Lint every lesson without touching the database."""
    items = [(file, data, "") for file, data in read_files(workspace)]
    results = analyse_many(items, jobs)
    cross_check(results, {})
    return results


def build(workspace: Workspace, now: datetime, jobs: int | None = None, run_code: bool = False,
          time_limit: float = 5.0, code_jobs: int | None = None) -> BuildReport:
    with _collector_paused():  # a build makes many objects and no garbage worth a pass
        return _build(workspace, now, jobs, run_code, time_limit, code_jobs)


@contextmanager
def _collector_paused():
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _build(workspace: Workspace, now: datetime, jobs: int | None, run_code: bool, time_limit: float,
           code_jobs: int | None) -> BuildReport:
    from recall.db.database import Database
    from recall.db.queries import file_hashes

    stats = file_stats(workspace)
    stored: dict[str, tuple[str | None, str]] = {}
    if workspace.db_path.exists():  # a first build creates the database while the workers parse
        with Database(workspace.db_path) as db:
            stored = file_hashes(db.con)
    if stored or run_code or not parallel(list(stats), jobs):
        files = read_files(workspace)
        hashed = [(file, data, digest(data, run_code)) for file, data in files]
        changed = [item for item in hashed if stored.get(item[0], (None,))[0] != item[2]]
    else:  # nothing stored to compare with: every file is read (and hashed) by the workers
        files = [(file, workspace.root / file) for file in stats]
        changed = [(file, path, None) for file, path in files]
    current = {file for file, _ in files}
    gone = sorted(set(stored) - current)
    report = BuildReport(unchanged=len(files) - len(changed))
    if not changed and not gone:
        with Database(workspace.db_path) as db:  # a workspace with no lessons still gets its database
            _record_stats(db, stats)
        return report

    def prepare() -> None:
        """Import the writing half (SQLAlchemy) and create the database while workers parse."""
        import recall.db.sync  # noqa: F401

        Database(workspace.db_path).close()

    items = [(*item, run_code) for item in changed]
    # a first build of many lessons: workers store the cards themselves (no database to diff against)
    first = not workspace.db_path.exists() and not run_code and parallel(items, jobs)
    with tempfile.TemporaryDirectory(prefix="recall-build-") if first else nullcontext() as tmp:
        results = analyse_many(items, jobs, meanwhile=None if run_code else prepare,
                               scratch=(Path(tmp), now) if first else None)
        if run_code:  # the code runs first: SQLAlchemy loads while they wait on their children
            from recall.running.check import run_and_verify

            run_and_verify(workspace, results, time_limit, code_jobs, now, meanwhile=prepare)
        changed_files = {item[0] for item in changed}
        known = {lesson_id: file for file, (_, lesson_id) in stored.items()
                 if file in current and file not in changed_files}
        cross_check(results, known)

        from recall.db.sync import sync

        with Database(workspace.db_path) as db:
            changes = sync(db, [r.lesson for r in results if r.lesson is not None], gone, now,
                           scratch=sorted(Path(tmp).glob("cards-*.sqlite3")) if first else [],
                           skip_files=[r.file for r in results if r.lesson is None])
            _record_stats(db, stats)
    by_lesson = {r.lesson.id: r for r in results if r.lesson is not None}
    for lesson_id, change in changes.items():
        result = by_lesson.get(lesson_id)
        report.lessons.append(LessonReport(
            lesson_id, result.file if result else None, change.added, change.updated, change.retired,
            result.problems if result else []))
    for result in results:
        if result.lesson is None:
            report.failed.extend(p for p in result.problems if p.severity == "error")
            report.lessons.append(LessonReport("", result.file, problems=result.problems))
    return report
