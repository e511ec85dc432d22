"""A lesson's Python blocks as the cells of a notebook, and the setup each cell needs.

The blocks run in order in one namespace, so a block may use what earlier blocks
imported, defined or changed. To run (and to show) one block without the whole lesson
before it, its *setup* is cut from the earlier blocks: the top-level statements that
bind a name it uses, or may change such a name in place (a method call on it, an item
or attribute assigned, a call it is passed to, a module's settings such as a random
seed), and, in turn, what those statements use. Statements only there to print or to
show an error are left out.
"""

from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass
from functools import cached_property

from recall.derive.outputs import error_answer, split_comment

_BUILTINS = frozenset(dir(builtins))
#: calls that never change their arguments: passing a name to them is not a change of it
_PURE = frozenset({"print", "len", "str", "repr", "type", "isinstance", "issubclass", "sorted", "list", "tuple",
                   "set", "frozenset", "dict", "sum", "min", "max", "abs", "round", "format", "id", "hash", "bool",
                   "int", "float", "complex", "enumerate", "zip", "range", "any", "all", "reversed", "hasattr",
                   "getattr", "callable", "vars", "dir", "ord", "chr", "bin", "hex", "oct", "divmod", "pow", "ascii"})
#: a module function whose name says it changes the module's settings (random.seed, np.set_printoptions...)
_SETTING = re.compile(r"seed|^set|config|filterwarnings|simplefilter|chdir|register|^use$|putenv|getLogger",
                      re.IGNORECASE)
_NOT_PYTHON_ERRORS = ("SyntaxError", "IndentationError", "TabError")


@dataclass(frozen=True)
class Statement:
    """One top-level statement of a cell and what it does to names."""

    first: int  # its first line in the cell (decorators included), 1-based
    last: int
    binds: frozenset[str]
    kills: frozenset[str]  # names it binds anew whatever they were (a plain assignment, def, class, import)
    uses: frozenset[str]
    changes: frozenset[str]
    shows: bool  # only prints, or only shows an error the lesson documents: never part of a setup


