"""Contrast cards: two named things the lesson sets side by side, asked as "how do they differ?".

From a takeaway of two parallel halves ("Stemming is fast but approximate; lemmatization
is accurate but slower", "`sort()` modifies in place; `sorted()` returns a new list"),
from a heading that compares ("Overfitting vs Underfitting", with the section's
substance as the answer), and from a sentence that sets two marked terms against each
other ("`remove()` deletes by value, whereas `pop()` deletes by position"). Tables that
compare things column by column make theirs in tables.py.
"""

from __future__ import annotations

import re

from recall.derive import ids, sentences
from recall.derive.matching import VS
from recall.derive.sections import is_meta_section, takeaway_sections
from recall.derive.substance import statements
from recall.derive.takeaways import items
from recall.derive.terms import marked_terms
from recall.derive.words import STOP_WORDS, related, stem, words
from recall.lessons import Lesson, Paragraph, Span
from recall.model import CardSpec, Form, Problem, Source

#: the verbs that join a subject to what is said of it, in two parallel halves
_LINKS = frozenset("is are was were has have can cannot does do will would should must".split())
_HALVES = re.compile(r";\s+|,\s+(?:while|whereas|but)\s+|\s+whereas\s+")
_SETS_AGAINST = re.compile(r";|\bwhereas\b|,\s*while\b|\bunlike\b|\binstead of\b|\brather than\b|\bvs\.?\s")


def derive(lesson: Lesson) -> tuple[list[CardSpec], list[Problem]]:
    out: list[CardSpec] = []
    for section in takeaway_sections(lesson):
        for item in items(section):
            pair = _parallel(item.text, item.spans)
            if pair:
                out.append(_card(lesson, pair, item.text, item.line, section.title, "takeaway"))
    for section in lesson.sections:
        if is_meta_section(section) or not section.heading:
            continue
        names = _compared(section.title)
        if names:
            answer = _covering(section, names)
            if answer:
                out.append(_card(lesson, names, answer, section.line, section.title, "heading"))
            continue
        for block in section.blocks:
            if isinstance(block, Paragraph):
                for sentence in sentences.split(block.text):
                    pair = _set_against(sentence, block.spans)
                    if pair:
                        out.append(_card(lesson, pair, sentence, block.line, section.title, "prose"))
    return out, []


def _covering(section, names: tuple[str, ...]) -> str:
    """The section's opening sentences, as few as name every compared thing, or "" if they do not."""
    said = [s for s in statements(section, []) if s.paragraph == 1 and s.alone and s.answers and "\n" not in s.text]
    kept: list[str] = []
    for s in said[:3]:
        kept.append(s.text)
        text = " ".join(kept)
        if all(any(related(w, t) for w in words(n) for t in words(text)) for n in names):
            return text if len(text) <= 350 else ""
    return ""


def _card(lesson: Lesson, names: tuple[str, ...], answer: str, line: int, section: str, where: str) -> CardSpec:
    answer = answer[:-1].rstrip() + "." if answer.endswith(":") else answer
    return CardSpec(id=ids.card_id(lesson.id, "contrast", where, *sorted(ids.normalise(n) for n in names)),
                    lesson=lesson.id, source=Source.CONTRAST, form=Form.FLIP,
                    prompt=f"{' vs '.join(names)}: how do they differ?", answer=answer, file=lesson.file, line=line,
                    section=section)


def _compared(title: str) -> tuple[str, ...] | None:
    """The things a heading compares: "`re.search()` vs `re.match()`", "Overfitting vs Underfitting".

    None for a heading that names something else around the comparison ("The GET vs POST Pattern").
    """
    title = re.sub(r"^[^:]*:\s*", "", title) if ":" in title else title
    parts = [p.strip(" ?") for p in VS.split(title)]
    if len(parts) < 2 or any(not p or len(words(p)) > 3 for p in parts):
        return None
    if re.match(r"(?i)^(the|a|an)\s", parts[0]) or any(w[:1].isupper() and w[1:].islower()
                                                         for p in parts[1:] for w in p.split()[1:]):
        return None
    return tuple(p if i == 0 else _lower_first(p) for i, p in enumerate(parts))


def _parallel(text: str, spans: tuple[Span, ...]) -> tuple[str, str] | None:
    """The two subjects of a takeaway in two parallel halves, or None."""
    halves = _HALVES.split(text, maxsplit=1)
    if len(halves) != 2:
        return None
    first, second = halves
    code = [t for t in marked_terms(spans)]
    a = next((t for t in code if first.startswith(t)), None)
    b = next((t for t in code if second.startswith(t)), None)
    if a and b:
        # two of a kind ("sort()" and "sorted()"), and the second half one clause, not a list of others
        same_kind = a.endswith(")") == b.endswith(")") and a[:1].isupper() == b[:1].isupper()
        return (a, b) if a != b and same_kind and second.count(",") < 2 else None
    x, y = words(first), words(second)
    for i in range(1, min(2, len(x), len(y))):  # the subject is one word, or a word and the shared noun
        if stem(x[i]) == stem(y[i]) and x[:i] != y[:i] and x[i].lower() not in STOP_WORDS:
            # "Log returns are ...; simple returns are ...": the words before the shared noun differ
            a_words, b_words = x[: i + 1], y[: i + 1]
            if all(w.lower() not in STOP_WORDS for w in a_words[:i] + b_words[:i]):
                return _lower_first(" ".join(a_words)), " ".join(b_words)
        # "Stemming is fast ...; lemmatization is accurate ...": one word each, then the same verb
        if i == 1 and x[1].lower() == y[1].lower() and x[1].lower() in _LINKS and x[0].lower() != y[0].lower() \
                and x[0].lower() not in STOP_WORDS and y[0].lower() not in STOP_WORDS:
            return _lower_first(x[0]), y[0]
    return None


def _set_against(sentence: str, spans: tuple[Span, ...]) -> tuple[str, str] | None:
    """Two different marked terms on either side of "whereas", "unlike", "instead of" and the like."""
    marker = _SETS_AGAINST.search(sentence)
    if marker is None:
        return None
    terms = [t for t in marked_terms(spans) if t in sentence]
    before = [t for t in terms if sentence.find(t) < marker.start()]
    after = [t for t in terms if sentence.find(t, marker.end()) >= marker.end()]
    if not before or not after:
        return None
    a, b = before[0], next((t for t in after if t != before[0]), None)
    if b is None or ids.normalise(a) == ids.normalise(b):
        return None
    return a, b


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower():
        return text[:1].lower() + text[1:]
    return text
