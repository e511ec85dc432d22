"""Takeaway cards: each "Key Takeaways" bullet becomes a cloze on its key term.

The gap goes on the bullet's bold or `code` term; a bullet with nothing marked gets
its most telling content word (an acronym, then a word the lesson's headings or
concepts use, then the rarest in the lesson), never a stop word.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property

from recall.derive import ids
from recall.derive.sections import takeaway_sections
from recall.derive.words import content_words, is_acronym, stem, words
from recall.lessons import BulletList, Lesson, ListItem, Paragraph, Span
from recall.model import GAP, CardSpec, Form, Problem, Source, warning


def derive(lesson: Lesson) -> tuple[list[CardSpec], list[Problem]]:
    cards: list[CardSpec] = []
    problems: list[Problem] = []
    context = _Context(lesson)
    for section in takeaway_sections(lesson):
        for item in _items(section):
            gap = _gap(item, context)
            if gap is None:
                problems.append(warning(lesson.file, item.line,
                                        "takeaway has no word worth a gap; mark its key term in **bold**"))
                continue
            prompt, answer = gap
            cards.append(CardSpec(
                id=ids.card_id(lesson.id, "takeaway", ids.normalise(item.text)),
                lesson=lesson.id, source=Source.TAKEAWAY, form=Form.CLOZE, prompt=prompt, answer=answer,
                file=lesson.file, line=item.line, section=section.title))
    return cards, problems


def cards(lesson: Lesson) -> list[CardSpec]:
    return derive(lesson)[0]


def _items(section) -> list[ListItem]:
    return [item for block in section.blocks if isinstance(block, BulletList) for item in block.items]


class _Context:
    """What the lesson says elsewhere, to pick a gap in an unmarked bullet (read only if needed)."""

    def __init__(self, lesson: Lesson):
        self.lesson = lesson

    @cached_property
    def topical(self) -> set[str]:
        found = {stem(w) for section in self.lesson.sections for w in words(section.title)}
        found.update(stem(w) for concept in self.lesson.concepts for w in concept.split("-"))
        return found

    @cached_property
    def counts(self) -> Counter[str]:
        sources = []
        for section in self.lesson.sections:
            for block in section.blocks:  # raw Markdown is fine for counting words
                if isinstance(block, Paragraph):
                    sources.append(block.source)
                elif isinstance(block, BulletList):
                    sources.extend(item.source for item in block.items)
        counts: Counter[str] = Counter()
        for word, n in Counter(words("\n".join(sources))).items():  # each distinct word stemmed once
            counts[stem(word)] += n
        return counts


def _gap(item: ListItem, context: _Context) -> tuple[str, str] | None:
    spans = list(item.spans)
    marked = _marked_term(spans)
    if marked is not None:
        return _cloze(spans, marked), spans[marked].text.strip()
    candidates = content_words(item.text)
    if not candidates:
        return None

    def rank(word: str):
        s = stem(word)
        return (not is_acronym(word), s not in context.topical, context.counts[s] or 99, -len(word))

    best = min(candidates, key=rank)
    spans = _split_word(spans, best)
    index = next(i for i, s in enumerate(spans) if s.kind == "gap")
    return _cloze(spans, index), best


def _marked_term(spans: list[Span]) -> int | None:
    """The first bold term, else the longest `code` term (a bullet may quote several)."""
    bold = [i for i, s in enumerate(spans) if s.kind == "strong" and s.text.strip()]
    if bold:
        return bold[0]
    code = [i for i, s in enumerate(spans) if s.kind == "code" and s.text.strip()]
    return max(code, key=lambda i: len(spans[i].text.strip())) if code else None


def _split_word(spans: list[Span], word: str) -> list[Span]:
    """Split the first text span holding ``word`` so the word is a span of its own."""

    for i, span in enumerate(spans):
        found = re.search(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])", span.text)
        if found:
            before, after = span.text[: found.start()], span.text[found.end():]
            return [*spans[:i], Span(span.kind, before), Span("gap", word), Span(span.kind, after), *spans[i + 1:]]
    return spans

def _cloze(spans: list[Span], index: int) -> str:
    text = "".join(GAP if i == index else s.text for i, s in enumerate(spans))
    return " ".join(text.split())
