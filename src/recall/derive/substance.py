"""What a section actually says: its first sentence worth remembering, with the list that sentence opens.

A lesson's sections often open with a lead-in ("There are two types:", "Here is a
complete example.") whose substance is the code or list after it, or with a sentence
that only repeats the heading ("Document your functions with docstrings."). Those are
never an answer: the first sentence that says something is, with the list it
introduces (trimmed to the items' names when they run long). The sentence after it,
if it says something too, explains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from recall.derive import sentences
from recall.derive.words import STOP_WORDS, related, words
from recall.lessons import BulletList, Paragraph, Section

_MAX_ANSWER = 420
_PRONOUN = re.compile(r"\b(?:them|they|their)\b", re.IGNORECASE)
_MAX_ITEMS = 7
_PARAGRAPHS = 3  # how far into a section its substance may start


@dataclass(frozen=True)
class Said:
    """One sentence worth remembering, with the list it opens, and where it stands."""

    text: str
    paragraph: int
    sentence: int
    alone: bool = True  # readable without the sentence before it
    #: the list after a sentence that says something itself: it explains, it is not the answer
    opened: str = ""
    #: False for a sentence that sets its subject against another ("Instead of relying on training data
    #: alone, you retrieve documents"): it can explain the sentence before it, never answer alone
    answers: bool = True

    @property
    def whole(self) -> str:
        """The sentence with the list it opens, as an explanation shows it."""
        if not self.opened:
            return self.text
        if "\n" in self.text:  # "Each pixel has values:\n- Grayscale\n- Color": the list's names, then the list
            return f"{self.text.split(chr(10), 1)[0]}\n{self.opened}"
        return f"{self.text.rstrip('.')}:\n{self.opened}"


@dataclass(frozen=True)
class Substance:
    answer: Said
    more: tuple[Said, ...]  # the section's other sentences worth remembering, in order

    @property
    def following(self) -> Said | None:
        """The first sentence of the paragraph after the answer's, when it says something alone."""
        return next((s for s in self.more if s.paragraph == self.answer.paragraph + 1 and s.sentence == 0
                     and s.alone and s.answers and "\n" not in s.text), None)

    @property
    def explanation(self) -> str:
        """The list the answer opens, or the sentence right after it when that says something too."""
        if self.answer.opened:
            return self.answer.opened
        at = (self.answer.paragraph, self.answer.sentence + 1)
        return next((s.whole for s in self.more if (s.paragraph, s.sentence) == at), "")


def substance(section: Section, known: list[str], about: list[str] = ()) -> Substance | None:  # type: ignore[assignment]
    """The section's substance for a card whose prompt already holds the words ``known``.

    The answer stands on its own and comes from the section's first paragraph (of its
    sentences, the one naming most of ``about``, the idea asked for), else from a later
    paragraph that names all of ``about``.
    """
    said = statements(section, known)
    found = _substance(section, said, known, about)
    sides = _sides(about)
    return found if found is None or sides is None else _both_sides(found, section, sides)


def _substance(section: Section, said: list[Said], known: list[str], about: list[str]) -> Substance | None:
    opens = bool(section.blocks) and isinstance(section.blocks[0], Paragraph)  # not code, then the paragraph
    answering = [s for s in said if s.answers]
    opening = [s for s in answering if s.paragraph == 1 and s.alone and opens and not _hook(s.text, about)]
    later = [s for s in answering if (s.paragraph > 1 or not opens) and s.alone and
             _named(s.text, about) == len(about)]
    pool = [s for s in opening or later if not _leans_back(s, said)]
    if known and _only_context(section.title, known):
        # "Using Variables in Print": the heading is about something done in print; an answer that never
        # says "print" teaches that other thing (f-strings), not print
        pool = [s for s in pool if _named(s.text, known)]
    if not pool:
        return None
    first = max(pool, key=lambda s: (_named(s.text, about), -s.paragraph, -s.sentence))
    after = next((s for s in answering if s.paragraph == first.paragraph and s.sentence == first.sentence + 1
                  and "\n" not in s.text and "\n" not in first.text), None)
    key = [a for a in about if a.lower() not in STOP_WORDS]
    halves = after is not None and _parallel(first.text, after.text)  # "When run directly, ... When imported, ..."
    spelled = _SPELLS_OUT.search(first.text) is not None and len(sentences.split(first.text)) == 1  # a name only
    if spelled and after is None:
        return None  # "AABB stands for Axis-Aligned Bounding Box." and nothing said of it: a name, no answer
    if after is not None and (halves or spelled or (_named(first.text, key) < len(key) and
                              _named(f"{first.text} {after.text}", key) == len(key))) \
            and len(first.text) + len(after.text) < 300:
        # "Parameters are the names in the definition. Arguments are the values passed in.": an idea of
        # two things is answered by the sentences that name both
        joined = Said(f"{first.text} {after.text}", first.paragraph, after.sentence, opened=after.opened)
        return Substance(joined, tuple(s for s in said if s.paragraph != first.paragraph
                                       or s.sentence not in (first.sentence, after.sentence)))
    before = next((s for s in answering if s.paragraph == first.paragraph and s.sentence == first.sentence - 1
                   and s.alone and "\n" not in s.text), None)
    if before is not None and (_PRONOUN.search(first.text) or _OBJECT_IT.search(first.text)) \
            and len(before.text) + len(first.text) < 300:
        # "A plain wrapper hides its name. functools.wraps copies them over": the pronoun needs its sentence
        first = Said(f"{before.text} {first.text}", first.paragraph, first.sentence, opened=first.opened)
        return Substance(first, tuple(s for s in said if s.paragraph != first.paragraph
                                      or s.sentence not in (before.sentence, first.sentence)))
    more = tuple(s for s in said if s is not first and (s.paragraph, s.sentence) != (first.paragraph, first.sentence))
    fragment = _fragment_before(section, first)
    if fragment:
        # "No labels. The model finds structure on its own:": the paragraph's terse opening is half the answer
        first = Said(f"{fragment} {first.text}", first.paragraph, first.sentence, first.alone, first.opened)
    return Substance(first, more)


