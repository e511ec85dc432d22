"""The last checks every code card passes before it exists, run or not.

- no number worked out from data (``outputs.worked_out``): a sum to do by hand;
- no answer too long to recall whole: a number of more digits than anyone remembers,
  more than six lines that print the same thing twice, or an object's default repr
  (``<re.Match object; span=(0, 5), match='Hello'>``);
- no answer the learner can read off the card's own code (``readoff``): a string handed
  to ``print``, the code's strings pieced together, a value printed back by the name it
  was stored under, literals bound and printed;
- no comment in the card's own lines: it states the answer or the behaviour asked
  (``except TypeError:  # int("abc") raises ValueError``, ``b = a  # the SAME list``);
  the comments go, the code stays as it ran;
- no card whose answer is the shown list sorted, from a sorting function the code defines
  (``merge_sort([38, 27, 43])``): the function's name gives it, the algorithm is not asked;
- no card from code that opens or looks for a file it does not write itself: it
  prints one thing in an empty folder and another beside that file;
- no typed card whose point is the spaces at a line's ends (typed answers are
  compared with them trimmed);
- no card from a block that is mostly narration: more comment lines than code (a
  library's real use commented out, then a stand-in that prints): its output is not
  what the lesson teaches;
- "what happens when the last line runs?" only when the last line is a statement of
  its own; an error raised inside a ``try``, loop or call is asked of the whole code;
  "what does the last line print?" of a loop's last line asks for the loop's output.

And over a lesson's cards (``asked_once``): no card that asks a line an earlier card asked, for the
same answer, under another module name (``print(sqrt(16))`` after ``print(math.sqrt(16))``).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import replace
from typing import TYPE_CHECKING

from recall.derive.mistakes import WRONG_PROMPT
from recall.derive.outputs import worked_out
from recall.derive.readoff import asked_from, called, last_line_only, read_off
from recall.derive.syntax import nodes, parsed
from recall.model import (
    BLOCK_PROMPT,
    ERROR_PROMPT,
    LAST_BLOCK_PROMPT,
    PRINT_PROMPT,
    RUNS_PROMPT,
    THEN,
    CardSpec,
    Source,
)

if TYPE_CHECKING:
    from recall.derive.cells import Cell

#: more digits in a row than an answer to recall whole
_LONG_NUMBER = re.compile(r"\d{11}")
#: an object's default repr (``<re.Match object; span=(0, 5), match='Hello'>``): its layout is nobody's lesson
_OBJECT_REPR = re.compile(r"<[\w.]+ object\b")


def finished(card: CardSpec) -> CardSpec | None:
    """The card as it is asked, or None when a teacher would drop it."""
    card = last_line_only(card)
    if card.prompt in (PRINT_PROMPT, BLOCK_PROMPT) and _hand_worked(card):
        return None
    if _LONG_NUMBER.search(card.answer) or _repeats_itself(card.answer) or _OBJECT_REPR.search(card.answer):
        return None
    if read_off(card):
        return None
    if _narration(card.code) or _reads_files(card.code) or _edge_spaces_asked(card):
        return None
    if card.prompt in (PRINT_PROMPT, BLOCK_PROMPT) and _sorted_input(card):
        return None
    card = _unspoiled(card)
    if card.prompt == ERROR_PROMPT and not _ends_on_its_own_line(card.code):
        card = replace(card, prompt=RUNS_PROMPT)
    if card.prompt == PRINT_PROMPT and _last_block(card.code):
        card = replace(card, prompt=LAST_BLOCK_PROMPT.format(_last_block(card.code)))
    return card


#: lines from which an output is long, and must tell something new in each line to be recalled whole
_LONG_OUTPUT = 6


def _repeats_itself(answer: str) -> bool:
    """A long output that prints the same lines twice (a listing shown "by price", then "by rating" in the
    same order): more to type than to remember."""
    lines = [line.strip() for line in answer.split("\n") if line.strip()]
    return len(lines) > _LONG_OUTPUT and len(set(lines)) < len(lines)


def _hand_worked(card: CardSpec) -> bool:
    return worked_out(card.code, asked_from(card.code), last_only=card.prompt == PRINT_PROMPT)


#: calls that look at files by a name the code gives: what they find is the learner's folder, not the code
_LOOKS = frozenset({"exists", "is_file", "is_dir", "read_text", "read_bytes", "listdir", "scandir", "glob",
                    "iterdir", "stat", "getsize"})


def _reads_files(code: str) -> bool:
    """Whether the code opens or looks for a file it does not write itself (``open("data.txt")`` under
    ``except FileNotFoundError``): it prints one thing in an empty folder and another beside that file."""
    tree = parsed(code)
    if tree is None:
        return False
    written: set[str] = set()
    makes_files = any(isinstance(n, ast.Call) and called(n) in _MAKES for n in nodes(code))
    for node in sorted((n for n in nodes(code) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset)):
        name = called(node)
        first = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "file"), None)
        path = first.value if isinstance(first, ast.Constant) else None
        if name == "open" and isinstance(path, str):
            mode = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "mode"),
                                                                 None)
            if mode is not None and not isinstance(mode, ast.Constant):
                continue  # a mode the code works out: nothing to tell
            text = mode.value if mode is not None and isinstance(mode.value, str) else "r"
            if any(ch in text for ch in "wax"):
                written.add(path)
            elif path not in written:
                return True
        elif name in _LOOKS and not makes_files:
            return True
    return False


#: calls by which code makes the files and folders it then looks at
_MAKES = frozenset({"write_text", "write_bytes", "mkdir", "makedirs", "touch", "TemporaryDirectory",
                    "NamedTemporaryFile", "mkdtemp", "mkstemp"})


#: methods that decide the spaces at a line's ends
_SPACING = frozenset({"strip", "lstrip", "rstrip", "ljust", "rjust", "center"})
_WIDTH = re.compile(r"\{[^{}]*:[^{}]*\d[^{}]*\}")  # "{:>10}" in a string for .format


def _edge_spaces_asked(card: CardSpec) -> bool:
    """Whether the answer's point is the spaces at the ends of its lines (``"   Hello   ".lstrip()`` leaves
    "Hello   ", ``f"{name:>8}"`` pads): a typed answer is compared with those spaces trimmed, so "Hello"
    would count as right for all three strips."""
    if card.form != "typed":
        return False
    tree = parsed(card.code)
    if tree is None:
        return False
    strings = [n.value for n in nodes(card.code) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    edges = any(line != line.strip() for line in card.answer.split("\n") if line.strip())
    last = tree.body[-1] if tree.body else None
    asked = last.value.args if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call) else []
    # the asked line strips ("print(messy.strip())"), or spaces stay at the ends of what it prints
    stripping = any(isinstance(arg, ast.Call) and called(arg) in _SPACING for arg in asked) or (
        edges and any(isinstance(n, ast.Call) and called(n) in _SPACING for n in nodes(card.code)))
    padded = any(isinstance(n, ast.FormattedValue) and n.format_spec is not None and
                 re.search(r"\d", ast.unparse(n.format_spec)) for n in nodes(card.code)) or \
        any(_WIDTH.search(text) for text in strings)
    return stripping or (padded and edges)


#: comment lines from which a block whose comments outnumber its code is narration
_NARRATION_LINES = 6


def _narration(code: str) -> bool:
    own = code.split("\n")[asked_from(code) - 1:]
    comments = sum(1 for line in own if line.lstrip().startswith("#"))
    statements = sum(1 for line in own if line.strip() and not line.lstrip().startswith("#"))
    return comments >= _NARRATION_LINES and comments > statements


def _sorted_input(card: CardSpec) -> bool:
    try:
        answer = ast.literal_eval(card.answer.strip())
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError):
        return False
    if not isinstance(answer, list) or len(answer) < 2:
        return False
    sorters = {node.name for node in nodes(card.code)
               if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and "sort" in node.name.lower()}
    if not sorters:
        return False
    for node in nodes(card.code):
        if not isinstance(node, ast.List) or not node.elts:
            continue
        values: list = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        try:
            if len(values) == len(node.elts) and sorted(values) == answer:
                return True
        except TypeError:
            continue
    return False


def _unspoiled(card: CardSpec) -> CardSpec:
    """The card without the comments in its own code (the earlier code keeps its own): a comment beside the
    asked lines states the answer or the behaviour asked (``b = a  # b points to the SAME list``,
    ``# .sort() modifies in place``), and the learner is to predict it."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(card.code).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return card
    first = asked_from(card.code)
    comments = {t.start[0]: t.start[1] for t in tokens if t.type == tokenize.COMMENT and t.start[0] >= first}
    if not comments:
        return card
    lines = card.code.split("\n")
    kept: list[str] = []
    for number, line in enumerate(lines, start=1):
        if number not in comments:
            kept.append(line)
        elif line[:comments[number]].strip():
            kept.append(line[:comments[number]].rstrip())
    code = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")
    return replace(card, code=code) if code.strip() else card


_BLOCKS = {ast.For: "`for` loop", ast.AsyncFor: "`for` loop", ast.While: "`while` loop", ast.With: "`with` block",
           ast.AsyncWith: "`with` block", ast.If: "`if` block", ast.Try: "`try` statement"}


def _last_block(code: str) -> str:
    """What the code's last statement is when it is a loop or block ("`for` loop"), else ""; its last line
    runs once per pass, and "the last line" would read as one of them."""
    tree = parsed(code)
    if tree is None:
        return ""
    return _BLOCKS.get(type(tree.body[-1]), "") if tree.body else ""


def _ends_on_its_own_line(code: str) -> bool:
    """Whether the code's last statement is one simple statement on one line (not a block, not split)."""
    tree = parsed(code)
    if tree is None:
        return True
    if not tree.body:
        return True
    last = tree.body[-1]
    compound = isinstance(last, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.With, ast.AsyncWith,
                                 ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Match))
    return not compound and last.end_lineno == last.lineno


