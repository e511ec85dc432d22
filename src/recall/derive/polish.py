"""The last checks every code card passes before it exists, run or not.

- no number worked out from data (``outputs.worked_out``): a sum to do by hand;
- no answer too long to recall whole: a number of more digits than anyone remembers, or
  more than six lines that print the same thing twice;
- no one-line output that the code it shows hands to ``print`` as a string
  (``print("Running directly")`` under ``if __name__ == "__main__":``): it can be read
  off the card, whatever the code around it does;
- no comment on show that gives the answer away (``except TypeError:  # int("abc")
  raises ValueError``): the comment goes, the code stays as it ran;
- no card whose answer is the shown list sorted, from a sorting function the code defines
  (``merge_sort([38, 27, 43])``): the function's name gives it, the algorithm is not asked;
- no answer that is mostly text the code spells out (a template filled in with the
  code's own strings, a line and a message read back): copying, not Python;
- no card from code that opens or looks for a file it does not write itself: it
  prints one thing in an empty folder and another beside that file;
- no typed card whose point is the spaces at a line's ends (typed answers are
  compared with them trimmed), nor one printing back by name a value the code sets once;
- no card from a block that is mostly narration: more comment lines than code (a
  library's real use commented out, then a stand-in that prints): its output is not
  what the lesson teaches;
- "what happens when the last line runs?" only when the last line is a statement of
  its own; an error raised inside a ``try``, loop or call is asked of the whole code;
  "what does the last line print?" of a loop's last line asks for the loop's output.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import replace

from recall.derive.outputs import is_literal, readable, worked_out
from recall.model import BLOCK_PROMPT, ERROR_PROMPT, LAST_BLOCK_PROMPT, PRINT_PROMPT, RUNS_PROMPT, THEN, CardSpec

#: more digits in a row than an answer to recall whole
_LONG_NUMBER = re.compile(r"\d{11}")
_ERROR_NAME = re.compile(r"^(\w+(?:Error|Exception|Warning|Exit|Interrupt|Iteration))\b")


def finished(card: CardSpec) -> CardSpec | None:
    """The card as it is asked, or None when a teacher would drop it."""
    if card.prompt in (PRINT_PROMPT, BLOCK_PROMPT) and _hand_worked(card):
        return None
    if _LONG_NUMBER.search(card.answer) or _repeats_itself(card.answer):
        return None
    if card.prompt in (PRINT_PROMPT, BLOCK_PROMPT) and (_written_in_code(card) or _copied_text(card)
                                                        or _all_readable(card) or _looked_up(card)):
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


def _asked_from(code: str) -> int:
    lines = code.split("\n")
    return lines.index(THEN) + 2 if THEN in lines else 1


def _hand_worked(card: CardSpec) -> bool:
    return worked_out(card.code, _asked_from(card.code), last_only=card.prompt == PRINT_PROMPT)


def _written_in_code(card: CardSpec) -> bool:
    """Whether the one-line answer, a message of two words or more, is a string the card's own code
    hands to ``print`` as it is: only whether that line runs is left to ask. (A message raised and
    printed, or a docstring read back, is Python to remember; a single word may be a key the code picks.)"""
    answer = card.answer.strip()
    if "\n" in answer or len(answer.split()) < 2:
        return False
    try:
        tree = ast.parse(card.code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    first = _asked_from(card.code)
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
               and node.lineno >= first and len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
               and node.args[0].value == answer for node in ast.walk(tree))


#: words from which an answer that is mostly the code's own strings is copying
_COPIED_WORDS = 2


def _copied_text(card: CardSpec) -> bool:
    """Whether the answer, two words or more, is the code's own strings pieced together (punctuation aside) by
    its one ``print``, run once ("Translate '{text}' from {source}" filled in with "Hello world" and "English").
    Lines that are each one whole string are kept: which of them print, and in what order, is asked."""
    answer = card.answer.strip()
    if len(answer.split()) < _COPIED_WORDS or any(is_literal(line.strip()) for line in answer.split("\n")):
        return False  # ['cat', 'sat']: which items, in what order, is Python's
    try:
        tree = ast.parse(card.code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    prints = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "print"]
    if len(prints) != 1:
        return False  # prints in a decorator's wrapper and in the function: which run, and when, is asked
    if _runs_again(tree, prints[0]):
        return False  # a line per item: the order things come in is asked (executor.map keeps the input's)
    if any(isinstance(node, ast.Raise) for node in ast.walk(tree)):
        return False  # a message raised and printed back is Python's to remember
    pieces = {piece for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
              for piece in re.split(r"\{[^{}]*\}|\n", node.value) if len(piece.strip()) >= 2}
    whole = {piece.strip() for piece in pieces}
    if all(line.strip() in whole or not line.strip() for line in answer.split("\n")):
        return False
    covered = bytearray(len(answer))
    for piece in pieces:
        for found in re.finditer(re.escape(piece), answer):
            covered[found.start():found.end()] = b"\x01" * len(piece)
    return all(covered[i] or not ch.isalnum() for i, ch in enumerate(answer))  # "4 letters": 4 is Python's


def _runs_again(tree: ast.Module, node: ast.AST) -> bool:
    """Whether ``node`` may run more than once, or with a value the code does not spell out: inside a
    loop, or in a function called in a loop, more than once, or with default arguments."""
    loops = [loop for loop in ast.walk(tree) if isinstance(loop, (ast.For, ast.While, ast.AsyncFor))]
    if any(node in ast.walk(loop) for loop in loops):
        return True
    functions = [f for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and node in ast.walk(f)]
    for function in functions:
        calls = [c for c in ast.walk(tree) if isinstance(c, ast.Call) and _called(c) == function.name]
        if function.args.defaults or any(function.args.kw_defaults) or len(calls) != 1 or \
                any(calls[0] in ast.walk(loop) for loop in loops):
            return True  # greet("Alice") with greeting="Hello": the default is the lesson
    return False


def _looked_up(card: CardSpec) -> bool:
    """Whether the last line prints an attribute or a named item (``db.status``, ``person["city"]``,
    ``person.get("name")``) whose
    answer is a string the code spells out once: the value is on the card, put there by name."""
    answer = card.answer.strip()
    if card.prompt != PRINT_PROMPT or "\n" in answer or not answer:
        return False
    try:
        tree = ast.parse(card.code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    last = tree.body[-1] if tree.body else None
    if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call) and isinstance(last.value.func, ast.Name)
            and last.value.func.id == "print" and len(last.value.args) == 1 and not last.value.keywords):
        return False
    shown = last.value.args[0]
    strings = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    if strings.count(answer) != 1:
        return False
    if _aliased(tree):
        return False  # b = a; b.mode = ...; print(a.mode): the alias is the lesson
    if isinstance(shown, ast.Attribute) and not shown.attr.startswith("__"):  # __doc__ read back is Python's
        stores = [node for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == shown.attr
                  and isinstance(node.ctx, ast.Store)]
        shadowed = any(isinstance(node, ast.Name) and node.id == shown.attr and isinstance(node.ctx, ast.Store)
                       for node in ast.walk(tree))  # a class attribute of that name: which one wins is asked
        return len(stores) == 1 and not shadowed  # set once: no question of which value stays
    key = shown.slice if isinstance(shown, ast.Subscript) else \
        shown.args[0] if (isinstance(shown, ast.Call) and isinstance(shown.func, ast.Attribute)
                          and shown.func.attr == "get" and len(shown.args) == 1) else None  # person.get("name")
    if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
        return False
    return _times_set(tree, key.value) == 1  # set once: no question of which value stays


#: calls that look at files by a name the code gives: what they find is the learner's folder, not the code
_LOOKS = frozenset({"exists", "is_file", "is_dir", "read_text", "read_bytes", "listdir", "scandir", "glob",
                    "iterdir", "stat", "getsize"})


def _reads_files(code: str) -> bool:
    """Whether the code opens or looks for a file it does not write itself (``open("data.txt")`` under
    ``except FileNotFoundError``): it prints one thing in an empty folder and another beside that file."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    written: set[str] = set()
    makes_files = any(isinstance(n, ast.Call) and _called(n) in _MAKES for n in ast.walk(tree))
    for node in sorted((n for n in ast.walk(tree) if isinstance(n, ast.Call)), key=lambda n: (n.lineno, n.col_offset)):
        name = _called(node)
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
    try:
        tree = ast.parse(card.code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    edges = any(line != line.strip() for line in card.answer.split("\n") if line.strip())
    last = tree.body[-1] if tree.body else None
    asked = last.value.args if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call) else []
    # the asked line strips ("print(messy.strip())"), or spaces stay at the ends of what it prints
    stripping = any(isinstance(arg, ast.Call) and _called(arg) in _SPACING for arg in asked) or (
        edges and any(isinstance(n, ast.Call) and _called(n) in _SPACING for n in ast.walk(tree)))
    padded = any(isinstance(n, ast.FormattedValue) and n.format_spec is not None and
                 re.search(r"\d", ast.unparse(n.format_spec)) for n in ast.walk(tree)) or \
        any(_WIDTH.search(text) for text in strings)
    return stripping or (padded and edges)


