"""What every stage shares: the kinds of card, a derived card, problems, a card's memory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Source(StrEnum):
    """Where in a lesson a card comes from."""

    CONCEPT = "concept"
    TAKEAWAY = "takeaway"
    TABLE = "table"
    CODE = "code"
    AUTHORED = "authored"
    MISTAKE = "mistake"  # a "Common Mistakes" entry
    CONTRAST = "contrast"  # two named things the lesson sets side by side
    PURPOSE = "purpose"  # the frontmatter's "why"


class Form(StrEnum):
    """How a card is asked."""

    FLIP = "flip"  # recall, reveal, rate
    CLOZE = "cloze"  # a sentence with a gap
    CHOICE = "choice"  # pick one option
    TYPED = "typed"  # type what the code prints


SOURCES = tuple(s.value for s in Source)
FORMS = tuple(f.value for f in Form)

#: Marks the gap in a cloze prompt; the answer fills it.
GAP = "[...]"

#: The questions code cards ask.
PRINT_PROMPT = "What does the last line print?"
BLOCK_PROMPT = "What does this code print?"
ERROR_PROMPT = "What happens when the last line runs?"
RUNS_PROMPT = "What happens when this code runs?"
#: the last line's output when that line ends a loop or block: "What does the `for` loop at the end print?"
LAST_BLOCK_PROMPT = "What does the {} at the end print?"


def asks_last_statement(prompt: str) -> bool:
    """Whether a code card asks what its last statement prints (a line, or the block it ends)."""
    head, _, tail = LAST_BLOCK_PROMPT.partition("{}")
    return prompt == PRINT_PROMPT or (prompt.startswith(head) and prompt.endswith(tail))
#: a code card's code: the earlier code of the lesson it needs under EARLIER, then from THEN on its own lines
EARLIER, THEN = "# earlier in the lesson:", "# then:"


@dataclass(frozen=True, slots=True)
class CardSpec:
    """One derived card, before it meets the database."""

    id: str
    lesson: str
    source: Source
    form: Form
    prompt: str
    answer: str
    file: str
    line: int
    section: str
    choices: tuple[str, ...] = ()
    explanation: str = ""
    code: str = ""
    #: earlier code of the lesson that ``code`` runs after, not shown (its imports and definitions)
    setup: str = ""
    #: the lesson's concepts this card is about (its tags in an export)
    concepts: tuple[str, ...] = ()

    def content(self) -> tuple:
        """What a learner sees; a change here counts as an update."""
        return (self.source, self.form, self.prompt, self.answer, self.choices, self.explanation, self.code)


@dataclass(frozen=True, slots=True)
class CodeCell:
    """A Python block of a lesson as the notebook runs it: its code, where it is, what runs before it."""

    code: str
    line: int  # line of its opening fence in the file
    section: str
    position: int  # its place among the section's python blocks
    #: the code of earlier cells this one depends on (their imports, definitions, changes), cell by cell
    setup: tuple[str, ...] = ()
    #: the output the lesson shows for the whole block ("Output:" and a block right after it), if any
    documented: str | None = None


@dataclass(frozen=True)
class LessonCards:
    """One lesson as read and derived by a build, ready to be stored."""

    id: str
    title: str
    file: str
    content_hash: str
    prerequisites: tuple[str, ...]
    concepts: tuple[str, ...]
    cards: list[CardSpec]
    #: the lesson's python blocks, kept only when code is to be run
    blocks: tuple[CodeCell, ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in a lesson file, reported as ``file:line: message``."""

    file: str
    line: int
    message: str
    severity: str = "error"  # "error" fails the lesson; "warning" does not; a "note" only informs

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.file}:{self.line}: {prefix}{self.message}"


def warning(file: str, line: int, message: str) -> Problem:
    return Problem(file, line, message, "warning")


def note(file: str, line: int, message: str) -> Problem:
    return Problem(file, line, message, "note")


