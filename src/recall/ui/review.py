"""The review loop in a terminal: rich draws the card, one Prompter asks.

Every answer is committed by the session before the next card appears, so q, Esc,
Ctrl-C, Ctrl-D or a closed terminal loses at most the card on screen.
"""

from __future__ import annotations

import random
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.segment import Segments
from rich.text import Text

from recall.model import CardView
from recall.study.session import Session, Summary
from recall.study.stats import LEECH_LAPSES
from recall.ui import card as draw
from recall.ui.safe import visible_view
from recall.ui.stop import Stop

if TYPE_CHECKING:  # prompt_toolkit loads once the first card is on screen
    from recall.ui.prompts import Prompter

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}

# each line a prompt draws is short: a terminal that rewraps long lines on a resize leaves copies behind
REVEAL = "Recall the answer, then press any key"
REVEAL_HINT = "(q or Esc quits)"
#: on the prompts of a card's front, once a card was answered: the key that takes that answer back
UNDO_KEY, UNDO_HINT = "u", "u undoes the last"
TYPED = "What does it print? (Esc quits)"
TYPED_HAPPENS = "What happens? (Esc quits)"
TYPED_HINT = "(Enter checks · Ctrl-J: new line)"


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


class NoTerminal(Exception):
    """Cards to show, but no terminal to answer them in."""


def run(session: Session, clock: Callable[[], datetime], console: Console) -> Summary:
    """Show cards until none is left for now or the learner quits; return the summary."""
    ahead = Ahead(session, console)
    asks: Prompter | None = None
    said: list = []  # what the last answer earned, printed with the next card in one write
    try:
        while True:
            now = clock()
            card_id = session.next(now)
            if card_id is None:
                break
            if asks is None and not sys.stdin.isatty():
                raise NoTerminal("no terminal to review in (input comes from a file or a pipe): run `recall review` "
                                 "in a terminal; `recall status` shows what is due")
            view = ahead.view(card_id)
            memory = session.memory(card_id)
            screen = draw.heading(view, len(session.answered) + 1, session.remaining(), memory, LEECH_LAPSES)
            console.print(Group(*said, *screen, ahead.body(view)))  # one write: the last rating, the new card
            said.clear()
            first = asks is None
            if asks is None:  # the prompt library loads once the first card is on screen
                asks = _prompter()
            outcome = ask(view, session, clock, console, asks, shown_at=now,
                          leech=memory is not None and memory.lapses >= LEECH_LAPSES, ahead=ahead,
                          idle=warm_up if first else None)
            if outcome == "undo":
                with _no_interrupt():
                    undone = session.undo()
                console.print(Text(f"↶ Took back your answer to the previous card{'' if undone else ' (none)'}.",
                                   style="yellow"))
                continue
            if isinstance(outcome, Outcome):
                said.append(Text(f"  ↳ {outcome.label}", style="dim"))
            said.append(Text(""))
    except (Stop, KeyboardInterrupt, EOFError):  # a signal outside a prompt lands here too
        said.append(Text(""))
    finally:
        if asks is not None:
            asks.close()
    if said:
        console.print(Group(*said))
    return session.summary(clock())


def _prompter() -> Prompter:
    from recall.ui.prompts import Prompter

    return Prompter()


class Ahead:
    """The next card and its drawing, made while the learner rates this one.

    Which card comes next is a guess until the answer is in (a card may come due
    meanwhile), so what is made ahead is used only when the guess was right.
    """

    def __init__(self, session: Session, console: Console):
        self.session, self.console = session, console
        self._view: CardView | None = None
        self._body: tuple[CardView, int, list] | None = None  # (card, width drawn at, segments)

    def view(self, card_id: str) -> CardView:
        """The card with its lesson text made safe to print."""
        if self._view is None or self._view.id != card_id:
            self._view, self._body = visible_view(self.session.view(card_id)), None
        return self._view

    def body(self, view: CardView) -> Segments:
        """The card's prompt and code as drawn for this terminal (syntax highlighting is slow)."""
        if self._body is None or self._body[0] is not view or self._body[1] != self.console.width:
            self._body = (view, self.console.width, list(self.console.render(draw.body(view))))
        return Segments(self._body[2])

    def prepare(self, now: datetime) -> None:
        card_id = self.session.peek(now)
        if card_id is not None:
            self.body(self.view(card_id))


def ask(view: CardView, session: Session, clock: Callable[[], datetime], console: Console, asks: Prompter, *,
        shown_at: datetime, leech: bool = False, ahead: Ahead | None = None,
        idle: Callable[[], None] | None = None) -> Outcome | str:
    """Ask one card; record the answer through the session. Returns the outcome, "undo" or "suspended"."""
    try:
        given, correct, extra = question(view, console, asks, shown_at, idle, can_undo=bool(session.answered))
    except _Undo:
        return "undo"
    duration_ms = max(0, int((clock() - shown_at).total_seconds() * 1000))
    default = GOOD if correct in (True, None) else AGAIN
    prepare = (lambda: ahead.prepare(clock())) if ahead else None
    choice, labels = rate(session, view.id, clock(), default, asks, can_undo=bool(session.answered), extra=extra,
                          leech=leech, idle=prepare)
    if choice == "undo":
        return "undo"
    if choice == "suspend":
        session.suspend(view.id)
        console.print(Text(f"Suspended. `recall unsuspend {view.id}` brings it back.", style="magenta"))
        return "suspended"
    label = labels[choice]
    if choice == "right":
        choice, correct = GOOD, True
    if correct is None:
        correct = choice > AGAIN
    with _no_interrupt():  # a signal now waits until the answer is committed
        session.answer(view.id, choice, clock(), duration_ms=duration_ms, answer=given, correct=correct)
    return Outcome(choice, given, correct, label)


