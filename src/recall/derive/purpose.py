"""The purpose card: the lesson's frontmatter ``why``, asked as why the lesson matters."""

from __future__ import annotations

from recall.derive import ids, sentences
from recall.derive.words import words
from recall.lessons import Lesson
from recall.model import CardSpec, Form, Problem, Source

_MAX_ANSWER = 320


def derive(lesson: Lesson) -> tuple[list[CardSpec], list[Problem]]:
    why = " ".join(lesson.why.split())
    if len(words(why)) < 6:
        return [], []
    said = sentences.split(why)
    answer = said[0]
    for more in said[1:]:
        if len(answer) + len(more) + 1 > _MAX_ANSWER:
            break
        answer = f"{answer} {more}"
    if len(answer) > _MAX_ANSWER:
        return [], []  # a card must be recalled whole; a long "why" stays what it is, the lesson's own blurb
    return [CardSpec(id=ids.card_id(lesson.id, "purpose"), lesson=lesson.id, source=Source.PURPOSE, form=Form.FLIP,
                     prompt=f"{lesson.title}: why does it matter?", answer=answer, file=lesson.file,
                     line=lesson.key_line("why"), section=lesson.title)], []
