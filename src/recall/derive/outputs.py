"""Reading output comments in code: which comment states what a line prints.

``print(x)  # 42`` states an output; ``# Simulates I/O`` does not. A value is
taken without trailing commentary: ``# 200000 (correct, thanks to the lock)``
gives ``200000``.
"""

from __future__ import annotations

import ast
import re

from recall.derive.syntax import nodes, parsed

_PREFIX = re.compile(r"^(?:output\s*:|out\s*:|prints?\s*:?|->|→|=>)\s*", re.IGNORECASE)
_ERROR = re.compile(r"^(?:raises\s+|→\s*)?((?:[A-Za-z_][\w.]*)?"
                    r"(?:Error|Exception|Exit|Interrupt|Warning|StopIteration|StopAsyncIteration)\b)"
                    r"(?:\s*:\s*(.*))?$")
_HEDGES = re.compile(r"\b(?:may|might|varies|vary|unpredictable|random|something like|e\.g\.|approx\w*|about"
                     r"|roughly)\b|~|\?$", re.IGNORECASE)
_COMMENTARY = re.compile(r"\s+(?:\(|--|—|-\s|<-|#)")
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_OUTPUT_HEADER = re.compile(r"^#\s*(?:output|prints|expected output)\s*:?\s*(.*)$", re.IGNORECASE)


def is_literal(text: str) -> bool:
    """Whether ``text`` reads as a Python literal (``[1, 2]``, ``'a'``, ``3.5``): a value, not a remark."""
    try:
        ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False
    return True


def split_comment(line: str) -> tuple[str, str | None]:
    """Split a line of Python into code and trailing ``#`` comment (quotes respected)."""
    if "#" not in line:
        return line.rstrip(), None
    if "'" not in line and '"' not in line:  # no string to hide a "#": the first one starts the comment
        i = line.index("#")
        return line[:i].rstrip(), line[i + 1:].strip()
    quote = None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\":
                i += 1
            elif line.startswith(quote, i):
                i += len(quote) - 1
                quote = None
        elif ch in "'\"":
            quote = line[i:i + 3] if line[i:i + 3] in ("'''", '"""') else ch
            i += len(quote) - 1
        elif ch == "#":
            return line[:i].rstrip(), line[i + 1:].strip()
        i += 1
    return line.rstrip(), None


def is_print(code: str) -> bool:
    code = code.strip()
    return code.startswith("print(") and code.endswith(")")


def error_answer(comment: str) -> str | None:
    """``ZeroDivisionError: division by zero`` (or ``Raises KeyError``) as an answer."""
    found = _ERROR.match(comment.strip())
    if not found:
        return None
    name, message = found.group(1), (found.group(2) or "").strip()
    return f"{name}: {message}" if message else name


def stated_value(comment: str) -> str | None:
    """The printed value a comment states, or None when it is prose, not output."""
    text = _PREFIX.sub("", comment.strip()).strip()
    if not text:
        return None
    literal = _literal_prefix(text)
    if literal is not None:
        return literal
    if _HEDGES.search(text):
        return None
    cut = _COMMENTARY.search(text)
    return (text[: cut.start()] if cut else text).strip() or None


def says_why(comment: str, value: str) -> bool:
    """Whether a comment says more than the value it states ("False — checks keys, not values"); an output
    marker ("Output: 3.5", "prints 3") says nothing more."""
    text = _PREFIX.sub("", comment.strip()).strip()
    return bool(re.search(r"\w", text.replace(value, "", 1)))


def _literal_prefix(text: str) -> str | None:
    """The longest leading part of ``text`` that is a Python literal, if what follows is commentary."""
    ends = [len(text)] + [m.start() for m in _COMMENTARY.finditer(text)]
    for end in sorted(set(ends), reverse=True):
        head = text[:end].strip()
        if _INTEGER.fullmatch(head):
            return head  # the common case, without compiling it
        if is_literal(head):
            return head
    return None


def output_header(line: str) -> str | None:
    """For a ``# Output:`` line, the text after the colon ("" when the block follows)."""
    found = _OUTPUT_HEADER.match(line.strip())
    return found.group(1).strip() if found else None


# --- what a print could produce, read off its arguments (for outputs that cannot be run) ---------

