"""Drawing a card with rich: its heading, prompt and code, and its answer once shown.

Everything here gets the card through ``safe.visible_view`` first (see ``review.Ahead``),
so no lesson text reaches the terminal with its control characters.
"""

from __future__ import annotations

import re

from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.rule import Rule
from rich.syntax import Syntax
from rich.text import Text

from recall.derive.words import GENERIC_WORDS, content_words, initials, related
from recall.model import GAP, CardView, Memory

CONTINUED = 4  # extra indentation of the rest of a code line too long for the terminal


class Code:
    """Python code, highlighted; a line too long for the terminal goes on below, indented past its start."""

    def __init__(self, code: str):
        self.code = code

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(8, options.max_width)
        syntax = Syntax(self.code, "python", theme="ansi_dark", background_color="default")
        text = syntax.highlight(self.code)
        text.expand_tabs(4)
        text.rstrip()
        for line in text.split("\n", allow_blank=True):
            yield from _hanging(line, width)


def _hanging(line: Text, width: int) -> list[Text]:
    plain = line.plain
    if len(plain) <= width:
        return [line]
    indent = min(len(plain) - len(plain.lstrip(" ")) + CONTINUED, width // 2)
    out, start, room = [], 0, width
    while len(plain) - start > room:
        cut = plain.rfind(" ", start + 1, start + room + 1)
        end = cut if cut > start + room // 2 else start + room  # break at a space when one is near the edge
        out.append(line[start:end])
        start = end + (1 if end == cut else 0)
        room = width - indent
    out.append(line[start:])
    return [piece if n == 0 else Text(" " * indent) + piece for n, piece in enumerate(out)]


def heading(view: CardView, number: int, left: tuple[int, int, int], memory: Memory | None,
            leech_lapses: int) -> list:
    """The rule naming lesson and section, the card's number with what is left today, a leech's warning."""
    new, learning, review = left
    shown = view.section and view.section.strip().casefold() != view.lesson_title.strip().casefold() and \
        not _names_answer(view)  # (a card on the whole lesson has its title for a section: said once)
    where = f"{view.lesson_title} › {view.section}" if shown else view.lesson_title
    out: list = [
        Rule(Text(where, style="dim"), align="left", style="dim"),
        Text.assemble((f"Card {number}", "bold"), "  ", ("left today:", "dim"), " ", (f"{new} new", "blue"),
                      " · ", (f"{learning} learning", "red"), " · ", (f"{review} review", "green")),
        Text(""),
    ]
    if memory is not None and memory.lapses >= leech_lapses:
        out.append(Text(f"⚑ A leech: you have forgotten this card {memory.lapses} times. Consider rewriting it, "
                        "or suspend it from the menu below.", style="magenta"))
    return out


def _names_answer(view: CardView) -> bool:
    """Whether the section's title would give away the answer (the title is left out then): of a card that
    asks for a name ("Which idea does this describe?" under "Gravity" when the answer is gravity), or of a
    concept's flip card, a word of its answer that neither its prompt nor the lesson's title says ("Explain:
    parallel loops" under "Parallel Loops with prange", answered "... using prange")."""
    if not view.answer.strip():
        return False
    if view.form == "flip":
        if view.source != "concept":
            return False
        if _spells_out(view.section, view.prompt):
            return True  # "Explain: stacks (LIFO)" under "Stacks: Last In, First Out (LIFO)": the definition
        asked, said = content_words(f"{view.prompt} {view.lesson_title}"), content_words(view.answer)
        if _glossed(view.section, asked):
            return True  # "Explain: tabulation" under "Bottom-Up: Tabulation": the author's one-word answer
        return any(not any(related(w, a) for a in asked) and any(related(w, s) for s in said)
                   for w in content_words(view.section) if w.lower() not in GENERIC_WORDS)
    if view.form not in ("choice", "cloze"):
        return False
    title = view.section.casefold()
    if view.answer.strip().casefold() in title:
        return True
    # "A(n) [...] extracts a substring" under "Slicing": the answer in another form of its word
    said, heading = content_words(view.answer), content_words(view.section)
    return bool(said) and all(any(related(w, h) for h in heading) for w in said)


def _glossed(section: str, asked: list[str]) -> bool:
    """Whether a title "Gloss: Name" or "Name: Gloss" names what is asked on one side of its colon and on the
    other says words the prompt and the lesson's title do not: a short description of the idea, which is what
    the card asks ("Bottom-Up: Tabulation", "Deque: Double-Ended Queue")."""
    left, colon, right = section.partition(":")
    if not colon:
        return False
    sides = content_words(left), content_words(right)

    def names(part: list[str]) -> bool:
        return bool(part) and all(any(related(w, a) for a in asked) for w in part)

    def tells(part: list[str], text: str) -> bool:  # "Step 2:", "Recap:" only place it
        return not re.search(r"\d", text) and any(not any(related(w, a) for a in asked) and
                                                   w.lower() not in _UNTOLD for w in part)

    return (names(sides[1]) and tells(sides[0], left)) or (names(sides[0]) and tells(sides[1], right))


#: words of a title that say where in the course a section is, not what it teaches
_PLACING = frozenset("step part recap summary review overview introduction intro basics example examples bonus "
                     "chapter lesson exercise exercises python".split())
_UNTOLD = GENERIC_WORDS | _PLACING


def _spells_out(section: str, prompt: str) -> bool:
    """Whether the section's title spells out, word by word, an acronym the prompt asks about."""
    spelled = initials(section)
    return any(acronym in spelled for acronym in re.findall(r"\b[A-Z]{3,}\b", prompt))


def body(view: CardView) -> Group:
    """What the card asks: its prompt, and its code."""
    parts: list = [Text(view.prompt)]
    if view.code:
        parts.append(Code(view.code))
    return Group(*parts)


def answer(view: CardView) -> Group:
    """A flip or cloze card's answer: a cloze shows its whole sentence with the gap filled in."""
    parts: list = [Text("Answer", style="dim")]
    if view.form == "cloze" and GAP in view.prompt:
        before, _, after = view.prompt.partition(GAP)
        parts.append(Text.assemble(before, (view.answer, "bold underline"), after))
    else:
        parts.append(Text(view.answer, style="bold"))
    if view.explanation:
        parts.append(Text(view.explanation, style="dim"))
    return Group(*parts)
