"""Table cards: a lesson's comparison tables, asked the way their columns allow.

The first column is the key. For every other column:

- short answers of three or more kinds ("Best approach"): "which one?" per row, wrong
  options from the same column that are plainly wrong (never a part or a superset of
  the answer, never of another shape); with fewer than three options, a flip card;
- short answers of exactly two kinds ("list"/"generator", "Yes"/"No"): one card that
  sorts the rows between the two, since a choice between two is a coin flip;
- longer descriptions ("Matches: Any digit"): "which description?" per key, the other
  rows' descriptions that say something else as the wrong options (never "which key
  is this?": a description can fit two keys);
- an explanation ("Why", "Notes", or long text): shown after each card of its row.

A table whose columns are the things compared ("Operation | Array | Linked List") asks
per row how they differ. Cells that overlap within a column, and a table with no
column to ask about, are reported.
"""

from __future__ import annotations

import re

from recall.derive import ids
from recall.derive.distractors import MIN_CHOICES, choose, excludes, names_all_of, says_alike, shape
from recall.derive.sentences import split
from recall.derive.terms import COMPLEXITY
from recall.derive.words import GENERIC_WORDS, STOP_WORDS, holds, related, words
from recall.lessons import BulletList, Lesson, Paragraph, Table
from recall.model import CardSpec, Form, Problem, Source, warning

_EXPLANATION_HEADERS = {"why", "reason", "reasons", "notes", "note", "explanation", "details", "comment", "comments",
                        "rationale", "because", "remarks"}
#: columns that illustrate: "which example?" has no one answer either way (updating a profile is PUT or PATCH),
#: so an example explains the row's other cards and is never asked
_EXAMPLE_HEADERS = {"example", "examples", "e.g.", "for example", "sample", "use case", "use cases"}
MAX_CHOICES = 5
#: letters a key needs before prose that names it is telling ("r", "wb" are everywhere)
_NAMED_KEY = 3
#: headers that name a case of an algorithm's cost
_CASES = frozenset({"best", "average", "worst"})
#: longest description offered as an option
_MAX_DESCRIPTION = 150
_MAX_SORTED_ROWS = 5
#: column headers that name a property of the key, not a thing compared with it
_ATTRIBUTE_WORDS = frozenset("""
purpose example examples description meaning use usage when best average worst space time stable value values result
returns output type kind pattern matches mode code status success method operation effect notes why approach
""".split())


def derive(lesson: Lesson) -> tuple[list[CardSpec], list[Problem]]:
    cards: list[CardSpec] = []
    problems: list[Problem] = []
    for section in lesson.sections:
        for table in (b for b in section.blocks if isinstance(b, Table)):
            made = _table_cards(lesson, section.title, table)
            problems.extend(_overlaps(lesson, table))
            if not made and len(table.header.cells) >= 2 and table.rows:
                problems.append(warning(lesson.file, table.line,
                                        "table has no column of short answers to ask about; no cards from it"))
            cards.extend(made)
    return cards, problems


def cards(lesson: Lesson) -> list[CardSpec]:
    return derive(lesson)[0]


def sentence_case(text: str) -> str:
    """"Best Approach" -> "Best approach"; acronyms and code keep their case."""
    out = []
    for i, word in enumerate(text.split()):
        if i and word[:1].isupper() and word[1:].islower():
            word = word.lower()
        out.append(word)
    return " ".join(out)


def _stated(text: str) -> str:
    """A cell as the start of a prompt: one full stop at its end ("Stream a HUGE file.." never)."""
    return text.rstrip(" .!?:;") + ("?" if text.rstrip().endswith("?") else ".")


def _is_explanation(header: str, cells: list[str]) -> bool:
    return header.strip().casefold() in _EXPLANATION_HEADERS


#: headers of a column that says what the values beside it mean
_GLOSS_HEADERS = {"meaning", "description", "what it means", "means"}


def _glosses_left(header: list[str], c: int) -> bool:
    """Whether column ``c`` says what the column left of it means, not what the key is ("Operation | Success
    Code | Meaning": 201 means "Created successfully"): asked of the key, its answer is the other column's."""
    return c >= 2 and header[c].strip().casefold() in _GLOSS_HEADERS