def _fragment_before(section: Section, said: Said) -> str:
    """The paragraph's first sentence when it stands right before ``said`` and is a fragment of at most three
    words that names something ("No labels.", "Immutable."), not a question, a pointer or an opener."""
    if said.sentence != 1:
        return ""
    opening = dict(_sentences(section)).get((said.paragraph, 0), "")
    found = words(opening)
    if not opening.endswith(".") or not found or len(found) > 3 or sentences.points_ahead(opening) or \
            opening.lower().startswith(sentences.OPENERS) or all(w.lower() in STOP_WORDS for w in found):
        return ""
    return opening


#: "it" within a sentence's first five words, not a subject that says something of itself ("it is",
#: "it helps"): "NLP preprocessing transforms it into tokens" means a thing named in the sentence before
#: ("... and display it" points at a noun of its own sentence)
_OBJECT_IT = re.compile(r"^(?:(?!\band\b|\bor\b|\bthen\b)[^\s,;:]+\s+){1,4}it\b"
                        r"(?!'|\s+(?:is|was|easy|easier|hard|harder|possible|impossible|simple|clear|"
                        r"difficult|safe|necessary|worth|helps|pays|makes|takes|works|seems|matters|means|"
                        r"depends|happens|turns|gets)\b)", re.IGNORECASE)


_VERSUS = frozenset({"vs", "versus"})


def _sides(about: list[str]) -> tuple[list[str], list[str]] | None:
    """The two sides of an idea that sets one thing against another ("comparison vs non-comparison"), by
    the words that tell them apart ("comparison", "non"), or None."""
    at = next((i for i, a in enumerate(about) if a.lower() in _VERSUS), None)
    if at is None:
        return None
    left = [a for a in about[:at] if a.lower() not in STOP_WORDS]
    right = [a for a in about[at + 1:] if a.lower() not in STOP_WORDS]
    if not left or not right:
        return None
    own_left = [a for a in left if not any(related(a, b) for b in right)] or left
    own_right = [b for b in right if not any(related(b, a) for a in left)] or right
    return own_left, own_right


def _both_sides(found: Substance, section: Section, sides: tuple[list[str], list[str]]) -> Substance | None:
    """An answer to "A vs B" that names one side teaches half of it: the sentences after it, up to the first
    that names the other side (within the next paragraph), complete it; else there is no answer."""
    def covers(text: str) -> bool:
        return all(_named(text, side) == len(side) for side in sides)

    answer = found.answer
    if covers(answer.text):
        return found
    if "\n" in answer.text:
        return None
    text = answer.text
    for place, sentence in _sentences(section):
        if place <= (answer.paragraph, answer.sentence) or sentence in text:
            continue
        if place[0] > answer.paragraph + 1 or len(text) + len(sentence) > _MAX_ANSWER:
            return None
        text = f"{text} {sentence[:-1].rstrip() + '.' if sentence.endswith(':') else sentence}"
        if covers(text):
            return Substance(Said(text, *place), tuple(m for m in found.more if (m.paragraph, m.sentence) > place))
    return None


def _sentences(section: Section) -> list[tuple[tuple[int, int], str]]:
    """The sentences of the section's opening paragraphs as written, numbered as ``statements`` numbers them."""
    out: list[tuple[tuple[int, int], str]] = []
    paragraphs = [block for block in section.blocks if isinstance(block, Paragraph)][:_PARAGRAPHS]
    for p, block in enumerate(paragraphs, start=1):
        out.extend(((p, n), sentence) for n, sentence in enumerate(sentences.split(block.text)))
    return out


