"""The purpose card: the lesson's frontmatter ``why``, asked as why the lesson matters.

A ``why`` that says what something lets you do ("Generators let you produce values one
at a time...") is asked as exactly that: "What do generators let you do?", answered by
the rest of its sentence. Any other ``why`` is asked as why the lesson matters.
"""

from __future__ import annotations

import re

from recall.derive import ids, sentences
from recall.derive.words import words
from recall.lessons import Lesson
from recall.model import CardSpec, Form, Problem, Source

_MAX_ANSWER = 320
#: "<subject> let(s) you|your programs|us <what>" in one sentence
_LETS = re.compile(r"^(?P<subject>[^,;:()]+?) (?P<verb>lets|let) (?P<whom>you|your programs?|us) (?P<what>\w.*)$")
#: a subject that names something said elsewhere ("it", "this") cannot stand alone in a question
_POINTING = {"it", "its", "this", "that", "these", "those", "them", "they", "their", "which"}
_MOST_SUBJECT_WORDS = 6


def derive(lesson: Lesson) -> tuple[list[CardSpec], list[Problem]]:
    why = " ".join(lesson.why.split())
    if len(words(why)) < 6:
        return [], []
    said = sentences.split(why)
    asked = next((q for q in map(_lets, said) if q is not None), None)
    if asked is not None:
        prompt, answer = asked
    else:
        prompt, answer = f"{lesson.title}: why does it matter?", said[0]
        for more in said[1:]:
            if len(answer) + len(more) + 1 > _MAX_ANSWER:
                break
            answer = f"{answer} {more}"
    if len(answer) > _MAX_ANSWER:
        return [], []  # a card must be recalled whole; a long "why" stays what it is, the lesson's own blurb
    return [CardSpec(id=ids.card_id(lesson.id, "purpose"), lesson=lesson.id, source=Source.PURPOSE, form=Form.FLIP,
                     prompt=prompt, answer=answer, file=lesson.file, line=lesson.key_line("why"),
                     section=lesson.title)], []


def _lets(sentence: str) -> tuple[str, str] | None:
    """("What do generators let you do?", "Produce values one at a time...") from a "lets you" sentence."""
    found = _LETS.match(sentence)
    if found is None:
        return None
    subject = found["subject"]
    subject_words = [w.lower() for w in re.findall(r"[\w'/]+", subject)]
    if not subject_words or len(subject_words) > _MOST_SUBJECT_WORDS or _POINTING & set(subject_words):
        return None
    first, _, rest = subject.partition(" ")
    if first[1:].islower():  # "Generators" -> "generators"; "LangChain", "NumPy", "I/O" stay
        subject = f"{first[0].lower()}{first[1:]} {rest}".rstrip()
    auxiliary = "does" if found["verb"] == "lets" else "do"
    whom = found["whom"]
    what = found["what"]
    return f"What {auxiliary} {subject} let {whom} do?", what[0].upper() + what[1:]
