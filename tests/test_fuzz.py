"""Arbitrary text never crashes the parser or the generators: it builds or it says why."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recall import inline
from recall.build import analyse_file
from recall.problems import Problem

MARKDOWNISH = st.sampled_from([
    "---\n", "id: x\n", "title: T\n", "concepts:\n", "  - a-b\n", "## Key Takeaways\n", "- **b** c\n",
    "| a | b |\n", "|---|---|\n", "```python\n", "```\n", "print(1)  # 1\n", "# Output:\n", "# 1\n",
    "## Head (HD)\n", "text `code`\n", "\n", "  \t", "|", "*", "`", "[", "{", ":", "\\", "#", "\x00", "é",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_text(text):
    result = analyse_file("decks/f.md", text.encode("utf-8", "surrogatepass"), "h")
    assert all(isinstance(p, Problem) and p.line >= 1 for p in result.problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MARKDOWNISH, max_size=40).map("".join))
def test_lesson_shaped_text(text):
    result = analyse_file("decks/f.md", text.encode(), "h")
    if result.lesson is None:
        assert any(p.severity == "error" for p in result.problems)
    else:
        assert len({c.id for c in result.lesson.cards}) == len(result.lesson.cards)


@settings(max_examples=100, deadline=None)
@given(st.binary())
def test_any_bytes(data):
    analyse_file("decks/f.md", data, "h")


def _markdown_it_spans(source: str):
    md = inline.markdown()
    tokens: list = []
    md.inline.parse(source, md, {}, tokens)
    return inline.spans(tokens)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Z\t\n\r:#-+=>$%^{}~@().,'\"é1\u00a0")), max_size=40))
def test_plain_text_shortcut_agrees_with_markdown_it(source):
    """Markup-free inline text skips markdown-it; what it yields must be what markdown-it says."""
    assert inline._plain_text(source)
    assert inline._plain_spans(source) == _markdown_it_spans(source)


@given(st.text(alphabet=st.sampled_from(list("ab `*_[]!<&\\\n")), max_size=20))
def test_markup_takes_the_full_parser(source):
    if not inline._plain_text(source):
        assert inline.parse.__wrapped__(source) == _markdown_it_spans(source)


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ``\t\n\r:#-é1")), max_size=40))
def test_code_span_shortcut_agrees_with_markdown_it(source):
    """Text whose only markup is backticks skips markdown-it too; it must agree with it."""
    assert inline._OTHER_MARKUP.isdisjoint(source)
    assert inline._code_span_spans(source) == _markdown_it_spans(source)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "`", "``", "_", "__", "*", "**", "\n", "é", "`__init__`", "`*args`"]),
                max_size=12).map("".join))
def test_code_spans_holding_emphasis_marks_agree_with_markdown_it_when_they_answer(source):
    """```__iter__``` in otherwise plain text skips markdown-it; then it must agree with it."""
    fast = inline._code_spans_holding_emphasis(source)
    if fast is not None:
        assert fast == _markdown_it_spans(source)


def test_the_code_span_shortcut_answers_for_dunder_names():
    assert inline._code_spans_holding_emphasis("An iterable has an `__iter__` method") == (
        inline.Span("text", "An iterable has an "), inline.Span("code", "__iter__"), inline.Span("text", " method"))
    assert inline._code_spans_holding_emphasis("`__iter__` and _this_") is None


STRONGISH = st.lists(st.sampled_from(["a", "b", " ", "**", "*", "\n", "\t", ".", "(", ")", ",", ":", "é", "-", "1", "'",
                                      "**a**", " **b c** "]), max_size=14).map("".join)


@settings(max_examples=1500, deadline=None)
@given(STRONGISH)
def test_bold_shortcut_agrees_with_markdown_it_when_it_answers(source):
    """``**bold**`` text skips markdown-it when its reading is unambiguous; then it must agree."""
    fast = inline._strong_spans(source)
    if fast is not None:
        assert fast == _markdown_it_spans(source)


def test_the_bold_shortcut_answers_for_ordinary_takeaways():
    assert inline._strong_spans("Use **threads** for I/O, **processes** for CPU.") == (
        inline.Span("text", "Use "), inline.Span("strong", "threads"), inline.Span("text", " for I/O, "),
        inline.Span("strong", "processes"), inline.Span("text", " for CPU."))
    assert inline._strong_spans("a**b**c") is None  # runs that could open or close: markdown-it decides
