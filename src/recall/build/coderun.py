"""The code-checking step of a build: run what the changed lessons need (cached), then verify."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime

from recall.codecheck.runner import cache_key, run_all
from recall.derive.verify import codes, verify
from recall.model import CodeResult, CodeRun
from recall.store import coderuns
from recall.store.database import Database

DEFAULT_JOBS = 16  # runs mostly wait (sleeps, I/O): overlap many


def run_and_verify(db: Database, results: list, time_limit: float, jobs: int | None, now: datetime) -> int:
    """Check every built lesson's code cards in place; returns how many runs were made."""
    built = [r for r in results if r.lesson is not None]
    wanted = {code for r in built for code in codes(r.lesson.cards, r.lesson.blocks)}
    by_key = {cache_key(code, time_limit): code for code in wanted}
    known = {by_key[key]: CodeResult(CodeRun(**data["first"]), CodeRun(**data["second"]))
             for key, data in coderuns.load(db, list(by_key)).items()}
    missing = sorted(wanted - known.keys())
    fresh = run_all(missing, time_limit, jobs or DEFAULT_JOBS)
    if fresh:
        coderuns.save(db, {cache_key(code, time_limit): {"first": asdict(r.first), "second": asdict(r.second)}
                           for code, r in fresh.items()}, now)
    known.update(fresh)
    for result in built:
        lesson = result.lesson
        cards, problems = verify(lesson.id, lesson.file, lesson.cards, lesson.blocks, known, time_limit)
        result.lesson = replace(lesson, cards=cards)
        result.problems.extend(problems)
    return len(missing)
