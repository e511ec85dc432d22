"""Concept cards: the section that teaches each concept, and that section's substance as the answer."""

from __future__ import annotations

from conftest import lesson
from recall.derive import concepts, generate, lint
from recall.derive.matching import match
from recall.lessons import parse_lesson


def parse(body: str, **kw):
    return parse_lesson(lesson(body, **kw), "decks/x.md")


def placed(parsed) -> dict[str, str]:
    return {m.concept: m.section.title for m in concepts.match(parsed)}


def flips(parsed) -> dict[str, object]:
    return {c.prompt: c for c in concepts.cards(parsed) if c.form == "flip"}


# --- matching -------------------------------------------------------------------------

SETS = """
    # Sets and Set Operations

    A set holds each value once, in no particular order.

    ## Creating Sets

    ```python
    colours = {"red", "green"}
    empty = set()
    ```

    ## Set Algebra

    Union, intersection and difference combine two sets into a new one.

    ## Sets Are Mutable

    You can add and discard members of a set in place; a frozenset cannot change.

    ## Membership Tests

    Checking `x in s` takes constant time on average, because sets are hash tables.
    """


def test_a_concept_never_lands_on_a_section_that_only_shares_the_lessons_topic_word():
    parsed = parse(SETS, concepts=["set-creation", "set-algebra", "set-mutability", "set-comprehensions"])
    assert placed(parsed) == {
        "set-creation": "Creating Sets",  # no prose there, but it is the section that teaches it
        "set-algebra": "Set Algebra",
        "set-mutability": "Sets Are Mutable",  # "mutability" and "Mutable" are one word
    }
    problems = [str(p) for p in lint(parsed)]
    assert "decks/x.md:4: warning: concept 'set-comprehensions' matches no section; write a section that " \
           "teaches it or drop it" in problems
    # a section with only code is named, and the concept makes no card rather than a wrong one
    assert any("concept 'set-creation' is taught in “Creating Sets” without a sentence that explains it" in p
               for p in problems)
    assert "Explain: set creation" not in flips(parsed)


def test_the_heading_that_names_the_concept_wins_over_one_that_mentions_it():
    body = """
        ## Dictionary Comprehensions

        A dict comprehension builds a mapping from an iterable in one expression, such as `{k: v for k, v in pairs}`.

        ## Comprehensions With a Condition

        A trailing `if` keeps only the items that pass; a dict comprehension can filter the same way.
        """
    parsed = parse(body, concepts=["dict-comprehensions", "conditional-comprehensions"])
    assert placed(parsed) == {"dict-comprehensions": "Dictionary Comprehensions",  # "dict" is "Dictionary"
                              "conditional-comprehensions": "Comprehensions With a Condition"}


def test_concept_words_in_the_opening_prose_find_a_section_whose_heading_does_not_name_them():
    body = """
        ## Odds and Ends

        The `contextlib` module builds context managers out of generator functions.

        ## Cleanup

        Finally blocks run whatever happens in the try block before them.
        """
    assert placed(parse(body, concepts=["contextlib", "try-finally"])) == {"contextlib": "Odds and Ends"}


def test_a_concept_about_the_lesson_itself_is_taught_by_its_introduction():
    body = """
        # Pandas Fundamentals

        Pandas is a library of labelled, column-oriented tables for analysing data in Python.

        ## Series

        A Series is one labelled column of values.
        """
    parsed = parse(body, title="Pandas Fundamentals", concepts=["pandas-basics", "series"])
    assert placed(parsed) == {"pandas-basics": "Pandas Fundamentals", "series": "Series"}
    assert flips(parsed)["What is pandas?"].answer.startswith("Pandas is a library of labelled")
    assert "What is a series?" in flips(parsed)


def test_acronyms_code_and_keywords_in_headings():
    body = """
        ## The Method Resolution Order (MRO)

        Python looks attributes up along a fixed, linearised order of base classes.

        ## The `with` Statement

        A with statement closes what it opened, even when the block raises.

        ## `functools.partial`

        Partial application fixes some arguments of a function and returns a new callable.
        """
    parsed = parse(body, concepts=["method-resolution-order", "with-statement", "functools-partial"])
    assert placed(parsed) == {"method-resolution-order": "The Method Resolution Order (MRO)",
                              "with-statement": "The with Statement", "functools-partial": "functools.partial"}
    names = {m.concept: m.name for m in concepts.match(parsed)}
    assert names == {"method-resolution-order": "the method resolution order (MRO)",
                     "with-statement": "the with statement", "functools-partial": "functools.partial"}


