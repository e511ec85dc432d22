"""Answers a learner can read off the card: the code spells them out, so nothing about Python is asked.

- a one-line answer that the code hands to ``print`` as a string (``print("Running
  directly")`` under ``if __name__ == "__main__":``);
- the code's own strings pieced together by its one ``print``, run once ("Translate
  '{text}' from {source}" filled in with "Hello world" and "English");
- an attribute or item printed back by the name the code stored a string under once
  (``db.status``, ``person["city"]``, ``person.get("name")``);
- a block that only binds literals and prints them, or loops over a literal list
  printing its items (``for fruit in ["fig", "pear"]: print(fruit)``);
- whether a literal is in a list the code writes out (``"yellow" in colors``);
- how many items a literal list holds, its smallest, largest or total number (``len(numbers)``,
  ``max(numbers)``), or arithmetic a one-line function does on literals (``add(3, 5)``).

What Python decides stays a question: a computed part ("4 letters"), a value's repr
(``['cat', 'sat']``), which of several prints run and in what order, a default
argument, a message raised and printed back, a docstring, a class attribute beside an
instance's, a change made through an alias.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace

from recall.derive.outputs import is_literal, readable
from recall.derive.syntax import nodes, parsed
from recall.model import BLOCK_PROMPT, PRINT_PROMPT, THEN, CardSpec


def read_off(card: CardSpec) -> bool:
    """Whether a print card's answer can be read off its own code."""
    return card.prompt in (PRINT_PROMPT, BLOCK_PROMPT) and (
        _written_in_code(card) or _copied_text(card) or _looked_up(card) or _all_readable(card)
        or _seen_in_list(card) or _changes_nothing(card) or _at_a_glance(card) or _appended_as_written(card)
        or _swapped_once(card) or _cased(card) or _looked_up_in_table(card) or _plainly_so(card))


def _print_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"


def _printed_last(tree: ast.Module) -> ast.expr | None:
    """What the code's last statement prints when it is ``print(x)`` of one argument, else None."""
    last = tree.body[-1] if tree.body else None
    call = last.value if isinstance(last, ast.Expr) else None
    if isinstance(call, ast.Call) and _print_call(call) and len(call.args) == 1 and not call.keywords:
        return call.args[0]
    return None


def asked_from(code: str) -> int:
    """The first line of the card's own code (after the earlier code it shows)."""
    lines = code.split("\n")
    return lines.index(THEN) + 2 if THEN in lines else 1


def _written_in_code(card: CardSpec) -> bool:
    """Whether the one-line answer, a message of two words or more, is a string the card's own code
    hands to ``print`` as it is: only whether that line runs is left to ask. (A message raised and
    printed, or a docstring read back, is Python to remember; a single word may be a key the code picks.)"""
    answer = card.answer.strip()
    if "\n" in answer or len(answer.split()) < 2:
        return False
    tree = parsed(card.code)
    if tree is None:
        return False
    first = asked_from(card.code)
    return any(isinstance(node, ast.Call) and _print_call(node) and node.lineno >= first and len(node.args) == 1
               and isinstance(node.args[0], ast.Constant) and node.args[0].value == answer for node in nodes(card.code))


#: words from which an answer that is mostly the code's own strings is copying
_COPIED_WORDS = 2


def _copied_text(card: CardSpec) -> bool:
    """Whether the answer, two words or more, is the code's own strings pieced together (punctuation aside) by
    its one ``print``, run once ("Translate '{text}' from {source}" filled in with "Hello world" and "English").
    Lines that are each one whole string are kept: which of them print, and in what order, is asked."""
    answer = card.answer.strip()
    if len(answer.split()) < _COPIED_WORDS or any(is_literal(line.strip()) for line in answer.split("\n")):
        return False  # ['cat', 'sat']: which items, in what order, is Python's
    tree = parsed(card.code)
    if tree is None:
        return False
    prints = [node for node in nodes(card.code) if _print_call(node)]
    if len(prints) != 1:
        return False  # prints in a decorator's wrapper and in the function: which run, and when, is asked
    if _runs_again(card.code, prints[0]):
        return False  # a line per item: the order things come in is asked (executor.map keeps the input's)
    raised = {id(node) for r in nodes(card.code) if isinstance(r, ast.Raise) for node in ast.walk(r)}
    # a message raised and printed back is Python's to remember: the strings of a raise are no piece
    pieces = {piece for node in nodes(card.code) if isinstance(node, ast.Constant) and isinstance(node.value, str)
              and id(node) not in raised
              for piece in re.split(r"\{[^{}]*\}|\n", node.value) if len(piece.strip()) >= 2}
    whole = {piece.strip() for piece in pieces}
    if all(line.strip() in whole or not line.strip() for line in answer.split("\n")):
        return False
    covered = bytearray(len(answer))
    for piece in pieces:
        for found in re.finditer(re.escape(piece), answer):
            covered[found.start():found.end()] = b"\x01" * len(piece)
    return all(covered[i] or not ch.isalnum() for i, ch in enumerate(answer))  # "4 letters": 4 is Python's


