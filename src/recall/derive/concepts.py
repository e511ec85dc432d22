"""Concept cards: each frontmatter concept, asked about through the section that teaches it.

The flip card asks for the idea and answers with the section's substance: its first
sentence worth remembering (with the list it opens), the next one as explanation. A
multiple-choice card ("which idea is this?") comes only when the section says a
second thing about the concept, so the two never ask the same, and only with two
plainly wrong names beside the right one.
"""

from __future__ import annotations

import re
from typing import Any

from recall.derive import ids
from recall.derive.distractors import MAX_CHOICES, MIN_CHOICES, choose
from recall.derive.matching import Match, match, slug_words, topic_words
from recall.derive.sentences import content
from recall.derive.substance import Substance, item_head, substance
from recall.derive.takeaways import gapped
from recall.derive.words import GENERIC_WORDS, STOP_WORDS, initials, is_acronym, related, words
from recall.lessons import Lesson, Paragraph
from recall.model import CardSpec, Form, Problem, Source, warning

__all__ = ["MASK", "Match", "cards", "derive", "mask", "match"]

MASK = "＿＿＿"
_PRONOUN = re.compile(r"^(It|This|They|These|Such an?)\b(?! (?:is|are) (?:a|an|the) (?:good|common|key|great))")


def derive(lesson: Lesson) -> tuple[list[CardSpec], list[Problem]]:
    matches = match(lesson)
    topic = topic_words(lesson)
    names = [m.name for m in matches]
    out: list[CardSpec] = []
    problems: list[Problem] = []
    for m in matches:
        known = [w for w in words(m.name) if w.lower() not in STOP_WORDS]
        found = substance(m.section, known, list(m.about))
        if found is None:
            problems.append(warning(lesson.file, m.section.line,
                                    f"concept '{m.concept}' is taught in “{m.section.title or lesson.title}” without "
                                    "a sentence that explains it (only code, a table, a lead-in or a short opener, or "
                                    "for one thing against another, one side only); no card from it"))
            continue
        common: dict[str, Any] = dict(lesson=lesson.id, source=Source.CONCEPT, file=lesson.file,
                                      line=m.section.line, section=m.section.title)
        answer = found.answer.text
        gapped = _bold_gap(m, answer)
        if gapped is not None:
            # "Explain: color spaces" -> "OpenCV uses BGR by default": a side fact, asked as itself
            out.append(CardSpec(id=ids.card_id(lesson.id, "concept", m.concept, "flip"), form=Form.CLOZE,
                                prompt=gapped[0], answer=gapped[1], explanation=found.explanation, **common))
            continue
        explanation = found.explanation
        # "Explain: return values" -> "Functions can send a value back using return." says the name again; the
        # sentence after it ("Without return, a function gives back None"), or else the first of the next
        # paragraph ("To "change" a string, you create a new one." after its code), is what to recall with it
        told = explanation or (found.following.text if found.following is not None else "")
        if told and _thin(answer, m.name, lesson.title) and "\n" not in told and "\n" not in answer and \
                len(answer) + len(told) <= _JOINED:
            answer, explanation = f"{answer} {told}", ""
        prompt = _question(_unspelled(m.name, m.section.title), answer)
        spelled = _letters(answer) if _spelled_out(m.name, answer) and not explanation else None
        if spelled is not None:
            # "What does each letter of OHLCV stand for?" -> Open, High, Low, Close, Volume; what each is explains
            answer, explanation = spelled
        out.append(CardSpec(id=ids.card_id(lesson.id, "concept", m.concept, "flip"), form=Form.FLIP,
                            prompt=prompt, answer=answer, explanation=explanation, **common))
        # the lesson's title is above every card: "which idea is this?" -> LangChain, in a lesson on LangChain
        reverse = None if _titled(m.name, lesson.title) else _reverse(m, found, names, topic)
        if reverse is not None:
            shown, choices = reverse
            named = answer if _opens_with_name(answer, m) else f"{m.name[:1].upper()}{m.name[1:]}: {answer}"
            out.append(CardSpec(
                id=ids.card_id(lesson.id, "concept", m.concept, "choice"), form=Form.CHOICE,
                prompt=f"Which idea does this describe?\n\n{shown}", answer=m.name, choices=choices,
                explanation=named, **common))
    found_concepts = {m.concept for m in matches}
    problems += [warning(lesson.file, lesson.key_line("concepts"),
                         f"concept '{c}' matches no section; write a section that teaches it or drop it")
                 for c in lesson.concepts if c not in found_concepts]
    return out, problems


