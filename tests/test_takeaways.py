"""Takeaway clozes: the gap is a whole term of the lesson, never filler, a list member or half a phrase."""

from __future__ import annotations

import pytest

from conftest import lesson
from recall.derive import lint, takeaways
from recall.lessons import parse_lesson

#: a lesson around the takeaways, so its headings, bold terms and concepts are the lesson's own terms
BODY = """
    # Text Processing

    ## Stop Word Removal

    Stop word removal drops words such as "the" that say little on their own.

    ## Regular Expressions

    A **regular expression** describes a pattern of characters.

    ## Hash Tables

    Lookups in a hash table take O(1) time on average.

    ## Global Variables

    A global variable lives at module level; a function must declare `global` to rebind one.

    ## Joins

    A foreign key names a row of another table, and each foreign key must match a **key** there.

    ## Key Takeaways

    {bullets}
    """


def clozes(*bullets: str, **kw):
    text = lesson(BODY.replace("{bullets}", "\n    ".join(f"- {b}" for b in bullets)), **kw)
    parsed = parse_lesson(text, "decks/x.md")
    return [(c.prompt, c.answer) for c in takeaways.cards(parsed)], lint(parsed)


def gap(bullet: str, **kw):
    found, _ = clozes(bullet, **kw)
    return found[0] if found else None


def test_the_bold_term_then_the_longest_code_term():
    assert gap("Use **threading** for I/O-bound work") == ("Use [...] for I/O-bound work", "threading")
    assert gap("Any directory with `__init__.py` is a package, and every `.py` file a module") == \
        ("Any directory with [...] is a package, and every .py file a module", "__init__.py")


def test_the_lessons_own_topic_in_bold_is_gapped_only_when_nothing_else_is():
    # in a lesson on text processing, "Text processing" is what the learner knows they study: a guess
    assert gap("**Text processing** starts with `str.lower()`", title="Text Processing") == \
        ("Text processing starts with [...]", "str.lower()")
    # the lesson's title is on screen above every card: its topic alone is no gap
    assert gap("**Text processing** pays off", title="Text Processing") is None
    assert gap("Generators use almost no memory for long sequences", title="Generators") is None


def test_a_complexity_before_words():
    assert gap("Hash tables give O(1) lookups on average") == ("Hash tables give [...] lookups on average", "O(1)")
    assert gap("Merge sort: always O(n log n), stable, O(n) space") == \
        ("Merge sort: always [...], stable, O(n) space", "O(n log n)")  # a list of unlike parts is no bare list


def test_unmarked_bullets_gap_a_term_the_lesson_uses():
    assert gap("Stop word removal cuts noise before counting words") == \
        ("[...] cuts noise before counting words", "Stop word removal")  # the whole heading term, not "removal"
    assert gap("A regular expression can validate an e-mail address") == \
        ("[...] can validate an e-mail address", "A regular expression")  # with its article: "An [...]" tells


def test_never_the_second_half_of_a_phrase_the_lesson_uses():
    # "key" is a term of the lesson, but "foreign key" is its phrase: "A foreign [...]" would be a guess
    found, problems = clozes("A foreign key must point at an existing row")
    assert found == [] and problems[0].message.startswith("takeaway has no word worth a gap")
    # a phrase that is itself a term is gapped whole
    assert gap("Prefer parameters over global variables") == ("Prefer parameters over [...]", "global variables")


@pytest.mark.parametrize("bullet, expected", [
    # one member of a bare list is a guess, the whole list a test of wording: no gap in it
    ("Use `append()`, `insert()`, and `extend()` to grow a list", None),
    ("`len()`, `min()`, `max()`, `sum()` work on any iterable", None),
    ("Call methods like `.upper()` or `.replace()` on a **string**",
     ("Call methods like .upper() or .replace() on [...]", "a string")),
    # clauses alike are a list too: which name goes with which verb is a guess among the others
    ("`GET` reads data, `POST` creates it, `PUT` replaces it", None),
    ("GET reads data, **POST** creates it, PUT replaces it", ("GET reads data, [...] creates it, PUT replaces it",
                                                              "POST")),  # unless the lesson marks one
    ("`GET` reads data; `POST` sends a body", ("GET reads data; [...] sends a body", "POST")),  # two: a contrast
    ("Pick the right exit code (`0` for success, `1` for failure, `2` for misuse)", None),  # pairs alike
    ("Exit with `0` for success, `1` for failure", ("Exit with [...] for success, 1 for failure", "0")),
])
def test_list_members(bullet, expected):
    assert gap(bullet) == expected


