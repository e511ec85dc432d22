"""Takeaway cards: each "Key Takeaways" bullet becomes a cloze on its key term, whole.

The gap goes on the bullet's **bold** or `code` term, else on a complexity such as
O(n), else on the first of the lesson's own terms it holds (a heading's or concept's
words, a term the lesson marks elsewhere, an acronym). Never on a stop word, never on
one member of a bare list nor on the whole list (a test of the author's wording) nor on
either side of one of three clauses or pairs alike ("GET reads, POST creates, PUT
replaces", "201 for create, 204 for delete, ...") unless it is in bold, never on half of
a phrase the lesson says more than once or of a fixed pair ("request in, response out"),
never on a term the rest of the bullet shows anyway, spells out ("forged cross-site
requests" for CSRF) or gives in brackets ("delta time (dt)"), never on a bracketed aside,
and never on the lesson's own topic (its title, or its initials, is on screen). A bullet
with no such term makes no card and a warning that says how to mark one; so does one
that leans on the bullets before it ("these steps").
"""

from __future__ import annotations

import keyword
import re
from collections import Counter
from itertools import pairwise
from typing import Any

from recall.derive import ids
from recall.derive.sections import takeaway_sections
from recall.derive.terms import Found, Lexicon, enumeration
from recall.derive.words import IMPERATIVES, STOP_WORDS, holds, related, words
from recall.lessons import BulletList, Lesson, ListItem, Span
from recall.lessons.blocks import plain
from recall.model import GAP, CardSpec, Form, Problem, Source, warning

#: verbs a takeaway starts with when it tells you to do something ("Use X for Y"): the verbs of advice, and
#: words that are verbs only at a bullet's start ("Name your tests", "Track state")
_IMPERATIVES = IMPERATIVES | frozenset("""
track save support iterate chain size automate customize reach mark profile name read open protect sanitize
""".split())


#: "these steps", "those rules": a bullet that leans on the ones before it means nothing asked alone
_LEANS_BACK = re.compile(r"(?i)\b(?:these|those)\s+[a-z]+s\b(?!\s+(?:that|who|which|where|whose)\b)")


def derive(lesson: Lesson) -> tuple[list[CardSpec], list[Problem]]:
    cards: list[CardSpec] = []
    problems: list[Problem] = []
    lexicon = Lexicon(lesson)
    for section in takeaway_sections(lesson):
        for item in items(section):
            leaning = _LEANS_BACK.search(item.text)
            if leaning and not re.search(r"[:;—]", item.text[:leaning.start()]):  # "... lazy: these objects"
                problems.append(warning(lesson.file, item.line, f"takeaway says {leaning[0]!r}, which it does not "
                                        "name: a card asks it alone, so say what it means"))
                continue
            common: dict[str, Any] = dict(
                id=ids.card_id(lesson.id, "takeaway", ids.normalise(item.text)), lesson=lesson.id,
                source=Source.TAKEAWAY, file=lesson.file, line=item.line, section=section.title)
            lead, example = _example(item)
            if example and len(words(lead.text)) <= _LABEL_WORDS:
                # "Dict comprehensions: `{k: v for item in iterable}`": the form of a thing, asked as such
                cards.append(CardSpec(form=Form.FLIP, prompt=f"What is the syntax of {_lowered(lead.text)}?",
                                      answer=example, **common))
                continue
            gap = cloze(lead, lexicon) if example else cloze(item, lexicon)
            if gap is None:
                problems.append(warning(lesson.file, item.line,
                                        "takeaway has no word worth a gap; mark its key term in **bold**"))
                continue
            prompt, answer = gap
            # "[...] let you embed variables in text: `f"text {variable}"`": the example spells the gap out,
            # so it shows with the answer
            cards.append(CardSpec(form=Form.CLOZE, prompt=prompt, answer=answer, explanation=example, **common))
    return cards, problems


#: a label short enough to be the name of what its example shows ("Set comprehensions")
_LABEL_WORDS = 3


def _example(item: ListItem) -> tuple[ListItem, str]:
    """(the bullet before a closing example of placeholders, that example) for "f-strings let you embed
    variables in text: `f"text {variable}"`"; (the bullet, "") when it does not end so."""
    spans = [span for span in item.spans if span.text.strip()]
    if len(spans) < 2 or spans[-1].kind != "code" or not _template(spans[-1].text.strip()):
        return item, ""
    before = spans[-2]
    if before.kind != "text" or not before.text.rstrip().endswith(":"):
        return item, ""
    at = item.spans.index(before)
    kept = (*item.spans[:at], Span("text", before.text.rstrip()[:-1].rstrip()))
    text = plain(kept)
    if not words(text):
        return item, ""
    return ListItem(item.line, item.source, kept, text), spans[-1].text.strip()


