"""Cards from what lessons held but recall used to leave out: mistakes, contrasts, the lesson's purpose."""

from __future__ import annotations

import pytest

from conftest import lesson
from recall.derive import contrasts, mistakes, purpose
from recall.derive.mistakes import WRONG_PROMPT
from recall.lessons import parse_lesson


def parse(body: str, **kw):
    return parse_lesson(lesson(body, **kw), "decks/x.md")


# --- common mistakes ------------------------------------------------------------------

MISTAKES = '''
    ## Common Mistakes

    **Comparing floats with ==:** rounding makes 0.1 + 0.2 differ from 0.3 in the last bit. Use `math.isclose()`.

    - **Shadowing a built-in**: naming a variable `list` hides the list type for the rest of the module.

    **Sleeping inside a coroutine:**
    ```python
    async def poll():
        time.sleep(1)  # blocks every other task
    ```

    **Deleting while iterating:**
    ```python
    # Don't:
    # for key in d:
    #     del d[key]  # RuntimeError: the dict changed size
    # Do this instead:
    for key in list(d):
        del d[key]
    ```

    **Mixing tabs and spaces:**
    ```python
    # Python 3 refuses a file that mixes them for indentation.
    # Configure the editor to insert spaces.
    ```

    **Popping an empty list:**
    ```python
    # Always check that the list has items first
    if jobs:
        jobs.pop()
    ```

    **Trusting `is` for numbers:**
    ```python
    a = 1000
    print(a is 1000)  # may be False
    print(a == 1000)  # True
    ```
    '''


def mistake_cards():
    return {c.line: c for c in mistakes.derive(parse(MISTAKES))[0]}


def test_a_titled_mistake_asks_why_it_is_one_with_the_fix_as_explanation():
    cards = list(mistake_cards().values())
    floats = cards[0]
    assert (floats.source, floats.form) == ("mistake", "flip")
    assert floats.prompt == "Common mistake: comparing floats with ==. Why is it a mistake?"
    assert floats.answer == "Rounding makes 0.1 + 0.2 differ from 0.3 in the last bit."
    assert floats.explanation == "Use math.isclose()."
    builtin = cards[1]
    assert builtin.prompt == "Common mistake: shadowing a built-in. Why is it a mistake?"
    assert builtin.answer == "Naming a variable list hides the list type for the rest of the module."


def test_code_that_shows_the_mistake_is_asked_without_the_comments_that_give_it_away():
    cards = list(mistake_cards().values())
    sleeping = cards[2]
    assert sleeping.prompt == WRONG_PROMPT
    assert sleeping.code == "async def poll():\n    time.sleep(1)"
    assert sleeping.answer == "Sleeping inside a coroutine: blocks every other task."  # the comment says why
    assert sleeping.explanation == ""
    deleting = cards[3]  # the wrong code was commented out under "Don't:"
    assert deleting.code == "for key in d:\n    del d[key]"
    assert deleting.answer == "Deleting while iterating: RuntimeError: the dict changed size."
    assert deleting.explanation == "Instead:\nfor key in list(d):\n    del d[key]"  # "# Do this instead:" only points


def test_a_comment_that_goes_on_from_its_code_explains_with_that_code():
    body = """
        ## Common Mistakes

        **Mistake: rebuilding a string in a loop**
        ```python
        # Slow: O(n^2) for n pieces
        text = ""
        for piece in ["a", "b", "c"]:
            text += piece  # copies the whole string each time
        # Fast: one join
        text = "".join(["a", "b", "c"])
        ```
        """
    (card,) = mistakes.derive(parse(body))[0]
    assert card.prompt == WRONG_PROMPT
    assert card.explanation.split("\n")[0] == "text += piece copies the whole string each time."
    named = mistakes.derive(parse(body.replace("# copies the whole string each time", "# string concatenation")))[0]
    assert named[0].explanation.split("\n")[0] == "string concatenation."  # names it: no sentence to make