def test_labels_are_the_headings_words_not_the_slug():
    body = """
        ## Indexing and Slicing

        An index picks one item and a slice picks a run of them, both counted from zero.

        ## The Registry Module

        One module-level dictionary that every part of the program imports and shares.

        ## Asyncio in Practice

        Asyncio runs many waiting tasks on one thread by switching at each await.

        ## Queues: First In, First Out (FIFO)

        A queue hands items back in the order they came.

        ## From ... Import

        This form copies chosen names from a module into your own namespace.

        ## Sphere Hit Testing

        Two spheres touch when the distance between their centres is below the sum of their radii.

        ## Useful Lookup Tables

        A lookup table trades memory for speed by storing answers worked out ahead.
        """
    parsed = parse(body, concepts=["indexing-slicing", "registry-module", "asyncio-basics", "queue-fifo",
                                   "from-import", "hit-testing", "lookup-tables"])
    assert {m.name for m in concepts.match(parsed)} == {"indexing and slicing", "the registry module", "asyncio",
                                                        "queues (FIFO)", "from ... import",
                                                        "sphere hit testing",  # the heading narrows it
                                                        "lookup tables"}  # "useful" only rates it


# --- answers --------------------------------------------------------------------------

def test_a_lead_in_is_never_the_answer_the_list_it_opens_is():
    body = """
        ## HTTP Verbs

        HTTP has a handful of verbs, each naming what the request wants:

        - **GET** reads a resource
        - **POST** creates one
        - **DELETE** removes one

        ## Logging Levels

        There are five levels:

        ```python
        import logging
        ```
        """
    parsed = parse(body, concepts=["http-verbs", "logging-levels"])
    (card,) = [c for c in concepts.cards(parsed) if c.form == "flip"]
    assert card.answer == ("HTTP has a handful of verbs, each naming what the request wants:\n"
                           "- GET reads a resource\n- POST creates one\n- DELETE removes one")
    assert any("concept 'logging-levels'" in p.message and "lead-in" in p.message for p in lint(parsed))


def test_long_list_items_are_trimmed_to_their_names():
    items = "\n".join(f"        - **Stage {n}**: {'a long description of what happens in this stage ' * 2}"
                      for n in range(1, 5))
    body = f"""
        ## The Build Pipeline

        Every build passes through four stages:

{items}
        """
    (card,) = concepts.cards(parse(body, concepts=["build-pipeline"]))
    assert card.answer == ("Every build passes through four stages:\n"
                           "- Stage 1\n- Stage 2\n- Stage 3\n- Stage 4")


def test_a_sentence_that_repeats_the_prompt_is_no_answer():
    body = """
        ## Docstrings

        Document your functions with docstrings.

        ```python
        def area(r):
            \"\"\"The area of a circle of radius r.\"\"\"
        ```

        ## Annotations

        Annotations record the types a function expects and returns, for readers and type checkers.
        """
    parsed = parse(body, concepts=["docstrings", "annotations"])
    assert set(flips(parsed)) == {"Explain: annotations"}
    assert any("concept 'docstrings'" in p.message for p in lint(parsed))


def test_a_short_opener_naming_part_of_the_idea_is_no_answer_but_a_short_whole_fact_is():
    body = """
        ## Log Rotation

        Log files keep growing. Rotating them starts a fresh file once the old one reaches a size or an age.

        ## Sets

        Sets drop duplicate values.
        """
    parsed = parse(body, concepts=["log-rotation", "sets"])
    cards = flips(parsed)
    assert cards["Explain: sets"].answer == "Sets drop duplicate values."
    assert cards["Explain: log rotation"].answer == ("Log files keep growing. Rotating them starts a fresh file once "
                                                     "the old one reaches a size or an age.")  # "them" needs the opener


def test_a_sentence_leaning_on_the_one_before_brings_it_along_and_the_next_one_explains():
    body = """
        ## Keeping Names with `functools.wraps`

        A bare wrapper replaces the wrapped function's name and docstring. Applying `functools.wraps` restores
        them, so tracebacks show the real name.

        ## Slots

        Slots fix an object's attributes when the class is made. They save memory when there are millions of objects.
        """
    cards = flips(parse(body, concepts=["functools-wraps", "slots"]))
    assert cards["Explain: functools.wraps"].answer == (
        "A bare wrapper replaces the wrapped function's name and docstring. Applying functools.wraps restores them, "
        "so tracebacks show the real name.")
    slots = cards["Explain: slots"]
    assert slots.answer == "Slots fix an object's attributes when the class is made."
    assert slots.explanation == "They save memory when there are millions of objects."


def test_a_definition_by_name_is_asked_as_what_is():
    body = "## Closures\n\nA closure is a function that keeps the variables of the scope that made it.\n"
    (card,) = concepts.cards(parse(body, concepts=["closures"]))
    assert card.prompt == "Explain: closures"  # "A closure is" does not read as "closures are"
    body = "## Generators\n\nGenerators are functions that hand out their values one at a time.\n"
    (card,) = concepts.cards(parse(body, concepts=["generators"]))
    assert card.prompt == "What are generators?"


# --- the reverse choice ---------------------------------------------------------------

