"""Sentences of lesson prose, and whether one says something or only leads into what follows."""

from __future__ import annotations

import re

from recall.derive.words import GENERIC_WORDS, STOP_WORDS, related, words

_END = re.compile(r"(?<=[.!?…])[\"')\]]?\s+(?=[A-Z0-9\"'`(\[*_])")
_ABBREVIATIONS = frozenset("e.g i.e etc vs cf approx no fig mr mrs dr st eq ex".split())
#: openings of a sentence that only announces what comes next
OPENERS = ("here ", "here's", "let's", "let us", "consider", "for example", "example", "now ", "next,",
            "below", "the following", "as follows", "see ", "in this ", "this section", "we'll", "we will",
            "you'll see", "look at", "compare ")
#: wording that points at the code, list or table after the sentence
_POINTERS = re.compile(
    r"\b(the following|following|below|above|as follows|like this|like so|this pattern|this example|these steps"
    r"|here is|here are|here's|what happens"
    r"|the same (?:pattern|structure|way|steps|shape|recipe)"
    r"|(?:two|three|four|five|six|several|a few|some) (?:\w+ )?(?:types|kinds|ways|approaches|steps|phases|parts"
    r"|ideas|values|options|methods|rules|levels|forms|stages|cases|questions|modes|categories|components))\b",
    re.IGNORECASE)


#: words that praise what something offers ("powerful tools", "a huge standard library")
_PRAISE = frozenset("powerful huge vast rich amazing incredible great handy useful helpful popular widely".split())
#: in a sentence that praises, the praise and the gestures at what is on offer say nothing ("provides powerful
#: tools for working with iterators", "comes with a huge standard library")
_PUFF = _PRAISE | frozenset("comes provides provide offers offer tools toolkit variety range features working "
                            "lot lots plenty various".split())


def split(text: str) -> list[str]:
    """The sentences of a paragraph, as written ("e.g." and "vs." do not end one)."""
    out: list[str] = []
    start = 0
    for end in _END.finditer(text):
        before = text[start:end.start()].rstrip("\"')]")
        last = before.rsplit(None, 1)[-1].rstrip(".").lower() if before.split() else ""
        if last in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last):
            continue
        out.append(text[start:end.start()].strip())
        start = end.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]


def content(text: str) -> list[str]:
    """The words that carry meaning (no stop words, no one-letter words)."""
    return [w for w in words(text) if w.lower() not in STOP_WORDS and len(w) > 1]


def points_ahead(sentence: str) -> bool:
    """A sentence that introduces the code, list or table after it ("There are two types:").

    "A URL has several parts: scheme, host and path." names its parts itself.
    """
    s = sentence.strip()
    if s.endswith(":"):
        return True
    pointer = _POINTERS.search(s)
    return pointer is not None and not re.search(r":\s+\S", s[pointer.end():])


_BACK = re.compile(r"^(?:it|this|that|these|those|they|such|both|the latter|the former)\b|\b(?:this"
                   r"|these|those)\s+(?:(?:is|are|was|were|as|in|to|for|of|on|with|by|and|or|means|works|way)\b"
                   r"|[.,;:!?])"  # mid-sentence "that" is mostly relative ("inputs that cause")
                   # "Being hashable, it can be a key": the subject after a short opening phrase that names
                   # nothing ("Although a tuple looks like a list, it" has its own; "In Python, it is common")
                   r"|^(?![^,]*\b(?:a|an|the)\b)(?:[^\s,.;:]+\s+){0,2}[^\s,.;:]+,\s+(?:it|they)\b(?!\s+(?:is|was|'s)\s+(?:common|easy|possible|important|best|"
                   r"better|usual|often|worth|hard|safe|necessary|customary|typical)\b)", re.IGNORECASE)
_DEFINES = re.compile(r"\b(?:is|are|means|refers to|stands for)\b", re.IGNORECASE)


def refers_back(sentence: str) -> bool:
    """A sentence that leans on the one before it ("It is fast...", "A computer sees this as ...")."""
    return bool(_BACK.search(sentence.strip().lstrip("*_`\"'")))


def is_filler(sentence: str, known: list[str] = (), fresh: int = 3,  # type: ignore[assignment]
              definitions: bool = True) -> bool:
    """A sentence with nothing to remember on its own.

    A question, an unfinished thought ("But there's a better way..."), an announcement
    ("Here is ..."), or one whose meaning words are all ``known`` already (the concept's
    or the heading's words): the tautology "Document your functions with docstrings."
    """
    s = sentence.strip()
    lowered = s.lower().lstrip("*_`\"'")
    if not s or s.endswith(("?", "...", "…")) or lowered.startswith(OPENERS):
        return True
    if len(words(s)) < 4:
        return True
    praised = any(w.lower() in _PRAISE for w in words(s))
    new = [w for w in content(s) if w.lower() not in GENERIC_WORDS and not (praised and w.lower() in _PUFF)
           and not any(related(w, k) for k in known)]
    if definitions and len(new) == fresh - 1 and _defines(s, known):
        return False  # "A function that contains yield is a generator function." defines by two words
    return len(new) < fresh


def _defines(sentence: str, known: list[str]) -> bool:
    """A definition: a known word, then "is", "are", "means" or "stands for"."""
    verb = _DEFINES.search(sentence)
    return verb is not None and any(related(w, k) for w in words(sentence[:verb.start()]) for k in known)
