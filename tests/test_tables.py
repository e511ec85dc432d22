"""Table cards: each column asked the way it allows, wrong options that are plainly wrong."""

from __future__ import annotations

from conftest import lesson
from recall.derive import lint, tables
from recall.derive.distractors import plainly_wrong
from recall.lessons import parse_lesson


def parse(body: str, **kw):
    return parse_lesson(lesson(body, **kw), "decks/x.md")


SERVERS = """
    ## Picking a Server

    | Workload | Server | Why |
    |----------|--------|-----|
    | Many slow clients | asyncio or threads | Waiting is cheap in both |
    | A few blocking calls | threads | The GIL is released while blocked |
    | Heavy number crunching | processes | Each has its own interpreter |
    | Quick scripts | ThreadPoolExecutor | Pooling with no boilerplate |
    | Batch jobs at night | cron | The system runs it on a timer |
    """


def by_prompt(parsed):
    return {c.prompt: c for c in tables.cards(parsed)}


def test_wrong_options_are_plainly_wrong_or_the_card_is_a_flip():
    cards = by_prompt(parse(SERVERS))
    crunching = cards["Workload: Heavy number crunching. Server?"]
    assert crunching.form == "choice" and crunching.answer == "processes"
    assert set(crunching.choices) == {"processes", "asyncio or threads", "threads", "ThreadPoolExecutor", "cron"}
    assert crunching.explanation == "Why: Each has its own interpreter"
    # "threads" is part of "asyncio or threads", and "ThreadPoolExecutor" is threads too: neither is offered
    slow = cards["Workload: Many slow clients. Server?"]
    assert set(slow.choices) == {"asyncio or threads", "processes", "cron"}
    blocking = cards["Workload: A few blocking calls. Server?"]
    assert set(blocking.choices) == {"threads", "processes", "cron"}
    assert all(len(c.choices) >= 3 for c in cards.values() if c.form == "choice")


def test_overlapping_cells_are_reported():
    (problem,) = lint(parse(SERVERS))
    assert str(problem) == ("decks/x.md:8: warning: table cells overlap in column 'Server': 'threads' is part of "
                            "'asyncio or threads' (neither is offered as a wrong option beside the other)")


def test_fewer_than_three_options_makes_a_flip_not_a_coin_flip():
    body = """
        ## Loops

        | Need | Loop | Why |
        |------|------|-----|
        | Known count | for | It counts for you |
        | Until a condition | while | It tests before each pass |
        | Over pairs | for with zip() | zip pairs the items up |
        """
    cards = by_prompt(parse(body))
    assert cards["Need: Known count. Loop?"].form == "flip"  # "for with zip()" holds "for": not plainly wrong
    assert cards["Need: Until a condition. Loop?"].form == "choice"


def test_a_column_of_two_answers_becomes_one_card_that_sorts_the_rows():
    body = """
        ## Lists or Tuples

        | Data | Type | Why |
        |------|------|-----|
        | Shopping basket | list | Items come and go |
        | A point on a map | tuple | Two fixed numbers |
        | Queue of jobs | list | It grows and shrinks |
        """
    (card,) = tables.cards(parse(body))
    assert card.form == "flip"
    assert card.prompt == "Type: list or tuple? For each data:\n- Shopping basket\n- A point on a map\n- Queue of jobs"
    assert card.answer == "Shopping basket: list\nA point on a map: tuple\nQueue of jobs: list"
    assert card.explanation.startswith("Shopping basket: Why: Items come and go")


def test_a_column_of_descriptions_asks_each_keys_description():
    body = """
        ## Escapes

        | Escape | Meaning |
        |--------|---------|
        | `\\n` | A new line in the printed text |
        | `\\t` | A tab that lines columns up |
        | `\\\\` | One backslash, printed as itself |
        | `\\T` | A tab that lines columns up |
        """
    cards = {c.prompt: c for c in tables.cards(parse(body))}
    newline = cards["Escape: “\\n”. Meaning?"]  # code made of symbols is quoted
    assert newline.answer == "A new line in the printed text"
    assert set(newline.choices) == {"A new line in the printed text", "A tab that lines columns up",
                                    "One backslash, printed as itself"}
    # two keys share a description: asked from the key, each has one right answer
    assert cards["Escape: “\\T”. Meaning?"].answer == "A tab that lines columns up"


