"""Mistake cards: one per entry of a "Common Mistakes" section, with the fix as the explanation.

An entry is a bold title ("**Trying to reuse a generator:**") with text or code after it,
a bullet that starts with one, or a subheading. With code that shows the mistake
(the part before "# Better", "# DO this instead" and the like, commented-out code
included), the card shows that code without its comments and asks what is wrong;
the title answers, the comments and the better code explain. Otherwise the card names
the mistake and asks what goes wrong, the lesson's own words answering.
"""

from __future__ import annotations

import ast
import io
import re
import textwrap
import tokenize
from dataclasses import dataclass, field
from typing import Any

from recall.derive import ids, sentences
from recall.derive.cells import free_names
from recall.derive.outputs import is_literal, split_comment
from recall.derive.sections import MISTAKE_TITLES
from recall.derive.syntax import nodes
from recall.derive.terms import COMPLEXITY
from recall.derive.words import IMPERATIVES, STOP_WORDS, related, words
from recall.lessons import BulletList, Fence, Lesson, Paragraph, Span
from recall.model import CardSpec, Form, Problem, Source

WRONG_PROMPT = "What is wrong with this code?"
_BAD = re.compile(r"^#\s*(?:bad|wrong|don'?t|do not|avoid|slow|incorrect|buggy|broken|before|never|mistake|problem"
                  r"|hard to read)\b", re.IGNORECASE)
_GOOD = re.compile(r"^#\s*(?:good|better|right|correct|fast|do this|do:|instead|fix|fixed|clearer|solution|after"
                   r"|use:?|always|safe|preferred)\b", re.IGNORECASE)
#: a comment that calls the code beside it the right way
_PRAISED = re.compile(r"(?i)^(?:just|instead)\b|(?<!not )\b(?:good enough|the right way|is fine|correct way|"
                      r"recommended|preferred)\b|✓|✅")
_FIXES = IMPERATIVES | {"always", "never", "instead", "don't"}
_MAX_CODE_LINES = 12
#: code short enough to recall whole as an answer
_MAX_ANSWER_LINES = 3


@dataclass
class _Entry:
    title: str
    line: int
    text: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)


def derive(lesson: Lesson) -> tuple[list[CardSpec], list[Problem]]:
    out = []
    for section_title, entry in _entries(lesson):
        card = _card(lesson, section_title, entry)
        if card is not None:
            out.append(card)
    return out, []


def _entries(lesson: Lesson) -> list[tuple[str, _Entry]]:
    out: list[tuple[str, _Entry]] = []
    inside: int | None = None  # level of the mistakes heading we are under
    for section in lesson.sections:
        title = section.title.strip()
        if title.casefold() in MISTAKE_TITLES:
            inside = section.level
            out.extend((title, e) for e in _from_blocks(section.blocks))
        elif inside is not None and section.level > inside:
            entry = _Entry(_clean_title(title), section.line)
            for block in section.blocks:
                _add(entry, block)
            out.append((title, entry))
        else:
            inside = None
    return out


def _from_blocks(blocks) -> list[_Entry]:
    entries: list[_Entry] = []
    for block in blocks:
        if isinstance(block, Paragraph) and _leading_bold(block.spans):
            title, rest = _split_title(block.spans)
            entries.append(_Entry(title, block.line, [rest] if rest else []))
        elif isinstance(block, BulletList) and all(_leading_bold(item.spans) for item in block.items):
            for item in block.items:
                title, rest = _split_title(item.spans)
                entries.append(_Entry(title, item.line, [rest] if rest else []))
        elif entries:
            _add(entries[-1], block)
    return entries


def _add(entry: _Entry, block) -> None:
    if isinstance(block, Paragraph):
        entry.text.append(block.text)
    elif isinstance(block, Fence) and (block.is_python or not block.info) and not entry.code:
        entry.code = block.code.rstrip("\n").split("\n")


def _leading_bold(spans: tuple[Span, ...]) -> bool:
    first = next((s for s in spans if s.text.strip()), None)
    return first is not None and first.kind == "strong"


