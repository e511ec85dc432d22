"""Arbitrary text never crashes the parser or the generators: it builds or it says why."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recall.build.analyse import analyse
from recall.model import LessonError, Problem

MARKDOWNISH = st.sampled_from([
    "---\n", "id: x\n", "title: T\n", "concepts:\n", "  - a-b\n", "## Key Takeaways\n", "- **b** c\n",
    "| a | b |\n", "|---|---|\n", "```python\n", "```\n", "print(1)  # 1\n", "# Output:\n", "# 1\n",
    "## Head (HD)\n", "text `code`\n", "\n", "  \t", "|", "*", "`", "[", "{", ":", "\\", "#", "\x00", "é",
])


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text(text):
    result = analyse("decks/f.md", text.encode("utf-8", "surrogatepass"), "h")
    assert all(isinstance(p, Problem) and p.line >= 1 for p in result.problems)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKDOWNISH, max_size=40).map("".join))
def test_lesson_shaped_text(text):
    result = analyse("decks/f.md", text.encode(), "h")
    if result.lesson is None:
        assert any(p.severity == "error" for p in result.problems)
    else:
        assert len({c.id for c in result.lesson.cards}) == len(result.lesson.cards)


@settings(deadline=None)
@given(st.binary())
def test_any_bytes(data):
    analyse("decks/f.md", data, "h")


# Lesson-shaped text: the pieces real lessons are made of, in any order and number. The
# generators get it straight (no build around them to catch what they raise).
WORDS = st.sampled_from(["list", "Lists", "dict", "GIL", "threads", "O(n)", "O(n log n)", "5ms", "10GB/s", "2x",
                         "`len()`", "`__init__`", "**bold**", "**key term**", "(roughly)", "((nested))", "[x]",
                         "{a}", "e.g.", "vs", "vs.", "and", "or", "not", ",", ";", ":", "--", "—", "...", "?", "!",
                         "the", "a", "an", "is", "are", "It", "This", "Use", "Always", "`x`/`y`", "POST-GET", "3.14",
                         "100%", "$10", "\\d", "`a, b`", "`", "*", "_", "Stop word removal", "http://x.y/z"])
SENTENCE = st.lists(WORDS, min_size=1, max_size=14).map(" ".join)
HEADING = st.sampled_from(["Key Takeaways", "Common Mistakes", "Summary", "Best Practices", "Lists vs Tuples",
                           "The `with` Statement", "Stacks: Last In, First Out (LIFO)", "What Is a Set?",
                           "Comparison: Array vs Linked List", "Cards", "Creating Lists", "O(1) Lookups", "", "??"])
BLOCK = st.one_of(
    SENTENCE.map(lambda s: s + ".\n"),
    SENTENCE.map(lambda s: s + ":\n"),
    st.lists(SENTENCE, min_size=1, max_size=5).map(lambda items: "".join(f"- {i}\n" for i in items)),
    st.lists(SENTENCE, min_size=1, max_size=3).map(lambda items: "".join(f"- **{i}**: {i}\n" for i in items)),
    st.lists(st.lists(SENTENCE, min_size=2, max_size=2), min_size=1, max_size=5).map(
        lambda rows: "| A | B |\n|---|---|\n" + "".join(f"| {a.replace('|', '')} | {b.replace('|', '')} |\n"
                                                        for a, b in rows)),
    st.sampled_from(["```python\nx = 1\nprint(x)  # 1\n```\n", "```python\n# Bad\nfor k in d:\n    del d[k]\n"
                     "# Better\nd.clear()\n```\n", "```python\n# DON'T\n# x = [\n```\n", "```\nplain\n```\n"]),
)
SECTION = st.tuples(HEADING, st.lists(BLOCK, max_size=4)).map(
    lambda s: f"## {s[0]}\n\n" + "\n".join(s[1]))
CONCEPT = st.sampled_from(["list-creation", "lists", "with-statement", "stack-lifo", "o-1", "set", "key-terms",
                           "stop-word-removal", "array-vs-linked-list", "the-with"])


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(CONCEPT, max_size=4, unique=True), SENTENCE, st.lists(SECTION, max_size=6))
def test_lesson_shaped_text_makes_cards_without_an_exception(concepts, why, sections):
    from recall.derive import derive
    from recall.lessons import parse_lesson

    why_yaml = why.replace("\\", "").replace('"', "'")
    header = f'---\nid: "x"\ntitle: "Lists vs Tuples"\nconcepts: [{", ".join(concepts)}]\nwhy: "{why_yaml}"\n---\n\n'
    try:
        parsed = parse_lesson(header + "# Lists vs Tuples\n\n" + "\n".join(sections), "decks/x.md")
    except LessonError:
        return
    cards, _ = derive(parsed)
    assert len({c.id for c in cards}) == len(cards)
    for card in cards:
        assert card.prompt.strip() and card.answer.strip()
        if card.form == "choice" and card.source != "authored":
            assert card.answer in card.choices and len(card.choices) >= 3
        if card.form == "cloze":
            assert card.prompt.count("[...]") == 1