def test_a_key_of_symbols_is_quoted():
    body = """
        ## Anchors

        | Pattern | Matches |
        |---------|---------|
        | `.` | One character of any kind but a line break |
        | `^` | The start of the text |
        | `$` | The end of the text |
        | `len()` | Nothing: it is a function |
        """
    prompts = {c.prompt for c in tables.cards(parse(body))}
    # "Pattern: . Matches?" reads as the prompt's own punctuation; a name with letters needs no marks
    assert {"Pattern: “.”. Matches?", "Pattern: “^”. Matches?", "Pattern: len(). Matches?"} <= prompts


def test_a_description_that_fits_two_keys_is_never_asked_for_a_key():
    """ "Any whitespace: which pattern?" would mark `.` and `\\D` wrong, and both match a space."""
    body = """
        ## Classes

        | Pattern | Matches |
        |---------|---------|
        | `\\d` | Any digit (0-9) |
        | `\\D` | Any non-digit |
        | `\\s` | Any whitespace (space, tab, newline) |
        | `.` | Any character except a newline |
        """
    cards = tables.cards(parse(body))
    assert all(c.prompt.startswith("Pattern: ") and c.prompt.endswith(" Matches?") for c in cards) and cards
    space = next(c for c in cards if c.prompt == "Pattern: “\\s”. Matches?")
    assert space.answer == "Any whitespace (space, tab, newline)" and "\\D" not in space.choices


def test_a_row_that_says_what_the_asked_row_says_is_no_wrong_option():
    body = """
        ## Doubles

        | Double | Does |
        |--------|------|
        | Stub | Returns canned answers |
        | Mock | Records calls for verification |
        | Spy | Wraps a real object and records its calls |
        | Fake | Works, with a shortcut inside |
        | Dummy | Fills a parameter, never used |
        """
    mock = next(c for c in tables.cards(parse(body)) if c.prompt == "Double: Mock. Does?")
    assert "Wraps a real object and records its calls" not in mock.choices  # says what Mock does, too
    assert set(mock.choices) == {"Records calls for verification", "Returns canned answers",
                                 "Works, with a shortcut inside", "Fills a parameter, never used"}


def test_a_table_comparing_two_things_asks_how_they_differ():
    body = """
        ## Arrays and Heaps

        | Operation | Array | Heap |
        |-----------|-------|------|
        | Find the smallest | O(n) | O(1) |
        | Insert | O(1) | O(log n) |
        | Sorted order | no | no |
        """
    cards = tables.cards(parse(body, title="Arrays and Heaps", concepts=["array", "heap"]))
    assert [(c.source, c.prompt, c.answer) for c in cards] == [
        ("contrast", "Find the smallest: Array vs Heap?", "Array: O(n)\nHeap: O(1)"),
        ("contrast", "Insert: Array vs Heap?", "Array: O(1)\nHeap: O(log n)"),
    ]


def test_one_full_stop_at_the_end_of_a_key():
    body = """
        ## Files

        | Need | Use |
        |------|-----|
        | Stream a HUGE log. | a for loop over the file |
        | Load a small config | read() |
        | Grab the first line! | readline() |
        """
    prompts = [c.prompt for c in tables.cards(parse(body))]
    assert "Need: Stream a HUGE log. Use?" in prompts and "Need: Grab the first line. Use?" in prompts
    assert not any(".." in p for p in prompts)


def test_a_table_with_no_column_to_ask_about_warns():
    parsed = parse("## T\n\n| A | B |\n|---|---|\n| x | same |\n| y | same |\n")
    assert tables.cards(parsed) == []
    assert "no column of short answers" in lint(parsed)[0].message


def test_plainly_wrong():
    assert plainly_wrong("O(1)", "O(n)") and not plainly_wrong("O(1)", "O(1) amortized")
    assert not plainly_wrong("asyncio or threading", "threading")
    assert not plainly_wrong("threading", "ThreadPoolExecutor")
    assert not plainly_wrong("O(n)", "Contiguous")  # another shape: another question's answer
    assert plainly_wrong(r"\d", r"\D") and plainly_wrong('"r"', '"r+"')
    assert plainly_wrong("200", "404") and not plainly_wrong("200", "OK")


def test_an_answer_that_repeats_its_key_is_not_asked():
    body = """
        ## Verbs

        | Verb | Meaning |
        |------|---------|
        | DELETE | Deleted, nothing to return |
        | POST | Created a new resource |
        | GET | Here is the data |
        """
    assert [c.prompt for c in tables.cards(parse(body))] == ["Verb: POST. Meaning?", "Verb: GET. Meaning?"]