def _split_title(spans: tuple[Span, ...]) -> tuple[str, str]:
    """("Trying to reuse a generator", the text after the title) of "**Trying to reuse a generator:** text"."""
    i = next(i for i, s in enumerate(spans) if s.text.strip())
    j = i
    while j < len(spans) and spans[j].kind in ("strong", "code"):
        j += 1
    while j > i and spans[j - 1].kind != "strong":
        j -= 1  # "**Forgetting the `test_` prefix:**" holds code; code after the bold is not the title's
    title = [span.text for span in spans[i:j]]
    rest = "".join(s.text for s in spans[j:])
    rest = " ".join(re.sub(r"^\s*[:.—–-]+\s*", "", rest).split())
    return _clean_title("".join(title)), rest


def _clean_title(title: str) -> str:
    title = " ".join(title.split()).strip(" :.")
    title = re.sub(r"^(?:mistake|pitfall|gotcha)\s*[:—–-]\s*", "", title, flags=re.IGNORECASE)
    return title[:1].upper() + title[1:]


def _card(lesson: Lesson, section: str, entry: _Entry) -> CardSpec | None:
    if not entry.title or len(words(entry.title)) < 2:
        return None
    common: dict[str, Any] = dict(id=ids.card_id(lesson.id, "mistake", ids.normalise(entry.title)), lesson=lesson.id,
                  source=Source.MISTAKE, file=lesson.file, line=entry.line, section=section)
    if entry.code:
        shown = _wrong_code(entry.code)
        step_left_out = shown is not None and _kept_by_fix(shown[0], shown[2])
        fix = _better_named(entry.code) if shown is not None and (
            (_only_values(shown[0]) and not _reason(entry.code)) or _tests_unseen(shown[0]) or step_left_out) else ""
        if fix and shown is not None:
            # "score = 0 / health = 100" under "# Bad — hard to track": nothing in the code itself is wrong to
            # see; the better way, as its marker names it ("# Good — encapsulate in a class"), is what to recall
            # ("single = (5)" under "# Wrong: this is just an int in brackets" shows its mistake: asked below)
            better = "\n".join(shown[2].split("\n")[1:]).strip("\n")  # the code under the marker the answer says
            reason = _reason(entry.code) if step_left_out else ""
            if reason:  # "# Wrong: this orphans everything after current": why the step matters, of the
                # wrong code the card no longer shows
                better = f"{shown[0]}\nalone: {_lowered(reason.rstrip('.'))}.\n\nInstead:\n{better}"
            return CardSpec(form=Form.FLIP, prompt=f"Common mistake: {_lowered(entry.title)}. What should you do "
                            "instead?", answer=fix, explanation=better, **common)
        if shown is not None:
            bad, notes, better = shown
            reason = _reason(entry.code)
            if reason and _tells_why(reason, entry.title):
                # "# Bad — file stays open if an error occurs": what goes wrong, with the mistake's name
                notes = [note for note in notes if _unmarked(note) != reason]
            elif notes:  # "except TypeError:  # Wrong! int("abc") raises ValueError": said beside the code
                reason = ""
                told = re.sub(r"^(?:oops|no)\s*[!.:—–-]+\s*", "", _unmarked(notes[0]), flags=re.IGNORECASE)
                if _tells_why(told, entry.title):
                    reason, notes = told, notes[1:]
            else:
                reason = ""
            notes = [_with_its_line(note, entry.code) for note in notes]
            explanation = "\n".join(filter(None, [_joined(notes), *entry.text,
                                                  f"Instead:\n{_unpointed(better)}" if better else ""]))
            said = _lowered(_EXCLAIMED.sub("; ", reason.rstrip(".")))  # "returns None! modifies it" reads on
            answer = f"{entry.title}: {said}{'' if said.endswith(('!', '?')) else '.'}" if reason else entry.title
            return CardSpec(form=Form.FLIP, prompt=WRONG_PROMPT, answer=answer, code=bad,
                            explanation=explanation, **common)
    cut = _CONSEQUENCE.sub("", entry.title)
    named = _lowered(cut if len(words(cut)) >= 2 else entry.title)
    said = " ".join(entry.text).strip()
    if not said and entry.code and all(_is_comment(line) or not line.strip() for line in entry.code):
        said = _joined(_comments(entry.code))  # the lesson says it in comments only
    if said:
        parts = sentences.split(said)
        fixes = [s for s in parts if _is_fix(s)]
        why = [s for s in parts if s not in fixes]
        if all(_HEDGED.search(s) for s in why):
            why = []  # "collision might be missed": only a guess at what could go wrong is no reason to recall
        if why:
            # "Confusing (x, y) and (row, col)" -> "Pixel access is img[row, col]": what tells them apart;
            # otherwise the text says why it is a mistake (what goes wrong, or its cause)
            asked = "What tells them apart?" if _MIXED_UP.match(entry.title) else "Why is it a mistake?"
            return CardSpec(form=Form.FLIP, prompt=f"Common mistake: {named}. {asked}",
                            answer=_capitalised(" ".join(why)), explanation=_telling(" ".join(fixes)), **common)
        if not fixes or (_ORDERED.search(entry.title) and not re.search(r"[`()\[\]=.]\w", said)):
            return None  # "Building agents before chains": what to do instead is the title turned around
            # (a fix that names code, "Use dict.get(key, default)", says more than that)
        guesses = [s for s in parts if s not in fixes]  # what may go wrong, beside what to do
        answer = _LABEL.sub("", " ".join(fixes))  # "Solution: limit max velocity" -> "Limit max velocity"
        return CardSpec(form=Form.FLIP, prompt=f"Common mistake: {named}. What should you do instead?",
                        answer=_capitalised(answer),
                        explanation=_telling(" ".join(guesses)), **common)
    if entry.code and sum(1 for line in entry.code if line.strip()) <= _MAX_ANSWER_LINES and \
            _CONFUSED.match(entry.title):
        # code that puts the two side by side, outputs and all, is what tells them apart; other code
        # alone (the right way, or both ways with comments) is no answer a learner can recall
        return CardSpec(form=Form.FLIP, prompt=f"Common mistake: {named}. What tells them apart?",
                        answer="\n".join(entry.code), **common)
    return None