def _is_short(cells: list[str]) -> bool:
    mean_words = sum(len(c.split()) for c in cells) / max(len(cells), 1)
    return mean_words <= 3.5 and max(map(len, cells), default=0) <= 40


class _Grid:
    def __init__(self, lesson: Lesson, title: str, table: Table):
        self.lesson, self.title, self.table = lesson, title, table
        self.header = list(table.header.texts())
        self.width = len(self.header)
        self.rows = [row for row in table.rows if len(row.cells) == self.width and row.texts()[0].strip()]
        self.cells = [list(row.texts()) for row in self.rows]
        self.columns = [[cells[c] for cells in self.cells] for c in range(self.width)]
        self.normal = [[ids.normalise(v) for v in column] for column in self.columns]
        self.explained = [c for c in range(1, self.width) if _is_explanation(self.header[c], self.columns[c])
                          or _glosses_left(self.header, c)]
        self.examples = [c for c in range(1, self.width) if self.header[c].strip().casefold() in _EXAMPLE_HEADERS]
        self.header_words = [w for h in self.header for w in words(h)]
        self.odd = _odd_rows(self.columns[0])
        #: the sentences of the lesson's paragraphs and lists
        self.prose = [sentence for section in lesson.sections for block in section.blocks
                      if isinstance(block, (Paragraph, BulletList))
                      for text in ([block.text] if isinstance(block, Paragraph) else [i.text for i in block.items])
                      for sentence in split(text)]

    def asked(self) -> list[tuple[int, list[str]]]:
        """The rows a card may ask about or offer as a wrong option, with their cells."""
        return [(r, cells) for r, cells in enumerate(self.cells) if r not in self.odd]

    def key(self, r: int) -> str:
        """Row ``r``'s key as a prompt states it ("DELETE.", "\"r+\"."); code of symbols or escapes is quoted
        ("“\\d”.", "“.”."), or it reads as the prompt's own punctuation (and backticks would show raw)."""
        cell = self.rows[r].cells[0]
        code = [span for span in cell.spans if span.text.strip()]
        text = self.cells[r][0].strip()
        if len(code) == 1 and code[0].kind == "code" and ("\\" in text or not re.search(r"[A-Za-z0-9]", text)):
            return f"“{text}”."
        return _stated(text)

    def kinds_of(self, r: int, col: int, said_together: bool = False) -> set[str]:
        """Column ``col``'s values (normalised) in rows whose key names a kind of row ``r``'s key or
        the other way round ("Monotonic Stack" and "Stack", "Min Heap" and "Heap"), and with
        ``said_together`` (a column of what each is for), rows the lesson's prose names in one breath
        with it: what one is for, the other may be for too, so neither is a wrong option for the other."""
        mine = self.cells[r][0]
        return {self.normal[col][o] for o, cells in enumerate(self.cells)
                if self.normal[0][o] != self.normal[0][r] and _named(mine) and _named(cells[0])
                and (_kind_of(cells[0], mine) or _kind_of(mine, cells[0])
                     or (said_together and self._said_together(mine, cells[0])))}

    def _said_together(self, one: str, other: str) -> bool:
        """Whether a sentence of the lesson's prose names both keys ("deque is suitable as both a stack and a
        queue"): the lesson relates them, so what one is for may be what the other is for. Keys of one or two
        letters (file modes) are too common in prose to tell."""
        return any(holds(sentence, one) and holds(sentence, other) for sentence in self.prose)

    def asking(self, col: int) -> str:
        """What a prompt asks of column ``col``: its header, and "case" after a case's name alone over costs
        ("Best" above O(n) in an algorithm's table is its best case)."""
        header = sentence_case(self.header[col])
        costs = [cell for cell in self.columns[col] if cell.strip()]
        if header.strip().casefold() in _CASES and costs and all(COMPLEXITY.search(cell) for cell in costs):
            return f"{header} case"
        return header

    def card_id(self, r: int, col: int, *more: str) -> str:
        return ids.card_id(self.lesson.id, "table", ids.normalise(self.title), self.normal[0][r],
                           ids.normalise(self.header[col]), *more)

    def explanation(self, r: int, asked: int | None = None) -> str:
        shown = [c for c in (*self.explained, *self.examples) if c != asked]
        return "\n".join(f"{self.header[c]}: {self.cells[r][c]}" for c in sorted(shown) if self.cells[r][c])

    def spec(self, r: int, col: int, form: Form, prompt: str, answer: str, choices: tuple[str, ...] = (),
             *more: str, explanation: str | None = None) -> CardSpec:
        return CardSpec(id=self.card_id(r, col, *more), lesson=self.lesson.id, source=Source.TABLE, form=form,
                        prompt=prompt, answer=answer, choices=choices,
                        explanation=self.explanation(r) if explanation is None else explanation,
                        file=self.lesson.file, line=self.rows[r].line, section=self.title)