_BOOLEAN_CALLS = frozenset({"isinstance", "issubclass", "callable", "hasattr", "any", "all", "bool"})
_BOOLEAN_METHODS = re.compile(r"^(?:is\w+|startswith|endswith|issubset|issuperset|isdisjoint|__contains__"
                              r"|__eq__|exists|is_file|is_dir|match_?)$")
_INTEGER_CALLS = frozenset({"len", "ord", "int", "hash", "id"})
_INTEGER_METHODS = frozenset({"count", "index", "find", "rfind", "bit_length"})
#: a description, not an output: words of prose, a value and what it means, an ellipsis, a complexity
_PROSE = re.compile(r"^[A-Za-z][a-z]*(?: [A-Za-z][a-z]*)+$|^-?\d+(?:\.\d+)? [A-Za-z]|\.\.\.$|…$|\bO\(")
_NUMBER = r"-?\d+"


def could_print(code: str, value: str) -> bool:
    """Whether ``value`` is something the print call in ``code`` could write.

    Only used when the code cannot be run: a comment counts as its output when it fits
    what the arguments are (``"red" in colors`` prints True or False, ``len(x)`` a whole
    number, ``10 / 3`` exactly 3.3333333333333335, ``f"Shape: {s}"`` starts with
    "Shape: "), and is not a description (``# some large integer``, ``# 37.77...``).
    """
    try:
        node = ast.parse(code.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name) or node.func.id != "print":
        return False
    sep = " "
    for keyword in node.keywords:
        if keyword.arg == "sep" and isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
            sep = keyword.value.value
        elif keyword.arg in ("end", "flush", "file"):
            continue
        else:
            return False
    if any(isinstance(arg, ast.Starred) for arg in node.args):
        return False
    parts = [_pattern(arg) for arg in node.args]
    if any(part is None for part in parts):
        return not _PROSE.search(value) and _value_like(value, node.args)
    pattern = re.escape(sep).join(p for p in parts if p is not None)
    return re.fullmatch(pattern, value, re.DOTALL) is not None


def _value_like(value: str, args: list[ast.expr]) -> bool:
    """For arguments of unknown type: anything but a string in quotes (print writes it without them)."""
    text = value.strip()
    return not (len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"") or all(
        isinstance(a, ast.Call) and isinstance(a.func, ast.Name) and a.func.id == "repr" for a in args)


def _pattern(node: ast.expr) -> str | None:
    """A regular expression for what str(node) can be, or None when anything could be."""
    if isinstance(node, ast.Constant):
        return re.escape(str(node.value))
    if isinstance(node, ast.JoinedStr):
        pieces = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                pieces.append(re.escape(str(value.value)))
            else:
                pieces.append(".*?")
        return "".join(pieces)
    if isinstance(node, (ast.Compare, ast.BoolOp)) and all(isinstance(v, ast.Compare) for v in _operands(node)):
        return "(?:True|False)"
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return "(?:True|False)"
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id in _BOOLEAN_CALLS:
            return "(?:True|False)"
        if isinstance(func, ast.Name) and func.id in _INTEGER_CALLS:
            return _NUMBER
        if isinstance(func, ast.Attribute) and _BOOLEAN_METHODS.match(func.attr):
            return "(?:True|False)"
        if isinstance(func, ast.Attribute) and func.attr in _INTEGER_METHODS:
            return _NUMBER
        if isinstance(func, ast.Name) and func.id in ("list", "sorted"):
            return r"\[.*\]"
        if isinstance(func, ast.Name) and func.id == "tuple":
            return r"\(.*\)"
        if isinstance(func, ast.Name) and func.id == "dict":
            return r"\{.*\}"
    if isinstance(node, (ast.List, ast.ListComp)):
        return r"\[.*\]"
    if isinstance(node, (ast.Dict, ast.DictComp)):
        return r"\{.*\}"
    if isinstance(node, (ast.BinOp, ast.UnaryOp)) and _numeric(node):
        number = _evaluate(node)
        return re.escape(str(number)) if number is not None else None
    return None


def _operands(node: ast.expr) -> list[ast.expr]:
    return list(node.values) if isinstance(node, ast.BoolOp) else [node]


def _numeric(node: ast.expr) -> bool:
    return all(isinstance(n, (ast.BinOp, ast.UnaryOp, ast.operator, ast.unaryop)) or
               (isinstance(n, ast.Constant) and type(n.value) in (int, float)) for n in ast.walk(node))