def _leans_back(said: Said, every: list[Said]) -> bool:
    """A sentence whose "it" needs the sentence before it, which it cannot take along (that one leans
    back itself, or the two run too long): "NLP preprocessing transforms it into tokens"."""
    if not _PRONOUN.search(said.text) and not _OBJECT_IT.search(said.text):
        return False
    before = next((s for s in every if s.paragraph == said.paragraph and s.sentence == said.sentence - 1
                   and s.alone and s.answers and "\n" not in s.text and len(s.text) + len(said.text) < 300), None)
    return before is None and bool(_OBJECT_IT.search(said.text))  # (them/they with no sentence: kept as it was)


#: a sentence that only spells out a name
_SPELLS_OUT = re.compile(r"(?i)^\S+(?:\s+\S+){0,3}\s+(?:stands for|is short for|abbreviates)\b")

def _only_context(title: str, known: list[str]) -> bool:
    """Whether the heading names the idea only after a preposition, as where something else happens
    ("Using Variables in Print", "Sorting with Keys")."""
    found = re.search(r"(?i)\b(?:in|inside|within|with|for|on|via|by)\s+(?:the\s+|a\s+|an\s+)?(\w+)\s*$", title)
    return found is not None and any(related(found.group(1), k) for k in known) and \
        not any(related(w, k) for w in words(title[:found.start()]) for k in known)


#: words that open a condition: two sentences opened by the same one are two halves of one fact
_CONDITIONS = {"when", "if", "unless", "with", "without", "before", "after", "inside", "outside"}


def _parallel(one: str, other: str) -> bool:
    first, second = one.split(None, 1)[0].lower().strip(","), other.split(None, 1)[0].lower().strip(",")
    return first == second and first in _CONDITIONS


def _hook(text: str, about: list[str]) -> bool:
    """A short opener that names only part of the idea ("Raw text is messy." for text preprocessing): it
    draws the reader in and explains nothing ("Tuples are immutable." names all of its idea, and stays)."""
    return "\n" not in text and len(words(text)) <= 4 and bool(about) and _named(text, about) < len(about)


def _named(text: str, about: list[str]) -> int:
    """How many of the idea's words the text names (any form; its initials, as in "RAG", name them all)."""
    said = words(text)
    initials = "".join(a[0] for a in about).lower() if len(about) >= 2 else ""
    if initials and any(w.lower() == initials for w in said):
        return len(about)
    return sum(1 for a in about if any(related(a, w) for w in said))


def statements(section: Section, known: list[str]) -> list[Said]:
    """Every sentence of the section's opening prose that says something, with the list it opens."""
    out: list[Said] = []
    paragraphs = 0
    blocks = section.blocks
    for i, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        paragraphs += 1
        if paragraphs > _PARAGRAPHS:
            break
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        parts = sentences.split(block.text)
        previous: Said | None = None
        for n, sentence in enumerate(parts):
            last = n == len(parts) - 1
            text, opened, answers = _said(sentence, following if last else None, known)
            if n and parts[n - 1].endswith("?") and text:
                if known and not _named(f"{parts[n - 1]} {text}", known):
                    previous = None  # "How do we know which line is best? We minimise the MSE.": no word of the
                    continue  # idea asked (the cost function) is in the answer, so it does not say what it is
                text = f"{parts[n - 1]} {text}"  # "How do we pick the best split? A decision tree tries ..."
            if not text and previous is not None and previous.sentence == n - 1 and "\n" not in previous.text \
                    and _parallel(previous.text, sentence) and len(previous.text) + len(sentence) < 300:
                # "When run directly, __name__ is "__main__". When imported, it is the module's name.": the
                # second half says little alone, and completes the first
                half = sentence[:-1].rstrip() + "." if sentence.endswith(":") else sentence
                out[-1] = previous = Said(f"{previous.text} {half}", paragraphs, previous.sentence, previous.alone)
                continue
            if not text or len(text) > _MAX_ANSWER:
                previous = None
                continue
            if not answers:
                out.append(Said(text, paragraphs, n, answers=False))
                previous = None
                continue
            alone = not sentences.refers_back(sentence)
            out.append(Said(text, paragraphs, n, alone, opened))
            if not alone and previous is not None and previous.sentence == n - 1 and \
                    len(previous.text) + len(text) < _MAX_ANSWER:
                # "A plain wrapper hides its name. functools.wraps copies them over": together they stand
                out.append(Said(f"{previous.text} {text}", paragraphs, n, True))
            previous = out[-1] if alone else None
    return out


#: a label that ranks what follows it ("The most important concept: never evaluate on training data.")
_RANKED = re.compile(r"(?i)^(?:the\s+)?(?:(?:single\s+)?most important|key|main|big|golden|core|first)\s+"
                     r"(?:concept|idea|rule|point|lesson|thing|takeaway)\s*:\s*(?=\S)")