def _runs_again(code: str, node: ast.AST) -> bool:
    """Whether ``node`` may run more than once, or with a value the code does not spell out: inside a
    loop, or in a function called in a loop, more than once, or with default arguments."""
    loops = [loop for loop in nodes(code) if isinstance(loop, (ast.For, ast.While, ast.AsyncFor))]
    if any(node in ast.walk(loop) for loop in loops):
        return True
    functions = [f for f in nodes(code) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and node in ast.walk(f)]
    for function in functions:
        calls = [c for c in nodes(code) if isinstance(c, ast.Call) and called(c) == function.name]
        if function.args.defaults or any(function.args.kw_defaults) or len(calls) != 1 or \
                any(calls[0] in ast.walk(loop) for loop in loops):
            return True  # greet("Alice") with greeting="Hello": the default is the lesson
    return False


def _looked_up(card: CardSpec) -> bool:
    """Whether the last line prints an attribute or a named item (``db.status``, ``person["city"]``,
    ``person.get("name")``) whose answer is a string the code spells out once: the value is on the card,
    put there by name."""
    answer = card.answer.strip()
    if card.prompt != PRINT_PROMPT or "\n" in answer or not answer:
        return False
    tree = parsed(card.code)
    if tree is None:
        return False
    shown = _printed_last(tree)
    if shown is None:
        return False
    strings = [node.value for node in nodes(card.code)
               if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    if strings.count(answer) != 1:
        return False
    if _aliased(card.code):
        return False  # b = a; b.mode = ...; print(a.mode): the alias is the lesson
    if isinstance(shown, ast.Attribute) and not shown.attr.startswith("__"):  # __doc__ read back is Python's
        stores = [node for node in nodes(card.code) if isinstance(node, ast.Attribute) and node.attr == shown.attr
                  and isinstance(node.ctx, ast.Store)]
        shadowed = any(isinstance(node, ast.Name) and node.id == shown.attr and isinstance(node.ctx, ast.Store)
                       for node in nodes(card.code))  # a class attribute of that name: which one wins is asked
        return len(stores) == 1 and not shadowed  # set once: no question of which value stays
    key = shown.slice if isinstance(shown, ast.Subscript) else \
        shown.args[0] if (isinstance(shown, ast.Call) and isinstance(shown.func, ast.Attribute)
                          and shown.func.attr == "get" and len(shown.args) == 1) else None  # person.get("name")
    if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
        return False
    return _times_set(card.code, key.value) == 1  # set once: no question of which value stays


def _seen_in_list(card: CardSpec) -> bool:
    """Whether the last line prints whether a literal is in a list, tuple or set the code writes out once
    (``"yellow" in colors``), or is a key of such a dict or in it nowhere (``"name" in person``): a look
    answers it. (A dict's ``in`` looks at keys, not values: ``"Alice" in person`` is Python to remember.)"""
    tree = parsed(card.code)
    test = _printed_last(tree) if tree is not None and card.prompt == PRINT_PROMPT else None
    if tree is None or not (isinstance(test, ast.Compare) and len(test.ops) == 1
                            and isinstance(test.ops[0], (ast.In, ast.NotIn)) and isinstance(test.left, ast.Constant)
                            and isinstance(test.comparators[0], ast.Name)):
        return False
    name = test.comparators[0].id
    bindings = [node.value for node in nodes(card.code) if isinstance(node, ast.Assign)
                for target in node.targets if isinstance(target, ast.Name) and target.id == name]
    changed = any((isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                   and isinstance(node.func.value, ast.Name) and node.func.value.id == name) or
                  (isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del))
                   and isinstance(node.value, ast.Name) and node.value.id == name) or
                  (isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id == name)
                  for node in nodes(card.code))  # d["name"] = ..., del d["name"], d |= ...
    if len(bindings) != 1 or changed:
        return False
    written = bindings[0]
    if isinstance(written, ast.Dict):
        # a key ("name" in person) or a word that is nowhere in it: a look answers; a value ("Alice") is not
        if not all(isinstance(key, ast.Constant) for key in written.keys):
            return False
        keys = {key.value for key in written.keys if isinstance(key, ast.Constant)}
        values = {value.value for value in written.values if isinstance(value, ast.Constant)}
        asked = test.left.value
        return asked in keys or (asked not in values and all(isinstance(v, ast.Constant) for v in written.values))
    return isinstance(written, (ast.List, ast.Tuple, ast.Set)) and \
        all(isinstance(item, ast.Constant) for item in written.elts)