def test_a_mistake_told_in_comments_or_shown_beside_the_right_way():
    cards = list(mistake_cards().values())
    tabs = cards[4]
    assert tabs.prompt == "Common mistake: mixing tabs and spaces. Why is it a mistake?"  # both, not one for the other
    assert tabs.answer == "Python 3 refuses a file that mixes them for indentation."
    assert tabs.explanation == "Configure the editor to insert spaces."
    # code alone, with no words of the lesson's for an answer (the right way only, or both ways with
    # comments), makes no card: the raw block is nothing a learner can recall as an answer
    assert len(cards) == 5 and not any("popping" in c.prompt or "trusting" in c.prompt for c in cards)


# --- contrasts ------------------------------------------------------------------------

def contrast_cards(body: str, **kw):
    return [(c.prompt, c.answer) for c in contrasts.derive(parse(body, **kw))[0]]


def test_a_takeaway_of_two_parallel_halves_asks_how_they_differ():
    body = """
        ## Key Takeaways

        - `append()` adds one item; `extend()` adds every item of an iterable
        - Shallow copies share nested objects; deep copies share nothing
        - Sets are unordered, but dicts are ordered by insertion
        - `print()` writes text; `Exception` classes describe errors
        - Use `with` for files; it closes them
        """
    assert contrast_cards(body) == [
        ("append() vs extend(): how do they differ?",
         "append() adds one item; extend() adds every item of an iterable"),
        ("shallow copies vs deep copies: how do they differ?",
         "Shallow copies share nested objects; deep copies share nothing"),
        ("sets vs dicts: how do they differ?", "Sets are unordered, but dicts are ordered by insertion"),
    ]


def test_a_heading_that_compares_asks_with_the_sentences_that_name_both():
    body = """
        ## Processes vs Threads

        Processes each get their own memory and interpreter. Threads share one process and its memory.

        ## The Push vs Pull Model

        Servers push, clients pull.
        """
    assert contrast_cards(body) == [("Processes vs threads: how do they differ?",
                                     "Processes each get their own memory and interpreter. "
                                     "Threads share one process and its memory.")]


def test_a_sentence_setting_two_marked_terms_against_each_other():
    body = """
        ## Removing Items

        `remove()` deletes the first matching value, whereas `pop()` deletes by position and returns the item.
        Both change the list in place.
        """
    assert contrast_cards(body) == [("remove() vs pop(): how do they differ?",
                                     "remove() deletes the first matching value, whereas pop() deletes by position "
                                     "and returns the item.")]


# --- the lesson's purpose -------------------------------------------------------------

def test_the_frontmatter_why_is_a_card_about_the_lessons_purpose():
    parsed = parse("## Part\n\nText.\n", title="Logging",
                   extra='why: "Print calls vanish. Logs let you see what a program did after the fact."')
    (card,) = purpose.derive(parsed)[0]
    assert (card.source, card.form, card.line) == ("purpose", "flip", 4)
    assert card.prompt == "What do logs let you do?"
    assert card.answer == "See what a program did after the fact."
    assert purpose.derive(parse("## Part\n\nText.\n", extra='why: "Useful."'))[0] == []


@pytest.mark.parametrize(("why", "prompt", "answer"), [
    ("Context managers let you release what you took, even when the block raises.",
     "What do context managers let you do?", "Release what you took, even when the block raises."),
    ("Caching matters. Memoization lets your programs skip work they already did.",
     "What does memoization let your programs do?", "Skip work they already did."),
    ("NumPy lets you compute on whole arrays at C speed without writing a loop.",
     "What does NumPy let you do?", "Compute on whole arrays at C speed without writing a loop."),
    ("Type hints help you catch a wrong argument before the code runs.",
     "What do type hints help you do?", "Catch a wrong argument before the code runs."),
    ("A queue allows your programs to hand work between threads safely.",
     "What does a queue allow your programs to do?", "Hand work between threads safely."),
    ("Caches let your programs answer twice as fast -- vital for busy web servers, APIs, and dashboards.",
     "What do caches let your programs do?", "Answer twice as fast."),  # the aside after the dash explains
    ("Slicing lets you copy, reverse, and step through sequences in one expression.",
     "What does slicing let you do?", "Copy, reverse, and step through sequences in one expression."),
])
def test_a_why_that_says_what_something_lets_you_do_is_asked_as_that(why, prompt, answer):
    (card,) = purpose.derive(parse("## Part\n\nText.\n", title="Logging", extra=f'why: "{why}"'))[0]
    assert (card.prompt, card.answer) == (prompt, answer)


