"""Code cards from what Python really printed (pure: the runs are given).

Each block ran once like a notebook cell (after its setup), twice in different
surroundings. Every answer is what Python printed at the line asked about; a
documented output that disagrees is reported and replaced; output that differs
between the two runs, or that a thread or a child process wrote, never becomes an
exact answer; a line that printed nothing (inside a function never called) makes no
card; a block that needs a module the interpreter lacks makes no card at all.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from recall.derive import ids
from recall.derive.cells import Cell, draws_chance, needed, trimmed
from recall.derive.code import (
    PER_BLOCK,
    CodeCellLesson,
    Question,
    _before,
    answer_lines,
    card,
    defined_later,
    questions,
    shown_code,
    with_setup,
)
from recall.derive.outputs import divided_in_a_function, readable, split_comment
from recall.derive.polish import asked_line, asked_once, finished, picked, shown_by_code
from recall.grading import matches, normalise
from recall.model import (
    BLOCK_PROMPT,
    ERROR_PROMPT,
    PRINT_PROMPT,
    RUNS_PROMPT,
    CardSpec,
    CodeCell,
    CodeResult,
    CodeRun,
    Problem,
    Program,
    warning,
)

#: longest output asked as one answer, in lines
MOST_LINES = 10


def _cell(cell: CodeCell) -> Cell:
    return Cell(0, cell.section, cell.position, cell.line, cell.code)


def runnable(cell: CodeCell) -> bool:
    """Whether running the block can tell anything: it has statements, or shows a SyntaxError."""
    analysed = _cell(cell)
    return bool(analysed.statements) or analysed.shows_syntax_error


def programs(cells: tuple[CodeCell, ...]) -> list[Program]:
    """Every program a lesson's cards need run: each block after its setup, and each commented-out raising line."""
    out = []
    for cell in cells:
        if not runnable(cell):
            continue
        out.append(Program(cell.setup, cell.code))
        analysed = _cell(cell)
        asked = questions(analysed, cell.documented)
        hidden = answer_lines(analysed, asked)
        out.extend(Program(cell.setup, shown_code(analysed, _before(analysed, q.line), hidden, q.probe))
                   for q in asked if q.kind == "probe")
    return out


def verify(lesson_id: str, file: str, cards: list[CardSpec], cells: tuple[CodeCell, ...],
           results: dict[Program, CodeResult], time_limit: float) -> tuple[list[CardSpec], list[Problem]]:
    """The lesson's cards with every code card made from the runs."""
    out = [c for c in cards if c.source != "code"]
    problems: list[Problem] = []
    lesson = CodeCellLesson(lesson_id, file)
    for cell in cells:
        result = results.get(Program(cell.setup, cell.code))
        if result is None:
            continue
        made, found = _cell_cards(lesson, cell, result, results, time_limit)
        out.extend(made)
        problems.extend(found)
    out.sort(key=lambda c: (c.source == "concept" and c.form == "choice", c.line))
    return ids.unique(shown_by_code(asked_once(out))), problems


def missing_module(file: str, line: int, module: str) -> Problem:
    """The one line that names a block needing a module the lesson interpreter lacks."""
    return warning(file, line, f"needs module '{module}', which the lesson interpreter lacks: its outputs are not "
                               "checked and make no card")


def _trouble(result: CodeResult, time_limit: float) -> str | None:
    runs = (result.first, result.second)
    statuses = {r.status for r in runs}
    if "timeout" in statuses:
        return f"stopped at its {time_limit:g} s time limit (an endless loop or a deadlock?)"
    if "too-much-output" in statuses:
        return "stopped: it printed too much"
    if "killed" in statuses:
        return "stopped: killed by a limit (memory or CPU time)"
    if "broken" in statuses:
        return f"could not be run ({(result.first.stderr.strip().splitlines() or ['no reason given'])[-1]})"
    return None


def _show(text: str) -> str:
    return " ⏎ ".join(text.split("\n"))


def _same(documented: str, actual: str) -> bool:
    """Whether a documented output says what Python printed (spacing, quote style, line breaks aside;
    an error documented by its name alone)."""
    if matches(actual, documented) or (documented.isidentifier() and actual.startswith(documented + ":")):
        return True
    words = lambda text: normalise(text).replace(",", " ").split()  # noqa: E731
    return words(documented) == words(actual)