def _unspelled(name: str, heading: str) -> str:
    """The name without the acronym its heading spells out ("stacks (LIFO)" under "Stacks: Last In, First Out
    (LIFO)"): "Explain: stacks (LIFO)" would hand over the gist with the question."""
    own = initials(re.sub(r"\(.*?\)", "", name))  # "retrieval-augmented generation (RAG)" names itself: kept
    kept = re.sub(r"\s*\(([A-Z]{3,})\)", lambda m: "" if m[1] in initials(heading) and m[1] not in own else m[0],
                  name)
    return kept if kept.strip() else name


#: the longest answer of two sentences joined
_JOINED = 240
#: words an answer must say beyond the concept's name and the lesson's title, to say something of its own
_OWN_WORDS = 3


def _thin(answer: str, name: str, title: str) -> bool:
    """Whether a one-sentence answer says fewer than three words of its own beside the concept's name and the
    lesson's title ("The most common pattern: count occurrences" for frequency counting)."""
    asked = [w for w in words(f"{name} {title}") if w.lower() not in STOP_WORDS]
    own = {w.lower() for w in words(answer) if w.lower() not in STOP_WORDS and w.lower() not in GENERIC_WORDS
           and w.lower() not in _MODALS and not any(related(w, a) for a in asked)}
    return len(own) < _OWN_WORDS


#: words that only say how something holds ("Strings cannot be changed"), not what it is
_MODALS = frozenset("can cannot can't could must should will would may might".split())


