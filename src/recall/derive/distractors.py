"""Wrong options that are plainly wrong: never a part, a superset or another form of the answer.

"threading" is no wrong option beside "asyncio or threading", nor is "ThreadPoolExecutor"
(the same word inside a name), nor "O(1) amortized" beside "O(1)". Options also share
the answer's shape: a complexity beside complexities, a number beside numbers, code
beside code, never "Contiguous" among "O(n)"s.
"""

from __future__ import annotations

import re
from functools import lru_cache

from recall.derive import ids
from recall.derive.words import STOP_WORDS, holds, related, split_code

#: a choice card needs the answer and at least two plainly wrong options
MIN_CHOICES = 3
MAX_CHOICES = 5


@lru_cache(maxsize=1 << 12)
def _meaning(text: str, ignore: tuple[str, ...]) -> tuple[str, ...]:
    found = [w for w in split_code(text) if len(w) >= 3 and w.lower() not in STOP_WORDS]
    return tuple(w for w in found if not any(related(w, i) for i in ignore))


def shape(text: str) -> str:
    t = text.strip()
    if re.fullmatch(r"O\(.*\)", t):
        return "complexity"
    if re.fullmatch(r"[-+]?[\d.,_]*\d[\d.,_]*\s*%?", t):
        return "number"
    if t.casefold() in ("yes", "no", "true", "false"):
        return "yes/no"
    return "text"


def plainly_wrong(answer: str, option: str, ignore: list[str] = ()) -> bool:  # type: ignore[assignment]
    """Whether ``option`` cannot also be right: it names something else, and in the answer's shape.

    ``ignore`` holds words every option may share (a lesson's topic, a table's header).
    """
    if shape(answer) != shape(option) or not answer.strip() or not option.strip():
        return False
    if shape(answer) == "complexity":
        return _compact(answer) != _compact(option)  # O(n) and O(n^2) are different answers
    if _is_code(answer) or _is_code(option):
        return answer.strip() != option.strip()  # \d and \D, "r" and "r+" differ by case or a sign
    a, o = ids.normalise(answer), ids.normalise(option)
    if not a or not o or a == o:
        return False
    if excludes(answer) and not excludes(option):
        return False  # "Anything except zero" holds most of what other rows name ("Primes only")
    if holds(a, o) or holds(o, a):
        return False
    mine = _meaning(answer, tuple(ignore))
    return not any(related(w, x) for w in mine for x in _meaning(option, tuple(ignore)))


def says_alike(one: str, other: str, ignore: list[str] = ()) -> bool:  # type: ignore[assignment]
    """Whether two descriptions share two meaning words ("Records calls for verification", "Wraps real
    object, records calls"): asked by one, the other's row is no plainly wrong option."""
    mine, theirs = _meaning(one, tuple(ignore)), _meaning(other, tuple(ignore))
    return sum(1 for w in set(mine) if any(related(w, x) for x in theirs)) >= 2


#: a description by what it leaves out
_NEGATED = re.compile(r"(?i)\b(?:any|every|all)\s+non-|\bnot\b|\bexcept\b|\b(?:anything|everything) but\b")


def excludes(text: str) -> bool:
    """Whether ``text`` describes by exclusion ("Any non-digit", "Anything except zero"): it covers most
    of what the other options describe, so only another exclusion is plainly not it. ("Non-blocking
    network I/O" names a kind of thing.)"""
    return bool(_NEGATED.search(text))


def names_all_of(text: str, other: str, ignore: list[str] = ()) -> bool:  # type: ignore[assignment]
    """Whether ``text`` names every meaning word of ``other`` (its parentheses aside): "Any word
    character (letter, digit, underscore)" names "Any digit (0-9)", a part of what it describes."""
    core = _meaning(re.sub(r"\([^()]*\)", " ", other), tuple(ignore))
    mine = _meaning(text, tuple(ignore))
    return bool(core) and all(any(related(w, x) for x in mine) for w in core)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _is_code(text: str) -> bool:
    """A short term of symbols or code ("\\d", '"r+"', "len()"), where case and signs matter."""
    t = text.strip()
    return " " not in t and bool(re.search(r"[^\w\s]", t))


def choose(answer: str, candidates: list[str], ignore: list[str] = ()) -> list[str]:  # type: ignore[assignment]
    """Up to MAX_CHOICES - 1 plainly wrong options from ``candidates``, first come first taken, none alike."""
    out: list[str] = []
    for option in candidates:
        if len(out) == MAX_CHOICES - 1:
            break
        if plainly_wrong(answer, option, ignore) and all(option.strip() != o.strip() for o in out):
            out.append(option)
    return out