#: a fix's label ("Solution: ...", "Fix: ..."): the question already asks for it
_LABEL = re.compile(r"^(?i:solution|fix|instead|better)\s*:\s*")
#: a reason said as what only may happen ("might not match", "may be missed")
_HEDGED = re.compile(r"(?i)\bmight\b")
#: a title that puts two doings in the wrong order ("building agents before chains")
_ORDERED = re.compile(r"(?i)^\w+ing\b.*\s(?:before|ahead of)\s+\S")
#: what the mistake leads to, said in its title ("Singleton with mutable state can cause hidden bugs"): the
#: card asks why, so the name asked about is the part before it
_CONSEQUENCE = re.compile(r"(?i)\s+(?:(?:can|could|may|might|will|would|often)\s+(?:cause|lead to|break|result in|"
                          r"introduce|create)|causes|leads to)\b.*$")
_CONFUSED = re.compile(r"(?i)(?:confusing|mixing up|mixing)\b")
#: two things taken for each other ("mixing tabs and spaces" is using both, not mistaking one for the other)
_MIXED_UP = re.compile(r"(?i)(?:confusing|mixing up)\b")


def _only_values(code: str) -> bool:
    """Whether code only binds names to literal values (``score = 0``): it shows no mistake by itself."""
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return False
    return bool(body) and all(isinstance(node, ast.Assign) and is_literal(ast.unparse(node.value)) for node in body)


def _tests_unseen(code: str) -> bool:
    """Whether code asserts on what a function it never shows gives back (``result = process_data([5, 2]);
    assert result == "2, 5"``): what is wrong with such a test is in the function, which the card cannot show."""
    unseen = free_names(code)
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in unseen for n in nodes(code)) \
        and any(isinstance(n, ast.Assert) for n in nodes(code))


def _unpointed(better: str) -> str:
    """The right code without a first comment that only points at it ("# DO this instead:"): "Instead:" says it."""
    first, _, rest = better.partition("\n")
    said = _GOOD.sub("", first.strip()) if _is_comment(first) and _GOOD.match(first.strip()) else None
    if said is None or not rest.strip() or any(w.lower() not in STOP_WORDS | {"instead"} for w in words(said)):
        return better
    return rest


