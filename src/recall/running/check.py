"""The --run-code step of a build: run what changed lessons need (cached), then verify."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import datetime

from recall.running.runner import Result, Run, cache_key, run_all
from recall.running.verify import codes, verify
from recall.workspace import Workspace

DEFAULT_JOBS = 16  # runs mostly wait (sleeps, I/O): overlap many


def run_and_verify(workspace: Workspace, results: list, time_limit: float, jobs: int | None,
                   now: datetime, meanwhile=None) -> int:
    """Check every built lesson's code cards in place; returns how many runs were made.

    ``meanwhile`` runs while the code does (the build uses it to load SQLAlchemy).
    """
    built = [r for r in results if r.lesson is not None]
    wanted = {code for r in built for code in codes(r.lesson.cards, r.lesson.blocks)}
    known = load(workspace, wanted, time_limit)
    missing = sorted(wanted - known.keys())
    fresh = run_all(missing, time_limit, jobs or DEFAULT_JOBS, meanwhile)
    if fresh:
        store(workspace, fresh, time_limit, now)
    known.update(fresh)
    for result in built:
        lesson = result.lesson
        cards, problems = verify(lesson.id, lesson.file, lesson.cards, lesson.blocks, known, time_limit)
        result.lesson = replace(lesson, cards=cards)
        result.problems.extend(problems)
    return len(missing)


def load(workspace: Workspace, wanted: set[str], time_limit: float) -> dict[str, Result]:
    from recall.db.database import Database

    by_key = {cache_key(code, time_limit): code for code in wanted}
    out: dict[str, Result] = {}
    if not workspace.db_path.exists():
        return out  # a first build: nothing cached, and the database is made while the code runs
    with Database(workspace.db_path) as db:
        keys = list(by_key)
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            rows = db.con.execute(f"SELECT key, result FROM code_runs WHERE key IN ({','.join('?' * len(chunk))})",
                                  chunk)
            for key, stored in rows:
                data = json.loads(stored)
                out[by_key[key]] = Result(Run(**data["first"]), Run(**data["second"]))
    return out


def store(workspace: Workspace, fresh: dict[str, Result], time_limit: float, now: datetime) -> None:
    from sqlalchemy.dialects.sqlite import insert

    from recall.db.database import Database
    from recall.db.models import CodeRunRow

    table = CodeRunRow.__table__
    rows = [{"key": cache_key(code, time_limit), "result": {"first": asdict(r.first), "second": asdict(r.second)},
             "ran_at": now} for code, r in fresh.items()]
    with Database(workspace.db_path) as db, db.write() as conn:
        stmt = insert(table)
        conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"result": stmt.excluded.result,
                                                                             "ran_at": stmt.excluded.ran_at}), rows)