PATTERNS = """
    ## Strategy

    A strategy is an algorithm chosen by the caller at run time. It is often just a function passed as an argument.

    ## Observer

    An observer subscribes to a subject and hears about each change.

    ## Factory

    A factory decides which class to build from a name. It spares the caller from naming the concrete class.
    """


def test_a_choice_card_asks_something_the_flip_card_does_not():
    parsed = parse(PATTERNS, concepts=["strategy", "observer", "factory"])
    reverse = {c.answer: c for c in concepts.cards(parsed) if c.form == "choice"}
    assert set(reverse) == {"strategy", "factory"}  # the observer section says one thing only
    strategy = reverse["strategy"]
    assert strategy.prompt == "Which idea does this describe?\n\n＿＿＿ is often just a function passed as an argument."
    assert strategy.choices == ("factory", "observer", "strategy")
    # the answer opens with the name: no "Strategy: " before it, which would say it twice
    assert strategy.explanation == "A strategy is an algorithm chosen by the caller at run time."
    flip = next(c for c in concepts.cards(parsed) if c.form == "flip" and c.section == "Strategy")
    assert flip.answer not in strategy.prompt
    assert (flip.file, flip.line) == (strategy.file, strategy.line)  # siblings: never on the same day


def test_a_choice_cards_explanation_names_the_idea_only_when_its_sentence_does_not():
    body = """
        ## Strategy

        Callers choose a strategy at run time. It is often just a function passed in.

        ## Observer

        An observer subscribes to a subject and hears about each change. It never polls for news.

        ## Factory

        A factory decides which class to build from a name. It spares the caller from naming the class.
        """
    parsed = parse(body, concepts=["strategy", "observer", "factory"])
    explained = {c.answer: c.explanation for c in concepts.cards(parsed) if c.form == "choice"}
    assert explained == {"factory": "A factory decides which class to build from a name."}
    strategy = next(m for m in match(parsed) if m.name == "strategy")  # whether the explanation needs the name
    assert not concepts._opens_with_name("Callers choose a strategy at run time.", strategy)
    assert concepts._opens_with_name("A strategy is chosen at run time.", strategy)


def test_no_choice_card_with_fewer_than_three_options_or_with_the_name_left_visible():
    parsed = parse(PATTERNS, concepts=["strategy", "observer"])
    assert [c for c in concepts.cards(parsed) if c.form == "choice"] == []  # two names: a coin flip
    body = PATTERNS + """
    ## Decorator

    A decorator wraps a function. Each decorator adds one behaviour around the call.
    """
    parsed = parse(body, concepts=["strategy", "observer", "factory", "decorator"])
    decorator = [c for c in concepts.cards(parsed) if c.form == "choice" and c.answer == "decorator"]
    assert decorator == []  # "Each decorator adds ..." would show the answer


def test_concept_tags_follow_the_sections_they_were_matched_to():
    parsed = parse(PATTERNS + "\n    ## Key Takeaways\n\n    - A **factory** hides which class it builds\n",
                   concepts=["strategy", "observer", "factory"])
    tagged = {(c.source, c.section): c.concepts for c in generate(parsed)}
    assert tagged[("concept", "Strategy")] == ("strategy",)
    assert tagged[("concept", "Factory")] == ("factory",)
    assert tagged[("takeaway", "Key Takeaways")] == ()


def test_a_word_merely_used_in_a_paragraph_does_not_make_it_the_concepts_section():
    body = """
        ## Sizing Trades

        Size each trade based on volatility so that every position risks the same amount.
        """
    parsed = parse(body, concepts=["volatility"])
    assert placed(parsed) == {}  # the paragraph uses volatility; it does not teach it


def test_a_heading_with_only_subsections_teaches_through_them():
    body = """
        # Text Tools

        Small helpers for everyday text.

        ## Essential String Methods

        ### Changing Case

        The string methods upper() and lower() return a new string in the other case.

        ### Searching

        find() returns the index of the first match, or -1.
        """
    parsed = parse(body, title="Text Tools", concepts=["string-methods", "string-searching"])
    assert placed(parsed)["string-methods"] == "Essential String Methods"
    assert flips(parsed)["Explain: string methods"].answer.startswith("The string methods upper() and lower()")


def test_a_paragraph_after_the_code_answers_only_when_it_names_the_concept():
    body = """
        ## Reading Files

        ```python
        with open("notes.txt") as f:
            text = f.read()
        ```

        Always close what you open.

        ## Writing Files

        ```python
        with open("out.txt", "w") as f:
            f.write("hi")
        ```

        Writing files with mode "w" replaces whatever the file held before.
        """
    parsed = parse(body, concepts=["file-reading", "file-writing"])
    assert set(flips(parsed)) == {"Explain: file writing"}