def _changes_nothing(card: CardSpec) -> bool:
    """Whether the last line prints a string method's result, or a slice, that is the string as the code
    wrote it (``"Hello, World!".title()``, ``text[0:5]`` of ``"Hello"``): nothing on the card shows what
    the method or the slice does."""
    tree = parsed(card.code)
    if tree is None or card.prompt != PRINT_PROMPT:
        return False
    shown = _printed_last(tree)
    if isinstance(shown, ast.Call) and isinstance(shown.func, ast.Attribute):
        target: ast.expr | None = shown.func.value
    elif isinstance(shown, ast.Subscript) and isinstance(shown.slice, ast.Slice) and shown.slice.step is None:
        target = shown.value
    else:
        return False
    target = _value_of(card.code, target)
    if not (isinstance(target, ast.Constant) and isinstance(target.value, str) and target.value == card.answer):
        return False
    return not isinstance(shown, ast.Subscript) or _inside(shown.slice, len(target.value))  # type: ignore[arg-type]


def _appended_as_written(card: CardSpec) -> bool:
    """Whether the last line prints a list the code writes out (or a copy of one, ``b = a.copy()``) and then
    only grows at its end with literals (``pets = ["cat", "dog"]; pets.append("fish"); print(pets)``): its
    items are the code's, in the order written. (An ``insert``, a ``pop``, a sort, a change through another
    name, or one made to the original after the copy is Python to remember.)"""
    tree = parsed(card.code)
    shown = _printed_last(tree) if tree is not None and card.prompt == PRINT_PROMPT else None
    if tree is None or not isinstance(shown, ast.Name):
        return False
    untouched: set[str] = set()  # names bound to a list of literals, only looked at since
    written, source = False, None  # the printed name bound, and the list it copies
    for statement in tree.body[:-1]:
        bound = statement.targets[0].id if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
            and isinstance(statement.targets[0], ast.Name) else None
        value = statement.value if bound is not None else None  # type: ignore[attr-defined]
        literal = isinstance(value, ast.List) and _as_written(value.elts)
        if bound == shown.id and not written:
            source = _copy_of(value, untouched)
            written = literal or source is not None
            if not written:
                return False
        elif bound is not None and bound != shown.id and literal:
            untouched.add(bound)
        elif not (_only_looks(statement) or (written and _grown_at_end(statement, shown.id) is not None)):
            touched = {n.id for n in ast.walk(statement) if isinstance(n, ast.Name)}
            if shown.id in touched or source in touched:
                return False  # used some other way: what it holds by then is asked
            untouched -= touched
    return written


def _copy_of(value: ast.expr | None, lists: set[str]) -> str | None:
    """The name of one of ``lists`` that ``value`` copies whole (``a.copy()``, ``list(a)``, ``a[:]``), or None."""
    copied: ast.expr | None = None
    if isinstance(value, ast.Call) and not value.keywords:
        if isinstance(value.func, ast.Attribute) and value.func.attr == "copy" and not value.args:
            copied = value.func.value
        elif isinstance(value.func, ast.Name) and value.func.id == "list" and len(value.args) == 1:
            copied = value.args[0]
    elif isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Slice) and \
            value.slice.lower is None and value.slice.upper is None and value.slice.step is None:
        copied = value.value
    return copied.id if isinstance(copied, ast.Name) and copied.id in lists else None


