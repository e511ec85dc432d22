"""The code-checking step of a build: run what the changed lessons need (cached), then verify.

``prepare`` turns the ``run_code`` setting into a Checker (the interpreter, the sandbox,
the limits) or a one-line note saying why code is not run and how to fix it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime

from recall.codecheck.interpreter import Interpreter, InterpreterError, default_path, missing_modules, probe
from recall.codecheck.runner import Limits, Runner
from recall.codecheck.sandbox import UNCONFINED, SandboxMissing, find
from recall.model import CodeResult, CodeRun
from recall.store import coderuns
from recall.store.database import Database

DEFAULT_JOBS = 16  # runs mostly wait (sleeps, I/O): overlap many

__all__ = ["Checker", "InterpreterError", "missing_module_problems", "prepare", "run_and_verify"]


@dataclass(frozen=True)
class Checker:
    """How this build runs lesson code."""

    runner: Runner
    jobs: int

    @property
    def identity(self) -> str:
        """What the cards of a lesson depend on besides its text: goes into each file's digest."""
        return self.runner.key_prefix

    @property
    def interpreter(self) -> Interpreter:
        return self.runner.interpreter


def prepare(mode: bool | str, lesson_python: str | None, time_limit: float,
            jobs: int | None) -> tuple[Checker | None, str | None]:
    """(the checker, None), or (None, why code is not run) when it cannot be run as asked.

    ``mode``: False (never), True or "auto" (in the sandbox, when there is one), "unconfined"
    (without a sandbox, as the learner asked). Raises InterpreterError for a bad lesson_python.
    """
    if mode is False:
        return None, None
    if mode == "unconfined":
        sandbox = UNCONFINED
    else:
        try:
            sandbox = find()
        except SandboxMissing as exc:
            return None, (f"lesson code is not run, so code cards are not checked: {exc}; or set "
                          "run_code = \"unconfined\" in recall.toml to run it without a sandbox")
    interpreter = probe(lesson_python or default_path())
    limits = Limits(time=time_limit)
    return Checker(Runner(interpreter, sandbox, limits), jobs or DEFAULT_JOBS), None


def run_and_verify(db: Database, results: list, checker: Checker, now: datetime) -> int:
    """Check every built lesson's code cards in place; returns how many programs were run."""
    from recall.derive.verify import programs, verify

    runner = checker.runner
    built = [r for r in results if r.lesson is not None]
    wanted = list(dict.fromkeys(p for r in built for p in programs(r.lesson.blocks)))
    by_key = {runner.key(p): p for p in wanted}
    known: dict = {}
    for key, data in coderuns.load(db, list(by_key)).items():
        try:
            known[by_key[key]] = CodeResult(CodeRun.from_dict(data["first"]), CodeRun.from_dict(data["second"]))
        except (KeyError, TypeError):
            continue  # stored by an older recall: run again
    missing = [p for p in wanted if p not in known]
    fresh = runner.run_all(missing, checker.jobs)
    if fresh:
        coderuns.save(db, {runner.key(p): {"first": r.first.to_dict(), "second": r.second.to_dict()}
                           for p, r in fresh.items()}, now)
    known.update(fresh)
    for result in built:
        lesson = result.lesson
        cards, problems = verify(lesson.id, lesson.file, lesson.cards, lesson.blocks, known, runner.limits.time)
        result.lesson = replace(lesson, cards=cards)
        result.problems.extend(problems)
    return len(missing)


def missing_module_problems(results: list, interpreter: Interpreter) -> None:
    """For `recall check`: each block that imports a module the interpreter lacks, once, with the module."""
    from recall.derive.cells import Cell
    from recall.derive.verify import missing_module, runnable

    wanted: dict[int, tuple] = {}
    names: set[str] = set()
    for result in results:
        if result.lesson is None:
            continue
        for cell in result.lesson.blocks:
            if not runnable(cell):
                continue
            imported = Cell(0, cell.section, 0, cell.line, cell.code).imports()
            for chunk in cell.setup:
                imported |= Cell(0, "", 0, 0, chunk).imports()
            imported = {name for name in imported if not os.path.isabs(name)}
            wanted[id(cell)] = (result, cell, sorted(imported))
            names |= imported
    lacking = missing_modules(interpreter, sorted(names))
    for result, cell, imported in wanted.values():
        absent = [name for name in imported if name in lacking]
        if absent:
            result.problems.append(missing_module(result.file, cell.line, absent[0]))