def test_a_name_sharing_a_word_with_the_answer_is_no_wrong_option_unless_every_name_shares_it():
    body = """
        ## Stacks

        A stack hands back the item added last.

        ## Queues

        A queue hands back the item added first.

        ## Monotonic Stacks

        A monotonic stack keeps its items sorted as they arrive. It finds the next greater element in one pass.

        ## Deques

        A deque adds and removes at both ends in constant time.
        """
    parsed = parse(body, concepts=["stack", "queue", "monotonic-stack", "deque"])
    (card,) = [c for c in concepts.cards(parsed) if c.form == "choice"]
    assert card.answer == "monotonic stacks" and set(card.choices) == {"monotonic stacks", "queues", "deques"}


def test_a_short_heading_holding_the_concept_as_code_is_its_label():
    body = """
        ## The `__name__` Variable

        A module run as a script has __name__ set to "__main__"; imported, it has its own name.
        """
    (card,) = concepts.cards(parse(body, concepts=["name-main"]))
    assert card.prompt == "Explain: the __name__ variable"


def test_a_pronoun_is_hidden_only_where_it_plainly_stands_for_the_concept():
    body = """
        ## Comparison Sorts

        Merge sort and quick sort compare pairs of elements. They cannot beat O(n log n) comparisons.

        ## Counting Sort

        Counting sort tallies each value instead of comparing. It runs in O(n + k) for k possible values.

        ## Radix Sort

        Radix sort orders numbers digit by digit, from the last digit to the first.
        """
    parsed = parse(body, concepts=["comparison-sorts", "counting-sort", "radix-sort"])
    reverse = [c for c in concepts.cards(parsed) if c.form == "choice"]
    # "They" follows "Merge sort and quick sort ...", not the concept's name: no riddle from it
    assert [c.answer for c in reverse] == ["counting sort"]
    assert reverse[0].prompt.endswith("＿＿＿ runs in O(n + k) for k possible values.")


def test_an_idea_of_two_things_is_answered_by_the_sentences_that_name_both():
    parsed = parse("""
        # Functions

        ## Parameters and Arguments

        Parameters are the names a function lists in its definition. Arguments are the values a call passes
        in. Python matches them by position, then by keyword.
        """, concepts=["parameters-and-arguments"])
    card = flips(parsed)["Explain: parameters and arguments"]
    assert card.answer == ("Parameters are the names a function lists in its definition. "
                           "Arguments are the values a call passes in.")


def test_a_section_that_opens_with_a_rule_asks_for_the_rule():
    parsed = parse("""
        # Forms

        ## Form Validation

        Always validate user input on the server, whatever the browser checked.
        """, concepts=["form-validation"])
    card = flips(parsed)["What is the rule for form validation?"]
    assert card.answer == "Always validate user input on the server, whatever the browser checked."


def test_two_sentences_opened_by_the_same_condition_are_one_answer():
    parsed = parse("""
        # Modules

        ## The `__name__` Variable

        When a file runs directly, its `__name__` is `"__main__"`. When it is imported, `__name__` is the
        module's own name. Tools read it to tell the two apart.
        """, concepts=["name-variable"])
    (card,) = [c for c in concepts.cards(parsed) if c.form == "flip"]
    assert card.answer == ('When a file runs directly, its __name__ is "__main__". '
                           "When it is imported, __name__ is the module's own name.")


def test_a_sentence_that_says_something_answers_and_the_list_it_opens_explains():
    parsed = parse("""
        # Learning

        ## Unsupervised Learning

        The model finds structure in data that has no labels:

        - Clustering groups similar rows
        - Dimensionality reduction keeps what varies most
        """, concepts=["unsupervised-learning"])
    card = flips(parsed)["Explain: unsupervised learning"]
    assert card.answer == "The model finds structure in data that has no labels."  # one sentence to recall
    assert card.explanation == "- Clustering groups similar rows\n- Dimensionality reduction keeps what varies most"


def test_a_sentence_opening_a_list_of_named_kinds_answers_with_their_names():
    parsed = parse("""
        # Logging

        ## Log Levels

        Every record carries a level that says how much it matters:

        - **DEBUG**: details for whoever is fixing a bug
        - **WARNING**: something odd that the program survived
        - **ERROR**: an operation failed
        """, concepts=["log-levels"])
    card = flips(parsed)["Explain: log levels"]
    assert card.answer == "Every record carries a level that says how much it matters:\n- DEBUG\n- WARNING\n- ERROR"
    assert card.explanation == ("- DEBUG: details for whoever is fixing a bug\n- WARNING: something odd that the "
                                "program survived\n- ERROR: an operation failed")


def test_a_lead_in_the_list_finishes_keeps_its_list():
    parsed = parse("""
        # Testing

        ## What Is Mocking?

        Mocking replaces real objects with stand-ins during a test. This lets you test code without:

        - Calling real web services
        - Writing real files
        """, concepts=["mocking"])
    card = flips(parsed)["Explain: mocking"]
    assert card.answer == "Mocking replaces real objects with stand-ins during a test."
    assert card.explanation == "This lets you test code without:\n- Calling real web services\n- Writing real files"