@pytest.mark.parametrize("why", [
    "Every web program speaks HTTP -- it is the foundation of all web work.",  # motivation, no one answer
    "Slicing is everywhere. Knowing it lets you read most real code that handles text.",  # "it": said elsewhere
    "Knowing how to slice strings lets you read most real code that handles text.",  # a clause, not a thing
    "Once you see how, reading, writing and appending lets you keep results between runs.",
    "Loops let your programs repeat things.",  # too thin: many answers are as right
    "Logging lets you trace requests, time slow calls, audit logins, and debug crashes in production.",  # examples
])
def test_a_why_that_only_motivates_or_points_elsewhere_makes_no_card(why):
    assert purpose.derive(parse("## Part\n\nText.\n", title="Logging", extra=f'why: "{why}"'))[0] == []


def test_a_mistake_shown_in_code_alone_makes_a_card_only_when_the_code_tells_two_apart():
    body = '''
        ## Common Mistakes

        **Confusing `append()` and `extend()`:**
        ```python
        a = [1]
        a.append([2, 3])  # [1, [2, 3]]
        a.extend([4, 5])  # [1, [2, 3], 4, 5]
        ```

        **Opening a file without closing it:**
        ```python
        with open("log.txt") as f:  # closed for you, even after an exception
            text = f.read()
        print(len(text))
        ```
        '''
    (confusing,) = mistakes.derive(parse(body))[0]  # code alone, the right way only, answers nothing
    assert confusing.prompt == "Common mistake: confusing append() and extend(). What tells them apart?"
    assert "a.extend([4, 5])" in confusing.answer
    longer = body.replace("a.extend([4, 5])  # [1, [2, 3], 4, 5]",
                          "a.extend([4, 5])  # [1, [2, 3], 4, 5]\n        b = [1]\n"
                          "        b.extend('ab')  # [1, 'a', 'b']")
    assert mistakes.derive(parse(longer))[0] == []  # five lines of code are no answer to recall whole


def test_halves_whose_shared_word_comes_after_the_verb_are_no_contrast():
    body = """
        ## Key Takeaways

        - Parameters receive values; `return` sends values back
        """
    assert contrast_cards(body) == []


def test_a_mistake_told_as_what_must_be_done_asks_what_to_do():
    body = """
        ## Common Mistakes

        **Forgetting base cases:** the first entry must be set before the loop fills the rest.
        """
    (card,) = mistakes.derive(parse(body))[0]
    assert card.prompt == "Common mistake: forgetting base cases. What should you do instead?"
    assert card.answer == "The first entry must be set before the loop fills the rest."


def test_what_deals_with_the_trouble_is_what_to_do_and_only_the_reason_is_why():
    body = """
        ## Common Mistakes

        **Ignoring time zones in timestamps:** Aware datetimes take care of this for you.

        **Trusting the first reading:** Sensors drift after a warm start. Averaging three readings handles it.
        """
    zones, reading = mistakes.derive(parse(body))[0]
    assert zones.prompt == "Common mistake: ignoring time zones in timestamps. What should you do instead?"
    assert zones.answer == "Aware datetimes take care of this for you."
    assert reading.prompt == "Common mistake: trusting the first reading. Why is it a mistake?"
    assert reading.answer == "Sensors drift after a warm start."
    assert reading.explanation == "Averaging three readings handles it."


def test_a_reason_that_only_may_happen_is_no_answer_to_why():
    body = """
        ## Common Mistakes

        **Caching every response:** Old pages might be shown. Solution: give each entry a time to live.

        **Trusting file names:** A renamed file might fool the check.
        """
    (caching,) = mistakes.derive(parse(body))[0]  # a guess alone, and no fix: no card
    assert caching.prompt == "Common mistake: caching every response. What should you do instead?"
    assert caching.answer == "Give each entry a time to live."
    assert caching.explanation == "Old pages might be shown."