def _lowered(label: str) -> str:
    """A label as it reads mid-sentence: "Dict comprehensions" -> "dict comprehensions"; "SQL" stays."""
    first = label.split(" ", 1)[0]
    return label[:1].lower() + label[1:] if first[1:].islower() else label


def cards(lesson: Lesson) -> list[CardSpec]:
    return derive(lesson)[0]


def items(section) -> list[ListItem]:
    return [item for block in section.blocks if isinstance(block, BulletList) for item in block.items]


def cloze(item: ListItem, lexicon: Lexicon) -> tuple[str, str] | None:
    """(prompt with one gap, answer) for a bullet, or None when no term of it makes a fair gap."""
    raw = "".join(span.text for span in item.spans)
    marked: list[Found] = []
    at = 0
    for span in item.spans:
        if span.kind in ("strong", "code") and span.text.strip():
            lead = len(span.text) - len(span.text.lstrip())
            marked.append(Found(at + lead, at + len(span.text.rstrip()), span.text.strip(),
                                "bold" if span.kind == "strong" else "code"))
        at += len(span.text)
    found = [f for f in lexicon.find(raw) if not any(f.start < m.end and m.start < f.end for m in marked)]
    terms = marked + found
    topic = lexicon.topic
    plain = [f for f in found if f.kind != "complexity"]
    code = sorted((m for m in marked if m.kind == "code" and not _template(m.text)
                   and m.text not in lexicon.variables),  # "Jump by setting `vel_y` to ...": the author's name
                  key=lambda m: -len(m.text))  # `__init__.py` over `.py`
    # the bullet's own subject ("HTTP is ..."), unless it is the lesson's topic: a review shows the lesson's
    # title above every card, so a gap on "Generators" in a lesson on generators is read off the screen
    subject = [f for f in plain if not raw[:f.start].strip() and not _is_topic(f.text, topic)]
    ordered = ([m for m in marked if m.kind == "bold" and not _is_topic(m.text, topic)] + code
               + [f for f in found if f.kind == "complexity"] + subject
               + [f for f in plain if not _is_topic(f.text, topic) and f not in subject])
    for candidate in ordered:
        whole = _whole(raw, candidate, terms)
        if whole is None:
            continue
        start, end = whole
        article = re.search(r"(?i)(?:^|(?<=\s))(an?)\s+$", raw[:start])
        if article and candidate.kind not in ("code", "complexity"):
            start = article.start(1)  # "[...] uses if/elif" -> "A state machine": "An [...]" would tell
        gloss = _GLOSS.match(raw, end) if candidate.kind == "code" and _operator(candidate.text) else None
        if gloss and (gloss[1].lower() in STOP_WORDS or gloss[1].lower().endswith("ly")):
            gloss = None  # "`in` (on dicts)", "(implicitly)": a condition or a manner, not its name
        if gloss:
            end = gloss.end()  # "created with `=` (assignment)": the gloss names the gap, so it goes with it
        answer = raw[start:end].strip()
        qualifier = _qualifier(answer, topic) if candidate.kind in ("named", "marked") else None
        if qualifier is not None:
            if lexicon.qualified_otherwise(qualifier, answer.split()[-1]):
                continue  # "[...] comprehensions" -> List, where the lesson teaches set comprehensions as well
            # "[...] are common for JSON" -> "Nested dicts" in a lesson on dicts: "dicts" fits as well;
            # the word that narrows it is the point
            end, answer = start + len(qualifier), qualifier
        if not raw[:start].strip() and _only_ranks(raw[end:]):
            continue  # "[...] is the standard iteration pattern": which iteration? the rest fits several
        if candidate.kind != "bold" and (_one_of_parallel(raw, start, end) or _done(answer, raw[:start])
                                         or _one_of_two_phrases(answer, raw[end:])):
            continue  # unless the lesson marks it as the point
        if candidate.kind == "code" and lexicon.has_alternative(answer, item.text):
            continue  # "files must be named [...]" -> test_*.py, where the lesson allows *_test.py as well
        if _fair(raw, start, end, answer, lexicon, code=candidate.kind in ("code", "complexity")):
            prompt = gapped(raw, start, end)
            if _LABEL_ONLY.fullmatch(prompt):
                continue  # "Dict comprehensions: [...]" asks nothing: what about them?
            return prompt, answer
    return None


