"""Every key at every kind of prompt, on prompt_toolkit's real key parser (keys in, the screen out through pyte).

The pseudo-terminal tests (test_review_terminal.py) run recall itself; these run the
Prompter alone, so every key can be tried at every prompt in a few milliseconds.
"""

from __future__ import annotations

import pyte
import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from recall.ui.prompts import SEPARATOR, Option, Prompter
from recall.ui.stop import Stop

CHOICES = [Option("tuple", "tuple", "1"), Option("list", "list", "2"), Option("dict", "dict", "3")]
RATINGS = [Option("Again · 1m", 1, "1"), Option("Hard · 6m", 2, "2"), Option("Good · 10m", 3, "3"),
           Option("Easy · 4d", 4, "4"), SEPARATOR, Option("Undo the previous card", "undo", "u"),
           Option("Quit (answers are saved)", "quit", "q")]
QUIT = ["q", "\x1b", "\x03", "\x04", "\x1b\r"]  # q, Esc, Ctrl-C, Ctrl-D, and Esc then Enter


class _Screen:
    """What prompt_toolkit writes, drawn by pyte."""

    encoding = "utf-8"

    def __init__(self):
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.Stream(self.screen)

    def write(self, data: str) -> None:
        self.stream.feed(data)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)


@pytest.fixture
def prompter():
    screen = _Screen()
    with create_pipe_input() as keys:
        asks = Prompter(input=keys, output=Vt100_Output(screen, lambda: Size(rows=24, columns=80), term="xterm"))
        asks.app.ttimeoutlen = asks.app.timeoutlen = 0.02  # a lone Esc is Esc after this long
        asks.keys, asks.screen = keys, screen
        yield asks
        asks.close()


def ask(prompter, kind: str, keys: str):
    prompter.keys.send_text(keys)
    if kind == "reveal":
        return prompter.reveal("Recall the answer, then press any key")
    if kind == "choice":
        return prompter.choose("Your answer:", CHOICES)
    if kind == "rating":
        return prompter.choose("How well did you know it?", RATINGS, default=2)
    return prompter.type_answer("What does it print?")


@pytest.mark.parametrize("kind", ["reveal", "choice", "rating", "typed"])
@pytest.mark.parametrize("key", QUIT)
def test_quit_keys_stop_every_prompt(prompter, kind, key):
    if kind == "typed" and key == "q":
        assert ask(prompter, kind, "q\r") == "q"  # in the text box q is a letter
        return
    if kind == "typed" and key == "\x1b\r":
        assert ask(prompter, kind, "0\x1b\r1\r") == "0\n1"  # and Esc then Enter (Alt-Enter) a new line
        return
    with pytest.raises(Stop):
        ask(prompter, kind, key)


@pytest.mark.parametrize("key", [" ", "x", "7", "\r", "\t", "\x1b[A", "\x1b[B", "\x1bOP", "\x1b[200~hi\x1b[201~"])
def test_any_other_key_reveals(prompter, key):
    assert ask(prompter, "reveal", key) is None


@pytest.mark.parametrize("keys, picked", [
    ("2", "list"),  # a digit answers at once
    ("\r3", "dict"),  # Enter with nothing highlighted does not answer
    (" x!\x1b[C2", "list"),  # nor do Space, letters or other keys
    ("\x1b[B\r", "tuple"),  # ↓ highlights the first option
    ("\x1b[A\r", "dict"),  # ↑ the last
    ("\x1b[B\x1b[B\x1b[B\x1b[B\r", "tuple"),  # and round again
    ("\x1b[B ", "tuple"),  # Space takes the highlighted option, like Enter
])
def test_choice_keys(prompter, keys, picked):
    assert ask(prompter, "choice", keys) == picked


def test_choice_says_why_a_key_did_nothing(prompter):
    prompter.keys.send_text("\r")
    prompter.app.after_render += lambda app: prompter.keys.send_text("1") if "Nothing" in prompter.screen.text \
        else None
    assert prompter.choose("Your answer:", CHOICES) == "tuple"
    assert "»" not in prompter.screen.text  # nothing was ever highlighted


@pytest.mark.parametrize("keys, picked", [
    ("\r", 3), (" ", 3),  # Enter and Space take the default
    ("1", 1), ("2", 2), ("4", 4), ("u", "undo"),  # one key rates
    ("x\r", 3), ("\x1b[A\r", 2), ("\x1b[B\x1b[B\r", "undo"),  # arrows skip the gap
])
def test_rating_keys(prompter, keys, picked):
    assert ask(prompter, "rating", keys) == picked


@pytest.mark.parametrize("keys, text", [
    ("7\r", "7"),
    ("\r", ""),
    ("0\n1\r", "0\n1"),  # Ctrl-J: a new line
    ("\x1b[200~0\n1\x1b[201~\r", "0\n1"),  # a pasted answer keeps its lines
    ("ab\x7fc\r", "ac"),  # the line editor's keys work
    ("    x\r", "    x"),
])
def test_text_box_keys(prompter, keys, text):
    assert ask(prompter, "typed", keys) == text


