"""Concept cards: each frontmatter concept matched to the section that teaches it.

Matching is by evidence, not by name tables: the concept slug's words against the
heading's words (stems, acronyms, words inside inline code) and, more weakly, the
section's first paragraph. Each concept lands on its own section; the best-scoring
pairs are taken first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from recall.derive import ids
from recall.derive.sections import explanation, has_prose, is_meta_section
from recall.derive.words import GENERIC_WORDS, STOP_WORDS, is_acronym, stem, words
from recall.lessons import Lesson, Paragraph, Section
from recall.model import CardSpec, Form, Problem, Source, warning

MASK = "＿＿＿"


@dataclass(frozen=True)
class Match:
    concept: str
    section: Section
    name: str  # readable name, e.g. "global interpreter lock (GIL)"


def derive(lesson: Lesson) -> tuple[list[CardSpec], list[Problem]]:
    matches = match(lesson)
    out: list[CardSpec] = []
    names = [m.name for m in matches]
    for m in matches:
        answer = explanation(m.section)
        common: dict[str, Any] = dict(lesson=lesson.id, source=Source.CONCEPT, file=lesson.file,
                      line=m.section.line, section=m.section.title)
        out.append(CardSpec(id=ids.card_id(lesson.id, "concept", m.concept, "flip"), form=Form.FLIP,
                            prompt=f"Explain: {m.name}", answer=answer, **common))
        others = [n for n in names if n != m.name]
        if others:
            out.append(CardSpec(
                id=ids.card_id(lesson.id, "concept", m.concept, "choice"), form=Form.CHOICE,
                prompt=f"Which idea does this describe?\n\n{mask(answer, m)}", answer=m.name,
                choices=tuple(sorted([m.name, *others], key=str.casefold)),
                explanation=f"{m.name}: see “{m.section.title}”.", **common))
    found = {m.concept for m in matches}
    problems = [warning(lesson.file, lesson.key_line("concepts"),
                        f"concept '{c}' matches no section; write a section that teaches it or drop it")
                for c in lesson.concepts if c not in found]
    return out, problems


def cards(lesson: Lesson) -> list[CardSpec]:
    return derive(lesson)[0]


def match(lesson: Lesson) -> list[Match]:
    """The concepts that found a section, in frontmatter order."""
    candidates = [_Features(s) for s in lesson.sections
                  if s.level >= 2 and not is_meta_section(s) and has_prose(s)]
    scored = []
    for ci, concept in enumerate(lesson.concepts):
        slug = _Slug(concept)
        for si, features in enumerate(candidates):
            score = _score(slug, features)
            if score > 0:
                scored.append((-score, ci, si))
    scored.sort()
    taken_concepts: dict[int, int] = {}
    taken_sections: set[int] = set()
    for _, ci, si in scored:
        if ci not in taken_concepts and si not in taken_sections:
            taken_concepts[ci] = si
            taken_sections.add(si)
    out = []
    for i, concept in enumerate(lesson.concepts):
        if i in taken_concepts:
            section = candidates[taken_concepts[i]].section
            out.append(Match(concept, section, readable_name(concept, section)))
    return out


def _slug_words(concept: str) -> list[str]:
    return [w for w in re.split(r"[-_]", concept) if w]


def _heading_words(section: Section) -> list[str]:
    """Heading words, with inline code split on dots and underscores."""
    out: list[str] = []
    for span in section.heading:
        out.extend(words(span.text) if span.kind != "code" else re.split(r"[._\W]+", span.text))
    return [w for w in out if w]


def _first_paragraph(section: Section) -> str:
    """The first paragraph as written (raw Markdown is fine for its words)."""
    for block in section.blocks:
        if isinstance(block, Paragraph):
            return block.source
    return ""


class _Features:
    """What a section offers as evidence, computed once per section."""

    def __init__(self, section: Section):
        self.section = section
        heading = _heading_words(section)
        self.head_exact = {w.lower() for w in heading}
        self.head_stems = {stem(w) for w in heading}
        self.para_stems = {stem(w) for w in words(_first_paragraph(section))}
        self.content = [w for w in heading if w.lower() not in STOP_WORDS]


class _Slug:
    """A concept's words, as _score weighs them, computed once per concept."""

    def __init__(self, concept: str):
        self.key = [w.lower() for w in _slug_words(concept) if w.lower() not in STOP_WORDS]
        self.initials = "".join(w[0] for w in self.key)
        self.stems = [stem(w) for w in self.key]
        self.weights = [0.3 if w in GENERIC_WORDS else 1.0 for w in self.key]
        self.distinctive = [s for w, s in zip(self.key, self.stems) if w not in GENERIC_WORDS]
        self.covering = set(self.stems) | {self.initials}


def _score(slug: _Slug, f: _Features) -> float:
    score = 0.0
    strong = False
    for w, s, weight in zip(slug.key, slug.stems, slug.weights):
        if w in f.head_exact:
            score += 3 * weight
        elif s in f.head_stems:
            score += 2.5 * weight
        elif s in f.para_stems:
            score += 1 * weight
            continue
        else:
            continue
        strong = strong or weight == 1.0
    initials = slug.initials
    if len(initials) >= 2 and initials in f.head_exact:
        score += 3
        strong = True
    # without a heading match, every distinctive word must be in the first paragraph
    if not strong and (not slug.distinctive or any(s not in f.para_stems for s in slug.distinctive)):
        return 0.0
    if f.content:
        covered = sum(1 for w in f.content if stem(w) in slug.covering or w.lower() in slug.covering)
        score += 2 * covered / len(f.content)
    return score


def readable_name(concept: str, section: Section) -> str:
    """The concept as a person would say it, borrowing code and acronyms from its heading."""
    slug = _slug_words(concept)
    for span in section.heading:
        if span.kind == "code" and [w.lower() for w in re.split(r"[._\W]+", span.text) if w] == slug:
            return span.text
    upper = {w.lower(): w for w in _heading_words(section) if is_acronym(w)}
    phrase = re.search(r"[\s-]+".join(map(re.escape, slug)), section.title, re.IGNORECASE)
    spelled = phrase.group(0).lower().split() if phrase else slug  # the heading's "first-class"
    name = " ".join(upper.get(w, w) for w in spelled)
    initials = "".join(w[0] for w in slug if w not in STOP_WORDS)
    if len(slug) > 1 and initials in upper:
        name += f" ({upper[initials]})"
    return name


def mask(text: str, m: Match) -> str:
    """Hide the words that would give the concept away."""
    slug = [w for w in _slug_words(m.concept) if w not in STOP_WORDS and w not in GENERIC_WORDS]
    stems = {stem(w) for w in slug}
    initials = "".join(w[0] for w in _slug_words(m.concept) if w not in STOP_WORDS)
    text = text.replace(m.name, MASK)
    hidden = {w for w in set(words(text))
              if stem(w) in stems or (len(initials) >= 2 and w.lower() == initials)}
    if not hidden:
        return text
    alternatives = "|".join(map(re.escape, sorted(hidden, key=len, reverse=True)))
    return re.sub(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])", MASK, text)