#: a name in brackets right after a code term, glossing it ("`=` (assignment)", "`in` (membership testing)")
_GLOSS = re.compile(r"\s*\(([a-z]+)(?:[ -]?[a-z]+){0,2}\)")


def _operator(code: str) -> bool:
    """Python's own operators and keywords (``=``, ``//``, ``in``, ``is not``): what a gloss after them names."""
    return all(keyword.iskeyword(part) or not re.search(r"\w", part) for part in code.split())


#: a prompt that is a label of a few words and the gap after it, nothing more
_LABEL_ONLY = re.compile(r"(?:[^\s:]+\s+){0,3}[^\s:]+:\s*" + re.escape(GAP) + r"\W*")


#: names a template of code is written with, standing for whatever the learner writes
_PLACEHOLDERS = frozenset("""
name names parameters params parameter variable variables text value values expression expr item items iterable
key keys args kwargs arg condition cond func function obj object thing something body statement statements
k v x y
""".split())


def _template(code: str) -> bool:
    """Whether code is a template of keywords and placeholders (``def name(parameters):``,
    ``f"text {variable}"``): its wording is the author's, not Python's, so no gap recalls it."""
    names = re.findall(r"[A-Za-z_]\w*", code)
    filled = [n for n in names if n not in keyword.kwlist and n not in ("f", "r", "b")]
    return bool(filled) and all(n.lower() in _PLACEHOLDERS for n in filled)


def _inside(part: str, word: str) -> bool:
    """"supervised" inside "unsupervised": one word the other with a prefix or suffix on."""
    return len(part) >= 5 and len(word) > len(part) and part.lower() in word.lower()


#: words that only rank what they qualify ("classic DP patterns")
_RANKING = frozenset("classic common standard typical usual popular important".split())


#: a predicate that only ranks its subject as a way of doing something: "is the standard iteration pattern"
_RANKED = re.compile(r"(?i)^\s*(?:is|are)\s+(?:the|a|an)\s+(?:most\s+)?(?:" + "|".join(sorted(_RANKING)) +
                     r"|best|preferred|recommended|idiomatic|pythonic|usual)\b")
#: words after the gap from which a ranking predicate says what it ranks ("... for reading files line by line")
_RANKED_WORDS = 6
#: nouns that name no thing, only a way of doing one ("pattern"); "style guide", "installer" name what it is
_WAYS = frozenset("pattern patterns way ways approach approaches practice practices idiom idioms technique "
                  "techniques choice option method".split())


def _only_ranks(rest: str) -> bool:
    """Whether what follows a subject gap only ranks it as a way ("is the standard iteration pattern"), in too
    few words to say what it is the way of: several answers fit. ("`pip` is the standard package installer"
    names what it is.)"""
    return bool(_RANKED.match(rest)) and len(rest.split()) <= _RANKED_WORDS and \
        bool(_WAYS & {w.lower().strip(".,;:") for w in rest.split()})


def _is_topic(term: str, topic: list[str]) -> bool:
    """A term made of the lesson's topic words only ("Variables" in a lesson on variables, "classic DP" in
    one on dynamic programming): never a gap."""
    found = [w for w in words(term) if w.lower() not in STOP_WORDS and w.lower() not in _RANKING]
    return bool(found) and all(any(related(w, t) for t in topic) for w in found)


def _whole(raw: str, term: Found, terms: list[Found]) -> tuple[int, int] | None:
    """The term's span; None when it is one member of a bare list."""
    listed = enumeration(raw, term.start, term.end, terms)
    if listed is None:
        return term.start, term.end
    if not listed.bare:
        return term.start, term.end  # "always O(n log n), stable, O(n) space": parts that say different things
    return None  # one member is a guess, the whole list a test of the author's wording


