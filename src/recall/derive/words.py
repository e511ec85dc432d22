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
keyword keywords statement statements
""".split())

#: verbs a sentence of advice or instructions starts with ("Start with a chain", "Keep score as a variable")
IMPERATIVES = frozenset("""
use convert prefer avoid check make remember benchmark normalize normalise extract augment validate escape
lowercase limit keep call add import wrap return pass store reset close handle catch raise test do split put
define configure set turn enable disable install run start begin choose pick think consider ensure write try
let stop apply measure wait create move remove replace compare follow include skip specify declare assign
initialize initialise
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
    elif w.endswith("ily") and len(w) > 5:  # lazily -> lazy
        return w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            # "forgetting" -> "forget", "wrapped" -> "wrap" (not "calling", "passed": their double is the word's;
            # nor "settings", "logging", "mapping": set, log and map are words of their own)
            undoubled = w[-1] == w[-2] and w[-1] not in "lsfz" and w[-1].isalpha() and len(w) - 1 >= 4
            return w[:-1] if undoubled else w
    return w


#: past forms a suffix stripper cannot undo ("Forgot to return" is "Forgetting to return"), each mapped to
#: the stem of its -ing form
_IRREGULAR = {"forgot": "forget", "forgotten": "forget", "kept": "keep", "thought": "think", "caught": "catch",
              "brought": "bring", "began": "begin", "begun": "begin", "threw": "throw", "thrown": "throw",
              "held": "hold", "sent": "send"}


def is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()


def initials(text: str) -> str:
    """The first letters of the text's words, upper case: "LIFO" of "Last In, First Out"."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", text)).upper()


def content_words(text: str) -> list[str]:
    """Words that carry meaning: no stop words, nothing shorter than three letters."""
    return [w for w in words(text) if w.lower() not in STOP_WORDS and (len(w) >= 3 or is_acronym(w))]


_SUFFIXES = frozenset("""
s es ed d ing er ers or ors ion ions ation ations ly ity ities al ally able ible ive ment ments ness
ize ise ized ised izes ises ization isation y ies ic ics ical ism ist ists
""".split())


_NOUN_ENDINGS = ("ion", "ions", "ary", "aries", "ator", "ators", "ure", "ures", "ment", "ments")


@lru_cache(maxsize=1 << 16)
def related(a: str, b: str) -> bool:
    """Whether two words are forms of one word: "dict" and "dictionaries", "creation" and "creating".

    Equal stems, or one word starting the other (four letters at least), or a long common
    start (five letters at least, most of the shorter word): enough for a heading's
    wording, never a thesaurus.
    """
    x, y = a.lower(), b.lower()
    if x == y or stem(x) == stem(y):
        return True
    short, long_ = sorted((x, y), key=len)
    if stem(short) != short and len(stem(short)) == 4 and long_.startswith(stem(short)) and \
            long_.endswith(_NOUN_ENDINGS):
        return True  # "dicts" is "dict", a short form of "dictionaries"
    if len(short) >= 5 and short.endswith("e") and long_.startswith(short[:-1]) and \
            long_[len(short) - 1:] in ("ing", "ed"):
        return True  # "slice" and "slicing": the "e" goes before the ending
    if len(short) >= 5 and short.endswith("ble") and long_ in (short[:-3] + "bility", short[:-3] + "bilities"):
        return True  # "stable" and "stability", "mutable" and "mutability"
    if len(short) >= 4 and long_.startswith(short):
        rest = long_[len(short):]
        # a suffix ("test" -> "testing"), or a four-letter short form of a noun ("dict" -> "dictionaries",
        # "init" -> "initialization"), not "form" -> "format" nor "list" -> "listeners"
        return rest in _SUFFIXES or (len(short) == 4 and len(rest) >= 4 and long_.endswith(_NOUN_ENDINGS))
    for one, other in ((x, y), (y, x)):
        if other.endswith("ices") and len(other) >= 6 and stem(one) in (other[:-4] + "ex", other[:-4] + "ix"):
            return True  # "indexed" and "indices", "matrix" and "matrices"
    common = 0
    for c1, c2 in zip(short, long_):
        if c1 != c2:
            break
        common += 1
    return common >= 5 and common >= 0.7 * len(short)


def split_code(text: str) -> list[str]:
    """The words of a code term: ``re.search()`` -> re, search; ``ThreadPoolExecutor`` -> Thread, Pool, Executor."""
    out: list[str] = []
    for part in re.split(r"[._\W]+", text):
        out.extend(w for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", part) if w)
    return out


def holds(text: str, part: str) -> bool:
    """Whether ``part`` occurs in ``text`` as whole words, ignoring case and punctuation between them."""
    inside = [w.lower() for w in words(part)]
    if not inside:
        return bool(part.strip()) and part.strip() in text
    found = [w.lower() for w in words(text)]
    n = len(inside)
    return any(found[i:i + n] == inside for i in range(len(found) - n + 1))


class Bag:
    """Words to ask "is any form of this word here?" of, quickly: only words sharing a start can be forms of one."""

    def __init__(self, found):
        self.words = {w.lower() for w in found}
        self.stems = {stem(w) for w in self.words}
        self._by_start: dict[str, list[str]] = {}
        for w in self.words:
            self._by_start.setdefault(w[:4], []).append(w)

    def __contains__(self, word: str) -> bool:
        w = word.lower()
        if w in self.words or stem(w) in self.stems:
            return True
        return any(related(w, other) for other in self._by_start.get(w[:4], ()))

    def __iter__(self):
        return iter(self.words)