def _kept_by_fix(bad: str, better: str) -> bool:
    """Whether every line of the wrong code is in the right code too, as indented there (``current.next =
    new_node`` under "# Wrong", then under "# Right" after ``new_node.next = current.next``): what is wrong is
    a step left out, which the wrong lines alone do not show. (The same lines in another order show it.)"""
    def lines(code: str) -> set[str]:
        plain = textwrap.dedent("\n".join(split_comment(line)[0] for line in code.split("\n")))
        return {line.rstrip() for line in plain.split("\n") if line.strip()}

    wrong = lines(bad)
    return bool(wrong) and wrong < lines(better)


def _better_named(code: list[str]) -> str:
    """What a "better" marker says to do ("# Good — encapsulate in a class" -> "Encapsulate in a class."), or ""."""
    for line in code:
        found = re.match(r"^#\s*(?:good|better|right|correct|fix|fixed|solution|instead)\s*[:—–-]+\s*(\S.*)$",
                         line.strip(), re.IGNORECASE)
        if found and len(words(found[1])) >= 2:
            said = found[1].strip().rstrip(".:")
            if all(w.lower() in STOP_WORDS or w.lower() in _SAYS_NOTHING for w in words(said)):
                return ""  # "# Correct: the fixed version" names no way
            return said[:1].upper() + said[1:] + "."
    return ""


#: a "better" marker's words that name no way of doing it
_SAYS_NOTHING = frozenset("fixed fix version correct correctly right good better way code approach solution "
                          "working works proper properly".split())


def _unmarked(note: str) -> str:
    """A comment without its "bad" marker: "Wrong! int("abc") raises ..." -> "int("abc") raises ..."."""
    marked = "# " + note.strip()
    if not _BAD.match(marked):
        return note.strip()
    return re.sub(r"^[\s!:—–-]+", "", _BAD.sub("", marked)).rstrip() or note.strip()  # a lead-in keeps its ":"


def _tells_why(told: str, title: str) -> bool:
    """Whether a comment says what goes wrong, beyond the mistake's name: four words or more, not an order
    ("use specific types instead"), not a lead-in ending in ":"."""
    return len(words(told)) >= _REASON_WORDS and not _is_fix(told) and not told.rstrip().endswith(":") \
        and _adds_to(told, title)


def _adds_to(told: str, title: str) -> bool:
    """Whether a note says two things its mistake's name does not ("blocks every other task"); a cost the name
    does not give ("O(n) per pop") says what goes wrong by itself."""
    named = words(title)
    if any(cost not in title for cost in COMPLEXITY.findall(told)):
        return True
    told = _CALL_ARGUMENTS.sub("", told)  # "forgot to call func(*args, **kwargs)" names the call, no more
    return sum(1 for w in sentences.content(told) if not any(related(w, n) for n in named)) >= 2


#: an exclamation inside a comment, before more of it in lower case
_EXCLAIMED = re.compile(r"!\s+(?=[a-z])")
#: the arguments of a call written in a comment
_CALL_ARGUMENTS = re.compile(r"(?<=\w)\([^()]*\)")


def _telling(explanation: str) -> str:
    """The fix as an explanation, unless it is too short to tell anything ("Use carefully.")."""
    return explanation if len(words(explanation)) >= 3 else ""


def _capitalised(text: str) -> str:
    """An answer that goes on from the title ("pixel access is ...") as a sentence of its own; code stays."""
    first = text.split(" ", 1)[0]
    if re.match(r"^\w+\s*(?:[-+*/]?=|[(\[.])", text):
        return text  # "roi = img[50:100]" is code: Python's case is its meaning
    return text[:1].upper() + text[1:] if first.isalpha() and first.islower() else text


def _lowered(title: str) -> str:
    first = title.split(" ", 1)[0]
    if re.fullmatch(r"[A-Z][a-z]*(?:['’-][a-z]+)*[,.;:]?", first):  # "Don't", "Over-mocking"; "O(n)" stays
        return title[:1].lower() + title[1:]
    return title


