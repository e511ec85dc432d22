"""The purpose card: what the lesson's frontmatter ``why`` says its subject lets you do.

A ``why`` that says what something lets you do ("Generators let you produce values one
at a time...") is asked as exactly that: "What do generators let you do?", answered by
the rest of its sentence. A ``why`` that only motivates ("Every web application speaks
HTTP -- it is the foundation of web development") makes no card: "why does it matter?"
has no one answer to recall, and every reader of such cards marked them weak. Nor does
one whose answer is too thin to be the one answer ("Variables let your programs remember
things.") or a list of examples to recite ("File I/O lets you load configuration, save
results, process logs, and work with data files").
"""

from __future__ import annotations

import re

from recall.derive import ids, sentences
from recall.derive.words import STOP_WORDS, words
from recall.lessons import Lesson
from recall.model import CardSpec, Form, Problem, Source

_MAX_ANSWER = 320
#: "<subject> let(s)|help(s)|allow(s)|enable(s) you|your programs|us [to] <what>" in one sentence
_LETS = re.compile(r"^(?P<subject>[^,;:()]+?) (?P<verb>let|help|allow|enable)(?P<s>s?) "
                   r"(?P<whom>you|your programs?|us)(?P<to> to)? (?P<what>\w.*)$")
#: a subject that names something said elsewhere ("it", "this") cannot stand alone in a question,
#: nor can one that is a clause ("Knowing how ... lets you")
_POINTING = {"it", "its", "this", "that", "these", "those", "them", "they", "their", "which", "both"}
_CLAUSES = {"knowing", "understanding", "learning", "using", "mastering", "having", "being", "once", "when", "if"}
_MOST_SUBJECT_WORDS = 6
#: a dash that opens an aside ("do several things at once -- essential for servers"): what it lets you
#: do comes before it
_ASIDE = re.compile(r"\s+(?:--|—|–)\s+")
#: words an answer needs to be the one answer ("Remember things." has many as right)
_FEWEST_WORDS = 3
#: nouns that stand for anything: an answer of a few words around one names nothing
_VAGUE = frozenset("things stuff something anything everything".split())
#: items from which a list of things done, each its own phrase, is examples to recite
_RECITED_ITEMS = 3


def _thin(answer: str) -> bool:
    said = [w.lower() for w in words(answer)]
    return len(said) < _FEWEST_WORDS or (len(said) <= 4 and bool(_VAGUE & set(said)))


def _recital(answer: str) -> bool:
    """Whether the answer is a list of separate doings ("load configuration, save results, process logs,
    and work with data files"): examples, any of which would do. Verbs sharing one object ("find, extract,
    and replace text patterns") or objects of one verb ("build lists, dicts, and sets") are one answer."""
    items = [re.sub(r"^(?:and|or)\s+", "", part.strip()) for part in answer.rstrip(".").split(",")]
    # each a doing of its own: two words or more, not opened by a preposition ("on a single thread")
    return len(items) >= _RECITED_ITEMS and all(
        len(words(item)) >= 2 and words(item)[0].lower() not in STOP_WORDS for item in items)


def derive(lesson: Lesson) -> tuple[list[CardSpec], list[Problem]]:
    why = " ".join(lesson.why.split())
    if len(words(why)) < 6:
        return [], []
    said = sentences.split(why)
    asked = next((q for q in map(_lets, said) if q is not None), None)
    if asked is None:
        return [], []
    prompt, answer, aside = asked
    if len(answer) > _MAX_ANSWER or _thin(answer) or _recital(answer):
        return [], []  # a card must be recalled whole, and be the one answer
    return [CardSpec(id=ids.card_id(lesson.id, "purpose"), lesson=lesson.id, source=Source.PURPOSE, form=Form.FLIP,
                     prompt=prompt, answer=answer, explanation=aside, file=lesson.file, line=lesson.key_line("why"),
                     section=lesson.title)], []


def _lets(sentence: str) -> tuple[str, str, str] | None:
    """("What do generators let you do?", "Produce values one at a time...", the aside after a dash) from a
    "lets you" sentence."""
    found = _LETS.match(sentence)
    if found is None:
        return None
    subject = found["subject"]
    subject_words = [w.lower() for w in re.findall(r"[\w'/]+", subject)]
    if not subject_words or len(subject_words) > _MOST_SUBJECT_WORDS or _POINTING & set(subject_words) \
            or subject_words[0] in _CLAUSES:
        return None
    first, _, rest = subject.partition(" ")
    if first[1:].islower() or first == "A":  # "Generators" -> "generators"; "LangChain", "NumPy", "I/O" stay
        subject = f"{first[0].lower()}{first[1:]} {rest}".rstrip()
    auxiliary = "does" if found["s"] else "do"
    what, *aside = _ASIDE.split(found["what"], 1)
    what = what.rstrip(" ,;")
    what = what if what.endswith((".", "!", "?")) else what + "."
    return (f"What {auxiliary} {subject} {found['verb']} {found['whom']}{found['to'] or ''} do?",
            what[0].upper() + what[1:], aside[0][:1].upper() + aside[0][1:] if aside else "")