def test_a_term_the_rest_of_the_bullet_shows_is_no_gap():
    found, _ = clozes("Strings are immutable, so string methods return new strings", concepts=["strings"])
    assert found == []


def test_no_gap_on_the_qualifier_of_one_of_two_phrases_nor_on_a_doing_after_be():
    # which of "row keys or column labels" it was is a guess; "be [...]" a doing that synonyms fill as well
    assert gap("Only hashable values can be `row` keys or column labels") is None
    assert gap("Hash tables can be **resized** when they fill up") == ("Hash tables can be [...] when they fill up",
                                                                        "resized")  # bold: the lesson's point
    taught = parse_lesson(lesson("""
        # Files

        A file opened with "w" is **truncated**: what it held is gone.

        ## Key Takeaways

        - Files can be truncated to zero bytes
        """, title="Files"), "decks/x.md")
    assert [c.answer for c in takeaways.cards(taught)] == []  # the prose's bold term, but a doing all the same
    assert gap("Use `dict` keys for lookups") == ("Use [...] keys for lookups", "dict")


def test_a_term_whose_head_noun_is_the_lesson_topic_gaps_the_word_that_narrows_it():
    parsed = parse_lesson(lesson("""
        # Tables

        ## Wide Tables

        A wide table keeps one column per measurement.

        ## Key Takeaways

        - Wide tables suit spreadsheets but not plotting
        """, title="Tables"), "decks/x.md")
    assert [(c.prompt, c.answer) for c in takeaways.cards(parsed)] == [
        ("[...] tables suit spreadsheets but not plotting", "Wide")]  # "Tables" alone would fit the gap as well


def test_no_gap_on_a_variable_the_lessons_own_code_names():
    parsed = parse_lesson(lesson("""
        # Bouncing

        ## Falling

        ```python
        speed_y = 0
        speed_y += 9.8
        ```

        ## Key Takeaways

        - Add gravity to `speed_y` on every frame, with `+=`
        """, title="Bouncing"), "decks/x.md")
    assert [(c.prompt, c.answer) for c in takeaways.cards(parsed)] == [
        ("Add gravity to speed_y on every frame, with [...]", "+=")]  # Python's operator, not the author's name


def test_python_names_a_lesson_binds_and_two_doings_of_one_subject_still_make_gaps():
    parsed = parse_lesson(lesson("""
        # Classes

        ## Slots

        ```python
        class Point:
            __slots__ = ("x", "y")
        ```

        ## Key Takeaways

        - Define `__slots__` to keep instances small
        - `with` opens and closes files for you
        - Immutable objects can be **dict** keys or set elements
        """, title="Classes"), "decks/x.md")
    assert [c.answer for c in takeaways.cards(parsed)] == ["__slots__", "with", "dict"]


def test_a_closing_example_of_placeholders_leaves_the_prompt_or_is_asked_as_the_syntax():
    parsed = parse_lesson(lesson("""
        # Text Handling

        ## Templates

        A **format string** holds replacement fields.

        ## Key Takeaways

        - Format strings fill fields from arguments: `"{name} is {value}"`
        - Tuple unpacking: `x, y = y, x`
        """, title="Text Handling"), "decks/x.md")
    made = takeaways.cards(parsed)
    assert [(c.form, c.prompt, c.answer, c.explanation) for c in made] == [
        ("cloze", "[...] fill fields from arguments", "Format strings", '"{name} is {value}"'),  # shown after
        ("flip", "What is the syntax of tuple unpacking?", "x, y = y, x", "")]


def test_no_gap_inside_a_compound():
    assert gap("Follow the `try`/`except` pattern for expected errors") is None
    assert gap("**POST**-redirect-GET stops double submissions") is None


