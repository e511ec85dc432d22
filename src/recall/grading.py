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


def matches(given: str, expected: str) -> bool:
    """Whether a typed prediction says the same as the expected output.

    Spacing and quote style do not matter where the text reads as the same Python value
    (``['a', 'b']`` and ``["a","b"]``); otherwise lines are compared after ``normalise``.
    """
    if normalise(given) == normalise(expected):
        return True
    if len(given) > 10_000 or len(expected) > 10_000:
        return False
    ok_given, value_given = _literal(given.strip())
    ok_expected, value_expected = _literal(expected.strip())
    return ok_given and ok_expected and type(value_given) is type(value_expected) and value_given == value_expected