_YES_NO = frozenset({"True", "False"})


def answered_alike(card: CardSpec, kept: list[CardSpec]) -> bool:
    """Whether a block's card answers True or False as one already kept from it does: ``"hello".isalpha()``,
    ``"123".isdigit()``, ``"a1".isalnum()`` all True teach a guess, once is enough."""
    return card.answer.strip() in _YES_NO and any(other.answer.strip() == card.answer.strip() for other in kept)


def repeated_next(cell: Cell, cards: list[CardSpec]) -> list[bool]:
    """For each of a block's cards, whether the very next statement is the same line, asked the same way:
    ``print(next(it))`` three times in a row asks what the repetition does once, at its last line; the
    ones before only start it."""
    statements = [cell.statement_at(card.line - cell.line) for card in cards]
    asked = {index: (asked_line(card), card.prompt) for index, card in zip(statements, cards) if index >= 0}
    return [index >= 0 and asked.get(index + 1) == (asked_line(card), card.prompt)
            for index, card in zip(statements, cards)]


def asked_line(card: CardSpec) -> str:
    """The line a code card asks about: the last of its code."""
    return card.code.rstrip("\n").rsplit("\n", 1)[-1].strip()


def picked(cell: Cell, passed: list[tuple[bool, CardSpec, CardSpec]], limit: int) -> list[tuple[CardSpec, CardSpec]]:
    """Of a block's cards that passed ``finished`` ((its comment says why, as made, as asked), by priority), the
    first ``limit`` a teacher keeps: a run of one repeated line asked once, at its end, unless a comment says
    why ("print(stack.pop())  # 3 (last in, first out)"), and True or False once."""
    again = repeated_next(cell, [made for _, made, _ in passed])
    chosen: list[tuple[CardSpec, CardSpec]] = []
    for (noted, made, shown), repeated in zip(passed, again):
        if repeated and not noted:
            continue
        if len(chosen) < limit and not answered_alike(shown, [c for _, c in chosen]):
            chosen.append((made, shown))
    return chosen