@pytest.mark.parametrize("reason", [
    "The default list may be shared between calls, so items pile up.",  # "may", with what follows
    "Nothing handles them afterwards, so bugs hide.",  # a denied remedy is what goes wrong
    "Nothing prevents this from corrupting the counter.",
    "The bare except handles it silently and hides the real bug.",
    "The memory address it checks differs between objects.",  # "address" the noun
])
def test_reasons_that_look_like_remedies_or_guesses_still_say_why(reason):
    (card,) = mistakes.derive(parse(f"""
        ## Common Mistakes

        **Leaning on luck:** {reason}
        """))[0]
    assert card.prompt == "Common mistake: leaning on luck. Why is it a mistake?" and card.answer == reason


def test_a_test_of_a_function_the_card_cannot_show_asks_what_to_do_instead():
    body = """
        ## Common Mistakes

        **Checking the whole pipeline in one test:**
        ```python
        # Bad — parses AND rounds AND prints
        def test_report():
            assert make_report(["3.14159"]) == "3.14"

        # Better — one test per step
        def test_parse():
            assert parse_all(["3.14159"]) == [3.14159]
        ```

        **Catching everything:**
        ```python
        # Bad — hides every error
        try:
            assert load() == 3
        except:
            pass
        ```
        """
    pipeline, catching = mistakes.derive(parse(body))[0]
    assert pipeline.prompt == "Common mistake: checking the whole pipeline in one test. What should you do instead?"
    assert pipeline.answer == "One test per step."
    assert catching.prompt == WRONG_PROMPT  # no "better" marker: the code is asked as before


def test_markers_that_only_point_at_the_code_are_left_out_of_the_explanation():
    body = """
        ## Common Mistakes

        **Growing a dict while looping over it:**
        ```python
        counts = {"a": 1}
        # DON'T do this:
        # for key in counts:
        #     counts[key + "!"] = 0  # Raises at once!

        # DO this instead:
        counts.update({key + "!": 0 for key in list(counts)})
        ```
        """
    (card,) = mistakes.derive(parse(body))[0]
    assert card.prompt == WRONG_PROMPT
    assert card.explanation == 'Raises at once!\nInstead:\ncounts.update({key + "!": 0 for key in list(counts)})'


def test_wrong_code_the_right_code_keeps_asks_for_the_step_left_out():
    body = """
        ## Common Mistakes

        **Drawing without a seed:**
        ```python
        # Wrong: another number every run
        value = random.random()
        # Right: seed first for the same number each run
        random.seed(42)
        value = random.random()
        ```

        **Saving before checking:**
        ```python
        # Wrong: bad rows reach the file
        save(rows)
        check(rows)
        # Right: check first
        check(rows)
        save(rows)
        ```
        """
    step, order = mistakes.derive(parse(body))[0]
    assert step.prompt == "Common mistake: drawing without a seed. What should you do instead?"
    assert (step.answer, step.code) == ("Seed first for the same number each run.", "")
    assert step.explanation == ("value = random.random()\nalone: another number every run.\n\n"
                                "Instead:\nrandom.seed(42)\nvalue = random.random()")
    assert (order.prompt, order.code) == (WRONG_PROMPT, "save(rows)\ncheck(rows)")  # the order shows the mistake


def test_a_step_left_out_is_told_by_indentation_and_comments_and_needs_a_marker_that_names_it():
    body = """
        ## Common Mistakes

        **Returning inside the loop:**
        ```python
        # Wrong: stops after the first number
        def total(numbers):
            result = 0
            for n in numbers:
                result += n
                return result
        # Right: return once the loop is done
        def total(numbers):
            result = 0
            for n in numbers:
                result += n
            return result
        ```

        **Drawing without a seed:**
        ```python
        # Wrong: another number every run
        value = random.random()
        # Right: seed first for the same number each run
        random.seed(42)  # any fixed number
        value = random.random()  # now repeatable
        ```

        **Forgetting the header row:**
        ```python
        # Wrong: the columns have no names
        write_rows(out, rows)
        # Correct: the fixed version
        write_header(out)
        write_rows(out, rows)
        ```
        """
    loop, seed, header = mistakes.derive(parse(body))[0]
    assert loop.prompt == WRONG_PROMPT and "return result" in loop.code  # the indentation shows the mistake
    assert seed.answer == "Seed first for the same number each run."  # comments on the right side aside
    assert header.prompt == WRONG_PROMPT  # "the fixed version" names no step: asked as before


