"""A card as an Anki note: its fields, tags and card columns.

Pure functions of the card, its lesson and the collection's layout; ``note_rows``
turns a run of cards into rows for Anki's ``notes`` and ``cards`` tables. Every piece
of lesson text goes into a field through ``markup.text``: Anki renders HTML, runs
JavaScript and reads markup of its own (clozes, sounds, LaTeX), and lesson text must
only ever show as text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import NamedTuple

from recall.export import markup
from recall.export.highlight import highlight
from recall.model import GAP, LEARNING, RELEARNING, REVIEW, THEN, Memory

ANKI_TYPES = {LEARNING: 1, REVIEW: 2, RELEARNING: 3}
SUSPENDED_QUEUE = -1
LEECH_TAG = "leech"  # the tag Anki itself gives a leech
#: note type id per card form (the note types themselves are declared in ``anki.py``)
MODEL_IDS = {"flip": 1794205101, "cloze": 1794205102, "choice": 1794205103, "typed": 1794205104}


@dataclass(frozen=True)
class LessonInfo:
    id: str
    title: str


class NoteSource(NamedTuple):
    """One card as the export reads it (``recall.store.cards.export_rows``)."""

    id: str
    lesson: str
    source: str
    form: str
    prompt: str
    answer: str
    choices: tuple[str, ...]
    explanation: str
    code: str
    section: str
    #: when the card's text last changed (epoch seconds): the note's modification time, so
    #: that Anki's "update if newer" import takes changed notes and leaves the rest alone
    changed: int
    concepts: tuple[str, ...] = ()  # the lesson's concepts this card is about
    memory: Memory | None = None  # progress to carry, with --with-scheduling
    suspended: bool = False


@dataclass(frozen=True)
class Layout:
    """What every row needs besides its card: the collection it goes into."""

    lessons: dict[str, LessonInfo]
    deck_ids: dict[str, int]  # lesson id -> deck id
    first_id: int  # note n gets first_id + 2n, its card first_id + 2n + 1
    mod: int  # the export's time, for cards
    crt: int  # the collection's creation day (review due dates count from it)
    desired_retention: float
    #: lapses that make a card a leech; None when no progress is carried
    leech_lapses: int | None = None

    def within(self, lessons: list[str]) -> Layout:
        """This layout with ``lessons`` alone: what the rows of their cards need."""
        return replace(self, lessons={lesson: self.lessons[lesson] for lesson in lessons},
                       deck_ids={lesson: self.deck_ids[lesson] for lesson in lessons})


def card_id(layout: Layout, n: int) -> int:
    """The Anki card id of the export's n-th card."""
    return layout.first_id + 2 * n + 1


def highlight_all(codes: set[str]) -> dict[str, str]:
    """Each code snippet as a highlighted ``<pre>`` block, highlighting each piece of code once.

    A card's code is the earlier code it needs, down to its ``# then:`` line, then its
    block's own lines; the earlier part recurs across cards and is highlighted once. The
    cards of one block show growing prefixes of its lines, so only the longest is
    highlighted and the others take its first lines (``highlight`` keeps every span
    within its line, so the first lines of the HTML are the HTML of the first lines).
    """
    parts: dict[str, tuple[str, str]] = {}
    for code in codes:
        lines = code.split("\n")
        cut = lines.index(THEN) + 1 if THEN in lines else 0
        parts[code] = ("\n".join(lines[:cut]), "\n".join(lines[cut:]))
    own = _prefixes_highlighted({body for _, body in parts.values()})
    earlier: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for code, (head, body) in parts.items():
        if head and head not in earlier:
            earlier[head] = highlight(head).split("\n")
        out[code] = _wrap("\n".join([*earlier.get(head, []), *own[body]]))
    return out


def _prefixes_highlighted(codes: set[str]) -> dict[str, list[str]]:
    """The HTML lines of each snippet; a snippet whose lines begin another one takes that one's first lines
    (in sorted order it comes right before it)."""
    out: dict[str, list[str]] = {}
    following, following_lines = "", [""]
    for code in reversed(sorted(codes)):
        if following.startswith(code) and following[len(code):len(code) + 1] == "\n":
            code_lines = following_lines[:code.count("\n") + 1]
        else:
            code_lines = highlight(code).split("\n")
        out[code] = code_lines
        following, following_lines = code, code_lines
    return out


