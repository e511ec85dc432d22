"""`recall add`: append a hand-written card to a deck file, touching no other byte."""

from __future__ import annotations

import json
import re
from pathlib import Path

from recall.lessons import authored, decode, parse_lesson
from recall.lessons.authored import Authored
from recall.model import LessonError
from recall.workspace import Workspace

_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


class AddError(Exception):
    pass


def deck_files(workspace: Workspace) -> dict[str, tuple[Path, str]]:
    """Deck id -> (file, title) for every deck file that reads as one."""
    out: dict[str, tuple[Path, str]] = {}
    for path in workspace.deck_files():
        try:
            lesson = parse_lesson(decode(path.read_bytes(), workspace.relative(path)), workspace.relative(path))
        except (LessonError, OSError, UnicodeError):  # `recall build` reports what is wrong with it
            continue
        out.setdefault(lesson.id, (path, lesson.title))
    return out


def check_card(card: Authored) -> str:
    """The card's text, after making sure it parses back to the same card (or AddError)."""
    text = authored.render(card)
    found, problems = authored.parse(text.splitlines(), 1, "the new card")
    if problems:
        raise AddError(problems[0].message)
    fields = ("form", "question", "answer", "choices", "explanation", "code")
    if len(found) != 1 or any(getattr(found[0], f) != getattr(card, f) for f in fields):
        raise AddError("the card does not read back as written; check for lines starting with Q:, C:, A: or E:")
    return text


def written(path: Path, rel: str) -> list[Authored]:
    """The hand-written cards a deck file holds now (those that read; `recall build` reports the rest)."""
    lesson = parse_lesson(decode(path.read_bytes(), rel), rel)
    found: list[Authored] = []
    for first_line, lines in lesson.card_sections:
        found.extend(authored.parse(list(lines), first_line, rel)[0])
    return found


def deck_id_problem(workspace: Workspace, deck_id: str) -> str | None:
    """Why ``deck_id`` cannot be a new deck's id, or None."""
    if not _SLUG.match(deck_id):
        return f"deck id '{deck_id}' must be lower-case letters, digits and dashes (like 08-testing)"
    if deck_id in deck_files(workspace):
        return f"deck '{deck_id}' exists already"
    path = workspace.decks / f"{deck_id}.md"
    if path.exists():
        return f"{workspace.relative(path)} exists already"
    return None


def new_deck(workspace: Workspace, deck_id: str, title: str) -> Path:
    problem = deck_id_problem(workspace, deck_id)
    if problem:
        raise AddError(problem)
    if not title.strip():
        raise AddError("a new deck needs a title")
    path = workspace.decks / f"{deck_id}.md"
    workspace.decks.mkdir(parents=True, exist_ok=True)
    # a JSON string is a YAML double-quoted scalar: quotes, backslashes and the rest escaped
    path.write_text(f'---\nid: "{deck_id}"\ntitle: {json.dumps(title.strip(), ensure_ascii=False)}\n---\n\n'
                    "## Cards\n", encoding="utf-8")
    return path


def append(path: Path, rel: str, card_text: str) -> int:
    """Append the card at the end of ``path``; returns the line it starts on.

    Existing bytes are never rewritten: a "## Cards" heading is added first when the
    file does not already end in a Cards section.
    """
    data = path.read_bytes()
    lesson = parse_lesson(decode(data, rel), rel)
    text = data.decode("utf-8")
    ends_in_cards = bool(lesson.card_sections) and _last_heading_is_cards(lesson)
    addition = "" if text.endswith("\n") or not text else "\n"
    if not ends_in_cards:
        addition += "\n## Cards\n"
    if not (text + addition).endswith("\n\n"):
        addition += "\n"
    start = (text + addition).count("\n") + 1
    with path.open("ab") as handle:
        handle.write((addition + card_text).encode("utf-8"))
    return start


def _last_heading_is_cards(lesson) -> bool:
    headings = [s for s in lesson.sections if s.level >= 2]
    if not headings:
        return True  # a file that is all cards
    return headings[-1].title.strip().casefold() == "cards"
