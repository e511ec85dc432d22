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
from functools import cached_property, lru_cache

from recall.derive.outputs import error_answer, split_comment
from recall.derive.syntax import nodes, parsed

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

    @property
    def tree(self) -> ast.Module | None:
        return parsed(self.code)

    @cached_property
    def lines(self) -> list[str]:
        return self.code.rstrip("\n").split("\n")

    @property
    def statements(self) -> tuple[Statement, ...]:
        return _statements(self.code)

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
        guarded = {id(n) for t in nodes(self.code) if isinstance(t, ast.Try) for b in t.body for n in ast.walk(b)}
        for node in nodes(self.code):
            if id(node) in guarded:
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level and node.module != "__future__":
                found.add(node.module.split(".")[0])
        return found


@lru_cache(maxsize=512)
def _statements(code: str) -> tuple[Statement, ...]:
    """What each top-level statement of the code binds, uses and changes: the same for the same code, which
    a lesson's setups read again for every card cut from its blocks."""
    tree = parsed(code)
    if tree is None:
        return ()
    lines = code.rstrip("\n").split("\n")
    return tuple(_statement(node, lines) for node in tree.body)


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
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        # a function reads the module's names only where they are not its own locals
        # (`results = await gather(...)` in `main` needs no `results` of an earlier block)
        uses = _free_in_function(node)
    elif not isinstance(node, ast.ClassDef):
        uses = _read_before_bound(node)
        # `with Pool() as pool: pool.map(...)` changes a pool of its own making, none from before
        changes = {name for name in changes if name in uses or name not in binds}
    kills: set[str] = set()
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        kills = {node.name}
    elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
        kills = {t.id for t in node.targets if isinstance(t, ast.Name)}
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        kills = set(binds)
    return Statement(first, last, frozenset(binds), frozenset(kills), frozenset(uses),
                     frozenset(changes), _only_shows(node, lines))


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _free_in_function(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """The names a function reads from outside: what its body loads that is not its own (a parameter, a
    name it assigns without ``global``), nested functions' free names likewise, and what its decorators,
    defaults and annotations read where it is defined."""
    outside: set[str] = set()
    arguments = node.args
    for default in [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]:
        outside |= _loads(default)
    if not isinstance(node, ast.Lambda):
        for decorator in node.decorator_list:
            outside |= _loads(decorator)
    params = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                              *filter(None, [arguments.vararg, arguments.kwarg])]}
    body = [node.body] if isinstance(node, ast.Lambda) else node.body
    declared = {name for sub in _own_scope(body) if isinstance(sub, (ast.Global, ast.Nonlocal)) for name in sub.names}
    local: set[str] = set(params)
    loaded: set[str] = set()
    for sub in _own_scope(body):
        if isinstance(sub, ast.Name):
            (local if isinstance(sub.ctx, ast.Store) else loaded).add(sub.id)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            local.add(sub.name)
        elif isinstance(sub, (ast.Import, ast.ImportFrom)):
            local.update((a.asname or a.name).split(".")[0] for a in sub.names if a.name != "*")
        if isinstance(sub, _SCOPES):
            loaded |= _free_in_function(sub)
    local -= declared
    return outside | (loaded - local)


def _read_before_bound(statement: ast.stmt) -> set[str]:
    """The names a statement reads before it binds them itself: ``results = pool.map(...)`` then
    ``print(results)`` inside one ``if`` needs no ``results`` from before; ``total = total + 1`` does.
    A name is bound where its value is ready: after an assignment's value, a loop's or a ``with``'s
    expression, a comprehension's iterable (a comprehension's own names are never read from outside)."""
    ready: dict[int, tuple[int, int]] = {}  # id of a stored Name -> where its value is bound

    def mark(target: ast.AST, at: ast.expr) -> None:
        where = (at.end_lineno or at.lineno, at.end_col_offset or 0)
        for name in ast.walk(target):
            if isinstance(name, ast.Name):
                ready[id(name)] = where

    for sub in ast.walk(statement):
        if isinstance(sub, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and sub.value is not None:
            for target in (sub.targets if isinstance(sub, ast.Assign) else [sub.target]):
                mark(target, sub.value)
        elif isinstance(sub, (ast.For, ast.AsyncFor)):
            mark(sub.target, sub.iter)
        elif isinstance(sub, ast.withitem) and sub.optional_vars is not None:
            mark(sub.optional_vars, sub.context_expr)
        elif isinstance(sub, ast.comprehension):
            mark(sub.target, sub.iter)
        elif isinstance(sub, ast.NamedExpr):
            mark(sub.target, sub.value)
    inner: set[int] = set()  # loads of a comprehension's own names, inside it
    for sub in ast.walk(statement):
        if isinstance(sub, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            own = {n.id for g in sub.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)}
            inner.update(id(n) for n in ast.walk(sub) if isinstance(n, ast.Name) and n.id in own
                         and not isinstance(n.ctx, ast.Store))
    bound: dict[str, tuple[int, int]] = {}
    loads: list[tuple[str, tuple[int, int]]] = []
    for sub in _own_scope([statement]):
        if isinstance(sub, ast.Name) and id(sub) in inner:
            continue
        if isinstance(sub, ast.Name):
            if isinstance(sub.ctx, ast.Store):
                where = ready.get(id(sub), (sub.lineno, sub.col_offset))
                bound[sub.id] = min(bound.get(sub.id, where), where)
            else:
                loads.append((sub.id, (sub.lineno, sub.col_offset)))
        elif isinstance(sub, _SCOPES):
            loads.extend((name, (sub.lineno, sub.col_offset)) for name in _free_in_function(sub))
    return {name for name, at in loads if name not in bound or at < bound[name]}


def _own_scope(body) -> list[ast.AST]:
    """The nodes of a function body, not descending into the functions defined in it (their names
    and free names are taken from the definitions themselves)."""
    out: list[ast.AST] = []
    todo = list(body) if isinstance(body, list) else [body]
    while todo:
        node = todo.pop()
        out.append(node)
        if isinstance(node, _SCOPES):
            continue
        todo.extend(ast.iter_child_nodes(node))
    return out


def _loads(node: ast.AST) -> set[str]:
    return {sub.id for sub in ast.walk(node) if isinstance(sub, ast.Name) and not isinstance(sub.ctx, ast.Store)}


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
        needed = free_names(cell.code)
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


def free_names(code: str) -> set[str]:
    """The names code reads or changes before binding them anew itself, Python's builtins aside
    (``colors = [...]`` at its top makes an earlier ``colors`` nothing it needs): what it takes from outside."""
    free: set[str] = set()
    bound: set[str] = set()
    for statement in _statements(code):
        free |= (statement.uses | statement.changes) - bound
        bound |= statement.kills
    return free - _BUILTINS


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