def _bold_gap(m: Match, answer: str) -> tuple[str, str] | None:
    """(the sentence with its bold term gapped, the term) when the answer, one sentence, names no word of
    the idea and the lesson marks a term in it ("OpenCV uses **BGR** by default (not RGB)." for color
    spaces): "Explain: color spaces" asks for more than it says, a gap on its term asks what it says."""
    if "\n" in answer or any(related(w, a) for w in words(m.name) if w.lower() not in STOP_WORDS
                              for a in words(answer)):
        return None
    for block in m.section.blocks:
        if not isinstance(block, Paragraph) or answer.rstrip(".:") not in block.text:
            continue
        bold = [span.text.strip() for span in block.spans if span.kind == "strong" and span.text.strip()]
        inside = [term for term in bold if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", answer)]
        if len(inside) == 1 and answer.count(inside[0]) == 1:
            start = answer.index(inside[0])
            return gapped(answer, start, start + len(inside[0])), inside[0]
    return None


def _titled(name: str, title: str) -> bool:
    """Whether every word of a concept's name shows in the lesson's title (in any form)."""
    named = [w for w in words(name) if w.lower() not in STOP_WORDS]
    return bool(named) and all(any(related(w, t) for t in words(title)) for w in named)


def cards(lesson: Lesson) -> list[CardSpec]:
    return derive(lesson)[0]


#: how a sentence that is a rule starts ("Always validate input on the server.")
_RULE = re.compile(r"^(?:always|never|don't|do not|avoid|prefer|make sure|remember to)\b", re.IGNORECASE)


#: a sentence that lists what its subject is made of ("A URL has several parts: scheme, host, path")
_PARTS = re.compile(r"^(?P<whole>(?:(?:an?|the)\s+)?[\w-]+(?:\s+[\w-]+){0,3}?)\s+(?:has|have|consists? of|"
                    r"is made (?:up )?of)\s+(?:several|a few|some|many|two|three|four|five|six|\d+)?\s*"
                    r"(?P<kind>parts|components|pieces|elements|fields|layers|stages|steps|phases)\s*:\s*\S",
                    re.IGNORECASE)


#: a sentence that gives the form code takes ("The basic syntax is [expression for item in iterable].",
#: "Use {key: value for item in iterable}.")
_SYNTAX = re.compile(r"^(?:(?:the|its)\s+(?:basic\s+|general\s+)?syntax\s+(?:is|looks like)\b|(?:use|write)\s+[\[{(])",
                     re.IGNORECASE)


def _question(name: str, answer: str) -> str:
    """ "What is X?" when the answer defines X by name, "What is the rule for X?" when it is a rule
    ("Always validate user input on the server."), "What is the syntax of X?" when it gives the form
    code takes, "What does each letter of X stand for?" when its list spells the acronym X, else
    "Explain: X"."""
    first = answer.split("\n", 1)[0]
    spelled = _spelled_out(name, answer)
    if spelled:
        return f"What does each letter of {spelled} stand for?"
    if _RULE.match(first):
        return f"What is the rule for {name}?"
    if _SYNTAX.match(first):
        return f"What is the syntax of {name}?"
    parts = _PARTS.match(first)
    if parts and any(related(w, n) for w in words(parts.group("whole")) for n in words(name)):
        # "A URL has several parts: scheme, host, ..." answers what its parts are, not all of "Explain: URLs"
        whole = parts.group("whole")
        whole = whole[:1].lower() + whole[1:] if re.match(r"^(?:A|An|The)\s", whole) else whole
        return f"What are the {parts.group('kind').lower()} of {whole}?"
    defined = re.match(rf"^(?:(a|an|the)\s+)?{re.escape(name)}\s+(is|are)\s", first, re.IGNORECASE)
    if defined and not name.lower().startswith(("the ", "a ", "an ")):
        article = f"{defined.group(1).lower()} " if defined.group(1) else ""
        return f"What {defined.group(2).lower()} {article}{name}?"
    part = _defined_part(name, first)
    if part is not None:
        # "Explain: collision handling" -> "A collision occurs when two keys hash to one bucket.": the
        # sentence says what a collision is, not how it is handled
        return f"What is {part}?"
    return f"Explain: {name}"


def _defined_part(name: str, first: str) -> str | None:
    """The first words of the concept's name, with their article, when the answer defines just them ("a
    collision" of "collision handling" in "A collision occurs when ..."), or None."""
    named = name.split()
    if len(named) < 2 or not all(w.isalpha() for w in named):
        return None
    for cut in range(len(named) - 1, 0, -1):
        head = " ".join(named[:cut])
        found = re.match(rf"^(a|an)\s+{re.escape(head)}\s+(?:is|occurs|happens|means)\b(?!\s+\w+ed\b|\s+"
                         r"(?:made|done|written|given|known|seen|taken|thrown|run|built|kept|set|put|caught|"
                         r"found|held|shown|sent|read|left|brought)\b)", first, re.IGNORECASE)
        rest = [w for w in named[cut:] if not any(related(w, s) for s in words(first))]
        if found and rest:  # "An exception is raised ... a try block catches it": passive, and no definition
            return f"{found.group(1).lower()} {head}"
    return None


#: a list item's first letter ("- Open: Price at the start", "- **High**")
_ITEM_LETTER = re.compile(r"^- \W*([A-Za-z])")


def _spelled_out(name: str, answer: str) -> str | None:
    """The acronym in the concept's name whose letters the answer's list spells, an item per letter
    ("OHLCV": Open, High, Low, Close, Volume), or None."""
    items = [_ITEM_LETTER.match(line) for line in answer.split("\n")[1:]]
    if len(items) < 2 or not all(items):
        return None
    letters = "".join(item.group(1) for item in items if item).upper()
    return next((w for w in words(name) if is_acronym(w) and w.upper() == letters), None)


def _letters(answer: str) -> tuple[str, str] | None:
    """(the words an acronym's list spells, the list) of an answer that ``_spelled_out`` reads, when each item
    names its word before what it says ("- Open: Price at the start ..."): the words answer the card, the
    items explain them. None when an item gives no such word ("- C — Create: ..." heads with its letter)."""
    items = [re.sub(r"^[-*+]\s+", "", line.strip()) for line in answer.split("\n")[1:]]
    heads = [item_head(item) or (item if len(words(item)) <= 3 else "") for item in items]
    if not all(len(head) > 1 and head[:1].isalpha() and len(words(head)) <= 3 for head in heads):
        return None
    return ", ".join(heads), "" if heads == items else "\n".join(f"- {item}" for item in items)


def _reverse(m: Match, found: Substance, names: list[str], topic: list[str]) -> tuple[str, tuple] | None:
    """(the masked sentence, the options) for "which idea is this?", from a second thing the section says."""
    # words every name shares ("pattern" in each pattern's name) tell nothing; a word only some share does:
    # "stack LIFO" is no plainly wrong name beside "monotonic stack"
    shared = [w for w in topic if all(any(related(w, x) for x in words(n)) for n in names)]
    others = choose(m.name, [n for n in names if n != m.name], shared)
    if len(others) + 1 < MIN_CHOICES:
        return None
    answer = found.answer
    for said in found.more:
        if "\n" in said.text or answer.text in said.text or said.text in answer.text:
            continue  # a sentence with its list is an answer, not a riddle; the flip's own answer asks the same
        # "It is fast but crude" stands for the concept only right after a sentence that names it first
        after_answer = (said.paragraph, said.sentence - 1) == (answer.paragraph, answer.sentence)
        shown = mask(said.text, m, pronoun=after_answer and _opens_with_name(answer.text, m))
        # the idea as the sentence's subject: in "Each frame, add ___ to the velocity" grammar picks the option
        if shown is not None and shown.startswith(MASK):
            choices = tuple(sorted([m.name, *others][:MAX_CHOICES], key=str.casefold))
            return shown, choices
    return None


def _opens_with_name(text: str, m: Match) -> bool:
    """Whether a sentence starts with the concept's name ("A monotonic stack keeps ...", "Stemming chops ...")."""
    bare = re.sub(r"\s*\(.*\)$", "", m.name)
    bare = re.sub(r"^(?:the|a|an)\s+", "", bare, flags=re.IGNORECASE)
    lead = re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE).lower()
    stems = [w for w in words(bare)]
    said = words(lead)[:len(stems)]
    return bool(stems) and len(said) == len(stems) and all(related(a, b) for a, b in zip(stems, said))