def test_numbers_units_and_parentheses_do_not_break_anything():
    for bullet in ("Latency under 5ms (p99) at 10GB/s", "A 2x speedup (roughly) from `numba.jit()`",
                   "Use 4GB, 8GB or 16GB", "((nested)) [brackets] {braces}", "`x`", "**", "O(n", "3.14 ≈ π"):
        clozes(bullet)  # the StopIteration one such bullet used to raise must not come back


def test_a_bullet_of_stop_words_warns_how_to_fix_it():
    found, problems = clozes("It is what it is")
    assert found == []
    assert [p.message for p in problems] == ["takeaway has no word worth a gap; mark its key term in **bold**"]


def test_an_answer_inside_a_longer_visible_word_gives_itself_away():
    body = BODY.replace("## Key Takeaways", "## Supervised Learning\n\n    Labels teach the model.\n\n"
                        "    ## Unsupervised Learning\n\n    No labels at all.\n\n    ## Key Takeaways")
    parsed = parse_lesson(lesson(body.replace("{bullets}", "- Supervised learning needs labels; unsupervised "
                                              "learning finds structure alone")), "decks/x.md")
    assert takeaways.cards(parsed) == []  # "[...] needs labels; unsupervised learning ..." is read off the prompt


def test_a_bullet_leaning_on_the_ones_before_it_is_no_card_and_says_why():
    found, problems = clozes("**Stop word removal** comes after these steps", "Use a **regular expression** "
                             "for those patterns that repeat")
    assert found == [("Use [...] for those patterns that repeat", "a regular expression")]
    assert [p.message for p in problems] == ["takeaway says 'these steps', which it does not name: a card asks "
                                             "it alone, so say what it means"]


def test_a_short_form_beside_the_words_it_stands_for_is_no_gap_either_way():
    assert gap("Cache with a **time to live** (`ttl`) for data that goes stale") is None
    assert gap("Cache with a time to live (`ttl`) for data that goes stale") is None
    assert gap("Keep a `ttl` (seconds) on cached data") == ("Keep a(n) [...] (seconds) on cached data", "ttl")
    assert gap("**RGBA** (red, green, blue, alpha) adds transparency") is None  # the brackets spell it
    assert gap("Prefer a **context manager** (`with open(p) as f`) for files") == (
        "Prefer [...] (with open(p) as f) for files", "a context manager")  # the term, not its example


def test_the_lessons_topic_by_its_initials_is_no_gap():
    text = lesson("""
        # Rate Limiting

        ## Token Buckets

        RL caps requests per client. A **token bucket** refills at a steady rate.

        ## Key Takeaways

        - RL protects an API from bursts
        - RL with a token bucket allows short bursts
        """, title="Rate Limiting")
    parsed = parse_lesson(text, "decks/x.md")
    assert [(c.prompt, c.answer) for c in takeaways.cards(parsed)] == [
        ("RL with [...] allows short bursts", "a token bucket")]


def test_an_acronym_the_rest_of_the_bullet_spells_out_is_no_gap():
    assert gap("**TTL** caps each entry by a total time limit") is None
    assert gap("Call the **API** in a process pool") == ("Call the [...] in a process pool", "API")  # a, in: no
    assert gap("**TTL** values let caches drop stale entries") == ("[...] values let caches drop stale entries",
                                                                  "TTL")


def test_a_gloss_in_brackets_after_a_code_gap_goes_with_it():
    assert gap("Use `in` (membership testing) on a set") == ("Use [...] on a set", "in (membership testing)")
    assert gap("Floors are taken with `//` (floor division)") == ("Floors are taken with [...]", "// (floor division)")
    assert gap("Pass `key=len` (a function, not its result)") == ("Pass [...] (a function, not its result)", "key=len")
    # a condition or a manner in brackets is part of the claim, not a name of the code
    assert gap("`in` (on dicts) checks keys, not values") == ("[...] (on dicts) checks keys, not values", "in")


def test_a_subject_gap_before_a_predicate_that_only_ranks_it_is_no_gap():
    assert gap("`with open(path) as f` is the usual pattern") is None  # the usual pattern of what?
    assert gap("`with open(path) as f` is the usual pattern for files that must close") == (
        "[...] is the usual pattern for files that must close", "with open(path) as f")
    # a predicate that names what the subject is keeps the gap
    assert gap("**Black** is the standard code formatter") == ("[...] is the standard code formatter", "Black")


