"""A lesson's own terms: what its headings name, what it marks in **bold** or `code`, its concepts, acronyms.

A cloze gap goes on one of these, whole, and never on one member of a bare list ("int(),
[...], str()") or half of a phrase the lesson uses ("Stop word [...]" when "stop word
removal" is said twice). Complexity classes such as O(n log n) count as terms too.
"""

from __future__ import annotations

import builtins
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from recall.derive.outputs import split_comment
from recall.derive.sections import is_meta_section
from recall.derive.words import GENERIC_WORDS, STOP_WORDS, is_acronym, stem, words
from recall.lessons import BulletList, Fence, Lesson, Paragraph, Span, Table

COMPLEXITY = re.compile(r"O\([^()]*(?:\([^()]*\)[^()]*)*\)")
_TOKEN = re.compile(r"[A-Za-z0-9]+")
_CALL = re.compile(r"(?<![\w.])[A-Za-z_][\w.]*\([^()\s]*\)")
_HEADING_SPLIT = re.compile(r"\s*(?:[:()/,?!]|\s[-–—]+\s|\s--\s|\bvs\.?\s|\bversus\b|\band\b|\bor\b|\bwith\b)\s*",
                            re.IGNORECASE)
_LEADING = re.compile(r"^(?:(?:the|a|an|what is|what are|how to|how|why|when to use|using|your first|working with"
                      r"|building|creating|introducing|understanding)\s+)+", re.IGNORECASE)
_MAX_WORDS = 4
_VERB = re.compile(r"\b(?:is|are|was|were|can|cannot|do|does|don't|has|have|makes?|means?)\b", re.IGNORECASE)


#: uses of another qualifier before the same noun from which it rivals a qualifier gap
_RIVAL_USES = 2
#: a comment that offers another way to do what its line does
_OTHERWISE = re.compile(r"(?i)^(?:or|alternatively)\s*:.*[=(\[]")


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    text: str
    kind: str  # "complexity" | "named" (a heading's or concept's) | "marked" | "acronym"


def marked_terms(spans: tuple[Span, ...]) -> list[str]:
    return [s.text.strip() for s in spans if s.kind in ("strong", "code") and s.text.strip()]


