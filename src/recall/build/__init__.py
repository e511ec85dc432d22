"""Lessons to cards: read decks/, derive cards, check their code if asked, store them.

Files whose bytes (and the fingerprint of what decides a card) are unchanged since the
last build are skipped without being parsed, so a no-change rebuild only reads and
hashes files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from recall.build import files
from recall.model import Problem
from recall.workspace import Workspace

if TYPE_CHECKING:
    from recall.build.analyse import Analysed
    from recall.build.coderun import Checker
    from recall.codecheck.interpreter import Interpreter
    from recall.store.database import Database

# Reading and deriving (markdown-it and the generators) load only when a file changed
# (`recall review` checks staleness with a stat before every session), and the database
# (SQLAlchemy) only when one is used: `recall check` never opens it.


@dataclass
class LessonReport:
    lesson: str
    file: str | None
    added: int = 0
    updated: int = 0
    retired: int = 0
    problems: list[Problem] = field(default_factory=list)
    reworded: int = 0  # cards whose text was touched up and kept their id (counted apart from updated)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.retired or self.reworded)


@dataclass
class BuildReport:
    lessons: list[LessonReport] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)  # errors of files that did not build
    skipped: list[Problem] = field(default_factory=list)  # notes on files that are not lessons (a README)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        """No errors: every file built, and no card in one was refused."""
        return not self.failed and not any(p.severity == "error" for e in self.lessons for p in e.problems)


#: changed lessons from which reading them is shared among processes (below, starting them costs more)
PARALLEL_FROM = 40


def _analyse_all(found: list[files.DeckFile], hashes: dict[str, str], run_code: bool) -> list[Analysed]:
    """Each file read and its cards derived: in this process, or with many changed lessons (a first
    build, a new clone) in one process per core, each returning its plain results."""
    from recall.build.analyse import Analysed, analyse
    from recall.workers import count, pool_of

    readable = [deck for deck in found if deck.data is not None]
    workers = count()
    arguments = ([deck.name for deck in readable], [deck.data or b"" for deck in readable],
                 [hashes.get(deck.name, "") for deck in readable], [run_code] * len(readable))
    if len(readable) >= PARALLEL_FROM and workers > 1:
        with pool_of(workers) as pool:  # (Ctrl-C: no worker's traceback; a worker lost: WorkerLost)
            done = list(pool.map(analyse, *arguments, chunksize=max(1, len(readable) // (workers * 4))))
    else:
        done = list(map(analyse, *arguments))
    analysed = iter(done)
    return [next(analysed) if deck.data is not None else
            Analysed(deck.name, "", None, [deck.problem] if deck.problem else []) for deck in found]


def check(workspace: Workspace, interpreter: Interpreter | None = None) -> list[Analysed]:
    """Lint every lesson without touching the database or running any lesson code. Given the
    interpreter that runs lesson code, also name each block that needs a module it lacks."""
    from recall.build.analyse import cross_check

    results = _analyse_all(files.read_all(workspace), {}, interpreter is not None)
    cross_check(results, {})
    if interpreter is not None:
        from recall.build.coderun import missing_module_problems

        missing_module_problems(results, interpreter)
    return results


def stale(workspace: Workspace) -> bool:
    """Whether deck files changed since the last build, judged by stat alone (no reading)."""
    from recall.store import catalog
    from recall.store.database import Database, exists

    if not exists(workspace):
        return bool(workspace.deck_files())
    with Database(workspace) as db:
        stored = catalog.file_stats(db)
    return stored != files.stats(workspace)


def build(workspace: Workspace, now: datetime, checker: Checker | None = None) -> BuildReport:
    """Build every changed lesson; with a checker, its code cards come from running its code."""
    from recall.build.fingerprint import digest
    from recall.curriculum import order
    from recall.store import catalog
    from recall.store.database import Database
    from recall.store.sync import sync

    stats = files.stats(workspace)
    with Database(workspace) as db:
        stored = catalog.file_hashes(db)
        found = files.read_all(workspace)
        runs = checker.identity if checker else ""
        hashes = {deck.name: digest(deck.data, runs) for deck in found if deck.data is not None}
        changed = [deck for deck in found
                   if deck.data is None or stored.get(deck.name, (None,))[0] != hashes[deck.name]]
        current = {deck.name for deck in found}
        gone = sorted(set(stored) - current)
        report = BuildReport(unchanged=len(found) - len(changed))
        if changed or gone:
            from recall.build.analyse import cross_check  # reading lessons: only when one changed

            results = _analyse_all(changed, hashes, checker is not None)
            if checker is not None:
                from recall.build.coderun import run_and_verify

                run_and_verify(db, results, checker, now)
            changed_names = {deck.name for deck in changed}
            known = {lesson_id: file for file, (_, lesson_id) in stored.items()
                     if file in current and file not in changed_names}
            cross_check(results, known, catalog.prerequisites(db))
            kept = _keep_reworded(db, results, {lesson_id for _, lesson_id in stored.values()})
            changes = sync(db, [r.lesson for r in results if r.lesson is not None], gone, now, curriculum=order)
            _report(report, results, changes, kept)
        elif catalog.unplaced(db):  # a database from before lessons kept their place: place them now
            from recall.store.sync import place

            place(db, order)
        catalog.record_stats(db, stats)
    return report


def _keep_reworded(db: Database, results: list[Analysed], stored_lessons: set[str]) -> dict[str, int]:
    """Give each touched-up card its old id (see reword.py); how many per lesson."""
    from recall.build.reword import reworded
    from recall.store.cards import list_cards

    out: dict[str, int] = {}
    for result in results:
        if result.lesson is None or result.lesson.id not in stored_lessons:
            continue
        result.lesson, ids = reworded(result.lesson, list_cards(db, lesson=result.lesson.id, status="active"))
        if ids:
            out[result.lesson.id] = len(ids)
    return out


def _report(report: BuildReport, results: list[Analysed], changes: dict, kept: dict[str, int]) -> None:
    by_lesson = {r.lesson.id: r for r in results if r.lesson is not None}
    for lesson_id, change in changes.items():
        result = by_lesson.get(lesson_id)
        again = kept.get(lesson_id, 0)
        report.lessons.append(LessonReport(lesson_id, result.file if result else None, change.added,
                                           change.updated - again, change.retired,
                                           result.problems if result else [], again))
    for result in results:
        if result.lesson is None and result.problems and all(p.severity == "note" for p in result.problems):
            report.skipped.extend(result.problems)
        elif result.lesson is None:
            report.failed.extend(p for p in result.problems if p.severity == "error")
            report.lessons.append(LessonReport("", result.file, problems=result.problems))