def test_a_sentence_whose_it_points_at_nothing_it_can_bring_is_no_answer():
    body = """
        ## Minifying

        Shipped scripts are large. Consider the bundle of a small shop. Minifying shrinks it to a fraction
        of the size.

        ## Hashing

        Passwords are never stored as typed. Hashing turns them into fixed-length digests.

        ## Caching

        A cache keeps a computed result. Looking it up again costs almost nothing, and it makes repeats cheap.
        """
    cards = flips(parse(body, concepts=["minifying", "caching", "hashing"]))
    assert "Explain: minifying" not in cards  # "it" is the scripts, two sentences back
    assert cards["Explain: hashing"].answer == ("Passwords are never stored as typed. Hashing turns them into "
                                                "fixed-length digests.")  # the sentence it needs comes along
    assert cards["Explain: caching"].answer == "A cache keeps a computed result."


def test_a_sentence_that_sets_its_subject_against_another_explains_the_answer_before_it():
    body = """
        ## Memoization

        Memoization stores each result of a pure function under its arguments. Instead of computing a call
        again, you look its result up in that store:

        ```python
        cache = {}
        ```
        """
    card = flips(parse(body, concepts=["memoization"]))["Explain: memoization"]
    assert card.answer == "Memoization stores each result of a pure function under its arguments."
    assert card.explanation == "Instead of computing a call again, you look its result up in that store."
    plain = body.replace("you look its result up in that store:", "you look its result up in that store.")
    assert flips(parse(plain, concepts=["memoization"]))["Explain: memoization"].explanation == card.explanation
    alone = """
        ## Memoization

        Instead of computing a call again, memoization looks its result up in a store.
        """
    assert "Explain: memoization" not in flips(parse(alone, concepts=["memoization"]))  # never the answer


def test_a_sentence_that_sets_its_subject_against_another_is_no_answer():
    body = """
        ## Ruff

        While pip installs flake8 for you, most teams now prefer ruff. It runs in milliseconds.

        ## Dataclasses

        Instead of writing __init__ by hand, use dataclasses:

        ```python
        from dataclasses import dataclass
        ```

        ## While Loops

        While loops repeat a block as long as their condition holds.
        """
    cards = flips(parse(body + """
        ## Snapshots

        The killer feature of snapshot tests is their speed:
        """, concepts=["ruff", "dataclasses", "while-loops", "snapshots"]))
    assert "Explain: ruff" not in cards and "Explain: dataclasses" not in cards
    assert "Explain: snapshots" not in cards  # praise announces, it does not explain
    assert cards["Explain: while loops"].answer == "While loops repeat a block as long as their condition holds."


def test_one_side_of_a_compared_heading():
    from recall.derive import derive

    body = """
        ## The PUT vs PATCH Choice

        Send the whole record with PUT, or only the changed fields with PATCH.

        ## Lists vs Tuples

        Lists can grow, shrink and change in place after they are made. Tuples stay fixed once made, so they
        can be dictionary keys.
        """
    made = derive(parse(body, concepts=["patch", "lists"]))[0]
    flipped = {c.prompt: c.answer for c in made if c.source == "concept" and c.form == "flip"}
    # the section teaches the choice, and the label says so
    assert flipped == {"Explain: the PUT vs PATCH choice": "Send the whole record with PUT, or only the changed "
                                                            "fields with PATCH."}
    # "lists" is asked by the heading's contrast card, not again from the same sentences
    assert [c.prompt for c in made if c.source == "contrast"] == ["Lists vs tuples: how do they differ?"]


def test_what_a_first_sentence_is_for_decides_the_question():
    body = """
        ## Commit Messages

        A commit message has three parts: a subject line, a blank line and a body.

        ## TTL Caching

        **TTL** stands for time to live. It is how long a cached entry may be served before it expires.

        ## CRUD Routes

        **CRUD** stands for create, read, update, delete. Which verb does each route answer?

        ## Held-Out Data

        The most important rule: never tune on the held-out data.
        """
    cards = flips(parse(body, concepts=["commit-messages", "ttl-caching", "held-out-data", "crud-routes"]))
    assert cards["What are the parts of a commit message?"].answer.startswith("A commit message has three parts")
    assert cards["Explain: TTL caching"].answer == (
        "TTL stands for time to live. It is how long a cached entry may be served before it expires.")
    assert "Explain: CRUD routes" not in cards  # a spelled-out name with nothing said of it
    assert cards["What is the rule for held-out data?"].answer == "Never tune on the held-out data."


def test_sentences_the_context_rules_must_leave_alone():
    body = """
        ## Call Trees

        Often it helps to draw the call tree of a recursive function before writing it.

        ## Tuples

        Although a tuple looks like a list, it cannot be changed after it is created.
        """
    cards = flips(parse(body, concepts=["call-trees", "tuples"]))
    assert cards["Explain: call trees"].answer.startswith("Often it helps to draw the call tree")
    assert cards["Explain: tuples"].answer.startswith("Although a tuple looks like a list")