def test_a_way_for_each_case_is_what_to_do_not_why_it_is_a_mistake():
    body = """
        ## Common Mistakes

        **Mistake: walking the tree the wrong way**
        ```python
        # Check every child is visited before its parent is summed
        # Iterative: push children first; Recursive: sum after the calls return
        ```

        - **Sharing one cache between tests**: a value one test stored decides what the next one sees.
        """
    walking, sharing = mistakes.derive(parse(body))[0]
    assert walking.prompt == "Common mistake: walking the tree the wrong way. What should you do instead?"
    assert walking.answer == ("Check every child is visited before its parent is summed. Iterative: push children "
                              "first; Recursive: sum after the calls return.")
    assert sharing.prompt == "Common mistake: sharing one cache between tests. Why is it a mistake?"


def test_a_takeaway_asked_as_a_contrast_is_not_also_a_cloze():
    from recall.derive import derive

    body = """
        ## Key Takeaways

        - `append()` adds one item; `extend()` adds every item of an iterable
        - Use **sets** for fast membership tests
        """
    made = derive(parse(body))[0]
    assert [c.source for c in made if c.source in ("contrast", "takeaway")] == ["contrast", "takeaway"]
    assert not any(c.source == "takeaway" and "extend" in c.prompt + c.answer for c in made)


def test_a_mistake_of_taking_one_thing_for_another_asks_what_tells_them_apart():
    parsed = parse("## Common Mistakes\n\n**Confusing (x, y) with (row, col):** pixel access is img[row, col], "
                   "so y comes first.\n")
    (card,) = mistakes.derive(parsed)[0]
    assert card.prompt == "Common mistake: confusing (x, y) with (row, col). What tells them apart?"
    assert card.answer == "Pixel access is img[row, col], so y comes first."  # a sentence of its own


def test_a_mistake_answer_that_starts_with_code_keeps_its_case():
    parsed = parse("## Common Mistakes\n\n**Modifying a view instead of a copy:** `roi = img[0:2]` is a view, "
                   "so changes to roi change img.\n")
    (card,) = mistakes.derive(parsed)[0]
    assert card.answer.startswith("roi = img[0:2] is a view")


def test_a_fix_too_short_to_tell_anything_is_no_explanation():
    parsed = parse("## Common Mistakes\n\n**Singletons with mutable state:** one part of the code changes it and "
                   "every other part sees the change. Use carefully.\n")
    (card,) = mistakes.derive(parsed)[0]
    assert card.answer.startswith("One part of the code changes it") and card.explanation == ""


def test_code_that_its_comments_call_the_remedy_is_not_shown_as_the_mistake():
    parsed = parse("## Common Mistakes\n\n**Over-engineering with patterns:**\n```python\n"
                   "# Don't create a factory for one class\n# Just instantiate it directly!\n"
                   "obj = MyClass()  # Good enough\n```\n")
    assert not [c for c in mistakes.derive(parsed)[0] if c.prompt == WRONG_PROMPT]
    wrong = parse("## Common Mistakes\n\n**Looping by index:**\n```python\n# Bad: not recommended\n"
                  "for i in range(len(names)):\n    print(names[i])\n```\n")
    assert [c.code for c in mistakes.derive(wrong)[0]] == ["for i in range(len(names)):\n    print(names[i])"]


