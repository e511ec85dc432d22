"""The lesson parser, from strings: structure, line numbers and every kind of bad input."""

from __future__ import annotations

import pytest

from conftest import lesson
from recall.lessons import BulletList, Fence, Paragraph, Table, decode, parse_lesson
from recall.model import LessonError

BODY = """
    # Sample

    Intro with **bold**.

    ## First Part

    Some prose
    over two lines.

    - one `item`
    - two

    ```python
    print(1)  # 1
    ```

    ## Second Part

    | Key | Value |
    |-----|-------|
    | a   | `b`   |
    """


def errors(text: str) -> list[str]:
    with pytest.raises(LessonError) as caught:
        parse_lesson(text, "decks/x.md")
    return [str(p) for p in caught.value.problems]


def test_sections_blocks_and_line_numbers():
    text = lesson(BODY, concepts=["first-part"], prerequisites=["00-intro"])
    parsed = parse_lesson(text, "decks/x.md")
    assert parsed.id == "01-sample" and parsed.title == "Sample"
    assert parsed.concepts == ("first-part",) and parsed.prerequisites == ("00-intro",)
    titles = [(s.title, s.level) for s in parsed.sections]
    assert titles == [("Sample", 1), ("First Part", 2), ("Second Part", 2)]
    lines = text.split("\n")
    first = parsed.sections[1]
    assert lines[first.line - 1] == "## First Part"
    para, items, code = first.blocks
    assert isinstance(para, Paragraph) and para.text == "Some prose over two lines."
    assert lines[para.line - 1] == "Some prose"
    assert isinstance(items, BulletList) and [i.text for i in items.items] == ["one item", "two"]
    assert [s.kind for s in items.items[0].spans] == ["text", "code"]
    assert isinstance(code, Fence) and code.is_python and code.code == "print(1)  # 1\n"
    assert lines[code.line - 1] == "```python"
    (table,) = parsed.sections[2].blocks
    assert isinstance(table, Table)
    assert table.header.texts() == ("Key", "Value") and table.rows[0].texts() == ("a", "b")
    assert lines[table.rows[0].line - 1].startswith("| a")


def test_frontmatter_key_lines_point_at_the_header():
    parsed = parse_lesson(lesson(BODY, concepts=["x"]), "decks/x.md")
    assert parsed.key_line("id") == 2 and parsed.key_line("concepts") == 4


@pytest.mark.parametrize("text, expected", [
    ("", "decks/x.md:1: file is empty"),
    ("   \n\n", "decks/x.md:1: file is empty"),
    ("# Just a body\n", "decks/x.md:1: no frontmatter"),
    ("---\nid: a\ntitle: t\n", "decks/x.md:1: frontmatter is never closed"),
    ("---\nid: a\ntitle: [unclosed\n---\nbody\n", "decks/x.md:3: frontmatter is not valid YAML"),
    ("---\ntitle: T\n---\nbody\n", "decks/x.md:1: frontmatter has no 'id'"),
    ("---\nid: a-b\n---\nbody\n", "decks/x.md:1: frontmatter has no 'title'"),
    ("---\nid: a-b\ntitle:\n  nested: map\n---\n", "decks/x.md:3: 'title' must be text, not a mapping"),
    ("---\nid: a-b\ntitle: T\nconcepts: threading\n---\n", "decks/x.md:4: 'concepts' must be a list, not str"),
    ("---\nid: a-b\ntitle: T\nprerequisites:\n  - {a: 1}\n---\n", "decks/x.md:4: 'prerequisites' holds a mapping"),
    ("---\nid: Not A Slug\ntitle: T\n---\n", "decks/x.md:2: id 'Not A Slug' must be lower-case"),
    ("---\n- a\n- b\n---\n", "decks/x.md:2: frontmatter must be a mapping"),
])
def test_bad_frontmatter_names_file_and_line(text, expected):
    assert any(e.startswith(expected) for e in errors(text)), errors(text)


def test_unterminated_code_fence():
    text = lesson("## Part\n\nText.\n\n```python\nprint(1)\n")
    (message,) = errors(text)
    line = text.split("\n").index("```python") + 1
    assert message == f"decks/x.md:{line}: code fence opened here (```) is never closed"


def test_ragged_table_row():
    text = lesson("## Part\n\n| A | B |\n|---|---|\n| 1 | 2 |\n| 3 |\n| 4 | 5 | 6 |\n")
    lines = text.split("\n")
    found = errors(text)
    assert found == [
        f"decks/x.md:{lines.index('| 3 |') + 1}: table row has 1 cells but the header has 2",
        f"decks/x.md:{lines.index('| 4 | 5 | 6 |') + 1}: table row has 3 cells but the header has 2",
    ]


def test_escaped_pipe_is_not_a_new_cell():
    parsed = parse_lesson(lesson("## Part\n\n| A | B |\n|---|---|\n| x \\| y | 2 |\n"), "decks/x.md")
    assert parsed.sections[0].blocks[0].rows[0].texts() == ("x | y", "2")


def test_non_utf8_names_the_line():
    data = b"---\nid: a\ntitle: T\n---\n\nfine\n" + b"caf\xe9\n"
    with pytest.raises(LessonError) as caught:
        decode(data, "decks/x.md")
    assert str(caught.value.problems[0]).startswith("decks/x.md:7: not valid UTF-8")


def test_numbers_are_accepted_as_text_but_booleans_are_not():
    assert parse_lesson("---\nid: 7\ntitle: 2024\n---\n", "f").title == "2024"
    assert errors("---\nid: a\ntitle: yes\n---\n") == ["decks/x.md:3: 'title' must be text, not true/false"]


@pytest.mark.parametrize("encode", [
    lambda text: b"\xef\xbb\xbf" + text.encode(),  # a UTF-8 byte-order mark, as Windows editors save
    lambda text: text.replace("\n", "\r\n").encode(),
    lambda text: text.replace("\n", "\r").encode(),  # CR-only line ends
], ids=["bom", "crlf", "cr"])
def test_byte_order_mark_and_other_line_ends_read_like_plain_utf8(encode):
    text = lesson("## Part\n\nSome prose.\n\n```python\nprint(1)  # 1\n```\n")
    expected = parse_lesson(text, "decks/x.md")
    found = parse_lesson(decode(encode(text), "decks/x.md"), "decks/x.md")
    assert found == expected
    assert [(s.title, s.line) for s in found.sections] == [("Part", 6)]


def test_a_bad_byte_after_a_byte_order_mark_names_its_line():
    with pytest.raises(LessonError) as caught:
        decode(b"\xef\xbb\xbf---\rid: x\r\xff\r", "decks/x.md")
    assert str(caught.value.problems[0]) == "decks/x.md:3: not valid UTF-8 text (save the file as UTF-8)"
