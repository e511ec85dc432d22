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


def test_no_choice_card_repeats_its_flip_card(seed_text):
    _, cards = seed_cards(seed_text)
    flips = {c.section: c for c in cards if c.source == "concept" and c.form == "flip"}
    for card in (c for c in cards if c.source == "concept" and c.form == "choice"):
        assert flips[card.section].answer not in card.prompt and len(card.choices) >= 3


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


def test_table_offers_no_wrong_option_that_is_also_right(seed_text):
    parsed, cards = seed_cards(seed_text)
    table = {c.prompt: c for c in cards if c.source == "table"}
    assert {p: c.answer for p, c in table.items()} == {
        "Task type: Network I/O. Best approach?": "asyncio or threading",
        "Task type: File I/O. Best approach?": "threading",
        "Task type: CPU-bound. Best approach?": "multiprocessing",
        "Task type: Simple parallel I/O. Best approach?": "ThreadPoolExecutor",
    }
    cpu = table["Task type: CPU-bound. Best approach?"]
    assert cpu.form == "choice" and len(cpu.choices) == 4
    # threading is part of "asyncio or threading", and ThreadPoolExecutor is threading too: asked as flips
    assert {c.form for p, c in table.items() if c is not cpu} == {"flip"}
    assert all(c.explanation.startswith("Why: ") for c in table.values())  # the long column explains
    assert [p.message for p in lint(parsed)] == [
        "table cells overlap in column 'Best Approach': 'threading' is part of 'asyncio or threading' "
        "(neither is offered as a wrong option beside the other)"]


def test_common_mistakes_and_the_lessons_purpose(seed_text):
    _, cards = seed_cards(seed_text)
    mistakes = [c for c in cards if c.source == "mistake"]
    assert len(mistakes) == 3
    blocking = next(c for c in mistakes if c.code)
    assert blocking.prompt == "What is wrong with this code?" and "BLOCKS" not in blocking.code
    assert blocking.answer == "Mixing await with blocking calls: BLOCKS the entire event loop!"  # its comment says why
    assert "asyncio.sleep" in blocking.explanation
    (why,) = [c for c in cards if c.source == "purpose"]
    assert why.prompt == "What does concurrency let your programs do?"  # the "why" says what it lets you do
    assert why.answer == "Do multiple things at once."  # the aside after the dash explains
    assert why.explanation.startswith("Essential for responsive applications")


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
    assert not any("Simulates" in c.answer or "BLOCKS" in c.answer or "Use:" in c.answer for c in code)


def test_seed_card_count(seed_text):
    _, cards = seed_cards(seed_text)
    counts = {}
    for card in cards:
        counts[(card.source, card.form)] = counts.get((card.source, card.form), 0) + 1
    assert counts == {("purpose", "flip"): 1, ("concept", "flip"): 5, ("takeaway", "cloze"): 7,
                      ("table", "choice"): 1, ("table", "flip"): 3, ("mistake", "flip"): 3, ("code", "typed"): 3}
    assert len({c.id for c in cards}) == len(cards)