def _only_looks(statement: ast.stmt) -> bool:
    """A print that calls nothing on what it prints (``print(pets)``, not ``print(pets.pop())``)."""
    return _is_print(statement) and not any(isinstance(n, ast.Call) for arg in statement.value.args  # type: ignore[attr-defined]
                                            for n in ast.walk(arg))


def _grown_at_end(statement: ast.stmt, name: str) -> list[ast.expr] | None:
    """The literals ``name.append(x)`` or ``name.extend([x, y])`` adds at the list's end, or None."""
    call = statement.value if isinstance(statement, ast.Expr) else None
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and isinstance(call.func.value, ast.Name) and call.func.value.id == name
            and len(call.args) == 1 and not call.keywords):
        return None
    added = call.args[0]
    if call.func.attr == "append" and _as_written([added]):
        return [added]
    if call.func.attr == "extend" and isinstance(added, (ast.List, ast.Tuple)) and _as_written(added.elts):
        return list(added.elts)
    return None


def _as_written(items: list[ast.expr]) -> bool:
    """Literals a list prints as the code spells them: whole numbers, and plain words in quotes (``1.50``
    prints 1.5, ``"don't"`` comes back in double quotes: Python's to tell)."""
    return all(isinstance(item, ast.Constant) and (
        (type(item.value) is int) or
        (isinstance(item.value, str) and item.value.isascii() and item.value.isprintable()
         and not any(ch in item.value for ch in "'\"\\"))) for item in items)


def _swapped_once(card: CardSpec) -> bool:
    """Whether the last line prints ``text.replace(old, new)`` of a string the code writes out, where ``old``
    is there once: the answer is the string with one word swapped as written (every match replaced, when
    there are several, is the lesson)."""
    found = _string_method(card)
    if found is None or found[0] != "replace" or len(found[2]) != 2 or \
            not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in found[2]):
        return False
    old = found[2][0].value  # type: ignore[attr-defined]
    return bool(old) and found[1].count(old) == 1


def _cased(card: CardSpec) -> bool:
    """Whether the last line prints ``upper()`` or ``lower()`` of a plain ASCII string the code writes out:
    the method's name says what comes back ("ß".upper() is "SS", which is Python's to tell)."""
    found = _string_method(card)
    return found is not None and found[0] in ("upper", "lower") and not found[2] and found[1].isascii()


def _string_method(card: CardSpec) -> tuple[str, str, list[ast.expr]] | None:
    """(method, string, arguments) when the card's last line prints a method's result on a string the code
    writes out, itself or by a name bound once to it (``text.replace("a", "b")``); else None."""
    tree = parsed(card.code)
    shown = _printed_last(tree) if tree is not None and card.prompt == PRINT_PROMPT else None
    if not (isinstance(shown, ast.Call) and isinstance(shown.func, ast.Attribute) and not shown.keywords):
        return None
    target = _value_of(card.code, shown.func.value)
    if not (isinstance(target, ast.Constant) and isinstance(target.value, str)):
        return None
    return shown.func.attr, target.value, shown.args


def _looked_up_in_table(card: CardSpec) -> bool:
    """Whether the answer is a list of strings each of which a dict literal of strings maps a string the code
    writes out to (``lemma_map = {"running": "run", ...}`` looked up for ``["running", ...]``): the table is on
    the card, and reading it is all the answer asks. (A default given back for a missing key keeps the card.)"""
    try:
        answer = ast.literal_eval(card.answer.strip())
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError):
        return False
    if card.prompt not in (PRINT_PROMPT, BLOCK_PROMPT) or not isinstance(answer, list) or len(answer) < 2 or \
            not all(isinstance(item, str) for item in answer):
        return False
    tables = [node for node in nodes(card.code) if isinstance(node, ast.Dict) and node.keys and
              all(isinstance(part, ast.Constant) and isinstance(part.value, str)
                  for part in (*node.keys, *node.values))]
    inside = {id(part) for table in tables for part in (*table.keys, *table.values)}
    asked = {node.value for node in nodes(card.code) if isinstance(node, ast.Constant) and isinstance(node.value, str)
             and id(node) not in inside}
    for table in tables:
        mapping = {k.value: v.value for k, v in zip(table.keys, table.values)}  # type: ignore[union-attr,attr-defined]
        if all(any(mapping.get(key) == item for key in asked) for item in answer):
            return True
    return False


