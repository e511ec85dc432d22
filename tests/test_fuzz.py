"""Arbitrary text never crashes the parser or the generators: it builds or it says why."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recall.build.analyse import analyse
from recall.model import Problem

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