def test_a_bad_marker_that_says_what_goes_wrong_joins_the_mistakes_name():
    body = '''
    ## Common Mistakes

    **Leaving the socket open:**
    ```python
    # Bad — the socket leaks when send raises
    s = socket.create_connection(("example.org", 80))
    s.send(b"ping")
    s.close()

    # Good — closed on every way out
    with socket.create_connection(("example.org", 80)) as s:
        s.send(b"ping")
    ```

    **Popping from the front of a list:**
    ```python
    # Slow: O(n) per pop
    jobs.pop(0)
    ```

    **Copying by assignment:**
    ```python
    # Wrong: shared
    b = a
    ```
    '''
    leaking, popping, copying = mistakes.derive(parse(body))[0]
    assert leaking.prompt == WRONG_PROMPT
    assert leaking.answer == "Leaving the socket open: the socket leaks when send raises."
    assert "leaks" not in leaking.explanation and leaking.explanation.startswith("Instead:")
    assert popping.answer == "Popping from the front of a list: O(n) per pop."  # its case kept
    assert copying.answer == "Copying by assignment"  # one word says too little to add


def test_a_comment_joins_the_mistakes_name_only_when_it_says_what_goes_wrong():
    body = '''
    ## Common Mistakes

    **Catching everything:**
    ```python
    # Wrong: use specific exception types instead of this
    try:
        risky()
    except Exception:
        pass
    ```

    **Loading it all:**
    ```python
    # Bad - this approach has a real problem:
    rows = open("big.csv").read().split("\\n")
    ```

    **Don't compare to None with ==:**
    ```python
    # Mistake - this asks the object, which may say anything
    if value == None:
        pass
    ```
    '''
    catching, loading, comparing = mistakes.derive(parse(body))[0]
    assert catching.answer == "Catching everything"  # an order is no reason
    assert loading.answer == "Loading it all"  # a lead-in is none either
    assert comparing.answer == ("Don't compare to None with ==: this asks the object, which may say anything.")


def test_advice_is_asked_as_what_to_do_and_an_explanation_that_adds_nothing_goes():
    from recall.derive import derive

    body = """
        ## Common Mistakes

        **Hardcoding every setting:** Use a config file, so a change needs no release.

        **Bare except:**
        ```python
        try:
            risky()
        except:  # Bad: catches KeyboardInterrupt and SystemExit too
            pass  # Never do this
        ```
        """
    made = {c.line: c for c in derive(parse(body))[0] if c.source == "mistake"}
    advice, bare = made.values()
    assert advice.prompt == "Common mistake: hardcoding every setting. What should you do instead?"
    assert advice.answer == "Use a config file, so a change needs no release."
    assert bare.prompt == WRONG_PROMPT and "KeyboardInterrupt" in bare.answer
    assert bare.explanation == ""  # "Never do this." says nothing the answer does not


def test_a_title_that_already_answers_the_question_is_cut_or_makes_no_card():
    from recall.derive import derive

    body = """
        ## Common Mistakes

        **Tuning the model before cleaning the data:** Start with clean rows, then tune.

        **A shared cache with no size limit can cause memory errors:** Every key ever asked stays in it for good.
        """
    made = [c for c in derive(parse(body))[0] if c.source == "mistake"]
    assert [c.prompt for c in made] == ["Common mistake: a shared cache with no size limit. Why is it a mistake?"]
    assert made[0].answer == "Every key ever asked stays in it for good."


def test_a_bad_comment_that_only_names_the_call_adds_nothing_and_an_exclamation_reads_on():
    body = '''
    ## Common Mistakes

    **Forgetting to call the function inside the wrapper:**
    ```python
    def logged(func):
        def wrapper(*args, **kwargs):
            print("calling")  # Bad: forgot to call func(*args, **kwargs)!
        return wrapper
    ```

    **Keeping the result of an in-place sort:**
    ```python
    ranks = [3, 1, 2]
    ranks = ranks.sort()  # returns None! ranks is gone
    # Use sorted(ranks) for a new list
    ```
    '''
    calling, keeping = mistakes.derive(parse(body))[0]
    assert calling.answer == "Forgetting to call the function inside the wrapper"
    assert keeping.answer == "Keeping the result of an in-place sort: returns None; ranks is gone."