class Lexicon:
    """The terms of one lesson, read once."""

    def __init__(self, lesson: Lesson):
        self.lesson = lesson

    @cached_property
    def topic(self) -> list[str]:
        """The words of the lesson's title and of most of its concepts."""
        from recall.derive.matching import topic_words

        found = [w.lower() for w in words(self.lesson.title) if w.lower() not in STOP_WORDS]
        named = [w for w in found if w not in GENERIC_WORDS]
        # its initials too: "DP" in a lesson on dynamic programming, "ML" in one on machine learning concepts
        initials = ["".join(w[0] for w in named[i:j]) for i in range(len(named))
                    for j in range(i + 2, len(named) + 1)]
        return found + initials + topic_words(self.lesson)

    @cached_property
    def variables(self) -> frozenset[str]:
        """Names the lesson's own code binds as variables (``vel_y = -10``, ``self.score = 0``, a loop's
        target): the author's naming, not Python's."""
        import ast

        from recall.derive.syntax import nodes

        out: set[str] = set()
        for section in self.lesson.sections:
            for block in section.blocks:
                if not (isinstance(block, Fence) and block.is_python):
                    continue
                for node in nodes(block.code):
                    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                        out.add(node.id)
                    elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and \
                            isinstance(node.value, ast.Name) and node.value.id == "self":
                        out.add(node.attr)
        # Python's own names a lesson binds (__slots__, __all__) and "_" for what is ignored are no one's naming
        return frozenset(n for n in out - set(dir(builtins)) if n != "_" and not n.startswith("__"))

    @cached_property
    def _texts(self) -> list[str]:
        out = []
        for section in self.lesson.sections:
            out.append(section.title)
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    out.append(block.text)
                elif isinstance(block, BulletList):
                    out.extend(item.text for item in block.items)
                elif isinstance(block, Table):
                    out.extend(cell.text for row in (block.header, *block.rows) for cell in row.cells)
        return out

    def qualified_otherwise(self, qualifier: str, noun: str) -> bool:
        """Whether the lesson often puts another word than ``qualifier`` before ``noun`` ("set comprehensions"
        twice or more beside "list comprehensions"): a gap on the qualifier has those for answers too."""
        head, own = stem(noun.lower()), stem(qualifier.lower())
        return any(count >= _RIVAL_USES and after == head and before != own and before not in STOP_WORDS
                   for (before, after), count in self.bigrams.items())

    def has_alternative(self, term: str, but: str) -> bool:
        """Whether the lesson, outside the text ``but``, gives the term as one of two choices ("files named
        test_*.py or *_test.py"): a gap on it has the other for a right answer too."""
        either = re.compile(rf"(?<!\S){re.escape(term)}\s+or\s+\S|\S\s+or\s+{re.escape(term)}(?![\w*])")
        # in code too: "b = a.copy()  # Or: b = a[:] or b = list(a)"
        return any(either.search(text) for text in self._texts if text != but) or \
            any(_used_in(term, code) for code in self._offered_otherwise)

    @cached_property
    def _offered_otherwise(self) -> list[str]:
        """Lines of the lesson's code whose comment, beside them or on the line below, offers another way in
        code ("b = a.copy()  # Or: b = a[:]"), without the comment."""
        out = []
        for section in self.lesson.sections:
            for block in section.blocks:
                if not (isinstance(block, Fence) and block.is_python):
                    continue
                previous = ""
                for line in block.code.splitlines():
                    code, comment = split_comment(line)
                    if comment is not None and _OTHERWISE.match(comment):
                        out.append(code if code.strip() else previous)
                    if code.strip():
                        previous = code
        return out

    @cached_property
    def bigrams(self) -> Counter[tuple[str, str]]:
        """How often each pair of adjacent words occurs in the lesson (case folded)."""
        counts: Counter[tuple[str, str]] = Counter()
        for text in self._texts:
            found = [stem(w) for w in words(text)]
            counts.update(itertools.pairwise(found))
        return counts

    @cached_property
    def terms(self) -> dict[str, str]:
        """term (case folded) -> kind."""
        out: dict[str, str] = {}

        def add(term: str, kind: str) -> None:
            term = " ".join(term.split()).strip(" .,;:!?\"'")
            found = words(term)
            if not term or len(found) > _MAX_WORDS or len(term) > 40:
                return
            if found and all(w.lower() in STOP_WORDS or w.lower() in GENERIC_WORDS for w in found):
                return
            out.setdefault(term.casefold(), kind)

        for concept in self.lesson.concepts:
            add(" ".join(concept.split("-")), "named")
        for section in self.lesson.sections:
            if section.heading and not is_meta_section(section):
                for piece in _HEADING_SPLIT.split(section.title):
                    if not _VERB.search(piece):  # "Functions Are Objects" is a sentence, not a term
                        add(_LEADING.sub("", piece), "named")
                for term in marked_terms(section.heading):
                    add(term, "marked")
            for block in section.blocks:
                spans: tuple[Span, ...] = ()
                if isinstance(block, Paragraph):
                    spans = block.spans
                elif isinstance(block, BulletList):
                    spans = tuple(s for item in block.items for s in item.spans)
                for term in marked_terms(spans):
                    add(term, "marked")
        acronyms = Counter(w for text in self._texts for w in words(text) if is_acronym(w))
        for text in self._texts:
            for inside in re.findall(r"\(([A-Z]{2,6})\)", text):
                acronyms[inside] += 2
        for word, n in acronyms.items():
            if n >= 2 and word.lower() not in STOP_WORDS:
                add(word, "acronym")
        return out

    @cached_property
    def _index(self) -> tuple[dict[str, list[tuple[tuple[str, ...], str]]], list[tuple[str, str]]]:
        """Terms of words, by their first word (longest first), and terms with symbols, to find as written."""
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        literal: list[tuple[str, str]] = []
        for term, kind in self.terms.items():
            if re.fullmatch(r"[a-z0-9]+(?:[\s-][a-z0-9]+)*", term):
                key = tuple(stem(w) for w in _TOKEN.findall(term))
                by_first.setdefault(key[0], []).append((key, kind))
            else:
                literal.append((term, kind))
        for entries in by_first.values():
            entries.sort(key=lambda e: -len(e[0]))
        return by_first, sorted(literal, key=lambda e: -len(e[0]))

    def find(self, text: str) -> list[Found]:
        """The terms in ``text``, longest first where they overlap, in order."""
        out = [Found(m.start(), m.end(), m.group(0), "complexity") for m in COMPLEXITY.finditer(text)]

        def free(start: int, end: int) -> bool:
            return not any(f.start < end and start < f.end for f in out)

        for m in _CALL.finditer(text):  # sqrt(252), np.clip(): code, even unmarked
            if free(m.start(), m.end()):
                out.append(Found(m.start(), m.end(), m.group(0), "code"))
        by_first, literal = self._index
        folded = text.casefold()
        for term, kind in literal:
            at = folded.find(term)
            while at >= 0:
                end = at + len(term)
                bounded = (at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "._")) and \
                    (end == len(text) or not text[end].isalnum())
                if bounded and free(at, end):
                    out.append(Found(at, end, text[at:end], kind))
                at = folded.find(term, end)
        tokens = [(m.start(), m.end(), stem(m.group(0))) for m in _TOKEN.finditer(text)]
        for i, (start, _, first) in enumerate(tokens):
            for key, kind in by_first.get(first, ()):
                found = tokens[i:i + len(key)]
                if tuple(t[2] for t in found) == key and all(
                        text[a[1]:b[0]] in (" ", "-") for a, b in itertools.pairwise(found)):
                    end = found[-1][1]
                    if (start == 0 or text[start - 1] not in "._") and free(start, end):
                        out.append(Found(start, end, text[start:end], kind))
                    break
        return sorted(out, key=lambda f: f.start)

    def splits_a_phrase(self, text: str, start: int, end: int) -> bool:
        """Whether text[start:end] is the second half of a phrase the lesson says more than once."""
        before = [w.lower() for w in words(text[:start])]
        inside = [w.lower() for w in words(text[start:end])]
        if not inside or not re.fullmatch(r"[A-Za-z][A-Za-z\s-]*", text[start:end].strip()):
            return False  # code and complexities are never half of a phrase
        # a visible first half and a hidden second ("Stop word [...]" -> removal) is a phrase cut in two; a
        # hidden first half ("[...] indices" -> negative) asks for what tells the phrase apart, and is fair
        if not before or before[-1] in STOP_WORDS or text[:start].rstrip().endswith((",", ";", ":", ")")):
            return False
        left = before[-1]
        if left.endswith(("ing", "ed")) or (left.endswith("s") and not left.endswith("ss")):
            return False  # "containing [...]", "uses [...]": a verb and its object, not a phrase
        return self.bigrams[(stem(left), stem(inside[0]))] >= 2


