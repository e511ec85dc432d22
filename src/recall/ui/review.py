"""The review loop in a terminal: rich shows the card, questionary asks.

Every answer is committed by the session before the next card appears, so Ctrl-C,
Ctrl-D or a closed terminal loses at most the card on screen.
"""

from __future__ import annotations

import random
import signal
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from rich.console import Console, Group
from rich.markup import escape
from rich.rule import Rule
from rich.segment import Segments
from rich.syntax import Syntax
from rich.text import Text

from recall.model import CardView
from recall.study.session import Session, Summary
from recall.study.stats import LEECH_LAPSES
from recall.ui.stop import Stop

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}


@dataclass(frozen=True)
class Outcome:
    rating: int
    answer: str | None
    correct: bool | None
    label: str = ""  # the rating as the menu showed it, "Good · 3d"


def warm_up() -> None:
    """Import what answering needs (SQLAlchemy, fsrs) while the learner reads the first card."""

    def load() -> None:
        import recall.study.scheduling  # noqa: F401

    threading.Thread(target=load, daemon=True).start()


def run(session: Session, clock: Callable[[], datetime], console: Console) -> Summary:
    """Show cards until none is left for now or the learner quits; return the summary."""
    first = True
    ahead = Ahead(session, console)
    said: list = []  # what the last answer earned, printed with the next card in one write
    try:
        while True:
            now = clock()
            card_id = session.next(now)
            if card_id is None:
                break
            view = ahead.view(card_id)
            screen, leech = card_screen(view, session, ahead.body(view))
            console.print(Group(*said, *screen))  # one write: what the last answer earned, the new card
            said.clear()
            # what answering needs loads once the first prompt is up, while the learner reads
            after_render = warm_up if first else None
            first = False
            outcome = ask(view, session, clock, console, shown_at=now, after_render=after_render, leech=leech,
                          ahead=ahead)
            if outcome == "undo":
                with _no_interrupt():
                    undone = session.undo()
                console.print(f"[yellow]↶ Took back your answer to the previous card{'' if undone else ' (none)'}.[/]")
                continue
            if isinstance(outcome, Outcome):
                said.append(Text(f"  ↳ {outcome.label}", style="dim"))
            said.append(Text(""))
    except (Stop, KeyboardInterrupt, EOFError):  # Ctrl-C outside a prompt lands here too
        said.append(Text(""))
    if said:
        console.print(Group(*said))
    return session.summary(clock())


class Ahead:
    """The next card, its question and its drawing, made while the learner rates this one.

    Which card comes next is a guess until the answer is in (a card may come due
    meanwhile), so what is made ahead is used only when the guess was right.
    """

    def __init__(self, session: Session, console: Console):
        self.session, self.console = session, console
        self._view: CardView | None = None
        self._question = None
        self._body: tuple[CardView, int, list] | None = None  # (card, width drawn at, segments)

    def view(self, card_id: str) -> CardView:
        if self._view is not None and self._view.id == card_id:
            return self._view
        self._view, self._question, self._body = self.session.view(card_id), None, None
        return self._view

    def question(self, view: CardView):
        if self._question is not None and self._view is view:
            question, self._question = self._question, None
            return question
        return question_for(view, self.session)

    def body(self, view: CardView) -> Segments:
        """The card's prompt and code as drawn for this terminal (syntax highlighting is slow)."""
        if self._body is None or self._body[0] is not view or self._body[1] != self.console.width:
            self._body = (view, self.console.width, list(self.console.render(card_body(view))))
        return Segments(self._body[2])

    def prepare(self, now: datetime) -> None:
        card_id = self.session.peek(now)
        if card_id is None:
            return
        view = self.view(card_id)
        if self._question is None:
            self._question = question_for(view, self.session)
        self.body(view)


def card_screen(view: CardView, session: Session, body=None) -> tuple[list, bool]:
    """What draws the card (progress, leech warning, prompt and code), and whether it is a leech."""
    new, learning, review = session.remaining()
    memory = session.memory(view.id)
    leech = memory is not None and memory.lapses >= LEECH_LAPSES
    screen: list = [
        Rule(Text(f"{view.lesson_title} › {view.section}", style="dim"), align="left", style="dim"),
        Text.assemble((f"Card {len(session.answered) + 1}", "bold"), "  ", ("left today:", "dim"), " ",
                      (f"{new} new", "blue"), " · ", (f"{learning} learning", "red"), " · ",
                      (f"{review} review", "green")),
        Text(""),
    ]
    if memory is not None and leech:
        screen.append(Text(f"⚑ A leech: you have forgotten this card {memory.lapses} times. Consider "
                           "rewriting it, or suspend it from the menu below.", style="magenta"))
    screen.append(body if body is not None else card_body(view))
    return screen, leech


def card_body(view: CardView) -> Group:
    """What the card asks: its prompt, and its code highlighted."""
    parts: list = [Text(view.prompt)]
    if view.code:
        parts.append(Syntax(view.code, "python", theme="ansi_dark", background_color="default", word_wrap=True))
    return Group(*parts)


def question_for(view: CardView, session: Session):
    """The questionary prompt that asks this card."""
    import questionary

    if view.form == "choice":
        options = list(view.choices)
        random.Random(f"{view.id}:{session.day_begins.date()}").shuffle(options)
        return questionary.select("Your answer:", choices=options, use_jk_keys=False,
                                  use_shortcuts=len(options) <= 9)
    if view.form == "typed":
        multiline = "\n" in view.answer
        return questionary.text(
            "What does it print?", multiline=multiline,
            instruction="(one line per printed line; Esc then Enter to finish)" if multiline else None)
    return questionary.press_any_key_to_continue("Recall it, then press any key to see the answer…")