class LessonError(Exception):
    """A lesson file that cannot be read at all; carries the problems that say why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Program:
    """Code to run like a notebook: the setup cells in order (an exception ends that cell only),
    then ``code``, whose output is what a card asks about."""

    setup: tuple[str, ...]
    code: str


@dataclass(frozen=True, slots=True)
class Printed:
    """One write of the code to stdout, and where it came from."""

    statement: int  # index of the top-level statement running (len(statements) after the last one)
    line: int  # innermost line of the code that wrote it (1-based; 0 when none did)
    main: bool  # written by the main thread of the first process (not a thread or a child process)
    text: str


@dataclass(frozen=True)
class CodeRun:
    """What one execution of a Program did."""

    status: str  # "ok" | "error" (raised) | "syntax" | "timeout" | "too-much-output" | "killed" | "broken"
    printed: tuple[Printed, ...] = ()
    error: str = ""  # the exception line ("KeyError: 'x'") when status is "error" or "syntax"
    error_line: int = 0  # the line of the code it was raised at
    error_statement: int = -1  # the top-level statement it was raised in
    missing: str = ""  # a module the interpreter lacks, imported by the code or its setup
    #: (setup cell, line, exception) of each exception that ended a setup cell early
    setup_errors: tuple[tuple[int, int, str], ...] = ()
    stderr: str = ""
    raw: str = ""  # written to the standard output's file descriptor directly, not through sys.stdout
    seconds: float = 0.0
    setup_printed: bool = False  # the setup wrote to stdout (not part of ``printed``)

    @property
    def stdout(self) -> str:
        return "".join(p.text for p in self.printed) + self.raw

    def printed_by(self, line: int, up_to_statement: int) -> str:
        """What ``line`` printed, from the main thread, while statements up to this one ran."""
        return "".join(p.text for p in self.printed if p.main and p.line == line and p.statement <= up_to_statement)

    def to_dict(self) -> dict:
        return {"status": self.status, "printed": [[p.statement, p.line, p.main, p.text] for p in self.printed],
                "error": self.error, "error_line": self.error_line, "error_statement": self.error_statement,
                "missing": self.missing, "setup_errors": list(self.setup_errors), "stderr": self.stderr,
                "raw": self.raw, "seconds": self.seconds, "setup_printed": self.setup_printed}

    @classmethod
    def from_dict(cls, data: dict) -> CodeRun:
        return cls(data["status"], tuple(Printed(*p) for p in data["printed"]), data["error"], data["error_line"],
                   data["error_statement"], data["missing"], tuple(tuple(e) for e in data["setup_errors"]),
                   data["stderr"], data["raw"], data["seconds"], data["setup_printed"])


@dataclass(frozen=True)
class CodeResult:
    """Two runs of the same code, in deliberately different surroundings (time zone, folder, process ids)."""

    first: CodeRun
    second: CodeRun

    @property
    def deterministic(self) -> bool:
        a, b = self.first, self.second
        return (a.status, a.stdout, a.error) == (b.status, b.stdout, b.error)

    def same_line(self, line: int, up_to_statement: int) -> bool:
        return self.first.printed_by(line, up_to_statement) == self.second.printed_by(line, up_to_statement)


LEARNING, REVIEW, RELEARNING = 1, 2, 3  # the values of fsrs.State


@dataclass(frozen=True)
class Memory:
    """What we store per introduced card: FSRS's card fields plus counts of our own."""

    state: int  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int = 0
    lapses: int = 0

    def to_dict(self) -> dict:
        return {"state": self.state, "step": self.step, "stability": self.stability,
                "difficulty": self.difficulty, "due": self.due.isoformat(),
                "last_review": self.last_review.isoformat() if self.last_review else None,
                "reps": self.reps, "lapses": self.lapses}

    @classmethod
    def from_dict(cls, data: dict) -> Memory:
        return cls(state=data["state"], step=data["step"], stability=data["stability"],
                   difficulty=data["difficulty"], due=datetime.fromisoformat(data["due"]),
                   last_review=datetime.fromisoformat(data["last_review"]) if data["last_review"] else None,
                   reps=data["reps"], lapses=data["lapses"])


@dataclass(frozen=True)
class CardView:
    """A card as a review shows it."""

    id: str
    lesson: str
    lesson_title: str
    source: str
    form: str
    prompt: str
    answer: str
    choices: tuple[str, ...]
    explanation: str
    code: str
    section: str
    file: str
    line: int