def _cell_cards(lesson: CodeCellLesson, code_cell: CodeCell, result: CodeResult, results: dict[Program, CodeResult],
                time_limit: float) -> tuple[list[CardSpec], list[Problem]]:
    file = lesson.file
    cell = _cell(code_cell)
    run = result.first
    trouble = _trouble(result, time_limit)
    if trouble:
        return [], [warning(file, cell.line, f"{trouble}; no card from this block")]
    if run.missing:
        return [], [missing_module(file, cell.line, run.missing)]
    chance = draws_chance(code_cell.code, *code_cell.setup)
    if chance and result.deterministic:
        return [], []  # seeded: the same each run, and still nothing to work out
    if run.status == "syntax" or cell.tree is None:
        if cell.shows_syntax_error and run.status == "syntax" and result.deterministic:
            return [card(lesson, cell, "syntax", RUNS_PROMPT, run.error, cell.code.rstrip("\n"), 1,
                         code_cell.setup)], []
        return [], []
    asked = questions(cell, code_cell.documented)
    hidden = answer_lines(cell, asked)
    problems: list[Problem] = []
    candidates: list[tuple[Question, CardSpec]] = []
    ended_at = run.error_statement if run.status == "error" else len(cell.statements)
    for q in asked:
        made = _answer(lesson, code_cell, cell, q, hidden, result, results, ended_at, problems)
        if made is not None:
            candidates.append((q, made))
    asked_lines = {q.line for q in asked}
    if not candidates:
        candidates.extend(_undocumented(lesson, code_cell, cell, hidden, result, asked_lines, ended_at, problems))
    if run.status == "error" and not any(q.kind == "error" and cell.statement_at(q.line) == run.error_statement
                                         for q in asked):
        last = len(cell.statements) - 1
        if run.error_statement == last and not any(c.prompt == ERROR_PROMPT for _, c in candidates) \
                and result.deterministic and _teaches(run.error):
            line = cell.statements[last].last
            candidates.append((Question("error", line, None, "run"),
                               card(lesson, cell, "run", ERROR_PROMPT, run.error, shown_code(cell, line, hidden),
                                    line, code_cell.setup)))
        elif run.error_statement != last:
            problems.append(warning(file, cell.line + run.error_line, f"block raised {run.error} at its line "
                                    f"{run.error_line}; the lines after it did not run"))
        elif not _teaches(run.error):
            problems.append(warning(file, cell.line + run.error_line, f"block raised {run.error} at its line "
                                    f"{run.error_line}: it cannot run as shown here; no card for it"))
    if chance:  # unseeded: what differed is said below; a line that happened to print the same is no card
        candidates = []
    if run.setup_printed:  # the earlier code the card shows prints too: "what does this code print?" is not this
        candidates = [(q, c) for q, c in candidates if c.prompt != BLOCK_PROMPT]
    ran = trimmed(code_cell.setup, run.setup_errors)  # what really ran before the code
    passed: list[tuple[bool, CardSpec, CardSpec]] = []  # (comment says why, as made, as asked), by priority
    for q, made in sorted(candidates, key=lambda pair: pair[0].priority):
        setup = needed(ran, made.code)
        shown = finished(replace(made, setup="\n\n".join(setup), code=with_setup(made.code, setup)))
        if shown is not None:
            passed.append((q.noted, made, shown))
    chosen = picked(cell, passed, PER_BLOCK)  # (as made, as asked)
    kept = [shown for made, shown in chosen if not _set_up_for(made, [other for other, _ in chosen])]
    return sorted(kept, key=lambda c: c.line), problems


#: what a line prints the second time once the first took everything
_NOTHING = frozenset({"[]", "()", "{}", "set()", "''", '""', ""})


def _set_up_for(made: CardSpec, others: list[CardSpec]) -> bool:
    """Whether a later card of the block asks the same line again and gets nothing (``print(list(gen))``
    twice: ``[0, 1, 2]``, then ``[]``): the first only sets up the point, the exhausted second."""
    line = asked_line(made)
    return made.answer.strip() not in _NOTHING and any(
        other.line > made.line and other.answer.strip() in _NOTHING
        and asked_line(other) == line for other in others)


