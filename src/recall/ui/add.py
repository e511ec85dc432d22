"""The interactive form of `recall add`: deck, kind of card, fields, preview, confirm."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from recall.lessons.authored import Authored, cloze_cards
from recall.ui.prompts import event_loop
from recall.ui.stop import Stop

FORMS = {
    "Question and answer": "flip",
    "Cloze (fill in the gap)": "cloze",
    "Multiple choice": "choice",
    "Predict the output of code": "typed",
}
NEW_DECK = "+ a new deck…"


def choose_deck(decks: dict[str, tuple[object, str]]) -> tuple[str, str | None]:
    """(deck id, title if it is to be created)."""
    import questionary

    choices = [questionary.Choice(f"{deck_id}  ({title})", deck_id) for deck_id, (_, title) in sorted(decks.items())]
    choices.append(questionary.Choice(NEW_DECK, NEW_DECK))
    picked = ask(questionary.select("Which deck?", choices=choices, use_jk_keys=False))
    if picked != NEW_DECK:
        return picked, None
    deck_id = ask(questionary.text("New deck id (like 08-testing):",
                                   validate=lambda t: bool(t.strip()) or "give the deck an id"))
    title = ask(questionary.text("Its title:", validate=lambda t: bool(t.strip()) or "give the deck a title"))
    return deck_id.strip(), title.strip()


def fill_card() -> Authored:
    import questionary

    form = FORMS[ask(questionary.select("What kind of card?", choices=list(FORMS), use_jk_keys=False))]
    required = lambda t: bool(t.strip()) or "this cannot be empty"  # noqa: E731
    if form == "cloze":
        text = ask(questionary.text("Text, with the hidden part in {{double braces}}:",
                                    validate=lambda t: ("{{" in t and "}}" in t) or "mark a gap {{like this}}"))
        return Authored(0, "cloze", text.strip(), "")
    if form == "typed":
        code = ask(questionary.text("Code (Esc then Enter to finish):", multiline=True, validate=required))
        output = ask(questionary.text("What it prints (Esc then Enter to finish):", multiline=True,
                                      validate=required))
        question = ask(questionary.text("Question:", default="What does this code print?", validate=required))
        return Authored(0, "typed", question.strip(), output.strip("\n"), code=code.strip("\n"))
    question = ask(questionary.text("Question:", validate=required))
    if form == "flip":
        answer = ask(questionary.text("Answer:", validate=required))
        return Authored(0, "flip", question.strip(), answer.strip())
    options: list[str] = []
    while True:
        enough = len(options) >= 2
        option = ask(questionary.text(f"Option {len(options) + 1} (empty when done):" if enough
                                      else f"Option {len(options) + 1}:",
                                      validate=lambda t, enough=enough: bool(t.strip()) or enough
                                      or "a choice card needs two options at least"))
        if not option.strip():
            break
        options.append(option.strip())
    correct = ask(questionary.select("Which option is correct?", choices=options, use_jk_keys=False))
    explanation = ask(questionary.text("Explanation shown after answering (optional):"))
    return Authored(0, "choice", question.strip(), correct, tuple(options), explanation.strip())


def preview(card: Authored, console: Console) -> None:
    """The card as review will ask it."""
    from rich.syntax import Syntax

    console.rule(Text("Preview", style="dim"), align="left", style="dim")
    prompts = cloze_cards(card) if card.form == "cloze" else [(card.question, card.answer)]
    for prompt, answer in prompts:
        console.print(Text(prompt))
        if card.code:
            console.print(Syntax(card.code, "python", theme="ansi_dark", background_color="default"))
        if card.form == "choice":
            for n, option in enumerate(card.choices, 1):
                console.print(f"  {n}) {option}")
        console.print(Text("Answer: ", style="dim") + Text(answer, style="bold"))
        if card.explanation:
            console.print(Text(card.explanation, style="dim"))
        console.print()


def ask(question):
    """Ask a questionary question: Ctrl-C, Ctrl-D and a closed terminal raise Stop."""
    from prompt_toolkit.key_binding import merge_key_bindings

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, _stop_keys()])
    try:
        answer = event_loop().run_until_complete(question.unsafe_ask_async())
    except (KeyboardInterrupt, EOFError, OSError):
        raise Stop from None
    if answer is None:
        raise Stop
    return answer


def _stop_keys():
    from prompt_toolkit.key_binding import KeyBindings

    keys = KeyBindings()

    @keys.add("c-d", eager=True)
    def _(event):
        event.app.exit(exception=EOFError())

    @keys.add("c-c", eager=True)
    @keys.add("<sigint>", eager=True)
    def _(event):
        event.app.exit(exception=KeyboardInterrupt())

    return keys


def confirm() -> bool:
    import questionary

    return bool(ask(questionary.confirm("Add this card?", default=True)))
