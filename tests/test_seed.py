"""The seed lesson (an outside input, read from ../shared) yields the cards we expect."""

from __future__ import annotations

from recall.derive import concepts, generate, lint
from recall.lessons import parse_lesson


def seed_cards(seed_text):
    parsed = parse_lesson(seed_text, "seeds/07-concurrency.md")
    return parsed, generate(parsed)


def test_concepts_land_on_their_own_sections(seed_text):
    parsed, cards = seed_cards(seed_text)
    placed = {m.concept: m.section.title for m in concepts.match(parsed)}
    assert placed == {
        "threading-module": "Threading Basics",
        "asyncio-basics": "Asyncio: Cooperative Concurrency",
        "multiprocessing-module": "Multiprocessing: True Parallelism",
        "global-interpreter-lock": "The Global Interpreter Lock (GIL)",
        "concurrent-futures": "concurrent.futures: High-Level Threading",
    }
    flips = [c for c in cards if c.source == "concept" and c.form == "flip"]
    assert sorted(c.section for c in flips) == sorted(placed.values())
    by_section = {c.section: c for c in flips}
    gil = by_section["The Global Interpreter Lock (GIL)"]
    assert "GIL" in gil.prompt
    assert gil.answer.startswith("Python's GIL allows only one thread")
    assert "```" not in gil.answer and "**" not in gil.answer
    # the answer is prose, never the section's code
    assert "import" not in by_section["Threading Basics"].answer
    assert lint(parsed) == []


def test_reverse_choice_cards_hide_the_name(seed_text):
    _, cards = seed_cards(seed_text)
    reverse = [c for c in cards if c.source == "concept" and c.form == "choice"]
    assert len(reverse) == 5
    for card in reverse:
        assert card.answer in card.choices and len(card.choices) == 5
        assert card.answer not in card.prompt
    asyncio = next(c for c in reverse if c.answer.startswith("asyncio"))
    assert "asyncio" not in asyncio.prompt.lower()


def test_takeaways_become_seven_clozes(seed_text):
    _, cards = seed_cards(seed_text)
    clozes = [c for c in cards if c.source == "takeaway"]
    assert [c.form for c in clozes] == ["cloze"] * 7
    assert [c.answer for c in clozes] == [
        "GIL", "threading", "asyncio", "multiprocessing", "concurrent.futures", "locks",
        'if __name__ == "__main__":',
    ]
    for card in clozes:
        assert card.prompt.count("[...]") == 1 and card.answer not in card.prompt.replace("[...]", "")


def test_table_gives_four_choice_cards(seed_text):
    _, cards = seed_cards(seed_text)
    table = [c for c in cards if c.source == "table"]
    assert {c.prompt: c.answer for c in table} == {
        "Task type: Network I/O. Best approach?": "asyncio or threading",
        "Task type: File I/O. Best approach?": "threading",
        "Task type: CPU-bound. Best approach?": "multiprocessing",
        "Task type: Simple parallel I/O. Best approach?": "ThreadPoolExecutor",
    }
    for card in table:
        assert card.form == "choice"
        assert sorted(card.choices) == sorted(["asyncio or threading", "threading", "multiprocessing",
                                               "ThreadPoolExecutor"])
        assert card.explanation.startswith("Why: ")  # the long column explains, it is not asked


def test_code_outputs_become_three_typed_cards(seed_text):
    _, cards = seed_cards(seed_text)
    code = [c for c in cards if c.source == "code"]
    assert [(c.form, c.answer) for c in code] == [
        ("typed", "200000"),
        ("typed", "[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]"),
        ("typed", "4"),
    ]
    for card in code:
        assert card.code.rstrip().splitlines()[-1].strip().startswith("print(")
        assert "#" not in card.code.splitlines()[-1]
    assert not any("Simulates" in c.answer or "BLOCKS" in c.answer or "Use:" in c.answer for c in cards)


def test_seed_card_count(seed_text):
    _, cards = seed_cards(seed_text)
    counts = {}
    for card in cards:
        counts[(card.source, card.form)] = counts.get((card.source, card.form), 0) + 1
    assert counts == {("concept", "flip"): 5, ("concept", "choice"): 5, ("takeaway", "cloze"): 7,
                      ("table", "choice"): 4, ("code", "typed"): 3}
    assert len({c.id for c in cards}) == len(cards)