class _Undo(Exception):
    """The learner asked, on a card's front, to take back the previous answer."""


def question(view: CardView, console: Console, asks: Prompter, shown_at: datetime,
             idle: Callable[[], None] | None, can_undo: bool = False) -> tuple[str | None, bool | None, str | None]:
    """Ask the card in its way and show how it went: (the answer given, right or None, the extra rating).

    With ``can_undo``, ``u`` on a flip card's front or in a choice card's options raises _Undo
    (a typed answer takes ``u`` as text).
    """
    from recall.ui.prompts import Option

    undo = {UNDO_KEY: _Undo} if can_undo else {}
    also = f" · {UNDO_HINT}" if can_undo else ""
    if view.form == "choice":
        options = shuffled(view, shown_at)
        keyed = len(options) <= 9
        picked = asks.choose("Your answer:", [Option(o, o, str(n) if keyed else None)
                                              for n, o in enumerate(options, 1)],
                             hint=f"(1-{len(options)} picks · ↑↓ then Enter{also} · q quits)" if keyed
                             else f"(↑↓ then Enter{also} · q quits)", idle=idle, keys=undo)
        if picked is _Undo:
            raise _Undo
        correct = picked == view.answer
        with console:  # the verdict reaches the terminal in one write
            if correct:
                console.print(Text.assemble(("✓ Correct: ", "green"), (picked, "bold")))
            else:
                console.print(Text.assemble(("✗ Not quite. ", "red"), "You picked ", picked, "; the answer is ",
                                            (view.answer, "bold"), "."))
            if view.explanation:
                console.print(Text(view.explanation, style="dim"))
        return picked, correct, None
    if view.form == "typed":
        from recall.grading import matches

        happens = view.prompt.startswith("What happens")  # an exception, not printed output
        given = asks.type_answer(TYPED_HAPPENS if happens else TYPED, TYPED_HINT, idle=idle)
        correct = matches(given, view.answer, raised=happens)
        with console:
            if correct:
                console.print(Text("✓ Right.", style="green"))
                if given.strip() != view.answer.strip():
                    console.print(Text(f"Exactly: {view.answer}", style="dim"))
            else:
                console.print(Text("✗ Not quite.", style="red"))
                console.print(Text("  you said:  ", style="dim") + _aligned(given.strip() or "(nothing)", 13))
                console.print(Text("  it raises: " if happens else "  it prints: ", style="dim")
                              + _aligned(view.answer, 13, "bold"))
            if view.explanation:
                console.print(Text(view.explanation, style="dim"))
        return given, correct, "right" if not correct and given.strip() else None
    if asks.reveal(REVEAL, f"({UNDO_HINT} · q or Esc quits)" if can_undo else REVEAL_HINT, idle=idle,
                   keys=undo) is _Undo:
        raise _Undo
    console.print(draw.answer(view))
    return None, None, None


def shuffled(view: CardView, shown_at: datetime) -> list[str]:
    """The options in a new order each time the card is shown (the same order for the same moment)."""
    options = list(view.choices)
    random.Random(f"{view.id}:{shown_at.isoformat()}").shuffle(options)
    return options


def rate(session: Session, card_id: str, now: datetime, default: int, asks: Prompter, *, can_undo: bool,
         extra: str | None, leech: bool = False, idle: Callable[[], None] | None = None):
    """The rating menu: each button shows the interval it would give, like Anki's; one key rates.

    Returns what was picked and the label of each choice. The menu leaves the screen
    when answered; the loop prints the rating with the next card.
    """
    from recall.study.scheduling import short_interval
    from recall.ui.prompts import SEPARATOR, Option

    intervals = session.preview(card_id, now)
    options: list[Option] = []
    if extra == "right":
        options.append(Option(f"I was right (a typo): Good · {short_interval(intervals[GOOD])}", "right", "r"))
    options += [Option(f"{NAMES[r]} · {short_interval(intervals[r])}", r, str(r)) for r in (AGAIN, HARD, GOOD, EASY)]
    options.append(SEPARATOR)
    if can_undo:
        options.append(Option("Undo the previous card", "undo", "u"))
    if leech:
        options.append(Option("Suspend this leech", "suspend", "s"))
    options.append(Option("Quit (answers are saved)", "quit", "q"))
    preselected = next(n for n, o in enumerate(options) if o.value == default)
    picked = asks.choose("How well did you know it?", options, default=preselected,
                         hint=f"(a key rates · Enter or Space: {NAMES[default]})", idle=idle)
    if picked == "quit":
        raise Stop
    return picked, {o.value: o.label for o in options if o is not SEPARATOR}


@contextmanager
def _no_interrupt() -> Iterator[None]:
    signals = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _aligned(text: str, indent: int, style: str = "") -> Text:
    """``text`` whose later lines start under its first, ``indent`` columns in (a multi-line answer)."""
    return Text(text.replace("\n", "\n" + " " * indent), style=style)
