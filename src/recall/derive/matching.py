"""Which section teaches each frontmatter concept: evidence for every word of it, or none.

A concept's distinctive words are its slug's words without stop words, words too
general to tell sections apart ("basics", "module") and the lesson's topic words (its
title's words, and words most of its concepts share: "list" in list-creation and
list-methods). Each distinctive word must be found in the section: in its heading
(any form of the word: "creation" and "Creating", "dict" and "Dictionaries"), or in
its opening prose. A concept never lands on a section that only shares a topic word
with it, so it cannot shift onto a neighbour; a concept with no such section is
reported, not paired with a wrong one.

Of the sections that qualify, the heading that names the concept wins: all its words
in the heading, and as little else in the heading as possible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from recall.derive.sections import is_meta_section
from recall.derive.words import GENERIC_WORDS, STOP_WORDS, Bag, is_acronym, related, split_code, words
from recall.lessons import BulletList, Lesson, Paragraph, Section
from recall.lessons.blocks import Block

#: how strongly a section is tied to a concept: all words in the heading, some, or only in its prose
NAMED, PARTLY_NAMED, IN_PROSE, INTRO = 3, 2, 1, 0


@dataclass(frozen=True)
class Match:
    concept: str
    section: Section
    name: str  # readable name, e.g. "global interpreter lock (GIL)"
    tier: int = NAMED
    about: tuple[str, ...] = ()  # its distinctive words, each found in the section


def slug_words(concept: str) -> list[str]:
    return [w for w in re.split(r"[-_]", concept) if w]


def heading_words(section: Section) -> list[tuple[str, bool]]:
    """(word, whole) for the heading's words; ``whole`` is False for one part of a longer code term."""
    out: list[tuple[str, bool]] = []
    for span in section.heading:
        if span.kind == "code":
            parts = split_code(span.text)
            out.extend((w, len(parts) == 1) for w in parts)
        else:
            out.extend((w, True) for w in words(span.text))
    return out


def _opening(section: Section) -> tuple[str, str]:
    """(the first paragraph, the first two paragraphs and the lists after them) as plain text."""
    paragraphs: list[str] = []
    prose: list[str] = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            if len(paragraphs) == 2:
                break
            paragraphs.append(block.text)
            prose.append(block.text)
        elif isinstance(block, BulletList) and paragraphs:
            prose.extend(item.text for item in block.items)
    return (paragraphs[0] if paragraphs else ""), " ".join(prose)


def _words_of(text: str) -> list[str]:
    return [w for token in words(text) for w in (split_code(token) if "_" in token else [token])]


class _Section:
    """What a section offers as evidence, computed once."""

    def __init__(self, section: Section, index: int, topic: list[str], intro: bool = False):
        self.section = section
        self.index = index
        self.intro = intro
        self.heading = heading_words(section)
        self.heading_lower = Bag(w for w, _ in self.heading)
        first, prose = _opening(section)
        self.first = [w.lower() for w in _words_of(first)]
        self.prose = Bag(_words_of(prose))
        self.content = [w for w, _ in self.heading
                        if w.lower() not in STOP_WORDS and w.lower() not in GENERIC_WORDS
                        and not any(related(w, t) for t in topic)]


#: stop words that are Python's own keywords: in a concept's slug they are what it is about ("with-statement")
KEYWORDS = frozenset("if else elif for while with from as is in not and or try except finally return yield "
                     "lambda global del pass break continue raise import class def async await".split())


class _Concept:
    def __init__(self, concept: str, topic: list[str], title: str):
        self.concept = concept
        slug = [w.lower() for w in slug_words(concept)]
        self.slug = slug
        self.key = [w for w in slug if w not in STOP_WORDS or w in KEYWORDS] or slug
        if self.key != slug and all(any(related(w, t) for t in topic + words(title.lower())) for w in self.key):
            self.key = slug  # "game-over" in a lesson on games: "over" is what tells it apart
        self.stops = [w for w in slug if w in STOP_WORDS]
        general = [w for w in self.key if w not in GENERIC_WORDS] or self.key
        distinctive = [w for w in general if not any(related(w, t) for t in topic)]
        self.is_topic = _about_the_lesson(self.key, title)
        self.distinctive = distinctive or general
        self.initials = "".join(w[0] for w in self.key) if len(self.key) >= 2 else ""