def _called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _aliased(tree: ast.Module) -> bool:
    """Whether the code binds one name to another (``b = a``): a change through one shows through both."""
    return any(isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) for node in ast.walk(tree))


def _times_set(tree: ast.AST, key: str) -> int:
    """How many places give the string key ``key`` a value: dict displays and item assignments."""
    def named(node: ast.AST | None) -> bool:
        return isinstance(node, ast.Constant) and node.value == key

    return sum(sum(1 for k in node.keys if named(k)) if isinstance(node, ast.Dict) else
               int(isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and named(node.slice))
               for node in ast.walk(tree))


def _all_readable(card: CardSpec) -> bool:
    """Whether the block asked whole only binds literals and prints them (``message = "Hi"; print(message)``):
    its output is on the card already."""
    if card.prompt != BLOCK_PROMPT:
        return False
    try:
        tree = ast.parse(card.code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    prints = [node for node in tree.body if _is_print(node)]
    bound = [target.id for node in ast.walk(tree) if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign))
             for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
             if isinstance(target, ast.Name)]
    lists = {target.id for node in tree.body if isinstance(node, ast.Assign) and _literal_items(node.value)
             for target in node.targets if isinstance(target, ast.Name) and bound.count(target.id) == 1}
    loops = [node for node in tree.body if _echoes_items(node, lists)]
    others = [node for node in tree.body if not isinstance(node, ast.Assign) and node not in prints
              and node not in loops]
    return bool(prints or loops) and not others and all(
        readable(card.code, ast.get_source_segment(card.code, node) or "") for node in prints)