def test_a_choice_card_hides_the_idea_only_where_it_is_the_subject():
    body = """
        ## Friction

        Friction is a force that slows moving things. Each frame, multiply the speed by friction to slow it.

        ## Gravity

        Gravity is a constant pull downwards. Gravity makes every object fall at the same rate.

        ## Drag

        Drag grows with speed. Drag is what keeps a falling leaf slow.
        """
    reverse = {c.answer: c for c in concepts.cards(parse(body, concepts=["friction", "gravity", "drag"]))
               if c.form == "choice"}
    assert "friction" not in reverse  # "multiply the speed by ___": only a force fits by grammar
    assert reverse["gravity"].prompt.endswith("＿＿＿ makes every object fall at the same rate.")


def test_a_concept_the_heading_names_only_as_where_something_happens_needs_an_answer_that_names_it():
    body = """
        ## Formatting Numbers in Logging

        You can pad numbers with a format spec such as `:>8` so columns line up.

        ## Log Levels

        A log level tells how serious a record is, from DEBUG up to CRITICAL.
        """
    parsed = parse(body, concepts=["logging", "log-levels"])
    cards = flips(parsed)
    assert "Explain: logging" not in cards and "Explain: log levels" in cards
    assert any("concept 'logging'" in p.message for p in lint(parsed))  # said, not silently dropped


def test_a_sentence_giving_the_form_code_takes_asks_for_the_syntax():
    body = """
        ## Set Comprehensions

        The basic syntax is `{expression for item in iterable}`:

        ```python
        squares = {n * n for n in range(4)}
        ```

        ## Walrus Assignments

        Use `(name := value)` inside an expression:

        ```python
        if (n := len("abc")) > 2:
            print(n)
        ```
        """
    cards = flips(parse(body, concepts=["set-comprehensions", "walrus-assignments"]))
    assert cards["What is the syntax of set comprehensions?"].answer == \
        "The basic syntax is {expression for item in iterable}."
    assert cards["What is the syntax of walrus assignments?"].answer == "Use (name := value) inside an expression."


def test_no_which_idea_card_for_a_concept_the_lessons_title_names():
    body = """
        ## Friction

        Friction is a force that slows moving things. Friction turns motion into heat.

        ## Gravity

        Gravity is a constant pull downwards. Gravity makes every object fall at the same rate.

        ## Drag

        Drag grows with speed. Drag keeps a falling leaf slow.
        """
    def reverse(title):
        return {c.answer for c in concepts.cards(parse(body, title=title, concepts=["friction", "gravity", "drag"]))
                if c.form == "choice"}
    assert "gravity" in reverse("Forces in Games")
    # the title above every card says it: the choice is read off the screen
    assert "gravity" not in reverse("Gravity in Games") and "friction" in reverse("Gravity in Games")


def test_an_idea_of_one_thing_against_another_is_answered_by_both_sides_or_not_at_all():
    body = """
        ## Eager vs Lazy Evaluation

        **Eager evaluation** computes every value as soon as the expression runs. It costs memory up front.

        **Lazy evaluation** waits until a value is asked for, so an endless sequence is fine.

        ```python
        squares = (n * n for n in range(10))
        ```
        """
    card = flips(parse(body, concepts=["eager-vs-lazy"]))["Explain: eager vs lazy"]
    assert card.answer == ("Eager evaluation computes every value as soon as the expression runs. It costs "
                           "memory up front. Lazy evaluation waits until a value is asked for, so an endless "
                           "sequence is fine.")
    one_sided = body.replace("**Lazy evaluation** waits", "The other kind waits")
    assert "Explain: eager vs lazy" not in flips(parse(one_sided, concepts=["eager-vs-lazy"]))


def test_an_acronym_its_list_spells_out_asks_what_each_letter_stands_for():
    body = """
        ## CRUD Operations

        Most web APIs offer four operations on each resource:

        - Create: add a new record
        - Read: fetch a record
        - Update: change a record
        - Delete: remove a record
        """
    cards = flips(parse(body, concepts=["crud"]))
    assert "What does each letter of CRUD stand for?" in cards
    # the words are the answer, what each does explains them (not the lead-in and four definitions to recite)
    card = cards["What does each letter of CRUD stand for?"]
    assert card.answer == "Create, Read, Update, Delete"
    assert card.explanation.split("\n") == ["- Create: add a new record", "- Read: fetch a record",
                                             "- Update: change a record", "- Delete: remove a record"]
    # an item that heads with its letter, or runs on without a name before what it says, keeps the whole list
    lettered = body.replace("- Create:", "- C — Create:").replace("- Read:", "- R — Read:") \
        .replace("- Update:", "- U — Update:").replace("- Delete:", "- D — Delete:")
    assert flips(parse(lettered, concepts=["crud"]))["What does each letter of CRUD stand for?"].answer \
        .endswith("- D — Delete: remove a record")
    unnamed = body.replace("- Create: add", "- Create (POST) adds")
    assert flips(parse(unnamed, concepts=["crud"]))["What does each letter of CRUD stand for?"].answer \
        .startswith("Most web APIs offer")
    unspelled = body.replace("- Update: change a record", "- Patch: change a record")
    assert "Explain: CRUD" in flips(parse(unspelled, concepts=["crud"]))