_SEPARATOR_AFTER = re.compile(r"^(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")
_SEPARATOR_BEFORE = re.compile(r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")
_CHARS = r"[\w.()\[\]{}'\"`/+*?^$|\\-]"
_ITEM = re.compile(rf"^{_CHARS}+")
_CLOSES = re.compile(r"^\s*(?:$|[.;:)!?]|--|—)")


@dataclass(frozen=True)
class Listed:
    """A list a term belongs to: its span in the text, and its members as (text, kind)."""

    start: int
    end: int
    members: tuple[tuple[str, str], ...]

    @property
    def bare(self) -> bool:
        """Members of one kind (all code, all complexities, all plain words): only a guess tells one from another."""
        return len({kind for _, kind in self.members}) == 1


def enumeration(text: str, start: int, end: int, terms: list[Found]) -> Listed | None:
    """The list text[start:end] is a member of ("len(), min(), max()", "dividends and splits"), or None.

    Members are the lesson's terms, or single words, joined by commas, "and" or "or". Three
    or more make a list; two do when joined by "and"/"or", or when both end where the
    clause does. "GET retrieves data, POST submits data" has clauses, not members.
    """
    here = (text[start:end], _kind(text[start:end], start, terms))
    chain = [(start, end, here)]
    joiners: list[str] = []
    while True:  # leftwards
        lo = chain[0][0]
        sep = _SEPARATOR_BEFORE.search(text[:lo])
        item = _member_before(text, sep.start(), terms) if sep else None
        if sep is None or item is None:
            break
        joiners.insert(0, sep.group(0))
        chain.insert(0, (item, sep.start(), (text[item:sep.start()], _kind(text[item:sep.start()], item, terms))))
    while True:  # rightwards
        hi = chain[-1][1]
        sep = _SEPARATOR_AFTER.match(text[hi:])
        item_end = _member_at(text, hi + sep.end(), terms) if sep else None
        if sep is None or item_end is None:
            break
        joiners.append(sep.group(0))
        begin = hi + sep.end()
        chain.append((begin, item_end, (text[begin:item_end], _kind(text[begin:item_end], begin, terms))))
    if len(chain) < 2:
        return None
    if len(chain) == 2 and not re.search(r"\b(?:and|or)\b", joiners[0]) and \
            not all(_CLOSES.match(text[e:]) or _SEPARATOR_AFTER.match(text[e:]) for _, e, _ in chain):
        return None
    return Listed(chain[0][0], chain[-1][1], tuple(member for _, _, member in chain))


def _kind(member: str, at: int, terms: list[Found]) -> str:
    """What a member is: code (marked so, or code-shaped), a complexity, or plain words."""
    for term in terms:
        if term.start == at and term.kind in ("code", "complexity"):
            return term.kind
    if COMPLEXITY.fullmatch(member.strip()):
        return "complexity"
    return "code" if re.search(r"[()._\[\]{}\\]", member) or not re.search(r"[A-Za-z]", member) else "words"


def _member_at(text: str, at: int, terms: list[Found]) -> int | None:
    """The end of the list member starting at ``at``: a term, or one word (never a stop word)."""
    for term in terms:
        if term.start == at:
            return term.end
    word = _ITEM.match(text[at:])
    if not word:
        return None
    found = word.group(0)
    while found and (found.count(")") > found.count("(") or found.count("]") > found.count("[")
                     or found[-1] in ".,?"):
        found = found[:-1]
    if not found or found.lower() in STOP_WORDS:
        return None
    return at + len(found)


def _member_before(text: str, at: int, terms: list[Found]) -> int | None:
    """The start of the list member ending at ``at``: a term, or one word (never a stop word)."""
    for term in terms:
        if term.end == at:
            return term.start
    word = re.search(rf"[\w.'\"`/+*?{{}}^$|\\-]{_CHARS}*$", text[:at])
    if not word or word.group(0).lower() in STOP_WORDS:
        return None
    return word.start()


def _used_in(term: str, code: str) -> bool:
    """Whether ``code`` uses ``term`` as a whole: as written, or a call term ("sorted()", ".copy()") called with
    arguments."""
    name = term[:-2] if term.endswith("()") else term
    bounded = rf"(?<![\w.]){re.escape(name)}" if name[:1].isalpha() or name[:1] == "_" else re.escape(name)
    return re.search(bounded + (r"\(" if term.endswith("()") else r"(?![\w])"), code) is not None