def _evaluate(node: ast.expr) -> int | float | None:
    """The value of arithmetic on number literals (small powers only)."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.Pow):
            exponent = sub.right
            if not (isinstance(exponent, ast.Constant) and isinstance(exponent.value, int) and
                    abs(exponent.value) <= 64):
                return None
    try:
        value = eval(compile(ast.Expression(node), "<arithmetic>", "eval"), {"__builtins__": {}})
    except (ArithmeticError, ValueError, TypeError, OverflowError):
        return None
    return value if isinstance(value, (int, float)) else None


def readable(code: str, line: str) -> bool:
    """Whether the output of the print on ``line`` can be read off ``code`` without knowing Python.

    It prints only literals, names bound to literals earlier in the code, items stored as
    literals under literal keys (``d["name"] = "Alice"``, ``{"name": "Alice"}``), or
    f-strings made of those (``x = "Labrador"; print(x)``): the answer is on screen already.
    """
    try:
        call = ast.parse(line.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    tree = parsed(code)
    if tree is None:
        return False
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "print"):
        return False
    constants: dict[str, bool] = {}
    items: dict[tuple[str, object], bool] = {}
    untrusted: set[str] = set()  # containers changed some other way than by a literal item
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and _item(node.targets[0]) is not None:
            items[_item(node.targets[0])] = isinstance(node.value, ast.Constant)  # type: ignore[index]
            continue
        if isinstance(node, ast.Assign):
            literal = isinstance(node.value, ast.Constant)
            for target in node.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        constants[name.id] = literal and isinstance(target, ast.Name)
                if isinstance(target, ast.Name) and isinstance(node.value, ast.Dict):
                    items.update({(target.id, k.value): isinstance(v, ast.Constant)
                                  for k, v in zip(node.value.keys, node.value.values) if isinstance(k, ast.Constant)})
                    if not all(isinstance(k, ast.Constant) for k in node.value.keys):
                        untrusted.add(target.id)
        elif not _only_prints(node):
            for name in ast.walk(node):
                if isinstance(name, ast.Name):
                    untrusted.add(name.id)
                    if isinstance(name.ctx, ast.Store):
                        constants[name.id] = False

    def plain(node: ast.expr) -> bool:
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Name):
            return constants.get(node.id, False)
        key = _item(node)
        if key is not None:
            return key[0] not in untrusted and items.get(key, False)
        if isinstance(node, ast.JoinedStr):
            return all(isinstance(v, ast.Constant) or (isinstance(v, ast.FormattedValue) and v.format_spec is None
                                                       and v.conversion == -1 and plain(v.value))
                       for v in node.values)
        return False

    return bool(call.args) and all(plain(arg) for arg in call.args)


def _item(node: ast.AST) -> tuple[str, object] | None:
    """("d", "name") for ``d["name"]``; None for anything else."""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and isinstance(node.slice, ast.Constant):
        return node.value.id, node.slice.value
    return None


def _only_prints(node: ast.stmt) -> bool:
    """A print of values that calls nothing else (``print(d.pop("a"))`` changes ``d``)."""
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and \
        isinstance(node.value.func, ast.Name) and node.value.func.id == "print" and \
        not any(isinstance(inner, ast.Call) for arg in node.value.args for inner in ast.walk(arg))


_PRECISION = re.compile(r"\.\d+[eEfFgG%]?$")


def worked_out(code: str, asked_from: int, last_only: bool) -> bool:
    """Whether a print the card asks about shows a number worked out from data at a chosen precision
    (``f"{mean * 100:.3f}%"``, ``round(total, 2)`` where ``mean`` and ``total`` come from sums,
    calls or loops): a sum to do by hand, not Python to remember.

    ``asked_from`` is the first line of ``code`` the card asks about (the code before it is the
    earlier code it shows); ``last_only`` asks about the last print there alone. Formatting a
    literal, or arithmetic on names bound to literals (``price * qty``), is Python to remember.
    """
    tree = parsed(code)
    if tree is None:
        return False
    simple: dict[str, bool] = {}

    def plain(node: ast.expr) -> bool:
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Name):
            return simple.get(node.id, False)
        if isinstance(node, ast.BinOp):
            return plain(node.left) and plain(node.right)
        if isinstance(node, ast.UnaryOp):
            return plain(node.operand)
        return False

    for statement in tree.body:
        targets = statement.targets if isinstance(statement, ast.Assign) else []
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if isinstance(statement, ast.Assign) and len(names) == len(targets):
            value = plain(statement.value)
            simple.update(dict.fromkeys(names, value))
            continue
        for name in ast.walk(statement):
            if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store):
                simple[name.id] = False
    prints = [node for node in nodes(code) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "print" and node.lineno >= asked_from]
    if last_only and prints:
        prints = [max(prints, key=lambda node: (node.lineno, node.col_offset))]

    def calculated(node: ast.AST) -> bool:
        if isinstance(node, ast.FormattedValue) and isinstance(node.format_spec, ast.JoinedStr):
            spec = "".join(str(v.value) for v in node.format_spec.values if isinstance(v, ast.Constant))
            return bool(_PRECISION.search(spec)) and not plain(node.value)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "round":
            return len(node.args) == 2 and not plain(node.args[0])
        return False

    return any(calculated(node) for call in prints for node in ast.walk(call))


def divided_in_a_function(code: str, line: int) -> bool:
    """Whether the print on ``line`` of ``code`` shows what a function the code defines gives back after
    dividing data by data (``shares = int(dollar_risk / stop_distance)`` returned by ``position_size``, the
    index of the worst of the drawdowns ``(peak - v) / peak``): a calculation to trace by hand, not Python to
    remember. (``n / 2`` is Python's ``/`` to remember; ``Path("data") / name`` joins paths.)

    The printed values are followed through the names bound before the print and the functions called by
    name; in a function, through what it returns, its own names, and the lists it appends to.
    """
    tree = parsed(code)
    if tree is None:
        return False
    functions = {node.name: node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    prints = [node for node in nodes(code) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
              and node.func.id == "print" and node.lineno == line]
    module = _bindings([statement for statement in tree.body if statement.lineno < line])
    seen: set[str] = set()

    def reaches(node: ast.AST, names: dict[str, list[ast.expr]], inside: ast.AST | None) -> bool:
        todo, done = [node], set()
        while todo:
            current = todo.pop()
            if id(current) in done:
                continue
            done.add(id(current))
            for inner in ast.walk(current):
                if inside is not None and isinstance(inner, ast.BinOp) and _divides_data(inner):
                    return True
                if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Load):
                    todo.extend(names.get(inner.id, ()))
                elif isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and \
                        inner.func.id in functions and inner.func.id not in seen:
                    seen.add(inner.func.id)
                    function = functions[inner.func.id]
                    returned = [n.value for n in ast.walk(function) if isinstance(n, ast.Return) and n.value]
                    own = _bindings(function.body)
                    if any(reaches(value, own, function) for value in returned):
                        return True
        return False

    return any(reaches(arg, module, None) for call in prints for arg in call.args)


def _bindings(statements: list[ast.stmt]) -> dict[str, list[ast.expr]]:
    """What each name is bound to in ``statements`` (nested blocks included), and what a list is grown by."""
    out: dict[str, list[ast.expr]] = {}
    for statement in statements:
        for node in ast.walk(statement):
            if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and node.value is not None:
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(target, ast.Name):
                        out.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    isinstance(node.func.value, ast.Name) and node.func.attr in ("append", "extend", "insert", "add"):
                out.setdefault(node.func.value.id, []).extend(node.args)
    return out


def _divides_data(node: ast.BinOp) -> bool:
    """A true division of worked-out data: no string or path on either side, and not one name or number by
    a number (``n / 2`` shows what ``/`` gives; ``price * rate / 100`` is a sum)."""
    if not isinstance(node.op, ast.Div):
        return False
    sides = (node.left, node.right)
    if any(isinstance(side, ast.JoinedStr) or (isinstance(side, ast.Constant) and not _is_number(side)) or
           (isinstance(side, ast.Call) and "path" in ast.unparse(side.func).lower()) for side in sides):
        return False
    numbers = [side for side in sides if _is_number(side)]
    others = [side for side in sides if not _is_number(side)]
    return not numbers or (len(others) == 1 and not isinstance(others[0], (ast.Name, ast.Constant)))


def _is_number(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)