def _answer(lesson: CodeCellLesson, code_cell: CodeCell, cell: Cell, q: Question, hidden: set[int],
            result: CodeResult, results: dict[Program, CodeResult], ended_at: int,
            problems: list[Problem]) -> CardSpec | None:
    file = lesson.file
    run = result.first
    where = cell.line + q.line
    setup = code_cell.setup
    if q.kind == "probe":
        shown = shown_code(cell, _before(cell, q.line), hidden, q.probe)
        probe = results.get(Program(setup, shown))
        if probe is None or _trouble(probe, 0) or not probe.deterministic or probe.first.missing:
            return None
        raised = probe.first
        statements = len(Cell(0, "", 0, 0, shown).statements)
        if raised.status == "syntax" or (raised.status == "error" and raised.error_statement == statements - 1):
            _report(problems, file, where, q.documented, raised.error)
            later = defined_later(cell, q.line, raised.error)
            if later:  # "# greet()" above "def greet():": calling before the definition is the point
                return card(lesson, cell, q.anchor, RUNS_PROMPT, raised.error, f"{shown}\n\n{later}", q.line, setup)
            return card(lesson, cell, q.anchor, ERROR_PROMPT, raised.error, shown, q.line, setup)
        if q.documented:
            problems.append(warning(file, where, f"documented {q.documented}, but the line runs without an error"))
        return None
    statement = cell.statement_at(q.line) if q.kind != "block" else _last_before(cell, q)
    if statement > ended_at or (statement == ended_at and q.kind != "error" and run.status == "error"):
        if q.documented is not None:
            problems.append(warning(file, where, f"documented {_show(q.documented)}, but the block raised "
                                                 f"{run.error} before this line ran"))
        return None
    if q.kind == "error":
        if run.status != "error" or run.error_statement != statement:
            problems.append(warning(file, where, f"documented {q.documented}, but the line runs without an error"))
            return None
        if run.error != result.second.error:
            _varies(problems, file, where)
            return None
        _report(problems, file, where, q.documented, run.error)
        return card(lesson, cell, q.anchor, ERROR_PROMPT, run.error, shown_code(cell, q.line, hidden), q.line, setup)
    if q.kind == "block":
        through = q.line if q.anchor == "output" else q.line - 1
        texts = [_printed_through(r, statement) for r in (result.first, result.second)]
        if texts[0] != texts[1]:
            _varies(problems, file, where)
            return None
        actual = texts[0].rstrip("\n")
        if not actual:
            problems.append(warning(file, where, f"documented {_show(q.documented or '')}, but Python printed "
                                                 "nothing there"))
            return None
        _report(problems, file, where, q.documented, actual)
        if _threaded(run, statement) or actual.count("\n") >= MOST_LINES:
            return None
        return card(lesson, cell, q.anchor, BLOCK_PROMPT, actual, shown_code(cell, through, hidden), q.line, setup)
    return _print_card(lesson, code_cell, cell, q, hidden, result, problems)


def _print_card(lesson: CodeCellLesson, code_cell: CodeCell, cell: Cell, q: Question, hidden: set[int],
                result: CodeResult, problems: list[Problem]) -> CardSpec | None:
    file, run, where = lesson.file, result.first, cell.line + q.line
    printed = [p for p in run.printed if p.line == q.line]
    if any(not p.main for p in printed):
        return None  # a thread or another process wrote it: its place among other lines is not fixed
    if not printed:
        if q.documented is not None:
            problems.append(warning(file, where, f"documented {_show(q.documented)}, but Python printed nothing "
                                                 "there (is it in a function that is never called?)"))
        return None
    statement = cell.statement_at(q.line)
    last = max(p.statement for p in printed)
    first_texts = [run.printed_by(q.line, last), result.second.printed_by(q.line, last)]
    if first_texts[0] != first_texts[1]:
        _varies(problems, file, where)
        return None
    actual = first_texts[0].rstrip("\n")
    if not actual.strip():
        return None
    _report(problems, file, where, q.documented, actual)
    if actual.count("\n") >= MOST_LINES:
        return None
    alone = _printed_in(run, statement).rstrip("\n") == actual  # nothing else in its statement prints
    if last == statement and cell.statements[statement].last == q.line and alone:
        if _printed_through(run, statement) != _printed_through(result.second, statement):
            return None  # a line the card shows above it prints what changes from run to run (hash("hello"))
        shown = shown_code(cell, q.line, hidden)
        if readable("\n".join([*code_cell.setup, shown]), split_comment(cell.lines[q.line - 1])[0]):
            return None  # (the earlier code the card shows counts: `message = "Hi"` there, `print(message)` here)
        if q.documented is None and divided_in_a_function(cell.code, q.line):
            return None  # the lesson shows no output: the learner would have to trace the sums by hand
        return card(lesson, cell, q.anchor, PRINT_PROMPT, actual, shown, q.line, code_cell.setup)
    through = cell.statements[last].last  # the line prints from a function called later: ask for the whole
    if _printed_through(run, last).rstrip("\n") != actual:
        return None
    return card(lesson, cell, q.anchor, BLOCK_PROMPT, actual, shown_code(cell, through, hidden), q.line,
                code_cell.setup)


