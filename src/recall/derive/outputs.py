"""Reading output comments in code: which comment states what a line prints.

``print(x)  # 42`` states an output; ``# Simulates I/O`` does not. A value is
taken without trailing commentary: ``# 200000 (correct, thanks to the lock)``
gives ``200000``.
"""

from __future__ import annotations

import ast
import re

_PREFIX = re.compile(r"^(?:output\s*:|out\s*:|prints?\s*:?|->|→|=>)\s*", re.IGNORECASE)
_ERROR = re.compile(r"^(?:raises\s+|→\s*)?((?:[A-Za-z_][\w.]*)?"
                    r"(?:Error|Exception|Exit|Interrupt|Warning|StopIteration|StopAsyncIteration)\b)"
                    r"(?:\s*:\s*(.*))?$")
_HEDGES = re.compile(r"\b(?:may|might|varies|vary|unpredictable|random|something like|e\.g\.|approx\w*|about"
                     r"|roughly)\b|~|\?$", re.IGNORECASE)
_COMMENTARY = re.compile(r"\s+(?:\(|--|—|-\s|<-|#)")
_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_OUTPUT_HEADER = re.compile(r"^#\s*(?:output|prints|expected output)\s*:?\s*(.*)$", re.IGNORECASE)


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


def _literal_prefix(text: str) -> str | None:
    """The longest leading part of ``text`` that is a Python literal, if what follows is commentary."""
    ends = [len(text)] + [m.start() for m in _COMMENTARY.finditer(text)]
    for end in sorted(set(ends), reverse=True):
        head = text[:end].strip()
        if _INTEGER.fullmatch(head):
            return head  # the common case, without compiling it
        try:
            ast.literal_eval(head)
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        return head
    return None


def output_header(line: str) -> str | None:
    """For a ``# Output:`` line, the text after the colon ("" when the block follows)."""
    found = _OUTPUT_HEADER.match(line.strip())
    return found.group(1).strip() if found else None