def _named(key: str) -> bool:
    """Whether a key is a name in words, three letters or more: a mode ("r", "wb") or a pattern ("a*", "a{3}")
    is not, and prose that mentions it, or one key inside another, tells nothing."""
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z -]*", key.strip())) and len("".join(words(key))) >= _NAMED_KEY


def _kind_of(narrow: str, broad: str) -> bool:
    """Whether ``narrow`` names a kind of ``broad``: longer, and ending in its words ("Monotonic Stack",
    "Stack"; "Min Heap", "Heap")."""
    tail, head = words(narrow), words(broad)
    return len(tail) > len(head) and all(related(a, b) for a, b in zip(tail[-len(head):], head))


def _table_cards(lesson: Lesson, title: str, table: Table) -> list[CardSpec]:
    grid = _Grid(lesson, title, table)
    if grid.width < 2 or len(grid.rows) < 2:
        return []
    asked = [c for c in range(1, grid.width) if c not in grid.explained and len(set(grid.normal[c]) - {""}) >= 2]
    compared = _compared_columns(grid, asked)
    out: list[CardSpec] = []
    if compared:
        out.extend(_contrasts(grid, compared))
    for col in asked:
        if col in compared:
            continue
        kinds = len(set(grid.normal[col]) - {""})
        if col in grid.examples:
            continue
        if _is_short(grid.columns[col]):
            out.extend(_sorting(grid, col) if kinds == 2 else _forward(grid, col))
        else:
            out.extend(_described(grid, col))
    return out


def _forward(grid: _Grid, col: int) -> list[CardSpec]:
    """ "Task type: CPU-bound. Best approach?" with plainly wrong options from the column (its rows of the
    key's kind: "Not found" under GET and POST gives no 404 for "Success code?").

    A column of numbers that two rows share (GET and PUT both 200) is a convention, not a rule that
    tells rows apart: another row's number may be right here too (PUT may answer 204), so it is
    not asked.
    """
    asked = [r for r, _ in grid.asked()]
    values = [grid.normal[col][r] for r in asked if grid.normal[col][r]]
    if len(set(values)) < len(values) and all(shape(v) == "number" for v in values):
        return []
    distinct = _distinct([grid.columns[col][r] for r in asked], [grid.normal[col][r] for r in asked])
    # "Space" beside Best / Average / Worst columns: a row's cost there is one case's, and a costlier one may be
    # the same row's in its worst case (quicksort's O(log n) stack is O(n) at worst): never a wrong option
    cased = grid.header[col].strip().casefold() not in _CASES and \
        any(h.strip().casefold() in _CASES for h in grid.header)
    out = []
    for r, cells in grid.asked():
        key, answer = cells[0], cells[col]
        if not answer:
            continue
        prompt = f"{sentence_case(grid.header[0])}: {grid.key(r)} {grid.asking(col)}?"
        if _echoes(answer, key):
            continue  # "DELETE" -> "Deleted, no content": read off the prompt
        narrower = grid.kinds_of(r, col)
        others = choose(answer, [v for v, n in distinct if n != grid.normal[col][r] and n not in narrower
                                 and not (cased and _costlier(v, answer))], grid.header_words)
        if len(others) + 1 >= MIN_CHOICES:
            out.append(grid.spec(r, col, Form.CHOICE, prompt, answer, tuple([answer, *others][:MAX_CHOICES])))
        elif len(words(answer)) <= 4:
            out.append(grid.spec(r, col, Form.FLIP, prompt, answer))
    return out