def _wrap(inner: str) -> str:
    return '<pre class="code">' + inner + "\n</pre>"


def source(lesson: LessonInfo, section: str, lines: Callable[[str], str] = markup.lines) -> str:
    """The Source field: where in which lesson the card comes from ("Title › Section").

    The arrow is written as an entity: most fields then hold only Latin-1 characters,
    which Python stores (and joins, searches and encodes) at one byte a character.
    ``lines`` is ``markup.lines`` (or a memo of it).
    """
    title = lines(lesson.title)
    return f"{title} &rsaquo; {lines(section)}" if section else title


def fields(card: NoteSource, source: str, code_html: Mapping[str, str],
           lines: Callable[[str], str] = markup.lines, text: Callable[[str], str] = markup.text) -> list[str]:
    """The note's fields for one card: ``source`` is its Source field, ``code_html`` has its
    code highlighted (``highlight_all``); ``lines`` and ``text`` are ``markup``'s (or memos of them)."""
    form = card.form
    if form == "cloze":
        before, gap, after = card.prompt.partition(GAP)
        gap_html = "{{c1::" + lines(card.answer) + "}}"
        cloze = lines(before) + gap_html + lines(after) if gap else lines(card.prompt) + "<br>" + gap_html
        return [cloze, lines(card.explanation), source]  # no gap: ask for the answer after the prompt
    prompt = lines(card.prompt)
    code = code_html[card.code] if card.code else ""
    if form == "choice":
        options = "".join(f"<li>{lines(option)}</li>" for option in card.choices)
        return [prompt, f'<ol class="options" type="A">{options}</ol>', lines(card.answer),
                lines(card.explanation), source]
    if form == "typed":
        return [prompt, code, f'<pre class="output">{text(card.answer)}</pre>',
                lines(card.explanation), source]
    return [prompt + code, lines(card.answer), lines(card.explanation), source]


def tags(card: NoteSource, leech: bool) -> str:
    """The lesson id, the source kind, the card's own concepts (and ``leech``), as Anki's tags field."""
    head, concepts = (_tag(card.lesson), _tag(card.source)), _tags(card.concepts)
    if leech and LEECH_TAG not in concepts:
        concepts = (*concepts, LEECH_TAG)
    if head[0] in concepts or head[1] in concepts or head[0] == head[1] or not all(head):
        return " " + " ".join(dict.fromkeys(tag for tag in (*head, *concepts) if tag)) + " "
    return " " + " ".join((*head, *concepts)) + " "  # no tag twice: nothing to drop


@lru_cache(maxsize=4096)
def _tag(word: str) -> str:
    """One word as an Anki tag: Anki splits tags at spaces."""
    return "_".join(str(word).split())


@lru_cache(maxsize=4096)
def _tags(concepts: tuple[str, ...]) -> tuple[str, ...]:
    """Concepts as tags, each once (the cards of one concept share them)."""
    return tuple(dict.fromkeys(tag for tag in map(_tag, concepts) if tag))


#: Anki's rows as ``note_rows`` gives them: what is the same for every row is written here
NOTE_SQL = "INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, '', 0, 0, '')"  # sort field, checksum: Anki's
#: the cards never studied of a run of notes in one deck, from the notes already written: card id
#: note id + 1, due the card's position in the export (new cards come in curriculum order);
#: one statement a run instead of a row a card
NEW_CARD_SQL = ("INSERT INTO cards SELECT id + 1, id, ?, 0, ?, -1, 0, 0, (id - ?) / 2, 0, 0, 0, 0, 0, 0, 0, 0, '' "
                "FROM notes WHERE id BETWEEN ? AND ?")
CARD_SQL = "INSERT INTO cards VALUES (?, ?, ?, 0, ?, -1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)"


@dataclass
class Rows:
    """Rows for ``NOTE_SQL``, ``NEW_CARD_SQL`` (cards never studied, after the notes), ``CARD_SQL``
    (cards with progress) and Anki's review log (``revlog.revlog_rows``)."""

    notes: list[tuple]
    new_cards: list[list[int]]  # runs of consecutive notes in one deck
    cards: list[tuple]
    revlog: list[tuple] = field(default_factory=list)


#: texts kept by an export's memo of their HTML
_RECURRING = 16384


