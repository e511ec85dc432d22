"""Word-level helpers shared by the generators: tokens, stems, stop words."""

from __future__ import annotations

import re
from functools import lru_cache

STOP_WORDS = frozenset("""
a about above after again all also an and any are as at be because been before being
below between both but by can could did do does doing down during each either else few
for from further had has have having here how however if in into is it its itself just
like may might more most much must no nor not now of off on once only or other our out
over own same should so some such than that the their them then there these they this
those through to too under until up very via was we were what when where which while who
whom why will with within without would you your yours always never every get gets make
makes made use uses used using one two three need needs without thing things way ways
""".split())

#: Words too general to tie a concept to a section on their own.
GENERIC_WORDS = frozenset("""
module modules basic basics intro introduction overview fundamental fundamentals essential
essentials advanced guide python library primer tutorial concept concepts idea ideas
""".split())

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*|[0-9]+")


def words(text: str) -> list[str]:
    """The words of ``text`` as written (case kept)."""
    return _WORD.findall(text)


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A light suffix stripper: enough to match "threads" with "threading"."""
    w = word.lower()
    if len(w) <= 3:
        return w
    if w.endswith(("sses", "shes", "ches", "xes")):
        w = w[:-2]
    elif w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()


def content_words(text: str) -> list[str]:
    """Words that carry meaning: no stop words, nothing shorter than three letters."""
    return [w for w in words(text) if w.lower() not in STOP_WORDS and (len(w) >= 3 or is_acronym(w))]
