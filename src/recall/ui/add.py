"""The interactive form of `recall add`: deck, kind of card, fields, preview, confirm.

Each field is checked when Enter hands it in, and the form stays on it until it reads
right: nothing typed is lost to a check at the end. Text that may run over several lines
is handed in with Enter like the rest (Ctrl-J or Alt-Enter starts a new line, a paste
keeps its lines); code takes Enter as a new line, with no indentation copied from the
line above, and is finished by Enter on an empty line, as at Python's prompt.
Esc, Ctrl-C and Ctrl-D cancel the card being written. As in review, the terminal stays in
raw mode from the first question to the last (``held``), so keys typed while a field is
checked or the next question is made ready reach that question as typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from rich.console import Console
from rich.text import Text

from recall.lessons.authored import Authored, cloze_cards
from recall.ui.card import Code
from recall.ui.prompts import ESC_WAIT, event_loop
from recall.ui.safe import visible
from recall.ui.stop import Stop

KINDS = {
    "Question and answer": "flip",
    "Cloze (fill in the gap)": "cloze",
    "Multiple choice": "choice",
    "Predict the output of code": "typed",
}
NEW_DECK = "+ a new deck…"
LINES = "(Enter when done · Ctrl-J: new line)"
CODE = "(Enter on an empty line when done)"
TYPED_QUESTION = "What does this code print?"
INPUT = "\n>"  # what the typed text follows

#: what is wrong with a card as far as it is filled in (None: nothing)
Check = Callable[[Authored], "str | None"]


@contextmanager
def held() -> Iterator[None]:
    """The terminal in raw mode for the block: between two questions its line mode would echo keys
    typed ahead and turn Enter into Ctrl-J, a new line in a text of several lines."""
    from prompt_toolkit.input import create_input

    with create_input().raw_mode():
        yield


def choose_deck(decks: dict[str, tuple[object, str]], new_deck_problem: Callable[[str], str | None]
                ) -> tuple[str, str | None]:
    """(deck id, title if it is to be created)."""
    import questionary

    choices = [questionary.Choice(visible(f"{deck_id}  ({title})"), deck_id)
               for deck_id, (_, title) in sorted(decks.items())]
    choices.append(questionary.Choice(NEW_DECK, NEW_DECK))
    picked = ask(questionary.select("Which deck?", choices=choices, use_jk_keys=False))
    if picked != NEW_DECK:
        return picked, None
    deck_id = line("New deck id (like 08-testing):", lambda t: new_deck_problem(t.strip()))
    title = line("Its title:", lambda t: None if t.strip() else "give the deck a title")
    return deck_id, title


def fill_card(check: Check) -> Authored:
    """One card, each field checked with ``check`` (the card as far as it is filled in) when handed in."""
    import questionary

    form = KINDS[ask(questionary.select("What kind of card?", choices=list(KINDS), use_jk_keys=False))]
    if form == "cloze":
        text = line("Text, with each hidden part in {{double braces}}:",
                    lambda t: check(Authored(0, "cloze", t.strip(), "")))
        return _explained(Authored(0, "cloze", text, ""), check)
    if form == "typed":
        code = lines("Code:", lambda t: check(Authored(0, "typed", TYPED_QUESTION, "?", code=t.strip("\n"))),
                     code=True).strip("\n")
        output = lines("What it prints:", lambda t: check(Authored(0, "typed", TYPED_QUESTION, t.strip("\n"),
                                                                   code=code))).strip("\n")
        question = line("Question:", lambda t: check(Authored(0, "typed", t.strip(), output, code=code)),
                        default=TYPED_QUESTION)
        return _explained(Authored(0, "typed", question, output, code=code), check)
    if form == "flip":
        question = line("Question:", lambda t: check(Authored(0, "flip", t.strip(), "?")))
        answer = lines("Answer:", lambda t: check(Authored(0, "flip", question, t.strip())))
        return _explained(Authored(0, "flip", question, answer), check)
    question = line("Question:", lambda t: check(Authored(0, "choice", t.strip(), "?", ("?", "!"))))
    options: list[str] = []
    while True:
        done = len(options) >= 2

        def option_problem(t: str, done: bool = done) -> str | None:
            if not t.strip():
                return None if done else "a choice card needs two options at least"
            if t.strip().casefold() in {o.casefold() for o in options}:
                return f"'{t.strip()}' is an option already"
            return check(Authored(0, "choice", question, t.strip(), (*options, t.strip())))

        option = line(f"Option {len(options) + 1}{' (empty when done)' if done else ''}:", option_problem)
        if not option:
            break
        options.append(option)
    correct = ask(questionary.select("Which option is correct?", choices=[questionary.Choice(visible(o), o)
                                                                          for o in options], use_jk_keys=False))
    return _explained(Authored(0, "choice", question, correct, tuple(options)), check)


def _explained(card: Authored, check: Check) -> Authored:
    from dataclasses import replace

    explanation = lines("Explanation (optional):",
                        lambda t: check(replace(card, explanation=t.strip())))
    return replace(card, explanation=explanation)


def line(message: str, problem: Callable[[str], str | None], default: str = "") -> str:
    """One line of text, handed in with Enter once ``problem`` finds nothing wrong with it."""
    import questionary

    # the text goes on a line of its own: a question too long for the terminal is wrapped above it
    return ask(questionary.text(message, instruction=INPUT, default=default,
                                validate=lambda t: problem(t) or True)).strip()


def lines(message: str, problem: Callable[[str], str | None], code: bool = False) -> str:
    """Text that may run over several lines (see the module's docstring for the keys)."""
    import questionary

    question = questionary.text(message, multiline=True, instruction=(CODE if code else LINES) + INPUT,
                                validate=lambda t: problem(t) or True)
    text = ask(question, _code_keys() if code else _lines_keys())
    return text.strip("\n") if code else text.strip()


def _lines_keys() -> KeyBindings:
    keys = KeyBindings()

    @keys.add("enter")
    def _(event: KeyPressEvent) -> None:
        event.current_buffer.validate_and_handle()

    @keys.add("c-j")
    @keys.add("escape", "enter")
    def _(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text("\n")

    return keys


def _code_keys() -> KeyBindings:
    keys = KeyBindings()

    @keys.add("enter")
    def _(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if buffer.document.is_cursor_at_the_end and not buffer.document.current_line.strip():
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")  # the next line starts at column 0: pasted code keeps its own indentation

    @keys.add("tab")
    def _(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text("    ")

    return keys


def draw_preview(card: Authored, console: Console) -> None:
    """The card as review will ask it."""
    console.rule(Text("Preview", style="dim"), align="left", style="dim")
    prompts = cloze_cards(card) if card.form == "cloze" else [(card.question, card.answer)]
    for prompt, answer in prompts:
        console.print(Text(visible(prompt)))
        if card.code:
            console.print(Code(visible(card.code)))
        if card.form == "choice":
            for n, option in enumerate(card.choices, 1):
                console.print(Text(f"  {n}) {visible(option)}"))
        shown = Text(visible(answer), style="bold")
        console.print(Text("Answer:", style="dim") + ("\n" if "\n" in answer else " ") + shown)
        if card.explanation:
            console.print(Text(visible(card.explanation), style="dim"))
        console.print()


def confirm(message: str, default: bool) -> bool:
    import questionary

    return bool(ask(questionary.confirm(message, default=default)))


def ask(question, keys: KeyBindings | None = None):
    """Ask a questionary question; Esc, Ctrl-C, Ctrl-D and a closed terminal raise Stop."""
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, *([keys] if keys else []), _stop_keys()])
    app.ttimeoutlen, app.timeoutlen = ESC_WAIT
    try:
        answer = event_loop().run_until_complete(question.unsafe_ask_async())
    except (KeyboardInterrupt, EOFError, OSError):
        raise Stop from None
    if answer is None:
        raise Stop
    return answer


def _stop_keys() -> KeyBindings:
    keys = KeyBindings()

    @keys.add("c-d", eager=True)
    @keys.add("c-c", eager=True)
    @keys.add("<sigint>", eager=True)
    @keys.add("escape")  # not eager: Esc then Enter is Alt-Enter, a new line
    def _(event: KeyPressEvent) -> None:
        event.app.exit(exception=Stop())

    return keys