def mask(text: str, m: Match, pronoun: bool = True) -> str | None:
    """The sentence with the concept's name (or the pronoun standing for it) hidden, or None.

    None when the sentence is not about the concept, or would still give it away: a word
    of the name left visible, or so much hidden that little is left to read.
    """
    slug = [w for w in slug_words(m.concept) if w not in STOP_WORDS]
    names = sorted({m.name, re.sub(r"\s*\(.*\)$", "", m.name), " ".join(slug)}, key=len, reverse=True)
    shown = text
    for name in names:
        if len(name) >= 2:
            shown = re.sub(rf"(?<![\w]){re.escape(name)}(?![\w])", MASK, shown, flags=re.IGNORECASE)
    acronym = re.search(r"\(([A-Z]{2,})\)$", m.name)
    if acronym:
        shown = re.sub(rf"(?<!\w){acronym.group(1)}s?(?!\w)", MASK, shown)
    shown = re.sub(rf"(?:(?:the|a|an)\s+)?{MASK}", MASK, shown, flags=re.IGNORECASE)
    if MASK not in shown:
        leading = _PRONOUN.match(shown) if pronoun else None
        if leading is None:
            return None
        shown = MASK + shown[leading.end():]
    if any(related(w, s) for w in words(shown) for s in slug if len(w) > 2):
        return None  # the name is still there in another form
    if len(content(shown.replace(MASK, " "))) < 3:
        return None
    return shown