_MUST = re.compile(r"\b(?:must|should|needs? to|have to|has to)\b", re.IGNORECASE)


def _is_fix(sentence: str) -> bool:
    """A sentence that says what to do ("Always convert...", "dp[0] must be set first", "Bottom-up: iterate
    forward; top-down: recurse"), not what goes wrong."""
    first = sentence.split(" ", 1)[0].lower().strip(",")
    return first in _FIXES or first.rstrip(":") in ("solution", "fix", "instead", "better") or \
        bool(_MUST.search(sentence)) or _recipe(sentence) or _remedy(sentence)


def _remedy(sentence: str) -> bool:
    """Whether the sentence is about what deals with the trouble, said as its subject and verb ("Adjusted
    prices account for these ..."); "This causes ImportError — restructure to avoid it" says why first."""
    found = _REMEDY.search(sentence)
    if found is None:
        return False
    before, after = sentence[:found.start()], sentence[found.end():]
    # "Nothing prevents this ...", "The bare except handles it silently and hides the bug": what goes wrong
    return len(before.split()) <= _REMEDY_SUBJECT_WORDS and not re.search(r"[,;:—–]", before) and \
        not _NEGATED.search(before) and not re.search(r"[,;—–]|\b(?:and|but|so|which)\b", after)


#: a subject that denies ("nothing handles it", "no check prevents this")
_NEGATED = re.compile(r"(?i)\b(?:nothing|no|none|never|not|nobody|without)\b")
#: words of a subject before the verb of a remedy
_REMEDY_SUBJECT_WORDS = 6


#: what deals with the trouble the title names, pointing back at it ("Adjusted prices account for these
#: corporate actions", "CVaR addresses this"): the way out, not why it is a mistake
_REMEDY = re.compile(r"(?i)\b(?:accounts? for|addresses|handles?|fix(?:es)?|solves?|prevents?|avoids?|"
                     r"corrects? for|adjusts? for|takes? care of)\s+(?:this|these|that|those|it|them)\b")


_WAY = re.compile(r"^[\w -]{1,25}:\s+\w")


def _recipe(sentence: str) -> bool:
    """Ways of doing it, one per case: "Bottom-up: iterate forward; Top-down: recurse with memoization"."""
    parts = [part.strip() for part in sentence.split(";")]
    return len(parts) >= 2 and all(_WAY.match(part) for part in parts)


def _joined(notes: list[str]) -> str:
    """Comments as sentences: a comment carried on to the next line ("spawns new processes / that re-import")
    is one sentence."""
    out: list[str] = []
    for note in (n.strip() for n in notes if n.strip()):
        if out and not out[-1].endswith((".", "!", "?", ":")) and note[:1].islower():
            out[-1] = f"{out[-1]} {note}"
        else:
            out.append(note)
    return " ".join(n if n.endswith((".", "!", "?")) else n.rstrip(":") + "." for n in out)


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def _comment_tokens(code: list[str]) -> list[tuple[int, int, str]] | None:
    """(line index, column, text) of each comment, by tokenize (a '#' inside a string is no comment)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO("\n".join(code) + "\n").readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    return [(t.start[0] - 1, t.start[1], t.string[1:].strip()) for t in tokens if t.type == tokenize.COMMENT]


def _comments(code: list[str]) -> list[str]:
    """What the code's comments say, printed values ("# None", "# [1, 2, 3]") aside."""
    found = _comment_tokens(code)
    return [text for _, _, text in found if text and not is_literal(text)] if found is not None else []