#: string tests whose True a look at a plain literal gives ("hello".isalpha())
_PLAIN_TESTS = frozenset({"isalpha", "isdigit", "isalnum", "islower", "isupper", "isdecimal", "isnumeric"})


def _plainly_so(card: CardSpec) -> bool:
    """Whether the last line prints True for ``isalpha()``-like tests of a plain ASCII word the code writes out:
    the method's name says it. A False ("hello world".isalpha(), for the space) is what such cards teach."""
    found = _string_method(card)
    return card.answer.strip() == "True" and found is not None and found[0] in _PLAIN_TESTS and not found[2] \
        and bool(re.fullmatch(r"[A-Za-z]+|[0-9]+", found[1]))


def _value_of(code: str, target: ast.expr | None) -> ast.expr | None:
    """What a name stands for when the code binds it once, by a plain assignment (``text = "Hello"``), else
    None (a loop, a ``with``, an unpacking or a second assignment binds it too); anything but a name
    stands for itself."""
    if not isinstance(target, ast.Name):
        return target
    stores = [n for n in nodes(code) if isinstance(n, ast.Name) and n.id == target.id and isinstance(n.ctx, ast.Store)]
    bindings = [node.value for node in nodes(code) if isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id == target.id]
    return bindings[0] if len(bindings) == 1 and len(stores) == 1 else None


def _inside(cut: ast.Slice, length: int) -> bool:
    """Whether a slice's bounds are written out within the string's length: ``text[0:100]`` of "Hello"
    slices past the end, and that it is safe is the lesson."""
    bounds = [b for b in (cut.lower, cut.upper) if b is not None]
    return all(isinstance(b, ast.Constant) and type(b.value) is int and -length <= b.value <= length
               for b in bounds)


#: what a look at a list of numbers tells: how many, the smallest, the largest, their total
_GLANCES = frozenset({"len", "min", "max", "sum"})


def _at_a_glance(card: CardSpec) -> bool:
    """Whether the last line prints what a look at a literal list tells (``len``, ``min``, ``max`` or ``sum``
    of ``[3, 1, 4]``, bound once and used for nothing else), or a one-line function's arithmetic on
    literals (``add(3, 5)`` with ``return a + b``): counting and sums, not Python."""
    tree = parsed(card.code)
    shown = _printed_last(tree) if tree is not None and card.prompt == PRINT_PROMPT else None
    if tree is None or shown is None:
        return False
    if isinstance(shown, ast.Name):  # result = add(3, 5); print(result)
        bound = [node.value for node in nodes(card.code) if isinstance(node, ast.Assign)
                 for t in node.targets if isinstance(t, ast.Name) and t.id == shown.id]
        stored = sum(1 for node in nodes(card.code) if isinstance(node, ast.Name) and node.id == shown.id
                     and isinstance(node.ctx, ast.Store))
        top = [node.value for node in tree.body if isinstance(node, ast.Assign)
               for t in node.targets if isinstance(t, ast.Name) and t.id == shown.id]  # not in a loop or an if
        if len(bound) == 2 and stored == 2 and len(top) == 2 and _whole_number(bound[0]) and \
                isinstance(bound[1], ast.Call) and \
                [ast.dump(a) for a in bound[1].args] == [ast.dump(ast.Name(shown.id, ast.Load()))]:
            # count = 0; count = increment(count): the call on the number it was given
            bound = [ast.Call(bound[1].func, [bound[0]], bound[1].keywords)]
            stored = 1
        shown = bound[0] if len(bound) == 1 and stored == 1 else shown
    if not (isinstance(shown, ast.Call) and isinstance(shown.func, ast.Name) and not shown.keywords):
        return False
    if shown.func.id in _GLANCES and len(shown.args) == 1:
        return _glanced_list(card.code, shown.args[0], numbers=shown.func.id != "len")
    return _sum_on_literals(card.code, shown)