def _said(sentence: str, following, known: list[str]) -> tuple[str | None, str, bool]:
    """(what the sentence says, the list it opens when that list only explains it, whether it may answer)."""
    ranked = _RANKED.match(sentence)
    if ranked:
        rest = sentence[ranked.end():]
        sentence = rest[:1].upper() + rest[1:]
    if sentences.points_ahead(sentence):
        opened = _opened(following)
        lead = sentence.rstrip(":").rstrip()
        says = sentence.endswith(":") and not sentences.is_filler(lead, known, definitions=False) \
            and not sentences.points_ahead(lead) and not _SETS_OFF.match(lead) and not _HYPE.search(lead)
        unfinished = bool(words(lead)) and words(lead)[-1].lower() in STOP_WORDS  # "... without:" needs its list
        if opened and says and not unfinished and not _COUNTS.search(lead):
            # "The model finds structure on its own:" and its list: the sentence answers, the list explains
            # (a sentence and a list to recall whole sprawl; "There are three types:" is nothing without it)
            heads = _heads(following)
            if heads:
                # "Every response includes a status code:" and "- **2xx Success**: 200 OK, ...": the kinds
                # the list names are what the sentence is about; the answer names them, the list explains
                return f"{lead}:\n{heads}", "" if heads == opened else opened, True
            return lead + ".", opened, True
        if opened:
            return f"{lead}:\n{opened}", "", True
        if says:
            return lead + ".", "", True  # "Threads share memory:" before code says something itself
        if sentence.endswith(":") and _SETS_OFF.match(lead) and not sentences.is_filler(lead, known):
            return lead + ".", "", False  # "Instead of relying on ..., you retrieve ...:" before code
        return None, "", True
    if ranked and _ORDER.match(sentence) and not sentences.is_filler(sentence, known, fresh=1):
        return sentence, "", True  # the lesson ranks it first: a rule of one new word still says it
    if _SETS_OFF.match(sentence) and not sentences.is_filler(sentence, known) and not _HYPE.search(sentence):
        return sentence, "", False
    if sentences.is_filler(sentence, known) or _HYPE.search(sentence):
        return None, "", True
    return sentence, "", True


_ORDER = re.compile(r"(?i)^(?:always|never|don't|do not|avoid)\b")


#: praise that announces a feature instead of saying what it does ("pytest's killer feature is ...")
_HYPE = re.compile(r"(?i)\b(?:killer feature|secret weapon|superpower|the (?:best|coolest) (?:part|thing))\b")
#: a sentence that sets its subject against another ("While Python ships with unittest, most developers
#: prefer pytest", "Instead of string formatting, LangChain uses templates"): a comparison, not what it is
_SETS_OFF = re.compile(r"(?i)^(?:while|whereas|instead of|rather than)\b(?!\s+loops?\b)[^,]{3,80},")


#: a lead-in that counts what its list holds ("HTTP has a handful of verbs:"): the list is the substance
_COUNTS = re.compile(r"(?i)\b(?:a handful of|several|many|various|different|multiple|a few|some|a number of|"
                     r"two|three|four|five|six|seven|eight|nine|ten|\d+)\b")


def _opened(block) -> str:
    """The list a lead-in opens, as short lines (items' names when the items run long). (A table is asked
    row by row by its own cards: the same rows again as one answer would ask them twice.)"""
    if not isinstance(block, BulletList):
        return ""
    items = [item.text for item in block.items if item.text.strip()]
    if not items or len(items) > _MAX_ITEMS:
        return ""
    if sum(map(len, items)) > _MAX_ANSWER - 120:
        heads = [item_head(item) for item in items]
        if not all(heads):
            return ""
        items = heads
    return "\n".join(f"- {item}" for item in items)


def _heads(block: BulletList) -> str:
    """The names a list's items give in bold before their descriptions ("- **2xx Success**: 200 OK, ..."), as
    short lines; "" unless every item has one ("- Lookup by key: a dict" names a job, not a kind)."""
    heads = [item_head(item.text) for item in block.items if item.text.strip()]
    bold = [next((span.text.strip() for span in item.spans if span.text.strip()), "") if item.spans and
             next((span.kind for span in item.spans if span.text.strip()), "") == "strong" else ""
             for item in block.items if item.text.strip()]
    named = len(heads) >= 2 and all(head and head.rstrip(":").strip() == mark.rstrip(":").strip()
                                    for head, mark in zip(heads, bold))
    return "\n".join(f"- {head}" for head in heads) if named else ""


def item_head(item: str) -> str:
    """The name an item gives before its description ("Open: Price at the start" -> "Open")."""
    found = re.match(r"^(.{1,40}?)\s*(?::|—|–| - | -- )\s+\S", item)
    return found.group(1).strip() if found else ""