def topic_words(lesson: Lesson) -> list[str]:
    """The words most of a lesson's concepts share ("list" in list-creation, list-methods, list-mutability)."""
    slugs = [{w.lower() for w in slug_words(c)} - STOP_WORDS for c in lesson.concepts]
    counted = sorted({w for slug in slugs for w in slug})
    out = []
    for word in counted:
        n = sum(1 for slug in slugs if any(related(word, w) for w in slug))
        if n >= 2 and n * 2 >= len(slugs):
            out.append(word)
    return out


def _about_the_lesson(concept: list[str], title: str) -> bool:
    """A concept that names the lesson's own subject ("pytest-basics" in "pytest Fundamentals").

    The subject is the title's first part: "Variables" of "Variables and Assignment".
    """
    named = [w for w in concept if w not in GENERIC_WORDS]
    first = re.split(r"\s+(?:and|&|with|for|in)\s+|[:,(—–-]", title, maxsplit=1)[0]
    title_words = [w.lower() for w in words(first) if w.lower() not in STOP_WORDS and w.lower() not in GENERIC_WORDS]
    return bool(named) and bool(title_words) and \
        all(any(related(w, t) for t in title_words) for w in named) and \
        all(any(related(t, w) for w in named) for t in title_words)


def _in(word: str, bag) -> bool:
    if isinstance(bag, Bag):
        return word in bag
    return any(related(word, other) for other in bag)


def _score(c: _Concept, s: _Section) -> tuple[int, float] | None:
    """(tier, score) when the section has evidence for every distinctive word, else None."""
    if s.intro:
        if c.is_topic and all(_in(w, s.prose) for w in c.distinctive):
            return INTRO, 1.0
        return None
    in_heading = 0.0
    in_prose = 0
    for w in c.distinctive:
        found = [whole for h, whole in s.heading if related(w, h)]
        if found:
            in_heading += 1.0 if any(found) else 0.5
        elif _in(w, s.prose):
            in_prose += 1
        else:
            return None
    if c.initials and c.initials in s.heading_lower:
        in_heading = max(in_heading, len(c.distinctive))
    covered = sum(1 for h in s.content if _in(h, c.key) or h.lower() == c.initials) / len(s.content) \
        if s.content else 1.0  # "What Are Game States?" holds nothing but the concept's words
    if c.is_topic and (in_heading < len(c.distinctive) or covered < 1):
        return None  # the lesson's own subject: a heading that names only it ("What Is Pandas?"), or the intro
    bonus = 0.2 * sum(1 for w in c.stops if w in s.heading_lower)
    if in_heading >= len(c.distinctive):
        return NAMED, 10 + 3 * covered + bonus
    if in_heading >= 1:
        return PARTLY_NAMED, 5 + in_heading + 2 * covered + bonus
    if in_heading == 0 and _opens_with(c.key, s.first):
        return IN_PROSE, 1 + covered
    return None


def _opens_with(key: list[str], text: list[str]) -> bool:
    """The concept's words, one after another, as what the paragraph is about: within its first words.

    "The `contextlib` module makes ..." teaches contextlib; "Size positions based on
    volatility" only uses volatility.
    """
    n = len(key)
    return any(all(related(k, t) for k, t in zip(key, text[i:i + n])) for i in range(min(3, len(text) - n + 1)))