def _fair(raw: str, start: int, end: int, answer: str, lexicon: Lexicon, code: bool = False) -> bool:
    said = words(answer)
    if not answer or (said and not code and all(w.lower() in STOP_WORDS for w in said)):
        return False
    if not said and not code:
        return False
    if _spelled_out(raw, start, end) or _initials_around(answer, raw[:start] + " " + raw[end:]) or \
            _half_of_pair(raw, start, end):
        return False
    if re.search(r"[A-Za-z0-9][-/]$", raw[:start]) or re.match(r"^[-/][A-Za-z0-9]", raw[end:]):
        return False  # "POST-[...]-GET", "[...]/except": one part of a compound
    lead = words(raw[:start])
    if len(lead) == 1 and raw[:start].strip() == lead[0] and lead[0][:1].isupper() \
            and lead[0].lower() not in STOP_WORDS and lead[0].lower() not in _IMPERATIVES:
        return False  # "Maximum [...] measures ...": the bullet's subject cut in two
    rest = raw[:start] + " " + raw[end:]
    if len(said) > 1 and re.search(r",|\band\b|\bor\b", answer) and \
            any(related(w, r) for w in said if len(w) >= 4 for r in words(rest)):
        return False  # "Use [...] to remove elements" -> "remove(), pop() and del"
    if len(said) == 1 and len(said[0]) >= 4 and not code and any(related(said[0], w) for w in words(rest)):
        return False  # the answer shows elsewhere in the bullet
    lead = [t.strip(".,;:()").lower() for t in answer.split() if t.lower() not in ("a", "an", "the")]
    if not code and len(lead) >= 2 and len(lead[0]) >= 3 and \
            lead[0] in {t.strip(".,;:()").lower() for t in rest.split()}:
        return False  # "The csv module handles [...]" -> "CSV files"
    if not code and any(_inside(w, r) or _inside(r, w) for w in said for r in words(rest)):
        return False  # "[...] needs labels; unsupervised learning does not" -> "Supervised learning"
    if code and len(said) == 1 and any(w.lower().rstrip("s") == said[0].lower().rstrip("s") for w in words(rest)):
        return False  # "Without [...], a function returns None": `return` shows in "returns"
    elif holds(rest, answer):
        return False
    return not lexicon.splits_a_phrase(raw, start, end)


def _spelled_out(raw: str, start: int, end: int) -> bool:
    """A gap that is the bracketed aside to the words before it ("delta time ([...])", "raw strings
    ([...])"), or words whose short form follows in brackets ("[...] (dt)" gives "delta time" away
    to anyone who knows the initials, "[...] (Open, High, Low, ...)" spells "OHLCV")."""
    before = re.search(r"((?:[A-Za-z][\w-]*\s+){1,6})\(\s*[`*_]*$", raw[:start])
    if before is not None and re.match(r"^[`*_]*\s*\)", raw[end:]):
        return True  # "raw strings ([...])": an aside to what the bullet names, its short form or an example
    after = re.match(r"^\s*\(\s*[`*_]*([^()]{1,80}?)[`*_]*\s*\)", raw[end:])
    # "[...] (dt)" after "delta time", and "[...] (Open, High, Low, Close, Volume)" spelling "OHLCV"
    return after is not None and (_stands_for(after.group(1), raw[start:end]) or
                                  _stands_for(raw[start:end], after.group(1)))


def _initials_around(answer: str, rest: str) -> bool:
    """An acronym the rest of the bullet spells in other words: "[...] tokens prevent forged cross-site
    requests" -> "CSRF" (cross-site request forgery)."""
    letters = answer.strip()
    if not (3 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()):
        return False
    parts = [part[0].lower() for part in re.split(r"[\s/-]+", rest)
             if part[:1].isalpha() and part.lower() not in STOP_WORDS]
    wanted, width = Counter(letters.lower()), len(letters)
    return any(not wanted - Counter(parts[i:i + width]) for i in range(len(parts) - width + 1))  # side by side


#: a fixed pair of opposites: "request in, response out", "first in, first out"
_PAIRED = re.compile(r"(?i)\b(\w+) (in|on|up|to), (\w+) (out|off|down|from)\b")


def _half_of_pair(raw: str, start: int, end: int) -> bool:
    """Whether the gap is one side of a fixed pair ("[...] in, response out"): the other side gives it."""
    return any((m.start(1), m.end(1)) == (start, end) or (m.start(3), m.end(3)) == (start, end)
               for m in _PAIRED.finditer(raw))