def ask(view: CardView, session: Session, clock: Callable[[], datetime], console: Console,
        shown_at: datetime, after_render=None, leech: bool = False, ahead: Ahead | None = None) -> Outcome | str:
    """Ask one card; record the answer through the session. Returns the outcome or "undo"."""
    from recall.ui.prompts import ask as prompt

    answered = prompt(ahead.question(view) if ahead else question_for(view, session), after_render)
    answered_at = clock()
    with console:  # the verdict reaches the terminal in one write
        given, correct, extra = verdict(view, answered, console)
    duration_ms = max(0, int((answered_at - shown_at).total_seconds() * 1000))
    default = GOOD if correct in (True, None) else AGAIN
    idle = (lambda: ahead.prepare(clock())) if ahead else None
    choice, labels = rate(session, view.id, clock(), default, can_undo=bool(session.answered), extra=extra,
                          leech=leech, idle=idle)
    if choice == "undo":
        return "undo"
    if choice == "suspend":
        session.suspend(view.id)
        console.print(f"[magenta]Suspended. `recall unsuspend {view.id}` brings it back.[/]")
        return "suspended"
    label = labels[choice]
    if choice == "right":
        choice, correct = GOOD, True
    if correct is None:
        correct = choice > AGAIN
    with _no_interrupt():  # a Ctrl-C now waits until the answer is committed
        session.answer(view.id, choice, clock(), duration_ms=duration_ms, answer=given, correct=correct)
    return Outcome(choice, given, correct, label)


def verdict(view: CardView, answered, console: Console) -> tuple[str | None, bool | None, str | None]:
    """Show how the answer went; returns (the answer given, correct or None, the extra rating offered)."""
    if view.form == "choice":
        correct = answered == view.answer
        if correct:
            console.print("[green]✓ Correct.[/]")
        else:
            console.print(f"[red]✗ Not quite.[/] The answer is [bold]{escape(view.answer)}[/].")
        if view.explanation:
            console.print(Text(view.explanation, style="dim"))
        return answered, correct, None
    if view.form == "typed":
        from recall.grading import matches

        correct = matches(answered, view.answer)
        if correct:
            console.print("[green]✓ Right.[/]")
            if answered.strip() != view.answer.strip():
                console.print(Text(f"Python prints: {view.answer}", style="dim"))
        else:
            console.print("[red]✗ Not quite.[/]")
            console.print(Text("  you said:  ", style="dim") + Text(answered.strip() or "(nothing)"))
            console.print(Text("  it prints: ", style="dim") + Text(view.answer, style="bold"))
        return answered, correct, None if correct else "right"
    console.print(Text("Answer", style="dim"))
    console.print(Text(view.answer, style="bold"))
    if view.explanation:
        console.print(Text(view.explanation, style="dim"))
    return None, None, None


@contextmanager
def _no_interrupt():
    signals = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def rate(session: Session, card_id: str, now: datetime, default: int, *, can_undo: bool, extra: str | None,
         leech: bool = False, idle: Callable[[], None] | None = None):
    """The rating menu: each button shows the interval it would give, like Anki's.

    Returns what was picked and the label of each choice. The menu leaves the screen
    when answered (erasing is cheaper than drawing it answered); the loop prints the
    rating with the next card.
    """
    import questionary
    from questionary import Choice, Separator

    from recall.study.scheduling import short_interval
    from recall.ui.prompts import ask as _ask

    intervals = session.preview(card_id, now)
    choices: list = []
    if extra == "right":
        choices.append(Choice(f"I was right (a typo): Good · {short_interval(intervals[GOOD])}", "right",
                              shortcut_key="r"))
    choices += [Choice(f"{NAMES[r]} · {short_interval(intervals[r])}", r, shortcut_key=str(r))
                for r in (AGAIN, HARD, GOOD, EASY)]
    choices.append(Separator())
    if can_undo:
        choices.append(Choice("Undo the previous card", "undo", shortcut_key="u"))
    if leech:
        choices.append(Choice("Suspend this leech (no answer recorded)", "suspend", shortcut_key="s"))
    choices.append(Choice("Quit for now (answers so far are saved)", "quit", shortcut_key="q"))
    preselected = next(c for c in choices if isinstance(c, Choice) and c.value == default)
    picked = _ask(questionary.select("How well did you know it?", choices=choices, default=preselected,
                                     use_shortcuts=True, use_jk_keys=False, erase_when_done=True), idle=idle)
    if picked == "quit":
        raise Stop
    return picked, {c.value: c.title for c in choices if isinstance(c, Choice)}


def summary_lines(summary: Summary, now: datetime, tz) -> list[str]:
    from recall.ui.when import when

    lines = []
    if summary.reviewed:
        minutes, seconds = divmod(round(summary.time_ms / 1000), 60)
        accuracy = f"{summary.accuracy:.0%} correct" if summary.accuracy is not None else "no graded answers"
        lines.append(f"Reviewed {summary.reviewed} card{'s' if summary.reviewed != 1 else ''}: {accuracy}, "
                     f"{minutes}m {seconds:02d}s.")
        lines.append(f"Due by the end of tomorrow: {summary.due_tomorrow}.")
        if summary.left:
            lines.append(f"{summary.left} more card{'s' if summary.left != 1 else ''} waiting today.")
    elif summary.left:
        lines.append(f"No cards answered; {summary.left} still waiting today. Answers are saved as you go.")
    else:
        lines.append("Nothing is due right now.")
    if summary.next_due is not None and not summary.left:
        lines.append(f"Next card due {when(summary.next_due, now, tz)}.")
    elif not summary.reviewed:
        lines.append("No cards yet: add lessons or cards to decks/ (see `recall add --help`).")
    return lines