def test_prompts_run_one_after_another_in_one_application(prompter):
    prompter.keys.send_text(" 3\x1b[B\r7\r")  # typed ahead: each prompt reads its own keys
    assert prompter.reveal("any key") is None
    assert prompter.choose("How well?", RATINGS, default=2) == 3
    assert prompter.choose("Your answer:", CHOICES) == "tuple"
    assert prompter.type_answer("What does it print?") == "7"


def test_choice_options_come_in_a_new_order_each_time_the_card_is_shown():
    from datetime import UTC, datetime, timedelta

    from recall.model import CardView
    from recall.ui.review import shuffled

    view = CardView("c1", "l", "L", "table", "choice", "Which?", "b", ("a", "b", "c", "d"), "", "", "S", "f", 1)
    start = datetime(2026, 3, 1, 12, tzinfo=UTC)
    orders = [tuple(shuffled(view, start + timedelta(minutes=m))) for m in range(12)]
    assert all(sorted(order) == ["a", "b", "c", "d"] for order in orders)
    assert len(set(orders)) >= 4 and len({order.index("b") for order in orders}) >= 3
    assert shuffled(view, start) == shuffled(view, start)  # the clock decides: a test sees the same order


@pytest.mark.parametrize("kind, keys", [("reveal", " "), ("choice", "1"), ("rating", "3"), ("typed", "7\r")])
def test_each_prompt_runs_its_idle_work_once_it_is_drawn(prompter, kind, keys):
    ran: list[str] = []

    def idle() -> None:  # what the review does ahead while the learner reads; here it also answers
        ran.append(prompter.screen.text)
        prompter.keys.send_text(keys)

    ask_with = {"reveal": lambda: prompter.reveal("Recall it", idle=idle),
                "choice": lambda: prompter.choose("Your answer:", CHOICES, idle=idle),
                "rating": lambda: prompter.choose("How well?", RATINGS, default=2, idle=idle),
                "typed": lambda: prompter.type_answer("What does it print?", idle=idle)}
    ask_with[kind]()
    assert len(ran) == 1 and ran[0].strip()  # it ran once, with the prompt on screen


def test_the_heading_leaves_out_a_section_title_that_is_the_answer():
    """ "Which idea does this describe?" under "Basics › Gravity" would show its answer above it."""
    from rich.console import Console

    from recall.model import CardView
    from recall.ui.card import heading

    def rule(form: str, answer: str, section: str, prompt: str = "Which idea does this describe?",
             source: str = "concept") -> str:
        view = CardView("c1", "l", "Basics", source, form, prompt, answer,
                        ("drag", "gravity", "lift"), "", "", section, "f", 1)
        console = Console(width=60, record=True, color_system=None)
        console.print(*heading(view, 1, (1, 0, 0), None, 8))
        return console.export_text().splitlines()[0]

    assert "Basics" in rule("choice", "gravity", "Gravity") and "›" not in rule("choice", "gravity", "Gravity")
    assert "Basics › Forces" in rule("choice", "gravity", "Forces")
    assert "Basics › Gravity" in rule("flip", "A constant pull downwards.", "Gravity")
    # a concept flip's answer word that neither its prompt nor the lesson's title says, in the title above it
    assert "›" not in rule("flip", "The pull that drags every body downwards.", "Gravity drags", "Explain: gravity")
    assert "Basics › Gravity basics" in rule("flip", "Basics of the pull downwards.", "Gravity basics",
                                             "Explain: gravity")  # the lesson's title says it already
    assert "Basics › List methods" in rule("flip", "Adds x at the end of the list.", "List methods",
                                           "Method: append. Effect?", "table")  # only a concept's flip
    assert "›" not in rule("flip", "Forces move things.", "Basics")  # the lesson's own title: said once
    assert "›" not in rule("cloze", "slice", "Slicing", "A(n) [...] takes part of a list")  # another form of it
    assert "Basics › Slicing lists" in rule("cloze", "step", "Slicing lists", "The third number is the [...]")
    # a heading that spells out the acronym the concept is asked by gives its definition
    assert "›" not in rule("flip", "Each plate lands above the last one.", "Piles: Newest On Top (NOT)",
                           "Explain: piles (NOT)")
    assert "Basics › Piles (NOT)" in rule("flip", "Each plate lands above the last one.", "Piles (NOT)",
                                          "Explain: piles (NOT)")
    # a heading that glosses the concept before naming it gives the gist away: "Bottom-Up: Tabulation"
    assert "›" not in rule("flip", "Fill a table from the smallest case upwards.", "Smallest First: Stacking",
                           "Explain: stacking")
    assert "›" not in rule("flip", "Each plate goes on the pile.", "Stacking: Smallest First", "Explain: stacking")
    assert "Basics › Step 2: Stacking" in rule("flip", "Each plate goes on the pile.", "Step 2: Stacking",
                                               "Explain: stacking")  # where it is in the course, not what
    assert "Basics › Recap: Stacking" in rule("flip", "Each plate goes on the pile.", "Recap: Stacking",
                                              "Explain: stacking")
    assert "Basics › Stacking: Plates" in rule("flip", "Each plate goes on the pile.", "Stacking: Plates",
                                               "Explain: stacking plates")  # the prompt says all of it
