"""Grading a typed prediction: what does not matter is normalised away before comparing."""

from __future__ import annotations

import ast
import re

_COMMA = re.compile(r"\s*,\s*")
_SPACE = re.compile(r"[ \t]+")


def normalise(text: str) -> str:
    """Trim each line, fold runs of spaces, and write commas as ", "."""
    lines = [_SPACE.sub(" ", _COMMA.sub(", ", line.strip())) for line in text.strip().splitlines()]
    return "\n".join(line for line in lines)


def _literal(text: str):
    try:
        return True, ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False, None


_LABELLED = re.compile(r"^([A-Za-z_][\w.]*):\s*(.+)$")  # "KeyError: 'xml'", "total: [1, 2]"


def matches(given: str, expected: str, raised: bool = False) -> bool:
    """Whether a typed prediction says the same as the expected output.

    Spacing and quote style do not matter where the text reads as the same Python value
    (``['a', 'b']`` and ``["a","b"]``), line by line, also after a label such as an
    exception's name (``KeyError: "xml"`` for ``KeyError: 'xml'``); otherwise lines are
    compared after ``normalise``. When the answer is an exception that the code
    ``raised``, its name alone is right: the message is shown, and its wording is the
    interpreter's (``SyntaxError: ...`` reads differently from one Python to the next).
    """
    if normalise(given) == normalise(expected):
        return True
    if raised and _names_the_exception(given, expected):
        return True
    if len(given) > 10_000 or len(expected) > 10_000:
        return False
    if _same_value(given.strip(), expected.strip()):
        return True
    lines_given, lines_expected = given.strip().splitlines(), expected.strip().splitlines()
    return len(lines_given) == len(lines_expected) and all(
        _same_line(g, e) for g, e in zip(lines_given, lines_expected))


_EXCEPTION = re.compile(r"^((?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*(?:Error|Exception|Warning|Exit|Interrupt|Iteration)))"
                        r"(?::|$)")


def _names_the_exception(given: str, expected: str) -> bool:
    """Whether ``given`` is the name of the exception ``expected`` shows, whole or its last dotted part
    (``JSONDecodeError`` for ``json.decoder.JSONDecodeError: ...``), a colon after it allowed."""
    raised = _EXCEPTION.match(expected.strip())
    name = given.strip().rstrip(":").strip()
    return raised is not None and name in (raised.group(1), raised.group(2))


def _same_line(given: str, expected: str) -> bool:
    if normalise(given) == normalise(expected) or _same_value(given.strip(), expected.strip()):
        return True
    label_given, label_expected = _LABELLED.match(given.strip()), _LABELLED.match(expected.strip())
    return bool(label_given and label_expected and label_given.group(1) == label_expected.group(1)
                and _same_value(label_given.group(2), label_expected.group(2)))


def _same_value(given: str, expected: str) -> bool:
    ok_given, value_given = _literal(given)
    ok_expected, value_expected = _literal(expected)
    return ok_given and ok_expected and type(value_given) is type(value_expected) and value_given == value_expected