#: how costs usually grow, cheapest first, as lessons write them
_GROWTH = {"1": 0, "log n": 1, "n": 2, "n log n": 3, "n^2": 4, "n²": 4, "n**2": 4, "2^n": 5, "n!": 6}


def _costlier(option: str, answer: str) -> bool:
    """Whether ``option`` is a costlier big-O than ``answer`` ("O(n)" beside "O(log n)"); False when either is
    not one of the usual costs."""
    def rank(cost: str) -> int | None:
        found = re.fullmatch(r"\s*O\((.*)\)\s*", cost)
        return _GROWTH.get(" ".join(found.group(1).split()).lower()) if found else None

    mine, theirs = rank(answer), rank(option)
    return mine is not None and theirs is not None and theirs > mine


def _described(grid: _Grid, col: int) -> list[CardSpec]:
    """ "Pattern: \\d. Matches?" with other rows' descriptions as the wrong options.

    Asked from the key, never the other way: a description can fit two keys ("Any
    whitespace" is matched by ``\\s``, but also by ``.`` and ``\\D``), while a key's own
    description is the one that fits it. Wrong options say something else: not the same
    words (``says_alike``), not a part of the answer or the answer a part of them. A
    description by exclusion ("Any non-word character") covers most of what the others
    describe ("Any whitespace"): its wrong options exclude something too. Nor is an
    option the answer names a part of ("Any digit" beside "Any word character (letter,
    digit, underscore)"): true of the key as well.
    """
    asked = [r for r, _ in grid.asked()]
    distinct = _distinct([grid.columns[col][r] for r in asked], [grid.normal[col][r] for r in asked])
    out = []
    for r, cells in grid.asked():
        key, answer = cells[0], cells[col]
        if not answer or len(answer) > _MAX_DESCRIPTION:
            continue
        if _echoes(answer, key):
            continue  # "DELETE" -> "Deleted, nothing to return": read off the prompt
        mine, narrower = grid.normal[col][r], grid.kinds_of(r, col, said_together=True)
        others = [v for v, n in distinct if n != mine and n not in narrower and len(v) <= _MAX_DESCRIPTION
                  and not holds(n, mine)
                  and not holds(mine, n) and not says_alike(answer, v, grid.header_words)
                  and not names_all_of(answer, v, grid.header_words)
                  and (not excludes(answer) or excludes(v))][:MAX_CHOICES - 1]
        if len(others) + 1 < MIN_CHOICES:
            continue
        prompt = f"{sentence_case(grid.header[0])}: {grid.key(r)} {grid.asking(col)}?"
        out.append(grid.spec(r, col, Form.CHOICE, prompt, answer, (answer, *others), "which",
                             explanation=grid.explanation(r, asked=col)))
    return out


_NAME_IN_CAPITALS = re.compile(r"^[A-Z][A-Z0-9_]+(?: [A-Z][A-Z0-9_]+)*$")  # GROUP BY too


def _odd_rows(keys: list[str]) -> set[int]:
    """Rows whose key is not the kind the others are: "Not found" under GET, POST, PUT, DELETE (a table of
    names in capitals with other cases added below; the column's header does not fit them)."""
    capitals = [bool(_NAME_IN_CAPITALS.match(key.strip())) for key in keys]
    if sum(capitals) < 3 or sum(capitals) * 3 < len(keys) * 2:
        return set()
    return {r for r, named in enumerate(capitals) if not named}


def _sorting(grid: _Grid, col: int) -> list[CardSpec]:
    """One card for a column of two answers: which rows take which (a choice of two is a coin flip)."""
    if len(grid.rows) > _MAX_SORTED_ROWS:
        return []
    values = _distinct(grid.columns[col], grid.normal[col])
    first, second = values[0][0], values[1][0]
    rows = [(r, cells) for r, cells in grid.asked() if cells[col]]
    prompt = (f"{sentence_case(grid.header[col]).rstrip('?')}: {first} or {second}? For each "
              f"{_thing(grid.header[0])}:\n" + "\n".join(f"- {cells[0]}" for _, cells in rows))
    answer = "\n".join(f"{cells[0]}: {cells[col]}" for _, cells in rows)
    explanation = "\n".join(f"{cells[0]}: {grid.explanation(r)}" for r, cells in rows if grid.explanation(r))
    return [grid.spec(0, col, Form.FLIP, prompt, answer, (), "sorted", explanation=explanation)]