def test_an_example_column_explains_and_is_never_asked():
    body = """
        ## Verbs

        | Verb | Purpose | Example |
        |------|---------|---------|
        | GET | Read data | Loading a page |
        | PUT | Replace data | Updating a profile |
        | PATCH | Change some fields | Updating a profile's e-mail |
        """
    cards = tables.cards(parse(body))
    assert [c.prompt for c in cards] == ["Verb: GET. Purpose?", "Verb: PUT. Purpose?", "Verb: PATCH. Purpose?"]
    assert cards[1].explanation == "Example: Updating a profile"


def test_no_wrong_option_that_is_true_of_the_key_as_a_part_of_its_answer():
    """ "`naturals` keeps even integers" is true; so is "`nonzero` keeps primes"."""
    body = """
        ## Filters

        | Filter | Keeps |
        |--------|-------|
        | `evens` | Even integers |
        | `nonzero` | Anything except zero |
        | `naturals` | Whole counts (even, odd, zero) |
        | `primes` | Primes only |
        | `positive` | Anything but negatives |
        | `notten` | Values not equal to ten |
        """
    cards = by_prompt(parse(body))
    nonzero = cards["Filter: nonzero. Keeps?"]
    assert nonzero.answer == "Anything except zero"
    assert not {"Even integers", "Primes only", "Whole counts (even, odd, zero)"} & set(nonzero.choices)
    naturals = cards["Filter: naturals. Keeps?"].choices
    assert "Even integers" not in naturals and "Primes only" in naturals


def test_rows_of_another_kind_than_the_keys_above_them_are_not_asked():
    body = """
        ## Shell Variables

        | Variable | Set by | Holds |
        |----------|--------|-------|
        | HOME | login | Your home folder |
        | PATH | profile | Folders searched for commands |
        | SHELL | login | The shell you log in to |
        | PWD | cd | The folder you are in |
        | Anything else | you | Whatever you export |
        """
    cards = by_prompt(parse(body))
    assert "Variable: PATH. Holds?" in cards
    assert not any("Anything else" in prompt for prompt in cards)
    assert "Whatever you export" not in cards["Variable: PATH. Holds?"].choices  # nor offered as an option


def test_a_name_starting_non_is_no_exclusion_and_keys_of_two_capital_words_are_asked():
    body = """
        ## Servers

        | Server | Good for |
        |--------|----------|
        | asyncio | Non-blocking network I/O with many open sockets |
        | threads | Blocking calls that release the GIL |
        | processes | Number crunching on every core |
        | cron | Jobs that run on a timer |
        """
    assert "Server: asyncio. Good for?" in by_prompt(parse(body))
    clauses = """
        ## Clauses

        | Clause | Does |
        |--------|------|
        | SELECT | Picks the columns |
        | WHERE | Filters the rows |
        | GROUP BY | Gathers rows that share a value |
        | ORDER BY | Sorts what comes out |
        """
    assert "Clause: GROUP BY. Does?" in by_prompt(parse(clauses))


def test_a_column_of_numbers_two_rows_share_is_not_asked():
    """Two rows with port 80 say the column is a convention: another row's port may be right too."""
    body = """
        ## Ports

        | Service | Port | Carries |
        |---------|------|---------|
        | HTTP | 80 | Plain web pages |
        | WS | 80 | Web sockets before the upgrade |
        | HTTPS | 443 | Encrypted web pages |
        | SSH | 22 | Remote shells |
        """
    prompts = set(by_prompt(parse(body)))
    assert not any(p.endswith("Port?") for p in prompts) and "Service: SSH. Carries?" in prompts


def test_rows_whose_keys_name_a_kind_of_one_another_are_no_wrong_options_for_each_other():
    body = """
        ## Picking a Container

        | Container | Reach for it when |
        |-----------|-------------------|
        | Heap | You need the smallest item again and again |
        | Min Heap | You merge sorted streams one item at a time |
        | Set | You test membership many times |
        | Counter | You tally how often things occur |
        | Tuple | A record must not change |
        """
    cards = by_prompt(parse(body))
    heap = cards["Container: Heap. Reach for it when?"]
    assert "You merge sorted streams one item at a time" not in heap.choices  # a min heap is a heap
    assert len(heap.choices) == 4
    min_heap = cards["Container: Min Heap. Reach for it when?"]
    assert "You need the smallest item again and again" not in min_heap.choices  # true of a min heap too
    assert "You test membership many times" in min_heap.choices