#: a form of "be" right before a gap
_BE = re.compile(r"(?i)\b(?:be|is|are|was|were|been|being|get|gets)\s+(?:\w+ly\s+)?$")
#: after a one-word gap: its noun, then "or"/"and" and a phrase of the same shape ("[...] keys or set elements")
_SECOND_PHRASE = re.compile(r"^\s+([a-z]+)\s+(?:or|and)\s+([a-z]+)\s+([a-z]+)\b")


def _qualifier(answer: str, topic: list[str]) -> str | None:
    """The first word of a two-word term whose head noun is the lesson's topic ("Nested" of "Nested dicts" in
    a lesson on dictionaries), or None."""
    parts = answer.split()
    if len(parts) != 2 or not parts[0].isalpha() or parts[0].lower() in STOP_WORDS:
        return None
    return parts[0] if _is_topic(parts[1], topic) and not _is_topic(parts[0], topic) else None


def _done(answer: str, before: str) -> bool:
    """"Variables can be [...] to new values" -> "reassigned": a doing, said as well by "changed" or "set"."""
    said = words(answer)
    return len(said) == 1 and said[0].lower().endswith("ed") and _BE.search(before) is not None


def _one_of_two_phrases(answer: str, after: str) -> bool:
    """Whether a one-word gap qualifies one of two phrases alike ("immutable objects can be [...] keys or set
    elements" -> "dict"): which of the pair it was is a guess, and the point of the bullet lies elsewhere."""
    found = _SECOND_PHRASE.match(after)
    if len(words(answer)) != 1 or found is None:
        return False
    noun, qualifier, other = found.groups()
    if noun.endswith("s") and qualifier.endswith("s"):
        return False  # "[...] opens and closes files": two doings of one subject, not two phrases
    return noun.endswith("s") == other.endswith("s")


def _stands_for(short: str, long: str) -> bool:
    letters = re.sub(r"[^a-z]", "", short.lower())
    said = [w for w in re.split(r"[\s,/-]+", long.lower()) if w]
    every, content = "".join(w[0] for w in said), "".join(w[0] for w in said if w not in STOP_WORDS)
    return len(letters) >= 2 and (every.endswith(letters) or content.endswith(letters))  # TTL, CSRF


#: a clause of a parallel series: "GET retrieves data, POST submits data, PUT replaces"
_CLAUSE = re.compile(r"^\s*(?:and\s+|or\s+)?(?!(?:which|that|who|it|this|they|there)\b)(\S+)\s+[a-z]\w*s\b",
                     re.IGNORECASE)


def _one_of_parallel(raw: str, start: int, end: int) -> bool:
    """Whether the gap is the subject of one clause of three or more alike ("GET retrieves data, [...]
    submits data, PUT replaces"): which name goes where is a guess among the others."""
    bounds = [0, *(m.end() for m in re.finditer(r"[,;]", raw)), len(raw)]
    clauses = list(pairwise(bounds))
    if len(clauses) < 3:
        return False
    subjects = [_CLAUSE.match(raw[a:b]) for a, b in clauses]
    if all(subjects) and any(a + m.start(1) == start and a + m.end(1) == end  # type: ignore[union-attr]
                             for (a, _), m in zip(clauses, subjects)):
        return True
    # "201 for create, 204 for delete, 404 for not found": either side of one pair of three or more alike
    pairs = list(_PAIR.finditer(raw))
    for connector in {m["by"].lower() for m in pairs}:
        alike = [m for m in pairs if m["by"].lower() == connector]
        if len(alike) >= 3 and any((m.start("one"), m.end("one")) == (start, end) or
                                   (m.start("other"), m.end("other") - len(m["other"]) + len(m["other"].rstrip()))
                                   == (start, end) for m in alike):
            return True
    return False


_PAIR = re.compile(r"(?:^|(?<=[,;(:]))\s*(?:and\s+|or\s+)?(?P<one>[^\s,;()]+)\s+(?P<by>for|to|=|->|→|means)\s+"
                   r"(?P<other>[^,;().]+)")


def gapped(raw: str, start: int, end: int) -> str:
    """``raw`` with a gap from ``start`` to ``end``; an article before it says "a(n)"."""
    before = raw[:start]
    # "An [...]" would give away that the answer starts with a vowel
    before = re.sub(r"(?i)(^|\s)(an?)(\s+)$", lambda m: f"{m.group(1)}{m.group(2)[0]}(n){m.group(3)}", before)
    return " ".join(f"{before}{GAP}{raw[end:]}".split())
