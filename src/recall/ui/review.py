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

from rich.console import Console
from rich.markup import escape
from rich.syntax import Syntax
from rich.text import Text

from recall.db.queue import CardView, card
from recall.db.queue import memory as memory_of
from recall.session import Session, Summary
from recall.stats import LEECH_LAPSES
from recall.ui.stop import Stop

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}


@dataclass(frozen=True)
class Outcome:
    rating: int
    answer: str | None
    correct: bool | None


def warm_up() -> None:
    """Import what answering needs (SQLAlchemy, fsrs) while the learner reads the first card."""

    def load() -> None:
        import recall.db.reviews  # noqa: F401
        import recall.scheduling  # noqa: F401

    threading.Thread(target=load, daemon=True).start()


def run(session: Session, clock: Callable[[], datetime], console: Console) -> Summary:
    """Show cards until none is left for now or the learner quits; return the summary."""
    first = True
    try:
        while True:
            now = clock()
            card_id = session.next(now)
            if card_id is None:
                break
            view = card(session.db.con, card_id)
            leech = show(view, session, console)
            # what answering needs loads once the first prompt is up, while the learner reads
            after_render = warm_up if first else None
            first = False
            if ask(view, session, clock, console, shown_at=now, after_render=after_render, leech=leech) == "undo":
                with _no_interrupt():
                    undone = session.undo()
                console.print(f"[yellow]↶ Took back your answer to the previous card{'' if undone else ' (none)'}.[/]")
                continue
            console.print()
    except (Stop, KeyboardInterrupt, EOFError):  # Ctrl-C outside a prompt lands here too
        console.print()
    return session.summary(clock())


def show(view: CardView, session: Session, console: Console) -> bool:
    """Draw the card; returns whether it is a leech."""
    new, learning, review = session.remaining()
    done = len(session.answered)
    console.rule(Text(f"{view.lesson_title} › {view.section}", style="dim"), align="left", style="dim")
    console.print(f"[bold]Card {done + 1}[/]  [dim]left today:[/] [blue]{new} new[/] · "
                  f"[red]{learning} learning[/] · [green]{review} review[/]")
    console.print()
    memory = memory_of(session.db.con, view.id)
    leech = memory is not None and memory.lapses >= LEECH_LAPSES
    if leech:
        console.print(f"[magenta]⚑ A leech: you have forgotten this card {memory.lapses} times. Consider "
                      "rewriting it, or suspend it from the menu below.[/]")
    console.print(Text(view.prompt))
    if view.code:
        console.print(Syntax(view.code, "python", theme="ansi_dark", background_color="default", word_wrap=True))
    return leech


def ask(view: CardView, session: Session, clock: Callable[[], datetime], console: Console,
        shown_at: datetime, after_render=None, leech: bool = False) -> Outcome | str:
    """Ask one card; record the answer through the session. Returns the outcome or "undo"."""
    import questionary

    from recall.ui.prompts import ask as prompt

    def _ask(question):
        return prompt(question, after_render)

    if view.form == "choice":
        options = list(view.choices)
        random.Random(f"{view.id}:{session.day_begins.date()}").shuffle(options)
        picked = _ask(questionary.select("Your answer:", choices=options, use_jk_keys=False,
                                         use_shortcuts=len(options) <= 9))
        correct = picked == view.answer
        answered_at = clock()
        if correct:
            console.print("[green]✓ Correct.[/]")
        else:
            console.print(f"[red]✗ Not quite.[/] The answer is [bold]{escape(view.answer)}[/].")
        if view.explanation:
            console.print(Text(view.explanation, style="dim"))
        given, extra = picked, None
    elif view.form == "typed":
        multiline = "\n" in view.answer
        given = _ask(questionary.text(
            "What does it print?", multiline=multiline,
            instruction="(one line per printed line; Esc then Enter to finish)" if multiline else None))
        answered_at = clock()
        from recall.grading import matches

        correct = matches(given, view.answer)
        if correct:
            console.print("[green]✓ Right.[/]")
            if given.strip() != view.answer.strip():
                console.print(Text(f"Python prints: {view.answer}", style="dim"))
        else:
            console.print("[red]✗ Not quite.[/]")
            console.print(Text("  you said:  ", style="dim") + Text(given.strip() or "(nothing)"))
            console.print(Text("  it prints: ", style="dim") + Text(view.answer, style="bold"))
        extra = None if correct else "right"
    else:
        _ask(questionary.press_any_key_to_continue("Recall it, then press any key to see the answer…"))
        answered_at = clock()
        console.print(Text("Answer", style="dim"))
        console.print(Text(view.answer, style="bold"))
        if view.explanation:
            console.print(Text(view.explanation, style="dim"))
        given, correct, extra = None, None, None
    duration_ms = max(0, int((answered_at - shown_at).total_seconds() * 1000))
    default = GOOD if correct in (True, None) else AGAIN
    choice = rate(session, view.id, clock(), default, can_undo=bool(session.answered), extra=extra, leech=leech)
    if choice == "undo":
        return "undo"
    if choice == "suspend":
        from recall.db.suspend import set_suspended

        set_suspended(session.db, view.id, True)
        session.set_aside()
        console.print(f"[magenta]Suspended. `recall unsuspend {view.id}` brings it back.[/]")
        return "suspended"
    if choice == "right":
        choice, correct = GOOD, True
    if correct is None:
        correct = choice > AGAIN
    with _no_interrupt():  # a Ctrl-C now waits until the answer is committed
        session.answer(view.id, choice, clock(), duration_ms=duration_ms, answer=given, correct=correct)
    return Outcome(choice, given, correct)


@contextmanager
def _no_interrupt():
    signals = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def rate(session: Session, card_id: str, now: datetime, default: int, *, can_undo: bool, extra: str | None,
         leech: bool = False):
    """The rating menu: each button shows the interval it would give, like Anki's."""
    import questionary
    from questionary import Choice, Separator

    from recall.scheduling import short_interval
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
    picked = _ask(questionary.select("How well did you know it?", choices=choices, default=default,
                                     use_shortcuts=True, use_jk_keys=False))
    if picked == "quit":
        raise Stop
    return picked


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