def _glanced_list(code: str, arg: ast.expr, numbers: bool) -> bool:
    """Whether ``arg`` is a literal list or tuple (of numbers, with ``numbers``), or a name bound once to one
    and otherwise only looked at by prints and ``len``/``min``/``max``/``sum``."""
    if isinstance(arg, ast.Name):
        uses = [node for node in nodes(code) if isinstance(node, ast.Name) and node.id == arg.id]
        looks = [node for node in nodes(code) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                 and (node.func.id in _GLANCES or node.func.id == "print") and len(node.args) == 1
                 and isinstance(node.args[0], ast.Name) and node.args[0].id == arg.id]
        tree = parsed(code)
        bound = [node.value for node in (tree.body if tree else []) if isinstance(node, ast.Assign)
                 and len(node.targets) == 1
                 and isinstance(node.targets[0], ast.Name) and node.targets[0].id == arg.id]
        if len(bound) != 1 or len(uses) != len(looks) + 1:
            return False  # changed, passed on or bound again: what it holds by then is asked
        arg = bound[0]
    if not isinstance(arg, (ast.List, ast.Tuple)) or not arg.elts or \
            not all(isinstance(item, ast.Constant) for item in arg.elts):
        return False
    # whole numbers: a float's printed form, or which of 1 and 1.0 comes back, is Python's
    return not numbers or all(type(item.value) is int for item in arg.elts)  # type: ignore[attr-defined]


def _sum_on_literals(code: str, call: ast.Call) -> bool:
    """``add(3, 5)`` where ``add`` is defined once as ``return a + b`` (or ``-``, ``*``) of its parameters (or a
    parameter and a whole number: ``return count + 1``), on whole numbers: arithmetic by hand."""
    defined = [node for node in nodes(code) if isinstance(node, ast.FunctionDef)
               and node.name == call.func.id]  # type: ignore[attr-defined]
    if len(defined) != 1 or not all(isinstance(a, ast.Constant) and type(a.value) is int for a in call.args):
        return False
    function = defined[0]
    body = [s for s in function.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
    params = {a.arg for a in function.args.args}
    if len(body) != 1 or not isinstance(body[0], ast.Return) or function.args.defaults or \
            len(params) != len(call.args):
        return False
    value = body[0].value
    sides = (value.left, value.right) if isinstance(value, ast.BinOp) else ()
    return isinstance(value, ast.BinOp) and isinstance(value.op, (ast.Add, ast.Sub, ast.Mult)) and \
        all((isinstance(side, ast.Name) and side.id in params) or _whole_number(side) for side in sides) and \
        any(isinstance(side, ast.Name) for side in sides)


def _whole_number(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and type(node.value) is int


def _aliased(code: str) -> bool:
    """Whether the code binds one name to another (``b = a``): a change through one shows through both."""
    return any(isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) for node in nodes(code))


def _times_set(code: str, key: str) -> int:
    """How many places give the string key ``key`` a value: dict displays and item assignments."""
    def named(node: ast.AST | None) -> bool:
        return isinstance(node, ast.Constant) and node.value == key

    return sum(sum(1 for k in node.keys if named(k)) if isinstance(node, ast.Dict) else
               int(isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) and named(node.slice))
               for node in nodes(code))


def _all_readable(card: CardSpec) -> bool:
    """Whether the block asked whole only binds literals and prints them (``message = "Hi"; print(message)``):
    its output is on the card already."""
    if card.prompt != BLOCK_PROMPT:
        return False
    tree = parsed(card.code)
    if tree is None:
        return False
    prints = [node for node in tree.body if _is_print(node)]
    bound = [target.id for node in nodes(card.code) if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign))
             for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
             if isinstance(target, ast.Name)]
    once = {target.id: node.value for node in tree.body if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name) and bound.count(target.id) == 1}
    lists = {name for name, value in once.items() if _literal_items(value)}
    dicts = {name for name, value in once.items() if _literal_dict(value)}
    loops = [node for node in tree.body if _echoes_items(node, lists, dicts)]
    others = [node for node in tree.body if not isinstance(node, ast.Assign) and node not in prints
              and node not in loops]
    return bool(prints or loops) and not others and all(
        readable(card.code, ast.get_source_segment(card.code, node) or "") for node in prints)