def test_a_sentence_that_only_praises_what_something_offers_is_no_answer():
    body = """
        ## The functools Module

        The functools module provides powerful tools for working with functions. Its lru_cache
        remembers the results of recent calls, keyed by their arguments.
        """
    card = flips(parse(body, concepts=["functools"]))["Explain: functools"]
    assert card.answer.startswith("Its lru_cache remembers the results of recent calls")


def test_a_lead_in_to_a_table_is_no_answer_the_tables_cards_ask_its_rows():
    body = """
        ## File Modes

        Python opens a file in one of several modes:

        | Mode | Meaning |
        |------|---------|
        | r | read |
        | w | write, emptying the file first |
        | a | append |
        """
    assert not flips(parse(body, concepts=["file-modes"]))


def test_a_question_and_its_answer_answer_only_when_the_answer_names_the_idea():
    body = """
        ## Information Gain

        How does a tree pick a split? Information gain measures how much a split lowers the entropy.
        """
    card = flips(parse(body, concepts=["information-gain"]))["Explain: information gain"]
    assert card.answer.startswith("How does a tree pick a split? Information gain measures")
    unnamed = body.replace("Information gain measures how much a split lowers", "We take the split that lowers")
    assert not flips(parse(unnamed, concepts=["information-gain"]))


def test_the_other_side_of_a_vs_idea_counts_though_its_words_are_all_in_the_prompt():
    body = """
        ## Shallow vs Deep Copies

        A shallow copy makes a new outer list that shares the items inside it.

        A deep copy duplicates everything, all the way down:

        ```python
        import copy
        ```
        """
    card = flips(parse(body, concepts=["shallow-vs-deep"]))["Explain: shallow vs deep"]
    assert card.answer == ("A shallow copy makes a new outer list that shares the items inside it. "
                           "A deep copy duplicates everything, all the way down.")


def test_a_question_that_names_the_idea_keeps_its_answer():
    body = """
        ## The GIL

        What does the GIL do? Only one thread runs Python bytecode at a time, whatever the cores.
        """
    card = flips(parse(body, concepts=["gil"]))["Explain: the GIL"]
    assert card.answer.startswith("What does the GIL do? Only one thread runs")


def test_a_plain_sentence_with_a_word_that_praises_elsewhere_is_still_an_answer():
    body = """
        ## Asyncio

        Asyncio provides cooperative multitasking on one thread.
        """
    card = flips(parse(body, concepts=["asyncio"]))["Explain: asyncio"]
    assert card.answer == "Asyncio provides cooperative multitasking on one thread."


def test_an_acronym_spelled_by_items_trimmed_to_their_names_asks_for_the_letters():
    body = """
        ## ACID

        A database transaction keeps four promises:

        - **Atomicity**
        - **Consistency**
        - **Isolation**
        - **Durability**
        """
    card = flips(parse(body, concepts=["acid"]))["What does each letter of ACID stand for?"]
    assert (card.answer, card.explanation) == ("Atomicity, Consistency, Isolation, Durability", "")


def test_a_side_fact_with_a_marked_term_is_asked_as_a_gap_on_that_term():
    body = """
        ## Character Encodings

        Python 3 reads source files as **UTF-8** unless told otherwise.
        """
    (card,) = concepts.cards(parse(body, concepts=["character-encodings"]))
    assert (card.form, card.prompt, card.answer) == ("cloze", "Python 3 reads source files as [...] unless told "
                                                     "otherwise.", "UTF-8")
    named = body.replace("Python 3 reads source files", "Character encodings decide how Python 3 reads files")
    (flip,) = concepts.cards(parse(named, concepts=["character-encodings"]))
    assert flip.form == "flip"  # the answer names the idea: it explains it


def test_a_side_fact_a_takeaway_gaps_already_is_asked_once():
    body = """
        ## Character Encodings

        Python 3 reads source files as **UTF-8** unless told otherwise.

        ## Key Takeaways

        - Python 3 reads source files as **UTF-8** by default
        """
    made = generate(parse(body, concepts=["character-encodings"]))
    assert [(c.source, c.answer, c.concepts) for c in made if c.form == "cloze"] == [
        ("takeaway", "UTF-8", ("character-encodings",))]  # the concept is asked, by the takeaway