@pytest.mark.parametrize(("why", "answer"), [
    ("Asyncio lets you wait on many sockets at once, on a single thread, without locks.",
     "Wait on many sockets at once, on a single thread, without locks."),
    ("Context managers let you open a file, use it, and close it even when an error strikes.",
     "Open a file, use it, and close it even when an error strikes."),
    ("Type hints help you catch bugs early.", "Catch bugs early."),
    ("Generators let you stream a file that would never fit in memory!",
     "Stream a file that would never fit in memory!"),
])
def test_a_short_answer_or_one_with_commas_is_still_the_one_answer(why, answer):
    (card,) = purpose.derive(parse("## Part\n\nText.\n", title="Logging", extra=f'why: "{why}"'))[0]
    assert card.answer == answer


#: a mistake whose code a code card asks about too (its output comment says what the print gives)
SORT_MISTAKE = """
    ## Common Mistakes

    **Expecting sort() to hand back the list:**
    ```python
    letters = ["b", "a"]
    # Wrong: sort() sorts in place and returns None
    result = letters.sort()
    print(result)  # None
    ```
    """


def test_a_mistake_whose_code_a_code_card_asks_about_is_not_asked_twice():
    from recall.derive import derive

    body = SORT_MISTAKE
    made = derive(parse(body))[0]
    assert [(c.source, c.answer) for c in made] == [("code", "None")]  # running it shows what is wrong
    alone = body.replace("print(result)  # None", "print(result)")
    assert [c.source for c in derive(parse(alone))[0]] == ["mistake"]  # no code card: the mistake card stays


def test_code_that_only_binds_values_shows_no_mistake_so_the_better_way_is_asked():
    from recall.derive import derive

    body = """
        ## Common Mistakes

        **Settings scattered as loose names:**
        ```python
        # Bad — nothing groups them
        width = 80
        colour = "blue"

        # Good — keep them in one dataclass
        @dataclass
        class Settings:
            width: int = 80
            colour: str = "blue"
        ```
        """
    (card,) = [c for c in derive(parse(body))[0] if c.source == "mistake"]
    assert card.prompt == "Common mistake: settings scattered as loose names. What should you do instead?"
    assert card.answer == "Keep them in one dataclass." and card.explanation.startswith("@dataclass")
    unnamed = body.replace("# Good — keep them in one dataclass", "# Good")
    (asked,) = [c for c in derive(parse(unnamed))[0] if c.source == "mistake"]
    assert asked.prompt == WRONG_PROMPT  # nothing says what to do instead: what is wrong is asked, as before


def test_mistake_rules_leave_alone_what_they_are_not_about():
    """Counter-examples to the rules on mistake titles and code (each once made a worse card or none)."""
    from recall.derive import derive

    body = """
        ## Common Mistakes

        **Forgetting the comma of a one-item tuple:**
        ```python
        # Wrong: this is only a number in brackets
        single = (7)
        # Right
        single = (7,)
        ```

        **Shadowing a built-in name:**
        ```python
        # Bad
        list = [1, 2, 3]
        # Good
        numbers = [1, 2, 3]
        ```

        **Line breaks inside f-string expressions:** They are a SyntaxError before Python 3.12.

        **Reading a key before checking it exists:** Use `d.get(key, default)` instead of `d[key]`.
        """
    made = {c.line: c for c in derive(parse(body))[0] if c.source == "mistake"}
    tuple_card, shadow, breaks, reading = made.values()
    assert tuple_card.prompt == WRONG_PROMPT and "only a number in brackets" in tuple_card.answer
    assert shadow.prompt == WRONG_PROMPT and shadow.answer == "Shadowing a built-in name"
    assert breaks.prompt == "Common mistake: line breaks inside f-string expressions. Why is it a mistake?"
    assert reading.prompt.endswith("What should you do instead?") and "d.get" in reading.answer


def test_a_mistake_card_waits_for_the_run_when_code_is_checked_later():
    from recall.derive import derive

    body = SORT_MISTAKE
    # the run may make no card of its own (a module missing, output that varies): the mistake card stays till then
    assert [c.source for c in derive(parse(body), run_later=True)[0]] == ["mistake", "code"]
    (card,) = derive(parse(body))[0]
    assert card.source == "code" and card.explanation.startswith("Expecting sort() to hand back the list")