def test_no_gap_on_code_the_lesson_gives_as_one_of_two_choices():
    text = lesson("""
        ## Config files

        Settings live in `settings.toml` or `settings.ini`, whichever the team prefers.

        ## Key Takeaways

        - Keep settings in `settings.toml`
        - Read them once with `load_settings()`
        """)
    found = [(c.prompt, c.answer) for c in takeaways.cards(parse_lesson(text, "decks/x.md"))]
    assert found == [("Read them once with [...]", "load_settings()")]  # settings.ini is as right


def test_no_gap_on_code_whose_line_in_the_lesson_offers_another_way_in_a_comment():
    text = lesson("""
        ## Sorting a copy

        `sorted()` gives back a sorted **copy** and leaves the original as it was.

        ```python
        ordered = sorted(scores)    # Or: ordered = list(scores); ordered.sort()
        ```

        ## Key Takeaways

        - Use `sorted()` to get an ordered copy of a list
        """)
    found = [(c.prompt, c.answer) for c in takeaways.cards(parse_lesson(text, "decks/x.md"))]
    assert found == [("Use sorted() to get an ordered [...] of a list", "copy")]  # .sort() on a copy is as right
    # on the line below too; a comment that only goes on about the line ("# or None ...") offers nothing
    below = text.replace("ordered = sorted(scores)    # Or: ordered = list(scores); ordered.sort()",
                         "ordered = sorted(scores)\n# Or: ordered = list(scores); ordered.sort()")
    assert below != text and [c.answer for c in takeaways.cards(parse_lesson(below, "decks/x.md"))] == ["copy"]
    remark = text.replace("# Or: ordered = list(scores); ordered.sort()", "# or an empty list when scores is empty")
    assert remark != text and [c.answer for c in takeaways.cards(parse_lesson(remark, "decks/x.md"))] == ["sorted()"]


def test_no_gap_on_a_qualifier_the_lesson_puts_others_in_place_of():
    text = lesson("""
        ## Kinds of caches

        **Memory caches** are fast. Disk caches survive a restart, and disk caches hold more.

        ## Key Takeaways

        - Memory caches vanish when the program stops
        """, title="Caching")
    assert [(c.prompt, c.answer) for c in takeaways.cards(parse_lesson(text, "decks/x.md"))] == []
    single = text.replace("Disk caches survive a restart, and disk caches hold more.", "Nothing else is kept.")
    assert [(c.prompt, c.answer) for c in takeaways.cards(parse_lesson(single, "decks/x.md"))] == [
        ("[...] caches vanish when the program stops", "Memory")]


def test_lookalike_rules_leave_ordinary_bullets_alone():
    assert gap("Use `in` on a set for membership tests") == ("Use [...] on a set for membership tests", "in")
    assert gap("**Iterators** are lazy: these objects produce values on demand") == (
        "[...] are lazy: these objects produce values on demand", "Iterators")
    assert gap("`asyncio` runs one thread, which means tasks must yield, and blocking calls stall it") == (
        "[...] runs one thread, which means tasks must yield, and blocking calls stall it", "asyncio")


def test_no_gap_on_one_side_of_a_fixed_pair():
    assert gap("A queue is a pipe: **job** in, result out") is None
    assert gap("A queue hands each **job** to the next free worker") == ("A queue hands each [...] to the next free "
                                                                       "worker", "job")


def test_a_label_and_its_code_gaps_the_label_not_the_code():
    # "Dict comprehensions: [...]" asks nothing; the code beside the name is the clue to it
    bullet = "Dict comprehensions: `{k: v for k, v in pairs}`"
    assert gap(bullet, concepts=["dict-comprehensions"]) == ("[...]: {k: v for k, v in pairs}", "Dict comprehensions")
    assert gap(bullet) is None  # nothing else the lesson names


def test_no_gap_on_a_template_of_placeholders_but_on_real_code():
    assert gap("Loop over a dict with `for key, value in d.items()`") == \
        ("Loop over a dict with [...]", "for key, value in d.items()")  # d.items() is Python's own
    assert gap("Define a class with `class Name(object):`") is None  # the author's placeholders, nothing else
    assert gap("Return early with `return value`") is None