def _is_print(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and \
        isinstance(node.value.func, ast.Name) and node.value.func.id == "print"


def _literal_items(node: ast.expr) -> bool:
    return isinstance(node, (ast.List, ast.Tuple)) and all(isinstance(item, ast.Constant) for item in node.elts)


def _echoes_items(node: ast.stmt, lists: set[str]) -> bool:
    """``for fruit in ["fig", "pear"]: print(fruit)``: a loop printing the items of a literal list (or of a
    name bound to one, ``lists``) as they are."""
    if not (isinstance(node, ast.For) and isinstance(node.target, ast.Name) and not node.orelse
            and (_literal_items(node.iter) or (isinstance(node.iter, ast.Name) and node.iter.id in lists))):
        return False
    name = node.target.id
    return all(_is_print(statement) and not statement.value.keywords and all(  # type: ignore[attr-defined]
        (isinstance(arg, ast.Name) and arg.id == name) or isinstance(arg, ast.Constant)
        for arg in statement.value.args) for statement in node.body)  # type: ignore[attr-defined]


#: comment lines from which a block whose comments outnumber its code is narration
_NARRATION_LINES = 6


def _narration(code: str) -> bool:
    own = code.split("\n")[_asked_from(code) - 1:]
    comments = sum(1 for line in own if line.lstrip().startswith("#"))
    statements = sum(1 for line in own if line.strip() and not line.lstrip().startswith("#"))
    return comments >= _NARRATION_LINES and comments > statements


def _sorted_input(card: CardSpec) -> bool:
    try:
        answer = ast.literal_eval(card.answer.strip())
        tree = ast.parse(card.code)
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError):
        return False
    if not isinstance(answer, list) or len(answer) < 2:
        return False
    sorters = {node.name for node in ast.walk(tree)
               if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and "sort" in node.name.lower()}
    if not sorters:
        return False
    for node in ast.walk(tree):
        if not isinstance(node, ast.List) or not node.elts:
            continue
        values: list = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        try:
            if len(values) == len(node.elts) and sorted(values) == answer:
                return True
        except TypeError:
            continue
    return False


def _giveaway(answer: str) -> str | None:
    """What a comment must not say for the card to stay a question: the error's name, or a one-line output."""
    named = _ERROR_NAME.match(answer)
    if named:
        return named[1]
    text = answer.strip()
    return text if "\n" not in text and len(text) >= 2 else None


def _unspoiled(card: CardSpec) -> CardSpec:
    """The card without the comments in its own code (not the earlier code) that state its answer."""
    said = _giveaway(card.answer)
    if said is None or said not in card.code:
        return card
    pattern = re.compile(rf"(?<![\w.]){re.escape(said)}(?![\w])")
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(card.code).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return card
    first = _asked_from(card.code)
    spoilers = {t.start[0]: t.start[1] for t in tokens
                if t.type == tokenize.COMMENT and t.start[0] >= first and pattern.search(t.string)}
    if not spoilers:
        return card
    lines = card.code.split("\n")
    kept = []
    for number, line in enumerate(lines, start=1):
        if number not in spoilers:
            kept.append(line)
        elif line[:spoilers[number]].strip():
            kept.append(line[:spoilers[number]].rstrip())
    return replace(card, code="\n".join(kept))


_BLOCKS = {ast.For: "`for` loop", ast.AsyncFor: "`for` loop", ast.While: "`while` loop", ast.With: "`with` block",
           ast.AsyncWith: "`with` block", ast.If: "`if` block", ast.Try: "`try` statement"}


def _last_block(code: str) -> str:
    """What the code's last statement is when it is a loop or block ("`for` loop"), else ""; its last line
    runs once per pass, and "the last line" would read as one of them."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ""
    return _BLOCKS.get(type(tree.body[-1]), "") if tree.body else ""


def _ends_on_its_own_line(code: str) -> bool:
    """Whether the code's last statement is one simple statement on one line (not a block, not split)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    if not tree.body:
        return True
    last = tree.body[-1]
    compound = isinstance(last, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.With, ast.AsyncWith,
                                 ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Match))
    return not compound and last.end_lineno == last.lineno