def test_a_header_that_names_a_case_alone_is_asked_as_that_case():
    body = """
        ## Costs

        | Algorithm | Best | Worst | Space |
        |-----------|------|-------|-------|
        | Bubble sort | O(n) | O(n²) | O(1) |
        | Heap sort | O(n log n) | O(n log n) | O(1) |
        | Counting sort | O(n + k) | O(n + k) | O(k) |
        | Selection sort | O(n²) | O(n²) | O(1) |
        """
    prompts = {c.prompt for c in tables.cards(parse(body))}
    assert "Algorithm: Bubble sort. Best case?" in prompts and "Algorithm: Heap sort. Worst case?" in prompts
    assert not any(p.endswith(("Best?", "Worst?")) for p in prompts)


def test_beside_case_columns_a_costlier_space_is_no_wrong_option():
    """Quicksort's O(log n) stack is O(n) in its worst case: beside Best and Worst, a costlier value in a column
    of one cost may be true of the row in another case."""
    body = """
        ## Costs

        | Algorithm | Best | Worst | Space |
        |-----------|------|-------|-------|
        | Tree sort | O(n log n) | O(n^2) | O(n) |
        | Recursive sort | O(n log n) | O(n^2) | O(log n) |
        | Bubble sort | O(n) | O(n^2) | O(1) |
        | Stack sort | O(n^2) | O(n^2) | O(n^2) |
        """
    cards = by_prompt(parse(body))
    assert cards["Algorithm: Recursive sort. Space?"].choices == ()  # only O(1) is cheaper: a flip
    assert set(cards["Algorithm: Stack sort. Space?"].choices) == {"O(n^2)", "O(n)", "O(log n)", "O(1)"}


def test_rows_the_prose_names_in_one_breath_are_no_wrong_options_for_what_each_is_for():
    body = """
        ## Containers

        A deque works as both a stack and a queue.

        | Container | Reach for it when |
        |-----------|-------------------|
        | Stack | You undo the last step first |
        | Queue | You serve requests in arrival order |
        | Deque | You add and remove at both ends |
        | Counter | You tally how often things occur |
        | Tuple | A record must not change |
        """
    cards = by_prompt(parse(body))
    deque = cards["Container: Deque. Reach for it when?"]
    assert not {"You undo the last step first", "You serve requests in arrival order"} & set(deque.choices)
    assert set(deque.choices) == {"You add and remove at both ends", "You tally how often things occur",
                                  "A record must not change"}
    counter = cards["Container: Counter. Reach for it when?"]
    assert "You undo the last step first" in counter.choices  # no sentence names the two together


def test_patterns_and_modes_are_no_kinds_of_one_another_and_a_best_column_of_names_is_no_case():
    body = """
        ## Quantifiers

        | Pattern | Matches |
        |---------|---------|
        | `a*` | Zero or more a's |
        | `a+` | One or more a's |
        | `a?` | Zero or one a |
        | `a{3}` | Exactly three a's |
        """
    quantity = by_prompt(parse(body))["Pattern: a{3}. Matches?"]
    assert len(quantity.choices) == 4  # "a*" is no kind of "a{3}": both are patterns, not names
    picks = """
        ## Picks

        | Task | Best |
        |------|------|
        | Images | A convolutional network |
        | Text | A transformer |
        | Tables | Gradient boosting |
        | Audio | A spectrogram model |
        """
    assert "Task: Images. Best?" in by_prompt(parse(picks))  # not a cost: no "case"


def test_a_key_of_a_letter_or_two_that_the_answer_spells_out_is_not_asked():
    body = """
        ## Modes

        | Mode | Description |
        |------|-------------|
        | `r` | Read only, and the file must exist |
        | `wb` | Write bytes, emptying the file first |
        | `x` | Create the file, failing if it exists |
        | `a` | Add to the end of the file |
        | `t` | Text, the default |
        """
    prompts = set(by_prompt(parse(body)))
    assert prompts == {"Mode: x. Description?"}  # "Create the file" does not start with its letter


def test_a_meaning_column_beside_a_code_says_what_the_code_means_and_is_not_asked_of_the_key():
    body = """
        ## Exit Codes

        | Command | Exit code | Meaning |
        |---------|-----------|---------|
        | true | 0 | Success |
        | false | 1 | General failure |
        | grep, nothing found | 1 | No line matched |
        | kill -9 | 137 | Killed by a signal |
        """
    assert not any(p.endswith("Meaning?") for p in by_prompt(parse(body)))
    two = """
        ## Modes

        | Mode | Meaning |
        |------|---------|
        | append | Add at the end |
        | truncate | Empty the file first |
        | exclusive | Fail if the file exists |
        | update | Read and write |
        """
    assert "Mode: append. Meaning?" in by_prompt(parse(two))  # beside the key, it says what the key means
