"""Lesson code read once: a block's tree and the list of its nodes, kept for the many checks that
look at the same code again (each card of a block is checked against the whole block, and a card's
code is read by every rule in ``polish``).

The trees are shared between callers, so they are only ever read, never changed.
"""

from __future__ import annotations

import ast
from functools import lru_cache

#: distinct code texts kept: a lesson's blocks and the cards cut from them (a few dozen), with room to spare
_KEPT = 512


def parsed(code: str) -> ast.Module | None:
    """The code's tree, or None when it does not parse (a card's code may be a SyntaxError demo)."""
    return _read(code)[0]


def nodes(code: str) -> tuple[ast.AST, ...]:
    """Every node of the code's tree, in ``ast.walk`` order (none when it does not parse): the very nodes
    of ``parsed(code)``, so a node found in one is found in the other."""
    return _read(code)[1]


@lru_cache(maxsize=_KEPT)
def _read(code: str) -> tuple[ast.Module | None, tuple[ast.AST, ...]]:
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None, ()
    return tree, tuple(ast.walk(tree))