def test_an_answer_that_defines_only_the_first_words_of_the_idea_asks_what_they_are():
    body = """
        ## Deadlock Detection

        A deadlock happens when two threads each wait for a lock the other holds.
        """
    assert "What is a deadlock?" in flips(parse(body, concepts=["deadlock-detection"]))
    named = body.replace("A deadlock happens when", "Deadlock detection notices when")
    assert "Explain: deadlock detection" in flips(parse(named, concepts=["deadlock-detection"]))


def test_a_passive_sentence_or_one_naming_the_whole_idea_is_no_definition_of_its_first_word():
    called = """
        ## Function Calls

        A function is called by writing its name with brackets after it.
        """
    assert "Explain: function calls" in flips(parse(called, concepts=["function-calls"]))
    handled = """
        ## Error Handling

        An error is anything that stops a program, and handling it means catching it before it does.
        """
    assert "Explain: error handling" in flips(parse(handled, concepts=["error-handling"]))


def test_a_list_of_jobs_is_no_list_of_named_kinds():
    body = """
        ## Collections

        Each built-in collection is the quickest at one job:

        - Lookup by key: a dict
        - Membership tests: a set
        """
    card = flips(parse(body, concepts=["collections"]))["Explain: collections"]
    assert card.answer == "Each built-in collection is the quickest at one job."  # the jobs' names are no answer
    assert card.explanation == "- Lookup by key: a dict\n- Membership tests: a set"


def test_a_concept_gap_stays_when_the_takeaway_gaps_its_term_for_another_fact():
    body = """
        ## Character Encodings

        Python 3 reads source files as **UTF-8** unless told otherwise.

        ## Key Takeaways

        - Pass `encoding=` to open() when a file is not **UTF-8**
        """
    made = generate(parse(body, concepts=["character-encodings"]))
    assert [c.source for c in made if c.form == "cloze" and c.answer == "UTF-8"] == ["concept", "takeaway"]


def test_an_answer_that_only_says_the_name_again_goes_on_with_the_next_sentence():
    body = """
        ## The await Keyword

        A function with await becomes a coroutine. Each await hands control back to the event loop until its
        result is ready.

        ## The Event Loop

        One loop runs every task of the program, switching between them at each await.
        Nothing runs while a task computes without awaiting.
        """
    found = flips(parse(body, concepts=["await-keyword", "event-loop"], title="Coroutines"))
    waiting = next(c for prompt, c in found.items() if "await" in prompt)
    assert waiting.answer == ("A function with await becomes a coroutine. Each await hands control back to the "
                              "event loop until its result is ready.") and waiting.explanation == ""
    loop = next(c for prompt, c in found.items() if "event loop" in prompt)
    assert loop.answer == "One loop runs every task of the program, switching between them at each await."
    assert loop.explanation == "Nothing runs while a task computes without awaiting."  # said enough already


def test_an_acronym_the_heading_spells_out_stays_out_of_the_question():
    body = """
        ## Piles: Newest On Top (NOT)

        A pile hands back the plate put on it last.

        ## Shared Memory Buffers (SMB)

        A shared memory buffer lets two processes read the same bytes.
        """
    found = flips(parse(body, concepts=["pile-not", "shared-memory-buffers"]))
    assert "Explain: piles" in found  # "(NOT)" would say how a pile works before it is asked
    assert "Explain: shared memory buffers (SMB)" in found  # the name spells it itself: an abbreviation


def test_an_answer_that_only_names_its_idea_takes_the_next_paragraphs_sentence_and_it_needs_its_noun():
    body = """
        ## Tuple Immutability

        Tuples cannot be changed after creation:

        ```python
        point = (1, 2)
        ```

        To "change" a tuple, you build a new one from its parts.

        ## Frozen Sets

        A frozen set cannot be changed at all. Being hashable, it can be a key of a dict.
        """
    cards = flips(parse(body, concepts=["tuple-immutability", "frozen-sets"]))
    # the next paragraph (after the code) says what the first only names
    assert cards["Explain: tuple immutability"].answer == (
        'Tuples cannot be changed after creation. To "change" a tuple, you build a new one from its parts.')
    # "Being hashable, it ..." leans on the sentence before it, which says nothing of its own: no answer
    assert "Explain: frozen sets" not in cards


def test_a_terse_opening_fragment_goes_with_the_sentence_after_it():
    body = """
        ## Lazy Evaluation

        No upfront work. A lazy iterator computes each value only when the loop asks for it.

        ## Eager Evaluation

        Here it is. An eager call computes every value before the loop begins.
        """
    cards = flips(parse(body, concepts=["lazy-evaluation", "eager-evaluation"]))
    assert cards["Explain: lazy evaluation"].answer == (
        "No upfront work. A lazy iterator computes each value only when the loop asks for it.")
    assert cards["Explain: eager evaluation"].answer == "An eager call computes every value before the loop begins."