def _is_print(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and _print_call(node.value)


def _literal_items(node: ast.expr) -> bool:
    return isinstance(node, (ast.List, ast.Tuple)) and all(isinstance(item, ast.Constant) for item in node.elts)


def _literal_dict(node: ast.expr) -> bool:
    return isinstance(node, ast.Dict) and all(isinstance(item, ast.Constant) for item in (*node.keys, *node.values))


def _echoes_items(node: ast.stmt, lists: set[str], dicts: set[str]) -> bool:
    """``for fruit in ["fig", "pear"]: print(fruit)``: a loop printing the items of a literal list, or the
    keys and values of a literal dict (``for k, v in headers.items(): print(f"{k}: {v}")``), or of a name
    bound to one (``lists``, ``dicts``), as they are. (A dict's own loop, ``for k in d``, asks its order.)"""
    if not isinstance(node, ast.For) or node.orelse:
        return False
    looped = node.iter
    if isinstance(looped, ast.Call) and isinstance(looped.func, ast.Attribute) and not looped.args and \
            looped.func.attr == "items":
        looped = looped.func.value  # a dict's keys alone, in the order written, may be what is asked
        if not (_literal_dict(looped) or (isinstance(looped, ast.Name) and looped.id in dicts)):
            return False
    elif not (_literal_items(looped) or (isinstance(looped, ast.Name) and looped.id in lists)):
        return False
    targets = node.target.elts if isinstance(node.target, ast.Tuple) else [node.target]
    if not all(isinstance(t, ast.Name) for t in targets):
        return False
    names = {t.id for t in targets}  # type: ignore[attr-defined]

    def echoed(arg: ast.expr) -> bool:
        if isinstance(arg, ast.JoinedStr):
            return all(isinstance(part, ast.Constant) or (isinstance(part, ast.FormattedValue) and part.conversion == -1
                       and part.format_spec is None and echoed(part.value)) for part in arg.values)
        return (isinstance(arg, ast.Name) and arg.id in names) or isinstance(arg, ast.Constant)

    return all(_is_print(statement) and not statement.value.keywords  # type: ignore[attr-defined]
               and all(echoed(arg) for arg in statement.value.args) for statement in node.body)  # type: ignore[attr-defined]


def called(node: ast.Call) -> str:
    """The name a call calls: ``print`` of ``print(x)``, ``strip`` of ``s.strip()``."""
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def last_line_only(card: CardSpec) -> CardSpec:
    """A "what does this code print?" card whose lines but the last print back what the line before them
    bound (``score = 0``, ``print(score)``, ``score = 10``, ``print(score)``, ``score = score + 5``,
    ``print(score)``) asks the last line alone: the rest of its answer is on screen already. A literal counts
    only as Python prints it back (``0b1010`` prints 10, ``1.50`` prints 1.5)."""
    if card.prompt != BLOCK_PROMPT:
        return card
    tree = parsed(card.code)
    if tree is None or not tree.body or not _is_print(tree.body[-1]):
        return card
    bound: dict[str, bool] = {}  # name -> bound to a literal printed as written, at this point of the code
    plain_prints = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            literal = _printed_as_written(card.code, node.value)
            bound.update({t.id: literal for t in node.targets if isinstance(t, ast.Name)})
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            bound[node.target.id] = False
        elif _is_print(node) and isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value
            plain_prints.append(not call.keywords and bool(call.args) and all(
                _printed_as_written(card.code, arg) or (isinstance(arg, ast.Name) and bound.get(arg.id, False))
                for arg in call.args))
        else:
            return card
    lines = card.answer.split("\n")
    if len(plain_prints) < 2 or len(lines) != len(plain_prints) or not all(plain_prints[:-1]) or plain_prints[-1]:
        return card
    return replace(card, prompt=PRINT_PROMPT, answer=lines[-1])


def _printed_as_written(code: str, node: ast.expr) -> bool:
    """A literal that ``print`` shows as the code writes it: ``42``, ``2.5``, ``"Hi"`` (not ``0x10``, ``1_000``,
    ``1.50``, a string with a line break or an escape, bytes)."""
    if not isinstance(node, ast.Constant):
        return False
    written = ast.get_source_segment(code, node) or ""
    value = node.value
    if isinstance(value, bool) or value is None:
        return True
    if isinstance(value, (int, float)):
        return written == str(value)
    if isinstance(value, str):
        return "\n" not in value and "\\" not in written and written in (f'"{value}"', f"'{value}'")
    return False