def candidates(lesson: Lesson) -> list[Section]:
    """Sections that can teach one idea: not the takeaways, mistakes or cards, not empty.

    A heading with nothing but subsections under it ("Essential String Methods" over
    "Case Methods" and "Searching") teaches through them: it gets their blocks.
    """
    out = []
    sections = lesson.sections
    for i, s in enumerate(sections):
        if s.level < 2 or is_meta_section(s):
            continue
        if s.blocks:
            out.append(s)
            continue
        under: list[Block] = []
        for t in sections[i + 1:]:
            if t.level <= s.level:
                break
            under.extend(t.blocks)
        if under:
            out.append(replace(s, blocks=tuple(under)))
    return out


_last: list = [None, None]  # (the lesson last matched, its matches): one build asks twice per lesson


def match(lesson: Lesson) -> list[Match]:
    """The concepts that found a section, in frontmatter order; each section teaches one concept."""
    if _last[0] is lesson:
        return list(_last[1])
    found = _match(lesson)
    _last[:] = [lesson, found]
    return list(found)


def _match(lesson: Lesson) -> list[Match]:
    topic = topic_words(lesson)
    sections = [_Section(s, i, topic) for i, s in enumerate(candidates(lesson))]
    intro = next((s for s in lesson.sections if s.level == 1 or not s.title), None)
    if intro is not None and any(isinstance(b, Paragraph) for b in intro.blocks):
        sections.append(_Section(intro, len(sections), topic, intro=True))
    concepts = [_Concept(c, topic, lesson.title) for c in lesson.concepts]
    options: dict[int, list[tuple[int, float, int]]] = {}
    for ci, concept in enumerate(concepts):
        found = []
        for s in sections:
            scored = _score(concept, s)
            if scored is not None:
                found.append((scored[0], scored[1], s.index))
        options[ci] = found
    # the strongest evidence first; a concept with fewer places to go before one with more
    ranked = sorted(((tier, score, -len(options[ci]), -si, ci, si) for ci in options
                     for tier, score, si in options[ci]), reverse=True)
    placed: dict[int, tuple[int, int]] = {}
    taken: set[int] = set()
    for tier, *_, ci, si in ranked:
        if ci not in placed and si not in taken:
            placed[ci] = (si, tier)
            taken.add(si)
    out = []
    for ci, concept in enumerate(concepts):
        if ci in placed:
            si, tier = placed[ci]
            section = sections[si].section
            out.append(Match(concept.concept, section, readable_name(concept.concept, section), tier,
                             tuple(concept.distinctive)))
    return out


#: the kinds of thing a name is said with "the" before ("the with statement")
_NAMED_BY_KIND = frozenset({"keyword", "statement", "module", "operator", "protocol", "decorator"})
#: slug words a person would not say in a question ("Explain: asyncio basics")
_LABEL_FILLER = frozenset({"basics", "basic", "fundamentals", "intro", "introduction", "overview", "essentials"})
#: words that rate what a heading names rather than narrow it ("Useful Standard Library")
_PRAISE = frozenset({"useful", "common", "important", "key", "main", "popular", "essential", "other", "more",
                     "further", "practical", "real", "simple", "quick", "great", "handy", "powerful"})
_ARTICLE = r"(?:(?P<article>the|a|an)\s+)?"
#: what a heading that compares puts between its two sides ("Overfitting vs Underfitting")
VS = re.compile(r"\s+(?:vs\.?|versus)\s+", re.IGNORECASE)
_JOINER = r"(?:[\s/-]+(?:(?:and|or|of|with|vs\.?|in|for|to|\.\.\.|…)\s+)?)"


