"""`recall add`: cards of the learner's own."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import click

from recall.cli import Context, build_workspace, db_call, main, pass_ctx


@main.command()
@click.option("--deck", "-d", metavar="ID", help="The deck (lesson or cards file) to add to.")
@click.option("--new-deck", metavar="ID", help="Make a new deck file decks/ID.md (with --title) and add to it.")
@click.option("--title", metavar="TEXT", help="The title of the --new-deck.")
@click.option("--front", "-f", metavar="TEXT", help="The question (flip, choice and predict-the-output cards).")
@click.option("--back", "-b", metavar="TEXT", help="The answer of a flip card.")
@click.option("--cloze", metavar="TEXT", help='A cloze, hidden parts in double braces: "Use {{threading}} for I/O".')
@click.option("--choice", "choices", multiple=True, metavar="TEXT", help="An option of a choice card (repeat).")
@click.option("--correct", metavar="TEXT", help="The correct option (one of the --choice values).")
@click.option("--code", metavar="CODE", help="Code for a predict-the-output card (with --output).")
@click.option("--output", metavar="TEXT", help="What --code prints.")
@click.option("--explain", metavar="TEXT", help="An explanation shown after answering.")
@pass_ctx
def add(ctx: Context, deck, new_deck, title, front, back, cloze, choices, correct, code, output, explain) -> None:
    """Write a card of your own into a deck file, and sync it at once.

    Without card flags it asks step by step, checking each field as you hand it in,
    and offers to add another. With flags, one of:

    \b
      recall add --deck ID --front TEXT --back TEXT
      recall add --deck ID --cloze "Use {{threading}} for I/O-bound work"
      recall add --deck ID --front TEXT --choice A --choice B --correct B [--explain TEXT]
      recall add --deck ID --code "print(2 ** 10)" --output 1024 [--front TEXT]

    --new-deck ID --title TEXT instead of --deck makes the deck first; a question the
    deck has already is refused.
    """
    from recall.lessons.adding import AddError, deck_files, deck_id_problem

    ws = ctx.workspace
    decks = deck_files(ws)
    if new_deck and deck:
        raise click.UsageError("give --deck or --new-deck, not both")
    if title and not new_deck:
        raise click.UsageError("--title names a --new-deck")
    if new_deck:
        if not title or not title.strip():
            raise click.UsageError("--new-deck needs a --title")
        problem = deck_id_problem(ws, new_deck)
        if problem:
            raise click.ClickException(problem)
    if deck and deck not in decks:
        known = ", ".join(sorted(decks)) or "none yet"
        raise click.ClickException(f"no deck '{deck}' in {ws.decks} (decks: {known})")
    flags = any(v for v in (front, back, cloze, choices, correct, code, output))
    try:
        if not flags:
            _interactively(ws, decks, deck, (new_deck, title) if new_deck else None)
            return
        if not (deck or new_deck):
            raise click.UsageError("--deck (or --new-deck) is needed with card flags")
        card = _card_from_flags(front, back, cloze, choices, correct, code, output, explain)
        problem = _problem(ws, decks.get(deck or ""), card)
        if problem:
            raise AddError(problem)
        ok = _write(ws, decks, deck or new_deck, title if new_deck else None, card)
    except AddError as exc:
        raise click.ClickException(str(exc)) from None
    if not ok:
        sys.exit(1)


def _card_from_flags(front, back, cloze, choices, correct, code, output, explain):
    from recall.lessons.adding import AddError
    from recall.lessons.authored import Authored

    explain = (explain or "").strip()
    if cloze:
        if front or back or choices or code:
            raise click.UsageError("--cloze goes alone (with --explain at most)")
        return Authored(0, "cloze", cloze.strip(), "", explanation=explain)
    if choices or correct:
        if not front:
            raise click.UsageError("a choice card needs --front (the question)")
        if correct is None or correct not in choices:
            raise AddError("--correct must be one of the --choice values")
        return Authored(0, "choice", front.strip(), correct, tuple(c.strip() for c in choices), explain)
    if code or output:
        if not (code and output):
            raise click.UsageError("a predict-the-output card needs both --code and --output")
        return Authored(0, "typed", (front or "What does this code print?").strip(), output.strip("\n"),
                        explanation=explain, code=code.strip("\n"))
    if not (front and back):
        raise click.UsageError("a flip card needs --front and --back")
    return Authored(0, "flip", front.strip(), back.strip(), explanation=explain)


def _problem(ws, deck: tuple[Path, str] | None, card) -> str | None:
    """What is wrong with the card (as far as it is filled in), or None: it must read back as written,
    and ask something the deck does not ask already."""
    from recall.derive.ids import normalise
    from recall.lessons.adding import AddError, check_card, written

    try:
        check_card(card)
    except AddError as exc:
        return str(exc)
    if deck is None:
        return None
    path, _ = deck
    rel = ws.relative(path)
    same = [c for c in written(path, rel) if normalise(c.identity()) == normalise(card.identity())]
    if same:
        what = "this code and question" if card.code else "this question"
        return f"{rel}:{same[0].line} asks {what} already; reword it, or edit that card instead"
    return None


def _write(ws, decks, deck_id: str, title: str | None, card) -> bool:
    """Append the card (making the deck first when ``title`` is given), build, say where it went."""
    from recall.lessons.adding import append, check_card, new_deck

    text = check_card(card)
    path = new_deck(ws, deck_id, title) if title is not None else decks[deck_id][0]
    line = append(path, ws.relative(path), text)
    report = build_workspace(ws)
    added = db_call(_cards_at, ws, ws.relative(path), line)
    click.echo(f"Added to {ws.relative(path)}:{line}: " + ", ".join(added) if added else
               f"Added to {ws.relative(path)}:{line}.")
    return report.ok


def _interactively(ws, decks, deck: str | None, new: tuple[str, str] | None) -> None:
    """The form, card after card, each written as soon as it is confirmed."""
    from rich.console import Console

    from recall.lessons.adding import deck_files, deck_id_problem
    from recall.ui import add as form
    from recall.ui.stop import Stop

    if not sys.stdin.isatty():
        if new:  # nothing to ask: the deck alone
            _make_deck(ws, *new)
            return
        raise click.UsageError("no card flags given and no terminal to ask in; see `recall add --help`")
    console = Console(highlight=False)
    added = 0
    with form.held():
        try:
            if new:
                deck_id, title = new
            elif deck:
                deck_id, title = deck, None
            else:
                deck_id, title = form.choose_deck(decks, lambda d: deck_id_problem(ws, d))
            while True:
                card = form.fill_card(partial(_problem, ws, decks.get(deck_id) if title is None else None))
                form.draw_preview(card, console)
                if form.confirm("Add this card?", True):
                    ok = _write(ws, decks, deck_id, title, card)
                    added += 1
                    decks, title = deck_files(ws), None  # the deck exists now
                    if not ok:
                        sys.exit(1)
                else:
                    click.echo("Not added.")
                if not form.confirm(f"Add another card to {deck_id}?", False):
                    return
        except Stop:
            click.echo("Cancelled: nothing more was written." if added else "Cancelled: nothing was written.")
            sys.exit(1)


def _make_deck(ws, deck_id: str, title: str) -> None:
    from recall.lessons.adding import AddError, new_deck

    try:
        path = new_deck(ws, deck_id, title)
    except AddError as exc:
        raise click.ClickException(str(exc)) from None
    build_workspace(ws)
    click.echo(f"Made {ws.relative(path)}: the deck '{deck_id}', with no cards yet.")


def _cards_at(ws, file: str, line: int) -> list[str]:
    from recall.store.cards import authored_at
    from recall.store.database import Database

    with Database(ws) as db:
        return authored_at(db, file, line)
