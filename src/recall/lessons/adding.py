"""`recall add`: append a hand-written card to a deck file, touching no other byte."""

from __future__ import annotations

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
    if len(found) != 1 or (found[0].form, found[0].answer, found[0].choices) != (card.form, card.answer,
                                                                               card.choices):
        raise AddError("the card does not read back as written; check for lines starting with Q:, C:, A: or E:")
    return text


def new_deck(workspace: Workspace, deck_id: str, title: str) -> Path:
    if not _SLUG.match(deck_id):
        raise AddError(f"deck id '{deck_id}' must be lower-case letters, digits and dashes")
    if not title.strip():
        raise AddError("a new deck needs a title")
    if deck_id in deck_files(workspace):
        raise AddError(f"deck '{deck_id}' exists already")
    path = workspace.decks / f"{deck_id}.md"
    if path.exists():
        raise AddError(f"{workspace.relative(path)} exists already")
    workspace.decks.mkdir(parents=True, exist_ok=True)
    title_yaml = title.replace('"', '\\"')
    path.write_text(f'---\nid: "{deck_id}"\ntitle: "{title_yaml}"\n---\n\n## Cards\n', encoding="utf-8")
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