class Memo:
    """What cards share, worked out once per export rather than once per card: the HTML of
    text that recurs (options, answers, explanations, titles, sections), Source fields by
    lesson and section, and tags fields by lesson, source kind, concepts and leech."""

    def __init__(self) -> None:
        # bounded: prompts are mostly unique, and what recurs (options, explanations) recurs within a lesson
        self.lines = lru_cache(maxsize=_RECURRING)(markup.lines)
        self.text = lru_cache(maxsize=_RECURRING)(markup.text)
        self.sources: dict[tuple[str, str], str] = {}
        self.tags: dict[tuple[str, str, tuple[str, ...], bool], str] = {}


def note_rows(cards: Sequence[NoteSource], layout: Layout, code_html: Mapping[str, str], start: int = 0,
              memo: Memo | None = None) -> Rows:
    """Rows for Anki's notes and cards tables of the export's cards from position ``start`` on.

    The n-th card's ids come from ``card_id(layout, n)``; ``code_html`` has every card's
    code highlighted (``highlight_all``). The calls for one export share one ``memo``.
    """
    memo = memo or Memo()
    lines, text, sources, tag_strings = memo.lines, memo.text, memo.sources, memo.tags
    out = Rows([], [], [])
    notes, new_cards, studied = out.notes, out.new_cards, out.cards
    lessons, deck_ids, mod, leech_lapses = layout.lessons, layout.deck_ids, layout.mod, layout.leech_lapses
    first_id = layout.first_id
    for n, card in enumerate(cards, start):
        memory = card.memory
        leech = leech_lapses is not None and memory is not None and memory.lapses >= leech_lapses
        # a miss is falsy: tags are never empty (an empty Source is only made again)
        key = (card.lesson, card.source, card.concepts, leech)
        tag_string = tag_strings.get(key) or tag_strings.setdefault(key, tags(card, leech))
        where = (card.lesson, card.section)
        source_html = sources.get(where) or sources.setdefault(where, source(lessons[card.lesson], card.section,
                                                                               lines))
        note_id = first_id + 2 * n  # card_id(layout, n) - 1
        notes.append((note_id, card.id, MODEL_IDS[card.form], card.changed or mod, tag_string,
                      "\x1f".join(fields(card, source_html, code_html, lines, text))))
        if memory is None:
            deck = deck_ids[card.lesson]
            run = new_cards[-1] if new_cards else None
            if run is not None and run[0] == deck and run[4] == note_id - 2:
                run[4] = note_id
            else:
                new_cards.append([deck, mod, first_id, note_id, note_id])
        else:
            studied.append((note_id + 1, note_id, deck_ids[card.lesson], mod,
                            *_schedule(memory, card.suspended, layout.crt, layout.desired_retention)))
    return out


def _schedule(memory: Memory, suspended: bool, crt: int, desired_retention: float) -> tuple:
    """Anki's card columns for a card we have studied: type, queue, due, ivl, factor, reps, lapses, left, data.

    Review cards are due on a day number counted from the collection's creation; learning
    cards at a timestamp. A suspended card keeps its type and due, in queue -1. FSRS
    memory goes in ``data`` as Anki keeps it (s, d, dr, lrt).
    """
    kind = ANKI_TYPES[memory.state]
    fsrs: dict[str, float | None] = {"s": round(memory.stability, 4) if memory.stability else None,
                                     "d": round(memory.difficulty, 4) if memory.difficulty else None,
                                     "dr": desired_retention}
    if memory.last_review:
        fsrs["lrt"] = int(memory.last_review.timestamp())
    data = json.dumps({k: v for k, v in fsrs.items() if v is not None}, separators=(",", ":"))
    if kind == 2:
        created = datetime.fromtimestamp(crt, UTC).date()
        due = (memory.due.astimezone(UTC).date() - created).days
        ivl = max(1, round((memory.due - memory.last_review).total_seconds() / 86400)) if memory.last_review else 1
        return (2, SUSPENDED_QUEUE if suspended else 2, due, ivl, 2500, memory.reps, memory.lapses, 0, data)
    ivl = 0 if kind == 1 else max(1, round(memory.stability or 1))
    return (kind, SUSPENDED_QUEUE if suspended else 1, int(memory.due.timestamp()), ivl, 2500, memory.reps,
            memory.lapses, 1, data)