def shown_by_code(cards: list[CardSpec]) -> list[CardSpec]:
    """The cards without a "what is wrong with this code?" whose code a code card of the lesson asks about
    already (``except TypeError`` around ``int("abc")``, asked "what happens?"): running it shows what is wrong,
    and the mistake's answer, the name of what went wrong and why, becomes that code card's explanation."""
    def lines(code: str) -> tuple[str, ...]:
        own = code.split(f"\n{THEN}\n", 1)[-1]  # a code card's own lines, after the earlier code it needs
        return tuple(line.strip() for line in own.split("\n") if line.strip())

    told = {lines(c.code): c.answer for c in cards if c.source == Source.MISTAKE and c.prompt == WRONG_PROMPT}
    asked = {lines(c.code) for c in cards if c.source == Source.CODE and c.code}
    out = []
    for card in cards:
        if card.source == Source.MISTAKE and card.prompt == WRONG_PROMPT and lines(card.code) in asked:
            continue
        if card.source == Source.CODE and card.code and not card.explanation and lines(card.code) in told:
            card = replace(card, explanation=told.pop(lines(card.code)))  # once, on the block's first such card
        out.append(card)
    return out


def asked_once(cards: list[CardSpec]) -> list[CardSpec]:
    """Code cards without a later one that asks the same call under another module name for the same
    answer (``print(sqrt(16))`` after ``print(math.sqrt(16))``): the second asks nothing new. (The same line
    twice stays: ``print(ms.get_min())`` after a ``pop()`` asks what the pop changed.)"""
    seen: dict[tuple[str, str], str] = {}
    out = []
    for card in cards:
        if card.source == Source.CODE and card.prompt == PRINT_PROMPT and card.code:
            modules = "|".join(re.escape(m) for m in _IMPORTED.findall(card.code))
            asked = card.code.rstrip().rsplit("\n", 1)[-1].strip()
            key = (card.answer, re.sub(rf"\b(?:{modules})\.(?=\w+\()", "", asked) if modules else asked)
            if seen.get(key, asked) != asked:
                continue
            seen.setdefault(key, asked)
        out.append(card)
    return out


#: the name a module is imported under (``math`` of ``import math``, ``m`` of ``import math as m``)
_IMPORTED = re.compile(r"(?m)^\s*import\s+(?:[\w.]+\s+as\s+)?(\w+)\s*$")