def _wrong_code(code: list[str]) -> tuple[str, list[str], str] | None:
    """(the code that shows the mistake without its comments, those comments, the better code) or None.

    The mistake is the code before a "better" marker (after a "bad" one, when there is
    one); commented-out code under a "DON'T" marker counts as code. None when no such
    part parses as Python, or when there are no markers and nothing says the code is
    wrong (a block that shows the right way next to the wrong one).
    """
    bad_at = next((i for i, line in enumerate(code) if _BAD.match(line.strip())), None)
    good_at = next((i for i, line in enumerate(code) if _GOOD.match(line.strip()) and (bad_at is None or i > bad_at)),
                   None)
    if bad_at is None and good_at is None:
        # no markers: only one construct (a def, a try) cannot also hold the right way beside the wrong one
        try:
            statements = ast.parse(_strip_comments(code) or "pass").body
        except SyntaxError:
            return None
        if len(statements) != 1 or not isinstance(statements[0], (ast.FunctionDef, ast.AsyncFunctionDef, ast.Try,
                                                                   ast.With, ast.For, ast.While, ast.ClassDef)):
            return None
        bad, good = code, []
    else:
        start = 0 if bad_at is None else bad_at + 1
        preamble = [line for line in code[:bad_at] if not _is_comment(line)] if bad_at is not None else []
        section = code[start:good_at]
        if not _strip_comments(section).strip():
            section = _uncomment(section)  # "# DON'T do this:" over commented-out code
        bad = preamble + section
        good = code[good_at:] if good_at is not None else []
    if any(_PRAISED.search(comment) for comment in _comments(bad)):
        return None  # "# Just instantiate it directly!", "obj = MyClass()  # Good enough": the remedy, not the mistake
    marker = _comment_text(code[bad_at]) if bad_at is not None else ""
    said = _BAD.sub("", "# " + marker).strip(" :—–-") if marker else ""
    # "# Bad — catches everything" says something; "# DON'T do this:" only points at the code
    says = any(w.lower() not in STOP_WORDS for w in words(said)) and (len(words(said)) >= 2 or re.search(r"\d", said))
    notes = ([marker] if says else []) + _comments(bad)
    shown = _strip_comments(bad)
    if not shown.strip() or len(shown.split("\n")) > _MAX_CODE_LINES:
        return None
    try:
        ast.parse(shown)
    except SyntaxError:
        return None
    better = textwrap.dedent("\n".join(good)).strip("\n")
    return shown, notes, better


#: a "bad" marker that describes the code under it ("# Bad — catches everything"), not an order ("# Don't ...")
_DESCRIBES = re.compile(r"^#\s*(?:bad|wrong|slow|incorrect|buggy|broken|problem)\s*[:—–-]+\s*(\S.*)$",
                        re.IGNORECASE)
_REASON_WORDS = 4


def _reason(code: list[str]) -> str:
    """What the code's "bad" marker says is wrong with it, when it says that in four words or more."""
    for line in code:
        found = _DESCRIBES.match(line.strip())
        if found and len(words(found[1])) >= _REASON_WORDS:
            return found[1].strip()
        if _BAD.match(line.strip()):
            return ""
    return ""


def _with_its_line(note: str, code: list[str]) -> str:
    """A comment beside code that goes on from it ("queue.pop(0)  # shifts all elements") as a sentence with
    that code for its subject: "queue.pop(0) shifts all elements"; other notes as they are."""
    first = note.split(" ", 1)[0]
    if not note[:1].islower() or " " not in note or not (first.endswith("s") and len(first) >= 4):
        return note  # "shifts all elements" goes on from its code; "float division" names it
    for index, column, text in _comment_tokens(code) or []:
        before = code[index][:column].strip()
        if text == note and before and not before.endswith((":", "(", "[", "{", ",")):
            return f"{before} {note}"
    return note


def _comment_text(line: str) -> str:
    return line.strip().lstrip("#").strip()


def _uncomment(code: list[str]) -> list[str]:
    """Commented-out code as code: "# for n in numbers:" -> "for n in numbers:"."""
    out = []
    for line in code:
        m = re.match(r"^(\s*)# ?(.*)$", line)
        out.append(m.group(1) + m.group(2) if m else line)
    return out


def _strip_comments(code: list[str]) -> str:
    """The code without comment lines and trailing comments."""
    found = _comment_tokens(code)
    if found is None:
        return ""
    lines = list(code)
    for row, col, _ in found:
        lines[row] = lines[row][:col].rstrip()
    kept = [line for line, before in zip(lines, code) if line.strip() or not _is_comment(before)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept).strip("\n"))