def _undocumented(lesson: CodeCellLesson, code_cell: CodeCell, cell: Cell, hidden: set[int], result: CodeResult,
                  asked_lines: set[int], ended_at: int, problems: list[Problem]) -> list[tuple[Question, CardSpec]]:
    """Cards for a block that documents nothing: one for the whole output when its order is the point,
    else its prints whose output cannot be read off the code."""
    run = result.first
    text = _printed_through(run, ended_at).rstrip("\n")
    if not text.strip():
        return []
    lines = [p.line for p in run.printed if p.statement <= ended_at]
    jumps = any(b < a for a, b in pairwise(lines))
    if (jumps or _threaded(run, ended_at)) and text != _printed_through(result.second, ended_at).rstrip("\n"):
        _varies(problems, lesson.file, cell.line + 1)
        return []
    if jumps or _threaded(run, ended_at):
        if 2 <= text.count("\n") + 1 <= MOST_LINES:
            through = cell.statements[min(ended_at, len(cell.statements) - 1)].last
            return [(Question("block", through, None, "run"),
                     card(lesson, cell, "run", BLOCK_PROMPT, text, shown_code(cell, through, hidden), 1,
                          code_cell.setup))]
        return []
    out = []
    for index, statement in enumerate(cell.statements[:ended_at]):
        line = statement.last
        body = split_comment(cell.lines[line - 1])[0]
        if line in asked_lines:
            continue
        if statement.first == line and body.strip().startswith("print("):
            q = Question("print", line, None, f"line {cell.lines[line - 1].strip()}")
            made = _print_card(lesson, code_cell, cell, q, hidden, result, problems)
            if made is not None:
                out.append((q, made))
            continue
        # a loop or a call that prints, with nothing printed before it: what does the code print?
        own = _printed_in(run, index).rstrip("\n")
        if own.strip() and own == _printed_through(run, index).rstrip("\n") and not _threaded(run, index) \
                and own == _printed_in(result.second, index).rstrip("\n") and own.count("\n") < MOST_LINES:
            out.append((Question("block", line, None, "run"),
                        card(lesson, cell, "run", BLOCK_PROMPT, own, shown_code(cell, line, hidden), line,
                             code_cell.setup)))
    return out


#: errors that say the code cannot run as shown, or here (a name from elsewhere, a file, the network,
#: input), not how Python behaves: undocumented, they make no "what happens?" card
_CIRCUMSTANTIAL = ("NameError", "ImportError", "ModuleNotFoundError", "EOFError", "OSError", "FileNotFoundError",
                   "PermissionError", "ConnectionError", "ConnectionRefusedError", "TimeoutError", "IsADirectoryError",
                   "NotADirectoryError", "FileExistsError", "BrokenPipeError", "KeyboardInterrupt")


def _teaches(error: str) -> bool:
    name = error.split(":", 1)[0].strip()
    return name not in _CIRCUMSTANTIAL and "." not in name  # a library's own exception depends on the library


def _threaded(run: CodeRun, up_to: int) -> bool:
    return any(not p.main for p in run.printed if p.statement <= up_to)


def _printed_in(run: CodeRun, statement: int) -> str:
    return "".join(p.text for p in run.printed if p.statement == statement)


def _printed_through(run: CodeRun, statement: int) -> str:
    return "".join(p.text for p in run.printed if p.statement <= statement)


def _last_before(cell: Cell, q: Question) -> int:
    """For a block answer: the last top-level statement it covers."""
    through = q.line if q.anchor == "output" else q.line - 1
    found = -1
    for index, statement in enumerate(cell.statements):
        if statement.last <= through:
            found = index
    return found


def _report(problems: list[Problem], file: str, line: int, documented: str | None, actual: str) -> None:
    if documented is not None and not _same(documented, actual):
        problems.append(warning(file, line, f"documented {_show(documented)}, Python printed {_show(actual)}"))


def _varies(problems: list[Problem], file: str, line: int) -> None:
    problems.append(warning(file, line, "output differs between two runs (time, ids, hashes, the machine or thread "
                                        "order); no card for it"))