def _compared_columns(grid: _Grid, asked: list[int]) -> list[int]:
    """Columns whose headers are the things a table compares ("Array", "Linked List"), not properties."""
    if len(asked) < 2:
        return []
    lesson = grid.lesson
    named = [w.lower() for s in lesson.sections for w in words(s.title)] + \
        [w for c in lesson.concepts for w in c.split("-")] + [w.lower() for w in words(lesson.title)]
    things = []
    for c in asked:
        head = [w for w in words(grid.header[c]) if w.lower() not in STOP_WORDS and w.lower() not in GENERIC_WORDS]
        if head and all(w.lower() not in _ATTRIBUTE_WORDS for w in head) and \
                all(any(related(w, n) for n in named) for w in head):
            things.append(c)
    if len(things) < 2:
        return []
    kinds = {shape(v) for c in things for v in grid.columns[c] if v}
    return things if len(kinds) <= 2 else []


def _contrasts(grid: _Grid, compared: list[int]) -> list[CardSpec]:
    """ "Access by index: Array vs Linked List?" -> each one's cell."""
    out = []
    names = " vs ".join(grid.header[c] for c in compared)
    for r, cells in grid.asked():
        values = [cells[c] for c in compared]
        if not all(values) or len({ids.normalise(v) for v in values}) < 2:
            continue
        prompt = f"{grid.key(r)[:-1]}: {names}?"
        answer = "\n".join(f"{grid.header[c]}: {cells[c]}" for c in compared)
        out.append(CardSpec(id=grid.card_id(r, compared[0], "contrast"), lesson=grid.lesson.id,
                            source=Source.CONTRAST, form=Form.FLIP, prompt=prompt, answer=answer,
                            explanation=grid.explanation(r), file=grid.lesson.file, line=grid.rows[r].line,
                            section=grid.title))
    return out


def _echoes(answer: str, key: str) -> bool:
    """Whether the answer repeats a word of the key (in any form), which no other row's answer does for it,
    or spells out a key of a letter or two ("r" -> "Read (default)", "wb" -> "Write binary"): matching the
    letters picks it."""
    said = [w for w in words(answer) if len(w) >= 3 and w.lower() not in STOP_WORDS]
    letters = "".join(words(key)).lower()
    if 1 <= len(letters) <= 2 and "".join(w[0] for w in words(answer)).lower().startswith(letters):
        return True
    return any(related(w, k) for w in said for k in words(key) if len(k) >= 3)


def _thing(header: str) -> str:
    """A key column's header as the noun of "which ...?": "Pattern" -> "pattern", "HTTP Method" -> "HTTP method"."""
    return " ".join(w if (w.isupper() and len(w) > 1) else w.lower() for w in header.split()) or "one"


def _distinct(values: list[str], normal: list[str]) -> list[tuple[str, str]]:
    """(value, normalised) pairs, first spelling of each, empties dropped."""
    seen, out = set(), []
    for v, n in zip(values, normal):
        if n and n not in seen:
            seen.add(n)
            out.append((v, n))
    return out


def _overlaps(lesson: Lesson, table: Table) -> list[Problem]:
    """A warning for a column where one cell is part of another ("threading" in "asyncio or threading")."""
    header = table.header.texts()
    rows = [row.texts() for row in table.rows if len(row.cells) == len(header)]
    out = []
    for c in range(1, len(header)):
        if header[c].strip().casefold() in _EXPLANATION_HEADERS:
            continue
        values = sorted({v for row in rows for v in [row[c].strip()] if v}, key=len)
        for i, small in enumerate(values):
            big = next((b for b in values[i + 1:] if _contains(b, small)), None)
            if big is not None:
                out.append(warning(lesson.file, table.line,
                                   f"table cells overlap in column '{header[c]}': '{small}' is part of '{big}' "
                                   "(neither is offered as a wrong option beside the other)"))
                break
    return out


def _contains(big: str, small: str) -> bool:
    if shape(big) == "complexity" or not re.search(r"\w", small):
        return False  # O(n^2) does not hold O(n)
    b, s = ids.normalise(big), ids.normalise(small)
    return bool(s) and s != b and holds(b, s)