def readable_name(concept: str, section: Section) -> str:
    """The concept as a person would say it: the heading's own wording where it names it, else the slug's words.

    "indexing-slicing" under "Indexing and Slicing" is "indexing and slicing", "singleton-module"
    under "The Singleton Module" is "the singleton module"; code, acronyms and names such as
    "OpenCV" keep their spelling.
    """
    slug = slug_words(concept)
    sides = VS.split(section.title)
    if len(sides) == 2 and sum(1 for side in sides if any(related(w, s) for w in words(side) for s in slug)) == 1:
        # one side of "The GET vs POST Pattern": the section teaches the comparison, and says so
        return " ".join(w if _keeps_case(w) or "`" in w else w.lower() for w in section.title.split())
    for span in section.heading:
        if span.kind == "code" and [w.lower() for w in split_code(span.text)] == [w.lower() for w in slug]:
            return span.text
    spelled = {w.lower(): w for w, _ in heading_words(section) if _keeps_case(w)}
    phrase = _phrase_pattern(tuple(slug)).search(section.title) if section.heading else None
    if phrase and all(related(w, found) for w, found in zip(slug, phrase.groups()[1:])):
        text = phrase.group(0)
        qualifier = re.search(r"([A-Za-z][\w-]*)\s+$", section.title[:phrase.start()])
        said = qualifier.group(1).lower() if qualifier else ""
        if qualifier and qualifier.start() == 0 and not phrase.group("article") and not said.endswith("ing") \
                and said not in STOP_WORDS and said not in _LABEL_FILLER and said not in _PRAISE:
            text = f"{qualifier.group(1)} {text}"  # "Circle Collision Detection" teaches circles only
        after = section.title[phrase.end():].lstrip()
        if phrase.group("article") and after and not after.startswith(("(", ":", "?")):
            text = text[len(phrase.group("article")):].lstrip()  # "the" belongs to a longer phrase
        name = " ".join(spelled.get(w.lower(), w.lower()) for w in text.split())
    else:
        named = [w for w in slug if w not in _LABEL_FILLER] or slug  # "asyncio-basics" is about asyncio
        kind = named[-1] in _NAMED_BY_KIND and len(named) > 1  # "the yield keyword" reads well as it is
        name = _from_heading(named, section, spelled) or (not kind and _code_heading(named, section)) or \
            " ".join(spelled.get(w, w) for w in named)
    initials = "".join(w[0] for w in slug if w not in STOP_WORDS)
    if len(slug) > 1 and initials in spelled and spelled[initials] not in name:
        name += f" ({spelled[initials]})"
    if len(name.split()) > 1 and name.split()[-1] in _NAMED_BY_KIND and name.split()[0] not in ("the", "a", "an"):
        name = f"the {name}"  # "the yield keyword", "the threading module"
    return name


@lru_cache(maxsize=1024)
def _phrase_pattern(slug: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b" + _ARTICLE + _JOINER.join(rf"({re.escape(w)}\w*)" for w in slug) + r"\b", re.IGNORECASE)


def _from_heading(slug: list[str], section: Section, spelled: dict[str, str]) -> str:
    """The heading's words, its acronym last: "stacks (LIFO)" for stack-lifo under "Stacks: Last In, ... (LIFO)"."""
    found = [w for w, _ in heading_words(section)]
    acronyms = [w for w in slug if w in spelled and is_acronym(spelled[w])]
    plain = [w for w in slug if w not in acronyms]
    if not acronyms or not plain:
        return ""
    words_of = [next((h for h in found if related(w, h) and not is_acronym(h)), None) for w in plain]
    if any(h is None for h in words_of):
        return ""
    return " ".join(h if _keeps_case(h) else h.lower() for h in words_of if h) + \
        " " + " ".join(f"({spelled[a]})" for a in acronyms)


def _code_heading(slug: list[str], section: Section) -> str:
    """A short heading that holds one of the concept's words as code is its label ("the __name__ variable")."""
    code = [span.text for span in section.heading if span.kind == "code"]
    first = section.title.split(" ", 1)[0].lower()
    if first.endswith("ing") or first in ("how", "what", "why", "when"):
        return ""  # "Using `itertools`" names a task, not the thing
    if not code or len(words(section.title)) > 5 or not any(
            any(related(w, part) for part in split_code(c)) for w in slug for c in code):
        return ""
    return " ".join(w if (_keeps_case(w) or "_" in w or "(" in w) else w.lower() for w in section.title.split())


def _keeps_case(word: str) -> bool:
    """Acronyms and names with capitals inside ("GIL", "OpenCV") keep their case in a label."""
    return is_acronym(word) or any(c.isupper() for c in word[1:])
