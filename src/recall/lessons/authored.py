"""The card syntax learners write by hand, in a deck file's ``## Cards`` section.

    Q: What does len() of a generator give?
    A: TypeError: generators have no length.

    C: Use {{threading}} for I/O-bound work.

    Q: Which of these is immutable?
    - [ ] list
    - [x] tuple
    E: Tuples cannot change once made.

    Q: What does this print?
    ```python
    print(sorted([3, 1, 2]))
    ```
    A: [1, 2, 3]

A card starts at a ``Q:`` or ``C:`` line and runs to the next one. ``A:`` starts the
answer, ``E:`` the explanation, ``- [x]`` / ``- [ ]`` lines are options. Text may run
over several lines, and code fences may sit in the question or the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from recall.model import Problem

_START = re.compile(r"^(Q|C):\s?(.*)$")
_FIELD = re.compile(r"^(A|E):\s?(.*)$")
_OPTION = re.compile(r"^[-*]\s+\[( |x|X)\]\s+(.*)$")
_GAP = re.compile(r"\{\{(.+?)\}\}")
_FENCE = re.compile(r"^(`{3,}|~{3,})\s*([\w+-]*)")


@dataclass(frozen=True)
class Authored:
    """One card as written: its form and fields, still as text."""

    line: int
    form: str  # flip | cloze | choice | typed
    question: str
    answer: str
    choices: tuple[str, ...] = ()
    explanation: str = ""
    code: str = ""

    def identity(self) -> str:
        """What identifies the card: its question (for a cloze, its text; for typed, the code too)."""
        return self.question + ("\n" + self.code if self.code else "")


@dataclass
class _Draft:
    line: int
    kind: str  # "Q" or "C"
    question: list[str] = field(default_factory=list)
    answer: list[str] | None = None
    explanation: list[str] | None = None
    options: list[tuple[bool, str, int]] = field(default_factory=list)


def parse(lines: list[str], first_line: int, file: str) -> tuple[list[Authored], list[Problem]]:
    """Cards from the lines of a Cards section (``first_line`` is the number of ``lines[0]``)."""
    drafts: list[_Draft] = []
    problems: list[Problem] = []
    target: list[str] | None = None
    fence: str | None = None
    for offset, line in enumerate(lines):
        number = first_line + offset
        if fence is not None:
            if target is not None:
                target.append(line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        opening = _FENCE.match(line.strip())
        if opening:
            fence = opening.group(1)
            if target is None:
                problems.append(Problem(file, number, "code outside a card: start the card with 'Q:' first"))
            else:
                target.append(line)
            continue
        start = _START.match(line)
        if start:
            drafts.append(_Draft(number, start.group(1), [start.group(2)]))
            target = drafts[-1].question
            continue
        if not drafts:
            if line.strip():
                problems.append(Problem(file, number, "text before the first card: a card starts with 'Q:' or 'C:'"))
            continue
        draft = drafts[-1]
        found = _FIELD.match(line)
        option = _OPTION.match(line.strip())
        if found:
            setattr(draft, "answer" if found.group(1) == "A" else "explanation", [found.group(2)])
            target = draft.answer if found.group(1) == "A" else draft.explanation
        elif option and draft.kind == "Q" and draft.answer is None:
            draft.options.append((option.group(1) != " ", option.group(2).strip(), number))
            target = None
        elif target is not None:
            target.append(line)
    if fence is not None:
        problems.append(Problem(file, first_line + len(lines) - 1, f"code fence ({fence}) is never closed"))
    cards = []
    for draft in drafts:
        card = _finish(draft, file, problems)
        if card is not None:
            cards.append(card)
    return cards, problems


def _text(lines: list[str] | None) -> str:
    return "\n".join(lines or []).strip()


def _split_code(lines: list[str]) -> tuple[str, str, str]:
    """(text outside fences, code of the first python fence, its info)."""
    text, code, info, inside, taken = [], [], "", None, False
    for line in lines:
        stripped = line.strip()
        if inside is None:
            opening = _FENCE.match(stripped)
            if opening and not taken:
                inside, info = opening.group(1), opening.group(2).lower()
                continue
            text.append(line)
        elif stripped.startswith(inside) and not stripped.strip(inside[0]):
            inside, taken = None, True
        else:
            code.append(line)
    return "\n".join(text).strip(), "\n".join(code), info


def _unfenced(text_lines: list[str] | None) -> str:
    """An answer with its fence lines dropped: the code stays, as text."""
    return "\n".join(line for line in (text_lines or []) if not _FENCE.match(line.strip())).strip()


def _finish(draft: _Draft, file: str, problems: list[Problem]) -> Authored | None:
    def error(message: str) -> None:
        problems.append(Problem(file, draft.line, message))

    explanation = _text(draft.explanation)
    if draft.kind == "C":
        text = _text(draft.question)
        wrong = gap_problem(text)
        if wrong:
            error(wrong)
            return None
        return Authored(draft.line, "cloze", text, "", explanation=explanation)
    question, code, info = _split_code(draft.question)
    if not question and not code:
        error("card has no question after 'Q:'")
        return None
    if draft.options:
        names = [name for _, name, _ in draft.options]
        correct = [name for right, name, _ in draft.options if right]
        seen = set()
        for _, name, number in draft.options:
            if name.casefold() in seen:
                problems.append(Problem(file, number, f"choice card lists '{name}' twice"))
                return None
            seen.add(name.casefold())
        if len(names) < 2:
            error("choice card needs at least two options")
        elif not correct:
            error("choice card has no correct option: mark it '- [x]'")
        elif len(correct) > 1:
            error(f"choice card marks {len(correct)} options correct; mark exactly one '- [x]'")
        else:
            return Authored(draft.line, "choice", question, correct[0], tuple(names), explanation, code)
        return None
    answer = _unfenced(draft.answer)
    if not answer:
        error("card has no answer: add an 'A:' line")
        return None
    if code and info in ("python", "py", "python3", ""):
        return Authored(draft.line, "typed", question or "What does this code print?", answer,
                        explanation=explanation, code=code)
    return Authored(draft.line, "flip", question, answer, explanation=explanation, code=code)


_BRACES = re.compile(r"\{\{+|\}\}+")


def gap_problem(text: str) -> str | None:
    """What is wrong with the gaps of a cloze's text, or None when each is one {{hidden part}}."""
    opened = False
    start = 0
    found = 0
    for mark in _BRACES.finditer(text):
        token = mark.group(0)
        if len(token) > 2:
            return f"'{token}' in a cloze: mark each gap with exactly two braces, {{{{like this}}}}"
        if token == "{{":
            if opened:
                return "a gap inside a gap: gaps cannot be nested; close the first one with '}}'"
            opened, start = True, mark.end()
        else:
            if not opened:
                return "'}}' closes no gap: open it with '{{'"
            if not text[start:mark.start()].strip():
                return "an empty gap: put the hidden text between the braces, {{like this}}"
            opened = False
            found += 1
    if opened:
        return "a gap opened with '{{' is never closed: end it with '}}'"
    if not found:
        return "cloze has no gap: mark the hidden part {{like this}}"
    return None


def cloze_cards(card: Authored) -> list[tuple[str, str]]:
    """(prompt, answer) for each gap of a cloze; the other gaps show their text."""
    out = []
    for gap in _GAP.finditer(card.question):

        def shown(m: re.Match[str], start: int = gap.start()) -> str:
            return "[...]" if m.start() == start else m.group(1)

        out.append((_GAP.sub(shown, card.question), gap.group(1)))
    return out


def render(card: Authored) -> str:
    """The card in the syntax above, as `recall add` appends it (ends with a newline)."""
    lines: list[str] = []
    if card.form == "cloze":
        lines.append(f"C: {card.question}")
    else:
        lines.append(f"Q: {card.question}")
        if card.code:
            lines += ["```python", card.code.rstrip("\n"), "```"]
        if card.form == "choice":
            lines += [f"- [{'x' if option == card.answer else ' '}] {option}" for option in card.choices]
        else:
            answer = card.answer
            if "\n" in answer or answer.startswith(("Q:", "C:", "E:")):
                lines += ["A:", "```", answer, "```"]
            else:
                lines.append(f"A: {answer}")
    if card.explanation:
        lines.append(f"E: {card.explanation}")
    return "\n".join(lines) + "\n"