@dataclass(frozen=True)
class Cell:
    """One Python block of a lesson."""

    index: int  # place among the lesson's cells
    section: str
    position: int  # place among its section's python blocks (part of card ids)
    line: int  # line of the opening fence in the file
    code: str

    @cached_property
    def tree(self) -> ast.Module | None:
        try:
            return ast.parse(self.code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None

    @cached_property
    def lines(self) -> list[str]:
        return self.code.rstrip("\n").split("\n")

    @cached_property
    def statements(self) -> list[Statement]:
        if self.tree is None:
            return []
        return [_statement(node, self.lines) for node in self.tree.body]

    @property
    def shows_syntax_error(self) -> bool:
        """A block that does not parse on purpose: it says which error it shows."""
        return self.tree is None and any(name in self.code for name in _NOT_PYTHON_ERRORS)

    def statement_at(self, line: int) -> int:
        """Index of the top-level statement holding ``line`` (-1 when none does)."""
        for index, statement in enumerate(self.statements):
            if statement.first <= line <= statement.last:
                return index
        return -1

    def imports(self) -> set[str]:
        """Top-level modules the cell imports (outside ``try``, where a missing one is handled)."""
        found: set[str] = set()
        if self.tree is None:
            return found
        guarded = {id(n) for t in ast.walk(self.tree) if isinstance(t, ast.Try) for b in t.body for n in ast.walk(b)}
        for node in ast.walk(self.tree):
            if id(node) in guarded:
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level and node.module != "__future__":
                found.add(node.module.split(".")[0])
        return found


def _statement(node: ast.stmt, lines: list[str]) -> Statement:
    first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
    last = node.end_lineno or node.lineno
    binds: set[str] = set()
    uses: set[str] = set()
    changes: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            (binds if isinstance(sub.ctx, ast.Store) else uses).add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and sub is node:
            binds.add(sub.name)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            binds.update((a.asname or a.name).split(".")[0] for a in sub.names if a.name != "*")
        elif isinstance(sub, (ast.Global, ast.Nonlocal)):
            binds.update(sub.names)
        elif isinstance(sub, (ast.Attribute, ast.Subscript)) and isinstance(sub.ctx, (ast.Store, ast.Del)):
            root = _root(sub)
            if root:
                changes.add(root)
        elif isinstance(sub, ast.AugAssign):
            root = _root(sub.target)
            if root:
                changes.add(root)
        elif isinstance(sub, ast.Call):
            changes.update(_changed_by_call(sub))
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        # names bound inside a definition are its own, not the module's
        binds = {node.name} | (binds & _declared_global(node))
        changes = set()
    kills: set[str] = set()
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        kills = {node.name}
    elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
        kills = {t.id for t in node.targets if isinstance(t, ast.Name)}
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        kills = set(binds)
    return Statement(first, last, frozenset(binds), frozenset(kills), frozenset(uses),
                     frozenset(changes), _only_shows(node, lines))


def _declared_global(node: ast.AST) -> set[str]:
    return {name for sub in ast.walk(node) if isinstance(sub, ast.Global) for name in sub.names}


def _root(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _changed_by_call(call: ast.Call) -> set[str]:
    out = set()
    func = call.func
    if isinstance(func, ast.Attribute):
        root = _root(func.value)
        if root:
            out.add(root)  # x.append(...), np.random.seed(...)
    name = func.id if isinstance(func, ast.Name) else None
    if name not in _PURE:
        for arg in [*call.args, *(k.value for k in call.keywords)]:
            if isinstance(arg, ast.Name):
                out.add(arg.id)
    return out


def _only_shows(node: ast.stmt, lines: list[str]) -> bool:
    """A print of names alone, or a line the lesson marks as raising."""
    last = lines[(node.end_lineno or node.lineno) - 1] if (node.end_lineno or node.lineno) <= len(lines) else ""
    comment = split_comment(last)[1]
    if comment is not None and error_answer(comment):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        func = node.value.func
        if isinstance(func, ast.Name) and func.id == "print":
            return not any(isinstance(sub, ast.Call) for arg in node.value.args for sub in ast.walk(arg))
    return False


def _is_module_setting(statement: Statement, node: ast.stmt, modules: set[str]) -> bool:
    if not isinstance(node, ast.Expr) or not isinstance(node.value, ast.Call):
        return False
    func = node.value.func
    return isinstance(func, ast.Attribute) and _root(func) in modules and bool(_SETTING.search(func.attr))


def setups(cells: list[Cell]) -> list[tuple[str, ...]]:
    """For each cell, the code of earlier cells it needs, one string per earlier cell that gives some."""
    out: list[tuple[str, ...]] = []
    for k, cell in enumerate(cells):
        if cell.tree is None:
            out.append(())
            continue
        needed = _free(cell) - _BUILTINS
        picked: dict[int, list[Statement]] = {}
        for j in range(k - 1, -1, -1):
            earlier = cells[j]
            if earlier.tree is None:
                continue
            modules = {name for s, node in zip(earlier.statements, earlier.tree.body)
                       if isinstance(node, (ast.Import, ast.ImportFrom)) for name in s.binds}
            for statement, node in reversed(list(zip(earlier.statements, earlier.tree.body))):
                if statement.shows:
                    continue
                wanted = statement.binds & needed or statement.changes & needed
                if not wanted and not (_is_module_setting(statement, node, modules) and statement.changes & needed):
                    continue
                picked.setdefault(j, []).insert(0, statement)
                needed = (needed - statement.kills) | (statement.uses - _BUILTINS)
        chunks = []
        for j in sorted(picked):
            lines = cells[j].lines
            taken: list[int] = []
            for statement in picked[j]:
                taken.extend(n for n in range(statement.first, statement.last + 1) if n not in taken)
            chunks.append("\n".join(lines[n - 1] for n in sorted(taken)))
        out.append(tuple(chunks))
    return out


def needed(setup: tuple[str, ...], shown: str) -> tuple[str, ...]:
    """Of the earlier code a block ran after, what the part of it a card shows needs: a card that stops
    at ``next(gen)`` shows how ``gen`` was made, not the comprehensions the block's later lines use."""
    if not setup:
        return setup
    cells = [Cell(n, "", n, 0, chunk) for n, chunk in enumerate(setup)]
    cells.append(Cell(len(setup), "", 0, 0, shown))
    if any(cell.tree is None for cell in cells):
        return setup  # (what cannot be read is shown whole, as it ran)
    return setups(cells)[-1]


_CHANCE = re.compile(r"^(?!\s*#).*\b(?:random|secrets|uuid)\b", re.MULTILINE)


def draws_chance(*codes: str) -> bool:
    """Whether code draws random numbers or ids (``random``, ``np.random``, ``secrets``, ``uuid``): even
    seeded, what it prints is nothing a learner can work out, so it is never an exact answer."""
    return any(_CHANCE.search(code) for code in codes if code)


def _free(cell: Cell) -> set[str]:
    """The names a cell reads or changes before binding them anew itself (``colors = [...]`` at its top
    makes an earlier ``colors`` nothing it needs)."""
    free: set[str] = set()
    bound: set[str] = set()
    for statement in cell.statements:
        free |= (statement.uses | statement.changes) - bound
        bound |= statement.kills
    return free


def trimmed(setup: tuple[str, ...], errors: tuple[tuple[int, int, str], ...]) -> tuple[str, ...]:
    """The setup as it really ran: each setup cell up to the statement whose exception ended it."""
    out = list(setup)
    for chunk, line, _ in errors:
        if not 0 <= chunk < len(out):
            continue
        lines = out[chunk].split("\n")
        cut = line
        try:
            for node in ast.parse(out[chunk]).body:
                first = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", ()))])
                if first <= line <= (node.end_lineno or node.lineno):
                    cut = first
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            pass
        out[chunk] = "\n".join(lines[:max(0, cut - 1)]).rstrip()
    return tuple(chunk for chunk in out if chunk.strip())
